/** The forum user behind a request, as Discourse's `/session/current.json` returned them. */
export interface ForumUser {
  id: number;
  username: string;
  admin: boolean;
  moderator: boolean;
}

/**
 * The secret a caller proves their identity with. The sidecar forwards it to the forum only: the
 * cache keys on its SHA-256, and Caller and the log redaction keep it out of logs.
 */
export type Credential = { kind: 'cookie'; token: string } | { kind: 'user-api-key'; key: string };

/**
 * The browser behind a request, passed on to the forum with each check. Discourse records both
 * on the session it rotates, and counts failed cookie lookups per client IP.
 */
export interface Client {
  /** Fastify's `request.ip`, sent as `X-Forwarded-For`. */
  ip: string;
  userAgent: string | null;
}

/**
 * A verified caller. The credential sits in a private field and `toJSON` leaves it out, so logging
 * or serializing a Caller cannot leak it.
 */
export class Caller {
  readonly #credential: Credential;

  constructor(
    readonly user: ForumUser,
    credential: Credential,
    readonly client: Client,
  ) {
    this.#credential = credential;
  }

  get credential(): Credential {
    return this.#credential;
  }

  get via(): Credential['kind'] {
    return this.#credential.kind;
  }

  toJSON() {
    return { user: this.user, via: this.via };
  }
}
