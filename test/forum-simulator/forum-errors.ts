/*
 * Errors raised by the forum's domain operations. The HTTP layer maps them to Discourse's
 * responses; the simulator's own methods let them propagate to the test that made the change.
 */

/** Validation failures, with Rails' full messages ("Title is too short (minimum is 15 characters)"). */
export class ForumValidationError extends Error {
  override name = 'ForumValidationError';

  constructor(readonly errors: string[]) {
    super(`the forum rejected the change: ${errors.join('; ')}`);
  }
}

/** `Discourse::InvalidAccess`: the acting user may not do this (403 `invalid_access`). */
export class ForumAccessError extends Error {
  override name = 'ForumAccessError';

  constructor(
    message: string,
    /** A message shown instead of the generic one, as Discourse's `custom_message` does. */
    readonly customMessage: string | null = null,
  ) {
    super(message);
  }
}

/** `Discourse::NotFound` (404 `not_found`). */
export class ForumNotFoundError extends Error {
  override name = 'ForumNotFoundError';
}

/** `Discourse::InvalidParameters` (400 `invalid_parameters`), naming the parameter. */
export class ForumParameterError extends Error {
  override name = 'ForumParameterError';

  constructor(readonly parameter: string) {
    super(`invalid parameter: ${parameter}`);
  }
}
