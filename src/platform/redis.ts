import { Redis } from 'ioredis';

/** Opens a Redis connection and waits until it answers, so a wrong `REDIS_URL` fails at start, not mid-request. */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, enableAutoPipelining: true });
  await redis.connect();
  await redis.ping();
  return redis;
}

export type { Redis };
