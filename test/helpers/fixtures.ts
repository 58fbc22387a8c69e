import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { signBody } from '../../sidecar/src/webhooks/signature';

const FIXTURES = fileURLToPath(new URL('../fixtures/discourse-payloads/', import.meta.url));

export function readFixture(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}

/** Reads a pretty-printed payload fixture as the compact JSON Discourse would send. */
export function compactFixture(name: string): string {
  return JSON.stringify(JSON.parse(readFixture(name).toString('utf8')));
}

export function parsedFixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFixture(name).toString('utf8')) as T;
}

let eventCounter = 1000;

/** Builds the headers of a Discourse delivery for `body`, signed with `secret`. */
export function deliveryHeaders(event: string, body: string | Buffer, secret: string | null, extra: Record<string, string> = {}) {
  const type = event === 'ping' ? 'ping' : event.split('_')[0]!;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-discourse-instance': 'http://127.0.0.1:4200',
    'x-discourse-event-id': String(++eventCounter),
    'x-discourse-event-type': type,
    'x-discourse-event': event,
    ...extra,
  };
  if (secret) headers['x-discourse-event-signature'] = signBody(secret, body);
  return headers;
}
