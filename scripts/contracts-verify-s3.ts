import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ProbeExchange, ProbeRequest } from './contracts-verify-probes.ts';

// The SDK's documented switch for its "Node 20 support ends" notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface RawRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
}

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: Readable;
}

/**
 * Sends one read-only S3 command through the real client (credentials from AWS_ACCESS_KEY_ID and friends), and
 * returns the raw request and answer as the SDK saw them on the wire, before it turned them into results.
 */
export async function s3Exchange(
  baseUrl: string,
  env: NodeJS.ProcessEnv,
  operation: 'HeadObject' | 'GetObject',
): Promise<ProbeExchange> {
  const client = new S3Client({
    endpoint: baseUrl,
    forcePathStyle: true,
    region: env.AWS_REGION ?? 'ap-northeast-2',
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: env.AWS_SESSION_TOKEN,
    },
    maxAttempts: 1,
  });
  let exchange: ProbeExchange | undefined;
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const request = args.request as RawRequest;
      const raw = result.response as RawResponse;
      const body = raw.body ? Buffer.concat(await raw.body.toArray()) : undefined;
      raw.body = body ? Readable.from(body) : undefined;
      exchange = {
        request: probeRequest(request),
        response: new Response(body?.length ? body : null, { status: raw.statusCode, headers: raw.headers }),
      };
      return result;
    },
    // Inside the deserializer: sees the answer as it came, even the ones the SDK turns into errors.
    { step: 'deserialize', priority: 'low', name: 'contractsVerifyCapture' },
  );
  const target = {
    Bucket: env.S3_VERIFY_BUCKET ?? '',
    Key: env.S3_VERIFY_KEY ?? 'martbook-contract-verify/absent.jpg',
  };
  const command = operation === 'HeadObject' ? new HeadObjectCommand(target) : new GetObjectCommand(target);
  // A missing object is an answer the contract documents; the SDK reports it as an error.
  const failure = await client.send(command).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (exchange) return exchange;
  throw failure instanceof Error ? failure : new Error(`${operation}: the S3 client sent nothing`);
}

function probeRequest(request: RawRequest): ProbeRequest {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) {
    for (const item of [value ?? ''].flat()) query.append(name, item);
  }
  const search = query.size ? `?${query.toString()}` : '';
  return { method: request.method, path: `${request.path}${search}`, headers: request.headers };
}
