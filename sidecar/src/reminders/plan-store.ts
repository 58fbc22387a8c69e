import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from '../redis/keys';

/*
 * The reminder plan of one experiment is a Redis hash (`keys.reminder(topicId)`):
 *   review  the review moment the plan serves, as written in markers
 *   g       plan generation; it only grows, even across cancels, so job ids are never reused
 *   job     id of the one job that may post next (absent when nothing is planned)
 *   n, at   that job's stage and fire time (milliseconds since the epoch)
 *   s<n>    stage n's posting state: "posting", "posted <postId>", "enqueued" or "skipped"
 *   nudged  the stage that posted the owner's decision nudge
 * Every write that depends on the planned job runs in a Lua script, so the check and the write
 * cannot interleave with a concurrent plan, cancel or job.
 */

/** A Lua script on one key, sent by its SHA1 and sent in full only when Redis does not have it cached. */
class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, key: string, ...args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, 1, key, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, 1, key, ...args);
    }
  }
}

/** Sets a new plan unless the hash already serves this review moment. Returns {changed, previousJob, job, generation, stage, at}. */
const CLAIM_SCRIPT = new LuaScript(`
local key = KEYS[1]
if redis.call('HGET', key, 'review') == ARGV[1] then
  local fields = redis.call('HMGET', key, 'job', 'g', 'n', 'at')
  return {0, '', fields[1] or '', fields[2] or '0', fields[3] or '', fields[4] or ''}
end
local previous = redis.call('HGET', key, 'job') or ''
local generation = redis.call('HINCRBY', key, 'g', 1)
local keep = {review = true, g = true}
for _, field in ipairs(redis.call('HKEYS', key)) do
  if not keep[field] then redis.call('HDEL', key, field) end
end
redis.call('HSET', key, 'review', ARGV[1])
if ARGV[2] == '' then
  return {1, previous, '', generation, '', ''}
end
local job = ARGV[3] .. '-' .. generation .. '-0'
redis.call('HSET', key, 'job', job, 'n', 0, 'at', ARGV[2])
return {1, previous, job, generation, '0', ARGV[2]}
`);

/** Drops the plan but keeps the generation. Returns the job that was planned, or ''. */
const CLEAR_SCRIPT = new LuaScript(`
local key = KEYS[1]
local previous = redis.call('HGET', key, 'job') or ''
local generation = redis.call('HGET', key, 'g')
redis.call('DEL', key)
if generation then redis.call('HSET', key, 'g', generation) end
return previous
`);

/** Sets fields (ARGV[2..] as pairs) when ARGV[1] is still the planned job. */
const MARK_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'job') ~= ARGV[1] then return 0 end
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
return 1
`);

/** Deletes fields (ARGV[2..]) when ARGV[1] is still the planned job. */
const UNMARK_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'job') ~= ARGV[1] then return 0 end
for i = 2, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
return 1
`);

/** Hands the plan from job ARGV[1] to job ARGV[2] (stage ARGV[3], fire time ARGV[4]), or ends it when ARGV[2] is ''. */
const ADVANCE_SCRIPT = new LuaScript(`
local key = KEYS[1]
if redis.call('HGET', key, 'job') ~= ARGV[1] then return 0 end
if ARGV[2] == '' then
  redis.call('HDEL', key, 'job', 'n', 'at')
else
  redis.call('HSET', key, 'job', ARGV[2], 'n', ARGV[3], 'at', ARGV[4])
end
return 1
`);

export interface ReminderPlan {
  review: string | null;
  generation: number;
  job: string | null;
  stage: number | null;
  at: number | null;
  /** Posting state by stage number. */
  states: Map<number, string>;
  nudgedStage: number | null;
}

export interface ClaimResult {
  /** False when the plan already served this review moment and was left as it was. */
  changed: boolean;
  /** The job planned before a change, to be removed from the queue. */
  previousJob: string | null;
  job: string | null;
  generation: number;
  stage: number | null;
  at: number | null;
}

export interface PlannedJob {
  job: string;
  stage: number;
  at: number;
}

/** Reads and changes reminder plans, one Redis hash per experiment. */
export class ReminderPlanStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  async read(topicId: number): Promise<ReminderPlan> {
    const hash = await this.redis.hgetall(this.keys.reminder(topicId));
    const states = new Map<number, string>();
    for (const [field, value] of Object.entries(hash)) {
      const stage = /^s(\d+)$/.exec(field)?.[1];
      if (stage !== undefined) states.set(Number(stage), value);
    }

    return {
      review: hash.review ?? null,
      generation: Number(hash.g ?? 0),
      job: hash.job ?? null,
      stage: optionalNumber(hash.n),
      at: optionalNumber(hash.at),
      states,
      nudgedStage: optionalNumber(hash.nudged),
    };
  }

  /**
   * Starts a new plan for `review` with a first job at `atMs` (none when null), unless the plan
   * already serves that review moment. `jobIdPrefix` plus "-<generation>-0" is the new job's id.
   */
  async claim(topicId: number, review: string, atMs: number | null, jobIdPrefix: string): Promise<ClaimResult> {
    const reply = (await CLAIM_SCRIPT.run(
      this.redis,
      this.keys.reminder(topicId),
      review,
      atMs === null ? '' : String(atMs),
      jobIdPrefix,
    )) as Array<string | number>;
    const [changed, previousJob, job, generation, stage, at] = reply.map(String);

    return {
      changed: changed === '1',
      previousJob: previousJob || null,
      job: job || null,
      generation: Number(generation),
      stage: optionalNumber(stage),
      at: optionalNumber(at),
    };
  }

  /** Drops the plan of a topic and returns the job that was planned, if any. */
  async clear(topicId: number): Promise<string | null> {
    const previous = (await CLEAR_SCRIPT.run(this.redis, this.keys.reminder(topicId))) as string;
    return previous || null;
  }

  /** Writes `fields` if `jobId` is still the planned job; returns whether it was. */
  async mark(topicId: number, jobId: string, fields: Record<string, string>): Promise<boolean> {
    const pairs = Object.entries(fields).flat();
    return (await MARK_SCRIPT.run(this.redis, this.keys.reminder(topicId), jobId, ...pairs)) === 1;
  }

  /** Deletes `fields` if `jobId` is still the planned job; returns whether it was. */
  async unmark(topicId: number, jobId: string, fields: string[]): Promise<boolean> {
    return (await UNMARK_SCRIPT.run(this.redis, this.keys.reminder(topicId), jobId, ...fields)) === 1;
  }

  /** Makes `next` the planned job (or ends the plan when null) if `jobId` is still planned; returns whether it was. */
  async advance(topicId: number, jobId: string, next: PlannedJob | null): Promise<boolean> {
    const args = next === null ? [''] : [next.job, String(next.stage), String(next.at)];
    return (await ADVANCE_SCRIPT.run(this.redis, this.keys.reminder(topicId), jobId, ...args)) === 1;
  }
}

/** Returns the hash field that contains stage `stage`'s posting state. */
export function stageField(stage: number): string {
  return `s${stage}`;
}

function optionalNumber(value: string | undefined): number | null {
  return value === undefined || value === '' ? null : Number(value);
}
