import { DateTime, type Duration } from 'luxon';
import type { ReminderSubject } from './types';

/** Local hour at which a review written as a calendar date is due. */
export const CALENDAR_REVIEW_HOUR = 9;

/** Luxon format of a review moment in markers and the plan hash: seconds and the zone's offset. */
const MOMENT_FORMAT = "yyyy-MM-dd'T'HH:mm:ssZZ";

/**
 * Returns the moment the review is due, or null when the experiment has none or it cannot be read.
 * A calendar date (`reviewOn`) is due at 09:00 on that date in the experiment's zone, whatever
 * that zone's offset is on the day, so a daylight-saving change does not shift it.
 * Otherwise the review is due at `reviewAt`.
 */
export function reviewMoment(subject: Pick<ReminderSubject, 'reviewAt' | 'reviewOn' | 'timezone'>): DateTime | null {
  if (subject.reviewOn !== null) {
    const date = DateTime.fromISO(subject.reviewOn, { zone: subject.timezone });
    if (!date.isValid) return null;
    return date.set({ hour: CALENDAR_REVIEW_HOUR, minute: 0, second: 0, millisecond: 0 });
  }

  if (subject.reviewAt !== null) {
    const moment = DateTime.fromISO(subject.reviewAt, { setZone: true });
    return moment.isValid ? moment : null;
  }

  return null;
}

/** Formats a review moment as it appears in markers, e.g. "2027-01-15T09:00:00+01:00". */
export function formatMoment(moment: DateTime): string {
  return moment.toFormat(MOMENT_FORMAT);
}

/**
 * Returns when the first reminder of a review fires, or null when there should be none.
 * A future review moment fires at that moment. A past one fires at once (`now`) unless someone
 * has already reflected, because then the review is under way without a reminder.
 * NOTE: a review that passed long ago without reflections also fires at once, so planning every
 * old experiment on a first start against a busy forum posts many replies in a row.
 */
export function firstFireTime(review: DateTime, subject: Pick<ReminderSubject, 'reflectedUsernames'>, now: Date): Date | null {
  const reviewMs = review.toMillis();
  if (reviewMs > now.getTime()) return new Date(reviewMs);
  if (subject.reflectedUsernames.length > 0) return null;
  return now;
}

/**
 * Returns when a follow-up posted `after` from `now` fires. Days and larger units count in the
 * experiment's zone, so "P3D" keeps the local time of day across a DST change. An unknown zone
 * counts in UTC.
 */
export function followUpTime(now: Date, after: Duration, timezone: string): Date {
  let local = DateTime.fromJSDate(now, { zone: timezone });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'utc' });
  return local.plus(after).toJSDate();
}

/**
 * Returns the owner and partners who have not reflected yet, owner first, each once. Usernames
 * compare without case, as Discourse compares them.
 */
export function pendingUsernames(subject: Pick<ReminderSubject, 'owner' | 'partners' | 'reflectedUsernames'>): string[] {
  const seen = new Set(subject.reflectedUsernames.map((name) => name.toLowerCase()));
  const pending: string[] = [];

  for (const { username } of [subject.owner, ...subject.partners]) {
    const key = username.toLowerCase();
    if (username === '' || seen.has(key)) continue;
    seen.add(key);
    pending.push(username);
  }

  return pending;
}
