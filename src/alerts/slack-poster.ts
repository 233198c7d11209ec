import {
  IncomingWebhook,
  IncomingWebhookHTTPError,
  IncomingWebhookRequestError,
  type FetchFunction,
} from '@slack/webhook';

/** What became of one message. `reason` is safe to log: it never carries the webhook URL. */
export type PostOutcome = { accepted: true } | { accepted: false; reason: string; retryAfterMs?: number };

/** Posts one message to one webhook. Retrying is the flusher's business (lines stay buffered), not the client's. */
export async function postToSlack(webhookUrl: string, text: string, timeoutMs: number): Promise<PostOutcome> {
  let retryAfter: string | null = null;
  // Wrapped to read Retry-After, which @slack/webhook's errors do not carry.
  const fetchKeepingRetryAfter: FetchFunction = async (url, init) => {
    const response = await fetch(url, init);
    retryAfter = response.headers.get('retry-after');
    return response;
  };
  const webhook = new IncomingWebhook(webhookUrl, {
    fetch: fetchKeepingRetryAfter,
    timeout: timeoutMs,
    retryConfig: { retries: 0 },
  });
  try {
    await webhook.send({ text });
    return { accepted: true };
  } catch (error) {
    return { accepted: false, ...describeFailure(error, retryAfter) };
  }
}

/** Only the status and Slack's one-word answer: a raw error may quote the URL, so it is never passed on. */
function describeFailure(error: unknown, retryAfter: string | null): { reason: string; retryAfterMs?: number } {
  if (error instanceof IncomingWebhookHTTPError) {
    if (error.statusCode === 429)
      return { reason: 'rate limited (429)', retryAfterMs: Math.max(1, Number(retryAfter) || 1) * 1000 };
    const word = /^\w{1,40}$/.test(error.body) ? ` ${error.body}` : '';
    return { reason: `HTTP ${error.statusCode}${word}` };
  }
  if (error instanceof IncomingWebhookRequestError) return { reason: 'no answer (network error or timeout)' };
  return { reason: 'unexpected failure' };
}
