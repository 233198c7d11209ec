/**
 * Derives mocks/portone/contract.openapi.json from PortOne's own Swagger 2.0 spec: converts it to OpenAPI 3
 * with swagger2openapi, keeps the operations the platform uses and the schemas they reference, and applies a
 * short, named list of corrections where the vendor's spec contradicts the vendor's API.
 *
 *   tsx scripts/contracts-derive-portone.ts            writes the contract
 *   tsx scripts/contracts-derive-portone.ts --check    exits 1 if the committed contract is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import swagger2openapi from 'swagger2openapi';

export const vendorSpecPath = fileURLToPath(
  new URL('../mocks/portone/vendor-spec/portone-v1.swagger.json', import.meta.url),
);
export const contractPath = fileURLToPath(new URL('../mocks/portone/contract.openapi.json', import.meta.url));

/** The operations the platform uses: path → methods. */
const keptOperations: Record<string, string[]> = {
  '/users/getToken': ['post'],
  '/payments/{imp_uid}': ['get'],
  '/payments/prepare': ['post'],
  '/payments/prepare/{merchant_uid}': ['get'],
  '/payments/cancel': ['post'],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns a copy without `x-portone-*` extensions (long per-PG HTML notes) and with each string `maxLength` as a number. */
function clean(value: Json): Json {
  if (Array.isArray(value)) return value.map(clean);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('x-portone')) continue;
    // Correction 1: the vendor writes some maxLength values as strings ("32"); JSON Schema needs integers.
    out[key] = key === 'maxLength' && typeof child === 'string' ? Number(child) : clean(child);
  }
  return out;
}

function referencedSchemas(value: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => referencedSchemas(item, found));
  else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.add(child.replace('#/components/schemas/', ''));
      else referencedSchemas(child, found);
    }
  }
  return found;
}

/** Correction 2: the spec's `consumes` lists JSON, but the conversion keeps only the form encoding. */
function acceptJsonBodies(paths: JsonObject): void {
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item as JsonObject)) {
      const body = isObject(operation) ? operation.requestBody : undefined;
      const form =
        isObject(body) && isObject(body.content) ? body.content['application/x-www-form-urlencoded'] : undefined;
      if (isObject(body) && form)
        body.content = { 'application/json': form, 'application/x-www-form-urlencoded': form };
    }
  }
}

/** Corrections 3 and 4: where the spec disagrees with what the API answers. */
function correct(schemas: JsonObject): void {
  const prepare = schemas.PaymentPrepareAnnotation;
  // The spec requires paging fields (total, previous, next) this object does not have.
  if (isObject(prepare)) prepare.required = ['merchant_uid', 'amount'];
  // Every answer carries the envelope; `message` is null on success and `response` is null on failure.
  const envelope = schemas.ResponseAnnotation;
  if (isObject(envelope) && isObject(envelope.properties) && isObject(envelope.properties.message)) {
    envelope.required = ['code', 'message'];
    envelope.properties.message.nullable = true;
  }
  for (const schema of Object.values(schemas)) {
    if (!isObject(schema) || !Array.isArray(schema.allOf)) continue;
    const response = schema.allOf.find(
      (part) => isObject(part) && isObject(part.properties) && part.properties.response,
    );
    if (isObject(response) && isObject(response.properties) && isObject(response.properties.response)) {
      response.properties.response = { type: 'object', nullable: true, allOf: [response.properties.response] };
      response.required = ['response'];
    }
  }
}

export async function derivePortoneContract(swagger: object): Promise<JsonObject> {
  const { openapi } = await swagger2openapi.convertObj(swagger, { patch: true, warnOnly: true });
  const converted = clean(openapi as Json) as JsonObject;
  const allPaths = converted.paths as JsonObject;
  const paths: JsonObject = {};
  for (const [path, methods] of Object.entries(keptOperations)) {
    const item = allPaths[path] as JsonObject;
    paths[path] = Object.fromEntries(methods.map((method) => [method, item[method] as Json]));
  }
  const allSchemas = (converted.components as JsonObject).schemas as JsonObject;
  const kept = new Set<string>();
  let frontier = referencedSchemas(paths);
  while (frontier.size > 0) {
    const next = new Set<string>();
    for (const name of frontier) {
      if (kept.has(name)) continue;
      kept.add(name);
      referencedSchemas(allSchemas[name] ?? null, next);
    }
    frontier = next;
  }
  const schemas = Object.fromEntries([...kept].sort().map((name) => [name, allSchemas[name] ?? null]));
  acceptJsonBodies(paths);
  correct(schemas);
  return {
    openapi: converted.openapi ?? '3.0.0',
    info: { ...(converted.info as JsonObject), 'x-derived-from': 'mocks/portone/vendor-spec/portone-v1.swagger.json' },
    servers: [{ url: 'https://api.iamport.kr' }],
    paths,
    components: { schemas },
  };
}

export async function renderPortoneContract(): Promise<string> {
  const swagger = JSON.parse(await readFile(vendorSpecPath, 'utf8')) as object;
  return `${JSON.stringify(await derivePortoneContract(swagger), null, 2)}\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const derived = await renderPortoneContract();
  if (process.argv.includes('--check')) {
    const committed = await readFile(contractPath, 'utf8');
    if (committed !== derived) {
      console.error('mocks/portone/contract.openapi.json is out of date: run tsx scripts/contracts-derive-portone.ts');
      process.exit(1);
    }
    console.log('mocks/portone/contract.openapi.json matches the vendor spec');
  } else {
    await writeFile(contractPath, derived);
    console.log(`wrote ${contractPath}`);
  }
}
