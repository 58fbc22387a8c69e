import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { removeUserEverywhere } from '../../sidecar/src/partners/remove-user';
import { TEST_SECRET } from '../helpers/build';
import { TEST_REDIS_URL } from '../helpers/redis';
import { join, saveExperiment, scene, storedPartners } from './partner-fixtures';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

describe('removeUserEverywhere', () => {
  it('removes the user from every experiment', async () => {
    const s = await scene();
    const first = await saveExperiment(s.app);
    const second = await saveExperiment(s.app);
    const untouched = await saveExperiment(s.app);
    const pat = s.forum.login('pat');
    await join(s, first, { cookie: pat });
    await join(s, second, { cookie: pat });
    await join(s, second, { cookie: s.forum.login('quinn') });
    await join(s, untouched, { cookie: s.forum.login('rosa') });

    const removed = await removeUserEverywhere(s.app.praxis.redis, s.app.praxis.keys, 'PAT');

    expect(removed.experimentTopicIds).toEqual([first, second]);
    expect(await storedPartners(s.app, first)).toEqual({});
    expect(Object.keys(await storedPartners(s.app, second))).toEqual(['quinn']);
    expect(Object.keys(await storedPartners(s.app, untouched))).toEqual(['rosa']);
  });

  it('removes entries under an earlier username by user id', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    const entry = { username: 'pat-before', userId: s.userId('pat'), role: 'observer', joinedAt: '2030-02-01T10:00:00.000Z' };
    await s.app.praxis.redis.hset(s.app.praxis.keys.partners(topicId), 'pat-before', JSON.stringify(entry));

    const removed = await removeUserEverywhere(s.app.praxis.redis, s.app.praxis.keys, 'pat', { userId: s.userId('pat') });

    expect(removed.experimentTopicIds).toEqual([topicId]);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('deletes the caches that name the user', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    await join(s, topicId, { cookie: s.forum.login('pat') });
    await join(s, topicId, { cookie: s.forum.login('quinn') });
    const { redis, keys } = s.app.praxis;

    const removed = await removeUserEverywhere(redis, keys, 'pat', { userId: s.userId('pat') });

    // Per user: one cached identity and one rate-limit window.
    expect(removed.cacheEntries).toBe(2);
    expect(await redis.exists(keys.partnerChanges(s.userId('pat')))).toBe(0);
    expect(await redis.exists(keys.partnerChanges(s.userId('quinn')))).toBe(1);
    const identities = await redis.keys(keys.identityPattern);
    expect(identities).toHaveLength(1);
  });
});

describe('forget-user script', () => {
  it('removes the user and reports the experiments', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app);
    await join(s, topicId, { cookie: s.forum.login('pat') });

    const { stdout } = await run(`${ROOT}node_modules/.bin/tsx`, ['scripts/forget-user.ts', 'pat', '--user-id', String(s.userId('pat'))], {
      cwd: ROOT,
      env: scriptEnv(s.app.praxis.keys.prefix),
    });

    expect(stdout).toBe(`removed pat from experiments: ${topicId}; deleted 2 cache entries\n`);
    expect(await storedPartners(s.app, topicId)).toEqual({});
  });

  it('exits 64 without a username', async () => {
    const failure = (await run(`${ROOT}node_modules/.bin/tsx`, ['scripts/forget-user.ts'], { cwd: ROOT, env: scriptEnv('unused') }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    )) as { code: number; stderr: string };

    expect(failure.code).toBe(64);
    expect(failure.stderr).toMatch(/^usage: npx tsx scripts\/forget-user.ts USERNAME/);
  });
});

function scriptEnv(prefix: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    DISCOURSE_URL: 'http://127.0.0.1:9',
    DISCOURSE_API_KEY: 'unused-by-this-script',
    DISCOURSE_WEBHOOK_SECRET: TEST_SECRET,
    REDIS_URL: TEST_REDIS_URL,
    PRAXIS_KEY_PREFIX: prefix,
  };
}
