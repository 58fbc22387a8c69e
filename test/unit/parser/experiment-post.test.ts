import { describe, expect, it } from 'vitest';
import { parseExperimentPost, type ParseOptions } from '../../../sidecar/src/threads/parser';

const OPTIONS: ParseOptions = { defaultTimezone: 'Europe/Berlin', forumUrl: 'https://f.example/community' };

function parse(raw: string) {
  return parseExperimentPost(raw, OPTIONS);
}

const FULL_POST = `We want to try shorter stand-ups for a month.

**Practice:** [Short stand-ups](https://f.example/community/t/short-stand-ups/123)
**Hypothesis:** Stand-ups of 10 minutes
keep everyone as informed as 30 minutes did.
- Measure: survey score after each sprint
Start: 2027-01-15
Review: [date=2027-02-15 time=10:00:00 timezone="America/New_York"]
Partners wanted: 3 people

<!-- praxis:experiment-card -->
`;

describe('parseExperimentPost full post', () => {
  const { fields, problems } = parse(FULL_POST);

  it('no problems', () => {
    expect(problems).toEqual([]);
  });

  it('practice topic id', () => {
    expect(fields.practiceTopicId).toBe(123);
  });

  it('multi-line hypothesis', () => {
    expect(fields.hypothesis).toBe('Stand-ups of 10 minutes\nkeep everyone as informed as 30 minutes did.');
  });

  it('measure from list item', () => {
    expect(fields.measure).toBe('survey score after each sprint');
  });

  it('start as calendar date', () => {
    expect(fields.start).toEqual({ at: '2027-01-15T00:00:00.000+01:00', on: '2027-01-15', timezone: 'Europe/Berlin' });
  });

  it('review from date markup', () => {
    expect(fields.review).toEqual({ at: '2027-02-15T10:00:00.000-05:00', on: null, timezone: 'America/New_York' });
  });

  it('timezone from review', () => {
    expect(fields.timezone).toBe('America/New_York');
  });

  it('partners wanted', () => {
    expect(fields.partnersWanted).toBe(3);
  });
});

describe('parseExperimentPost labels', () => {
  it('empty post', () => {
    expect(parse('')).toEqual({
      fields: {
        practiceTopicId: null,
        hypothesis: null,
        measure: null,
        start: null,
        review: null,
        timezone: 'Europe/Berlin',
        partnersWanted: null,
      },
      problems: [],
    });
  });

  it.each([
    ['Start', 'Start: 2027-01-15'],
    ['Starts', 'Starts: 2027-01-15'],
    ['Start date', 'Start date: 2027-01-15'],
    ['heading', '## Start date\n\n2027-01-15'],
  ])('start alias %s', (_name, raw) => {
    expect(parse(raw).fields.start?.on).toBe('2027-01-15');
  });

  it.each([
    ['Review', 'Review: 2027-02-01'],
    ['Review on', 'Review on: 2027-02-01'],
    ['Review date', 'Review date: 2027-02-01'],
    ['upper case', 'REVIEW DATE: 2027-02-01'],
  ])('review alias %s', (_name, raw) => {
    expect(parse(raw).fields.review?.on).toBe('2027-02-01');
  });

  it('prediction alias', () => {
    expect(parse('Prediction: fewer bugs').fields.hypothesis).toBe('fewer bugs');
  });

  it('heading sections', () => {
    const raw = '## Hypothesis\n\nFewer bugs\nin review.\n\n## Measure\n\nBugs per sprint\n\n## Background\n\nOther text';
    const { fields } = parse(raw);
    expect(fields.hypothesis).toBe('Fewer bugs\nin review.');
    expect(fields.measure).toBe('Bugs per sprint');
  });

  it('empty hypothesis absent', () => {
    expect(parse('Hypothesis:   \n\nMeasure: m').fields.hypothesis).toBeNull();
  });

  it('empty values are no problems', () => {
    const raw = 'Practice:\nStart:\nReview:\nPartners wanted:';
    expect(parse(raw).problems).toEqual([]);
  });

  it('quoted fields ignored', () => {
    const raw = '[quote="alice, post:1, topic:9"]\nHypothesis: theirs\n[/quote]\n\n> Measure: theirs\n\n```\nStart: 2027-01-15\n```';
    const { fields } = parse(raw);
    expect(fields.hypothesis).toBeNull();
    expect(fields.measure).toBeNull();
    expect(fields.start).toBeNull();
  });

  it('first occurrence wins', () => {
    expect(parse('Hypothesis: mine\n\nHypothesis: later').fields.hypothesis).toBe('mine');
  });
});

describe('parseExperimentPost practice', () => {
  it('foreign host problem', () => {
    const { fields, problems } = parse('Practice: https://other.example/t/x/5');
    expect(fields.practiceTopicId).toBeNull();
    expect(problems).toEqual([
      {
        field: 'practice',
        message:
          'Practice link "https://other.example/t/x/5" is not a topic on this forum; paste the practice topic\'s link, like https://f.example/community/t/slug/123',
      },
    ]);
  });

  it('relative link', () => {
    expect(parse('Practice: /t/slug/77/2').fields.practiceTopicId).toBe(77);
  });
});

describe('parseExperimentPost dates', () => {
  it('timezone from start when review has none', () => {
    const raw = 'Start: [date=2027-01-15 timezone="Asia/Tokyo"]\nReview: 2027-02-01';
    expect(parse(raw).fields.timezone).toBe('Asia/Tokyo');
  });

  it('review zone wins over start zone', () => {
    const raw = 'Start: 2027-01-15 Asia/Tokyo\nReview: 2027-02-01 America/New_York';
    expect(parse(raw).fields.timezone).toBe('America/New_York');
  });

  it('default timezone without zones', () => {
    const raw = 'Start: 2027-01-15\nReview: 2027-02-01';
    expect(parseExperimentPost(raw, { ...OPTIONS, defaultTimezone: 'Asia/Tokyo' }).fields.timezone).toBe('Asia/Tokyo');
  });

  it('default timezone read in', () => {
    const raw = 'Start: 2027-01-15 09:00';
    const { fields } = parseExperimentPost(raw, { ...OPTIONS, defaultTimezone: 'Asia/Tokyo' });
    expect(fields.start?.at).toBe('2027-01-15T09:00:00.000+09:00');
  });

  it('unreadable review', () => {
    const { fields, problems } = parse('Review: next Tuesday-ish');
    expect(fields.review).toBeNull();
    expect(problems).toEqual([
      { field: 'review', message: 'Review date "next Tuesday-ish" is not a date; use 2027-01-15 or the date picker' },
    ]);
  });

  it('unreadable start', () => {
    expect(parse('Start: soon').problems).toEqual([
      { field: 'start', message: 'Start date "soon" is not a date; use 2027-01-15 or the date picker' },
    ]);
  });

  it('unknown review zone', () => {
    const { fields, problems } = parse('Review: [date=2027-02-01 timezone="Mars/Olympus"]');
    expect(fields.review).toBeNull();
    expect(fields.timezone).toBe('Europe/Berlin');
    expect(problems).toEqual([
      { field: 'review', message: 'Review date zone "Mars/Olympus" is not a known time zone; use a name like Europe/Berlin' },
    ]);
  });

  it('impossible start date', () => {
    const { fields, problems } = parse('Start: 2027-02-30');
    expect(fields.start).toBeNull();
    expect(problems.map((problem) => problem.field)).toEqual(['start']);
  });

  it('review before start', () => {
    const { fields, problems } = parse('Start: 2027-01-15\nReview: 2027-01-01');
    expect(fields.start?.on).toBe('2027-01-15');
    expect(fields.review?.on).toBe('2027-01-01');
    expect(problems).toEqual([
      {
        field: 'review',
        message: 'Review date 2027-01-01 is before the start date 2027-01-15; set a review date on or after the start',
      },
    ]);
  });

  it('review before start across zones', () => {
    // 09:00 in Tokyo is 01:00 in Berlin, so the review comes first.
    const raw = 'Start: 2027-01-15 02:00\nReview: 2027-01-15 09:00 Asia/Tokyo';
    const { problems } = parse(raw);
    expect(problems).toEqual([
      {
        field: 'review',
        message:
          'Review date 2027-01-15 09:00 Asia/Tokyo is before the start date 2027-01-15 02:00 Europe/Berlin; set a review date on or after the start',
      },
    ]);
  });

  it('review on start day allowed', () => {
    expect(parse('Start: 2027-01-15\nReview: 2027-01-15').problems).toEqual([]);
  });

  it('DST date offset', () => {
    const { fields } = parse('Start: 2027-03-26\nReview: 2027-03-28 12:00');
    expect(fields.start?.at).toBe('2027-03-26T00:00:00.000+01:00');
    expect(fields.review?.at).toBe('2027-03-28T12:00:00.000+02:00');
  });
});

describe('parseExperimentPost partners wanted', () => {
  it.each([
    ['3', 3],
    ['0', 0],
    ['100', 100],
    ['3 people', 3],
    ['3.', 3],
    ['**3**', 3],
    ['3, ideally from QA', 3],
  ])('reads %s', (written, expected) => {
    const { fields, problems } = parse(`Partners wanted: ${written}`);
    expect(fields.partnersWanted).toBe(expected);
    expect(problems).toEqual([]);
  });

  it.each(['lots', '-1', '2.5', 'three', '3-4', 'about 3'])('not a whole number: %s', (written) => {
    const { fields, problems } = parse(`Partners wanted: ${written}`);
    expect(fields.partnersWanted).toBeNull();
    expect(problems).toEqual([
      { field: 'partnersWanted', message: `Partners wanted "${written}" is not a whole number; write a number like 3` },
    ]);
  });

  it('above maximum', () => {
    const { fields, problems } = parse('Partners wanted: 1000');
    expect(fields.partnersWanted).toBeNull();
    expect(problems).toEqual([
      { field: 'partnersWanted', message: 'Partners wanted "1000" is more than 100; write a number from 0 to 100' },
    ]);
  });
});

describe('parseExperimentPost problems', () => {
  it('problems keep other fields', () => {
    const raw = [
      'Practice: https://other.example/t/x/5',
      'Hypothesis: h',
      'Measure: m',
      'Start: 2027-01-15',
      'Review: next Tuesday-ish',
      'Partners wanted: lots',
    ].join('\n');
    const { fields, problems } = parse(raw);

    expect(fields.hypothesis).toBe('h');
    expect(fields.measure).toBe('m');
    expect(fields.start?.on).toBe('2027-01-15');
    expect(problems.map((problem) => problem.field)).toEqual(['practice', 'review', 'partnersWanted']);
  });
});
