import type { AlertChannel, BufferedAlert } from './alert.store.ts';

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
  /** How many of the given alerts the text carries; the rest go back to the buffer for the next message. */
  included: number;
}

const HEADINGS: Record<AlertChannel, string> = {
  slow: 'Slow requests',
  error: 'Server errors',
};

const count = (n: number) => n.toLocaleString('en-US');

export function describeLine(line: AlertLine): string {
  const when = new Date(line.at).toISOString();
  return `• ${line.method} ${line.route} → ${line.status} in ${count(line.durationMs)} ms · request ${line.requestId} · ${when}`;
}

/** A line, with how many identical requests it stands for when more than one. */
export function describeAlert({ line, repeats }: BufferedAlert): string {
  return repeats > 1 ? `${describeLine(line)} · ×${count(repeats)}` : describeLine(line);
}

/**
 * Joins alerts into one Slack message of at most `maxChars`: a heading counting the requests, as many alerts as
 * fit, "+K more" when some did not (they stay buffered), and "… and N more dropped" when the buffer was full.
 * At least one alert always goes, cut if it alone is too long.
 */
export function composeMessage(
  channel: AlertChannel,
  alerts: BufferedAlert[],
  dropped: number,
  maxChars: number,
): ComposedMessage {
  const requests = alerts.reduce((sum, alert) => sum + alert.repeats, dropped);
  const heading = `${HEADINGS[channel]}: ${count(requests)}`;
  const droppedTail = dropped > 0 ? `\n… and ${count(dropped)} more dropped` : '';
  const tail = (left: number) => (left > 0 ? `\n+${count(left)} more` : '') + droppedTail;
  const described = alerts.map(describeAlert);
  let text = heading;
  let included = 0;
  for (const line of described) {
    if ((text + '\n' + line + tail(described.length - included - 1)).length > maxChars) break;
    text += '\n' + line;
    included++;
  }
  if (included === 0 && described.length > 0) {
    const rest = tail(described.length - 1);
    return { text: (text + '\n' + described[0]).slice(0, maxChars - rest.length) + rest, included: 1 };
  }
  return { text: text + tail(described.length - included), included };
}
