import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../sidecar/src/config';

const valid = {
  DISCOURSE_URL: 'https://forum.example.com/',
  DISCOURSE_API_KEY: 'key',
  DISCOURSE_WEBHOOK_SECRET: 'a-secret-of-some-length',
};

describe('config', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(valid);

    expect(config.DISCOURSE_URL).toBe('https://forum.example.com');
    expect(config.DISCOURSE_API_USERNAME).toBe('system');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.PRAXIS_KEY_PREFIX).toBe('praxis');
    expect(config.PRAXIS_EXPERIMENT_TAG).toBe('experiment');
    expect(config.PRAXIS_PRACTICE_TAG).toBe('practice');
    expect(config.PRAXIS_DEFAULT_TIMEZONE).toBe('UTC');
    expect(config.PORT).toBe(4100);
    expect(config.DISCOURSE_API_REQUESTS_PER_MINUTE).toBe(60);
    expect(config.PRAXIS_ROLES).toEqual(['api', 'worker']);
  });

  it('names every missing variable', () => {
    expect(() => loadConfig({})).toThrow(ConfigError);
    try {
      loadConfig({});
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('DISCOURSE_URL: missing');
      expect(message).toContain('DISCOURSE_API_KEY: missing');
      expect(message).toContain('DISCOURSE_WEBHOOK_SECRET: missing');
    }
  });

  it.each([
    ['DISCOURSE_URL', 'forum.example.com', 'base URL, http or https'],
    ['PRAXIS_DEFAULT_TIMEZONE', 'Mars/Olympus', 'IANA time zone'],
    ['PORT', 'eighty', 'whole number from 0 to 65535'],
    ['REDIS_URL', 'http://127.0.0.1:6379', 'redis://'],
    ['PRAXIS_KEY_PREFIX', 'has spaces', 'letters, digits'],
    ['PRAXIS_ROLES', 'api,cron', 'api and worker'],
    ['DISCOURSE_WEBHOOK_SECRET', 'short', 'at least 12 characters'],
  ])('rejects invalid %s', (variable, value, hint) => {
    expect(() => loadConfig({ ...valid, [variable]: value })).toThrow(new RegExp(`${variable}: invalid[\\s\\S]*${hint}`));
  });

  it('never prints a secret value', () => {
    expect(() => loadConfig({ ...valid, DISCOURSE_WEBHOOK_SECRET: 'short' })).toThrow(/5 characters/);
    expect(() => loadConfig({ ...valid, DISCOURSE_WEBHOOK_SECRET: 'short' })).not.toThrow(/"short"/);
  });
});
