import type { Problem } from '@praxis/shared';

/** Fields read from a post, with a problem for each field that is present but could not be read. */
export interface ParseResult<T> {
  fields: T;
  problems: Problem[];
}
