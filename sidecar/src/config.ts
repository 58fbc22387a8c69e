import { Duration } from 'luxon';
import { z } from 'zod';

/*
 * The sidecar's whole configuration, read from the environment once at start-up.
 * An invalid or missing value stops the process with a message naming the variable.
 */

const ianaZone = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone name such as UTC or Europe/Berlin' },
);

const httpUrl = z
  .url({ protocol: /^https?$/, message: "expected the forum's base URL, http or https, such as https://forum.example.com" })
  .transform((url) => url.replace(/\/+$/, ''));

const secret = z
  .string({ message: "expected the webhook's secret from Admin → API → Webhooks, at least 12 characters" })
  .min(12, { message: 'expected at least 12 characters, the minimum Discourse accepts for a webhook secret' });

/** Builds a schema for a whole number read from text, with a message that gives the accepted range. */
function wholeNumber(min: number, max: number, what: string) {
  const message = `expected ${what}: a whole number from ${min} to ${max}`;
  return z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message });
}

/** Reads a positive ISO 8601 duration such as P3D or PT12H into a luxon Duration. */
const isoDuration = z.string().transform((text, context) => {
  const duration = Duration.fromISO(text);
  if (!duration.isValid || duration.toMillis() <= 0) {
    context.addIssue({ code: 'custom', message: 'expected a positive ISO 8601 duration such as P3D (3 days) or PT12H (12 hours)' });
    return z.NEVER;
  }
  return duration;
});

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

export const configSchema = z.object({
  DISCOURSE_URL: httpUrl,
  DISCOURSE_API_KEY: z
    .string({ message: 'expected the admin API key from Admin → API → Keys' })
    .min(1, { message: 'expected the admin API key from Admin → API → Keys' }),
  DISCOURSE_API_USERNAME: z.string().min(1).default('system'),
  DISCOURSE_WEBHOOK_SECRET: secret,
  /** The secret being rotated out: deliveries signed with it are still accepted. */
  DISCOURSE_WEBHOOK_PREVIOUS_SECRET: secret.optional(),
  DISCOURSE_API_REQUESTS_PER_MINUTE: wholeNumber(1, 10_000, 'requests per minute').default(60),
  /** Milliseconds before a request to the forum is abandoned. */
  DISCOURSE_API_TIMEOUT_MS: wholeNumber(100, 120_000, 'milliseconds').default(10_000),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, message: 'expected a redis:// or rediss:// URL such as redis://127.0.0.1:6379' })
    .default('redis://127.0.0.1:6379'),
  PRAXIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'expected 1 to 64 letters, digits, dots, dashes or underscores' })
    .default('praxis'),
  PRAXIS_EXPERIMENT_TAG: z.string().min(1).toLowerCase().default('experiment'),
  PRAXIS_PRACTICE_TAG: z.string().min(1).toLowerCase().default('practice'),
  PRAXIS_DEFAULT_TIMEZONE: ianaZone.default('UTC'),
  /** The parts this process runs. Several processes of each kind may share one Redis. */
  PRAXIS_ROLES: z
    .string()
    .default('api,worker')
    .transform((value) => value.split(',').map((role) => role.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['api', 'worker'], { message: 'expected a comma list of api and worker' })).min(1)),
  PRAXIS_WORKER_CONCURRENCY: wholeNumber(1, 100, 'jobs at once per process').default(4),
  /** Largest webhook body accepted, in bytes. Discourse payloads are a few kilobytes. */
  PRAXIS_WEBHOOK_BODY_LIMIT: wholeNumber(1024, 50 * 1024 * 1024, 'bytes').default(1024 * 1024),
  PRAXIS_TRUST_PROXY: booleanFlag.default(false),
  /** Post a notice in a practice's thread when an experiment adopts or adapts it. */
  PRAXIS_ANNOUNCE_PRACTICE_CHANGES: booleanFlag.default(true),
  /** Name of the forum's session cookie (Discourse's `DISCOURSE_TOKEN_COOKIE`, `_t` unless renamed). */
  DISCOURSE_SESSION_COOKIE: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'expected a cookie name of 1 to 64 letters, digits, dots, dashes or underscores, such as _t' })
    .default('_t'),
  /** Milliseconds before a session or topic-permission check made as the calling user is abandoned. */
  DISCOURSE_SESSION_TIMEOUT_MS: wholeNumber(100, 60_000, 'milliseconds').default(5_000),
  /** Seconds a verified caller (or a signed-out session cookie) is cached; 0 checks with the forum on every request. */
  PRAXIS_IDENTITY_CACHE_SECONDS: wholeNumber(0, 3_600, 'seconds').default(60),
  /** Seconds the forum's decision whether a user may read a topic is cached; 0 checks on every request. */
  PRAXIS_TOPIC_ACCESS_CACHE_SECONDS: wholeNumber(0, 3_600, 'seconds').default(60),
  /** Joins and leaves one user may make per minute, counted across all sidecar processes. */
  PRAXIS_PARTNER_CHANGES_PER_MINUTE: wholeNumber(1, 1_000, 'joins and leaves per minute').default(10),
  /** Wait after a reflection reminder before the next follow-up, while the experiment has no decision. */
  PRAXIS_FOLLOWUP_AFTER: isoDuration.prefault('P3D'),
  /** Follow-ups after the first reflection reminder of a review; 0 turns them off. */
  PRAXIS_MAX_FOLLOWUPS: wholeNumber(0, 20, 'follow-ups per review').default(2),
  /** How often reconciliation walks the tag lists to catch up on missed webhooks; at least PT1S. */
  PRAXIS_RECONCILE_EVERY: isoDuration
    .prefault('PT10M')
    .refine((duration) => duration.toMillis() >= 1_000, { message: 'expected at least PT1S (1 second), such as PT10M (10 minutes)' }),
  /**
   * Age after which reconciliation re-reads a listed topic even though its list entry did not
   * change, because edits that do not bump a topic (its first post once it has replies) leave
   * the list unchanged.
   */
  PRAXIS_RECONCILE_RECHECK_AFTER: isoDuration.prefault('P1D'),
  PORT: wholeNumber(0, 65_535, 'a TCP port').default(4100),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);

  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '');
      const value = env[variable];
      const shown = value === undefined ? 'missing' : `invalid (${describeValue(variable, value)})`;
      return `  ${variable}: ${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }

  return result.data;
}

/** Shows a bad value in an error, except secrets, whose length is all that is shown. */
function describeValue(variable: string, value: string): string {
  if (/SECRET|KEY$/.test(variable)) return `${value.length} characters`;
  return JSON.stringify(value);
}
