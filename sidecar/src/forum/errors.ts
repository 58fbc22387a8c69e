/** Base class of every failure of a request to the Discourse REST API. */
export class ForumError extends Error {
  constructor(
    message: string,
    readonly path: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 404 (or 410): the resource is gone or the API user may not see it. Not retried. */
export class ForumNotFoundError extends ForumError {}

/** 4xx other than 404 and 429. Not retried: repeating the same request cannot succeed. */
export class ForumRequestError extends ForumError {
  constructor(
    message: string,
    path: string,
    status: number,
    /** The `errors` array of Discourse's error body, joined. */
    readonly errorsText: string,
  ) {
    super(message, path, status);
  }
}

/** 429 that outlasted the client's own waits. `retryAfterMs` is Discourse's `Retry-After`. */
export class ForumRateLimitedError extends ForumError {
  constructor(
    message: string,
    path: string,
    readonly retryAfterMs: number,
  ) {
    super(message, path, 429);
  }
}

/** 5xx, timeout or connection failure after the client's retries. */
export class ForumUnavailableError extends ForumError {}
