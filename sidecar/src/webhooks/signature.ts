import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';
const HEX_DIGEST_LENGTH = 64;

/** Computes the `X-Discourse-Event-Signature` value Discourse sends for `body` signed with `secret`. */
export function signBody(secret: string, body: Buffer | string): string {
  return PREFIX + createHmac('sha256', secret).update(body).digest('hex');
}

/**
 * Checks a signature header against the raw body bytes with every accepted secret (the current
 * one and, during rotation, the previous one). The comparison is constant-time per secret; a
 * header of the wrong form or length is rejected before any HMAC is compared.
 */
export function verifySignature(secrets: readonly string[], body: Buffer, header: string | undefined): boolean {
  if (!header || !header.startsWith(PREFIX)) return false;

  const received = Buffer.from(header.slice(PREFIX.length), 'utf8');
  if (received.length !== HEX_DIGEST_LENGTH) return false;

  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(signBody(secret, body).slice(PREFIX.length), 'utf8');
    // Every secret is compared, so the time taken does not reveal which one matched.
    if (timingSafeEqual(expected, received)) matched = true;
  }
  return matched;
}
