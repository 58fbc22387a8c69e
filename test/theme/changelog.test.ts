// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangelogEntry } from '../../theme-component/src/widgets/types';
import { json, notModified, settle } from './fake-fetch';
import { changelogEntries, experimentRecord, practiceRecord } from './records';
import { API, mount, text, widgetHarness, type WidgetHarness } from './widget-setup';

const PRACTICE_URL = `${API}/api/practices/12`;
const CHANGELOG_URL = `${API}/api/practices/12/changelog`;

function serveChangelog(harness: WidgetHarness, entries = changelogEntries(), practice = practiceRecord()): void {
  harness.fake.on('GET', PRACTICE_URL, (request) =>
    request.headers['if-none-match'] === 'W/"p1"' ? notModified() : json(practice, 200, { ETag: 'W/"p1"' }),
  );
  harness.fake.on('GET', CHANGELOG_URL, (request) =>
    request.headers['if-none-match'] === 'W/"c1"' ? notModified() : json({ practiceTopicId: 12, entries }, 200, { ETag: 'W/"c1"' }),
  );
}

async function showChangelog(harness: WidgetHarness, properties: Record<string, unknown> = {}): Promise<HTMLElement> {
  const element = mount<HTMLElement>('praxis-changelog', { config: harness.config, topicId: 12, topicKind: 'practice', ...properties });
  await settle();
  return element;
}

function items(element: HTMLElement): HTMLElement[] {
  return Array.from(element.querySelectorAll<HTMLElement>('.praxis-changelog__item'));
}

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  document.body.replaceChildren();
  Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
});

describe('practice changelog', () => {
  it('lists the version and entries newest first', async () => {
    const harness = widgetHarness();
    serveChangelog(harness);
    const element = await showChangelog(harness);

    expect(element.querySelector('aside')?.getAttribute('aria-labelledby')).toBe(element.querySelector('h2')?.id);
    expect(text(element.querySelector('.praxis-changelog__heading'))).toBe('Practice changelog');
    expect(text(element.querySelector('.praxis-changelog__version'))).toBe('Current version: 3');
    expect(items(element).map((item) => text(item.querySelector('.praxis-changelog__meta')))).toEqual([
      'Feb 20, 2027 Adapted v3',
      'Nov 3, 2026 Edited v2',
      'Oct 1, 2026 Created v1',
    ]);
    const newest = items(element)[0]!;
    expect(newest.classList.contains('praxis-changelog__item--adapt')).toBe(true);
    expect(text(newest.querySelector('.praxis-changelog__summary'))).toBe('Standup moves to 9:15.');
    expect(text(newest.querySelector('.praxis-changelog__by'))).toBe('by alice');
    expect(text(newest.querySelector('.praxis-changelog__source'))).toBe('From experiment: Standup at 9:15 instead of 9:00');
    expect(newest.querySelector('.praxis-changelog__experiment')?.getAttribute('href')).toBe('http://127.0.0.1:4200/t/standup-at-9-15/280');
    expect(items(element)[1]!.querySelector('.praxis-changelog__source')).toBeNull();
    expect(element.querySelector('.praxis-changelog__practice')).toBeNull();
  });

  it('dates entries in the reader zone', async () => {
    const lateEvening = [{ ...changelogEntries()[1]!, at: '2027-02-20T03:00:00Z' }];

    const losAngeles = widgetHarness({ timeZone: 'America/Los_Angeles' });
    serveChangelog(losAngeles, lateEvening);
    const west = await showChangelog(losAngeles);
    expect(text(items(west)[0]!.querySelector('time'))).toBe('Feb 19, 2027');
    expect(items(west)[0]!.querySelector('time')?.getAttribute('datetime')).toBe('2027-02-20T03:00:00Z');
    west.remove();

    const tokyo = widgetHarness({ timeZone: 'Asia/Tokyo' });
    serveChangelog(tokyo, lateEvening);
    const east = await showChangelog(tokyo);
    expect(text(items(east)[0]!.querySelector('time'))).toBe('Feb 20, 2027');
  });

  it('says when nothing changed yet', async () => {
    const harness = widgetHarness();
    serveChangelog(harness, []);
    const element = await showChangelog(harness);

    expect(text(element.querySelector('.praxis-changelog__empty'))).toBe('No changes recorded yet.');
    expect(element.querySelector('.praxis-changelog__list')).toBeNull();
  });

  it('shows an error with a working Retry', async () => {
    const harness = widgetHarness();
    harness.fake.once('GET', CHANGELOG_URL, () => new Response('<html>Bad gateway</html>', { status: 502 }));
    serveChangelog(harness);
    const element = await showChangelog(harness);

    expect(text(element.querySelector('.praxis-error__message'))).toBe('Could not load the changelog: The Praxis service returned HTTP status 502.');
    element.querySelector<HTMLButtonElement>('.praxis-error__retry')!.click();
    await settle();
    expect(items(element)).toHaveLength(3);
  });

  it('sends the ETag and reuses a 304', async () => {
    const harness = widgetHarness();
    serveChangelog(harness);
    const first = await showChangelog(harness);
    first.remove();
    const second = await showChangelog(harness);

    const changelogRequests = harness.fake.requestsTo('GET', CHANGELOG_URL);
    expect(changelogRequests).toHaveLength(2);
    expect(changelogRequests[0]?.headers['if-none-match']).toBeUndefined();
    expect(changelogRequests[1]?.headers['if-none-match']).toBe('W/"c1"');
    expect(items(second)).toHaveLength(3);
  });

  it('keeps the list when a revalidation returns 304', async () => {
    const harness = widgetHarness();
    serveChangelog(harness);
    const element = await showChangelog(harness);
    const listBefore = element.querySelector('.praxis-changelog__list');

    setVisibility('visible');
    await settle();
    expect(harness.fake.requestsTo('GET', CHANGELOG_URL)).toHaveLength(2);
    expect(element.querySelector('.praxis-changelog__list')).toBe(listBefore);
  });

  it('re-renders when a revalidation brings changes', async () => {
    const harness = widgetHarness();
    serveChangelog(harness);
    const element = await showChangelog(harness);

    const newer = { version: 4, at: '2027-03-01T08:00:00Z', kind: 'edit' as const, summary: 'Added a timer.', username: 'carol', experiment: null, revision: 3 };
    harness.fake.once('GET', CHANGELOG_URL, () => json({ practiceTopicId: 12, entries: [newer, ...changelogEntries()] }, 200, { ETag: 'W/"c2"' }));
    setVisibility('hidden');
    await settle();
    expect(harness.fake.requestsTo('GET', CHANGELOG_URL)).toHaveLength(1);
    setVisibility('visible');
    await settle();
    expect(items(element)).toHaveLength(4);
    expect(text(items(element)[0]!.querySelector('.praxis-changelog__summary'))).toBe('Added a timer.');
  });

  it('expands past the entry limit', async () => {
    const harness = widgetHarness();
    serveChangelog(harness);
    const element = await showChangelog(harness, { maxEntries: 2 });

    expect(items(element).map((item) => item.hidden)).toEqual([false, false, true]);
    const more = element.querySelector<HTMLButtonElement>('.praxis-changelog__more')!;
    expect(text(more)).toBe('Show all 3 changes');
    more.focus();
    more.click();
    expect(items(element).map((item) => item.hidden)).toEqual([false, false, false]);
    expect(element.querySelector('.praxis-changelog__more')).toBeNull();
    expect(document.activeElement).toBe(items(element)[2]);
  });

  it('shows an unknown kind as sent', async () => {
    const harness = widgetHarness();
    serveChangelog(harness, [{ ...changelogEntries()[0]!, kind: 'revert' as ChangelogEntry['kind'] }]);
    const element = await showChangelog(harness);

    expect(text(element.querySelector('.praxis-changelog__meta .praxis-badge'))).toBe('revert');
  });

  it('keeps forum text as text', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    const harness = widgetHarness();
    serveChangelog(harness, [
      { version: 2, at: '2027-02-20T08:00:00Z', kind: 'adopt', summary: attack, username: attack, experiment: { topicId: 280, title: attack, url: 'javascript:alert(1)' }, revision: null },
    ]);
    const element = await showChangelog(harness);

    expect(element.querySelector('img')).toBeNull();
    expect(text(element.querySelector('.praxis-changelog__summary'))).toBe(attack);
    expect(element.querySelector('.praxis-changelog__experiment')?.tagName).toBe('SPAN');
    expect(text(element.querySelector('.praxis-changelog__experiment'))).toBe(attack);
  });
});

describe('changelog on an experiment topic', () => {
  it('shows the linked practice', async () => {
    const harness = widgetHarness();
    harness.fake.on('GET', `${API}/api/experiments/280`, () => json(experimentRecord()));
    serveChangelog(harness);
    const element = await showChangelog(harness, { topicId: 280, topicKind: 'experiment' });

    expect(text(element.querySelector('.praxis-changelog__practice'))).toBe('Practice: Daily standup');
    expect(element.querySelector('.praxis-changelog__practice-link')?.getAttribute('href')).toBe('http://127.0.0.1:4200/t/daily-standup/12');
    expect(items(element)).toHaveLength(3);
  });

  it('explains a missing practice', async () => {
    const harness = widgetHarness();
    harness.fake.on('GET', `${API}/api/experiments/280`, () => json(experimentRecord({ practiceTopicId: null })));
    const element = await showChangelog(harness, { topicId: 280, topicKind: 'experiment' });

    expect(text(element.querySelector('.praxis-changelog__empty'))).toBe('This experiment names no practice, so there is no changelog to show.');
    expect(harness.fake.requests.some((request) => request.url.includes('/api/practices/'))).toBe(false);
  });

  it('retries a failed experiment load', async () => {
    const harness = widgetHarness();
    harness.fake.once('GET', `${API}/api/experiments/280`, () => Promise.reject(new TypeError('Failed to fetch')));
    harness.fake.on('GET', `${API}/api/experiments/280`, () => json(experimentRecord()));
    serveChangelog(harness);
    const element = await showChangelog(harness, { topicId: 280, topicKind: 'experiment' });

    expect(element.querySelector('.praxis-error')).not.toBeNull();
    element.querySelector<HTMLButtonElement>('.praxis-error__retry')!.click();
    await settle();
    expect(items(element)).toHaveLength(3);
  });
});
