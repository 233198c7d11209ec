import { createSigner, createVerifier } from 'fast-jwt';
import type { Clock } from '../../platform/clock.ts';
import { DomainError } from '../../platform/errors.ts';
import type { RowClass } from './classify.ts';

/** What a preview promised: this file, against this state of the mart's products, classified so. */
export interface PreviewClaims {
  mart: string;
  fileSha256: string;
  catalogFingerprint: string;
  counts: Record<RowClass, number>;
}

/** Preview tokens are signed, expire, and carry everything the commit must re-check. Nothing is stored. */
export function createPreviewTokens(secret: string, clock: Clock, ttlMs: number) {
  return {
    issue(claims: PreviewClaims): string {
      return createSigner({ key: secret, expiresIn: ttlMs, clockTimestamp: clock.now() })({
        ...claims,
        purpose: 'product-import',
      });
    },
    verify(token: string): PreviewClaims {
      try {
        const claims = createVerifier({ key: secret, clockTimestamp: clock.now() })(token) as PreviewClaims & {
          purpose?: string;
        };
        if (claims.purpose === 'product-import') return claims;
      } catch (error) {
        if ((error as { code?: string }).code === 'FAST_JWT_EXPIRED') {
          throw new DomainError(
            409,
            'IMPORT_PREVIEW_EXPIRED',
            'This preview has expired; upload the sheet again to preview it.',
          );
        }
      }
      throw new DomainError(400, 'IMPORT_TOKEN_INVALID', 'The preview token is not valid.');
    },
  };
}

export type PreviewTokens = ReturnType<typeof createPreviewTokens>;
