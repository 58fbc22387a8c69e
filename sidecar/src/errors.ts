/**
 * Errors that reach an HTTP client. Each carries a stable `code` and the response status.
 * The message is shown to the caller, so it must say what was wrong and how to fix it.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string) {
    super(404, 'PRAXIS_NOT_FOUND', message);
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, code = 'PRAXIS_BAD_REQUEST') {
    super(400, code, message);
  }
}
