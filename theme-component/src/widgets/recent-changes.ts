import type { PraxisClient } from './api-client';
import type { PraxisConfig } from './config';
import { clientOf } from './config';
import { CHANGE_KIND_KEYS } from './changelog';
import { h, icon, link, uniqueId } from './dom';
import { describeError } from './errors';
import { formatDate, type DateOptions } from './format';
import { translateValue } from './messages';
import { buildOrError, errorView, loadingView, onPageVisible, PraxisElement, replaceContent } from './praxis-element';
import type { ChangelogFeed, FeedEntry } from './types';

const DEFAULT_LIMIT = 8;
const DEFAULT_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Returns the `since` bound of the feed: midnight UTC `days` days before `now`, or null for no
 * bound. Rounding to a day keeps the URL the same all day, so the sidecar can respond 304 to the
 * cached ETag.
 */
export function feedSince(days: number, now: number): string | null {
  if (days <= 0) return null;
  const startOfToday = Math.floor(now / DAY_MS) * DAY_MS;
  return new Date(startOfToday - days * DAY_MS).toISOString();
}

/**
 * `<praxis-recent-changes>`: the community-wide feed of recently changed practices, newest first.
 * Properties: `config`, `limit` (entries, default 8), `days` (oldest change listed, default 30;
 * 0 lists changes of any age).
 */
export class RecentChangesElement extends PraxisElement {
  private limitValue = DEFAULT_LIMIT;
  private daysValue = DEFAULT_DAYS;
  private section: HTMLElement | null = null;
  private body: HTMLElement | null = null;
  private stopListening: (() => void) | null = null;

  get limit(): number {
    return this.limitValue;
  }

  set limit(value: number | string) {
    const count = Number(value);
    this.limitValue = Number.isInteger(count) && count > 0 ? count : DEFAULT_LIMIT;
    this.queueRestart();
  }

  get days(): number {
    return this.daysValue;
  }

  set days(value: number | string) {
    const count = Number(value);
    this.daysValue = Number.isInteger(count) && count >= 0 ? count : DEFAULT_DAYS;
    this.queueRestart();
  }

  static get observedAttributes(): string[] {
    return ['limit', 'days'];
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (value === null) return;
    if (name === 'limit') this.limit = value;
    else this.days = value;
  }

  protected start(config: PraxisConfig): void {
    const headingId = uniqueId('praxis-recent-heading');
    this.body = h('div', { class: 'praxis-recent__body' });
    this.section = h(
      'section',
      { class: 'praxis-recent', 'aria-labelledby': headingId, tabindex: '-1' },
      h('h2', { class: 'praxis-recent__heading', id: headingId }, icon('clock-rotate-left'), config.t('recent.heading')),
      this.body,
    );
    this.replaceChildren(this.section);

    const client = clientOf(config);
    this.load(config, client, false);
    this.stopListening = onPageVisible(() => this.load(config, client, true));
  }

  protected override stop(): void {
    this.stopListening?.();
    this.stopListening = null;
  }

  private feedPath(): string {
    const query = new URLSearchParams();
    const since = feedSince(this.daysValue, Date.now());
    if (since !== null) query.set('since', since);
    query.set('limit', String(this.limitValue));
    return `/api/changelog?${query.toString()}`;
  }

  private load(config: PraxisConfig, client: PraxisClient, quiet: boolean): void {
    const { body, section } = this;
    if (!body || !section) return;
    const run = this.run;

    if (!quiet) replaceContent(body, section, loadingView(config.t));
    client.getJson<ChangelogFeed>(this.feedPath()).then(
      (result) => {
        if (run !== this.run || (quiet && result.notModified)) return;
        const entries = result.data.entries.slice(0, this.limitValue);
        const retry = () => this.load(config, client, false);
        replaceContent(body, section, buildOrError(() => renderFeed(entries, config), config.t, retry).content);
      },
      (error: unknown) => {
        if (run !== this.run || quiet) return;
        const message = config.t('recent.load_failed', { message: describeError(error, config.t) });
        replaceContent(body, section, errorView(message, config.t, () => this.load(config, client, false)));
      },
    );
  }
}

function renderFeed(entries: FeedEntry[], config: PraxisConfig): Node {
  const { t } = config;
  if (entries.length === 0) return h('p', { class: 'praxis-muted praxis-recent__empty' }, t('recent.empty'));

  const dates: DateOptions = { locale: config.locale, timeZone: config.timeZone };
  const list = h('ol', { class: 'praxis-recent__list' });
  for (const entry of entries) {
    list.appendChild(
      h(
        'li',
        { class: `praxis-recent__item praxis-recent__item--${entry.kind}` },
        link(entry.practiceUrl, entry.practiceTitle, 'praxis-recent__practice'),
        h(
          'p',
          { class: 'praxis-recent__meta' },
          h('span', { class: `praxis-badge praxis-badge--${entry.kind}` }, translateValue(t, CHANGE_KIND_KEYS, entry.kind)),
          ' ',
          h('time', { datetime: entry.at }, formatDate(entry.at, dates)),
          ' ',
          h('span', { class: 'praxis-recent__version' }, t('changelog.entry_version', { version: entry.version })),
        ),
        h('p', { class: 'praxis-recent__summary' }, entry.summary),
      ),
    );
  }
  return list;
}
