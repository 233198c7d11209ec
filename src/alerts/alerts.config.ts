import { z } from 'zod';
import { SECOND } from '../platform/clock.ts';
import { positiveInt, type EnvOf } from '../platform/env.ts';

export const alertsEnv = {
  ALERT_SLOW_REQUEST_MS: positiveInt.default(15_000),
  ALERT_FLUSH_INTERVAL_SECONDS: positiveInt.default(10),
  ALERT_LINES_PER_MESSAGE: positiveInt.default(50),
  ALERT_MESSAGES_PER_MINUTE: positiveInt.default(20),
  ALERT_MESSAGE_MAX_CHARS: positiveInt.default(40_000),
  ALERT_FLUSH_LOCK_SECONDS: positiveInt.default(60),
  ALERT_SLACK_TIMEOUT_SECONDS: positiveInt.default(10),
  ALERT_BUFFER_MAX_LINES: positiveInt.default(10_000),
  // The defaults are the mock Slack's webhooks (mocks/slack): nothing real is posted unless configured.
  SLACK_SLOW_WEBHOOK_URL: z
    .url({ protocol: /^https$/ })
    .default('https://hooks.slack.com/services/T0MARTBOOK/B0ALERTS/test-webhook-secret'),
  SLACK_ERROR_WEBHOOK_URL: z
    .url({ protocol: /^https$/ })
    .default('https://hooks.slack.com/services/T0MARTBOOK/B0ERRORS/test-error-webhook-secret'),
};

/** Rules between variables, reported like any bad value: a lock shorter than one post would let two instances send the same lines. */
export const alertsEnvIssues = (e: EnvOf<typeof alertsEnv>): { variable: keyof typeof alertsEnv; message: string }[] =>
  e.ALERT_FLUSH_LOCK_SECONDS > e.ALERT_SLACK_TIMEOUT_SECONDS
    ? []
    : [
        {
          variable: 'ALERT_FLUSH_LOCK_SECONDS',
          message: `must be longer than ALERT_SLACK_TIMEOUT_SECONDS (${e.ALERT_SLACK_TIMEOUT_SECONDS}): the flush lock must outlast one post to Slack`,
        },
      ];

export interface AlertPolicyConfig {
  /** A request taking at least this long is a slow-request alert. */
  slowRequestMs: number;
  /** How often the buffered alerts are flushed to Slack. */
  flushIntervalMs: number;
  /** Most alert lines one Slack message carries. */
  linesPerMessage: number;
  /** Most messages per minute per webhook (Slack answers 429 at about 20). */
  messagesPerMinute: number;
  /** Longest message text; Slack truncates beyond 40,000 characters. */
  maxMessageChars: number;
  /**
   * Most alerts one channel's buffer holds; beyond it alerts are only counted, and the next message says how
   * many were dropped. The default is ten minutes of what Slack accepts (20 messages of 50 a minute), about 2 MB.
   */
  bufferMaxLines: number;
  /** A flusher that died loses its lock after this long; must outlast a flush's Slack calls. */
  flushLockMs: number;
  /** How long one post to Slack may take. */
  slackTimeoutMs: number;
  /** Secret webhook URLs (redacted in logs), one per channel. */
  channels: { slow: { webhookUrl: string }; error: { webhookUrl: string } };
}

export const alertsConfig = (e: EnvOf<typeof alertsEnv>): AlertPolicyConfig => ({
  slowRequestMs: e.ALERT_SLOW_REQUEST_MS,
  flushIntervalMs: e.ALERT_FLUSH_INTERVAL_SECONDS * SECOND,
  linesPerMessage: e.ALERT_LINES_PER_MESSAGE,
  messagesPerMinute: e.ALERT_MESSAGES_PER_MINUTE,
  maxMessageChars: e.ALERT_MESSAGE_MAX_CHARS,
  bufferMaxLines: e.ALERT_BUFFER_MAX_LINES,
  flushLockMs: e.ALERT_FLUSH_LOCK_SECONDS * SECOND,
  slackTimeoutMs: e.ALERT_SLACK_TIMEOUT_SECONDS * SECOND,
  channels: { slow: { webhookUrl: e.SLACK_SLOW_WEBHOOK_URL }, error: { webhookUrl: e.SLACK_ERROR_WEBHOOK_URL } },
});
