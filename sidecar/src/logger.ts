import type { LoggerOptions } from 'pino';

/**
 * Pino options shared by the server and the workers. Credentials are redacted wherever they
 * could appear in a logged object: cookies, API keys and webhook signatures.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'req.headers["api-key"]',
        'req.headers["user-api-key"]',
        'req.headers["x-discourse-event-signature"]',
        'headers.cookie',
        'headers["api-key"]',
        'headers["user-api-key"]',
        'config.headers',
        'headers["set-cookie"]',
        // An AxiosError carries the request config (headers with the cookie or key), the
        // ClientRequest (its raw header text) and the response (with Set-Cookie).
        'err.config',
        'err.request',
        'err.response',
        'error.config',
        'error.request',
        'error.response',
        'err.cause.config',
        'err.cause.request',
        'err.cause.response',
      ],
      censor: '[redacted]',
    },
  };
}
