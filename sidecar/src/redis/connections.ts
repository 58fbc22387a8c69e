import { Redis } from 'ioredis';

/**
 * Creates a connection for BullMQ workers and other blocking or long-running readers. BullMQ requires
 * `maxRetriesPerRequest: null` on worker connections so that blocking commands survive reconnects.
 */
export function createWorkerConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName: 'praxis-worker' });
}

/**
 * Creates a connection for the request path. Commands fail at once while Redis is unreachable instead of
 * queueing, so the webhook receiver can return 503 and Discourse records the delivery as failed.
 */
export function createRequestConnection(url: string): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    commandTimeout: 2_000,
    connectionName: 'praxis-api',
    enableAutoPipelining: true,
  });
}
