import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './errors';

/** Friendlier messages for Fastify's own client errors. */
const FASTIFY_MESSAGES: Record<string, (request: FastifyRequest) => string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) =>
    `content type ${JSON.stringify(request.headers['content-type'] ?? 'none')} is not accepted; set the webhook's content type to application/json`,
  FST_ERR_CTP_BODY_TOO_LARGE: () => 'request body is larger than the limit (PRAXIS_WEBHOOK_BODY_LIMIT bytes)',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'request body is empty; send a JSON body',
};

/**
 * The one error handler. Client errors (4xx) keep their message and are logged at info.
 * Server errors (5xx) are logged at error with the stack, and the caller sees only a generic
 * message unless the error was raised on purpose as an HttpError.
 */
export function errorHandler(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
  const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
  const code = error.code ?? 'PRAXIS_INTERNAL';

  if (statusCode >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else {
    request.log.info({ code, statusCode, message: error.message }, 'request rejected');
  }

  if (error instanceof HttpError) {
    for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
    return reply.code(statusCode).send({ error: error.message, code });
  }

  if (statusCode >= 500) {
    return reply.code(statusCode).send({ error: 'internal server error', code: 'PRAXIS_INTERNAL' });
  }

  const message = FASTIFY_MESSAGES[code]?.(request) ?? error.message;
  return reply.code(statusCode).send({ error: message, code });
}
