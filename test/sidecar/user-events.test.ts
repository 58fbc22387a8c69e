import { describe, expect, it } from 'vitest';
import { PartnerStore } from '../../sidecar/src/partners/partner-store';
import type { ExperimentRecord } from '../../sidecar/src/records/types';
import { build, TEST_SECRET } from '../helpers/build';
import { deliveryHeaders } from '../helpers/fixtures';
import { eventually } from '../helpers/stack';

const experiment: ExperimentRecord = {
  topicId: 40,
  title: 'Ten-minute stand-up trial',
  slug: 'ten-minute-stand-up-trial',
  categoryId: null,
  owner: { username: 'bob', userId: 2 },
  practiceTopicId: null,
  hypothesis: null,
  measure: null,
  startsAt: null,
  startsOn: null,
  reviewAt: null,
  reviewOn: null,
  timezone: 'UTC',
  partnersWanted: 3,
  reflections: [],
  decision: null,
  problems: [],
  archived: false,
  createdAt: '2027-01-01T00:00:00.000Z',
  updatedAt: '2027-01-01T00:00:00.000Z',
};

describe('user events', () => {
  it.each(['user_destroyed', 'user_anonymized'])('%s removes the partner', async (event) => {
    const app = await build({ name: 'user-events' });
    const { records, redis, keys } = app.praxis;
    await records.saveExperiment(experiment, null);
    const partners = new PartnerStore(redis, keys);
    await partners.join(40, { id: 7, username: 'chen' }, 'observer', new Date());
    await partners.join(40, { id: 8, username: 'dana' }, 'observer', new Date());

    // An anonymized user arrives under the new name, so the id is what matches.
    const body = JSON.stringify({ user: { id: 7, username: event === 'user_anonymized' ? 'anon12345' : 'chen' } });
    const response = await app.inject({ method: 'POST', url: '/webhooks/discourse', payload: body, headers: deliveryHeaders(event, body, TEST_SECRET) });

    expect(response.statusCode).toBe(202);
    await eventually(async () => {
      expect((await records.getPartners(40)).map((partner) => partner.username)).toEqual(['dana']);
    });
  });
});
