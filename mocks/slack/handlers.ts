import { http, HttpResponse } from 'msw';
import type { SlackFake, WebhookMessage } from './fake.ts';

export const slackBaseUrl = 'https://hooks.slack.com';

/** Slack answers webhooks in plain text: `ok`, or an error word. */
export const slackText = (status: number, text: string, headers: Record<string, string> = {}) =>
  new HttpResponse(text, { status, headers: { 'Content-Type': 'text/plain', ...headers } });

/** One POST per message; the fake decides between ok, no_service, no_text and 429. */
export function slackHandlers(fake: SlackFake, baseUrl = slackBaseUrl) {
  return [
    http.post(`${baseUrl}/services/:team/:channel/:secret`, async ({ request }) => {
      const message = (await request.json().catch(() => undefined)) as WebhookMessage | undefined;
      if (typeof message !== 'object' || message === null) return slackText(400, 'invalid_payload');
      const outcome = fake.post(request.url, message);
      if ('refused' in outcome) return slackText(outcome.refused === 'no_service' ? 404 : 400, outcome.refused);
      if ('retryAfterSeconds' in outcome)
        return slackText(429, 'rate_limited', { 'Retry-After': String(outcome.retryAfterSeconds) });
      return slackText(200, 'ok');
    }),
  ];
}
