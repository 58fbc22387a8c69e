import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { readCredential } from './credentials';

/**
 * Returns an `onRequest` hook that rejects cross-site requests riding on the forum's session cookie.
 * A cookie-authenticated state change must carry `Origin` equal to the forum's origin, and its body
 * must be `application/json`, which a plain HTML form cannot send. A POST always needs the JSON
 * content type; a DELETE needs it only when it has a body.
 *
 * Requests with a `User-Api-Key` are exempt: another site cannot send that header without knowing
 * the key.
 */
export function csrfGuard(forumOrigin: string, cookieName: string) {
  return async (request: FastifyRequest): Promise<void> => {
    if (readCredential(request.headers, cookieName)?.kind !== 'cookie') return;

    const origin = request.headers.origin;
    if (normalizeOrigin(origin) !== forumOrigin) {
      throw new HttpError(
        403,
        'PRAXIS_CSRF_ORIGIN',
        `Origin ${JSON.stringify(origin ?? 'missing')} is not the forum's origin ${forumOrigin}; send this request with fetch from the forum's pages`,
      );
    }

    if (request.method !== 'POST' && !hasBody(request)) return;

    const contentType = request.headers['content-type'];
    if (mediaType(contentType) !== 'application/json') {
      throw new HttpError(
        403,
        'PRAXIS_CSRF_CONTENT_TYPE',
        `content type ${JSON.stringify(contentType ?? 'none')} is not accepted with a session cookie; send a JSON body with Content-Type: application/json`,
      );
    }
  };
}

function normalizeOrigin(origin: string | undefined): string | null {
  if (!origin) return null;
  try {
    return new URL(origin).origin;
  } catch {
    return null;
  }
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

function hasBody(request: FastifyRequest): boolean {
  const length = Number(request.headers['content-length'] ?? 0);
  return length > 0 || request.headers['transfer-encoding'] !== undefined;
}
