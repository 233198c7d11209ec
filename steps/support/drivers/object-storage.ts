import { objectStorageBaseUrl } from '../../../mocks/object-storage/handlers.ts';
import { objectStorage } from '../../../mocks/vendors.ts';
import type { PolicyWorld } from '../world.ts';

/** The mocked object storage (S3): its faults, the objects it keeps, and how often each was stored. */
export class ObjectStorageDriver {
  /** Successful PutObject calls, by `bucket/key`. */
  readonly #stored = new Map<string, number>();
  #listening = false;

  constructor(private readonly world: PolicyWorld) {}

  /** Starts counting stores (once per scenario); the listener goes with the scenario's cleanups. */
  record(): void {
    if (this.#listening) return;
    this.#listening = true;
    const { server } = this.world.resources.vendors;
    const listener = ({ request, response }: { request: Request; response: Response }) => {
      const url = new URL(request.url);
      if (request.method !== 'PUT' || !url.href.startsWith(objectStorageBaseUrl) || response.status !== 200) return;
      const key = decodeURIComponent(url.pathname.slice(1));
      this.#stored.set(key, (this.#stored.get(key) ?? 0) + 1);
    };
    server.events.on('response:mocked', listener);
    this.world.cleanups.push(async () => void server.events.removeListener('response:mocked', listener));
  }

  /** The objects under `prefix` in the configured bucket: key → bytes. */
  objectsUnder(prefix: string): Map<string, Uint8Array> {
    const bucket = this.world.config.refund.storage.bucket;
    const found = new Map<string, Uint8Array>();
    for (const [path, object] of objectStorage.state.objects) {
      if (path.startsWith(`${bucket}/${prefix}`)) found.set(path.slice(bucket.length + 1), object.body);
    }
    return found;
  }

  /** How many times the object at `key` was stored successfully. */
  timesStored(key: string): number {
    return this.#stored.get(`${this.world.config.refund.storage.bucket}/${key}`) ?? 0;
  }

  down(): void {
    this.record();
    this.world.resources.vendors.server.use(...objectStorage.faults.down());
  }

  /** Holds every request until the client gives up: slower than any request to the platform may take. */
  slow(): void {
    this.record();
    this.world.resources.vendors.server.use(...objectStorage.faults.slow());
  }

  back(): void {
    this.world.resources.vendors.server.resetHandlers();
  }
}
