import { createHash } from 'node:crypto';

/*
 * The duplicate-POST memo of `PostsController#create`: for admin API requests the serialized result
 * is memoized for 120 seconds under a SHA1 of the create parameters, the user id and the request's
 * IP, User-Agent and Referer (`DistributedMemoizer.memoize(signature_for(manager_params), 120)`).
 * An identical request inside that time gets the stored result, errors included, and creates nothing.
 */

/** Seconds a result stays memoized. */
const MEMO_SECONDS = 120;

export interface MemoizedResult {
  action: string;
  post?: Record<string, unknown>;
  errors?: string[];
  success?: boolean;
}

export class PostMemo {
  private readonly entries = new Map<string, { expiresAt: number; result: MemoizedResult }>();

  constructor(private readonly now: () => Date) {}

  /** A stable signature of the parameters: keys sorted, values compared as JSON. */
  static signature(params: Record<string, unknown>, userId: number): string {
    const entries = Object.entries({ ...params, user: userId }).sort(([a], [b]) => compareStrings(a, b));
    return `post##${createHash('sha1').update(JSON.stringify(entries)).digest('hex')}`;
  }

  get(signature: string): MemoizedResult | undefined {
    const entry = this.entries.get(signature);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now().getTime()) {
      this.entries.delete(signature);
      return undefined;
    }
    return structuredClone(entry.result);
  }

  set(signature: string, result: MemoizedResult): void {
    this.entries.set(signature, { expiresAt: this.now().getTime() + MEMO_SECONDS * 1000, result: structuredClone(result) });
  }
}

function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
