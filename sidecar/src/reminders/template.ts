import { reminderMarker } from './marker';

/**
 * Kinds of reminder post:
 * - `reminder`: the first post at the review moment, to everyone who has not reflected yet;
 * - `follow-up`: a later post to those who still have not reflected;
 * - `decision`: one nudge to the owner when everyone has reflected but no decision is recorded.
 */
export type ReminderKind = 'reminder' | 'follow-up' | 'decision';

export interface ReminderText {
  kind: ReminderKind;
  topicId: number;
  /** The review moment as it appears in the marker. */
  review: string;
  stage: number;
  /** Usernames to @mention, without the `@`. */
  mentions: string[];
  owner: string;
}

/*
 * The field lines match the labels the reply parser reads, and each is empty, so this post is
 * never read as a reflection. "adopt | adapt | abandon" is the placeholder the parser reads as
 * "no decision yet".
 */
const TEMPLATE_LINES = ['What happened:', 'What we learned:', 'What should change in the practice:', 'Decision: adopt | adapt | abandon'];

const RECORDS_LINE = 'A reply with these fields records your reflection.';

/**
 * Builds the raw Markdown of a reminder post, ending with its idempotency marker.
 * NOTE: every pending person is mentioned. Discourse rejects a post with more mentions than the
 * site setting `max_mentions_per_post` (`lib/validators/post_validator.rb`), so a very large
 * experiment may fail with 422; whether staff API users bypass that check is unverified.
 */
export function reminderRaw(text: ReminderText): string {
  const mentions = text.mentions.map((name) => `@${name}`).join(' ');
  const marker = reminderMarker(text.topicId, text.review, text.stage);

  if (text.kind === 'decision') {
    return [
      `@${text.owner}, everyone has reflected on this experiment. Thank you all!`,
      '',
      'One step is left: the decision. Reply with a line that starts with `Decision:` followed by adopt, adapt or abandon, and add a `Change:` line if you adapt the practice.',
      '',
      marker,
    ].join('\n');
  }

  const opening =
    text.kind === 'reminder'
      ? `${mentions}, the review date of this experiment has come. Time to look back on how it went!`
      : `${mentions}, a friendly follow-up: this experiment is still waiting for your reflection.`;

  return [
    opening,
    '',
    'Copy these lines into a reply and fill them in. The owner picks one decision.',
    '',
    ...TEMPLATE_LINES,
    '',
    RECORDS_LINE,
    '',
    marker,
  ].join('\n');
}
