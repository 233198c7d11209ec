import type { CartView } from '../../../src/cart/cart.service.ts';
import type { PolicyWorld } from '../world.ts';
import { send, type ApiResponse } from './http.ts';

export interface StormGroup {
  requests: number;
  action: 'view the cart' | 'add' | 'change quantity';
  /** Products the group's requests go to, in turn. */
  products: string[];
  quantity: number;
}

/**
 * Fires many cart requests for one customer at once, interleaving the groups (one of each in turn), and
 * returns every answer: each answer carries the cart as the app was shown it.
 */
export async function cartStorm(
  world: PolicyWorld,
  customer: string,
  mart: string,
  groups: StormGroup[],
): Promise<ApiResponse<CartView>[]> {
  const token = world.actors.token(customer);
  const base = `/me/carts/${world.catalog.martId(mart)}`;
  const productId = (name: string) => world.catalog.product(mart, name).id;
  const requestFor = (group: StormGroup, i: number) => {
    const product = group.products[i % group.products.length]!;
    switch (group.action) {
      case 'view the cart':
        return () => send<CartView>(world.app, 'GET', base, { token });
      case 'add':
        return () =>
          send<CartView>(world.app, 'POST', `${base}/items`, {
            token,
            json: { productId: productId(product), quantity: group.quantity },
          });
      case 'change quantity':
        return () =>
          send<CartView>(world.app, 'PUT', `${base}/items/${productId(product)}`, {
            token,
            json: { quantity: group.quantity },
          });
    }
  };
  const queues = groups.map((group) => Array.from({ length: group.requests }, (_, i) => requestFor(group, i)));
  const interleaved: (() => Promise<ApiResponse<CartView>>)[] = [];
  for (let round = 0; queues.some((q) => q.length > round); round++) {
    for (const queue of queues) if (queue[round]) interleaved.push(queue[round]!);
  }
  return Promise.all(interleaved.map((request) => request()));
}
