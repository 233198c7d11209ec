/**
 * The safe requests `contracts:verify` sends to a live vendor: reads, a token issue, and requests the vendor
 * must refuse without changing anything. Operations that write (prepare, cancel, post a message) are not sent.
 */
export interface ProbeRequest {
  method: string;
  /** Path under the base URL, e.g. `/payments/imp_000000000000`. */
  path: string;
  headers?: Record<string, string>;
  json?: unknown;
}

export interface ProbeExchange {
  request: ProbeRequest;
  response: Response;
}

export type Probe = { operationId: string } & (
  | {
      /** Builds the request from the environment and what earlier probes remembered (e.g. a token). */
      request(env: NodeJS.ProcessEnv, remembered: Record<string, string>): ProbeRequest;
      /** Keeps something from a conforming answer for later probes. */
      remember?(body: unknown, remembered: Record<string, string>): void;
    }
  | {
      /** For clients that build and sign their own requests (the S3 SDK): sends, and returns both sides. */
      exchange(baseUrl: string, env: NodeJS.ProcessEnv): Promise<ProbeExchange>;
    }
);

export interface VendorProbes {
  probes: Probe[];
  /** Environment variables the probes need. */
  requiredEnv: string[];
  /** Why the other operations are not probed. */
  skipped: string;
}

import { s3Exchange } from './contracts-verify-s3.ts';

const json = (body: unknown): ProbeRequest['headers'] =>
  body === undefined ? {} : { 'content-type': 'application/json' };

export const vendorProbes: Record<string, VendorProbes> = {
  portone: {
    requiredEnv: ['PORTONE_API_KEY', 'PORTONE_API_SECRET'],
    skipped: 'writes (prepare, cancel) are never sent to a live vendor',
    probes: [
      {
        operationId: 'getToken',
        request: (env) => {
          const body = { imp_key: env.PORTONE_API_KEY, imp_secret: env.PORTONE_API_SECRET };
          return { method: 'POST', path: '/users/getToken', headers: json(body), json: body };
        },
        remember: (body, remembered) => {
          const token = (body as { response?: { access_token?: unknown } } | undefined)?.response?.access_token;
          if (typeof token === 'string') remembered.token = token;
        },
      },
      {
        operationId: 'getPaymentByImpUid',
        request: (env, { token = '' }) => ({
          method: 'GET',
          path: `/payments/${encodeURIComponent(env.PORTONE_VERIFY_IMP_UID ?? 'imp_000000000000')}`,
          headers: { authorization: token },
        }),
      },
      {
        operationId: 'getPaymentPrepareByMerchantUid',
        request: (env, { token = '' }) => ({
          method: 'GET',
          path: `/payments/prepare/${encodeURIComponent(env.PORTONE_VERIFY_MERCHANT_UID ?? 'martbook-contract-verify')}`,
          headers: { authorization: token },
        }),
      },
    ],
  },
  'ai-search': {
    requiredEnv: ['AI_SEARCH_API_KEY'],
    skipped: 'none: search is read-only',
    probes: [
      {
        operationId: 'searchProducts',
        request: (env) => {
          const body = { query: 'milk', mart: env.AI_SEARCH_VERIFY_MART ?? 'martbook-contract-verify', limit: 1 };
          return {
            method: 'POST',
            path: '/search',
            headers: { ...json(body), 'x-api-key': env.AI_SEARCH_API_KEY ?? '' },
            json: body,
          };
        },
      },
    ],
  },
  'object-storage': {
    requiredEnv: ['S3_VERIFY_BUCKET', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    skipped: 'PutObject writes, and is never sent to a live vendor',
    probes: [
      // Reads of a key that should not exist (S3_VERIFY_KEY to read a real one): 404 is in the contract.
      { operationId: 'HeadObject', exchange: (baseUrl, env) => s3Exchange(baseUrl, env, 'HeadObject') },
      { operationId: 'GetObject', exchange: (baseUrl, env) => s3Exchange(baseUrl, env, 'GetObject') },
    ],
  },
  slack: {
    requiredEnv: ['SLACK_WEBHOOK_PATH'],
    skipped: 'none',
    probes: [
      {
        // An empty message is refused (400 no_text) and posts nothing.
        operationId: 'postWebhookMessage',
        request: (env) => ({ method: 'POST', path: env.SLACK_WEBHOOK_PATH ?? '', headers: json({}), json: {} }),
      },
    ],
  },
};
