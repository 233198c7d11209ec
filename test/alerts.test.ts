import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeMessage, type AlertLine } from '../src/alerts/alert-message.ts';
import type { BufferedAlert } from '../src/alerts/alert.store.ts';
import { InMemoryAlertStore } from '../src/alerts/alert.store.memory.ts';
import { Alerting } from '../src/alerts/alerts.service.ts';
import { FakeClock } from '../src/platform/clock.ts';
import { LogCapture } from '../steps/support/log-capture.ts';
import { ConfigError, loadConfig } from '../src/platform/config.ts';
import { createLogger } from '../src/platform/logger.ts';

const line = (n: number): AlertLine => ({
  method: 'GET',
  route: '/marts/:martId/products',
  status: 200,
  durationMs: 16_000,
  requestId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  at: Date.UTC(2026, 0, 5, 9, 0, n),
});
const once = (n: number): BufferedAlert => ({ line: line(n), repeats: 1 });

describe('alert messages', () => {
  it('joins lines under a heading that counts them', () => {
    const { text, included } = composeMessage('slow', [once(1), once(2)], 0, 40_000);
    assert.equal(included, 2);
    assert.equal(text.split('\n')[0], 'Slow requests: 2');
    assert.match(
      text,
      /• GET \/marts\/:martId\/products → 200 in 16,000 ms · request 0{8}-0{4}-4000-8000-0{11}1 · 2026-01-05T09:00:01.000Z/,
    );
  });

  it('cuts at the size limit and says how many more follow', () => {
    const alerts = Array.from({ length: 10 }, (_, i) => once(i));
    const { text, included } = composeMessage('error', alerts, 0, 500);
    assert.ok(text.length <= 500, `${text.length} characters`);
    assert.ok(included > 0 && included < 10);
    assert.ok(text.endsWith(`\n+${10 - included} more`));
  });

  it('always carries at least one line, cut to fit, so a long line cannot block the channel', () => {
    const { text, included } = composeMessage('slow', [once(1), once(2)], 0, 60);
    assert.equal(included, 1);
    assert.equal(text.length, 60);
    assert.ok(text.endsWith('\n+1 more'));
  });
});

describe('bounded alert messages', () => {
  it('shows a collapsed alert with its count and counts its requests in the heading', () => {
    const { text, included } = composeMessage('error', [{ line: line(1), repeats: 37 }, once(2)], 0, 40_000);
    assert.equal(included, 2);
    assert.equal(text.split('\n')[0], 'Server errors: 38');
    assert.match(text.split('\n')[1]!, / · 2026-01-05T09:00:01\.000Z · ×37$/);
  });

  it('ends with how many were dropped, after how many more follow, within the size limit', () => {
    const alerts = Array.from({ length: 10 }, (_, i) => once(i));
    const { text, included } = composeMessage('error', alerts, 1_950, 500);
    assert.ok(text.length <= 500, `${text.length} characters`);
    assert.ok(text.endsWith(`\n+${10 - included} more\n… and 1,950 more dropped`), text);
    assert.equal(text.split('\n')[0], 'Server errors: 1,960');
  });

  it('reports drops even when no alert is left to send', () => {
    assert.deepEqual(composeMessage('slow', [], 5, 40_000), {
      text: 'Slow requests: 5\n… and 5 more dropped',
      included: 0,
    });
  });
});

describe('alerts kept in memory at shutdown', () => {
  it('are named as lost when the alert buffer is still unreachable', async () => {
    const logs = new LogCapture();
    const store = new InMemoryAlertStore();
    store.unreachable = true;
    const alerting = new Alerting(store, new FakeClock(), loadConfig({}).alerts, createLogger('info', logs));
    for (let n = 1; n <= 3; n++) alerting.requestEnded({ ...line(n), status: 503, durationMs: 3 });
    await alerting.shutDown();
    assert.deepEqual(
      (await alerting.keptLocally('error')).buffered.map((alert) => alert.repeats),
      [3],
    );
    assert.deepEqual(
      logs.lines.filter((l) => l.msg?.startsWith('alerts kept in memory are lost')).map((l) => l.requests),
      [3],
    );
    assert.equal(logs.lines.filter((l) => l.msg?.startsWith('the alert buffer cannot be reached')).length, 1);
  });
});

describe('a flush that fails for another reason than a lost buffer', () => {
  it('is logged as itself each time, never as the buffer being lost, and keeps the alerts', async () => {
    const logs = new LogCapture();
    const store = new (class extends InMemoryAlertStore {
      override acquireFlush(): Promise<boolean> {
        return Promise.reject(new Error('ERR Error running script: a bug in the flush lock'));
      }
    })();
    const alerting = new Alerting(store, new FakeClock(), loadConfig({}).alerts, createLogger('info', logs));
    alerting.requestEnded({ ...line(1), status: 500, durationMs: 3 });
    await alerting.flush();
    await alerting.flush();
    // Two flushes, each of both channels.
    assert.equal(
      logs.lines.filter((l) => l.msg === 'alerts: flushing failed; the alerts are kept for the next flush').length,
      4,
    );
    assert.equal(logs.lines.filter((l) => l.msg?.startsWith('the alert buffer cannot be reached')).length, 0);
    assert.equal((await store.lines('error')).buffered.length, 1);
  });
});

describe('alerting configuration', () => {
  it('defaults to 15 s, 10 s flushes, 50 lines, 20 messages a minute, 10,000 alerts per buffer and the mock webhooks', () => {
    const { alerts } = loadConfig({});
    assert.equal(alerts.slowRequestMs, 15_000);
    assert.equal(alerts.flushIntervalMs, 10_000);
    assert.equal(alerts.linesPerMessage, 50);
    assert.equal(alerts.messagesPerMinute, 20);
    assert.equal(alerts.bufferMaxLines, 10_000);
    assert.match(alerts.channels.slow.webhookUrl, /^https:\/\/hooks\.slack\.com\/services\//);
    assert.notEqual(alerts.channels.slow.webhookUrl, alerts.channels.error.webhookUrl);
  });

  it('refuses a webhook that is not https, without echoing it', () => {
    const bad = () => loadConfig({ SLACK_ERROR_WEBHOOK_URL: 'http://hooks.example/secret-part' });
    assert.throws(
      bad,
      (error: Error) =>
        error instanceof ConfigError &&
        error.message.includes('SLACK_ERROR_WEBHOOK_URL') &&
        !error.message.includes('secret-part'),
    );
  });

  it('never logs the webhook URLs, even when the whole configuration is logged', () => {
    const logs = new LogCapture();
    const config = loadConfig({});
    createLogger('info', logs).info({ config }, 'starting');
    const logged = logs.text();
    assert.match(logged, /"webhookUrl":"\[redacted\]"/);
    assert.ok(!logged.includes('hooks.slack.com'), logged);
  });
});
