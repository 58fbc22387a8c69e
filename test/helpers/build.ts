import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp, type BuildOptions } from '../../sidecar/src/app';
import { loadConfig } from '../../sidecar/src/config';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from './redis';

export const TEST_SECRET = 'test-webhook-secret-0123';

export interface TestAppOptions extends BuildOptions {
  env?: Record<string, string>;
  /** Forum base URL; a closed local port by default, so an unexpected forum call fails fast. */
  forumUrl?: string;
  apiKey?: string;
  name?: string;
}

/**
 * Builds a sidecar under a fresh key prefix, and closes it and deletes its keys after the test.
 * Logging is off unless TEST_LOG is set.
 */
export async function build(options: TestAppOptions = {}): Promise<FastifyInstance> {
  const prefix = uniquePrefix(options.name ?? 'app');
  const config = loadConfig({
    DISCOURSE_URL: options.forumUrl ?? 'http://127.0.0.1:9',
    DISCOURSE_API_KEY: options.apiKey ?? 'test-api-key',
    DISCOURSE_WEBHOOK_SECRET: TEST_SECRET,
    REDIS_URL: TEST_REDIS_URL,
    PRAXIS_KEY_PREFIX: prefix,
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    ...options.env,
  });
  const app = await buildApp(config, options);

  onTestFinished(async () => {
    await app.close();
    await deleteKeysWithPrefix(prefix);
  });
  return app;
}
