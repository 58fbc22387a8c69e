import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createKeys } from '../../sidecar/src/redis/keys';
import { TEST_SECRET } from '../helpers/build';
import { deleteKeysWithPrefix, TEST_REDIS_URL, uniquePrefix } from '../helpers/redis';
import { seedThreads, startForum } from './harness';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the backfill command as an operator would, with the sidecar's environment. */
function runBackfill(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backfill.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('backfill command', () => {
  it('previews, then imports', async () => {
    const sim = await startForum();
    const seeded = seedThreads(sim, 12);
    const prefix = uniquePrefix('bf-cli');
    onTestFinished(() => deleteKeysWithPrefix(prefix));
    const env = {
      DISCOURSE_URL: sim.baseUrl,
      DISCOURSE_API_KEY: sim.adminApiKey,
      DISCOURSE_WEBHOOK_SECRET: TEST_SECRET,
      DISCOURSE_API_REQUESTS_PER_MINUTE: '6000',
      REDIS_URL: TEST_REDIS_URL,
      PRAXIS_KEY_PREFIX: prefix,
    };

    const preview = await runBackfill(['--dry-run'], env);
    const run = await runBackfill([], env);
    const again = await runBackfill([], env);
    const redis = new Redis(TEST_REDIS_URL);
    const keys = createKeys(prefix);
    const experiments = await redis.zcard(keys.experimentIndex);
    redis.disconnect();

    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain('Dry run: nothing was written.');
    expect(preview.stdout).toContain(`#${seeded.experimentIds[0]} Experiment number 1 of the team [experiment] tags: experiment`);
    expect(preview.stdout).toContain('experiment review: Review date "next Tuesday-ish" is not a date');
    expect(preview.stdout).toContain('Would import 12 of 12 tagged topics: 10 experiments, 2 practices; 1 with problems.');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('12 tagged topics listed, 0 imported by an earlier run, 12 imported now, 0 failed.');
    expect(run.stdout).toContain('Records: 12 created, 0 changed.');
    expect(run.stdout).toContain('Problems found in 1 thread:');
    expect(run.stderr).toContain('backfill: 12/12 topics');
    expect(again.stdout).toContain('12 imported by an earlier run, 0 imported now');
    expect(experiments).toBe(seeded.experimentIds.length);
  }, 60_000);

  it('names a bad option', async () => {
    const result = await runBackfill(['--concurrency', 'many'], {});

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--concurrency "many" is invalid; expected a whole number from 1 to 32');
  });

  it('names a missing variable', async () => {
    const result = await runBackfill([], {});

    expect(result.code).toBe(78);
    expect(result.stderr).toContain('DISCOURSE_URL: missing');
  });
});
