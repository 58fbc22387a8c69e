import { randomBytes } from 'node:crypto';
import { invalidAccess, HttpError, INVALID_API_CREDENTIALS_MESSAGE, rateLimited } from './http/errors';
import { KeyedRateLimiters, RateLimiter, RateLimitExceeded } from './rate-limit';
import type { ForumState, SimUser } from './state';

/*
 * API keys, user API keys and login sessions, and the current-user lookup of
 * `lib/auth/default_current_user_provider.rb`: the `_t` cookie first, then `Api-Key` (which
 * replaces the cookie user), then `User-Api-Key`.
 */

/** The session cookie's name (`DISCOURSE_TOKEN_COOKIE` can rename it on a real forum). */
export const TOKEN_COOKIE = '_t';

/** `maximum_session_age`: 1440 hours. */
const MAXIMUM_SESSION_AGE_MS = 1440 * 60 * 60 * 1000;

/** Failed cookie lookups allowed per client IP and minute (`COOKIE_ATTEMPTS_PER_MIN`). */
const COOKIE_ATTEMPTS_PER_MINUTE = 10;

/** Scopes a user API key may carry (`app/models/user_api_key_scope.rb`). */
export const USER_API_KEY_SCOPES = ['read', 'write', 'message_bus', 'push', 'notifications', 'session_info', 'one_time_password'];

/**
 * Granular admin API key scopes and the controller actions they allow (`app/models/api_key_scope.rb`),
 * reduced to the endpoints the simulator serves. `global:read` allows every GET.
 */
const API_KEY_SCOPE_ACTIONS: Record<string, string[]> = {
  'topics:write': ['posts#create'],
  'topics:read': ['topics#show', 'topics#posts'],
  'topics:update': ['topics#update', 'topics#status'],
  'posts:edit': ['posts#update'],
  'revisions:read': ['posts#revisions', 'posts#latest_revision'],
  'tags:list': ['tags#index'],
};

export interface ApiKeyRecord {
  key: string;
  /** A single-user key; `null` makes the key valid for any `Api-Username`. */
  userId: number | null;
  /** Granular scopes; `null` is a global key. */
  scopes: string[] | null;
  revoked: boolean;
}

export interface SessionRecord {
  token: string;
  userId: number;
  createdAt: Date;
  csrfToken: string;
  revoked: boolean;
}

export interface UserApiKeyRecord {
  key: string;
  userId: number;
  scopes: string[];
  revoked: boolean;
}

export interface AuthRequest {
  method: string;
  /** The Rails controller action, e.g. `topics#show`, for scope checks. */
  action: string;
  headers: Record<string, string | string[] | undefined>;
  cookies: Record<string, string>;
  clientIp: string;
}

export interface AuthResult {
  user: SimUser | null;
  via: 'api' | 'user_api' | 'cookie' | null;
  session: SessionRecord | null;
  /** The request sent a `_t` cookie that matched no session; Discourse deletes it in the response. */
  clearCookie: boolean;
}

export interface AuthOptions {
  adminApiRequestsPerMinute: number;
  userApiRequestsPerMinute: number;
  userApiRequestsPerDay: number;
}

export function newToken(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

export class Authenticator {
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly userApiKeys = new Map<string, UserApiKeyRecord>();

  /** Counts of admin-key requests let through and of those rejected with 429. */
  readonly stats = { adminApiRequests: 0, adminApiRateLimited: 0 };

  /** The one `admin_api_min` bucket shared by every admin API key on the site. */
  private readonly adminLimiter: RateLimiter;
  private readonly cookieLimiters: KeyedRateLimiters;
  private readonly userApiMinuteLimiters: KeyedRateLimiters;
  private readonly userApiDayLimiters: KeyedRateLimiters;

  constructor(
    private readonly state: ForumState,
    options: AuthOptions,
    private readonly now: () => Date,
  ) {
    this.adminLimiter = new RateLimiter(options.adminApiRequestsPerMinute, 60, 'admin_api_key_rate_limit', now);
    this.cookieLimiters = new KeyedRateLimiters(COOKIE_ATTEMPTS_PER_MINUTE, 60, 'cookie_auth', now);
    this.userApiMinuteLimiters = new KeyedRateLimiters(options.userApiRequestsPerMinute, 60, 'user_api_key_limiter_60_secs', now);
    this.userApiDayLimiters = new KeyedRateLimiters(options.userApiRequestsPerDay, 86_400, 'user_api_key_limiter_1_day', now);
  }

  createApiKey(options: { userId?: number | null; scopes?: string[] | null; key?: string } = {}): ApiKeyRecord {
    const record: ApiKeyRecord = {
      key: options.key ?? newToken(32),
      userId: options.userId ?? null,
      scopes: options.scopes ?? null,
      revoked: false,
    };
    this.apiKeys.set(record.key, record);
    return record;
  }

  createSession(userId: number): SessionRecord {
    const session: SessionRecord = { token: newToken(), userId, createdAt: this.now(), csrfToken: newToken(32), revoked: false };
    this.sessions.set(session.token, session);
    return session;
  }

  createUserApiKey(userId: number, scopes: string[]): UserApiKeyRecord {
    const unknown = scopes.filter((scope) => !USER_API_KEY_SCOPES.includes(scope));
    if (unknown.length > 0) {
      throw new Error(`invalid user API key scope ${unknown.join(', ')}; use one of ${USER_API_KEY_SCOPES.join(', ')}`);
    }

    const record: UserApiKeyRecord = { key: newToken(16), userId, scopes, revoked: false };
    this.userApiKeys.set(record.key, record);
    return record;
  }

  /** Returns the session if it is neither revoked nor older than `maximum_session_age` and its user is active. */
  liveSession(token: string | undefined): SessionRecord | null {
    const session = token ? this.sessions.get(token) : undefined;
    if (!session || session.revoked) return null;
    if (this.now().getTime() - session.createdAt.getTime() > MAXIMUM_SESSION_AGE_MS) return null;

    const user = this.state.users.get(session.userId);
    return user && user.active && !user.suspended ? session : null;
  }

  /** Resolves the current user, or throws the HttpError that Discourse returns (403 or 429). */
  authenticate(request: AuthRequest): AuthResult {
    const result: AuthResult = { user: null, via: null, session: null, clearCookie: false };

    const token = request.cookies[TOKEN_COOKIE];
    if (token) this.authenticateCookie(request, token, result);

    const apiKey = header(request, 'api-key');
    if (apiKey) this.authenticateApiKey(request, apiKey, result);

    const userApiKey = header(request, 'user-api-key');
    if (userApiKey) this.authenticateUserApiKey(request, userApiKey, result);

    return result;
  }

  private authenticateCookie(request: AuthRequest, token: string, result: AuthResult): void {
    const limiter = this.cookieLimiters.for(request.clientIp);
    const session = limiter.canPerform() ? this.liveSession(token) : null;

    if (session) {
      result.user = this.state.user(session.userId);
      result.via = 'cookie';
      result.session = session;
      return;
    }

    // Every failed lookup counts; past the limit even valid cookies fail with 403 and the cookie is deleted.
    result.clearCookie = true;
    try {
      limiter.perform();
    } catch (error) {
      if (!(error instanceof RateLimitExceeded)) throw error;
      const denied = invalidAccess();
      throw new HttpError(denied.status, denied.json, { 'Set-Cookie': expiredTokenCookie() });
    }
  }

  private authenticateApiKey(request: AuthRequest, key: string, result: AuthResult): void {
    const user = this.lookupApiUser(request, this.apiKeys.get(key));
    if (!user) throw invalidAccess(INVALID_API_CREDENTIALS_MESSAGE);
    if (user.suspended || !user.active) throw invalidAccess();

    try {
      this.adminLimiter.perform();
    } catch (error) {
      if (!(error instanceof RateLimitExceeded)) throw error;
      this.stats.adminApiRateLimited++;
      throw rateLimited(error);
    }

    this.stats.adminApiRequests++;
    result.user = user;
    result.via = 'api';
    result.session = null;
  }

  private lookupApiUser(request: AuthRequest, record: ApiKeyRecord | undefined): SimUser | null {
    if (!record || record.revoked) return null;
    if (record.scopes && !apiKeyAllows(record.scopes, request)) return null;

    const username = header(request, 'api-username');
    if (record.userId !== null) {
      const owner = this.state.users.get(record.userId) ?? null;
      return owner && (!username || owner.username.toLowerCase() === username.toLowerCase()) ? owner : null;
    }

    if (username) return this.state.userByName(username) ?? null;

    const userId = Number(header(request, 'api-user-id'));
    return Number.isInteger(userId) ? (this.state.users.get(userId) ?? null) : null;
  }

  private authenticateUserApiKey(request: AuthRequest, key: string, result: AuthResult): void {
    const record = this.userApiKeys.get(key);
    if (!record || record.revoked) throw invalidAccess();

    try {
      this.userApiMinuteLimiters.for(key).perform();
      this.userApiDayLimiters.for(key).perform();
    } catch (error) {
      if (!(error instanceof RateLimitExceeded)) throw error;
      throw rateLimited(error);
    }

    if (!userApiKeyAllows(record.scopes, request)) throw invalidAccess();

    const user = this.state.users.get(record.userId);
    if (!user || user.suspended || !user.active) throw invalidAccess();

    result.user = user;
    result.via = 'user_api';
    result.session = null;
  }
}

function header(request: AuthRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function apiKeyAllows(scopes: string[], request: AuthRequest): boolean {
  return scopes.some((scope) =>
    scope === 'global:read' ? request.method === 'GET' : (API_KEY_SCOPE_ACTIONS[scope] ?? []).includes(request.action),
  );
}

/** Checks user API key scopes: `read` allows GETs, `write` everything, `session_info` `GET /session/current.json`. */
function userApiKeyAllows(scopes: string[], request: AuthRequest): boolean {
  if (scopes.includes('write')) return true;
  if (scopes.includes('read') && request.method === 'GET') return true;
  return scopes.includes('session_info') && request.action === 'session#current';
}

/** Returns a `Set-Cookie` value that deletes the `_t` cookie in the browser. */
export function expiredTokenCookie(): string {
  return `${TOKEN_COOKIE}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`;
}

/** Returns the `_t` cookie as Discourse sets it: `HttpOnly`, host-only (no `Domain`), `SameSite=Lax`. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; path=/; HttpOnly; SameSite=Lax`;
}
