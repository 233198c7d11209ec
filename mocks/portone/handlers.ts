import { http, HttpResponse, type HttpResponseResolver } from 'msw';
import type { components } from './contract.types.ts';
import type { CancelRequest, PortOneFake } from './fake.ts';

export const portoneBaseUrl = 'https://api.iamport.kr';

type Schemas = components['schemas'];
type Envelope = Schemas['ResponseAnnotation'] & { response: unknown };

/** PortOne answers refusals with HTTP 200 and a non-zero `code`; success has code 0 and message null. */
export const ok = <T extends Envelope>(response: T['response']) =>
  HttpResponse.json({ code: 0, message: null, response });
export const refused = (message: string, status = 200) =>
  HttpResponse.json({ code: 1, message, response: null }, { status });
export const unauthorized = () =>
  HttpResponse.json({ code: -1, message: 'Unauthorized', response: null }, { status: 401 });

/** Reads a PortOne request body, JSON or form-encoded (the vendor accepts both), as text fields. */
async function fields(request: Request): Promise<Record<string, string | number | undefined>> {
  if (request.headers.get('content-type')?.includes('application/json'))
    return (await request.json()) as Record<string, string | number>;
  return Object.fromEntries(new URLSearchParams(await request.text()));
}

const text = (value: string | number | undefined): string | undefined =>
  value === undefined ? undefined : String(value);
const number = (value: string | number | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);

/** The fields of a `POST /payments/prepare` body. */
export async function prepareRequestOf(
  request: Request,
): Promise<{ merchantUid: string; amount: number; currency: string | undefined }> {
  const body = await fields(request);
  return {
    merchantUid: text(body.merchant_uid) ?? '',
    amount: number(body.amount) ?? 0,
    currency: text(body.currency),
  };
}

/** The fields of a `POST /payments/cancel` body. */
export async function cancelRequestOf(request: Request): Promise<CancelRequest> {
  const body = await fields(request);
  return {
    imp_uid: text(body.imp_uid),
    merchant_uid: text(body.merchant_uid),
    amount: number(body.amount),
    checksum: number(body.checksum),
    reason: text(body.reason),
  };
}

/** Requires a live access token before running the resolver. */
function authorized(
  fake: PortOneFake,
  resolver: HttpResponseResolver<Record<string, string>>,
): HttpResponseResolver<Record<string, string>> {
  return (info) => (fake.isAuthorized(info.request.headers.get('authorization')) ? resolver(info) : unauthorized());
}

/** The vendor's normal behaviour, backed by the fake's state. */
export function portoneHandlers(fake: PortOneFake, baseUrl = portoneBaseUrl) {
  return [
    http.post(`${baseUrl}/users/getToken`, async ({ request }) => {
      const body = await fields(request);
      const token = fake.issueToken(text(body.imp_key) ?? '', text(body.imp_secret) ?? '');
      return token ? ok<Schemas['AuthResponse']>(token) : unauthorized();
    }),
    http.get(
      `${baseUrl}/payments/prepare/:merchant_uid`,
      authorized(fake, ({ params }) => {
        const prepared = fake.prepared.get(params.merchant_uid ?? '');
        return prepared
          ? ok<Schemas['PaymentPrepareResponse']>(prepared)
          : refused('no prepared payment for this merchant_uid');
      }),
    ),
    http.get(
      `${baseUrl}/payments/:imp_uid`,
      authorized(fake, ({ params }) => {
        const payment = fake.find(params.imp_uid);
        return payment ? ok<Schemas['PaymentResponse']>(payment) : refused('no such payment', 404);
      }),
    ),
    http.post(
      `${baseUrl}/payments/prepare`,
      authorized(fake, async ({ request }) => {
        const { merchantUid, amount, currency } = await prepareRequestOf(request);
        const prepared = fake.prepare(merchantUid, amount, currency);
        return typeof prepared === 'string' ? refused(prepared) : ok<Schemas['PaymentPrepareResponse']>(prepared);
      }),
    ),
    http.post(
      `${baseUrl}/payments/cancel`,
      authorized(fake, async ({ request }) => {
        const payment = fake.cancel(await cancelRequestOf(request));
        return typeof payment === 'string' ? refused(payment) : ok<Schemas['PaymentResponse']>(payment);
      }),
    ),
  ];
}
