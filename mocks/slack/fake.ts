import type { components } from './contract.types.ts';

export type WebhookMessage = components['schemas']['WebhookMessage'];

export interface PostedMessage extends WebhookMessage {
  webhook: string;
  at: number;
}

export type PostOutcome =
  { posted: PostedMessage } | { refused: 'no_service' | 'no_text' } | { retryAfterSeconds: number };

/**
 * Slack incoming webhooks as a fake: records every message, knows which webhooks exist, and answers 429 with
 * Retry-After when one webhook gets more than `messagesPerMinute` in a sliding minute (the incident saw Slack
 * refuse at about 20 a minute). Time comes from `now`, which a scenario points at its fake clock.
 */
export class SlackFake {
  static readonly defaultWebhook = 'https://hooks.slack.com/services/T0MARTBOOK/B0ALERTS/test-webhook-secret';
  now: () => number = Date.now;
  messagesPerMinute = 20;
  readonly webhooks = new Set([SlackFake.defaultWebhook]);
  /** Every message Slack accepted, in order. */
  readonly messages: PostedMessage[] = [];

  post(webhook: string, message: WebhookMessage): PostOutcome {
    if (!this.webhooks.has(webhook)) return { refused: 'no_service' };
    if (!message.text && !message.blocks?.length) return { refused: 'no_text' };
    const now = this.now();
    const recent = this.messages.filter((m) => m.webhook === webhook && m.at > now - 60_000);
    const oldest = recent[0];
    if (oldest && recent.length >= this.messagesPerMinute) {
      return { retryAfterSeconds: Math.max(1, Math.ceil((oldest.at + 60_000 - now) / 1000)) };
    }
    const posted = { ...message, webhook, at: now };
    this.messages.push(posted);
    return { posted };
  }

  reset(): void {
    this.now = Date.now;
    this.messagesPerMinute = 20;
    this.webhooks.clear();
    this.webhooks.add(SlackFake.defaultWebhook);
    this.messages.length = 0;
  }
}
