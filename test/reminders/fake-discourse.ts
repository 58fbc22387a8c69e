import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A small Discourse stand-in on 127.0.0.1 for the reminder tests. It serves the three endpoints the
 * reminder worker uses, with Discourse's shapes (`app/controllers/posts_controller.rb`,
 * `app/controllers/topics_controller.rb`):
 *   POST /posts.json                   {topic_id, raw} → 200 with the post at top level, 422 {action, errors}
 *   GET  /t/{id}.json                  post_stream.posts (first 20, no raw) and post_stream.stream (all ids)
 *   GET  /t/{id}/posts.json?post_ids[]=…&include_raw=true → {post_stream: {posts}}
 * Like Discourse, it returns the first response to an identical create request of the same user
 * within 120 s (`DistributedMemoizer` in `posts_controller.rb`).
 */

export interface FakePost {
  id: number;
  topic_id: number;
  post_number: number;
  username: string;
  raw: string;
  created_at: string;
  /** Milliseconds since the epoch when the post was created. */
  createdMs: number;
}

export interface FakeTopic {
  id: number;
  title: string;
  posts: FakePost[];
}

export interface InjectedResponse {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  atMs: number;
}

const DUPLICATE_MEMO_MS = 120_000;
const MIN_POST_LENGTH = 20;
const FIRST_CHUNK = 20;

export class FakeDiscourse {
  readonly apiKey = 'fake-admin-api-key';
  readonly topics = new Map<number, FakeTopic>();
  readonly requests: RequestRecord[] = [];
  private readonly users = new Set<string>(['system']);
  private readonly injected: Array<{ method: string; pathPattern: RegExp; response: InjectedResponse }> = [];
  private readonly memo = new Map<string, { atMs: number; status: number; body: unknown }>();
  private server: Server | null = null;
  private nextPostId = 1000;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errors: [String(error)] }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = null;
  }

  addUser(username: string): void {
    this.users.add(username.toLowerCase());
  }

  createTopic(id: number, title: string, author: string): FakeTopic {
    const topic: FakeTopic = { id, title, posts: [] };
    this.topics.set(id, topic);
    this.addPost(topic, author, `${title}\n\nHypothesis: something improves.`);
    return topic;
  }

  /** Adds a reply as `username` directly, as if posted in the browser. */
  reply(topicId: number, username: string, raw: string): FakePost {
    return this.addPost(this.topics.get(topicId)!, username, raw);
  }

  /** Sends `response` to the next request matching `method` and `pathPattern` instead of serving it. */
  injectOnce(method: string, pathPattern: RegExp, response: InjectedResponse): void {
    this.injected.push({ method, pathPattern, response });
  }

  /** Returns the posts of a topic written by `username`. */
  postsBy(topicId: number, username: string): FakePost[] {
    return (this.topics.get(topicId)?.posts ?? []).filter((post) => post.username === username);
  }

  private addPost(topic: FakeTopic, username: string, raw: string): FakePost {
    const now = Date.now();
    const post: FakePost = {
      id: ++this.nextPostId,
      topic_id: topic.id,
      post_number: topic.posts.length + 1,
      username,
      raw,
      created_at: new Date(now).toISOString(),
      createdMs: now,
    };
    topic.posts.push(post);
    return post;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method, path: url.pathname, status, atMs: Date.now() });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    };

    const injectedIndex = this.injected.findIndex((entry) => entry.method === method && entry.pathPattern.test(url.pathname));
    if (injectedIndex >= 0) {
      const injected = this.injected.splice(injectedIndex, 1)[0]!.response;
      return send(injected.status, injected.body, injected.headers);
    }

    const username = String(request.headers['api-username'] ?? '').toLowerCase();
    if (request.headers['api-key'] !== this.apiKey || !this.users.has(username)) {
      return send(403, { errors: ['You are not permitted to view the requested resource.'], error_type: 'invalid_access' });
    }

    if (method === 'POST' && url.pathname === '/posts.json') return this.createPost(username, body, send);

    const topicMatch = /^\/t\/(\d+)\.json$/.exec(url.pathname);
    if (method === 'GET' && topicMatch) {
      const topic = this.topics.get(Number(topicMatch[1]));
      if (!topic) return send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
      return send(200, topicView(topic));
    }

    const postsMatch = /^\/t\/(\d+)\/posts\.json$/.exec(url.pathname);
    if (method === 'GET' && postsMatch) {
      const topic = this.topics.get(Number(postsMatch[1]));
      if (!topic) return send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
      const ids = new Set(url.searchParams.getAll('post_ids[]').map(Number));
      const includeRaw = url.searchParams.get('include_raw') === 'true';
      const posts = topic.posts.filter((post) => ids.has(post.id)).map((post) => streamPost(post, includeRaw));
      return send(200, { post_stream: { posts } });
    }

    return send(404, { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' });
  }

  private createPost(username: string, body: string, send: (status: number, payload: unknown) => void): void {
    const params = JSON.parse(body || '{}') as { topic_id?: number; raw?: string };
    const signature = createHash('sha1').update(JSON.stringify([username, params.topic_id, params.raw])).digest('hex');
    const cached = this.memo.get(signature);
    if (cached && Date.now() - cached.atMs < DUPLICATE_MEMO_MS) return send(cached.status, cached.body);

    const [status, payload] = this.createPostAnswer(username, params);
    this.memo.set(signature, { atMs: Date.now(), status, body: payload });
    send(status, payload);
  }

  private createPostAnswer(username: string, params: { topic_id?: number; raw?: string }): [number, unknown] {
    const topic = this.topics.get(Number(params.topic_id));
    if (!topic) return [422, { action: 'create_post', errors: ['Topic could not be found'] }];

    const raw = params.raw ?? '';
    if (raw.trim().length < MIN_POST_LENGTH) {
      return [422, { action: 'create_post', errors: [`Body is too short (minimum is ${MIN_POST_LENGTH} characters)`] }];
    }

    const post = this.addPost(topic, username, raw);
    const { raw: _raw, createdMs: _createdMs, ...created } = post;
    return [200, { ...created, cooked: `<p>${raw}</p>`, post_type: 1, topic_slug: 'experiment' }];
  }
}

function topicView(topic: FakeTopic) {
  return {
    id: topic.id,
    title: topic.title,
    slug: 'experiment',
    tags: ['experiment'],
    category_id: 1,
    archetype: 'regular',
    created_at: topic.posts[0]?.created_at ?? new Date().toISOString(),
    post_stream: {
      posts: topic.posts.slice(0, FIRST_CHUNK).map((post) => streamPost(post, false)),
      stream: topic.posts.map((post) => post.id),
    },
  };
}

function streamPost(post: FakePost, includeRaw: boolean) {
  const { raw, createdMs: _createdMs, ...rest } = post;
  return includeRaw ? { ...rest, raw, cooked: `<p>${raw}</p>` } : { ...rest, cooked: `<p>${raw}</p>` };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
