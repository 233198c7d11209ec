/**
 * Checks a live vendor (or sandbox) against our contract: sends the safe probes of scripts/contracts-verify-probes.ts
 * and validates each request and answer, printing one verdict per operation. Exits 1 on any violation, 2 on
 * bad usage or missing credentials.
 *
 *   tsx scripts/contracts-verify.ts --vendor portone --base-url https://api.iamport.kr
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { decode } from '../mocks/contracts/enforcement.ts';
import type { Contract } from '../mocks/contracts/contract.ts';
import { vendorContracts } from '../mocks/vendor-contracts.ts';
import { vendorProbes, type Probe, type ProbeExchange, type ProbeRequest } from './contracts-verify-probes.ts';

export interface Verdict {
  operation: string;
  outcome: 'conforms' | 'violates' | 'not probed';
  detail: string;
}

export async function verifyVendor(vendor: string, baseUrl: string, env: NodeJS.ProcessEnv): Promise<Verdict[]> {
  const contract = vendorContracts.find((known) => known.name === vendor)?.contract;
  const plan = vendorProbes[vendor];
  if (!contract || !plan)
    throw new UsageError(`no probes for vendor '${vendor}' (have: ${Object.keys(vendorProbes).join(', ')})`);
  const missing = plan.requiredEnv.filter((name) => !env[name]);
  if (missing.length > 0) throw new UsageError(`set ${missing.join(', ')} to verify ${vendor}`);
  const remembered: Record<string, string> = {};
  const verdicts: Verdict[] = [];
  for (const probe of plan.probes) {
    verdicts.push(await runProbe(contract, baseUrl.replace(/\/$/, ''), probe, env, remembered));
  }
  const probed = new Set(plan.probes.map((probe) => probe.operationId));
  for (const operation of contract.operations.filter((op) => !probed.has(op.id))) {
    verdicts.push({ operation: `${operation.label} (${operation.id})`, outcome: 'not probed', detail: plan.skipped });
  }
  return verdicts;
}

async function runProbe(
  contract: Contract,
  baseUrl: string,
  probe: Probe,
  env: NodeJS.ProcessEnv,
  remembered: Record<string, string>,
): Promise<Verdict> {
  let exchange: ProbeExchange;
  try {
    exchange =
      'exchange' in probe ? await probe.exchange(baseUrl, env) : await send(baseUrl, probe.request(env, remembered));
  } catch (error) {
    return {
      operation: probe.operationId,
      outcome: 'violates',
      detail: `no answer: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const { request: sent, response } = exchange;
  const url = new URL(`${baseUrl}${sent.path}`);
  const matched = contract.matchPath(
    sent.method,
    url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, '').length),
  );
  const operation = matched ? `${matched.operation.label} (${matched.operation.id})` : `${sent.method} ${sent.path}`;
  if (!matched || matched.operation.id !== probe.operationId) {
    return {
      operation,
      outcome: 'violates',
      detail: `the probe for ${probe.operationId} matches no such operation in the contract`,
    };
  }
  const headers = new Headers(sent.headers);
  const problems = contract.checkRequest(matched.operation, {
    headers,
    query: url.searchParams,
    pathParams: matched.pathParams,
    contentType: headers.get('content-type') ?? undefined,
    body: sent.json,
  });
  const decoded = await decode(response);
  problems.push(...(decoded.problem ? [decoded.problem] : []));
  problems.push(
    ...contract.checkResponse(matched.operation, { ...decoded, headers: response.headers, status: response.status }),
  );
  if (problems.length === 0 && 'remember' in probe) probe.remember?.(decoded.body, remembered);
  return {
    operation,
    outcome: problems.length ? 'violates' : 'conforms',
    detail: [`answered ${response.status}`, ...problems].join('; '),
  };
}

async function send(baseUrl: string, sent: ProbeRequest): Promise<ProbeExchange> {
  const body = sent.json === undefined ? undefined : JSON.stringify(sent.json);
  const response = await fetch(`${baseUrl}${sent.path}`, {
    method: sent.method,
    headers: sent.headers,
    body,
    signal: AbortSignal.timeout(15_000),
  });
  return { request: sent, response };
}

class UsageError extends Error {}

const marks: Record<Verdict['outcome'], string> = { conforms: 'ok  ', violates: 'FAIL', 'not probed': 'skip' };

/** The command on its arguments: one line per verdict through `log` (usage errors through `warn`); its exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  log = console.log,
  warn = console.error,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { vendor: { type: 'string' }, 'base-url': { type: 'string' } } });
  if (!values.vendor || !values['base-url']) {
    warn(`usage: contracts-verify --vendor <${Object.keys(vendorProbes).join('|')}> --base-url <url>`);
    return 2;
  }
  try {
    const verdicts = await verifyVendor(values.vendor, values['base-url'], env);
    log(`${values.vendor} against ${values['base-url']}:`);
    for (const verdict of verdicts) log(`  ${marks[verdict.outcome]} ${verdict.operation}: ${verdict.detail}`);
    const failed = verdicts.filter((verdict) => verdict.outcome === 'violates').length;
    log(failed ? `${failed} operation(s) do not match the contract` : 'every probed operation matches the contract');
    return failed ? 1 : 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(error.message);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  process.exit(await main(process.argv.slice(2), process.env));
