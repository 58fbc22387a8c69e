import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';
import type { ChangelogEntry, ExperimentRecord, Partner, PracticeRecord } from './types';

/**
 * Reads and writes the experiment and practice records. Each write that touches several keys
 * runs in one MULTI, so a crash or a Redis error never leaves a record without its indexes.
 */
export class RecordStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async getExperiment(topicId: number): Promise<ExperimentRecord | null> {
    return parseJson<ExperimentRecord>(await this.redis.get(this.keys.experiment(topicId)));
  }

  async getPractice(topicId: number): Promise<PracticeRecord | null> {
    return parseJson<PracticeRecord>(await this.redis.get(this.keys.practice(topicId)));
  }

  /** Returns experiments, newest topic first. */
  async listExperiments(): Promise<ExperimentRecord[]> {
    const ids = await this.redis.zrevrange(this.keys.experimentIndex, 0, -1);
    return this.loadMany(ids.map((id) => this.keys.experiment(Number(id))));
  }

  /** Returns practices, newest topic first. */
  async listPractices(): Promise<PracticeRecord[]> {
    const ids = await this.redis.zrevrange(this.keys.practiceIndex, 0, -1);
    return this.loadMany(ids.map((id) => this.keys.practice(Number(id))));
  }

  /** Returns an experiment's partners, earliest joined first. */
  async getPartners(topicId: number): Promise<Partner[]> {
    return sortPartners(Object.values(await this.redis.hgetall(this.keys.partners(topicId))));
  }

  /** Returns the partners of several experiments in one round trip, keyed by topic id. */
  async getPartnersOf(topicIds: number[]): Promise<Map<number, Partner[]>> {
    const pipeline = this.redis.pipeline();
    for (const topicId of topicIds) pipeline.hgetall(this.keys.partners(topicId));
    const results = (await pipeline.exec()) ?? [];
    return new Map(
      topicIds.map((topicId, index) => {
        const [error, value] = results[index] ?? [null, {}];
        if (error) throw error;
        return [topicId, sortPartners(Object.values(value as Record<string, string>))];
      }),
    );
  }

  async listExperimentIdsOfPractice(practiceTopicId: number): Promise<number[]> {
    const ids = await this.redis.smembers(this.keys.practiceExperiments(practiceTopicId));
    return ids.map(Number).sort((a, b) => a - b);
  }

  /** Returns the practice's changelog, newest entry first. */
  async getChangelog(practiceTopicId: number): Promise<ChangelogEntry[]> {
    const entries = await this.redis.lrange(this.keys.changelog(practiceTopicId), 0, -1);
    return entries.map((entry) => JSON.parse(entry) as ChangelogEntry).reverse();
  }

  /** Writes an experiment and moves it between practices' experiment sets when its link changed. */
  async saveExperiment(record: ExperimentRecord, previous: ExperimentRecord | null): Promise<void> {
    const multi = this.redis.multi();
    multi.set(this.keys.experiment(record.topicId), JSON.stringify(record));
    multi.zadd(this.keys.experimentIndex, Date.parse(record.createdAt), String(record.topicId));

    const oldPractice = previous?.practiceTopicId ?? null;
    if (oldPractice !== null && oldPractice !== record.practiceTopicId) {
      multi.srem(this.keys.practiceExperiments(oldPractice), String(record.topicId));
    }
    if (record.practiceTopicId !== null) {
      multi.sadd(this.keys.practiceExperiments(record.practiceTopicId), String(record.topicId));
    }

    await exec(multi);
  }

  /** Writes a practice and replaces its changelog (oldest entry first) in the same transaction. */
  async savePractice(record: PracticeRecord, changelog: ChangelogEntry[]): Promise<void> {
    const multi = this.redis.multi();
    multi.set(this.keys.practice(record.topicId), JSON.stringify(record));
    multi.zadd(this.keys.practiceIndex, Date.parse(record.createdAt), String(record.topicId));
    multi.del(this.keys.changelog(record.topicId));
    if (changelog.length > 0) multi.rpush(this.keys.changelog(record.topicId), ...changelog.map((entry) => JSON.stringify(entry)));
    await exec(multi);
  }

  /** Returns the changelogs of several practices in one round trip, newest entry first. */
  async getChangelogs(practiceTopicIds: number[]): Promise<Map<number, ChangelogEntry[]>> {
    const pipeline = this.redis.pipeline();
    for (const topicId of practiceTopicIds) pipeline.lrange(this.keys.changelog(topicId), 0, -1);
    const results = (await pipeline.exec()) ?? [];
    return new Map(
      practiceTopicIds.map((topicId, index) => {
        const [error, value] = results[index] ?? [null, []];
        if (error) throw error;
        return [topicId, (value as string[]).map((entry) => JSON.parse(entry) as ChangelogEntry).reverse()];
      }),
    );
  }

  private async loadMany<T>(keys: string[]): Promise<T[]> {
    if (keys.length === 0) return [];
    const values = await this.redis.mget(keys);
    return values.flatMap((value) => {
      const parsed = parseJson<T>(value);
      return parsed ? [parsed] : [];
    });
  }
}

function sortPartners(values: string[]): Partner[] {
  return values
    .map((value) => JSON.parse(value) as Partner)
    .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.username.localeCompare(b.username));
}

function parseJson<T>(value: string | null): T | null {
  return value === null ? null : (JSON.parse(value) as T);
}

/** Runs a MULTI and throws if Redis rejected any command in it. */
export async function exec(multi: ReturnType<Redis['multi']>): Promise<void> {
  const results = await multi.exec();
  if (!results) throw new Error('redis transaction was aborted');
  const failed = results.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}
