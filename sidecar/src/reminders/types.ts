/** The experiment fields the reminder code reads, built from the experiment's records. */
export interface ReminderSubject {
  topicId: number;
  title: string;
  archived: boolean;
  /** Whether a decision (adopt, adapt or abandon) was recorded. */
  concluded: boolean;
  /** ISO 8601 with offset. */
  reviewAt: string | null;
  /** "YYYY-MM-DD" when the review was written as a calendar date without a time. */
  reviewOn: string | null;
  /** IANA zone of the experiment. */
  timezone: string;
  owner: { username: string };
  partners: Array<{ username: string }>;
  /** Owner and partners who already posted a reflection. */
  reflectedUsernames: string[];
}

/**
 * The data of one reminder job, kept to a few short fields so that 100,000 pending reminders
 * stay small in Redis. Everything else is read from the plan hash or loaded when the job runs.
 */
export interface ReminderJobData {
  /** Topic id of the experiment. */
  t: number;
  /** Stage: 0 is the reminder at the review moment, 1 and up are follow-ups. */
  n: number;
  /** Plan generation, which makes job ids unique across reschedules. */
  g: number;
  /** Planned fire time, milliseconds since the epoch. */
  at: number;
}
