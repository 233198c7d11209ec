import { createHash } from 'node:crypto';

export interface StoredObject {
  body: Uint8Array;
  contentType: string;
  etag: string;
}

/** S3 as a fake: keeps every object put, by bucket and key. */
export class ObjectStorageFake {
  /** Objects by `bucket/key`. */
  readonly objects = new Map<string, StoredObject>();

  put(bucket: string, key: string, body: Uint8Array, contentType: string): StoredObject {
    const object = { body, contentType, etag: `"${createHash('md5').update(body).digest('hex')}"` };
    this.objects.set(`${bucket}/${key}`, object);
    return object;
  }

  get(bucket: string, key: string): StoredObject | undefined {
    return this.objects.get(`${bucket}/${key}`);
  }

  reset(): void {
    this.objects.clear();
  }
}
