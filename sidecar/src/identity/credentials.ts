import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Credential } from './caller';

/**
 * Reads the caller's credential from request headers. A `User-Api-Key` header wins over the
 * session cookie: it can only come from an app holding the key, while the cookie comes with every
 * request the browser makes to the forum's host.
 */
export function readCredential(headers: IncomingHttpHeaders, cookieName: string): Credential | null {
  const key = firstValue(headers['user-api-key'])?.trim();
  if (key) return { kind: 'user-api-key', key };

  const token = readCookie(headers.cookie, cookieName);
  return token ? { kind: 'cookie', token } : null;
}

/** Returns the value of cookie `name` from a `Cookie` header, or null when it is absent or empty. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;

  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    if (pair.slice(0, separator).trim() !== name) continue;

    const value = pair.slice(separator + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}

/** Hashes the credential with SHA-256 (hex) into a cache key that cannot be turned back into the secret. */
export function credentialDigest(credential: Credential): string {
  const secret = credential.kind === 'cookie' ? credential.token : credential.key;
  return createHash('sha256').update(`${credential.kind}\n${secret}`).digest('hex');
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
