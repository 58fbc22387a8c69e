import { ForumAccessError, ForumNotFoundError, ForumParameterError, ForumValidationError } from '../forum-errors';
import type { RateLimitExceeded } from '../rate-limit';

/*
 * Discourse's error responses (`ApplicationController#rescue_discourse_actions`, `render_json_error`)
 * with the English locale's messages.
 */

export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    /** JSON body; `null` sends an empty body. */
    readonly json: unknown,
    readonly headers: Record<string, string> = {},
    /** A non-JSON body, sent instead of `json`. */
    readonly text: string | null = null,
  ) {
    super(`HTTP ${status}`);
  }
}

export const NOT_FOUND_MESSAGE = 'The requested URL or resource could not be found.';
export const INVALID_ACCESS_MESSAGE = 'You are not permitted to view the requested resource.';
export const INVALID_API_CREDENTIALS_MESSAGE =
  'You are not permitted to view the requested resource. The API username or key is invalid.';
export const NOT_LOGGED_IN_MESSAGE = 'You need to be logged in to do that.';

/**
 * Messages of `custom_message` keys used by the endpoints the simulator serves.
 * NOTE: `move_topic_to_category_disallowed` is worded from memory; unverified.
 */
const CUSTOM_MESSAGES: Record<string, string> = {
  invalid_whisper_access: 'Either whispers are not enabled or you do not have access to create whisper posts',
  move_topic_to_category_disallowed:
    'You cannot move this topic into a category where you don’t have permission to create new topics.',
};

export function notFound(): HttpError {
  return new HttpError(404, { errors: [NOT_FOUND_MESSAGE], error_type: 'not_found' });
}

export function invalidAccess(message = INVALID_ACCESS_MESSAGE): HttpError {
  return new HttpError(403, { errors: [message], error_type: 'invalid_access' });
}

export function notLoggedIn(): HttpError {
  return new HttpError(403, { errors: [NOT_LOGGED_IN_MESSAGE], error_type: 'not_logged_in' });
}

export function invalidParameters(parameter: string): HttpError {
  return new HttpError(400, {
    errors: [`You supplied invalid parameters to the request: ${parameter}`],
    error_type: 'invalid_parameters',
  });
}

/** `render_json_error` with a plain list of messages (422 unless a status is given). */
export function jsonErrors(errors: string[], status = 422): HttpError {
  return new HttpError(status, { errors });
}

/** 429 from a controller (`rescue_from RateLimiter::LimitExceeded`). */
export function rateLimited(error: RateLimitExceeded): HttpError {
  return new HttpError(
    429,
    {
      errors: [error.description],
      error_type: 'rate_limit',
      extras: { wait_seconds: error.waitSeconds, time_left: error.timeLeft },
    },
    { 'Retry-After': String(error.waitSeconds), 'Discourse-Rate-Limit-Error-Code': error.errorCode },
  );
}

/** `ApplicationController#handle_unverified_request`: plain text, status 403. */
export function badCsrf(): HttpError {
  return new HttpError(403, null, {}, '["BAD CSRF"]');
}

/** Maps a domain error to the response Discourse gives for it; other errors are rethrown. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof ForumValidationError) return jsonErrors(error.errors);
  if (error instanceof ForumNotFoundError) return notFound();
  if (error instanceof ForumParameterError) return invalidParameters(error.parameter);
  if (error instanceof ForumAccessError) {
    const message = error.customMessage ? (CUSTOM_MESSAGES[error.customMessage] ?? INVALID_ACCESS_MESSAGE) : INVALID_ACCESS_MESSAGE;
    return invalidAccess(message);
  }
  throw error;
}
