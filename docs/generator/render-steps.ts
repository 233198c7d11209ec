// Renders what happened inside one scenario: its steps and hooks with status, data tables, doc strings,
// errors, attachments, and its attempts when it was retried.
import { AttachmentContentEncoding, type Attachment, type PickleStepArgument } from '@cucumber/messages';
import { codeBlock, escapeHtml, inlineText, tableCell } from './escape.ts';
import { STATUS_LABELS, type AttemptView, type PickleView, type Status, type StepView } from './model.ts';

const STATUS_ICONS: Record<Status, string> = {
  passed: '✅',
  failed: '❌',
  ambiguous: '⁉️',
  undefined: '🚧',
  pending: '🚧',
  skipped: '⏭️',
  unknown: '❔',
  'not-run': '⚪',
};
const MAX_TEXT_ATTACHMENT = 20_000;
const MAX_IMAGE_BASE64 = 1_500_000;
const INLINE_IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|avif|bmp)$/;

/** A status badge: our own HTML, so the site's test and stylesheet can find it. */
export function statusBadge(status: Status): string {
  return `<span class="policy-status policy-status--${status}" data-status="${status}">${STATUS_ICONS[status]} ${STATUS_LABELS[status]}</span>`;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** The last attempt's steps, then earlier attempts (if retried) with their own status and errors. */
export function renderPickleRun(view: PickleView, isBackground: (step: StepView) => boolean): string {
  const last = view.attempts.at(-1);
  if (!last) return '';
  const parts: string[] = [];
  if (view.attempts.length > 1) {
    parts.push('Attempts:', renderAttempts(view.attempts), `Steps of attempt ${last.attempt}:`);
  }
  parts.push(renderStepList(last.steps, isBackground));
  return parts.join('\n\n');
}

/** A list of steps and hooks; passing hooks without attachments are left out as noise. */
export function renderStepList(steps: readonly StepView[], isBackground: (step: StepView) => boolean): string {
  const shown = steps.filter((step) => step.kind === 'step' || step.status !== 'passed' || step.attachments.length > 0);
  const items = shown.map((step) => renderStep(step, isBackground(step)));
  // A blank line between items once any item has details, so tables and fences end cleanly.
  return items.join(items.some((item) => item.includes('\n')) ? '\n\n' : '\n');
}

function renderStep(step: StepView, background: boolean): string {
  const keyword = step.kind === 'hook' ? `${step.keyword} hook` : step.keyword.trim();
  const duration = step.durationMs === undefined ? '' : ` · ${formatMs(step.durationMs)}`;
  const tag = background ? ' *(background)*' : '';
  const line = `- ${STATUS_ICONS[step.status]} **${inlineText(keyword)}** ${inlineText(step.text)}${tag} — *${STATUS_LABELS[step.status]}${duration}*`;
  const details = [
    step.pickleStep?.argument ? renderArgument(step.pickleStep.argument) : '',
    step.error ? `Error:\n\n${codeBlock(step.error)}` : '',
    ...step.attachments.map(renderAttachment),
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
      const line = `- Attempt ${attempt.attempt} of ${total}: ${statusBadge(attempt.status)} ${formatMs(attempt.durationMs)}`;
      return failure && attempt.attempt < total ? `${line}\n\n${indent(codeBlock(failure), '  ')}` : line;
    })
    .join('\n');
}

/** text/* in a fenced block, inline-safe images as a data: URI, anything else by media type and name. */
/** The vendor operations a scenario called, as recorded by the mocks (mocks/contracts/enforcement.ts). */
const VENDOR_CALLS = 'application/vnd.martbook.vendor-calls+json';

function renderVendorCalls(attachment: Attachment): string | undefined {
  try {
    const calls = JSON.parse(attachment.body) as { vendor: string; operation: string; status: number | string; fault?: string }[];
    const lines = calls.map((c) => `- ${inlineText(c.vendor)}: ${inlineText(c.operation)} → ${inlineText(String(c.status))}${c.fault ? ` (fault: ${inlineText(c.fault)})` : ''}`);
    return `Relies on these [vendor contracts](/contracts):\n\n${lines.join('\n')}`;
  } catch {
    return undefined;
  }
}

export function renderAttachment(attachment: Attachment): string {
  const mediaType = attachment.mediaType.toLowerCase();
  if (mediaType === VENDOR_CALLS) {
    const calls = renderVendorCalls(attachment);
    if (calls) return calls;
  }
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
  if (INLINE_IMAGE_TYPES.test(mediaType) && isBase64 && /^[A-Za-z0-9+/]*={0,2}$/.test(body) && body.length <= MAX_IMAGE_BASE64) {
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
