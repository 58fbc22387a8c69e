import type { EventJobData, EventsQueue } from './events-queue';

interface Pending {
  name: string;
  data: EventJobData;
  jobId: string;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Largest batch sent to Redis at once, to bound the size of one transaction. */
const MAX_BATCH = 100;

/**
 * Adds webhook events to the queue in batches. Deliveries that arrive in the same turn of the
 * event loop share one `addBulk`, so a burst costs one round trip to Redis instead of one each.
 * Each caller's promise settles only when its own job is stored, so a delivery is never
 * acknowledged before it is durable. If the batch fails, every caller in it gets the error.
 */
export class BatchedEnqueue {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly queue: EventsQueue) {}

  add(name: string, data: EventJobData, jobId: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ name, data, jobId, resolve, reject });
      if (this.pending.length >= MAX_BATCH) {
        void this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0, MAX_BATCH);
    if (batch.length === 0) return;
    if (this.pending.length > 0 && !this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }

    try {
      await this.queue.addBulk(batch.map(({ name, data, jobId }) => ({ name, data, opts: { jobId } })));
      for (const item of batch) item.resolve();
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}
