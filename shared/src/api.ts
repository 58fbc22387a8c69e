import { z } from 'zod';
import { changelogEntrySchema, experimentSchema, practiceSchema } from './records';

export const errorResponseSchema = z.object({
  error: z.string(),
  code: z.string().optional(),
});

export type ErrorResponse = z.infer<typeof errorResponseSchema>;

export const experimentListSchema = z.object({ experiments: z.array(experimentSchema) });

export type ExperimentList = z.infer<typeof experimentListSchema>;

export const practiceListSchema = z.object({ practices: z.array(practiceSchema) });

export type PracticeList = z.infer<typeof practiceListSchema>;

export const changelogResponseSchema = z.object({
  practiceTopicId: z.number().int(),
  entries: z.array(changelogEntrySchema),
});

export type ChangelogResponse = z.infer<typeof changelogResponseSchema>;

/** One entry of the community-wide feed of practice changes. */
export const feedEntrySchema = changelogEntrySchema.extend({
  practiceTopicId: z.number().int(),
  practiceTitle: z.string(),
  practiceUrl: z.string(),
});

export type FeedEntry = z.infer<typeof feedEntrySchema>;

export const changelogFeedSchema = z.object({ entries: z.array(feedEntrySchema) });

export type ChangelogFeed = z.infer<typeof changelogFeedSchema>;
