import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Keys } from '../redis/keys';
import { ForumSessionClient } from './forum-session';
import { IdentityResolver } from './identity-resolver';
import { TopicAccess } from './topic-access';

export interface Identity {
  session: ForumSessionClient;
  resolver: IdentityResolver;
  topicAccess: TopicAccess;
}

/** Builds the caller checks of the JSON API from the configuration. */
export function createIdentity(config: Config, redis: Redis, keys: Keys, logger: Logger): Identity {
  const session = new ForumSessionClient({
    baseUrl: config.DISCOURSE_URL,
    timeoutMs: config.DISCOURSE_SESSION_TIMEOUT_MS,
    cookieName: config.DISCOURSE_SESSION_COOKIE,
    logger,
  });
  const resolver = new IdentityResolver({
    redis,
    keys,
    session,
    cookieName: config.DISCOURSE_SESSION_COOKIE,
    cacheSeconds: config.PRAXIS_IDENTITY_CACHE_SECONDS,
  });
  const topicAccess = new TopicAccess({ redis, keys, session, cacheSeconds: config.PRAXIS_TOPIC_ACCESS_CACHE_SECONDS });
  return { session, resolver, topicAccess };
}
