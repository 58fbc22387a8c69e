/*
 * An in-memory stand-in for the sidecar's JSON API, for browser tests of the widgets. It follows
 * the API contract: weak ETags with 304 on GET, `{error, code}` bodies, 401 without a user, 409
 * for owner, full, concluded and archived experiments. The signed-in user comes from the
 * `praxis_test_user` cookie, which the test page server sets; the real sidecar reads the forum session.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChangelogEntry, ExperimentView, Practice, PartnerRole } from '../../theme-component/src/widgets/types';
import { PARTNER_ROLES } from '../../theme-component/src/widgets/types';

export const USER_COOKIE = 'praxis_test_user';

export interface FakeSidecarData {
  experiments: ExperimentView[];
  practices: Practice[];
  changelogs: Record<number, ChangelogEntry[]>;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class FakeSidecar {
  readonly experiments = new Map<number, ExperimentView>();
  readonly practices = new Map<number, Practice>();
  readonly changelogs = new Map<number, ChangelogEntry[]>();
  /** Topic ids whose GET responds with 500, to show the widgets' error state. */
  readonly failing = new Set<number>();
  /** Every request as `METHOD path`, for assertions. */
  readonly log: string[] = [];

  constructor(data: FakeSidecarData) {
    for (const experiment of data.experiments) this.experiments.set(experiment.topicId, structuredClone(experiment));
    for (const practice of data.practices) this.practices.set(practice.topicId, structuredClone(practice));
    for (const [id, entries] of Object.entries(data.changelogs)) this.changelogs.set(Number(id), structuredClone(entries));
  }

  /** Handles a request whose path, without the sidecar base, starts with `/api/`. */
  async handle(request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
    const method = request.method ?? 'GET';
    this.log.push(`${method} ${path}`);
    const url = new URL(path, 'http://sidecar.invalid');
    const body = method === 'POST' ? await readBody(request) : '';
    const reply = this.route(method, url, body, readUser(request));

    if (method === 'GET' && reply.status === 200) {
      const text = JSON.stringify(reply.body);
      const etag = `W/"${createHash('sha1').update(text).digest('base64url')}"`;
      const headers = { ETag: etag, 'Cache-Control': 'no-cache' };
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, headers).end();
        return;
      }
      response.writeHead(200, { ...headers, 'Content-Type': 'application/json' }).end(text);
      return;
    }
    response.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.body ?? {}));
  }

  private route(method: string, url: URL, body: string, user: string | null): Reply {
    const path = url.pathname;
    let match: RegExpExecArray | null;

    if (method === 'GET' && (match = /^\/api\/experiments\/(\d+)$/.exec(path))) {
      const id = Number(match[1]);
      if (this.failing.has(id)) return error(500, 'internal server error', 'PRAXIS_INTERNAL');
      const experiment = this.experiments.get(id);
      return experiment ? { status: 200, body: experiment } : error(404, `experiment ${id} not found`, 'NOT_FOUND');
    }
    if (method === 'GET' && (match = /^\/api\/practices\/(\d+)$/.exec(path))) {
      const practice = this.practices.get(Number(match[1]));
      return practice ? { status: 200, body: practice } : error(404, `practice ${match[1]} not found`, 'NOT_FOUND');
    }
    if (method === 'GET' && (match = /^\/api\/practices\/(\d+)\/changelog$/.exec(path))) {
      const id = Number(match[1]);
      if (!this.practices.has(id)) return error(404, `practice ${id} not found`, 'NOT_FOUND');
      return { status: 200, body: { practiceTopicId: id, entries: this.changelogs.get(id) ?? [] } };
    }
    if (method === 'GET' && path === '/api/changelog') return { status: 200, body: { entries: this.feed(url.searchParams) } };
    if (method === 'POST' && (match = /^\/api\/experiments\/(\d+)\/partners$/.exec(path))) return this.join(Number(match[1]), body, user);
    if (method === 'DELETE' && (match = /^\/api\/experiments\/(\d+)\/partners\/me$/.exec(path))) return this.leave(Number(match[1]), user);
    return error(404, `no route for ${method} ${path}`, 'NOT_FOUND');
  }

  private feed(query: URLSearchParams) {
    const since = query.get('since');
    const limit = Number(query.get('limit') ?? '20');
    const entries = [...this.changelogs.entries()].flatMap(([practiceTopicId, list]) => {
      const practice = this.practices.get(practiceTopicId);
      return list.map((entry) => ({ ...entry, practiceTopicId, practiceTitle: practice?.title ?? '', practiceUrl: practice?.url ?? '' }));
    });
    return entries
      .filter((entry) => since === null || Date.parse(entry.at) >= Date.parse(since))
      .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))
      .slice(0, limit);
  }

  private join(id: number, body: string, user: string | null): Reply {
    const experiment = this.experiments.get(id);
    if (!experiment) return error(404, `experiment ${id} not found`, 'NOT_FOUND');
    if (!user) return error(401, 'sign in to join an experiment', 'UNAUTHORIZED');

    let role: unknown;
    try {
      role = (JSON.parse(body) as { role?: unknown }).role;
    } catch {
      return error(400, 'request body is not JSON', 'BAD_REQUEST');
    }
    if (!PARTNER_ROLES.includes(role as PartnerRole)) return error(400, `role ${JSON.stringify(role)} is invalid`, 'BAD_REQUEST');
    if (experiment.owner.username === user) return error(409, 'the owner cannot join their own experiment', 'CONFLICT');
    if (experiment.archived) return error(409, `experiment ${id} is archived`, 'CONFLICT');
    if (experiment.status === 'concluded') return error(409, `experiment ${id} is concluded`, 'CONFLICT');
    if (experiment.partnersWanted !== null && experiment.partners.length >= experiment.partnersWanted) {
      return error(409, `experiment ${id} already has ${experiment.partnersWanted} partners`, 'CONFLICT');
    }

    const others = experiment.partners.filter((partner) => partner.username !== user);
    experiment.partners = [...others, { username: user, userId: null, role: role as PartnerRole, joinedAt: new Date().toISOString() }];
    return { status: 200, body: experiment };
  }

  private leave(id: number, user: string | null): Reply {
    const experiment = this.experiments.get(id);
    if (!experiment) return error(404, `experiment ${id} not found`, 'NOT_FOUND');
    if (!user) return error(401, 'sign in to leave an experiment', 'UNAUTHORIZED');
    experiment.partners = experiment.partners.filter((partner) => partner.username !== user);
    return { status: 200, body: experiment };
  }
}

function error(status: number, message: string, code: string): Reply {
  return { status, body: { error: message, code } };
}

function readUser(request: IncomingMessage): string | null {
  const cookie = request.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([^;]+)`).exec(cookie);
  return match ? decodeURIComponent(match[1]!) : null;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
