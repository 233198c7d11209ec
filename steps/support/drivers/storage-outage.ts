import { once } from 'node:events';
import { InMemoryAlertStore } from '../../../src/alerts/alert.store.memory.ts';
import type { BufferedAlert } from '../../../src/alerts/alert.store.ts';
import { InMemoryCartStore } from '../../../src/cart/cart.store.memory.ts';
import { createLogger } from '../../../src/platform/logger.ts';
import { openRedis, type Redis } from '../../../src/platform/redis.ts';
import { TcpForwarder } from '../tcp-forwarder.ts';
import type { PolicyWorld } from '../world.ts';
import { send, type ApiResponse } from './http.ts';

export type StorageTrouble = 'lost' | 'not answering';

/** How long the scenario's own Redis connection waits for a command or a connection (1 s in production). */
const COMMAND_TIMEOUT_MS = 250;

/**
 * Loses the storage behind carts and alerts (Redis) for the scenario's app only, and brings it back.
 * Real run: the first loss moves the app onto a Redis connection of its own through a local TCP forwarder
 * (the app is restarted on it; carts and alerts stay in Redis), then cuts or stalls the forwarder — the shared
 * Redis server and every other connection to it are never touched. Embedded run: the in-memory twins are made
 * unreachable.
 */
export class StorageOutage {
  #forwarder: TcpForwarder | undefined;
  #redis: Redis | undefined;
  /** The answers each customer got while trying their cart, newest last. */
  readonly #answers = new Map<string, ApiResponse[]>();

  constructor(private readonly world: PolicyWorld) {}

  /** The scenario's own Redis connection, once a loss moved the app onto it. */
  get redis(): Redis | undefined {
    return this.#redis;
  }

  async lose(trouble: StorageTrouble): Promise<void> {
    if (!this.world.resources.redis) return this.#setTwins(true);
    const forwarder = await this.#throughForwarder();
    if (trouble === 'lost') await forwarder.cut();
    else forwarder.stall();
  }

  async restore(): Promise<void> {
    if (!this.#forwarder || !this.#redis) return this.#setTwins(false);
    const ready = once(this.#redis, 'ready');
    await this.#forwarder.restore();
    await ready; // the client reconnects on its own; this waits for that event, not for time to pass
  }

  /** A customer's app tries to add to or read their cart; the answer is kept for "is told …". */
  async tryCart(customer: string, mart: string, add?: { product: string; quantity: number }): Promise<void> {
    const token = this.world.actors.token(customer);
    const url = `/me/carts/${this.world.catalog.martId(mart)}`;
    const answer = add
      ? await send(this.world.app, 'POST', `${url}/items`, {
          token,
          json: { productId: this.world.catalog.product(mart, add.product).id, quantity: add.quantity },
        })
      : await send(this.world.app, 'GET', url, { token });
    this.#answers.set(customer, [...(this.#answers.get(customer) ?? []), answer]);
    this.world.lastResponse = answer;
  }

  lastAnswer(customer: string): ApiResponse | undefined {
    return this.#answers.get(customer)?.at(-1);
  }

  /** Error alerts the app keeps in its own memory because the alert buffer could not take them. */
  async keptLocally(): Promise<{ buffered: BufferedAlert[]; dropped: number }> {
    await this.world.app.services.alerts.recorded();
    return this.world.app.services.alerts.keptLocally('error');
  }

  #setTwins(unreachable: boolean): void {
    const { cartStore, alerts } = this.world.app.services;
    if (!(cartStore instanceof InMemoryCartStore) || !(alerts.store instanceof InMemoryAlertStore))
      throw new Error('the embedded run expects the in-memory stores');
    cartStore.unreachable = unreachable;
    alerts.store.unreachable = unreachable;
  }

  async #throughForwarder(): Promise<TcpForwarder> {
    if (this.#forwarder) return this.#forwarder;
    const url = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const forwarder = new TcpForwarder({ host: url.hostname, port: Number(url.port || 6379) });
    await forwarder.start();
    url.hostname = '127.0.0.1';
    url.port = String(forwarder.port);
    const redis = await openRedis(url.toString(), {
      commandTimeoutMs: COMMAND_TIMEOUT_MS,
      connectTimeoutMs: COMMAND_TIMEOUT_MS,
      reconnectMaxDelayMs: 50,
      logger: createLogger('info', this.world.logs),
    });
    this.world.cleanups.push(async () => {
      await redis.quit().catch(() => redis.disconnect());
      await forwarder.close();
    });
    [this.#forwarder, this.#redis] = [forwarder, redis];
    await this.world.start();
    return forwarder;
  }
}
