import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { firstFireTime, followUpTime, formatMoment, pendingUsernames, reviewMoment } from '../../sidecar/src/reminders/schedule';

const calendar = (reviewOn: string, timezone: string) => ({ reviewOn, reviewAt: null, timezone });

describe('reviewMoment', () => {
  it('calendar date fires 09:00 local', () => {
    const moment = reviewMoment(calendar('2027-01-15', 'Europe/Berlin'))!;
    expect(formatMoment(moment)).toBe('2027-01-15T09:00:00+01:00');
    expect(moment.toUTC().toISO()).toBe('2027-01-15T08:00:00.000Z');
  });

  it('Berlin date before spring DST change', () => {
    // Berlin moves to summer time on Sunday 2027-03-28.
    const moment = reviewMoment(calendar('2027-03-27', 'Europe/Berlin'))!;
    expect(formatMoment(moment)).toBe('2027-03-27T09:00:00+01:00');
  });

  it('Berlin date on spring DST change', () => {
    const moment = reviewMoment(calendar('2027-03-28', 'Europe/Berlin'))!;
    expect(formatMoment(moment)).toBe('2027-03-28T09:00:00+02:00');
    expect(moment.toUTC().toISO()).toBe('2027-03-28T07:00:00.000Z');
  });

  it('Berlin date after spring DST change', () => {
    const moment = reviewMoment(calendar('2027-03-29', 'Europe/Berlin'))!;
    expect(formatMoment(moment)).toBe('2027-03-29T09:00:00+02:00');
    expect(moment.toUTC().toISO()).toBe('2027-03-29T07:00:00.000Z');
  });

  it('Berlin date after autumn DST change', () => {
    // Berlin returns to standard time on Sunday 2027-10-31.
    const moment = reviewMoment(calendar('2027-11-01', 'Europe/Berlin'))!;
    expect(formatMoment(moment)).toBe('2027-11-01T09:00:00+01:00');
    expect(moment.toUTC().toISO()).toBe('2027-11-01T08:00:00.000Z');
  });

  it('New York date after spring DST change', () => {
    // New York moves to daylight time on Sunday 2027-03-14.
    const moment = reviewMoment(calendar('2027-03-15', 'America/New_York'))!;
    expect(formatMoment(moment)).toBe('2027-03-15T09:00:00-04:00');
    expect(moment.toUTC().toISO()).toBe('2027-03-15T13:00:00.000Z');
  });

  it('New York date before spring DST change', () => {
    const moment = reviewMoment(calendar('2027-03-13', 'America/New_York'))!;
    expect(moment.toUTC().toISO()).toBe('2027-03-13T14:00:00.000Z');
  });

  it('New York date after autumn DST change', () => {
    // New York returns to standard time on Sunday 2027-11-07.
    const moment = reviewMoment(calendar('2027-11-08', 'America/New_York'))!;
    expect(formatMoment(moment)).toBe('2027-11-08T09:00:00-05:00');
  });

  it('calendar date wins over its midnight reviewAt', () => {
    const moment = reviewMoment({ reviewOn: '2027-01-15', reviewAt: '2027-01-15T00:00:00.000+01:00', timezone: 'Europe/Berlin' })!;
    expect(formatMoment(moment)).toBe('2027-01-15T09:00:00+01:00');
  });

  it('explicit time fires at reviewAt', () => {
    const moment = reviewMoment({ reviewOn: null, reviewAt: '2027-01-15T14:30:00.000+01:00', timezone: 'America/New_York' })!;
    expect(formatMoment(moment)).toBe('2027-01-15T14:30:00+01:00');
    expect(moment.toMillis()).toBe(Date.parse('2027-01-15T13:30:00Z'));
  });

  it('no review gives null', () => {
    expect(reviewMoment({ reviewOn: null, reviewAt: null, timezone: 'UTC' })).toBeNull();
  });

  it('unknown zone gives null', () => {
    expect(reviewMoment(calendar('2027-01-15', 'Mars/Olympus'))).toBeNull();
  });

  it('unreadable reviewAt gives null', () => {
    expect(reviewMoment({ reviewOn: null, reviewAt: 'soon', timezone: 'UTC' })).toBeNull();
  });
});

describe('firstFireTime', () => {
  const now = new Date('2027-01-15T12:00:00Z');
  const review = (iso: string) => DateTime.fromISO(iso, { setZone: true });

  it('future review fires at the review', () => {
    const fire = firstFireTime(review('2027-01-16T09:00:00+01:00'), { reflectedUsernames: [] }, now);
    expect(fire?.toISOString()).toBe('2027-01-16T08:00:00.000Z');
  });

  it('future review ignores early reflections', () => {
    const fire = firstFireTime(review('2027-01-16T09:00:00+01:00'), { reflectedUsernames: ['bob'] }, now);
    expect(fire?.toISOString()).toBe('2027-01-16T08:00:00.000Z');
  });

  it('past review without reflections fires now', () => {
    const fire = firstFireTime(review('2027-01-10T09:00:00+01:00'), { reflectedUsernames: [] }, now);
    expect(fire?.getTime()).toBe(now.getTime());
  });

  it('past review with a reflection gives none', () => {
    expect(firstFireTime(review('2027-01-10T09:00:00+01:00'), { reflectedUsernames: ['alice'] }, now)).toBeNull();
  });

  it('review at now counts as past', () => {
    expect(firstFireTime(review('2027-01-15T12:00:00Z'), { reflectedUsernames: ['alice'] }, now)).toBeNull();
  });
});

describe('pendingUsernames', () => {
  const owner = { username: 'alice' };

  it('lists owner first, then partners', () => {
    expect(pendingUsernames({ owner, partners: [{ username: 'bob' }, { username: 'carol' }], reflectedUsernames: [] })).toEqual(['alice', 'bob', 'carol']);
  });

  it('drops people who reflected', () => {
    expect(pendingUsernames({ owner, partners: [{ username: 'bob' }, { username: 'carol' }], reflectedUsernames: ['alice', 'carol'] })).toEqual(['bob']);
  });

  it('compares usernames without case', () => {
    expect(pendingUsernames({ owner, partners: [{ username: 'Bob' }], reflectedUsernames: ['bob'] })).toEqual(['alice']);
  });

  it('mentions each person once', () => {
    expect(pendingUsernames({ owner, partners: [{ username: 'Alice' }, { username: 'bob' }, { username: 'bob' }], reflectedUsernames: [] })).toEqual(['alice', 'bob']);
  });

  it('everyone reflected gives empty list', () => {
    expect(pendingUsernames({ owner, partners: [{ username: 'bob' }], reflectedUsernames: ['bob', 'alice'] })).toEqual([]);
  });
});

describe('followUpTime', () => {
  it('days keep local time across DST', () => {
    // 09:00 in Berlin on 2027-03-27 (+01:00); three days later is 09:00 on 2027-03-30 (+02:00).
    const fire = followUpTime(new Date('2027-03-27T08:00:00Z'), Duration.fromISO('P3D'), 'Europe/Berlin');
    expect(fire.toISOString()).toBe('2027-03-30T07:00:00.000Z');
  });

  it('hours count elapsed time', () => {
    const fire = followUpTime(new Date('2027-03-27T08:00:00Z'), Duration.fromISO('PT72H'), 'Europe/Berlin');
    expect(fire.toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });

  it('unknown zone counts in UTC', () => {
    const fire = followUpTime(new Date('2027-03-27T08:00:00Z'), Duration.fromISO('P3D'), 'Nowhere/Else');
    expect(fire.toISOString()).toBe('2027-03-30T08:00:00.000Z');
  });
});
