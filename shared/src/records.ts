import { z } from 'zod';

/** A field of a thread's first post that is present but could not be read. */
export const problemSchema = z.object({
  field: z.string(),
  message: z.string(),
});

export type Problem = z.infer<typeof problemSchema>;

export const experimentStatusSchema = z.enum(['proposed', 'running', 'reflecting', 'concluded']);

export type ExperimentStatus = z.infer<typeof experimentStatusSchema>;

export const userSummarySchema = z.object({
  username: z.string(),
});

export const partnerSchema = z.object({
  username: z.string(),
  userId: z.number().int().nullable(),
  role: z.enum(['co-experimenter', 'observer', 'critical-friend']),
  joinedAt: z.string(),
});

export type Partner = z.infer<typeof partnerSchema>;

export const decisionSchema = z.enum(['adopt', 'adapt', 'abandon']);

export type DecisionKind = z.infer<typeof decisionSchema>;

/** A reply that records what happened and what was learned. */
export const reflectionSchema = z.object({
  username: z.string(),
  postNumber: z.number().int(),
  at: z.string(),
  reflection: z.string().nullable(),
  whatHappened: z.string().nullable(),
  whatWeLearned: z.string().nullable(),
  whatShouldChange: z.string().nullable(),
});

export type Reflection = z.infer<typeof reflectionSchema>;

/** The owner's (or staff's) decision that concluded an experiment. */
export const decisionRecordSchema = z.object({
  decision: decisionSchema,
  change: z.string().nullable(),
  username: z.string(),
  postNumber: z.number().int(),
  at: z.string(),
});

export type DecisionRecord = z.infer<typeof decisionRecordSchema>;

/** An experiment as the API serves it. Timestamps are ISO 8601 with an offset. */
export const experimentSchema = z.object({
  topicId: z.number().int(),
  title: z.string(),
  slug: z.string(),
  url: z.string(),
  status: experimentStatusSchema,
  owner: userSummarySchema,
  practiceTopicId: z.number().int().nullable(),
  hypothesis: z.string().nullable(),
  measure: z.string().nullable(),
  startsAt: z.string().nullable(),
  /** The start as written, when it was a calendar date without a time (`2027-01-15`). */
  startsOn: z.string().nullable(),
  reviewAt: z.string().nullable(),
  /** The review date as written, when it was a calendar date without a time. */
  reviewOn: z.string().nullable(),
  timezone: z.string(),
  partnersWanted: z.number().int().nullable(),
  partners: z.array(partnerSchema),
  /** True while the experiment is open and has fewer partners than `partnersWanted`. */
  seekingPartners: z.boolean(),
  reflections: z.array(reflectionSchema),
  decision: decisionRecordSchema.nullable(),
  concludedAt: z.string().nullable(),
  problems: z.array(problemSchema),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Experiment = z.infer<typeof experimentSchema>;

export const practiceSchema = z.object({
  topicId: z.number().int(),
  title: z.string(),
  slug: z.string(),
  url: z.string(),
  summary: z.string(),
  owner: userSummarySchema,
  version: z.number().int().positive(),
  experimentTopicIds: z.array(z.number().int()),
  archived: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Practice = z.infer<typeof practiceSchema>;

export const changelogKindSchema = z.enum(['created', 'adopt', 'adapt', 'abandon', 'edit']);

export const changelogEntrySchema = z.object({
  /** The practice's version after this entry. */
  version: z.number().int().positive(),
  at: z.string(),
  kind: changelogKindSchema,
  summary: z.string(),
  username: z.string(),
  experiment: z
    .object({ topicId: z.number().int(), title: z.string(), url: z.string() })
    .nullable(),
  /** The Discourse revision number of the first post, for `edit` entries. */
  revision: z.number().int().nullable(),
});

export type ChangelogEntry = z.infer<typeof changelogEntrySchema>;
