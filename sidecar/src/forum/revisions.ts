import { z } from 'zod';
import type { ForumClient } from './client';

/** `GET /posts/{id}/revisions/{n}.json` (PostRevisionSerializer); revision n produced version n. */
export const revisionSchema = z.object({
  created_at: z.string(),
  post_id: z.number().int(),
  current_revision: z.number().int(),
  username: z.string(),
  edit_reason: z.string().nullish(),
});

export type Revision = z.infer<typeof revisionSchema>;

/** Fetches revision `revision` (2 or more, because Discourse returns 400 below that) of a post. */
export function getRevision(forum: ForumClient, postId: number, revision: number): Promise<Revision> {
  return forum.request({ method: 'GET', url: `/posts/${postId}/revisions/${revision}.json` }, revisionSchema);
}
