import type { BackfillSummary, ThreadReport } from './backfill';
import { formatDuration } from './progress';

/** Formats the summary the backfill command prints at the end, one line per fact. */
export function formatBackfillSummary(summary: BackfillSummary): string {
  return (summary.dryRun ? dryRunLines(summary) : importLines(summary)).join('\n') + '\n';
}

function importLines(summary: BackfillSummary): string[] {
  const lines = [
    `${summary.stoppedBy ? 'Backfill stopped' : 'Backfill finished'} after ${formatDuration(summary.elapsedMs)}: ` +
      `${summary.listed} tagged topics listed, ${summary.skipped} imported by an earlier run, ${summary.imported} imported now, ${summary.failed.length} failed.`,
    `Records: ${summary.recordsCreated} created, ${summary.recordsChanged} changed.`,
    requestLine(summary),
  ];
  if (summary.stoppedBy) lines.push(`Stopped: ${summary.stoppedBy}. Run the backfill again to resume; finished topics are not read again.`);

  const withProblems = summary.threads.filter((thread) => thread.problems.length > 0);
  const noun = withProblems.length === 1 ? 'thread' : 'threads';
  lines.push(withProblems.length > 0 ? `Problems found in ${withProblems.length} ${noun}:` : 'No problems found.');
  for (const thread of withProblems) lines.push(...threadLines(thread));

  if (summary.failed.length > 0) {
    lines.push('Failed topics (run the backfill again to retry them):');
    for (const failure of summary.failed) lines.push(`  #${failure.topicId} ${failure.title}: ${failure.error}`);
  }
  return lines;
}

function dryRunLines(summary: BackfillSummary): string[] {
  const lines = ['Dry run: nothing was written.'];
  for (const thread of summary.threads) lines.push(...threadLines(thread));

  const experiments = summary.threads.filter((thread) => thread.kinds.includes('experiment')).length;
  const practices = summary.threads.filter((thread) => thread.kinds.includes('practice')).length;
  const withProblems = summary.threads.filter((thread) => thread.problems.length > 0).length;
  lines.push(
    `Would import ${summary.threads.length} of ${summary.listed} tagged topics: ${experiments} experiments, ${practices} practices; ${withProblems} with problems.`,
  );
  if (summary.stoppedBy) lines.push(`Stopped: ${summary.stoppedBy}; the list above is incomplete.`);
  for (const failure of summary.failed) lines.push(`  not readable: #${failure.topicId} ${failure.title}: ${failure.error}`);
  lines.push(requestLine(summary));
  return lines;
}

function threadLines(thread: ThreadReport): string[] {
  const kinds = thread.kinds.length > 0 ? thread.kinds.join(', ') : 'not imported';
  const lines = [`  #${thread.topicId} ${thread.title} [${kinds}] tags: ${thread.tags.join(', ') || 'none'}`];
  for (const problem of thread.problems) lines.push(`      ${problem.kind} ${problem.field}: ${problem.message}`);
  return lines;
}

function requestLine(summary: BackfillSummary): string {
  const handled = summary.imported + summary.failed.length;
  const perThread = handled > 0 ? ((summary.requests - summary.listRequests) / handled).toFixed(2) : '0';
  // N requests paced evenly span N - 1 intervals.
  const perMinute = summary.elapsedMs > 0 && summary.requests > 1 ? Math.round(((summary.requests - 1) * 60_000) / summary.elapsedMs) : 0;
  return `Requests: ${summary.requests} (${summary.listRequests} for the tag lists, ${perThread} per thread), ${perMinute} a minute.`;
}
