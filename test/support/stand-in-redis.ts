// A stand-in Redis for tests that need one without a Redis running (npm test); the real one with REDIS_URL.
import net from 'node:net';

/** A bulk string reply. */
const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;

/**
 * The whole commands at the start of what a client sent (arrays of bulk strings; one character a byte, as latin1
 * reads them), and what follows them: a command split across two reads is read once its rest arrived.
 */
function commands(text: string): { whole: string[][]; rest: string } {
  const whole: string[][] = [];
  let at = 0;
  for (;;) {
    let next = at;
    const read = (pattern: RegExp) => {
      const found = pattern.exec(text.slice(next));
      if (found) next += found[0].length;
      return found ? Number(found[1]) : undefined;
    };
    const count = read(/^\*(\d+)\r\n/);
    if (count === undefined) break;
    const args: string[] = [];
    while (args.length < count) {
      const length = read(/^\$(\d+)\r\n/);
      if (length === undefined || next + length + 2 > text.length) return { whole, rest: text.slice(at) };
      args.push(text.slice(next, next + length));
      next += length + 2;
    }
    whole.push(args);
    at = next;
  }
  return { whole, rest: text.slice(at) };
}

/** What the stand-in Redis answers to one command: enough to connect, ping, subscribe, and find no keys. */
function reply([name = '', ...args]: string[]): string {
  switch (name.toLowerCase()) {
    case 'info':
      return bulk('loading:0\r\n');
    case 'ping':
      return '+PONG\r\n';
    case 'get':
      return '$-1\r\n';
    case 'keys':
      return '*0\r\n';
    case 'subscribe':
      return args.map((channel, i) => `*3\r\n${bulk('subscribe')}${bulk(channel)}:${i + 1}\r\n`).join('');
    case 'hset':
    case 'hdel':
    case 'del':
    case 'publish':
      return ':1\r\n';
    default:
      return '+OK\r\n';
  }
}

/** Enough of a Redis server for a client to connect, ping and subscribe (the real one with REDIS_URL). */
export async function redisServer(): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, close: async () => undefined };
  const server = net.createServer((socket) => {
    let unread = '';
    socket
      // A client cut off (the forwarder drops its connections) may be gone before its answer is written (EPIPE).
      .on('error', () => socket.destroy())
      .on('data', (chunk: Buffer) => {
        const { whole, rest } = commands(unread + chunk.toString('latin1'));
        unread = rest;
        for (const command of whole) {
          if (!socket.writable) return;
          socket.write(reply(command));
          if (command[0]?.toLowerCase() === 'quit') socket.end(); // as Redis does, once it said OK
        }
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `redis://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
