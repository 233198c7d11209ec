import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError } from './errors.ts';

/** Fastify's own refusals, given the platform's stable codes. */
const FRAMEWORK_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is empty but JSON was declared.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is larger than this endpoint accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This content type is not accepted here.' },
  FST_REQ_FILE_TOO_LARGE: { code: 'FILE_TOO_LARGE', message: 'The uploaded file is larger than this endpoint accepts.' },
  FST_FILES_LIMIT: { code: 'TOO_MANY_FILES', message: 'Upload one file at a time.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_CONTENT_LENGTH', message: 'The Content-Length header does not match the body.' },
};

/** Every error leaves as `{ error: { code, message, details? } }`; 5xx never expose internals. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (error instanceof DomainError) {
      if (error.cause) request.log.warn({ err: error.cause, code: error.code }, 'refused because of an underlying error');
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, details: error.details } });
    }
    const known = error.code ? FRAMEWORK_CODES[error.code] : undefined;
    if (known && error.statusCode) {
      return reply.status(error.statusCode).send({ error: known });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${request.method} ${request.url}.` } }),
  );
}
