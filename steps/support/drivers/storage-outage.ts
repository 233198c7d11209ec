import type { BufferedAlert } from '../../../src/alerts/alert.store.ts';
import { InMemoryCartStore } from '../../../src/cart/cart.store.memory.ts';
import { openDatabase, type Database } from '../../../src/platform/database.ts';
import { createLogger } from '../../../src/platform/logger.ts';
import { closeRedis, openRedis, type Redis } from '../../../src/platform/redis.ts';
import { TcpForwarder } from '../tcp-forwarder.ts';
import type { PolicyWorld } from '../world.ts';
import { send, type ApiResponse } from './http.ts';

export type StorageTrouble = 'lost' | 'not answering';

/** The records (Postgres) as the scenario's app sees them, and how the scenario silences them. */
interface SilencedRecords {
  db: Database;
  stall(): void;
  answerAgain(): Promise<void>;
}

/** How long the scenario's own Redis connection waits for a command or a connection (1 s in production). */
const COMMAND_TIMEOUT_MS = 250;
/** How long the scenario's app waits for one database statement (DATABASE_STATEMENT_TIMEOUT_MS, 5 s in production). */
const STATEMENT_TIMEOUT_MS = 200;

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
  #records: SilencedRecords | undefined;
  /** Whether the cart storage is lost or silent now. */
  #down = false;
  #recordsSeen: Database | undefined;
  /** The answers each customer got while trying their cart, newest last. */
  readonly #answers = new Map<string, ApiResponse[]>();

  constructor(private readonly world: PolicyWorld) {}

  /** The scenario's own Redis connection, once a loss moved the app onto it. */
  get redis(): Redis | undefined {
    return this.#redis;
  }

  /**
   * The records (Postgres) as the app sees them: the worker's database until they are silenced, then the
   * scenario's own view of them, bounded by 200 ms. The app keeps running (the embedded carts live in its memory).
   */
  get db(): Database {
    return (this.#recordsSeen ??= switching(() => this.#records?.db ?? this.world.resources.db));
  }

  /**
   * The records stop answering for the scenario's app. Real run: the app moves onto connections of its own
   * through a local TCP forwarder, which keeps them open and forwards nothing. Embedded run: the database, which
   * serves one caller at a time, is held by a transaction that does not end.
   */
  async recordsStopAnswering(): Promise<void> {
    this.#records ??= this.world.resources.db.kind === 'pglite' ? this.#heldRecords() : await this.#forwardedRecords();
    this.#records.stall();
  }

  async recordsAnswerAgain(): Promise<void> {
    await this.#records?.answerAgain();
  }

  async lose(trouble: StorageTrouble): Promise<void> {
    if (!this.world.resources.redis && trouble === 'not answering')
      throw new Error('in-memory stores cannot stop answering: tag the example @real-redis-only');
    this.#down = true;
    if (!this.world.resources.redis) return this.#setTwins(true);
    const forwarder = await this.#throughForwarder();
    if (trouble === 'lost') await forwarder.cut();
    else forwarder.stall();
  }

  async restore(): Promise<void> {
    this.#down = false;
    if (!this.#forwarder || !this.#redis) return this.#setTwins(false);
    // The client reconnects on its own; this waits for that event, not for time to pass. Not events.once: it gives
    // up at the first 'error', and a reconnect tried before the forwarder listens again is refused (ECONNREFUSED).
    const ready = readyAgain(this.#redis, this.#forwarder.port);
    const listening = this.#forwarder.restore().then(
      () => ready.listening(),
      (error: unknown) => {
        throw new Error(`the cart storage could not be brought back: ${(error as Error).message}`, { cause: error });
      },
    );
    try {
      await Promise.race([listening, ready.promise]);
      await ready.promise;
    } finally {
      ready.cancel();
    }
  }

  /** Brings back whatever the scenario left lost or silent, before the app is stopped. */
  async restoreAll(): Promise<void> {
    if (this.#down) await this.restore();
    await this.recordsAnswerAgain();
  }

  /** A customer's app tries to add to or read their cart; the answer is kept for "is told …". */
  async tryCart(customer: string, mart: string, add?: { product: string; quantity: number }): Promise<void> {
    // An add is sent as it is: the cart driver's own changes first read the cart, which the outage would refuse.
    const answer = add
      ? await send(this.world.app, 'POST', `/me/carts/${this.world.catalog.martId(mart)}/items`, {
          token: this.world.actors.token(customer),
          json: { productId: this.world.catalog.product(mart, add.product).id, quantity: add.quantity },
        })
      : await this.world.carts.view(customer, mart);
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

  /** A caller's wait for its turn is measured on the scenario's clock, which moves on while it waits. */
  #heldRecords(): SilencedRecords {
    const { db } = this.world.resources;
    const { clock } = this.world;
    let release: (() => void) | undefined;
    let held: Promise<void> | undefined;
    const answerAgain = async () => {
      clock.passesWhileWaiting = false;
      release?.();
      await held;
      release = held = undefined;
    };
    const stall = () => {
      clock.passesWhileWaiting = true;
      held = db.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    };
    return { db: db.bounded(STATEMENT_TIMEOUT_MS, clock), stall, answerAgain };
  }

  async #forwardedRecords(): Promise<SilencedRecords> {
    const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
    const forwarder = new TcpForwarder({ host: url.hostname, port: Number(url.port || 5432) });
    await forwarder.start();
    url.hostname = '127.0.0.1';
    url.port = String(forwarder.port);
    const db = await openDatabase({
      url: url.toString(),
      schema: this.world.resources.schema,
      statementTimeoutMs: STATEMENT_TIMEOUT_MS,
      logger: createLogger('info', this.world.logs),
    });
    this.world.cleanups.push(async () => {
      await forwarder.close(); // first: a statement still waiting on a silent connection ends with it
      await db.close();
    });
    // An open connection that answered once: the silence falls on it, not only on new ones (which time out connecting).
    await db.query('SELECT 1');
    return { db, stall: () => forwarder.stall(), answerAgain: () => forwarder.restore() };
  }

  #setTwins(unreachable: boolean): void {
    const { cartStore } = this.world.app.services;
    if (!(cartStore instanceof InMemoryCartStore)) throw new Error('the embedded run expects the in-memory stores');
    cartStore.unreachable = unreachable;
    this.world.alertStore.unreachable = unreachable;
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
      await closeRedis(redis);
      await forwarder.close();
    });
    [this.#forwarder, this.#redis] = [forwarder, redis];
    await this.world.start();
    return forwarder;
  }
}

/**
 * Reconnections the scenario's Redis connection may try once the forwarder listens again (at most 50 ms apart, its
 * retry strategy): the first should succeed.
 */
const RECONNECTS_ONCE_BACK = 20;

/**
 * The scenario's Redis connection ready again. Bringing the storage back always drops the connection (a stall's
 * stuck one too), so the client reconnects; once `listening()` says the forwarder listens again, a connection that
 * tried `RECONNECTS_ONCE_BACK` times without being ready fails the step naming where it tried and why, counted in
 * attempts rather than waited for in time.
 */
function readyAgain(redis: Redis, port: number): { promise: Promise<void>; listening(): void; cancel(): void } {
  let lastError: unknown;
  let attempts: number | undefined;
  const failed = (error: unknown) => (lastError = error);
  let cancel: () => void = () => undefined;
  const promise = new Promise<void>((resolve, reject) => {
    const ready = () => {
      cancel();
      resolve();
    };
    const reconnecting = () => {
      if (attempts === undefined || ++attempts < RECONNECTS_ONCE_BACK) return;
      cancel();
      const why = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      reject(
        new Error(
          `the cart storage did not come back: the scenario's Redis connection through 127.0.0.1:${port} tried ` +
            `${RECONNECTS_ONCE_BACK} times since the storage listens again, and is ${redis.status}${why}`,
        ),
      );
    };
    cancel = () => {
      redis.off('ready', ready);
      redis.off('error', failed);
      redis.off('reconnecting', reconnecting);
    };
    redis.on('ready', ready);
    redis.on('error', failed);
    redis.on('reconnecting', reconnecting);
  });
  return { promise, listening: () => void (attempts ??= 0), cancel };
}

/** A database that sends every call to whichever `current()` names at the time of the call. */
function switching(current: () => Database): Database {
  return {
    get kind() {
      return current().kind;
    },
    query: <Row>(sql: string, params?: readonly unknown[]) => current().query<Row>(sql, params),
    transaction: (work, options) => current().transaction(work, options),
    exec: (sql) => current().exec(sql),
    bounded: (ms, clock) => current().bounded(ms, clock),
    close: () => current().close(),
  };
}
