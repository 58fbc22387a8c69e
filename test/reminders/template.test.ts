import { describe, expect, it } from 'vitest';
import { parseReminderMarker, reminderMarker } from '../../sidecar/src/reminders/marker';
import { chooseContent } from '../../sidecar/src/reminders/post-reminder';
import { reminderRaw } from '../../sidecar/src/reminders/template';
import type { ReminderSubject } from '../../sidecar/src/reminders/types';
import { parseReplyPost } from '../../sidecar/src/threads/parser/reply-post';

const base = { topicId: 123, review: '2027-01-15T09:00:00+01:00', stage: 0, owner: 'alice' };

describe('reminderRaw', () => {
  const reminder = reminderRaw({ ...base, kind: 'reminder', mentions: ['alice', 'bob'] });

  it('mentions each person once', () => {
    expect(reminder.match(/@alice\b/g)).toHaveLength(1);
    expect(reminder.match(/@bob\b/g)).toHaveLength(1);
  });

  it('carries the template lines', () => {
    const lines = reminder.split('\n');
    expect(lines).toContain('What happened:');
    expect(lines).toContain('What we learned:');
    expect(lines).toContain('What should change in the practice:');
    expect(lines).toContain('Decision: adopt | adapt | abandon');
  });

  it('says a reply records a reflection', () => {
    expect(reminder).toContain('A reply with these fields records your reflection.');
  });

  it('ends with the marker', () => {
    expect(reminder.endsWith('<!-- praxis-reminder topic=123 review=2027-01-15T09:00:00+01:00 n=0 -->')).toBe(true);
  });

  it('is not read as a reflection or decision', () => {
    const parsed = parseReplyPost(reminder);
    expect(parsed.fields.reflection).toBeNull();
    expect(parsed.fields.decision).toBeNull();
    expect(parsed.problems).toEqual([]);
  });

  it('follow-up says it follows up', () => {
    const followUp = reminderRaw({ ...base, stage: 1, kind: 'follow-up', mentions: ['carol'] });
    expect(followUp.startsWith('@carol, a friendly follow-up')).toBe(true);
    expect(followUp).toContain('n=1 -->');
  });

  it('decision nudge mentions only the owner', () => {
    const nudge = reminderRaw({ ...base, stage: 2, kind: 'decision', mentions: ['alice'] });
    expect(nudge.match(/@\w+/g)).toEqual(['@alice']);
    expect(nudge).toContain('Decision:');
  });

  it('decision nudge is not read as a decision', () => {
    const nudge = reminderRaw({ ...base, stage: 2, kind: 'decision', mentions: ['alice'] });
    const parsed = parseReplyPost(nudge);
    expect(parsed.fields.decision).toBeNull();
    expect(parsed.problems).toEqual([]);
  });

  it('differs by stage', () => {
    const first = reminderRaw({ ...base, kind: 'follow-up', stage: 1, mentions: ['bob'] });
    const second = reminderRaw({ ...base, kind: 'follow-up', stage: 2, mentions: ['bob'] });
    expect(first).not.toBe(second);
  });
});

describe('reminder marker', () => {
  it('reads back what it wrote', () => {
    const marker = reminderMarker(77, '2027-03-29T09:00:00+02:00', 3);
    expect(parseReminderMarker(`text\n\n${marker}`)).toEqual({ topicId: 77, review: '2027-03-29T09:00:00+02:00', stage: 3 });
  });

  it('text without marker gives null', () => {
    expect(parseReminderMarker('What happened: it rained')).toBeNull();
  });
});

describe('chooseContent', () => {
  const subject: ReminderSubject = {
    topicId: 1,
    title: 'Standups',
    archived: false,
    concluded: false,
    reviewAt: null,
    reviewOn: '2027-01-15',
    timezone: 'UTC',
    owner: { username: 'alice' },
    partners: [{ username: 'bob' }],
    reflectedUsernames: [],
  };

  it('first stage is a reminder', () => {
    expect(chooseContent(subject, { nudgedStage: null }, 0)).toEqual({ kind: 'reminder', mentions: ['alice', 'bob'] });
  });

  it('later stage is a follow-up', () => {
    expect(chooseContent({ ...subject, reflectedUsernames: ['alice'] }, { nudgedStage: null }, 1)).toEqual({ kind: 'follow-up', mentions: ['bob'] });
  });

  it('all reflected nudges the owner', () => {
    expect(chooseContent({ ...subject, reflectedUsernames: ['alice', 'bob'] }, { nudgedStage: null }, 1)).toEqual({ kind: 'decision', mentions: ['alice'] });
  });

  it('owner is nudged once', () => {
    expect(chooseContent({ ...subject, reflectedUsernames: ['alice', 'bob'] }, { nudgedStage: 1 }, 2)).toBeNull();
  });

  it('retry of the nudging stage nudges again', () => {
    expect(chooseContent({ ...subject, reflectedUsernames: ['alice', 'bob'] }, { nudgedStage: 2 }, 2)).toEqual({ kind: 'decision', mentions: ['alice'] });
  });
});
