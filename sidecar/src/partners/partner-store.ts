import type { Redis } from 'ioredis';
import type { ForumUser } from '../identity/caller';
import type { Keys } from '../redis/keys';
import { JOIN_SCRIPT, LEAVE_SCRIPT } from './scripts';
import { DEFAULT_PARTNER_ROLE, type PartnerRole } from './roles';

export type JoinOutcome = 'joined' | 'updated' | 'unchanged' | 'missing' | 'archived' | 'concluded' | 'owner' | 'full';

export type LeaveOutcome = 'left' | 'unchanged' | 'missing';

const JOIN_OUTCOMES: readonly JoinOutcome[] = ['joined', 'updated', 'unchanged', 'missing', 'archived', 'concluded', 'owner', 'full'];
const LEAVE_OUTCOMES: readonly LeaveOutcome[] = ['left', 'unchanged', 'missing'];

/**
 * Joins and leaves, each one atomic Lua script over the experiment record and its partners hash
 * (`keys.partners`, username → `{username, userId, role, joinedAt}`).
 */
export class PartnerStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Adds `user` to the experiment's partners, or changes their role. A null `role` keeps the role of
   * an existing partner and gives a new one DEFAULT_PARTNER_ROLE. A rejoin keeps the first `joinedAt`.
   */
  async join(topicId: number, user: Pick<ForumUser, 'id' | 'username'>, role: PartnerRole | null, now: Date): Promise<JoinOutcome> {
    const result = await this.redis.eval(
      JOIN_SCRIPT,
      2,
      this.keys.experiment(topicId),
      this.keys.partners(topicId),
      user.username,
      user.id,
      role ?? '',
      DEFAULT_PARTNER_ROLE,
      now.toISOString(),
    );
    return checkOutcome(result, JOIN_OUTCOMES, 'join');
  }

  /** Removes `user` from the experiment's partners; leaving twice changes nothing. */
  async leave(topicId: number, user: Pick<ForumUser, 'id' | 'username'>): Promise<LeaveOutcome> {
    const result = await this.redis.eval(LEAVE_SCRIPT, 2, this.keys.experiment(topicId), this.keys.partners(topicId), user.username, user.id);
    return checkOutcome(result, LEAVE_OUTCOMES, 'leave');
  }
}

function checkOutcome<T extends string>(result: unknown, outcomes: readonly T[], script: string): T {
  if (typeof result === 'string' && (outcomes as readonly string[]).includes(result)) return result as T;
  throw new Error(`the ${script} script returned ${JSON.stringify(result)}; expected one of ${outcomes.join(', ')}`);
}
