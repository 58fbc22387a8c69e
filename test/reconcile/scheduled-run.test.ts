import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/stack';
import { EXPERIMENT_RAW, PRACTICE_RAW, startForum, startSidecar } from './harness';

describe('scheduled reconciliation', () => {
  it('imports a thread no webhook announced', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-scheduled', env: { PRAXIS_RECONCILE_EVERY: 'PT1S' } });
    sim.addUser({ username: 'alice' });
    const practice = sim.createTopic({ username: 'alice', title: 'Daily stand-up meeting', tags: ['practice'], raw: PRACTICE_RAW });
    const experiment = sim.createTopic({ username: 'alice', title: 'Ten-minute stand-up trial', tags: ['experiment'], raw: EXPERIMENT_RAW(practice.topic.id) });

    const record = await eventually(async () => {
      const stored = await sidecar.app.praxis.records.getExperiment(experiment.topic.id);
      if (!stored) throw new Error('experiment not imported yet');
      return stored;
    }, 10_000);

    expect(record.practiceTopicId).toBe(practice.topic.id);
    expect(record.archived).toBe(false);
  });

  it('stays off without the worker role', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-api-only', env: { PRAXIS_RECONCILE_EVERY: 'PT1S', PRAXIS_ROLES: 'api' } });
    sim.addUser({ username: 'alice' });
    const practice = sim.createTopic({ username: 'alice', title: 'Daily stand-up meeting', tags: ['practice'], raw: PRACTICE_RAW });

    await new Promise((resolve) => setTimeout(resolve, 2_500));

    expect(await sidecar.app.praxis.records.getPractice(practice.topic.id)).toBeNull();
    expect(sim.adminApiStats.adminApiRequests).toBe(0);
  });
});
