import { DAY } from '../platform/clock.ts';
import { positiveInt, type EnvOf } from '../platform/env.ts';

export const cartEnv = {
  CART_MAX_QUANTITY: positiveInt.default(99),
  CART_MAX_LINES: positiveInt.default(50),
  CART_TTL_DAYS: positiveInt.default(30),
};

export interface CartPolicyConfig {
  /** Highest quantity one cart line may hold. */
  maxQuantity: number;
  /** Most lines (distinct products) one cart may hold. */
  maxLines: number;
  /** A cart untouched for this long is gone. */
  ttlMs: number;
}

export const cartConfig = (e: EnvOf<typeof cartEnv>): CartPolicyConfig => ({
  maxQuantity: e.CART_MAX_QUANTITY,
  maxLines: e.CART_MAX_LINES,
  ttlMs: e.CART_TTL_DAYS * DAY,
});
