import { describe, expect, it } from 'vitest';
import { join, OWNER, saveExperiment, scene } from './partner-fixtures';

describe('seekingPartners filter', () => {
  it('lists open experiments with places, soonest start first', async () => {
    const s = await scene();
    const later = await saveExperiment(s.app, { startsAt: '2030-05-01T09:00:00.000Z' });
    const sooner = await saveExperiment(s.app, { startsAt: '2030-03-01T09:00:00.000Z' });
    const undated = await saveExperiment(s.app, { startsAt: null });
    const full = await saveExperiment(s.app, { partnersWanted: 1 });
    await join(s, full, { cookie: s.forum.login('pat') });
    const concluded = await saveExperiment(s.app, {
      decision: { decision: 'abandon', change: null, username: OWNER, postNumber: 3, at: '2030-04-02T09:00:00.000Z' },
    });
    const reflecting = await saveExperiment(s.app, { startsAt: '2020-01-01T09:00:00.000Z', reviewAt: '2020-02-01T09:00:00.000Z' });
    const unlimited = await saveExperiment(s.app, { partnersWanted: null });
    await saveExperiment(s.app, { archived: true });

    const seeking = await s.app.inject({ method: 'GET', url: '/api/experiments?seekingPartners=true' });
    const notSeeking = await s.app.inject({ method: 'GET', url: '/api/experiments?seekingPartners=false' });

    expect(seeking.statusCode).toBe(200);
    expect(seeking.json().experiments.map((experiment: { topicId: number }) => experiment.topicId)).toEqual([sooner, later, undated]);
    expect(notSeeking.json().experiments.map((experiment: { topicId: number }) => experiment.topicId).sort()).toEqual(
      [full, concluded, reflecting, unlimited].sort(),
    );
  });

  it('rejects a value other than true or false', async () => {
    const s = await scene();

    const response = await s.app.inject({ method: 'GET', url: '/api/experiments?seekingPartners=yes' });

    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('seekingPartners "yes" is invalid; use true or false');
  });
});
