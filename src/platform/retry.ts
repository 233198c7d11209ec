import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';

export interface RetryConfig {
  attempts: number;
  /** The first backoff delay; later ones grow exponentially up to `maxDelayMs`. 0 in scenarios: nothing sleeps. */
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface RetryEvent {
  /** The attempt that just failed, from 1. */
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Runs a piece of work again while it fails in a way worth retrying. */
export interface Retry {
  execute<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * Our one wrapper around cockatiel: up to `attempts` tries in all while `isTransient(error)`, with exponential
 * backoff and decorrelated jitter between them. Any other error ends it at once; when the tries run out the
 * last error is thrown, for the caller's fallback to handle.
 */
export function retrying(
  config: RetryConfig,
  isTransient: (error: unknown) => boolean,
  onRetry?: (event: RetryEvent) => void,
): Retry {
  const policy = retry(handleWhen(isTransient), {
    maxAttempts: config.attempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: config.initialDelayMs, maxDelay: config.maxDelayMs }),
  });
  if (onRetry) {
    policy.onRetry((event) =>
      onRetry({ attempt: event.attempt, delayMs: event.delay, error: 'error' in event ? event.error : event.value }),
    );
  }
  return { execute: (work) => policy.execute(() => work()) };
}
