import { z } from 'zod';
import { BadRequestError } from '../errors';

const topicIdSchema = z.coerce.number().int().positive().max(2 ** 31 - 1);

/** Reads a topic id from a route or query parameter, or throws a 400 naming the value. */
export function readTopicId(value: unknown, name = 'topicId'): number {
  const parsed = topicIdSchema.safeParse(value);
  if (!parsed.success || (typeof value === 'string' && !/^\d+$/.test(value))) {
    throw new BadRequestError(`${name} ${JSON.stringify(value)} is not a topic id; use the number at the end of the topic's URL, like 123 in /t/my-topic/123`);
  }
  return parsed.data;
}

export function readBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new BadRequestError(`${name} ${JSON.stringify(value)} is invalid; use true or false`);
}
