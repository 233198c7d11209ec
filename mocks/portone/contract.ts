import { Contract, type OpenApiDocument } from '../contracts/contract.ts';
import { commonFaultModes } from '../contracts/fault-modes.ts';
import type { VendorContract } from '../contracts/vendor.ts';
import document from './contract.openapi.json' with { type: 'json' };

/** PortOne's `code` of an answer that is not a success (a refusal, or an error such as 401's -1). */
export function refusalCode(body: unknown): number | undefined {
  const code = (body as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'number' && code !== 0 ? code : undefined;
}

/** PortOne v1 REST's contract and fault modes (the mock is index.ts). */
export const portoneContract = {
  name: 'portone',
  contract: new Contract('portone', document as unknown as OpenApiDocument, { refusalCode }),
  faultModes: {
    ...commonFaultModes,
    tokenExpired: 'Every token is treated as expired: each API call but getToken answers 401.',
    tokenExpiredOnce:
      'The token expires early, once: the next API call but getToken answers 401; later ones are answered normally.',
    paymentCallsDown:
      'PortOne is down for its next few API calls but getToken (503); later ones are answered normally.',
    cancelRefusedByChecksum:
      'Someone else cancelled part of the payment first: POST /payments/cancel is refused (code 1) because the ' +
      'checksum no longer matches the cancellable amount.',
    cancelAnswerLost:
      'The next cancel goes through at PortOne, but the connection drops before its answer arrives: the caller ' +
      'cannot tell from the call whether anything was cancelled. Later calls are answered normally.',
    prepareAnswerLost:
      'The next prepare is registered at PortOne, but the connection drops before its answer arrives; a second ' +
      'prepare for the same merchant_uid is then refused as already prepared. Later calls are answered normally.',
  },
} satisfies VendorContract;
