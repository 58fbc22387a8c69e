import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';
import type { ReplyFields } from './parser';

/**
 * A reply in an experiment thread that carries (or carried) a reflection or a decision. Replies
 * without either are not stored. An older version never replaces a newer one.
 */
export interface ReplyState {
  postId: number;
  postNumber: number;
  username: string;
  /** Staff may record a decision on the owner's behalf. */
  staff: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  reflection: ReplyFields['reflection'];
  decision: ReplyFields['decision'];
}

export class ReplyStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async get(topicId: number, postId: number): Promise<ReplyState | null> {
    const value = await this.redis.hget(this.keys.replies(topicId), String(postId));
    return value ? (JSON.parse(value) as ReplyState) : null;
  }

  /** Returns the stored replies of a topic by post number. */
  async list(topicId: number): Promise<ReplyState[]> {
    const values = Object.values(await this.redis.hgetall(this.keys.replies(topicId)));
    return values.map((value) => JSON.parse(value) as ReplyState).sort((a, b) => a.postNumber - b.postNumber);
  }

  async set(topicId: number, reply: ReplyState): Promise<void> {
    await this.redis.hset(this.keys.replies(topicId), String(reply.postId), JSON.stringify(reply));
  }
}
