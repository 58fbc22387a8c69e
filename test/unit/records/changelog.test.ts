import { describe, expect, it } from 'vitest';
import type { ExperimentRecord, PracticeRecord } from '../../../sidecar/src/records/types';
import { deriveChangelog, type RevisionState } from '../../../sidecar/src/threads/changelog';

const FORUM = 'https://forum.example.com';

const practice: PracticeRecord = {
  topicId: 10,
  title: 'Daily stand-up',
  slug: 'daily-stand-up',
  categoryId: null,
  owner: { username: 'alice', userId: 1 },
  summary: 'We meet at 9:30.',
  problems: [],
  version: 1,
  archived: false,
  createdAt: '2027-01-01T09:00:00.000Z',
  updatedAt: '2027-01-01T09:00:00.000Z',
};

function experiment(topicId: number, decision: 'adopt' | 'adapt' | 'abandon' | null, at: string, overrides: Partial<ExperimentRecord> = {}): ExperimentRecord {
  return {
    topicId,
    title: `Experiment ${topicId}`,
    slug: `experiment-${topicId}`,
    categoryId: null,
    owner: { username: 'bob', userId: 2 },
    practiceTopicId: 10,
    hypothesis: null,
    measure: null,
    startsAt: null,
    startsOn: null,
    reviewAt: null,
    reviewOn: null,
    timezone: 'UTC',
    partnersWanted: null,
    reflections: [],
    decision: decision ? { decision, change: decision === 'adapt' ? 'Stand-up moves to 10:00' : null, username: 'bob', postNumber: 4, at } : null,
    problems: [],
    archived: false,
    createdAt: '2027-01-02T00:00:00.000Z',
    updatedAt: '2027-01-02T00:00:00.000Z',
    ...overrides,
  };
}

describe('deriveChangelog', () => {
  it('starts with the creation entry', () => {
    const entries = deriveChangelog(practice, [], [], FORUM);

    expect(entries).toEqual([
      { version: 1, at: practice.createdAt, kind: 'created', summary: 'Practice documented', username: 'alice', experiment: null, revision: null },
    ]);
  });

  it('raises the version for adopt, adapt and edit but not abandon', () => {
    const experiments = [
      experiment(21, 'adapt', '2027-02-01T10:00:00.000Z'),
      experiment(22, 'abandon', '2027-03-01T10:00:00.000Z'),
      experiment(23, 'adopt', '2027-04-01T10:00:00.000Z'),
    ];
    const revisions: RevisionState[] = [{ version: 2, at: '2027-02-15T10:00:00.000Z', username: 'alice', editReason: 'clarify the time' }];

    const entries = deriveChangelog(practice, experiments, revisions, FORUM);

    expect(entries.map((entry) => [entry.kind, entry.version])).toEqual([
      ['created', 1],
      ['adapt', 2],
      ['edit', 3],
      ['abandon', 3],
      ['adopt', 4],
    ]);
    expect(entries[1]!.summary).toBe('Stand-up moves to 10:00');
    expect(entries[1]!.experiment).toEqual({ topicId: 21, title: 'Experiment 21', url: `${FORUM}/t/experiment-21/21` });
    expect(entries[2]).toMatchObject({ summary: 'clarify the time', revision: 2, username: 'alice' });
    expect(entries[3]!.summary).toBe('Tested in "Experiment 22", not adopted');
  });

  it('leaves out undecided, archived and unlinked experiments', () => {
    const experiments = [
      experiment(31, null, ''),
      experiment(32, 'adopt', '2027-02-01T10:00:00.000Z', { archived: true }),
      experiment(33, 'adopt', '2027-02-01T10:00:00.000Z', { practiceTopicId: 99 }),
    ];

    expect(deriveChangelog(practice, experiments, [], FORUM)).toHaveLength(1);
  });

  it('gives the same result in any input order', () => {
    const a = experiment(41, 'adopt', '2027-02-01T10:00:00.000Z');
    const b = experiment(42, 'adapt', '2027-02-01T10:00:00.000Z');

    expect(deriveChangelog(practice, [a, b], [], FORUM)).toEqual(deriveChangelog(practice, [b, a], [], FORUM));
  });
});
