// Renders what happened inside one scenario: its steps and hooks with status, data tables, doc strings,
// errors, attachments, and its attempts when it was retried.
import { AttachmentContentEncoding, type Attachment, type PickleStepArgument } from '@cucumber/messages';
import { codeBlock, escapeHtml, inlineText, tableCell } from './escape.ts';
import { STATUS_LABELS, type AttemptView, type PickleView, type Status, type StepView } from './model.ts';
import { renderVendorCalls, vendorCallsOf, type VendorCall } from './render-vendor-calls.ts';
import { runValue } from './run-values.ts';

const MAX_TEXT_ATTACHMENT = 20_000;
const MAX_IMAGE_BASE64 = 1_500_000;
const INLINE_IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

/** Where a page links a step's source and a vendor call's contract; undefined: no link. */
export interface StepLinks {
  source(source: StepView['source']): string | undefined;
  contract(call: VendorCall): string | undefined;
}
export const NO_LINKS: StepLinks = { source: () => undefined, contract: () => undefined };

/** A status badge with its name in words (styled by the site, readable without colour or emoji fonts). */
export function statusBadge(status: Status): string {
  return `<span class="policy-status policy-status--${status}" data-status="${status}">${STATUS_LABELS[status]}</span>`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** The last attempt's steps, then earlier attempts (if retried) with their own status and errors. */
export function renderPickleRun(
  view: PickleView,
  isBackground: (step: StepView) => boolean,
  links: StepLinks = NO_LINKS,
): string {
  const last = view.attempts.at(-1);
  if (!last) return '';
  const parts: string[] = [];
  if (view.attempts.length > 1) {
    parts.push('Attempts:', renderAttempts(view.attempts), `Steps of attempt ${last.attempt}:`);
  }
  parts.push(renderStepList(last.steps, isBackground, links));
  return parts.join('\n\n');
}

/**
 * A list of steps and hooks. Left out as noise: passing hooks without attachments, and background steps that
 * passed (the page shows the background once; one line says it passed).
 */
export function renderStepList(
  steps: readonly StepView[],
  isBackground: (step: StepView) => boolean,
  links: StepLinks = NO_LINKS,
): string {
  const quietBackground = (step: StepView) =>
    isBackground(step) && step.status === 'passed' && step.attachments.length === 0;
  const hidden = steps.filter(quietBackground).length;
  const shown = steps.filter(
    (step) =>
      !quietBackground(step) && (step.kind === 'step' || step.status !== 'passed' || step.attachments.length > 0),
  );
  const items = shown.map((step) => renderStep(step, isBackground(step), links));
  if (hidden > 0)
    items.unshift(`- ${statusBadge('passed')} *Background: ${hidden} step${hidden === 1 ? '' : 's'}, as shown above*`);
  // A blank line between items once any item has details, so tables and fences end cleanly.
  return items.join(items.some((item) => item.includes('\n')) ? '\n\n' : '\n');
}

function renderStep(step: StepView, background: boolean, links: StepLinks): string {
  const keyword = step.kind === 'hook' ? `${step.keyword} hook` : step.keyword.trim();
  const tag = background ? ' *(background)*' : '';
  const sourceLink = links.source(step.source);
  const meta = [
    runValue(formatMs(step.durationMs)),
    sourceLink && step.source ? `[${inlineText(sourceName(step.source))}](${sourceLink})` : '',
  ].filter(Boolean);
  const line = `- ${statusBadge(step.status)} **${inlineText(keyword)}** ${inlineText(step.text)}${tag}${meta.length > 0 ? ` <span class="policy-step-meta">${meta.join(' · ')}</span>` : ''}`;
  const details = [
    step.pickleStep?.argument ? renderArgument(step.pickleStep.argument) : '',
    step.error ? `Error:\n\n${codeBlock(step.error)}` : '',
    ...step.attachments.map((attachment) => renderAttachment(attachment, links)),
  ].filter((part) => part !== '');
  return [line, ...details.map((part) => indent(part, '  '))].join('\n\n');
}

/** A data table as a Markdown table (first row as header), or a doc string as a fenced block. */
export function renderArgument(argument: PickleStepArgument): string {
  if (argument.docString) return codeBlock(argument.docString.content, argument.docString.mediaType ?? 'text');
  const rows = argument.dataTable?.rows ?? [];
  if (rows.length === 0) return '';
  return markdownTable(rows.map((row) => row.cells.map((cell) => cell.value)));
}

/** A GFM table from literal cell texts; the first row is the header. */
export function markdownTable(rows: readonly (readonly string[])[], rawCells = false): string {
  const width = Math.max(...rows.map((row) => row.length));
  const line = (row: readonly string[]) =>
    `| ${Array.from({ length: width }, (_, index) => (rawCells ? (row[index] ?? ' ') : tableCell(row[index] ?? ''))).join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), `|${' --- |'.repeat(width)}`, ...body.map(line)].join('\n');
}

function renderAttempts(attempts: readonly AttemptView[]): string {
  const total = attempts.length;
  return attempts
    .map((attempt) => {
      const failure = attempt.steps.find((step) => step.error)?.error;
      const line = `- Attempt ${attempt.attempt} of ${total}: ${statusBadge(attempt.status)} ${runValue(formatMs(attempt.durationMs))}`;
      return failure && attempt.attempt < total ? `${line}\n\n${indent(codeBlock(failure), '  ')}` : line;
    })
    .join('\n');
}

/** `steps/cart.steps.ts:25` → `cart.steps.ts:25` */
function sourceName(source: NonNullable<StepView['source']>): string {
  return `${source.uri.split('/').pop() ?? source.uri}${source.line === undefined ? '' : `:${source.line}`}`;
}

/** Vendor calls as a diagram; text/* in a fenced block, inline-safe images as a data: URI, else media type and name. */
export function renderAttachment(attachment: Attachment, links: StepLinks = NO_LINKS): string {
  const mediaType = attachment.mediaType.toLowerCase();
  const calls = vendorCallsOf(attachment);
  if (calls && calls.length > 0) return renderVendorCalls(calls, (call) => links.contract(call));
  const name = attachment.fileName ? ` ${inlineText(attachment.fileName)}` : '';
  const label = `Attachment (${inlineText(mediaType)})${name}`;
  const isBase64 = attachment.contentEncoding === AttachmentContentEncoding.BASE64;
  if (attachment.url) return `${label}: ${inlineText(attachment.url)}`;
  if (mediaType.startsWith('text/') || mediaType === 'application/json' || mediaType.endsWith('+json')) {
    let text = isBase64 ? Buffer.from(attachment.body, 'base64').toString('utf8') : attachment.body;
    if (text.length > MAX_TEXT_ATTACHMENT) text = `${text.slice(0, MAX_TEXT_ATTACHMENT)}\n… (truncated)`;
    return `${label}:\n\n${codeBlock(text)}`;
  }
  const body = attachment.body.replace(/\s+/g, '');
  if (
    INLINE_IMAGE_TYPES.test(mediaType) &&
    isBase64 &&
    /^[A-Za-z0-9+/]*={0,2}$/.test(body) &&
    body.length <= MAX_IMAGE_BASE64
  ) {
    const alt = escapeHtml(attachment.fileName ?? mediaType);
    return `${label}:\n\n<img class="policy-attachment" alt="${alt}" src="data:${mediaType};base64,${body}" />`;
  }
  return `${label} (${isBase64 ? Math.floor((body.length * 3) / 4) : attachment.body.length} bytes, not shown)`;
}

export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}
