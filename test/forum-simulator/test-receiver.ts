import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local HTTP server that records webhook deliveries for the simulator's tests. The response is
 * chosen per request: a status code, or `hang` to send none.
 */

export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Header names as sent, in order. */
  headerNames: string[];
  body: Buffer;
}

export type ReceiverAnswer = number | 'hang';

export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** TCP connections accepted so far. */
  connections = 0;
  answer: (request: ReceivedRequest, index: number) => ReceiverAnswer = () => 200;

  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        headerNames: request.rawHeaders.filter((_, index) => index % 2 === 0),
        body: Buffer.concat(chunks),
      };
      const index = this.requests.push(received) - 1;
      const answer = this.answer(received, index);
      if (answer === 'hang') return;
      response.writeHead(answer, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ received: index }));
    });
  });

  constructor() {
    this.server.on('connection', () => {
      this.connections++;
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path = '/webhooks/discourse'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Deliveries whose `X-Discourse-Event` is `event`. */
  byEvent(event: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.headers['x-discourse-event'] === event);
  }

  events(): string[] {
    return this.requests.map((request) => String(request.headers['x-discourse-event']));
  }

  json(request: ReceivedRequest): Record<string, Record<string, unknown>> {
    return JSON.parse(request.body.toString('utf8')) as Record<string, Record<string, unknown>>;
  }
}

/** Returns a port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
