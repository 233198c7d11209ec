/** The gateway gave no answer: network error, timeout, 5xx or an unreadable body. Worth retrying. */
export class GatewayUnreachable extends Error {
  override name = 'GatewayUnreachable';
}

/** The gateway answered with a refusal (HTTP 4xx, or PortOne's `code` ≠ 0). Never retried. */
export class GatewayRefused extends Error {
  override name = 'GatewayRefused';

  constructor(
    readonly status: number,
    readonly gatewayCode: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

export const isGatewayError = (error: unknown): error is GatewayUnreachable | GatewayRefused =>
  error instanceof GatewayUnreachable || error instanceof GatewayRefused;
