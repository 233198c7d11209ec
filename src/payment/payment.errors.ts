import { DomainError } from '../platform/errors.ts';
import { GatewayRefused, GatewayUnreachable } from './portone.errors.ts';

/**
 * A gateway error as the platform's answer: 503 when it could not be reached, 502 when it refused. The
 * gateway's own words are for the log, never for the client.
 */
export function gatewayFailure(error: unknown, message: string): unknown {
  if (error instanceof GatewayUnreachable) return new DomainError(503, 'PAYMENT_GATEWAY_UNAVAILABLE', message);
  if (error instanceof GatewayRefused) return new DomainError(502, 'PAYMENT_GATEWAY_REFUSED', message);
  return error;
}
