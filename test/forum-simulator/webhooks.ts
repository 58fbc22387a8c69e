import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

/*
 * Webhook deliveries as Discourse makes them (`app/models/web_hook.rb`,
 * `app/jobs/regular/emit_web_hook_event.rb`, `app/services/web_hook_emitter.rb`):
 * - one job per (webhook × event), all started at once, so arrival order is not guaranteed;
 * - the body `{"<type>": payload}` is fixed when the event is enqueued and reused by retries;
 * - each attempt is a new `WebHookEvent` row, so `X-Discourse-Event-Id` changes on every retry,
 *   while a manual redelivery re-sends the stored headers and body with the same id;
 * - 2xx succeeds; 404 and 410 are never retried and deactivate the webhook at retry_count >= 4;
 *   other statuses are retried after 1, 5, 25 and 125 minutes only when `retry_web_hook_events` is on;
 *   no response (refused, timeout) is stored with status -1 and never retried.
 */

/** Discourse's `REQUEST_TIMEOUT` for webhook deliveries, in milliseconds (open, read and write). */
export const DELIVERY_TIMEOUT_MS = 20_000;

/** `MAX_RETRY_COUNT`: four retries after the first attempt. */
const MAX_RETRY_COUNT = 4;

/** `RETRY_BACKOFF`: retry n waits 5^(n-1) minutes. */
const RETRY_BACKOFF = 5;

/** Secrets shorter than this are rejected (`validates :secret, length: { minimum: 12 }`). */
const MIN_SECRET_LENGTH = 12;

/** Bytes of a response body kept in a delivery record. */
const MAX_RESPONSE_BODY_BYTES = 1024 * 1024;

/** The User-Agent format of `Discourse.user_agent`, with a fixed fake commit hash. */
export const USER_AGENT = `Discourse/2026.9.0-latest-${createHash('sha1').update('forum-simulator').digest('hex')}; +https://www.discourse.org/`;

const STATUS_EVENT = /^topic_\w+_status_updated$/;

export interface WebhookInput {
  /** Payload URL; must point at a loopback address (127.0.0.1, localhost or ::1). */
  url: string;
  /** At least 12 characters; without one, no signature header is sent. */
  secret?: string;
  /** `form` sends `application/x-www-form-urlencoded`; the body stays the same JSON. */
  contentType?: 'json' | 'form';
  /** Event names, or `all` for the wildcard webhook. The `topic_edited` subscription covers `topic_*_status_updated`. */
  events?: string[] | 'all';
  active?: boolean;
  /** Category filter: events of other categories (and of private messages) are dropped. */
  categoryIds?: number[];
  /** Tag filter: events whose topic has none of these tags are dropped. */
  tagNames?: string[];
}

export interface SimWebhook {
  id: number;
  url: string;
  secret: string | null;
  contentType: 'json' | 'form';
  events: string[] | 'all';
  active: boolean;
  categoryIds: number[];
  tagNames: string[];
}

/** A `WebHookEvent` row, as Admin → API → Webhooks → Events lists it. */
export interface DeliveryRecord {
  /** The `X-Discourse-Event-Id` of this attempt. */
  id: number;
  webhookId: number;
  event: string;
  eventType: string;
  /** 0 for the first attempt, 1 to 4 for automatic retries. */
  retryCount: number;
  /** HTTP status; 0 while pending, -1 when no response came (or the delivery was dropped on purpose). */
  status: number;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
  /** Why no response came, for status -1. */
  error: string | null;
  createdAt: string;
  /** False when `setWebhookDelivery({ dropRate })` dropped the delivery without sending it. */
  sent: boolean;
  /** Manual redeliveries of this row (same id, same headers and body). */
  redeliveries: number;
}

export interface EnqueuedEvent {
  name: string;
  type: string;
  payload: Record<string, unknown>;
  categoryId: number | null;
  tagNames: string[];
}

/** Test controls for deliveries; none of them exist in Discourse. */
export interface DeliveryControls {
  /** Share (0 to 1) of deliveries dropped without sending, recorded with `sent: false` and status -1. */
  dropRate: number;
  random: () => number;
  /** Start each batch of queued deliveries in random order. */
  shuffle: boolean;
  /** Hold queued deliveries until unpaused. Pings and redeliveries are not held. */
  paused: boolean;
}

export interface WebhookEmitterOptions {
  now: () => Date;
  /** `X-Discourse-Instance`: the forum's base URL, known once the server listens. */
  instanceUrl: () => string;
  retryEnabled: boolean;
  /** Milliseconds that stand for one minute of Discourse's retry schedule. */
  retryUnitMs: number;
  timeoutMs: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
}

interface DeliveryJob {
  webhookId: number;
  event: string;
  type: string;
  body: string;
  categoryId: number | null;
  tagNames: string[];
  retryCount: number;
}

export function signatureHeader(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookEmitter {
  private readonly webhooks = new Map<number, SimWebhook>();
  private readonly records = new Map<number, DeliveryRecord>();
  private pending: DeliveryJob[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly retryTimers = new Map<NodeJS.Timeout, { fired: Promise<void>; fire: () => void }>();
  private controls: DeliveryControls = { dropRate: 0, random: Math.random, shuffle: false, paused: false };
  private nextWebhookId = 1;
  private nextEventId = 1;
  private flushScheduled = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: WebhookEmitterOptions) {}

  addWebhook(input: WebhookInput): SimWebhook {
    assertLoopbackUrl(input.url);
    if (input.secret !== undefined && input.secret !== '' && input.secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`webhook secret has ${input.secret.length} characters; Discourse requires at least ${MIN_SECRET_LENGTH}`);
    }

    const webhook: SimWebhook = {
      id: this.nextWebhookId++,
      url: input.url,
      secret: input.secret || null,
      contentType: input.contentType ?? 'json',
      events: input.events ?? 'all',
      active: input.active ?? true,
      categoryIds: input.categoryIds ?? [],
      tagNames: input.tagNames ?? [],
    };
    this.webhooks.set(webhook.id, webhook);
    return webhook;
  }

  updateWebhook(id: number, changes: Partial<WebhookInput>): SimWebhook {
    const webhook = this.requireWebhook(id);
    if (changes.url !== undefined) {
      assertLoopbackUrl(changes.url);
      webhook.url = changes.url;
    }
    if (changes.secret !== undefined) webhook.secret = changes.secret || null;
    if (changes.contentType !== undefined) webhook.contentType = changes.contentType;
    if (changes.events !== undefined) webhook.events = changes.events;
    if (changes.active !== undefined) webhook.active = changes.active;
    if (changes.categoryIds !== undefined) webhook.categoryIds = changes.categoryIds;
    if (changes.tagNames !== undefined) webhook.tagNames = changes.tagNames;
    return webhook;
  }

  webhook(id: number): SimWebhook | undefined {
    return this.webhooks.get(id);
  }

  listWebhooks(): SimWebhook[] {
    return [...this.webhooks.values()];
  }

  setControls(controls: Partial<DeliveryControls>): void {
    if (controls.dropRate !== undefined && !(controls.dropRate >= 0 && controls.dropRate <= 1)) {
      throw new Error(`dropRate ${controls.dropRate} is out of range; use a share between 0 and 1`);
    }
    this.controls = { ...this.controls, ...controls };
    this.scheduleFlush();
  }

  /** Queues one delivery per subscribed active webhook; the body is fixed now. */
  enqueue(event: EnqueuedEvent): void {
    if (this.stopped) return;

    const body = JSON.stringify({ [event.type]: event.payload });
    for (const webhook of this.webhooks.values()) {
      if (!webhook.active || !subscribes(webhook, event.name)) continue;
      this.pending.push({
        webhookId: webhook.id,
        event: event.name,
        type: event.type,
        body,
        categoryId: event.categoryId,
        tagNames: event.tagNames,
        retryCount: 0,
      });
    }
    this.scheduleFlush();
  }

  /** Sends `{"ping":"OK"}` now, skipping filters, and resolves with the attempt's record. */
  async ping(webhookId: number): Promise<DeliveryRecord> {
    this.requireWebhook(webhookId);
    const job: DeliveryJob = { webhookId, event: 'ping', type: 'ping', body: '{"ping":"OK"}', categoryId: null, tagNames: [], retryCount: 0 };

    let record: DeliveryRecord | null = null;
    await this.track(
      this.deliver(job, { bypassControls: true }).then((sent) => {
        record = sent;
      }),
    );
    if (!record) throw new Error(`webhook ${webhookId} could not be pinged`);
    return structuredClone(record);
  }

  /** Re-sends a stored event with its original headers and body; the record keeps its id. */
  async redeliver(eventId: number): Promise<DeliveryRecord> {
    const record = this.records.get(eventId);
    if (!record) throw new Error(`no webhook event ${eventId}; pick an id from deliveries()`);
    const webhook = this.requireWebhook(record.webhookId);

    await this.track(
      (async () => {
        record.redeliveries += 1;
        record.sent = true;
        await this.send(webhook.url, record);
        this.options.log('webhook event redelivered', { eventId, status: record.status });
      })(),
    );
    return structuredClone(record);
  }

  deliveries(webhookId?: number): DeliveryRecord[] {
    const records = [...this.records.values()].filter((record) => webhookId === undefined || record.webhookId === webhookId);
    return structuredClone(records.sort((a, b) => a.id - b.id));
  }

  /** Number of deliveries held by `paused` (or queued before `start`). */
  get heldDeliveries(): number {
    return this.pending.length;
  }

  /** Allows sending; deliveries queued before the server listened go out now. */
  start(): void {
    this.started = true;
    this.scheduleFlush();
  }

  /**
   * Resolves when every sendable delivery and every scheduled retry has finished. Deliveries held
   * by `paused` are not waited for.
   */
  async settle(): Promise<void> {
    for (;;) {
      if (this.inFlight.size > 0) {
        await Promise.allSettled([...this.inFlight]);
        continue;
      }
      if (this.pending.length > 0 && this.canSend()) {
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const nextRetry = [...this.retryTimers.values()][0];
      if (nextRetry) {
        await nextRetry.fired;
        continue;
      }
      return;
    }
  }

  /** Cancels scheduled retries and held deliveries, then waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const [timer, retry] of this.retryTimers) {
      clearTimeout(timer);
      retry.fire();
    }
    this.retryTimers.clear();
    this.pending = [];
    await Promise.allSettled([...this.inFlight]);
  }

  private canSend(): boolean {
    return this.started && !this.stopped && !this.controls.paused;
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Starts every queued delivery without waiting for any of them, as Sidekiq workers would. */
  private flush(): void {
    if (!this.canSend() || this.pending.length === 0) return;

    const jobs = this.pending;
    this.pending = [];
    if (this.controls.shuffle) shuffleInPlace(jobs, this.controls.random);

    for (const job of jobs) void this.track(this.deliver(job, { bypassControls: false }).then(() => undefined));
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.options.log('webhook delivery failed unexpectedly', { error: String(error) });
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /** Runs one attempt of a job: filters, a new event row, the request, then the retry decision. */
  private async deliver(job: DeliveryJob, { bypassControls }: { bypassControls: boolean }): Promise<DeliveryRecord | null> {
    const webhook = this.webhooks.get(job.webhookId);
    if (!webhook) return null;
    if (job.type !== 'ping' && !passesFilters(webhook, job)) return null;

    const record = this.createRecord(webhook, job);

    if (!bypassControls && this.controls.dropRate > 0 && this.controls.random() < this.controls.dropRate) {
      record.sent = false;
      record.status = -1;
      record.error = 'dropped on purpose by setWebhookDelivery({ dropRate })';
      this.options.log('webhook delivery dropped', { eventId: record.id, event: job.event });
      return record;
    }

    await this.send(webhook.url, record);
    this.processResponse(webhook, job, record);
    return record;
  }

  private createRecord(webhook: SimWebhook, job: DeliveryJob): DeliveryRecord {
    const id = this.nextEventId++;
    const record: DeliveryRecord = {
      id,
      webhookId: webhook.id,
      event: job.event,
      eventType: job.type,
      retryCount: job.retryCount,
      status: 0,
      durationMs: 0,
      requestHeaders: this.buildHeaders(webhook, job, id),
      requestBody: job.body,
      responseHeaders: {},
      responseBody: null,
      error: null,
      createdAt: this.options.now().toISOString(),
      sent: true,
      redeliveries: 0,
    };
    this.records.set(id, record);
    return record;
  }

  /** Builds the header set of `build_webhook_headers` in its order. `Host` is the URL's host without the port. */
  private buildHeaders(webhook: SimWebhook, job: DeliveryJob, eventId: number): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: '*/*',
      Connection: 'close',
      'Content-Length': String(Buffer.byteLength(job.body)),
      'Content-Type': webhook.contentType === 'form' ? 'application/x-www-form-urlencoded' : 'application/json',
      Host: new URL(webhook.url).hostname,
      'User-Agent': USER_AGENT,
      'X-Discourse-Instance': this.options.instanceUrl(),
      'X-Discourse-Event-Id': String(eventId),
      'X-Discourse-Event-Type': job.type,
      'X-Discourse-Event': job.event,
    };
    if (webhook.secret) headers['X-Discourse-Event-Signature'] = signatureHeader(webhook.secret, job.body);
    return headers;
  }

  /** Sends the record's stored headers and body on a new connection and stores the outcome. */
  private async send(url: string, record: DeliveryRecord): Promise<void> {
    const started = process.hrtime.bigint();
    try {
      const response = await postOnce(url, record.requestHeaders, record.requestBody, this.options.timeoutMs);
      record.status = response.status;
      record.responseHeaders = response.headers;
      record.responseBody = response.body;
      record.error = null;
    } catch (error) {
      record.status = -1;
      record.responseHeaders = {};
      record.responseBody = null;
      record.error = error instanceof Error ? error.message : String(error);
      this.options.log('webhook delivery got no response', { eventId: record.id, event: record.event, error: record.error });
    }
    record.durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
  }

  private processResponse(webhook: SimWebhook, job: DeliveryJob, record: DeliveryRecord): void {
    const status = record.status;
    if (status === -1 || (status >= 200 && status <= 299)) return;

    if (status === 404 || status === 410) {
      if (job.retryCount >= MAX_RETRY_COUNT) {
        webhook.active = false;
        this.options.log('webhook deactivated', { webhookId: webhook.id, status });
      }
      return;
    }

    if (!this.options.retryEnabled) return;
    const retryCount = job.retryCount + 1;
    if (retryCount > MAX_RETRY_COUNT) return;

    const delayMs = RETRY_BACKOFF ** (retryCount - 1) * this.options.retryUnitMs;
    this.options.log('webhook delivery will be retried', { eventId: record.id, status, retryCount, delayMs });
    this.scheduleRetry({ ...job, retryCount }, delayMs);
  }

  private scheduleRetry(job: DeliveryJob, delayMs: number): void {
    let fire!: () => void;
    const fired = new Promise<void>((resolve) => {
      fire = resolve;
    });

    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      if (!this.stopped) {
        this.pending.push(job);
        this.flush();
      }
      fire();
    }, delayMs);
    this.retryTimers.set(timer, { fired, fire });
  }

  private requireWebhook(id: number): SimWebhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw new Error(`no webhook ${id}; create one with addWebhook`);
    return webhook;
  }
}

function subscribes(webhook: SimWebhook, eventName: string): boolean {
  if (webhook.events === 'all') return true;
  if (webhook.events.includes(eventName)) return true;
  return STATUS_EVENT.test(eventName) && webhook.events.includes('topic_edited');
}

/** Category and tag filters of the emit job; a private message has no category and fails a category filter. */
function passesFilters(webhook: SimWebhook, job: DeliveryJob): boolean {
  if (webhook.categoryIds.length > 0 && (job.categoryId === null || !webhook.categoryIds.includes(job.categoryId))) return false;
  if (webhook.tagNames.length > 0 && !job.tagNames.some((name) => webhook.tagNames.includes(name))) return false;
  return true;
}

function assertLoopbackUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`webhook URL ${JSON.stringify(url)} is not a URL; use one such as http://127.0.0.1:4100/webhooks/discourse`);
  }

  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (!loopback || !['http:', 'https:'].includes(parsed.protocol)) {
    throw new Error(`webhook URL ${url} is not an http(s) loopback address; the simulator delivers only to 127.0.0.1, localhost or [::1]`);
  }
}

function shuffleInPlace<T>(items: T[], random: () => number): void {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
}

interface PostResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends one POST on a fresh connection (`agent: false`), abandoned after `timeoutMs` of inactivity. */
function postOnce(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostResult> {
  const transport = url.startsWith('https:') ? https : http;

  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method: 'POST', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_BODY_BYTES) chunks.push(chunk);
      });
      response.on('end', () => {
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? -1, headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', reject);
    });

    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no response within ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
