import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { onTestFinished } from 'vitest';
import type { ExperimentRecord } from '../../sidecar/src/records/types';
import { ForumSimulator } from '../forum-simulator/server';
import { build } from '../helpers/build';
import { deleteKeysWithPrefix } from '../helpers/redis';

/*
 * Shared set-up of the partner tests: a forum simulator with members, a sidecar (API role only)
 * pointed at it, experiment records written with the record store, and request helpers that send
 * what a browser on the forum's pages would send.
 */

export const OWNER = 'olivia';
export const MEMBERS = ['pat', 'quinn', 'rosa', 'sam', 'tariq', 'uma', 'victor', 'wendy'] as const;

export interface Scene {
  forum: ForumSimulator;
  app: FastifyInstance;
  /** The forum's origin, which the CSRF check expects in `Origin`. */
  origin: string;
  userId(username: string): number;
}

/** Starts a forum simulator with the owner and MEMBERS, and a sidecar using it; both stop after the test. */
export async function scene(env: Record<string, string> = {}): Promise<Scene> {
  const forum = new ForumSimulator();
  const origin = await forum.start();
  onTestFinished(() => forum.stop());

  forum.addUser({ username: OWNER });
  for (const username of MEMBERS) forum.addUser({ username });
  forum.addUser({ username: 'ada', admin: true });

  const app = await build({ name: 'partners', forumUrl: origin, apiKey: forum.adminApiKey, env: { PRAXIS_ROLES: 'api', ...env } });
  // build() registers its clean-up with afterEach, which vitest ignores when called inside a running test.
  onTestFinished(async () => {
    await app.close();
    await deleteKeysWithPrefix(app.praxis.keys.prefix);
  });
  return { forum, app, origin, userId: (username) => forum.user(username)!.id };
}

let nextTopicId = 9000;

/** Writes an experiment record as the webhook path would; returns its topic id. */
export async function saveExperiment(app: FastifyInstance, overrides: Partial<ExperimentRecord> = {}): Promise<number> {
  const topicId = overrides.topicId ?? ++nextTopicId;
  const record: ExperimentRecord = {
    topicId,
    title: `Experiment ${topicId}`,
    slug: `experiment-${topicId}`,
    categoryId: null,
    owner: { username: OWNER, userId: null },
    practiceTopicId: null,
    hypothesis: 'Pairing on reviews halves the time to merge',
    measure: 'Median hours from first review to merge',
    startsAt: '2030-03-01T09:00:00.000Z',
    startsOn: null,
    reviewAt: '2030-04-01T09:00:00.000Z',
    reviewOn: null,
    timezone: 'UTC',
    partnersWanted: 2,
    reflections: [],
    decision: null,
    problems: [],
    archived: false,
    createdAt: '2030-01-10T09:00:00.000Z',
    updatedAt: '2030-01-10T09:00:00.000Z',
    ...overrides,
  };
  await app.praxis.records.saveExperiment(record, null);
  return topicId;
}

export interface CallOptions {
  /** `_t` cookie value. */
  cookie?: string;
  userApiKey?: string;
  /** The JSON body (a string is sent as is); null sends no body. POST sends `{}` by default. */
  body?: unknown;
  /** Defaults to the forum's origin; null sends no Origin header. */
  origin?: string | null;
  contentType?: string | null;
  remoteAddress?: string;
}

/** Sends a partner request as the forum's pages would: JSON body, forum Origin, the `_t` cookie. */
export function partnerRequest(
  scene: Scene,
  method: 'POST' | 'DELETE',
  topicId: number,
  options: CallOptions = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = `theme=dark; _t=${options.cookie}; other=1`;
  if (options.userApiKey) headers['user-api-key'] = options.userApiKey;

  const origin = options.origin === undefined ? scene.origin : options.origin;
  if (origin !== null) headers.origin = origin;

  const hasBody = options.body === undefined ? method === 'POST' : options.body !== null;
  if (options.contentType) headers['content-type'] = options.contentType;
  else if (options.contentType === undefined && hasBody) headers['content-type'] = 'application/json';

  const request: InjectOptions = {
    method,
    url: method === 'POST' ? `/api/experiments/${topicId}/partners` : `/api/experiments/${topicId}/partners/me`,
    headers,
  };
  if (hasBody) request.payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body ?? {});
  if (options.remoteAddress) request.remoteAddress = options.remoteAddress;
  return scene.app.inject(request);
}

export function join(scene: Scene, topicId: number, options: CallOptions = {}) {
  return partnerRequest(scene, 'POST', topicId, options);
}

export function leave(scene: Scene, topicId: number, options: CallOptions = {}) {
  return partnerRequest(scene, 'DELETE', topicId, options);
}

/** Reads the partners hash as stored: username → parsed entry. */
export async function storedPartners(app: FastifyInstance, topicId: number): Promise<Record<string, Record<string, unknown>>> {
  const raw = await app.praxis.redis.hgetall(app.praxis.keys.partners(topicId));
  return Object.fromEntries(Object.entries(raw).map(([username, json]) => [username, JSON.parse(json) as Record<string, unknown>]));
}

/** Another sidecar process on the same forum and Redis keys, as in a deployment with several API processes. */
export async function secondSidecar(s: Scene, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await build({
    name: 'partners',
    forumUrl: s.origin,
    apiKey: s.forum.adminApiKey,
    env: { PRAXIS_ROLES: 'api', PRAXIS_KEY_PREFIX: s.app.praxis.keys.prefix, ...env },
  });
  onTestFinished(() => app.close());
  return app;
}
