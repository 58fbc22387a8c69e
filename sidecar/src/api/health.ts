import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

export interface HealthRoutesOptions {
  redis: Redis;
  /** Returns false when this process should run a worker and it is not running. */
  workerRunning: () => boolean;
}

export async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  // Liveness: the process responds. It never checks dependencies, so a Redis outage does not restart it.
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Readiness: Redis responds and, where this process runs one, the worker is running.
  app.get('/readyz', async (_request, reply) => {
    const checks = { redis: false, worker: options.workerRunning() };
    try {
      checks.redis = (await options.redis.ping()) === 'PONG';
    } catch {
      checks.redis = false;
    }
    const ready = checks.redis && checks.worker;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}
