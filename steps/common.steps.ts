import assert from 'node:assert/strict';
import { Given, Then } from '@cucumber/cucumber';
import type { ApiError } from './support/drivers/http.ts';
import type { PolicyWorld } from './support/world.ts';

Given('{word} is a customer', function (this: PolicyWorld, name: string) {
  this.actors.customer(name);
});

Given('{word} manages the mart {string}', async function (this: PolicyWorld, name: string, mart: string) {
  this.actors.manager(name, [await this.catalog.mart(mart)]);
});

Given('{duration} pass(es)', function (this: PolicyWorld, ms: number) {
  this.clock.advance(ms);
});

function expectRefusal(this: PolicyWorld, status: number, code: string) {
  const response = this.lastResponse;
  assert.ok(response, 'no request was sent');
  assert.equal(
    response.status,
    status,
    `expected ${status} ${code}, got ${response.status}: ${JSON.stringify(response.body)}`,
  );
  assert.equal((response.body as ApiError).error?.code, code);
}

Then('the request is refused with {int} {word}', expectRefusal);
Then('the request fails with {int} {word}', expectRefusal);

Then('the refusal explains itself', function (this: PolicyWorld) {
  const message = (this.lastResponse?.body as ApiError | undefined)?.error?.message ?? '';
  assert.ok(message.length >= 15, `a refusal needs a message a person can act on, got "${message}"`);
});

Then('the refusal says {string}', function (this: PolicyWorld, words: string) {
  const message = (this.lastResponse?.body as ApiError | undefined)?.error?.message ?? '';
  assert.ok(message.includes(words), `the refusal says "${message}", not "${words}"`);
});
