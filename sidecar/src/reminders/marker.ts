/**
 * Builds the idempotency marker of one reminder post: an HTML comment, which Discourse strips from the
 * rendered post, so readers never see it. It names the topic, the review moment and the stage,
 * which makes every reminder's raw text unique. That matters twice: a post can be found again after
 * a crash, and Discourse's 120 s cache of identical create requests never returns an older reminder.
 */
export function reminderMarker(topicId: number, review: string, stage: number): string {
  return `<!-- praxis-reminder topic=${topicId} review=${review} n=${stage} -->`;
}

const MARKER_PATTERN = /<!-- praxis-reminder topic=(\d+) review=(\S+) n=(\d+) -->/;

/** Reads the marker of a reminder post back, or returns null when the text has none. */
export function parseReminderMarker(raw: string): { topicId: number; review: string; stage: number } | null {
  const match = MARKER_PATTERN.exec(raw);
  if (match === null) return null;
  return { topicId: Number(match[1]), review: match[2]!, stage: Number(match[3]) };
}
