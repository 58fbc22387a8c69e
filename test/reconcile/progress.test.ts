import { describe, expect, it } from 'vitest';
import type { BackfillProgress } from '../../sidecar/src/reconcile/backfill';
import { createProgressReporter, formatDuration, formatProgress } from '../../sidecar/src/reconcile/progress';

const importing: BackfillProgress = {
  phase: 'importing',
  total: 1000,
  skipped: 30,
  done: 90,
  failed: 1,
  requests: 130,
  elapsedMs: 120_000,
  requestsPerMinute: 58.4,
  remainingMs: 900_000,
};

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  const stream = { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, writes };
}

describe('backfill progress', () => {
  it('formats done, total, rate and time left', () => {
    expect(formatProgress(importing)).toBe('backfill: 120/1000 topics (30 skipped, 1 failed), 58 requests/min, about 15 min left');
  });

  it('formats the end of a run', () => {
    expect(formatProgress({ ...importing, phase: 'stopped' })).toBe('backfill: 120/1000 topics (30 skipped, 1 failed), 58 requests/min, stopped');
    expect(formatProgress({ ...importing, phase: 'finished' })).toBe('backfill: 120/1000 topics (30 skipped, 1 failed), 58 requests/min, finished');
  });

  it('formats the listing phase', () => {
    expect(formatProgress({ ...importing, phase: 'listing', total: 60 })).toBe('backfill: listing tagged topics, 60 found so far');
  });

  it('rounds durations', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(600_000)).toBe('10 min');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
  });

  it('redraws one line on a terminal', () => {
    const { stream, writes } = fakeStream(true);
    const reporter = createProgressReporter(stream, { redrawIntervalMs: 0 });

    reporter.update(importing);
    reporter.update({ ...importing, done: 91 });
    reporter.finish();

    expect(writes[0]).toBe(`\r\x1b[2K${formatProgress(importing)}`);
    expect(writes[1]).toContain('121/1000');
    expect(writes.at(-1)).toBe('\n');
  });

  it('writes plain lines elsewhere', () => {
    const { stream, writes } = fakeStream(false);
    const reporter = createProgressReporter(stream, { plainIntervalMs: 60_000 });

    reporter.update(importing);
    reporter.update({ ...importing, done: 91 });
    reporter.finish();

    expect(writes).toEqual([`${formatProgress(importing)}\n`, `${formatProgress({ ...importing, done: 91 })}\n`]);
  });
});
