import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { DomainError } from './errors.ts';

interface Refusal {
  status: number;
  code: string;
  message: string;
}

const refusal = (status: number, code: string, message: string): Refusal => ({ status, code, message });
const INCOMPLETE_MULTIPART = refusal(
  400,
  'MULTIPART_INCOMPLETE',
  'The multipart body ended before its closing boundary; send it whole.',
);

/** Fastify's, @fastify/multipart's and busboy's refusals of a client's request, by error code. */
const FRAMEWORK_CODES: Record<string, Refusal> = {
  FST_ERR_CTP_INVALID_JSON_BODY: refusal(400, 'MALFORMED_JSON', 'The request body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: refusal(400, 'MALFORMED_JSON', 'The request body is empty but JSON was declared.'),
  FST_ERR_CTP_BODY_TOO_LARGE: refusal(413, 'BODY_TOO_LARGE', 'The request body is larger than this endpoint accepts.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: refusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'This content type is not accepted here.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: refusal(
    400,
    'BAD_CONTENT_LENGTH',
    'The Content-Length header does not match the body.',
  ),
  FST_ERR_BAD_URL: refusal(400, 'MALFORMED_URL', 'The address holds an invalid percent-encoding.'),
  FST_ERR_INVALID_URL: refusal(400, 'MALFORMED_URL', 'The address is not a valid URL.'),
  FST_ERR_MAX_PARAM_LENGTH: refusal(
    414,
    'URI_TOO_LONG',
    'A part of the address is longer than any identifier the platform uses.',
  ),
  FST_ERR_VALIDATION: refusal(400, 'VALIDATION_FAILED', 'The request is not valid.'),
  // @fastify/multipart (its status codes are not all fitting: a malformed field is the client's 400, not a 406).
  FST_REQ_FILE_TOO_LARGE: refusal(413, 'FILE_TOO_LARGE', 'The uploaded file is larger than this endpoint accepts.'),
  FST_FILES_LIMIT: refusal(413, 'TOO_MANY_FILES', 'The request holds more files than this endpoint accepts.'),
  FST_FIELDS_LIMIT: refusal(413, 'TOO_MANY_FIELDS', 'The request holds more form fields than this endpoint accepts.'),
  FST_PARTS_LIMIT: refusal(413, 'TOO_MANY_PARTS', 'The request holds more parts than this endpoint accepts.'),
  FST_PROTO_VIOLATION: refusal(
    400,
    'FORBIDDEN_FIELD_NAME',
    'A form field is named like an object property (__proto__, constructor, …); rename it.',
  ),
  FST_INVALID_JSON_FIELD_ERROR: refusal(
    400,
    'MALFORMED_JSON_FIELD',
    'A form field declared as JSON is not valid JSON.',
  ),
  FST_INVALID_MULTIPART_CONTENT_TYPE: refusal(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Send this request as multipart/form-data.',
  ),
  FST_MP_PREMATURE_CLOSE: INCOMPLETE_MULTIPART,
};

/** busboy raises plain errors; these messages are all it raises for a malformed body. */
const MULTIPART_MESSAGES: [RegExp, Refusal][] = [
  [
    /^Multipart: Boundary not found$/,
    refusal(400, 'MULTIPART_BOUNDARY_MISSING', 'The multipart Content-Type names no boundary.'),
  ],
  [
    /^The needle cannot (be an empty|have a length bigger than 256)/,
    refusal(400, 'MULTIPART_BOUNDARY_INVALID', 'The multipart boundary must be 1 to 70 characters.'),
  ],
  [/unexpected end of multipart data$/i, INCOMPLETE_MULTIPART],
];

/** Any other client error keeps its 4xx status and gets a stable code from it. */
const GENERIC_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'ROUTE_NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  411: 'LENGTH_REQUIRED',
  413: 'BODY_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

/** What a client is told about an error that is not a `DomainError`, or undefined for a genuine server fault. */
export function clientRefusal(error: Partial<FastifyError>): Refusal | undefined {
  const known = error.code ? FRAMEWORK_CODES[error.code] : undefined;
  if (known) return known;
  const byMessage = MULTIPART_MESSAGES.find(([pattern]) => pattern.test(error.message ?? ''));
  if (byMessage) return byMessage[1];
  const status = error.statusCode;
  if (status && status >= 400 && status < 500) {
    return refusal(
      status,
      GENERIC_CODES[status] ?? 'REQUEST_REFUSED',
      `The request was refused: ${STATUS_CODES[status] ?? 'client error'}.`,
    );
  }
  return undefined;
}

function answer(request: FastifyRequest, reply: FastifyReply, error: FastifyError | DomainError) {
  if (error instanceof DomainError) {
    if (error.cause) request.log.warn({ err: error.cause, code: error.code }, 'refused because of an underlying error');
    return reply
      .status(error.status)
      .send({ error: { code: error.code, message: error.message, details: error.details } });
  }
  const refused = clientRefusal(error);
  if (refused) {
    request.log.info({ code: refused.code, cause: error.code ?? error.message }, 'request refused');
    return reply.status(refused.status).send({ error: { code: refused.code, message: refused.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
}

/**
 * A request Node's HTTP parser refuses before Fastify sees it (headers too large, a malformed or smuggling
 * request line or headers, a timeout) is answered in the same shape, then the connection is closed.
 */
function answerClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refused =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? refusal(431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the platform accepts.')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? refusal(408, 'REQUEST_TIMEOUT', 'The request did not arrive in time.')
        : refusal(400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP/1.1.');
  this.log.debug({ code: refused.code, cause: error.code }, 'connection refused by the HTTP parser');
  if (socket.writable) {
    const body = JSON.stringify({ error: { code: refused.code, message: refused.message } });
    socket.write(
      `HTTP/1.1 ${refused.status} ${STATUS_CODES[refused.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Fastify options so refusals made before routing (bad URL, over-long parameter, parser errors) share the shape. */
export const errorShapeOptions = {
  clientErrorHandler: answerClientError,
  frameworkErrors: (error, request, reply) => void answer(request, reply, error),
} satisfies FastifyServerOptions;

/** Every error leaves as `{ error: { code, message, details? } }`; only genuine server faults are 5xx, and they never expose internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => answer(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url}.` } }),
  );
}
