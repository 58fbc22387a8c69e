// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { feedSince } from '../../theme-component/src/widgets/recent-changes';
import { json, settle } from './fake-fetch';
import { feedEntries } from './records';
import { API, mount, text, widgetHarness, type WidgetHarness } from './widget-setup';

const NOW = Date.parse('2027-03-10T15:30:00Z');
const FEED_URL = `${API}/api/changelog?since=2027-02-08T00%3A00%3A00.000Z&limit=8`;

async function showFeed(harness: WidgetHarness, properties: Record<string, unknown> = {}): Promise<HTMLElement> {
  const element = mount<HTMLElement>('praxis-recent-changes', { config: harness.config, ...properties });
  await settle();
  return element;
}

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('recently changed practices', () => {
  it('requests changes since a day boundary', () => {
    expect(feedSince(30, NOW)).toBe('2027-02-08T00:00:00.000Z');
    expect(feedSince(30, NOW + 6 * 60 * 60 * 1000)).toBe('2027-02-08T00:00:00.000Z');
    expect(feedSince(0, NOW)).toBeNull();
  });

  it('lists entries with their practice', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const harness = widgetHarness();
    harness.fake.on('GET', FEED_URL, () => json({ entries: feedEntries() }));
    const element = await showFeed(harness);

    expect(text(element.querySelector('.praxis-recent__heading'))).toBe('Recently changed practices');
    const rows = Array.from(element.querySelectorAll('.praxis-recent__item'));
    expect(rows).toHaveLength(3);
    expect(text(rows[0]!.querySelector('.praxis-recent__practice'))).toBe('Daily standup');
    expect(rows[0]!.querySelector('.praxis-recent__practice')?.getAttribute('href')).toBe('http://127.0.0.1:4200/t/daily-standup/12');
    expect(text(rows[0]!.querySelector('.praxis-recent__meta'))).toBe('Adapted Feb 20, 2027 v3');
    expect(text(rows[0]!.querySelector('.praxis-recent__summary'))).toBe('Standup moves to 9:15.');
  });

  it('passes the limit and drops the bound for 0 days', async () => {
    const harness = widgetHarness();
    harness.fake.on('GET', `${API}/api/changelog?limit=2`, () => json({ entries: feedEntries() }));
    const element = await showFeed(harness, { limit: 2, days: 0 });

    expect(element.querySelectorAll('.praxis-recent__item')).toHaveLength(2);
  });

  it('says when nothing changed', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const harness = widgetHarness();
    harness.fake.on('GET', FEED_URL, () => json({ entries: [] }));
    const element = await showFeed(harness);

    expect(text(element.querySelector('.praxis-recent__empty'))).toBe('No practice changed recently.');
  });

  it('shows an error with a working Retry', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const harness = widgetHarness();
    harness.fake.once('GET', FEED_URL, () => json({ error: 'too many requests', code: 'RATE_LIMITED' }, 429, { 'Retry-After': '5' }));
    harness.fake.on('GET', FEED_URL, () => json({ entries: feedEntries() }));
    const element = await showFeed(harness);

    expect(text(element.querySelector('.praxis-error__message'))).toBe('Could not load recent changes: Too many requests. Try again in 5 seconds.');
    element.querySelector<HTMLButtonElement>('.praxis-error__retry')!.click();
    await settle();
    expect(element.querySelectorAll('.praxis-recent__item')).toHaveLength(3);
  });

  it('keeps forum text as text', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW });
    const attack = '<img src=x onerror=alert(1)>';
    const harness = widgetHarness();
    harness.fake.on('GET', FEED_URL, () => json({ entries: [{ ...feedEntries()[0]!, practiceTitle: attack, summary: attack, practiceUrl: 'data:text/html,hi' }] }));
    const element = await showFeed(harness);

    expect(element.querySelector('img')).toBeNull();
    expect(text(element.querySelector('.praxis-recent__practice'))).toBe(attack);
    expect(element.querySelector('.praxis-recent__practice')?.tagName).toBe('SPAN');
  });
});
