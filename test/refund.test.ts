import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../src/platform/config.ts';
import { sniffImageType } from '../src/refund/image-type.ts';
import { imageKey } from '../src/refund/refund.store.ts';
import { backoff } from '../src/refund/refund.service.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('refund photos', () => {
  it('are recognised by their magic bytes, never by their name', () => {
    assert.equal(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0)), 'image/jpeg');
    assert.equal(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)), 'image/png');
    assert.equal(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')), 'image/webp');
    assert.equal(sniffImageType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1')), undefined);
    assert.equal(sniffImageType(Buffer.from('just text pretending to be photo.jpg')), undefined);
    assert.equal(sniffImageType(bytes(0xff, 0xd8)), undefined);
  });

  it('always go to the same key, so a retried upload overwrites instead of duplicating', () => {
    assert.equal(imageKey('ord_1', 'rfd_1', 2, 'image/webp'), 'refunds/ord_1/rfd_1/2.webp');
    assert.equal(imageKey('ord_1', 'rfd_1', 2, 'image/webp'), imageKey('ord_1', 'rfd_1', 2, 'image/webp'));
  });
});

describe('the refund worker backoff', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const { refund } = loadConfig({});
    assert.deepEqual(
      [1, 2, 3, 4, 10, 20].map((attempt) => backoff(refund, attempt) / 1000),
      [5, 10, 20, 40, 300, 300],
    );
  });

  it('reads the refund window and the storage from the environment, pointing at the mock by default', () => {
    const { refund } = loadConfig({ REFUND_WINDOW_DAYS: '14' });
    assert.equal(refund.windowMs, 14 * 24 * 3_600_000);
    assert.equal(refund.storage.endpoint, 'https://object-storage.mock');
    assert.throws(() => loadConfig({ S3_ENDPOINT: 'ftp://nope' }), /S3_ENDPOINT/);
  });
});
