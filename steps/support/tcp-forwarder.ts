import net from 'node:net';

/**
 * A local TCP forwarder between the app under test and a real server (Redis, Postgres), so a scenario can lose
 * that server for its own app only — never for the shared server or anyone else using it. `cut()` refuses new
 * connections and closes open ones (a server gone); `stall()` keeps connections open but forwards nothing (a
 * server that stopped answering); `restore()` forwards again on the same port. `close()` is for good: a `restore()`
 * still under way, or called later, never listens again, so a closed forwarder keeps nothing open in the process.
 */
export class TcpForwarder {
  readonly #pairs = new Set<net.Socket>();
  #server: net.Server | undefined;
  /** A server starting to listen, until it listens (a close waits for it, then closes it). */
  #starting: Promise<void> | undefined;
  #stalled = false;
  #closed = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Starts listening on 127.0.0.1 (a free port the first time, the same one after a cut). */
  async start(): Promise<void> {
    if (this.#closed) throw new Error(`the forwarder on port ${this.port} was closed; it does not listen again`);
    this.#stalled = false;
    // A connection accepted just before a cut, and handed over after it, is dropped as the cut dropped the others.
    const server = net.createServer((client) => (server.listening ? this.#forward(client) : client.destroy()));
    this.#starting = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    try {
      await this.#starting;
    } finally {
      this.#starting = undefined;
    }
    this.port = (server.address() as net.AddressInfo).port;
    if (this.#closed) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw new Error(`the forwarder on port ${this.port} was closed while it started listening again`);
    }
    this.#server = server;
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#dropConnections();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stall(): void {
    this.#stalled = true;
  }

  /** Forwards again: a stalled forwarder drops its stuck connections (clients reconnect), a cut one listens again. */
  async restore(): Promise<void> {
    if (this.#stalled) {
      this.#stalled = false;
      this.#dropConnections();
    }
    if (!this.#server) await this.start();
  }

  /** Stops for good: no restore listens again, and every connection through it is dropped. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#starting?.catch(() => undefined);
    await this.cut();
  }

  #forward(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      this.#pairs.add(from);
      from.on('data', (chunk: Buffer) => {
        if (!this.#stalled) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.#pairs.delete(from);
        to.destroy();
      });
    }
  }

  #dropConnections(): void {
    for (const socket of this.#pairs) socket.destroy();
    this.#pairs.clear();
  }
}
