import { buildApp } from '../sidecar/src/app';
import { loadConfig } from '../sidecar/src/config';

/* The sidecar, started as a child process of bench/ingest.ts; it reports its port over IPC. */

const app = await buildApp(loadConfig());
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as { port: number }).port });
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
