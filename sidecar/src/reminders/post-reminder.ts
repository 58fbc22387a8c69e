import type { Logger } from 'pino';
import type { ForumClient } from '../forum/client';
import { ForumNotFoundError, ForumRateLimitedError, ForumRequestError } from '../forum/errors';
import { reminderMarker } from './marker';
import { stageField, type ReminderPlan, type ReminderPlanStore } from './plan-store';
import { pendingUsernames } from './schedule';
import { reminderRaw, type ReminderKind } from './template';
import type { ReminderSubject } from './types';

/** The forum calls the reminder worker makes; a ForumClient has them. */
export type ReminderForum = Pick<ForumClient, 'createPost' | 'findPostWithMarker'>;

export interface StageContext {
  forum: ReminderForum;
  store: ReminderPlanStore;
  apiUsername: string;
  log: Logger;
}

/** Result of a stage: posted (now or by an earlier attempt), skipped, or abandoned because the plan changed meanwhile. */
export type StageOutcome = 'posted' | 'skipped' | 'superseded';

/**
 * Posts the reminder of one stage unless an earlier attempt already did. The stage's state in the
 * plan hash is set to "posting" before the request and to "posted <id>" after it. An attempt that
 * finds "posting" (an earlier attempt stopped in between) looks for the marker in the topic and
 * posts only if no post of the API user carries it.
 * NOTE: that search reads the topic's last 50 posts, so a topic that grew by more than 50 posts
 * between the two attempts gets the reminder twice.
 */
export async function postStage(subject: ReminderSubject, plan: ReminderPlan, jobId: string, stage: number, context: StageContext): Promise<StageOutcome> {
  const { forum, store, log } = context;
  const topicId = subject.topicId;
  const field = stageField(stage);
  const state = plan.states.get(stage);
  const review = plan.review!;
  const marker = reminderMarker(topicId, review, stage);

  if (state !== undefined && state !== 'posting') {
    log.debug({ state }, 'reminder stage already handled');
    return state === 'skipped' ? 'skipped' : 'posted';
  }

  if (state === 'posting') {
    const found = await forum.findPostWithMarker(topicId, marker, context.apiUsername);
    if (found !== null) {
      const recorded = await store.mark(topicId, jobId, { [field]: `posted ${found.id}` });
      log.info({ postId: found.id }, 'reminder of an interrupted attempt is in the topic; not posting it again');
      return recorded ? 'posted' : 'superseded';
    }
    log.info('interrupted attempt left no reminder in the topic; posting it');
  }

  const content = chooseContent(subject, plan, stage);
  if (content === null) {
    const recorded = await store.mark(topicId, jobId, { [field]: 'skipped' });
    log.info('everyone has reflected and the owner was already asked for the decision; follow-up skipped');
    return recorded ? 'skipped' : 'superseded';
  }

  const postingFields: Record<string, string> = { [field]: 'posting' };
  if (content.kind === 'decision') postingFields.nudged = String(stage);
  if (!(await store.mark(topicId, jobId, postingFields))) return 'superseded';

  const raw = reminderRaw({ ...content, topicId, review, stage, owner: subject.owner.username });
  let result;
  try {
    result = await forum.createPost(topicId, raw);
  } catch (error) {
    // These responses mean the forum created no post, so the next attempt need not search for one.
    if (error instanceof ForumRequestError || error instanceof ForumNotFoundError || error instanceof ForumRateLimitedError) {
      await store.unmark(topicId, jobId, Object.keys(postingFields));
    }
    throw error;
  }

  if (result.status === 'enqueued') {
    await store.mark(topicId, jobId, { [field]: 'enqueued' });
    log.warn({ pendingCount: result.pendingCount }, 'reminder waits in the forum review queue; make the API user a staff member');
    return 'posted';
  }

  await store.mark(topicId, jobId, { [field]: `posted ${result.post.id}` });
  log.info({ postId: result.post.id, kind: content.kind, mentions: content.mentions }, 'reminder posted');
  return 'posted';
}

/**
 * Picks what a stage posts. Everyone who has not reflected gets a reminder or follow-up. When all
 * have reflected, the owner gets one decision nudge per review, and later stages post nothing.
 */
export function chooseContent(subject: ReminderSubject, plan: Pick<ReminderPlan, 'nudgedStage'>, stage: number): { kind: ReminderKind; mentions: string[] } | null {
  const pending = pendingUsernames(subject);
  if (pending.length > 0) return { kind: stage === 0 ? 'reminder' : 'follow-up', mentions: pending };

  if (plan.nudgedStage === null || plan.nudgedStage === stage) return { kind: 'decision', mentions: [subject.owner.username] };
  return null;
}
