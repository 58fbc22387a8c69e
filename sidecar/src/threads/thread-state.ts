import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';
import type { RevisionState } from './changelog';

/**
 * The state of a forum topic as the sidecar last saw it, from webhooks or the REST API. Records are derived
 * from this state, so events that arrive late or twice converge on the same record.
 */
export interface TopicState {
  id: number;
  title: string;
  slug: string;
  tags: string[];
  categoryId: number | null;
  archetype: string;
  deleted: boolean;
  createdAt: string;
  owner: { username: string; userId: number | null };
  firstPostId: number | null;
}

/** The first post's text and the version it was read at; an older version never replaces a newer one. */
export interface FirstPostState {
  postId: number;
  raw: string;
  version: number;
  updatedAt: string;
  username: string;
  /** True after the author deleted it: Discourse closes the topic and replaces the text. */
  userDeleted: boolean;
  /** True after staff deleted it, which deletes the whole topic. */
  deleted: boolean;
}

export class ThreadStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async getTopic(topicId: number): Promise<TopicState | null> {
    const value = await this.redis.get(this.keys.topic(topicId));
    return value ? (JSON.parse(value) as TopicState) : null;
  }

  async getFirstPost(topicId: number): Promise<FirstPostState | null> {
    const value = await this.redis.get(this.keys.firstPost(topicId));
    return value ? (JSON.parse(value) as FirstPostState) : null;
  }

  /** Returns the stored revisions of a topic's first post, oldest first. */
  async getRevisions(topicId: number): Promise<RevisionState[]> {
    const values = Object.values(await this.redis.hgetall(this.keys.revisions(topicId)));
    return values.map((value) => JSON.parse(value) as RevisionState).sort((a, b) => a.version - b.version);
  }

  async setRevision(topicId: number, revision: RevisionState): Promise<void> {
    await this.redis.hset(this.keys.revisions(topicId), String(revision.version), JSON.stringify(revision));
  }

  async setTopic(state: TopicState): Promise<void> {
    await this.redis.set(this.keys.topic(state.id), JSON.stringify(state));
  }

  async setFirstPost(topicId: number, state: FirstPostState): Promise<void> {
    await this.redis.set(this.keys.firstPost(topicId), JSON.stringify(state));
  }
}

/** Whether `incoming` is newer than `stored`: a higher version, or the same version edited later. */
export function isNewerPost(incoming: { version: number; updatedAt: string }, stored: { version: number; updatedAt: string } | null): boolean {
  if (!stored) return true;
  if (incoming.version !== stored.version) return incoming.version > stored.version;
  return Date.parse(incoming.updatedAt) > Date.parse(stored.updatedAt);
}
