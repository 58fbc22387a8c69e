import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../sidecar/src/config';

const base = {
  DISCOURSE_URL: 'http://127.0.0.1:9',
  DISCOURSE_API_KEY: 'test-api-key',
  DISCOURSE_WEBHOOK_SECRET: 'test-webhook-secret-0123',
};

function configError(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('reminder config', () => {
  it('follow-up wait defaults to 3 days', () => {
    expect(loadConfig(base).PRAXIS_FOLLOWUP_AFTER.as('days')).toBe(3);
  });

  it('follow-up wait reads ISO 8601', () => {
    expect(loadConfig({ ...base, PRAXIS_FOLLOWUP_AFTER: 'PT12H' }).PRAXIS_FOLLOWUP_AFTER.as('hours')).toBe(12);
  });

  it('bad follow-up wait names the variable', () => {
    expect(configError({ PRAXIS_FOLLOWUP_AFTER: '3 days' })).toContain('PRAXIS_FOLLOWUP_AFTER: invalid ("3 days")');
  });

  it('zero follow-up wait is rejected', () => {
    expect(configError({ PRAXIS_FOLLOWUP_AFTER: 'PT0S' })).toContain('PRAXIS_FOLLOWUP_AFTER');
  });

  it('max follow-ups defaults to 2', () => {
    expect(loadConfig(base).PRAXIS_MAX_FOLLOWUPS).toBe(2);
  });

  it('max follow-ups accepts 0', () => {
    expect(loadConfig({ ...base, PRAXIS_MAX_FOLLOWUPS: '0' }).PRAXIS_MAX_FOLLOWUPS).toBe(0);
  });

  it('fractional max follow-ups is rejected', () => {
    expect(configError({ PRAXIS_MAX_FOLLOWUPS: '1.5' })).toContain('PRAXIS_MAX_FOLLOWUPS: invalid ("1.5")');
  });
});
