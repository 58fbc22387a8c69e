import Fastify from 'fastify';
import { verifySignature } from '../sidecar/src/webhooks/signature';

/*
 * The comparison point of the ingest benchmark: a Fastify route that only checks the webhook
 * signature over the raw body and returns 200. Started as a child process by bench/ingest.ts.
 */

const secret = process.env.BENCH_SECRET ?? '';
const port = Number(process.env.PORT ?? 0);

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
);
app.post('/webhooks/discourse', async (request, reply) => {
  const signature = request.headers['x-discourse-event-signature'];
  const valid = verifySignature([secret], request.body as Buffer, Array.isArray(signature) ? signature[0] : signature);
  return reply.code(valid ? 200 : 401).send({ status: valid ? 'ok' : 'rejected' });
});

await app.listen({ port, host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as { port: number }).port });
