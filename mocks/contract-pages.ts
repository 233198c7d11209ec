import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContractOperation, OpenApiDocument, OpenApiResponse } from './contracts/contract.ts';
import type { FaultMode } from './contracts/faults.ts';
import { code, codeBlock, escapeText, prose, table } from './contracts/markdown.ts';
import { exampleFor, expandRefs } from './contracts/schema-example.ts';
import { vendorMocks } from './vendors.ts';

/** The key of `usage`: `portone POST /payments/cancel` → the names of the scenarios that called it. */
export const usageKey = (vendor: string, operation: string): string => `${vendor} ${operation}`;

/**
 * Writes one Markdown page per mocked vendor into `outDir` (`<vendor>.md`): its operations with parameters,
 * request and response schemas and examples, its fault modes, which scenarios exercise each operation and which
 * operations no scenario exercises. Returns the files written.
 */
export async function renderContractPages(outDir: string, usage: Map<string, string[]>): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const vendor of vendorMocks) {
    const file = join(outDir, `${vendor.name}.md`);
    await writeFile(file, renderVendorPage(vendor.name, vendor.contract.document, vendor.contract.operations, vendor.faults, usage));
    written.push(file);
  }
  return written;
}

function renderVendorPage(
  vendor: string,
  document: OpenApiDocument,
  operations: ContractOperation[],
  faults: Record<string, FaultMode<never>>,
  usage: Map<string, string[]>,
): string {
  const scenariosOf = (operation: ContractOperation): string[] => usage.get(usageKey(vendor, operation.label)) ?? [];
  const unexercised = operations.filter((operation) => scenariosOf(operation).length === 0);
  const sections = [
    `---\ntitle: ${JSON.stringify(document.info.title)}\n---`,
    `# ${prose(document.info.title)}`,
    prose(document.info.description),
    `Contract: ${code(`mocks/${vendor}/contract.openapi.json`)} (version ${code(document.info.version)}), base URL ${code(document.servers[0]?.url ?? '')}. ` +
      'Every request the platform sends to this mock and every answer it gets are checked against it on each run.',
    '## Operations',
    table(
      ['operation', 'what it does', 'scenarios'],
      operations.map((op) => [code(op.label), prose(op.spec.summary), String(scenariosOf(op).length)]),
    ),
    ...operations.map((operation) => renderOperation(document, operation, scenariosOf(operation))),
    '## Fault modes',
    'A scenario that needs a misbehaving vendor says so in a Given step, which installs one of these with ' +
      `${code(`server.use(...${camel(vendor)}.faults.<name>())`)}.`,
    table(['fault mode', 'what happens'], Object.entries(faults).map(([name, fault]) => [code(name), prose(fault.description)])),
    '## Operations no scenario exercises',
    unexercised.length ? unexercised.map((op) => `- ${code(op.label)} (${code(op.id)})`).join('\n') : 'Every operation is exercised by at least one scenario.',
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}

function renderOperation(document: OpenApiDocument, operation: ContractOperation, scenarios: string[]): string {
  const { spec } = operation;
  const parts = [`### ${code(operation.label)}`, `Operation id ${code(operation.id)}. ${prose(spec.summary)}`];
  if (spec.description && spec.description !== spec.summary) parts.push(prose(spec.description));
  const parameters = (spec.parameters ?? []).map((p) => [code(p.name), p.in, p.required ? 'yes' : 'no', code(schemaType(p.schema))]);
  if (parameters.length) parts.push('**Parameters**', table(['name', 'in', 'required', 'type'], parameters));
  for (const [mediaType, content] of Object.entries(spec.requestBody?.content ?? {})) {
    parts.push(`**Request body** (${code(mediaType)})`, ...schemaAndExample(document, content));
  }
  for (const [status, response] of Object.entries(spec.responses)) {
    const resolved = resolveResponse(document, response);
    parts.push(`**Response ${status}**: ${prose(resolved.description)}`);
    const headers = Object.entries(resolved.headers ?? {}).map(([name, header]) => `${code(name)}${header.required ? ' (required)' : ''}`);
    if (headers.length) parts.push(`Headers: ${headers.join(', ')}`);
    for (const [mediaType, content] of Object.entries(resolved.content ?? {})) {
      parts.push(`Body (${code(mediaType)}):`, ...schemaAndExample(document, content));
    }
  }
  parts.push(
    scenarios.length
      ? `**Exercised by**\n\n${scenarios.map((name) => `- ${escapeText(name)}`).join('\n')}`
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
