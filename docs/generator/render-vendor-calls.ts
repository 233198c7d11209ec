// The calls a scenario made to mocked vendors (attached by the project's After hook, see mocks/contracts/
// enforcement.ts): a Mermaid sequence diagram of platform ↔ vendor, and a list linking each call to its contract.
import type { Attachment } from '@cucumber/messages';
import { inlineText, mermaidText } from './escape.ts';

export const VENDOR_CALLS_MEDIA_TYPE = 'application/vnd.martbook.vendor-calls+json';

export interface VendorCall {
  vendor: string;
  /** `POST /payments/cancel` */
  operation: string;
  operationId?: string;
  status: number | string;
  /** The vendor's own refusal code in the answer (PortOne refuses with HTTP 200 and a non-zero `code`). */
  code?: number | string;
  fault?: string;
}

/** The answer as the vendor sent it: `200`, or `200 code 1` for a refusal inside a 200. */
export function answerOf(call: Pick<VendorCall, 'status' | 'code'>): string {
  return call.code === undefined ? String(call.status) : `${call.status} code ${call.code}`;
}

const callsByAttachment = new WeakMap<Attachment, VendorCall[] | undefined>();

/**
 * The calls of a vendor-calls attachment, or undefined for any other attachment or a malformed one. Each
 * attachment is parsed once, however many parts of a page (scenario, Rule, step) show its calls.
 */
export function vendorCallsOf(attachment: Attachment): VendorCall[] | undefined {
  if (attachment.mediaType.toLowerCase() !== VENDOR_CALLS_MEDIA_TYPE) return undefined;
  if (!callsByAttachment.has(attachment)) callsByAttachment.set(attachment, parseCalls(attachment));
  return callsByAttachment.get(attachment);
}

function parseCalls(attachment: Attachment): VendorCall[] | undefined {
  try {
    const parsed: unknown = JSON.parse(attachment.body);
    if (!Array.isArray(parsed)) return undefined;
    return parsed
      .filter((call): call is Record<string, unknown> => typeof call === 'object' && call !== null)
      .map((call) => ({
        vendor: text(call.vendor),
        operation: text(call.operation),
        operationId: typeof call.operationId === 'string' ? call.operationId : undefined,
        status: typeof call.status === 'number' ? call.status : text(call.status),
        ...(typeof call.code === 'number' || typeof call.code === 'string' ? { code: call.code } : {}),
        fault: typeof call.fault === 'string' ? call.fault : undefined,
      }));
  } catch {
    return undefined;
  }
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
}

/** A Mermaid sequence diagram: the platform's request to each vendor and the answer (status, fault mode). */
function sequenceDiagram(calls: readonly VendorCall[]): string {
  const vendors = [...new Set(calls.map((call) => call.vendor))];
  const alias = (vendor: string) => `V${vendors.indexOf(vendor)}`;
  const lines = [
    'sequenceDiagram',
    '  participant P as Platform',
    ...vendors.map((vendor) => `  participant ${alias(vendor)} as ${mermaidText(vendor)}`),
  ];
  for (const call of calls) {
    lines.push(`  P->>${alias(call.vendor)}: ${mermaidText(call.operation)}`);
    const fault = call.fault ? ` (fault: ${call.fault})` : '';
    if (call.status === 'no-response') lines.push(`  ${alias(call.vendor)}--xP: ${mermaidText(`no response${fault}`)}`);
    else lines.push(`  ${alias(call.vendor)}-->>P: ${mermaidText(`${answerOf(call)}${fault}`)}`);
  }
  return `\`\`\`mermaid\n${lines.join('\n')}\n\`\`\``;
}

/** Diagram, then one line per call, linked to the operation on its contract page when the site has one. */
export function renderVendorCalls(
  calls: readonly VendorCall[],
  contractLink: (call: VendorCall) => string | undefined,
): string {
  const items = calls.map((call) => {
    const label = `${call.vendor}: ${call.operation}`;
    const operation = contractLink(call) ? `[${inlineText(label)}](${contractLink(call)})` : inlineText(label);
    return `- ${operation} → ${inlineText(answerOf(call))}${call.fault ? ` (fault: ${inlineText(call.fault)})` : ''}`;
  });
  return `Calls to vendors:\n\n${sequenceDiagram(calls)}\n\n${items.join('\n')}`;
}
