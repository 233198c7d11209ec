import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { RefundPolicyConfig } from './refund.config.ts';

// The SDK's documented switch for its "Node 20 support ends" notice (the project runs on Node 20 and 24).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Where refund images are kept: one PutObject per image, to a key the caller chose. */
export interface ImageStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  close(): void;
}

/**
 * S3 through `@aws-sdk/client-s3`, path-style (the mock and most S3-compatible stores want it). The SDK's own
 * retries are off (`maxAttempts: 1`): the outbox retries with its backoff on the platform's clock.
 */
export function s3ImageStorage(config: RefundPolicyConfig['storage']): ImageStorage {
  // Made on the first upload: building an S3 client costs milliseconds, and most instances never upload.
  let client: S3Client | undefined;
  const s3 = () =>
    (client ??= new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: true,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      maxAttempts: 1,
      requestHandler: { requestTimeout: config.timeoutMs, connectionTimeout: config.timeoutMs },
    }));
  return {
    async put(key, bytes, contentType) {
      await s3().send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: bytes, ContentType: contentType }));
    },
    close: () => client?.destroy(),
  };
}
