import { describe, expect, it } from 'vitest';
import { createBackfill } from '../../sidecar/src/reconcile/backfill-setup';
import { captureLogger, DECISION_RAW, EXPERIMENT_RAW, PRACTICE_RAW, recordsOf, REFLECTION_RAW, seedThreads, settle, startForum, startSidecar } from './harness';

const BUDGET_PER_MINUTE = 2_400;

describe('backfill', () => {
  it('imports within the budget and resumes', async () => {
    const sim = await startForum({ adminApiRequestsPerMinute: BUDGET_PER_MINUTE });
    const sidecar = await startSidecar(sim, { name: 'bf-resume', env: { DISCOURSE_API_REQUESTS_PER_MINUTE: String(BUDGET_PER_MINUTE) } });
    const seeded = seedThreads(sim, 240);
    const { logger } = captureLogger();

    const interrupt = new AbortController();
    const first = await createBackfill(sidecar.app.praxis, logger).run({
      signal: interrupt.signal,
      onProgress: (progress) => {
        if (progress.done >= 80) interrupt.abort(new Error('interrupted'));
      },
    });
    const second = await createBackfill(sidecar.app.praxis, logger).run();
    const experiments = await sidecar.app.praxis.records.listExperiments();
    const practices = await sidecar.app.praxis.records.listPractices();
    // N paced requests span N - 1 intervals.
    const perMinute = ((second.requests - 1) * 60_000) / second.elapsedMs;

    expect(first.stoppedBy).toBe('interrupted');
    expect(first.imported).toBeGreaterThanOrEqual(80);
    expect(first.imported).toBeLessThan(240);
    expect(second.stoppedBy).toBeNull();
    expect(second.skipped).toBe(first.imported);
    expect(second.imported).toBe(240 - first.imported);
    expect(second.failed).toEqual([]);
    // One request per thread: nothing imported by the first run was read again.
    expect(second.requests - second.listRequests).toBe(second.imported);
    expect(experiments).toHaveLength(seeded.experimentIds.length);
    expect(practices).toHaveLength(seeded.practiceIds.length);
    expect(sim.adminApiStats.adminApiRateLimited).toBe(0);
    expect(perMinute).toBeLessThanOrEqual(BUDGET_PER_MINUTE * 1.01);
    expect(perMinute).toBeGreaterThan(BUDGET_PER_MINUTE * 0.5);
  }, 60_000);

  it('reports parse problems per thread', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'bf-problems' });
    const seeded = seedThreads(sim, 24);

    const summary = await createBackfill(sidecar.app.praxis, captureLogger().logger).run();
    const withProblems = summary.threads.filter((thread) => thread.problems.length > 0);

    expect(summary.recordsCreated).toBe(24);
    expect(withProblems.map((thread) => thread.topicId)).toEqual(seeded.malformedIds);
    expect(withProblems[0]!.problems.map((problem) => problem.field)).toEqual(['review', 'partnersWanted']);
    expect(withProblems[0]!.kinds).toEqual(['experiment']);
  });

  it('writes nothing in a dry run', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'bf-dry' });
    const seeded = seedThreads(sim, 12);
    const { redis, keys, records, threads } = sidecar.app.praxis;

    const summary = await createBackfill(sidecar.app.praxis, captureLogger().logger).run({ dryRun: true });

    expect(summary.dryRun).toBe(true);
    expect(summary.threads.map((thread) => thread.topicId)).toEqual([...seeded.practiceIds, ...seeded.experimentIds].sort((a, b) => a - b));
    expect(summary.threads.find((thread) => thread.topicId === seeded.malformedIds[0])!.problems).toHaveLength(2);
    expect(summary.recordsCreated).toBe(0);
    expect(await records.listExperiments()).toEqual([]);
    expect(await threads.getTopic(seeded.experimentIds[0]!)).toBeNull();
    expect(await redis.exists(keys.backfillDone, keys.reconcileStamps)).toBe(0);
  });

  it('matches a sidecar that got every webhook', async () => {
    const sim = await startForum({ siteSettings: { editingGracePeriodSeconds: 0 } });
    const full = await startSidecar(sim, { name: 'bf-full', webhooks: true });
    const imported = await startSidecar(sim, { name: 'bf-imported' });
    for (const username of ['alice', 'bob', 'chen']) sim.addUser({ username });
    const practice = sim.createTopic({ username: 'alice', title: 'Daily stand-up meeting', tags: ['practice'], raw: PRACTICE_RAW });
    const trial = sim.createTopic({ username: 'bob', title: 'Ten-minute stand-up trial', tags: ['experiment'], raw: EXPERIMENT_RAW(practice.topic.id) });
    const other = sim.createTopic({ username: 'chen', title: 'Stand-up at a later hour', tags: ['experiment'], raw: EXPERIMENT_RAW(practice.topic.id, 3) });
    await settle(sim, full.app);
    sim.reply({ username: 'chen', topicId: trial.topic.id, raw: REFLECTION_RAW });
    sim.reply({ username: 'bob', topicId: trial.topic.id, raw: DECISION_RAW });
    sim.reply({ username: 'alice', topicId: other.topic.id, raw: REFLECTION_RAW });
    sim.editPost(practice.post.id, { username: 'alice', raw: `${PRACTICE_RAW}\n\nNow with a timer.`, editReason: 'Add the timer' });
    await settle(sim, full.app);

    const summary = await createBackfill(imported.app.praxis, captureLogger().logger).run();
    await settle(sim, imported.app);
    const expected = await recordsOf(full.app);
    const actual = await recordsOf(imported.app);

    expect(summary.recordsCreated).toBe(3);
    expect(actual).toEqual(expected);
  });
});
