import { objectStorage } from '../../../mocks/vendors.ts';
import type { PolicyWorld } from '../world.ts';

/** The mocked object storage (S3): its faults, the objects it keeps, and how often each was stored. */
export class ObjectStorageDriver {
  constructor(private readonly world: PolicyWorld) {}

  /** The objects under `prefix` in the configured bucket: key → bytes. */
  objectsUnder(prefix: string): Map<string, Uint8Array> {
    const bucket = this.world.config.refund.storage.bucket;
    const found = new Map<string, Uint8Array>();
    for (const [path, object] of objectStorage.state.objects) {
      if (path.startsWith(`${bucket}/${prefix}`)) found.set(path.slice(bucket.length + 1), object.body);
    }
    return found;
  }

  /** How many times in the scenario the object at `key` was stored successfully (PutObject answered 200). */
  async timesStored(key: string): Promise<number> {
    const puts = await this.world.vendors.ledger.calls({ vendor: objectStorage.name, operationId: 'PutObject' });
    const bucket = this.world.config.refund.storage.bucket;
    return puts.filter((put) => put.status === 200 && put.pathParams.Bucket === bucket && put.pathParams.Key === key)
      .length;
  }

  down(): void {
    this.world.vendors.faults.fail(objectStorage, 'down');
  }

  /** Holds every request until the client gives up: slower than any request to the platform may take. */
  slow(): void {
    this.world.vendors.faults.fail(objectStorage, 'slow');
  }

  /** Object storage answers normally again; other vendors' faults stay. */
  back(): void {
    this.world.vendors.faults.restore(objectStorage);
  }
}
