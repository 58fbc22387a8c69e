import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

/*
 * Starts the sidecar: webhook receiver, JSON API and events worker in one process by default.
 * PRAXIS_ROLES=api or PRAXIS_ROLES=worker splits them across processes sharing one Redis.
 */

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`praxis: ${error.message}\n`);
      process.exit(78); // EX_CONFIG from sysexits.h
    }
    throw error;
  }

  const app = await buildApp(config);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // A second signal, or a close that hangs, ends the process anyway.
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  app.log.info({ roles: config.PRAXIS_ROLES, forum: config.DISCOURSE_URL }, 'praxis sidecar started');
}

main().catch((error: unknown) => {
  process.stderr.write(`praxis: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
