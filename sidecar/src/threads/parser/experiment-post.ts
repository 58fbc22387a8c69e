import type { Problem } from '@praxis/shared';
import { describeCalendarValue, isBefore, readCalendarValue, type CalendarValue } from './calendar';
import { extractLabelledFields } from './labelled-fields';
import type { ParseResult } from './parse-result';
import { readTopicLink } from './topic-link';

export interface ExperimentFields {
  practiceTopicId: number | null;
  hypothesis: string | null;
  measure: string | null;
  start: CalendarValue | null;
  review: CalendarValue | null;
  /** The experiment's zone: the review's explicit zone, else the start's explicit zone, else the default. */
  timezone: string;
  partnersWanted: number | null;
}

export interface ParseOptions {
  /** IANA zone for dates written without one (config PRAXIS_DEFAULT_TIMEZONE). Assume valid. */
  defaultTimezone: string;
  /** Forum base URL, e.g. "http://127.0.0.1:4200" or "https://forum.example.com/community" (may include a subfolder). */
  forumUrl: string;
}

/** Maximum for `Partners wanted:`. */
export const MAX_PARTNERS_WANTED = 100;

const EXPERIMENT_LABELS = {
  practice: ['Practice'],
  hypothesis: ['Hypothesis', 'Prediction'],
  measure: ['Measure'],
  start: ['Start', 'Starts', 'Start date'],
  review: ['Review', 'Review on', 'Review date'],
  partnersWanted: ['Partners wanted'],
} as const;

/**
 * A count at the start of the value, followed by nothing, a space or closing punctuation
 * (`3`, `3 people`, `3.`). `2.5`, `3-4` and `-1` do not match.
 */
const WHOLE_NUMBER = /^(\d+)(?=$|\s|[,;!?)]|\.(?!\d))/;

/**
 * Reads an experiment topic's first post. Each field that is present but unreadable gives a
 * problem named after its label (`practice`, `start`, `review`, `partnersWanted`) and a null
 * field. Every other field is still read. An empty value counts as absent and is no problem.
 */
export function parseExperimentPost(raw: string, options: ParseOptions): ParseResult<ExperimentFields> {
  const labelled = extractLabelledFields(raw, EXPERIMENT_LABELS);
  const problems: Problem[] = [];
  const text = (key: keyof typeof EXPERIMENT_LABELS): string | null => {
    const value = labelled.get(key);
    return value === undefined || value === '' ? null : value;
  };

  let practiceTopicId: number | null = null;
  const practiceText = text('practice');
  if (practiceText !== null) {
    const link = readTopicLink(practiceText, options.forumUrl);
    practiceTopicId = link.topicId;
    if (link.problem !== null) {
      problems.push({ field: 'practice', message: link.problem });
    }
  }

  const start = readDateField(text('start'), 'start', 'Start date', options.defaultTimezone, problems);
  const review = readDateField(text('review'), 'review', 'Review date', options.defaultTimezone, problems);

  if (start.value !== null && review.value !== null && isBefore(review.value, start.value)) {
    problems.push({
      field: 'review',
      message: `Review date ${describeCalendarValue(review.value)} is before the start date ${describeCalendarValue(start.value)}; set a review date on or after the start`,
    });
  }

  const timezone = review.explicitZone ?? start.explicitZone ?? options.defaultTimezone;

  let partnersWanted: number | null = null;
  const partnersText = text('partnersWanted');
  if (partnersText !== null) {
    const partners = readPartnersWanted(partnersText);
    partnersWanted = partners.count;
    if (partners.problem !== null) {
      problems.push({ field: 'partnersWanted', message: partners.problem });
    }
  }

  return {
    fields: {
      practiceTopicId,
      hypothesis: text('hypothesis'),
      measure: text('measure'),
      start: start.value,
      review: review.value,
      timezone,
      partnersWanted,
    },
    problems,
  };
}

/** A date field's value, and its zone when the text named one. */
interface DateField {
  value: CalendarValue | null;
  explicitZone: string | null;
}

function readDateField(
  written: string | null,
  field: string,
  name: string,
  defaultTimezone: string,
  problems: Problem[],
): DateField {
  if (written === null) {
    return { value: null, explicitZone: null };
  }

  const reading = readCalendarValue(written, name, defaultTimezone);
  if (reading.problem !== null) {
    problems.push({ field, message: reading.problem });
    return { value: null, explicitZone: null };
  }
  return { value: reading.value, explicitZone: reading.explicitZone ? reading.value.timezone : null };
}

function readPartnersWanted(written: string): { count: number | null; problem: string | null } {
  const unwrapped = written.replace(/^[*_]+/, '').replace(/[*_]+(?=\s|$)/, '');
  const match = WHOLE_NUMBER.exec(unwrapped);
  if (match === null) {
    return { count: null, problem: `Partners wanted "${written}" is not a whole number; write a number like 3` };
  }

  const count = Number(match[1]);
  if (count > MAX_PARTNERS_WANTED) {
    return {
      count: null,
      problem: `Partners wanted "${written}" is more than ${MAX_PARTNERS_WANTED}; write a number from 0 to ${MAX_PARTNERS_WANTED}`,
    };
  }
  return { count, problem: null };
}
