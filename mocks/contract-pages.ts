import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContractOperation, OpenApiDocument, OpenApiResponse } from './contracts/contract.ts';
import { code, codeBlock, escapeText, prose, table } from './contracts/markdown.ts';
import { exampleFor, expandRefs } from './contracts/schema-example.ts';
import { vendorContracts } from './vendor-contracts.ts';

/** One call a scenario made, with where the scenario and its Rule are on the policy pages. */
export interface ScenarioUse {
  vendor: string;
  operation: string;
  status: string;
  /** The vendor's refusal code inside the answer, when it sent one (PortOne: `200` with `code` 1). */
  code?: string;
  /** The scenario's section (`../policies/refund/one-refund-per-order.md#scenario-…`) and its title. */
  scenario: { title: string; link: string };
  /** The Rule's section, or the feature's page for scenarios outside a Rule. */
  rule: { title: string; link: string };
}

/** The heading id of an operation on its vendor's page. */
export const operationAnchor = (operationId: string): string =>
  `op-${operationId.replace(/[^A-Za-z0-9_-]/g, '-').toLowerCase()}`;

/** Links a recorded vendor call to its operation's section, for the policy pages (undefined: not a contract operation). */
export function contractLink(): (call: { vendor: string; operationId?: string }) => string | undefined {
  const known = new Set(
    vendorContracts.flatMap((vendor) => vendor.contract.operations.map((op) => `${vendor.name} ${op.id}`)),
  );
  return (call) =>
    call.operationId && known.has(`${call.vendor} ${call.operationId}`)
      ? `/contracts/${call.vendor}#${operationAnchor(call.operationId)}`
      : undefined;
}

/**
 * Writes one Markdown page per mocked vendor into `outDir` (`<vendor>.md`): its operations with parameters,
 * request and response schemas and examples, its fault modes, a matrix of the Rules that call it by operation
 * (with the status codes seen), the scenarios exercising each operation, and the operations and documented
 * status codes no scenario exercises. Returns the files written.
 */
export async function renderContractPages(outDir: string, uses: readonly ScenarioUse[]): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const vendor of vendorContracts) {
    const file = join(outDir, `${vendor.name}.md`);
    const ofVendor = uses.filter((use) => use.vendor === vendor.name);
    await writeFile(
      file,
      renderVendorPage(
        vendor.name,
        vendor.contract.document,
        vendor.contract.operations,
        vendor.faultModes,
        ofVendor,
        vendor.contract.options.refusalCode !== undefined,
      ),
    );
    written.push(file);
  }
  return written;
}

function renderVendorPage(
  vendor: string,
  document: OpenApiDocument,
  operations: ContractOperation[],
  faultModes: Record<string, string>,
  uses: readonly ScenarioUse[],
  refusesInBody: boolean,
): string {
  const usesOf = (operation: ContractOperation) => uses.filter((use) => use.operation === operation.label);
  const scenariosOf = (operation: ContractOperation) => unique(usesOf(operation).map((use) => use.scenario));
  const unexercised = operations.filter((operation) => usesOf(operation).length === 0);
  const unseenAnswers = operations.flatMap((operation) => {
    const missing = documentedAnswers(document, operation, refusesInBody).filter(
      (answer) => !usesOf(operation).some(answer.seenIn),
    );
    return usesOf(operation).length > 0 && missing.length > 0
      ? [`- ${operationRef(operation)}: ${missing.map((answer) => answer.label).join(', ')}`]
      : [];
  });
  const sections = [
    `---\ntitle: ${JSON.stringify(document.info.title)}\ndescription: ${JSON.stringify(
      `The contract the ${vendor} mock is held to: its operations, fault modes, and the Rules and scenarios that call it.`,
    )}\n---`,
    `# ${prose(document.info.title)}`,
    prose(document.info.description),
    `Contract: ${code(`mocks/${vendor}/contract.openapi.json`)} (version ${code(document.info.version)}), base URL ${code(document.servers[0]?.url ?? '')}. ` +
      'Every request the platform sends to this mock and every answer it gets are checked against it on each run.',
    '## Operations',
    table(
      ['operation', 'what it does', 'scenarios'],
      operations.map((op) => [operationRef(op), prose(op.spec.summary), String(scenariosOf(op).length)]),
    ),
    '## Rules that call this vendor',
    rulesMatrix(operations, uses),
    refusesInBody
      ? `This vendor refuses inside a successful answer: HTTP ${code('200')} with a non-zero ${code('code')} in the body (its ${code('message')} says why). The table above shows such an answer as the vendor sends it, ${code('200 code 1')}; ${code('200')} alone is a success.`
      : '',
    ...operations.map((operation) => renderOperation(document, operation, scenariosOf(operation))),
    '## Fault modes',
    'A scenario that needs a misbehaving vendor says so in a Given step, which installs one of these with ' +
      `${code(`server.use(...${camel(vendor)}.faults.<name>())`)}.`,
    table(
      ['fault mode', 'what happens'],
      Object.entries(faultModes).map(([name, description]) => [code(name), prose(description)]),
    ),
    '## Operations no scenario exercises',
    unexercised.length
      ? unexercised.map((op) => `- ${operationRef(op)} (${code(op.id)})`).join('\n')
      : 'Every operation is exercised by at least one scenario.',
    '## Documented answers no scenario sees',
    unseenAnswers.length
      ? `Answers the contract documents for an exercised operation that no scenario of the run received:\n\n${unseenAnswers.join('\n')}`
      : 'Every answer the contract documents for an exercised operation is received by at least one scenario.',
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

/** Rules × operations: the status codes each Rule's scenarios received, linked to the Rule and the operation. */
function rulesMatrix(operations: ContractOperation[], uses: readonly ScenarioUse[]): string {
  const rules = unique(uses.map((use) => use.rule));
  if (rules.length === 0) return 'No scenario of the last run called this vendor.';
  const rows = rules.map((rule) => [
    `[${escapeText(rule.title)}](${rule.link})`,
    ...operations.map((operation) => {
      const statuses = [
        ...new Set(
          uses.filter((use) => use.rule.link === rule.link && use.operation === operation.label).map(answerOf),
        ),
      ].sort();
      return statuses.map(code).join(' ') || ' ';
    }),
  ]);
  return table(['Rule', ...operations.map(operationRef)], rows);
}

/** An answer as the vendor sent it: `200`, or `200 code 1` for a refusal inside a 200. */
const answerOf = (use: ScenarioUse): string => (use.code === undefined ? use.status : `${use.status} code ${use.code}`);

/**
 * The answers the contract documents for an operation: each status; for a vendor that refuses inside a
 * successful answer, a status with a body is two answers, the success and a refusal (any non-zero code).
 */
function documentedAnswers(
  document: OpenApiDocument,
  operation: ContractOperation,
  refusesInBody: boolean,
): { label: string; seenIn: (use: ScenarioUse) => boolean }[] {
  return Object.entries(operation.spec.responses).flatMap(([status, response]) => {
    if (status === 'default') return [];
    const withBody = Object.keys(resolveResponse(document, response).content ?? {}).length > 0;
    if (!refusesInBody || !withBody) return [{ label: code(status), seenIn: (use) => use.status === status }];
    return [
      { label: code(status), seenIn: (use) => use.status === status && use.code === undefined },
      {
        label: `${code(status)} with a non-zero ${code('code')} (a refusal)`,
        seenIn: (use) => use.status === status && use.code !== undefined,
      },
    ];
  });
}

function operationRef(operation: ContractOperation): string {
  return `[${code(operation.label)}](#${operationAnchor(operation.id)})`;
}

function unique<T extends { link: string }>(items: readonly T[]): T[] {
  return [...new Map(items.map((item) => [item.link, item])).values()];
}

function renderOperation(
  document: OpenApiDocument,
  operation: ContractOperation,
  scenarios: { title: string; link: string }[],
): string {
  const { spec } = operation;
  const parts = [
    `### ${code(operation.label)} {#${operationAnchor(operation.id)}}`,
    `Operation id ${code(operation.id)}. ${prose(spec.summary)}`,
  ];
  if (spec.description && spec.description !== spec.summary) parts.push(prose(spec.description));
  const parameters = (spec.parameters ?? []).map((p) => [
    code(p.name),
    p.in,
    p.required ? 'yes' : 'no',
    code(schemaType(p.schema)),
  ]);
  if (parameters.length) parts.push('**Parameters**', table(['name', 'in', 'required', 'type'], parameters));
  for (const [mediaType, content] of Object.entries(spec.requestBody?.content ?? {})) {
    parts.push(`**Request body** (${code(mediaType)})`, ...schemaAndExample(document, content));
  }
  for (const [status, response] of Object.entries(spec.responses)) {
    const resolved = resolveResponse(document, response);
    parts.push(`**Response ${status}**: ${prose(resolved.description)}`);
    const headers = Object.entries(resolved.headers ?? {}).map(
      ([name, header]) => `${code(name)}${header.required ? ' (required)' : ''}`,
    );
    if (headers.length) parts.push(`Headers: ${headers.join(', ')}`);
    for (const [mediaType, content] of Object.entries(resolved.content ?? {})) {
      parts.push(`Body (${code(mediaType)}):`, ...schemaAndExample(document, content));
    }
  }
  parts.push(
    scenarios.length
      ? `**Exercised by**\n\n${scenarios.map((scenario) => `- [${escapeText(scenario.title)}](${scenario.link})`).join('\n')}`
      : '**Exercised by**: no scenario yet.',
  );
  return parts.join('\n\n');
}

function schemaAndExample(document: OpenApiDocument, content: { schema?: unknown; example?: unknown }): string[] {
  if (!content.schema) return [];
  const example = content.example ?? exampleFor(document, content.schema);
  return [
    codeBlock('json', JSON.stringify(expandRefs(document, content.schema), null, 2)),
    'Example:',
    typeof example === 'string' ? codeBlock('text', example) : codeBlock('json', JSON.stringify(example, null, 2)),
  ];
}

function resolveResponse(document: OpenApiDocument, response: OpenApiResponse & { $ref?: string }): OpenApiResponse {
  if (!response.$ref) return response;
  return document.components?.responses?.[response.$ref.replace('#/components/responses/', '')] ?? response;
}

function schemaType(schema: unknown): string {
  const s = schema as { type?: string; enum?: unknown[] } | undefined;
  return s?.enum ? s.enum.map(String).join(' | ') : (s?.type ?? 'any');
}

const camel = (name: string): string => name.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
