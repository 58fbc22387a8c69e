import { HttpError } from '../errors';

/** Seconds a caller is asked to wait when the forum could not be reached to check them. */
const UNAVAILABLE_RETRY_SECONDS = 30;

/** The forum did not respond to a check made as the calling user (timeout, connection failure or 5xx). */
export class ForumCheckUnavailableError extends HttpError {
  constructor(action: string, reason: string) {
    super(
      503,
      'PRAXIS_FORUM_UNAVAILABLE',
      `could not ${action}: the forum did not respond (${reason}); try again in ${UNAVAILABLE_RETRY_SECONDS} seconds`,
      { 'retry-after': String(UNAVAILABLE_RETRY_SECONDS) },
    );
  }
}

/** The forum rate-limited a check made as the calling user. */
export class ForumCheckRateLimitedError extends HttpError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'PRAXIS_FORUM_RATE_LIMITED', message, { 'retry-after': String(retryAfterSeconds) });
  }
}

/** The forum responded to a check with a status or body the sidecar does not expect. */
export class ForumCheckFailedError extends HttpError {
  constructor(message: string) {
    super(502, 'PRAXIS_FORUM_BAD_RESPONSE', message);
  }
}
