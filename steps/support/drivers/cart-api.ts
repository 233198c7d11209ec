import { randomUUID } from 'node:crypto';
import type { CartView } from '../../../src/cart/cart.service.ts';
import { RedisCartStore } from '../../../src/cart/cart.store.redis.ts';
import type { BearerToken } from '../../../src/platform/auth.ts';
import type { PolicyWorld } from '../world.ts';
import { expectOk, send, type ApiResponse, type RequestOptions } from './http.ts';

type Method = 'POST' | 'PUT' | 'DELETE';

/** A customer's cart, driven through the HTTP API as the customer's app would. */
export class CartApi {
  /** The cart as it was just before the last change was attempted, for "the cart is unchanged". */
  before: { customer: string; mart: string; view: CartView } | undefined;
  /** Every answer of the last burst of concurrent requests. */
  stormAnswers: ApiResponse<CartView>[] | undefined;
  /** When the cart said it expires, the last time a scenario looked. */
  shownExpiresAt: number | undefined;
  /** Tokens customers' apps obtained earlier and still hold. */
  readonly #heldTokens = new Map<string, BearerToken>();

  constructor(private readonly world: PolicyWorld) {}

  view(customer: string, mart: string, token = this.world.actors.token(customer)): Promise<ApiResponse<CartView>> {
    return send<CartView>(this.world.app, 'GET', this.#url(mart), { token });
  }

  async cart(customer: string, mart: string): Promise<CartView> {
    return expectOk<CartView>(await this.view(customer, mart), `viewing ${customer}'s cart at ${mart}`);
  }

  async list(customer: string): Promise<CartView[]> {
    const response = await send<{ carts: CartView[] }>(this.world.app, 'GET', '/me/carts', {
      token: this.world.actors.token(customer),
    });
    return expectOk<{ carts: CartView[] }>(response, `listing ${customer}'s carts`).carts;
  }

  add(customer: string, mart: string, product: string, quantity: number) {
    const productId = this.world.catalog.product(mart, product).id;
    return this.change(customer, mart, 'POST', '/items', { json: { productId, quantity } });
  }

  /**
   * Arranges a cart: `customer` puts a product in it. Unlike a change, it neither reads the cart first nor is
   * kept as the last change or answer (arrangement comes before any change a Then step looks back on).
   */
  put(customer: string, mart: string, product: string, quantity: number): Promise<ApiResponse<CartView>> {
    return this.#put(customer, mart, this.world.catalog.product(mart, product).id, quantity);
  }

  /** One of the first product the mart shows on sale: a cart whose content does not matter. */
  async addAnything(customer: string, mart: string) {
    const url = `/marts/${this.world.catalog.martId(mart)}/products`;
    const { products } = expectOk<{ products: { id: string }[] }>(
      await send(this.world.app, 'GET', url),
      `${mart}'s products`,
    );
    if (!products[0]) throw new Error(`${mart} sells nothing yet`);
    return this.#put(customer, mart, products[0].id, 1);
  }

  /** The time left until the expiry the cart last showed. */
  shownExpiryMs(): number {
    if (this.shownExpiresAt === undefined) throw new Error('no cart has shown when it expires');
    return this.shownExpiresAt - this.world.clock.now();
  }

  setQuantity(customer: string, mart: string, product: string, quantity: number) {
    return this.change(customer, mart, 'PUT', `/items/${this.world.catalog.product(mart, product).id}`, {
      json: { quantity },
    });
  }

  remove(customer: string, mart: string, product: string) {
    return this.change(customer, mart, 'DELETE', `/items/${this.world.catalog.product(mart, product).id}`);
  }

  clear(customer: string, mart: string) {
    return this.change(customer, mart, 'DELETE', '');
  }

  /** `customer`'s app signs in now and keeps the token. */
  holdTokenOf(customer: string): void {
    this.#heldTokens.set(customer, this.world.actors.token(customer));
  }

  heldTokenOf(customer: string): BearerToken {
    const token = this.#heldTokens.get(customer);
    if (!token) throw new Error(`${customer}'s app holds no token from earlier`);
    return token;
  }

  /** Adds one of a product (known at Gangnam Fresh) to a cart at a mart id nobody has. */
  addToUnknownMart(customer: string, product: string) {
    const productId = this.world.catalog.product('Gangnam Fresh', product).id;
    return send(this.world.app, 'POST', `/me/carts/${randomUUID()}/items`, {
      token: this.world.actors.token(customer),
      json: { productId, quantity: 1 },
    }).then((response) => (this.world.lastResponse = response));
  }

  viewAtUnknownMart(customer: string) {
    return send(this.world.app, 'GET', `/me/carts/${randomUUID()}`, { token: this.world.actors.token(customer) }).then(
      (response) => (this.world.lastResponse = response),
    );
  }

  /** Seconds until the storage itself drops the cart: Redis's own key expiry, or the in-memory entry's. */
  async secondsUntilStorageDrops(customer: string, mart: string): Promise<number> {
    const store = this.world.app.services.cartStore;
    const key = { customerId: this.world.actors.customerId(customer), martId: this.world.catalog.martId(mart) };
    if (store instanceof RedisCartStore) return store.secondsToKeyExpiry(key);
    const stored = await store.read(key, this.world.clock.now());
    return stored ? (stored.expiresAt - this.world.clock.now()) / 1000 : -2;
  }

  /** Sends one of the named malformed or hostile add requests (see BAD_ADD_REQUESTS). */
  sendBadAdd(customer: string, mart: string, problem: string) {
    const make = BAD_ADD_REQUESTS[problem];
    if (!make) throw new Error(`unknown bad request "${problem}"; known: ${Object.keys(BAD_ADD_REQUESTS).join(', ')}`);
    const someProductId = this.world.catalog.product(mart, 'Milk 1L').id;
    return this.change(
      customer,
      mart,
      'POST',
      '/items',
      make(someProductId, (m, p) => this.world.catalog.product(m, p).id),
    );
  }

  /**
   * Any cart change. When the cart has an `owner` (a customer), remembers their cart before the change; the
   * answer is kept as the scenario's last response.
   */
  async change(owner: string | undefined, mart: string, method: Method, path: string, options: RequestOptions = {}) {
    const token = 'token' in options ? options.token : this.world.actors.token(owner ?? '(nobody)');
    this.before = owner ? { customer: owner, mart, view: await this.cart(owner, mart) } : undefined;
    this.world.lastResponse = await send(this.world.app, method, `${this.#url(mart)}${path}`, { ...options, token });
    return this.world.lastResponse;
  }

  /** Adds one of a product to `owner`'s cart, but signed in with `token` (or none). */
  addWithToken(owner: string | undefined, mart: string, product: string, token: BearerToken | undefined) {
    const productId = this.world.catalog.product(mart, product).id;
    return this.change(owner, mart, 'POST', '/items', { json: { productId, quantity: 1 }, token });
  }

  #put(customer: string, mart: string, productId: string, quantity: number) {
    this.before = undefined;
    return send<CartView>(this.world.app, 'POST', `${this.#url(mart)}/items`, {
      token: this.world.actors.token(customer),
      json: { productId, quantity },
    });
  }

  #url(mart: string) {
    return `/me/carts/${this.world.catalog.martId(mart)}`;
  }
}

type IdOf = (mart: string, product: string) => string;

/** Requests a customer's app must never get away with. Names are used verbatim in the feature files. */
const BAD_ADD_REQUESTS: Record<string, (productId: string, idOf: IdOf) => RequestOptions> = {
  'a quantity of 1.5': (productId) => ({ json: { productId, quantity: 1.5 } }),
  'a quantity of -1': (productId) => ({ json: { productId, quantity: -1 } }),
  'a quantity of 0': (productId) => ({ json: { productId, quantity: 0 } }),
  'a quantity written as text': (productId) => ({ json: { productId, quantity: 'two' } }),
  'no quantity': (productId) => ({ json: { productId } }),
  'a price of its own': (productId) => ({ json: { productId, quantity: 1, priceKrw: 10 } }),
  'an unknown product': () => ({ json: { productId: randomUUID(), quantity: 1 } }),
  'a product of another mart': (_, idOf) => ({ json: { productId: idOf('Mapo Market', 'Tofu'), quantity: 1 } }),
  'malformed JSON': (productId) => ({ raw: `{"productId": "${productId}", "quantity": ` }),
  'a 20 KB body': (productId) => ({ json: { productId, quantity: 1, note: 'x'.repeat(20_000) } }),
  'a product holding a hidden NUL character': (productId) => ({
    json: { productId: `${productId}\u0000`, quantity: 1 },
  }),
  'a product holding half an emoji': (productId) => ({ json: { productId: `${productId}\ud83e`, quantity: 1 } }),
};
