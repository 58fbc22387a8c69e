import type { ChangelogEntry, ExperimentView, FeedEntry, Practice } from '../../theme-component/src/widgets/types';

export const FORUM = 'http://127.0.0.1:4200';

export function experimentRecord(overrides: Partial<ExperimentView> = {}): ExperimentView {
  return {
    topicId: 280,
    title: 'Standup at 9:15 instead of 9:00',
    slug: 'standup-at-9-15',
    url: `${FORUM}/t/standup-at-9-15/280`,
    status: 'running',
    owner: { username: 'alice' },
    practiceTopicId: 12,
    hypothesis: 'A later standup lets people arrive and read messages first.',
    measure: 'Late arrivals per week',
    startsAt: '2027-01-15T00:00:00+01:00',
    startsOn: '2027-01-15',
    reviewAt: '2027-02-12T00:00:00+01:00',
    reviewOn: '2027-02-12',
    timezone: 'Europe/Berlin',
    partnersWanted: 3,
    partners: [{ username: 'bob', userId: 2, role: 'observer', joinedAt: '2027-01-10T09:00:00Z' }],
    problems: [],
    archived: false,
    createdAt: '2027-01-05T10:00:00Z',
    updatedAt: '2027-01-10T09:00:00Z',
    ...overrides,
  };
}

export function practiceRecord(overrides: Partial<Practice> = {}): Practice {
  return {
    topicId: 12,
    title: 'Daily standup',
    slug: 'daily-standup',
    url: `${FORUM}/t/daily-standup/12`,
    summary: 'A short daily meeting.',
    owner: { username: 'carol' },
    version: 3,
    experimentTopicIds: [280],
    archived: false,
    createdAt: '2026-10-01T08:00:00Z',
    updatedAt: '2027-02-20T08:00:00Z',
    ...overrides,
  };
}

export function changelogEntries(): ChangelogEntry[] {
  return [
    {
      version: 3,
      at: '2027-02-20T08:00:00Z',
      kind: 'adapt',
      summary: 'Standup moves to 9:15.',
      username: 'alice',
      experiment: { topicId: 280, title: 'Standup at 9:15 instead of 9:00', url: `${FORUM}/t/standup-at-9-15/280` },
      revision: null,
    },
    { version: 2, at: '2026-11-03T12:00:00Z', kind: 'edit', summary: 'Clarified who keeps time.', username: 'carol', experiment: null, revision: 2 },
    { version: 1, at: '2026-10-01T08:00:00Z', kind: 'created', summary: 'First version.', username: 'carol', experiment: null, revision: null },
  ];
}

export function feedEntries(): FeedEntry[] {
  return changelogEntries().map((entry) => ({
    ...entry,
    practiceTopicId: 12,
    practiceTitle: 'Daily standup',
    practiceUrl: `${FORUM}/t/daily-standup/12`,
  }));
}
