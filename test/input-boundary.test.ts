import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../src/platform/errors.ts';
import { assertCleanInput, findInvalidCharacters } from '../src/platform/input-boundary.ts';

/** Which characters the input boundary refuses, where, and how it names them. */
describe('the input boundary', () => {
  const refused = (value: unknown, kind: 'free-text' | 'strict' = 'free-text') =>
    findInvalidCharacters(value, 'body', kind);

  it('refuses NUL, other C0 and C1 controls, DEL and unpaired surrogates (high or low)', () => {
    for (const text of ['a\u0000', '\u0001', '\u001b[31m', '\u007f', '\u0085', '\u009f', 'egg \ud83e', '\udd5a egg']) {
      assert.ok(refused(text), JSON.stringify(text));
    }
  });

  it('lets emoji (surrogate pairs), Hangul, zero-width and bidi characters through', () => {
    assert.equal(refused('유기농 계란 🥚 \u200b\u202e\ufeff'), undefined);
  });

  it('lets tab, line feed and carriage return through in free text only', () => {
    assert.equal(refused('broken\r\n\teggs'), undefined);
    assert.deepEqual(refused('order\n1', 'strict'), { field: 'body', position: 5, codePoint: 'U+000A' });
  });

  it('walks arrays, nested objects and keys, naming the path', () => {
    assert.equal(
      refused({ products: [{ productId: 'p1' }, { productId: 'p\u00002' }] })?.field,
      'body.products[1].productId',
    );
    assert.equal(refused({ 'quan\u0000tity': 1 })?.field, 'a key in body');
    assert.equal(findInvalidCharacters({ reason: '\u0000' }, '', 'free-text')?.field, 'reason');
  });

  it('walks 100,000 levels of nesting without overflowing the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    assert.equal(refused(deep)?.field, `body${'[0]'.repeat(65)}[…`, 'the path is cut at 200 characters');
  });

  it('refuses with 400 INVALID_CHARACTERS, naming the field and the character', () => {
    assert.throws(
      () => assertCleanInput({ reason: 'broken\u0000egg' }, 'body'),
      (error: unknown) =>
        error instanceof DomainError &&
        error.status === 400 &&
        error.code === 'INVALID_CHARACTERS' &&
        /^body\.reason .*U\+0000 at position 6/.test(error.message),
    );
  });
});
