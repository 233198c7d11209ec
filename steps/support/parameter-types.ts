import { defineParameterType } from '@cucumber/cucumber';
import { DAY, HOUR, MINUTE } from '../../src/platform/clock.ts';

/** Won amounts as people write them: `2,900` or `2900`. */
defineParameterType({
  name: 'amount',
  regexp: /\d{1,3}(?:,\d{3})+|\d+/,
  transformer: (text: string) => parseAmount(text),
});

/** Spans of time: `30 days`, `1 day`, `29 days and 23 hours`, `2 hours`. */
defineParameterType({
  name: 'duration',
  regexp: /\d+ (?:days?|hours?|minutes?)(?: and \d+ (?:days?|hours?|minutes?))*/,
  transformer: (text: string) => parseDuration(text),
});

/** Positions: `1st`, `2nd`, `51st`. */
defineParameterType({
  name: 'ordinal',
  regexp: /\d+(?:st|nd|rd|th)/,
  transformer: (text: string) => Number.parseInt(text, 10),
});

export function parseAmount(text: string): number {
  const value = Number(text.replaceAll(',', ''));
  if (!Number.isInteger(value)) throw new Error(`"${text}" is not a whole number of won`);
  return value;
}

const UNIT_MS: Record<string, number> = { day: DAY, hour: HOUR, minute: MINUTE };

export function parseDuration(text: string): number {
  let total = 0;
  for (const [, count, unit] of text.matchAll(/(\d+) (day|hour|minute)s?/g)) total += Number(count) * UNIT_MS[unit!]!;
  return total;
}

/** `"Item 1" to "Item 5"` (quotes optional) → Item 1, Item 2, …, Item 5. */
export function nameRange(text: string): string[] {
  const match = /^"?(.*?)(\d+)"? to "?(.*?)(\d+)"?$/.exec(text.trim());
  if (!match || match[1] !== match[3]) throw new Error(`"${text}" is not a range like "Item 1" to "Item 5"`);
  const [from, to] = [Number(match[2]), Number(match[4])];
  return Array.from({ length: to - from + 1 }, (_, i) => `${match[1]}${from + i}`);
}

/** Slack alert channels as scenarios name them: `slow-request`, `error`. */
defineParameterType({
  name: 'alertChannel',
  regexp: /slow-request|error/,
  transformer: (text: string) => (text === 'slow-request' ? 'slow' : 'error'),
});
