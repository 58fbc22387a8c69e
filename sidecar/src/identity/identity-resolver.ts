import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';
import { Caller, type Client, type Credential, type ForumUser } from './caller';
import { credentialDigest, readCredential } from './credentials';
import type { ForumSessionClient } from './forum-session';

export interface IdentityResolverOptions {
  redis: Redis;
  keys: Keys;
  session: ForumSessionClient;
  cookieName: string;
  /** Seconds the forum's response is cached; 0 turns the cache off. */
  cacheSeconds: number;
}

/**
 * Finds out which forum user sent a request by asking the forum with the request's own session
 * cookie or user API key. The browser's claims (a username in a body, the theme's `currentUser`)
 * are never used: a theme component's code is public, so anyone can forge them.
 *
 * Responses are cached in Redis under the credential's SHA-256 for `cacheSeconds`, signed-out ones
 * too: a new sign-in brings a new cookie, so a cached "signed out" never hides it, and the cache
 * keeps stale cookies from using up Discourse's 10 failed cookie lookups a minute per IP.
 */
export class IdentityResolver {
  private readonly pending = new WeakMap<FastifyRequest, Promise<Caller | null>>();

  constructor(private readonly options: IdentityResolverOptions) {}

  credentialOf(request: FastifyRequest): Credential | null {
    return readCredential(request.headers, this.options.cookieName);
  }

  /** Returns the verified caller of `request`, or null when it is signed out. Asks the forum at most once per request. */
  resolve(request: FastifyRequest): Promise<Caller | null> {
    let caller = this.pending.get(request);
    if (!caller) {
      caller = this.lookup(request);
      this.pending.set(request, caller);
    }
    return caller;
  }

  private async lookup(request: FastifyRequest): Promise<Caller | null> {
    const credential = this.credentialOf(request);
    if (!credential) return null;

    const client: Client = { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
    const user = await this.userOf(credential, client);
    return user ? new Caller(user, credential, client) : null;
  }

  private async userOf(credential: Credential, client: Client): Promise<ForumUser | null> {
    const { redis, keys, session, cacheSeconds } = this.options;
    if (cacheSeconds === 0) return session.currentUser(credential, client);

    const key = keys.identity(credentialDigest(credential));
    const cached = await redis.get(key);
    if (cached !== null) return (JSON.parse(cached) as { user: ForumUser | null }).user;

    const user = await session.currentUser(credential, client);
    await redis.set(key, JSON.stringify({ user }), 'EX', cacheSeconds);
    return user;
  }
}
