/*
 * Request parameters as Rails builds them: query string and body merged, bracketed keys nested
 * (`post[raw]`, `tags[]`, `post_ids[]`, `tags[][name]`), JSON bodies taken as they are.
 */

export type Params = Record<string, unknown>;

export function parseQueryString(query: string): Params {
  return parseNestedPairs(new URLSearchParams(query).entries());
}

export function parseNestedPairs(pairs: Iterable<[string, string]>): Params {
  const params: Params = {};

  for (const [rawKey, value] of pairs) {
    const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    if (!match) {
      params[rawKey] = value;
      continue;
    }

    const nested = [...match[2]!.matchAll(/\[([^\]]*)\]/g)].map((part) => part[1]!);
    assign(params, [match[1]!, ...nested], value);
  }

  return params;
}

type Container = Record<string, unknown> | unknown[];

function assign(container: Container, keys: string[], value: string): void {
  const [key, ...rest] = keys as [string, ...string[]];

  if (rest.length === 0) {
    if (Array.isArray(container)) container.push(value);
    else container[key] = value;
    return;
  }

  if (Array.isArray(container)) {
    // `list[][name]=a&list[][name]=b`: a repeated key inside the last hash starts a new hash.
    let last = container[container.length - 1] as Record<string, unknown> | undefined;
    if (!last || typeof last !== 'object' || Array.isArray(last) || (rest.length === 1 && rest[0]! in last)) {
      last = {};
      container.push(last);
    }
    assign(last, rest, value);
    return;
  }

  const childIsList = rest[0] === '';
  let child = container[key];
  if (child === null || typeof child !== 'object' || Array.isArray(child) !== childIsList) {
    child = childIsList ? [] : {};
    container[key] = child;
  }
  assign(child as Container, rest, value);
}

/** Reads an integer parameter given as a number or a numeric string. */
export function intParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Reads a string parameter; numbers are accepted as their text. */
export function stringParam(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** `ActiveModel::Type::Boolean` casting: everything except false-like values is true. */
export function booleanParam(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  return !['false', 'f', '0', 'off', 'no'].includes(String(value).toLowerCase());
}
