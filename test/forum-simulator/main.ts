import { parseArgs } from 'node:util';
import { seedDemoCommunity } from './seed';
import { ForumSimulator } from './server';

/*
 * Runs the forum simulator as a process:
 *   npx tsx test/forum-simulator/main.ts --port 4200 --seed demo \
 *     --api-key dev-admin-key --webhook-url http://127.0.0.1:4100/webhooks/discourse --webhook-secret <12+ chars>
 */

const USAGE = `Usage: npx tsx test/forum-simulator/main.ts [options]

  --port <n>                   port on 127.0.0.1 (default 4200; 0 picks a free port)
  --seed demo                  create the demo community (users, practices, experiments)
  --api-key <key>              fixed admin API key (default: random, printed at start)
  --webhook-url <url>          register a webhook for all events (loopback addresses only)
  --webhook-secret <secret>    its secret, at least 12 characters
  --webhook-content-type <t>   json (default) or form
  --admin-api-rate <n>         admin API requests per minute (default 60)
  --tag-shape <shape>          objects (default, current builds) or strings (older builds)
  --retry-webhook-events       retry failed deliveries after 1, 5, 25, 125 minutes
  --retry-unit-ms <ms>         milliseconds that stand for one minute of that schedule (default 60000)
  --praxis-url <url>           proxy /praxis/* to the Praxis sidecar at this loopback URL, as the
                               forum's nginx does in the same-origin deployment
  --quiet                      do not log deliveries and errors
  --help                       show this text
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function integerOption(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) fail(`--${name} expects a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      seed: { type: 'string' },
      'api-key': { type: 'string' },
      'webhook-url': { type: 'string' },
      'webhook-secret': { type: 'string' },
      'webhook-content-type': { type: 'string' },
      'admin-api-rate': { type: 'string' },
      'tag-shape': { type: 'string' },
      'retry-webhook-events': { type: 'boolean' },
      'retry-unit-ms': { type: 'string' },
      'praxis-url': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });

  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (values.seed !== undefined && values.seed !== 'demo') fail(`--seed accepts only "demo", got ${JSON.stringify(values.seed)}`);

  const tagShape = values['tag-shape'] ?? 'objects';
  if (tagShape !== 'objects' && tagShape !== 'strings') fail(`--tag-shape accepts objects or strings, got ${JSON.stringify(tagShape)}`);

  const contentType = values['webhook-content-type'] ?? 'json';
  if (contentType !== 'json' && contentType !== 'form') fail(`--webhook-content-type accepts json or form, got ${JSON.stringify(contentType)}`);

  const log = values.quiet
    ? () => {}
    : (message: string, fields?: Record<string, unknown>) => {
        process.stdout.write(`${new Date().toISOString()} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`);
      };

  const sim = new ForumSimulator({
    port: integerOption('port', values.port, 4200),
    adminApiKey: values['api-key'],
    adminApiRequestsPerMinute: integerOption('admin-api-rate', values['admin-api-rate'], 60),
    tagShape,
    retryWebhookEvents: values['retry-webhook-events'] ?? false,
    retryUnitMs: integerOption('retry-unit-ms', values['retry-unit-ms'], 60_000),
    log,
  });

  if (values['praxis-url']) {
    try {
      sim.proxyPraxis(values['praxis-url']);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }

  if (values['webhook-url']) {
    try {
      const webhook = sim.addWebhook({ url: values['webhook-url'], secret: values['webhook-secret'], contentType });
      log('webhook registered', { id: webhook.id, url: webhook.url, signed: webhook.secret !== null });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }

  const baseUrl = await sim.start();

  if (values.seed === 'demo') {
    const community = seedDemoCommunity(sim);
    log('demo community seeded', { practices: community.practices, experiments: community.experiments });
  }

  process.stdout.write(
    [
      `Forum simulator listening on ${baseUrl}`,
      `Admin API key: ${sim.adminApiKey} (send with Api-Username: system)`,
      `Sign in as a member at ${baseUrl}/login; state dump at ${baseUrl}/__simulator/state.json`,
      ...(values['praxis-url'] ? [`Praxis sidecar proxied at ${baseUrl}/praxis/ → ${values['praxis-url']}`] : []),
      '',
    ].join('\n'),
  );

  const shutDown = (signal: string) => {
    log('stopping', { signal });
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', () => shutDown('SIGINT'));
  process.once('SIGTERM', () => shutDown('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`forum simulator failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
