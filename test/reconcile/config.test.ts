import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../sidecar/src/config';

const REQUIRED = {
  DISCOURSE_URL: 'http://127.0.0.1:9',
  DISCOURSE_API_KEY: 'test-api-key',
  DISCOURSE_WEBHOOK_SECRET: 'test-webhook-secret-0123',
};

describe('reconciliation config', () => {
  it('runs every 10 minutes by default', () => {
    const config = loadConfig(REQUIRED);

    expect(config.PRAXIS_RECONCILE_EVERY.toMillis()).toBe(600_000);
    expect(config.PRAXIS_RECONCILE_RECHECK_AFTER.toMillis()).toBe(86_400_000);
  });

  it('reads an ISO 8601 duration', () => {
    expect(loadConfig({ ...REQUIRED, PRAXIS_RECONCILE_EVERY: 'PT2M30S' }).PRAXIS_RECONCILE_EVERY.toMillis()).toBe(150_000);
  });

  it('names the variable of a bad duration', () => {
    expect(() => loadConfig({ ...REQUIRED, PRAXIS_RECONCILE_EVERY: '10 minutes' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...REQUIRED, PRAXIS_RECONCILE_EVERY: '10 minutes' })).toThrow(/PRAXIS_RECONCILE_EVERY: invalid \("10 minutes"\): expected a positive ISO 8601 duration/);
  });

  it('rejects an interval under a second', () => {
    expect(() => loadConfig({ ...REQUIRED, PRAXIS_RECONCILE_EVERY: 'PT0.5S' })).toThrow(/PRAXIS_RECONCILE_EVERY: invalid \("PT0.5S"\): expected at least PT1S/);
  });
});
