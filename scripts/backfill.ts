import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import { buildApp } from '../sidecar/src/app';
import { ConfigError, loadConfig } from '../sidecar/src/config';
import { loggerOptions } from '../sidecar/src/logger';
import { formatBackfillSummary } from '../sidecar/src/reconcile/backfill-report';
import { createBackfill } from '../sidecar/src/reconcile/backfill-setup';
import { createProgressReporter } from '../sidecar/src/reconcile/progress';

/*
 * Imports every thread tagged with the experiment or practice tag from the forum the sidecar's
 * environment names (DISCOURSE_URL, DISCOURSE_API_KEY, REDIS_URL, PRAXIS_KEY_PREFIX, ...).
 * Progress goes to stderr, the summary to stdout. Exit codes: 0 done, 1 some topics failed or
 * the run stopped on an error, 2 bad arguments, 78 bad configuration, 130 interrupted.
 */

const USAGE = `Usage: npm run backfill -- [options]
       node --import tsx scripts/backfill.ts [options]

Imports every thread tagged with PRAXIS_EXPERIMENT_TAG or PRAXIS_PRACTICE_TAG from DISCOURSE_URL
into the records in REDIS_URL under PRAXIS_KEY_PREFIX, using the sidecar's environment. It may run
while the sidecar runs, and resumes where it stopped after Ctrl-C or a crash.

Options:
  --dry-run           read and parse every thread, print titles, tags and parse problems; write nothing
  --restart           forget which topics earlier runs imported and import all of them again
  --concurrency <n>   topics read at once, 1 to 32 (default 4); the request budget sets the pace
  -h, --help          show this help

The run uses up to DISCOURSE_API_REQUESTS_PER_MINUTE, at low priority: it leaves 20% of that budget
free while the sidecar's reminders and webhook follow-ups need it. LOG_LEVEL (default warn) sets
what is logged to stderr.`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        'dry-run': { type: 'boolean', default: false },
        restart: { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '4' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`backfill: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }

  const concurrency = Number(args.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
    process.stderr.write(`backfill: --concurrency ${JSON.stringify(args.concurrency)} is invalid; expected a whole number from 1 to 32\n`);
    return 2;
  }

  let config;
  try {
    config = loadConfig({ LOG_LEVEL: 'warn', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`backfill: ${error.message}\n`);
      return 78; // EX_CONFIG from sysexits.h
    }
    throw error;
  }

  // The API role builds the sidecar's stores and ThreadSync without starting any worker, so
  // this process imports and nothing else (no reminders posted, no reconciliation runs).
  const app = await buildApp({ ...config, PRAXIS_ROLES: ['api'] }, { logger: { ...loggerOptions(config.LOG_LEVEL), stream: process.stderr } });
  const logger = (app.log as unknown as Logger).child({ component: 'backfill' });

  const interrupt = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    process.stderr.write('\nbackfill: stopping after the topics in progress; press Ctrl-C again to quit at once\n');
    interrupt.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = createProgressReporter(process.stderr);
  try {
    const backfill = createBackfill(app.praxis, logger);
    const summary = await backfill.run({
      dryRun: args['dry-run'],
      restart: args.restart,
      concurrency,
      signal: interrupt.signal,
      onProgress: progress.update,
    });
    progress.finish();
    process.stdout.write(formatBackfillSummary(summary));

    if (interrupt.signal.aborted) return 130;
    return summary.failed.length > 0 || summary.stoppedBy ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`\nbackfill: failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
