/**
 * `npm run demo`: the platform API with every vendor mocked in this process (the same fakes the policies run
 * against), one mart with products, and tokens for a customer, the mart's manager and an operator — so the
 * whole path (search, cart, checkout, payment, refund) can be tried with curl, offline. Two routes stand in
 * for what happens outside the platform: the customer paying in PortOne's window, and the delivery report.
 */
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { setupServer } from 'msw/node';
import { vendorHandlers } from '../mocks/handlers.ts';
import { aiSearch, portone, slack } from '../mocks/vendors.ts';
import type { MartId } from '../src/catalog/catalog.types.ts';
import type { BearerToken, CustomerId, ManagerId, OperatorId } from '../src/platform/auth.ts';
import { DAY } from '../src/platform/clock.ts';
import type { Queryable } from '../src/platform/database.ts';
import { loadConfig } from '../src/platform/config.ts';
import { notFound } from '../src/platform/errors.ts';
import { createLogger } from '../src/platform/logger.ts';
import { startPlatform, type RunningPlatform } from '../src/platform/runtime.ts';

const MART_NAME = 'Gangnam Fresh';
const PRODUCTS = [
  { sku: 'MILK-1L', name: '서울우유 1L (Seoul milk 1L)', priceKrw: 2_900, stock: 40, category: 'Dairy' },
  { sku: 'EGGS-10', name: '유기농 계란 10구 (Organic eggs, 10)', priceKrw: 4_500, stock: 25, category: 'Dairy' },
  { sku: 'TOFU-300', name: '국산콩 두부 300g (Tofu 300g)', priceKrw: 1_800, stock: 12, category: 'Pantry' },
  { sku: 'KIMCHI-500', name: '포기김치 500g (Kimchi 500g)', priceKrw: 6_500, stock: 18, category: 'Pantry' },
  { sku: 'MANDARIN-1KG', name: '제주 감귤 1kg (Jeju mandarins 1kg)', priceKrw: 8_900, stock: 30, category: 'Fruit' },
  { sku: 'JAM-300', name: '감귤 잼 300g (Mandarin jam 300g)', priceKrw: 4_500, stock: 9, category: 'Pantry' },
];

export interface Demo {
  platform: RunningPlatform;
  martId: MartId;
  tokens: { customer: BearerToken; manager: BearerToken; operator: BearerToken };
  stop(): Promise<void>;
}

/** Starts the demo: vendors mocked in-process (requests to this machine pass through), a seeded mart, tokens. */
export async function startDemo(env: NodeJS.ProcessEnv = process.env): Promise<Demo> {
  const vendors = setupServer(...vendorHandlers);
  vendors.listen({
    // Calls to this machine (curl, tests) are not vendors; anything else unmocked fails rather than leave it.
    onUnhandledRequest: (request, print) => {
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(new URL(request.url).hostname)) print.error();
    },
  });
  const config = loadConfig(env);
  for (const { webhookUrl } of Object.values(config.alerts.channels)) slack.state.webhooks.add(webhookUrl);
  const platform = await startPlatform(config, createLogger(config.logLevel), standIns).catch((error: unknown) => {
    vendors.close();
    throw error;
  });
  const martId = await seedMart(platform.app, platform.db);
  const { tokens } = platform.app.services;
  return {
    platform,
    martId,
    tokens: {
      customer: tokens.issue({ role: 'customer', customerId: 'customer-jisoo' as CustomerId }, DAY),
      manager: tokens.issue({ role: 'manager', managerId: 'manager-hana' as ManagerId, martIds: [martId] }, DAY),
      operator: tokens.issue({ role: 'operator', operatorId: 'operator-minho' as OperatorId }, DAY),
    },
    async stop() {
      await platform.stop();
      vendors.close();
    },
  };
}

/** The mart and its products, added where missing: a second demo on the same `DATABASE_URL` finds the first one's. */
export async function seedMart(app: FastifyInstance, db: Queryable): Promise<MartId> {
  const { catalog } = app.services;
  const [seeded] = await db.query<{ id: MartId }>('SELECT id FROM marts WHERE name = $1', [MART_NAME]);
  const martId = seeded?.id ?? (await catalog.createMart(MART_NAME)).id;
  const skus = new Set((await catalog.listProducts(martId)).map((p) => p.sku));
  for (const product of PRODUCTS.filter((p) => !skus.has(p.sku)))
    await catalog.addProduct(martId, { ...product, onSale: true });
  aiSearch.state.index(
    martId,
    (await catalog.listProducts(martId)).map((p) => ({ id: p.id, name: p.name })),
  );
  return martId;
}

/** What happens outside the platform, as routes under /demo: they exist only in the demo. */
const standIns: FastifyPluginAsync = async (app) => {
  app.post<{ Params: { orderId: string } }>('/demo/orders/:orderId/pay', async (request) => {
    const { orderId } = request.params;
    if (!portone.state.prepared.has(orderId)) throw notFound('ORDER_NOT_FOUND', `No order ${orderId} awaits payment.`);
    return { impUid: portone.state.pay(orderId).imp_uid };
  });
  app.post<{ Params: { orderId: string } }>('/demo/orders/:orderId/delivered', async (request) => ({
    delivered: await app.services.refunds.refunds.markDelivered(request.params.orderId),
  }));
};

function walkthrough({ platform: { url }, martId, tokens }: Demo): string {
  const as = (token: string) => `-H "Authorization: Bearer ${token}"`;
  const json = '-H "Content-Type: application/json"';
  return `
martbook demo on ${url} — vendors mocked in this process, mart "Gangnam Fresh" (${martId}).

  export API=${url} MART=${martId}
  export CUSTOMER=${tokens.customer}
  export MANAGER=${tokens.manager}
  export OPERATOR=${tokens.operator}

  curl "$API/marts/$MART/search?q=milk"                                       # search (AI, or the catalog)
  curl "$API/marts/$MART/products"                                            # product ids
  curl -X POST "$API/me/carts/$MART/items" ${as('$CUSTOMER')} ${json} -d '{"productId":"<id>","quantity":2}'
  curl -X POST "$API/me/orders" ${as('$CUSTOMER')} ${json} -d '{"martId":"'$MART'"}'
  curl -X POST "$API/demo/orders/<orderId>/pay"                               # pay in PortOne's window
  curl -X POST "$API/me/orders/<orderId>/payment" ${as('$CUSTOMER')} ${json} -d '{"impUid":"<impUid>"}'
  curl -X POST "$API/demo/orders/<orderId>/delivered"                         # the delivery report
  curl "$API/marts/$MART/product-sheet" ${as('$MANAGER')} -o products.xlsx       # export, edit, import
  curl "$API/internal/breakers" ${as('$OPERATOR')}

Tokens last a day. Ctrl-C stops the demo; its data lives in memory only, or in DATABASE_URL when set (a demo started
again there finds its mart and products).
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const demo = await startDemo({ LOG_LEVEL: 'warn', ...process.env });
  console.log(walkthrough(demo));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void demo.stop().finally(() => process.exit(0)));
  }
}
