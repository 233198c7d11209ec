import type { AlertChannel } from './alert.store.ts';

/** One request worth an alert, as buffered (JSON) until it is sent. */
export interface AlertLine {
  method: string;
  /** The route pattern (`/marts/:martId/products`), never the raw URL with its ids and query. */
  route: string;
  status: number;
  durationMs: number;
  requestId: string;
  /** When the request ended, epoch ms by the injected clock. */
  at: number;
}

export interface ComposedMessage {
  text: string;
  /** How many of the given lines the text carries; the rest go back to the buffer for the next message. */
  included: number;
}

const HEADINGS: Record<AlertChannel, string> = {
  slow: 'Slow requests',
  error: 'Server errors',
};

export function describeLine(line: AlertLine): string {
  const when = new Date(line.at).toISOString();
  return `• ${line.method} ${line.route} → ${line.status} in ${line.durationMs.toLocaleString('en-US')} ms · request ${line.requestId} · ${when}`;
}

/**
 * Joins lines into one Slack message of at most `maxChars`: a heading, as many lines as fit, and "+K more"
 * when some did not (they stay buffered). At least one line always goes, cut if it alone is too long.
 */
export function composeMessage(channel: AlertChannel, lines: AlertLine[], maxChars: number): ComposedMessage {
  const heading = `${HEADINGS[channel]}: ${lines.length}`;
  const described = lines.map(describeLine);
  let text = heading;
  let included = 0;
  for (const line of described) {
    const remaining = described.length - included - 1;
    const tail = remaining > 0 ? `\n+${remaining} more` : '';
    if ((text + '\n' + line + tail).length > maxChars) break;
    text += '\n' + line;
    included++;
  }
  if (included === 0) {
    const tail = described.length > 1 ? `\n+${described.length - 1} more` : '';
    return { text: (text + '\n' + described[0]).slice(0, maxChars - tail.length) + tail, included: 1 };
  }
  const left = described.length - included;
  return { text: left > 0 ? `${text}\n+${left} more` : text, included };
}
