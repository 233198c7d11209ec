import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { portone, slack } from '../mocks/vendors.ts';
import { startDemo, type Demo } from '../scripts/demo.ts';

/**
 * Every hostile input an outsider sent to the API, sent to every route the app serves (read from the app
 * itself, so a new route is covered without touching this file): each must be a 4xx with a stable code in the
 * platform's `{ error: { code, message } }` shape, write nothing, move no money and raise no alert. An id that
 * names nothing is no server fault either.
 * Runs on the embedded database, or on real Postgres + Redis with DATABASE_URL / REDIS_URL set.
 */

interface Route {
  method: string;
  url: string;
}

/** Every route and method, read from Fastify's route tree (`HEAD` is GET's twin and skipped). */
function routesOf(tree: string): Route[] {
  const routes: Route[] = [];
  const prefixes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const url = (prefixes[depth - 1] ?? '') + match[2]!;
    prefixes[depth] = url;
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push({ method, url });
  }
  return routes;
}

const STABLE_CODE = /^[A-Z][A-Z_]+[A-Z]$/;
const BOUNDARY = 'hostile-boundary';

/** A multipart body from raw parts; each part is its headers and content. */
function multipart(
  parts: { name: string; content: string; filename?: string; headers?: string }[],
  close = true,
): string {
  const body = parts
    .map((p) => {
      const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
      return `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${p.headers ?? ''}\r\n${p.content}\r\n`;
    })
    .join('');
  return close ? `${body}--${BOUNDARY}--\r\n` : body;
}
const multipartType = `multipart/form-data; boundary=${BOUNDARY}`;

type Hostile = { name: string; codes: string[] } & Pick<InjectOptions, 'payload' | 'headers'>;

const JSON_BODIES: Hostile[] = [
  {
    name: 'a NUL in a text field',
    payload: '{"reason":"broken\\u0000egg","martId":"x","productId":"x","impUid":"x","quantity":1}',
  },
  {
    name: 'a NUL in an id',
    payload: '{"productId":"\\u0000","martId":"\\u0000","impUid":"\\u0000","merchant_uid":"\\u0000","imp_uid":"x"}',
  },
  { name: 'a lone surrogate in a text field', payload: '{"reason":"egg \\ud83e broken","quantity":1}' },
  { name: 'a control character in a key', payload: '{"re\\u0001ason":"broken"}' },
  { name: 'a NUL deep inside', payload: `{"products":${'['.repeat(500)}"\\u0000"${']'.repeat(500)}}` },
].map((h) => ({ ...h, headers: { 'content-type': 'application/json' }, codes: ['INVALID_CHARACTERS'] }));

const MULTIPART_BODIES: Hostile[] = [
  ...['__proto__', 'constructor', 'hasOwnProperty'].map((name) => ({
    name: `a form field named ${name}`,
    payload: multipart([{ name, content: 'x' }]),
    codes: ['FORBIDDEN_FIELD_NAME'],
  })),
  {
    name: 'a form field declared JSON that is not',
    payload: multipart([{ name: 'products', content: '{not json', headers: 'Content-Type: application/json\r\n' }]),
    codes: ['MALFORMED_JSON_FIELD'],
  },
  {
    name: 'too many form fields',
    payload: multipart(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, content: 'x' }))),
    codes: ['TOO_MANY_FIELDS', 'REFUND_TOO_MANY_FIELDS'],
  },
  {
    name: 'too many files',
    payload: multipart(
      Array.from({ length: 30 }, (_, i) => ({
        name: 'file',
        filename: `f${i}.png`,
        content: 'x',
        headers: 'Content-Type: image/png\r\n',
      })),
    ),
    codes: ['TOO_MANY_FILES', 'TOO_MANY_PARTS', 'REFUND_TOO_MANY_IMAGES', 'REFUND_UNEXPECTED_FILE'],
  },
  {
    name: 'a body cut before its closing boundary',
    payload: multipart([{ name: 'reason', content: 'broken eggs' }], false).slice(0, -4),
    codes: ['MULTIPART_INCOMPLETE'],
  },
  {
    name: 'a NUL in a form field',
    payload: multipart([
      { name: 'reason', content: 'broken\u0000eggs' },
      { name: 'token', content: 'preview\u0000token' },
      { name: 'products', content: '[{"productId":"\\u0000","quantity":1}]' },
    ]),
    codes: ['INVALID_CHARACTERS'],
  },
].map((h) => ({ ...h, headers: { 'content-type': multipartType } }));

const LONG_BOUNDARY = 'b'.repeat(300);
const BAD_BOUNDARIES: Hostile[] = [
  {
    name: 'multipart without a boundary',
    headers: { 'content-type': 'multipart/form-data' },
    payload: multipart([{ name: 'reason', content: 'x' }]),
    codes: ['MULTIPART_BOUNDARY_MISSING'],
  },
  {
    name: 'a multipart boundary of 300 characters',
    headers: { 'content-type': `multipart/form-data; boundary=${LONG_BOUNDARY}` },
    payload: `--${LONG_BOUNDARY}\r\nContent-Disposition: form-data; name="reason"\r\n\r\nx\r\n--${LONG_BOUNDARY}--\r\n`,
    codes: ['MULTIPART_BOUNDARY_INVALID'],
  },
];

/** One demo for both suites: what Node refuses before routing never reaches the state the first suite checks. */
let demo: Demo;
before(async () => {
  demo = await startDemo({ ...process.env, PORT: '0', LOG_LEVEL: 'silent' });
});
after(() => demo.stop());

describe('hostile input at every route', () => {
  let routes: Route[];
  let orderId: string;
  let productId: string;
  /** Routes that read a multipart body: they answer an empty form with something other than 415. */
  const multipartRoutes = new Set<Route>();

  const tokenFor = (url: string) =>
    url.startsWith('/me')
      ? demo.tokens.customer
      : url.startsWith('/internal')
        ? demo.tokens.operator
        : demo.tokens.manager;
  /** The route's path with real ids (so a request reaches as deep as it can), one parameter replaced if asked. */
  const pathOf = (route: Route, replace?: { param: string; value: string }) =>
    route.url.replace(/:(\w+)/g, (_, param: string) =>
      replace?.param === param
        ? replace.value
        : (({ martId: demo.martId, orderId, productId } as Record<string, string>)[param] ?? 'x'),
    );
  const send = (route: Route, options: Omit<InjectOptions, 'method'> & { url: string }) =>
    demo.platform.app.inject({
      method: route.method as 'GET',
      ...options,
      headers: { authorization: `Bearer ${tokenFor(route.url)}`, ...options.headers },
    });

  const refusals: string[] = [];
  const failures: string[] = [];
  /** Records a failure unless this is a 4xx in the platform's shape with a stable code (one of `codes` when given). */
  function assertRefused(response: LightMyRequestResponse, what: string, codes?: string[]) {
    let code: unknown;
    let message: unknown;
    try {
      ({ code, message } = response.json<{ error: { code?: unknown; message?: unknown } }>().error);
    } catch {
      // not the platform's shape: reported below
    }
    const refused =
      response.statusCode >= 400 &&
      response.statusCode < 500 &&
      STABLE_CODE.test(String(code)) &&
      typeof message === 'string';
    if (refused && (!codes || codes.includes(String(code)))) refusals.push(String(code));
    else
      failures.push(
        `${what}: ${response.statusCode} ${response.body.slice(0, 200)}${codes ? ` — expected one of ${codes.join(', ')}` : ''}`,
      );
  }

  /** Records a failure if an id that names nothing ends in a server fault (a 4xx must still be in the platform's shape). */
  function assertNoFault(response: LightMyRequestResponse, what: string) {
    if (response.statusCode >= 400) assertRefused(response, what);
  }

  let written: () => Promise<string>;

  before(async () => {
    const { app, db } = demo.platform;
    routes = routesOf(app.printRoutes({ commonPrefix: false }));
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    productId = (await app.inject({ url: `/marts/${demo.martId}/products` })).json<{ products: { id: string }[] }>()
      .products[0]!.id;
    await app.inject({
      method: 'POST',
      url: `/me/carts/${demo.martId}/items`,
      headers: auth(demo.tokens.customer),
      payload: { productId, quantity: 1 },
    });
    orderId = (
      await app.inject({
        method: 'POST',
        url: '/me/orders',
        headers: auth(demo.tokens.customer),
        payload: { martId: demo.martId },
      })
    ).json<{ id: string }>().id;
    const { imp_uid: impUid } = portone.state.pay(orderId);
    await app.inject({
      method: 'POST',
      url: `/me/orders/${orderId}/payment`,
      headers: auth(demo.tokens.customer),
      payload: { impUid },
    });
    await app.inject({
      method: 'POST',
      url: `/me/carts/${demo.martId}/items`,
      headers: auth(demo.tokens.customer),
      payload: { productId, quantity: 2 },
    });
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const empty = await send(route, {
        url: pathOf(route),
        headers: { 'content-type': multipartType },
        payload: multipart([]),
      });
      if (empty.json<{ error?: { code?: string } }>().error?.code !== 'UNSUPPORTED_MEDIA_TYPE')
        multipartRoutes.add(route);
    }
    /** Everything the platform keeps: every table's rows, the customer's carts, the payments at the gateway. */
    written = async () => {
      const tables = await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
      );
      const rows = await Promise.all(
        tables.map(async ({ name }) => [name, await db.query(`SELECT * FROM "${name}" ORDER BY 1`)]),
      );
      const carts = (await app.inject({ url: '/me/carts', headers: auth(demo.tokens.customer) })).body;
      return JSON.stringify({ rows, carts, payments: [...portone.state.payments.values()] });
    };
  });

  it('reads the routes from the app, the multipart ones included', () => {
    assert.ok(routes.length >= 15, `found ${routes.length} routes`);
    assert.ok(routes.some((r) => r.method === 'POST' && r.url === '/marts/:martId/orders/:orderId/refunds'));
    assert.ok(multipartRoutes.size >= 3, `found ${multipartRoutes.size} multipart routes`);
  });

  it('refuses each hostile input at each route with a stable 4xx, writing nothing, moving no money, raising no alert', async () => {
    const before = await written();
    const slackMessages = slack.state.messages.length;
    for (const route of routes) {
      for (const param of route.url.match(/:\w+/g) ?? []) {
        for (const value of ['%00', 'mart%00id', '%01', '%0A', `${'%F0%9F%A5%9A'}%7F`]) {
          const url = pathOf(route, { param: param.slice(1), value });
          assertRefused(await send(route, { url }), `${route.method} ${url}`, ['INVALID_CHARACTERS']);
        }
        const nothing = pathOf(route, { param: param.slice(1), value: 'no-such-id' });
        assertNoFault(await send(route, { url: nothing }), `${route.method} ${nothing}`);
        const surrogate = pathOf(route, { param: param.slice(1), value: 'egg%ED%A0%BD' });
        assertRefused(await send(route, { url: surrogate }), `${route.method} ${surrogate}`, [
          'MALFORMED_URL',
          'INVALID_CHARACTERS',
        ]);
        const long = pathOf(route, { param: param.slice(1), value: 'x'.repeat(5_000) });
        assertRefused(
          await send(route, { url: long }),
          `${route.method} ${route.url} with a 5,000-character ${param}`,
          ['URI_TOO_LONG'],
        );
      }
      for (const query of ['q=%00', 'q=milk%1B', 'q=milk&q=%00', 'q[deep]=%C2%85']) {
        const url = `${pathOf(route)}?${query}`;
        assertRefused(await send(route, { url }), `${route.method} ${url}`, ['INVALID_CHARACTERS']);
      }
      const keyed = await send(route, { url: pathOf(route), headers: { 'idempotency-key': 'cancel-\u0001-0001' } });
      assertRefused(keyed, `${route.method} ${route.url} with a control character in Idempotency-Key`, [
        'INVALID_CHARACTERS',
      ]);
      if (route.method === 'GET') continue;
      for (const hostile of [...JSON_BODIES, ...MULTIPART_BODIES, ...BAD_BOUNDARIES]) {
        const codes =
          multipartRoutes.has(route) || JSON_BODIES.includes(hostile) ? hostile.codes : ['UNSUPPORTED_MEDIA_TYPE'];
        const response = await send(route, { url: pathOf(route), headers: hostile.headers, payload: hostile.payload });
        assertRefused(response, `${route.method} ${route.url} with ${hostile.name}`, codes);
      }
    }
    await demo.platform.app.services.alerts.flush();
    assert.deepEqual(failures, []);
    assert.equal(await written(), before, 'something was written');
    assert.equal(slack.state.messages.length, slackMessages, 'an alert was raised');
    assert.ok(refusals.length >= 400, `only ${refusals.length} refusals: were the routes read?`);
  });

  it('names the field that holds the character, and the character', async () => {
    const route = { method: 'POST', url: '/marts/:martId/orders/:orderId/cancellations' };
    const response = await send(route, { url: pathOf(route), payload: { reason: 'broken\u0000egg', amountKrw: 100 } });
    assert.equal(response.statusCode, 400);
    assert.match(
      response.json<{ error: { message: string } }>().error.message,
      /^body\.reason holds .*U\+0000 at position 6/,
    );
  });

  it('lets tab, line feed and carriage return through in free text, and emoji (surrogate pairs) anywhere', async () => {
    const route = { method: 'POST', url: '/me/carts/:martId/items' };
    const response = await send(route, {
      url: `${pathOf(route)}?note=%F0%9F%A5%9A`,
      payload: { productId: `${productId}\n`, quantity: 1 },
    });
    assert.equal(response.json<{ error: { code: string } }>().error.code, 'PRODUCT_NOT_FOUND');
  });
});

describe('requests Node refuses before routing', () => {
  /** Writes raw bytes to the listening API and reads the whole answer until it closes the connection. */
  const raw = (request: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const { hostname, port } = new URL(demo.platform.url);
      const socket = connect(Number(port), hostname, () => socket.end(request));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = answer.split('\r\n\r\n');
        resolve({ status: Number(head.split(' ')[1]), body: JSON.parse(body) as unknown });
      });
    });

  const cases: [string, string, number, string][] = [
    [
      'headers larger than allowed',
      `GET /me/carts HTTP/1.1\r\nHost: x\r\nX-Junk: ${'a'.repeat(20_000)}\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a URL larger than allowed',
      `GET /marts/${'m'.repeat(20_000)}/products HTTP/1.1\r\nHost: x\r\n\r\n`,
      431,
      'HEADERS_TOO_LARGE',
    ],
    [
      'a path parameter longer than any id',
      `GET /marts/${'m'.repeat(500)}/products HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      414,
      'URI_TOO_LONG',
    ],
    [
      'Content-Length and Transfer-Encoding together (request smuggling)',
      'POST /payments/portone/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /internal/breakers HTTP/1.1\r\nHost: x\r\n\r\n',
      400,
      'MALFORMED_REQUEST',
    ],
    [
      'a NUL in a header',
      'GET /me/carts HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0000bcdefgh\r\n\r\n',
      400,
      'MALFORMED_REQUEST',
    ],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400, 'MALFORMED_REQUEST'],
  ];
  for (const [what, request, status, code] of cases) {
    it(`answers ${what} with ${status} ${code} in the platform's shape`, async () => {
      const answer = await raw(request);
      assert.equal(answer.status, status);
      assert.deepEqual(Object.keys(answer.body as object), ['error']);
      assert.equal((answer.body as { error: { code: string } }).error.code, code);
    });
  }
});
