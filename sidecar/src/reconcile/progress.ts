import type { BackfillProgress } from './backfill';

export interface ProgressReporterOptions {
  /** Milliseconds between lines when the stream is not a terminal; 10 s by default. */
  plainIntervalMs?: number;
  /** Milliseconds between redraws on a terminal; 250 by default. */
  redrawIntervalMs?: number;
}

export interface ProgressReporter {
  update: (progress: BackfillProgress) => void;
  /** Writes the last state and ends the line. */
  finish: () => void;
}

/**
 * Shows backfill progress on `stream`: one line redrawn in place on a terminal, or a plain line
 * every `plainIntervalMs` otherwise (log files, CI).
 */
export function createProgressReporter(stream: NodeJS.WriteStream, options: ProgressReporterOptions = {}): ProgressReporter {
  const tty = Boolean(stream.isTTY);
  const intervalMs = tty ? (options.redrawIntervalMs ?? 250) : (options.plainIntervalMs ?? 10_000);
  let last: BackfillProgress | null = null;
  let writtenAt = 0;
  let lineOpen = false;

  const write = (progress: BackfillProgress) => {
    writtenAt = Date.now();
    if (tty) {
      stream.write(`\r\x1b[2K${formatProgress(progress)}`);
      lineOpen = true;
    } else {
      stream.write(`${formatProgress(progress)}\n`);
    }
  };

  return {
    update: (progress) => {
      last = progress;
      if (Date.now() - writtenAt >= intervalMs) write(progress);
    },
    finish: () => {
      if (last) write(last);
      if (lineOpen) stream.write('\n');
      lineOpen = false;
    },
  };
}

/** E.g. "backfill: 120/1000 topics (30 skipped, 1 failed), 58 requests/min, about 15 min left". */
export function formatProgress(progress: BackfillProgress): string {
  if (progress.phase === 'listing') return `backfill: listing tagged topics, ${progress.total} found so far`;

  const handled = progress.skipped + progress.done;
  const notes = [progress.skipped > 0 ? `${progress.skipped} skipped` : null, progress.failed > 0 ? `${progress.failed} failed` : null].filter(Boolean);
  const parts = [
    `backfill: ${handled}/${progress.total} topics${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`,
    `${Math.round(progress.requestsPerMinute)} requests/min`,
  ];
  if (progress.phase === 'finished' || progress.phase === 'stopped') parts.push(progress.phase);
  else if (progress.remainingMs !== null) parts.push(`about ${formatDuration(progress.remainingMs)} left`);
  return parts.join(', ');
}

/** Rounds to whole seconds under 2 minutes, to whole minutes under 2 hours, else to hours and minutes. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
