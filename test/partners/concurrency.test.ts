import { Redis } from 'ioredis';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PartnerStore } from '../../sidecar/src/partners/partner-store';
import { TEST_REDIS_URL } from '../helpers/redis';
import { join, MEMBERS, saveExperiment, scene, secondSidecar, storedPartners } from './partner-fixtures';

describe('concurrent joins', () => {
  it('fill the last place exactly once', async () => {
    const s = await scene();
    const other = await secondSidecar(s);
    const topicId = await saveExperiment(s.app, { partnersWanted: 3 });
    await join(s, topicId, { cookie: s.forum.login('pat') });
    await join(s, topicId, { cookie: s.forum.login('quinn') });

    const contenders = MEMBERS.slice(2);
    const cookies = contenders.map((username) => s.forum.login(username));
    const responses = await Promise.all(cookies.map((cookie, index) => join(index % 2 === 0 ? s : { ...s, app: other }, topicId, { cookie })));

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, ...contenders.slice(1).map(() => 409)]);
    expect(Object.keys(await storedPartners(s.app, topicId))).toHaveLength(3);
  });

  it('never overbook across connections', async () => {
    const s = await scene();
    const topicId = await saveExperiment(s.app, { partnersWanted: 5 });

    // Each connection stands for a sidecar process running the join script.
    const connections = Array.from({ length: 8 }, () => new Redis(TEST_REDIS_URL));
    onTestFinished(() => connections.forEach((connection) => connection.disconnect()));
    const stores = connections.map((connection) => new PartnerStore(connection, s.app.praxis.keys));

    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        stores[index % stores.length]!.join(topicId, { id: 1000 + index, username: `user${index}` }, null, now),
      ),
    );

    expect(outcomes.filter((outcome) => outcome === 'joined')).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome === 'full')).toHaveLength(35);
    expect(Object.keys(await storedPartners(s.app, topicId))).toHaveLength(5);
  });
});
