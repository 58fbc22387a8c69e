import type { PraxisClient } from './api-client';
import type { PraxisConfig } from './config';
import { clientOf } from './config';
import { h, icon, link, uniqueId } from './dom';
import { describeError } from './errors';
import type { ExperimentStore } from './experiment-store';
import { formatDate, type DateOptions } from './format';
import { translateValue, type MessageKey } from './messages';
import { buildOrError, errorView, loadingView, onPageVisible, PraxisElement, replaceContent } from './praxis-element';
import type { ChangelogEntry, ChangelogView, Practice } from './types';

export type TopicKind = 'practice' | 'experiment';

export const CHANGE_KIND_KEYS: Record<ChangelogEntry['kind'], MessageKey> = {
  created: 'changelog.kind.created',
  adopt: 'changelog.kind.adopt',
  adapt: 'changelog.kind.adapt',
  abandon: 'changelog.kind.abandon',
  edit: 'changelog.kind.edit',
};

/** Entries shown before the "Show all" button when `maxEntries` is not set. */
const DEFAULT_MAX_ENTRIES = 10;

interface Loaded {
  practice: Practice;
  changelog: ChangelogView;
}

/**
 * `<praxis-changelog>`: a practice's current version and its changelog, newest first. On a practice
 * topic it shows that practice; on an experiment topic, the practice the experiment tests.
 * Properties: `config`, `topicId`, `topicKind` (`practice` or `experiment`), `maxEntries`.
 * It revalidates with `If-None-Match` when the page becomes visible again and re-renders only
 * when the sidecar sent new data.
 */
export class ChangelogElement extends PraxisElement {
  private topicIdValue: number | null = null;
  private topicKindValue: TopicKind = 'practice';
  private maxEntriesValue = DEFAULT_MAX_ENTRIES;
  private store: ExperimentStore | null = null;
  private stopListening: (() => void)[] = [];
  private practiceId: number | null = null;
  private aside: HTMLElement | null = null;
  private body: HTMLElement | null = null;
  private expanded = false;

  get topicId(): number | null {
    return this.topicIdValue;
  }

  set topicId(value: number | string | null) {
    this.topicIdValue = value === null ? null : Number(value);
    this.queueRestart();
  }

  get topicKind(): TopicKind {
    return this.topicKindValue;
  }

  set topicKind(value: TopicKind) {
    this.topicKindValue = value === 'experiment' ? 'experiment' : 'practice';
    this.queueRestart();
  }

  get maxEntries(): number {
    return this.maxEntriesValue;
  }

  set maxEntries(value: number | string) {
    const count = Number(value);
    this.maxEntriesValue = Number.isInteger(count) && count > 0 ? count : DEFAULT_MAX_ENTRIES;
    this.queueRestart();
  }

  static get observedAttributes(): string[] {
    return ['topic-id', 'topic-kind', 'max-entries'];
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'topic-id') this.topicId = value;
    else if (name === 'topic-kind') this.topicKind = value as TopicKind;
    else if (name === 'max-entries' && value !== null) this.maxEntries = value;
  }

  protected override hasRequiredProperties(): boolean {
    return this.topicIdValue !== null && Number.isInteger(this.topicIdValue) && this.topicIdValue > 0;
  }

  protected start(config: PraxisConfig): void {
    const headingId = uniqueId('praxis-changelog-heading');
    this.expanded = false;
    this.practiceId = null;
    this.body = h('div', { class: 'praxis-changelog__body' });
    this.aside = h(
      'aside',
      { class: 'praxis-changelog', 'aria-labelledby': headingId, tabindex: '-1' },
      h('h2', { class: 'praxis-changelog__heading', id: headingId }, icon('clock-rotate-left'), config.t('changelog.heading')),
      this.body,
    );
    this.replaceChildren(this.aside);

    const client = clientOf(config);
    const topicId = this.topicIdValue as number;
    if (this.topicKindValue === 'practice') {
      this.practiceId = topicId;
      this.load(config, client, false);
    } else {
      const store = client.experiment(topicId);
      this.store = store;
      this.stopListening.push(store.subscribe(() => this.followExperiment(config, client)));
      this.followExperiment(config, client);
    }
    this.stopListening.push(onPageVisible(() => this.load(config, client, true)));
  }

  protected override stop(): void {
    for (const stopListening of this.stopListening) stopListening();
    this.stopListening = [];
    this.store = null;
  }

  /** On an experiment topic, waits for the experiment to learn which practice to show. */
  private followExperiment(config: PraxisConfig, client: PraxisClient): void {
    const state = this.store?.state;
    if (!state || !this.body || !this.aside) return;

    if (state.status === 'idle' || state.status === 'loading') {
      if (this.practiceId === null) replaceContent(this.body, this.aside, loadingView(config.t));
      return;
    }
    if (state.status === 'error') {
      const store = this.store!;
      const message = config.t('changelog.load_failed', { message: describeError(state.error, config.t) });
      replaceContent(this.body, this.aside, errorView(message, config.t, () => void store.load()));
      return;
    }

    const practiceId = state.experiment.practiceTopicId;
    if (practiceId === this.practiceId && practiceId !== null) return;
    this.practiceId = practiceId;
    if (practiceId === null) {
      replaceContent(this.body, this.aside, h('p', { class: 'praxis-muted praxis-changelog__empty' }, config.t('changelog.no_practice')));
      return;
    }
    this.load(config, client, false);
  }

  /**
   * Loads the practice and its changelog. A quiet load (the page became visible again) keeps the
   * shown list on screen, ignores failures and re-renders only when either response was not a 304.
   */
  private load(config: PraxisConfig, client: PraxisClient, quiet: boolean): void {
    const practiceId = this.practiceId;
    const body = this.body;
    const aside = this.aside;
    if (practiceId === null || !body || !aside) return;
    const run = this.run;

    if (!quiet) replaceContent(body, aside, loadingView(config.t));
    Promise.all([
      client.getJson<Practice>(`/api/practices/${practiceId}`),
      client.getJson<ChangelogView>(`/api/practices/${practiceId}/changelog`),
    ]).then(
      ([practice, changelog]) => {
        if (run !== this.run || practiceId !== this.practiceId) return;
        if (quiet && practice.notModified && changelog.notModified) return;
        this.render(config, client, { practice: practice.data, changelog: changelog.data });
      },
      (error: unknown) => {
        if (run !== this.run || practiceId !== this.practiceId || quiet) return;
        const message = config.t('changelog.load_failed', { message: describeError(error, config.t) });
        replaceContent(body, aside, errorView(message, config.t, () => this.load(config, client, false)));
      },
    );
  }

  private render(config: PraxisConfig, client: PraxisClient, loaded: Loaded): void {
    const { body, aside } = this;
    if (!body || !aside) return;
    const retry = () => this.load(config, client, false);
    replaceContent(body, aside, buildOrError(() => this.buildContent(config, loaded), config.t, retry).content);
  }

  private buildContent(config: PraxisConfig, loaded: Loaded): DocumentFragment {
    const { t } = config;
    const { practice, changelog } = loaded;
    const fragment = document.createDocumentFragment();

    if (this.topicKindValue === 'experiment') {
      fragment.appendChild(
        h('p', { class: 'praxis-changelog__practice' }, t('changelog.practice'), ' ', link(practice.url, practice.title, 'praxis-changelog__practice-link')),
      );
    }
    fragment.appendChild(h('p', { class: 'praxis-changelog__version' }, t('changelog.version', { version: practice.version })));

    const entries = changelog.entries;
    if (entries.length === 0) {
      fragment.appendChild(h('p', { class: 'praxis-muted praxis-changelog__empty' }, t('changelog.empty')));
      return fragment;
    }

    const dates: DateOptions = { locale: config.locale, timeZone: config.timeZone };
    const visibleCount = this.expanded ? entries.length : Math.min(entries.length, this.maxEntriesValue);
    const list = h('ol', { class: 'praxis-changelog__list' });
    entries.forEach((entry, index) => {
      const item = renderEntry(entry, config, dates);
      item.hidden = index >= visibleCount;
      list.appendChild(item);
    });
    fragment.appendChild(list);

    if (visibleCount < entries.length) {
      const more = h('button', { type: 'button', class: 'btn btn-flat praxis-changelog__more' }, t('changelog.show_all', { count: entries.length }));
      more.addEventListener('click', () => {
        this.expanded = true;
        const items = Array.from(list.children) as HTMLElement[];
        for (const item of items) item.hidden = false;

        // The button disappears, so focus moves to the first entry that was hidden.
        const firstNew = items[visibleCount];
        more.remove();
        firstNew?.focus();
      });
      fragment.appendChild(more);
    }
    return fragment;
  }
}

function renderEntry(entry: ChangelogEntry, config: PraxisConfig, dates: DateOptions): HTMLElement {
  const { t } = config;
  return h(
    'li',
    { class: `praxis-changelog__item praxis-changelog__item--${entry.kind}`, tabindex: '-1' },
    h(
      'p',
      { class: 'praxis-changelog__meta' },
      h('time', { class: 'praxis-changelog__date', datetime: entry.at }, formatDate(entry.at, dates)),
      ' ',
      h('span', { class: `praxis-badge praxis-badge--${entry.kind}` }, translateValue(t, CHANGE_KIND_KEYS, entry.kind)),
      ' ',
      h('span', { class: 'praxis-changelog__entry-version' }, t('changelog.entry_version', { version: entry.version })),
    ),
    h('p', { class: 'praxis-changelog__summary' }, entry.summary),
    h('p', { class: 'praxis-changelog__by' }, t('changelog.by', { username: entry.username })),
    entry.experiment &&
      h(
        'p',
        { class: 'praxis-changelog__source' },
        t('changelog.from_experiment'),
        ' ',
        link(entry.experiment.url, entry.experiment.title, 'praxis-changelog__experiment'),
      ),
  );
}
