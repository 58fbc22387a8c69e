import type { ForumSimulator } from '../forum-simulator/server';

/*
 * Thread texts and a seeder for many tagged threads, shared by the tests and the backfill
 * benchmark (so it imports nothing from vitest).
 */

export const EXPERIMENT_RAW = (practiceId: number, partners = 2) =>
  [
    'We want to know whether a hard cap keeps the stand-up useful.',
    '',
    `**Practice:** /t/daily-stand-up-meeting/${practiceId}`,
    '**Hypothesis:** A ten-minute cap keeps everyone engaged.',
    'Measure: minutes per stand-up',
    'Start: 2027-01-11',
    'Review: [date=2027-02-08 time=16:00:00 timezone="Europe/Berlin"]',
    `Partners wanted: ${partners}`,
  ].join('\n');

export const PRACTICE_RAW = 'Every weekday at 09:30 the team meets for fifteen minutes.\n\nMore detail here.';
export const REFLECTION_RAW = 'What happened: we finished on time every day.\nWhat we learned: the board walk is what takes long.';
export const DECISION_RAW = 'Decision: adapt\nChange: Stand-up capped at ten minutes, board walk weekly.';

export interface SeededThreads {
  practiceIds: number[];
  experimentIds: number[];
  /** Experiments whose first post has fields the parser cannot read. */
  malformedIds: number[];
}

/**
 * Creates `count` tagged threads: one practice in six, the rest experiments linking to a
 * practice, every fifth experiment with a reflection reply and every tenth with unreadable fields.
 */
export function seedThreads(sim: ForumSimulator, count: number): SeededThreads {
  if (!sim.user('owner')) sim.addUser({ username: 'owner' });
  if (!sim.user('partner')) sim.addUser({ username: 'partner' });
  const seeded: SeededThreads = { practiceIds: [], experimentIds: [], malformedIds: [] };

  for (let index = 0; index < count; index++) {
    if (index % 6 === 0) {
      const { topic } = sim.createTopic({ username: 'owner', title: `Practice number ${index} of the team`, tags: ['practice'], raw: PRACTICE_RAW });
      seeded.practiceIds.push(topic.id);
      continue;
    }

    const practiceId = seeded.practiceIds.at(-1)!;
    const malformed = seeded.experimentIds.length % 10 === 9;
    const raw = malformed ? 'Hypothesis: Writing first helps.\nReview: next Tuesday-ish\nPartners wanted: lots' : EXPERIMENT_RAW(practiceId);
    const { topic } = sim.createTopic({ username: 'owner', title: `Experiment number ${index} of the team`, tags: ['experiment'], raw });
    seeded.experimentIds.push(topic.id);
    if (malformed) seeded.malformedIds.push(topic.id);
    if (seeded.experimentIds.length % 5 === 0) sim.reply({ username: 'partner', topicId: topic.id, raw: REFLECTION_RAW });
  }

  return seeded;
}
