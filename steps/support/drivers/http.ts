import type { FastifyInstance } from 'fastify';
import type { BearerToken } from '../../../src/platform/auth.ts';

export interface ApiResponse<Body = unknown> {
  status: number;
  body: Body;
}

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export interface RequestOptions {
  token?: BearerToken | undefined;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is, for malformed bodies. */
  raw?: string;
  idempotencyKey?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Requests sent with a method that may change what the service holds (any but GET), in this process. */
export const sent = { changing: 0 };

/** Real HTTP handling through the Fastify app (`inject`: routing, parsing, validation, hooks), no sockets. */
export async function send<Body>(
  app: FastifyInstance,
  method: Method,
  url: string,
  options: RequestOptions = {},
): Promise<ApiResponse<Body>> {
  if (method !== 'GET') sent.changing++;
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.json !== undefined || options.raw !== undefined) headers['content-type'] = 'application/json';
  const response = await app.inject({
    method,
    url,
    headers,
    ...(options.raw !== undefined
      ? { payload: options.raw }
      : options.json !== undefined
        ? { payload: JSON.stringify(options.json) }
        : {}),
  });
  const text = response.body;
  return { status: response.statusCode, body: (text ? JSON.parse(text) : undefined) as Body };
}

/** Fails with the service's own words when a call that should succeed did not. */
export function expectOk<Body>(response: ApiResponse<unknown>, what: string): Body {
  if (response.status >= 400) {
    throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as Body;
}
