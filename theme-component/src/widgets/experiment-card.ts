import type { PraxisClient } from './api-client';
import type { PraxisConfig } from './config';
import { clientOf, isStaff, userPath } from './config';
import { h, icon, link, uniqueId } from './dom';
import { describeError } from './errors';
import type { ExperimentStore } from './experiment-store';
import { DECISION_KEYS, isFull, isOwner, ROLE_KEYS, STATUS_KEYS } from './experiment-view';
import { formatCalendarDate, formatDate, formatDateTime, type DateOptions } from './format';
import { JoinPartnerElement } from './join-partner';
import { translateValue, type MessageKey, type Translate } from './messages';
import { buildOrError, errorView, loadingView, PraxisElement, replaceContent } from './praxis-element';
import type { ExperimentView, Practice, Reflection } from './types';

/** Labels for the `field` names of parse problems; a field not listed is shown as sent. */
const PROBLEM_FIELD_KEYS: Record<string, MessageKey> = {
  practice: 'experiment.practice',
  hypothesis: 'experiment.hypothesis',
  measure: 'experiment.measure',
  start: 'experiment.starts',
  review: 'experiment.review',
  partnersWanted: 'experiment.partners',
};

interface PracticeLookup {
  topicId: number;
  /** Null when the practice could not be loaded; the link then falls back to the topic URL. */
  practice: Practice | null;
}

/**
 * `<praxis-experiment-card>`: the experiment's status, practice, hypothesis, measure, dates,
 * partners, reflections and decision, with the join control under it. Parse problems are shown
 * only to the owner and staff. Properties: `config`, `topicId`, `withJoin` (default true).
 */
export class ExperimentCardElement extends PraxisElement {
  private topicIdValue: number | null = null;
  private withJoinValue = true;
  private store: ExperimentStore | null = null;
  private unsubscribe: (() => void) | null = null;
  private practiceLookup: PracticeLookup | null = null;
  private practiceRequest: number | null = null;
  private section: HTMLElement | null = null;
  private body: HTMLElement | null = null;
  private footer: HTMLElement | null = null;

  get topicId(): number | null {
    return this.topicIdValue;
  }

  set topicId(value: number | string | null) {
    this.topicIdValue = value === null ? null : Number(value);
    this.queueRestart();
  }

  get withJoin(): boolean {
    return this.withJoinValue;
  }

  set withJoin(value: boolean) {
    this.withJoinValue = value;
    this.queueRestart();
  }

  static get observedAttributes(): string[] {
    return ['topic-id'];
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'topic-id') this.topicId = value;
  }

  protected override hasRequiredProperties(): boolean {
    return this.topicIdValue !== null && Number.isInteger(this.topicIdValue) && this.topicIdValue > 0;
  }

  protected start(config: PraxisConfig): void {
    const topicId = this.topicIdValue as number;
    const headingId = uniqueId('praxis-card-heading');

    this.body = h('div', { class: 'praxis-card__body' });
    this.footer = h('div', { class: 'praxis-card__footer', hidden: true });
    this.section = h(
      'section',
      { class: 'praxis-card', 'aria-labelledby': headingId, tabindex: '-1' },
      h('h2', { class: 'praxis-card__heading', id: headingId }, icon('flask'), config.t('experiment.heading')),
      this.body,
      this.footer,
    );
    if (this.withJoinValue) {
      const join = new JoinPartnerElement();
      join.setAttribute('variant', 'card');
      this.footer.appendChild(join);
      join.config = config;
      join.topicId = topicId;
    }
    this.replaceChildren(this.section);

    const client = clientOf(config);
    this.store = client.experiment(topicId);
    this.practiceLookup = null;
    this.unsubscribe = this.store.subscribe(() => this.showState(config, client));
    this.showState(config, client);
  }

  protected override stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.store = null;
    this.practiceRequest = null;
  }

  private showState(config: PraxisConfig, client: PraxisClient): void {
    const store = this.store;
    if (!store || !this.body || !this.section || !this.footer) return;
    const state = store.state;

    if (state.status === 'idle' || state.status === 'loading') {
      this.footer.hidden = true;
      replaceContent(this.body, this.section, loadingView(config.t));
      return;
    }
    if (state.status === 'error') {
      this.footer.hidden = true;
      const message = config.t('experiment.load_failed', { message: describeError(state.error, config.t) });
      replaceContent(this.body, this.section, errorView(message, config.t, () => void store.load()));
      return;
    }

    const experiment = state.experiment;
    const practiceId = experiment.practiceTopicId;
    if (practiceId !== null && this.practiceLookup?.topicId !== practiceId) {
      this.loadPractice(config, client, practiceId);
      return;
    }

    this.section.className = `praxis-card praxis-card--${experiment.status}`;
    const practice = this.practiceLookup?.practice ?? null;
    const built = buildOrError(() => renderExperiment(experiment, practice, config), config.t, () => void store.load());
    replaceContent(this.body, this.section, built.content);
    this.footer.hidden = built.failed;
  }

  /** Fetches the practice's title for the link, then renders the card once. A failure keeps a plain topic link. */
  private loadPractice(config: PraxisConfig, client: PraxisClient, practiceId: number): void {
    if (this.practiceRequest === practiceId) return;
    this.practiceRequest = practiceId;
    const run = this.run;

    const settle = (practice: Practice | null) => {
      if (run !== this.run) return;
      this.practiceRequest = null;
      this.practiceLookup = { topicId: practiceId, practice };
      this.showState(config, client);
    };
    client.getJson<Practice>(`/api/practices/${practiceId}`).then(
      (result) => settle(result.data),
      () => settle(null),
    );
  }
}

function renderExperiment(experiment: ExperimentView, practice: Practice | null, config: PraxisConfig): DocumentFragment {
  const { t } = config;
  const dates: DateOptions = { locale: config.locale, timeZone: config.timeZone };
  const fragment = document.createDocumentFragment();

  fragment.appendChild(renderBadges(experiment, t));

  const fields = h(
    'dl',
    { class: 'praxis-card__fields' },
    field(t('experiment.practice'), renderPracticeLink(experiment, practice, config)),
    field(t('experiment.hypothesis'), optionalText(experiment.hypothesis, t)),
    field(t('experiment.measure'), optionalText(experiment.measure, t)),
    field(t('experiment.starts'), renderWhen(experiment.startsOn, experiment.startsAt, dates, t)),
    field(t('experiment.review'), renderWhen(experiment.reviewOn, experiment.reviewAt, dates, t)),
    field(t('experiment.partners'), renderPartners(experiment, config)),
  );
  fragment.appendChild(fields);

  if (experiment.reflections) fragment.appendChild(renderReflections(experiment, experiment.reflections, config, dates));
  if (experiment.decision) fragment.appendChild(renderDecision(experiment, config, dates));
  if (experiment.problems.length > 0 && (isOwner(experiment, config.currentUser) || isStaff(config.currentUser))) {
    fragment.appendChild(renderProblems(experiment, t));
  }
  return fragment;
}

function renderBadges(experiment: ExperimentView, t: Translate): HTMLElement {
  return h(
    'p',
    { class: 'praxis-card__badges' },
    h('span', { class: `praxis-badge praxis-badge--${experiment.status}` }, translateValue(t, STATUS_KEYS, experiment.status)),
    experiment.archived && h('span', { class: 'praxis-badge praxis-badge--archived' }, t('experiment.archived')),
    experiment.seekingPartners === true &&
      !isFull(experiment) &&
      h('span', { class: 'praxis-badge praxis-badge--seeking' }, t('experiment.seeking_partners')),
  );
}

function field(label: string, value: Node): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h('dt', { class: 'praxis-card__label' }, label), h('dd', { class: 'praxis-card__value' }, value));
  return fragment;
}

function optionalText(text: string | null, t: Translate): Node {
  if (text === null || text.trim() === '') return h('span', { class: 'praxis-muted' }, t('experiment.not_given'));
  return document.createTextNode(text);
}

function renderPracticeLink(experiment: ExperimentView, practice: Practice | null, config: PraxisConfig): Node {
  const id = experiment.practiceTopicId;
  if (id === null) return h('span', { class: 'praxis-muted' }, config.t('experiment.no_practice'));
  if (practice) return link(practice.url, practice.title, 'praxis-card__practice');
  return link(`${config.forumPrefix ?? ''}/t/${id}`, config.t('experiment.practice_fallback', { id }), 'praxis-card__practice');
}

/**
 * Shows a calendar date (`startsOn`) unchanged in every zone, and an instant (`startsAt`) as date
 * and time in the reader's zone. The calendar date wins when the sidecar sends both.
 */
function renderWhen(calendarDate: string | null, instant: string | null, dates: DateOptions, t: Translate): Node {
  if (calendarDate) return h('time', { datetime: calendarDate }, formatCalendarDate(calendarDate, dates));
  if (instant) return h('time', { datetime: instant }, formatDateTime(instant, dates));
  return h('span', { class: 'praxis-muted' }, t('experiment.not_given'));
}

function renderPartners(experiment: ExperimentView, config: PraxisConfig): Node {
  const { t } = config;
  const count = experiment.partners.length;
  const summary =
    experiment.partnersWanted === null
      ? t('experiment.partners_count', { count })
      : t('experiment.partners_count_of', { count, wanted: experiment.partnersWanted });

  const wrapper = h('div', { class: 'praxis-card__partners' }, h('span', { class: 'praxis-card__partner-count' }, summary));
  if (count === 0) {
    wrapper.appendChild(h('span', { class: 'praxis-muted praxis-card__no-partners' }, t('experiment.partners_none')));
    return wrapper;
  }

  const list = h('ul', { class: 'praxis-card__partner-list' });
  for (const partner of experiment.partners) {
    list.appendChild(
      h(
        'li',
        { class: 'praxis-card__partner' },
        link(userPath(config, partner.username), partner.username, 'praxis-card__partner-name'),
        h('span', { class: 'praxis-card__partner-role' }, translateValue(t, ROLE_KEYS, partner.role)),
      ),
    );
  }
  wrapper.appendChild(list);
  return wrapper;
}

function renderReflections(experiment: ExperimentView, reflections: Reflection[], config: PraxisConfig, dates: DateOptions): HTMLElement {
  const { t } = config;
  const section = h('section', { class: 'praxis-card__reflections' }, h('h3', { class: 'praxis-card__subheading' }, t('experiment.reflections')));
  if (reflections.length === 0) {
    section.appendChild(h('p', { class: 'praxis-muted' }, t('experiment.reflections_none')));
    return section;
  }

  const answers: [keyof Reflection, MessageKey][] = [
    ['reflection', 'experiment.reflection_text'],
    ['whatHappened', 'experiment.what_happened'],
    ['whatWeLearned', 'experiment.what_we_learned'],
    ['whatShouldChange', 'experiment.what_should_change'],
  ];
  const list = h('ol', { class: 'praxis-card__reflection-list' });
  for (const reflection of reflections) {
    const details = h('dl', { class: 'praxis-card__reflection-answers' });
    for (const [key, label] of answers) {
      const text = reflection[key];
      if (typeof text === 'string' && text.trim() !== '') details.appendChild(field(t(label), document.createTextNode(text)));
    }
    list.appendChild(
      h(
        'li',
        { class: 'praxis-card__reflection' },
        h(
          'p',
          { class: 'praxis-card__reflection-meta' },
          link(userPath(config, reflection.username), reflection.username, 'praxis-card__reflection-author'),
          ' · ',
          h('time', { datetime: reflection.at }, formatDate(reflection.at, dates)),
          ' · ',
          link(postUrl(experiment, reflection.postNumber), t('experiment.post_link', { number: reflection.postNumber })),
        ),
        details.childElementCount > 0 && details,
      ),
    );
  }
  section.appendChild(list);
  return section;
}

function renderDecision(experiment: ExperimentView, config: PraxisConfig, dates: DateOptions): HTMLElement {
  const { t } = config;
  const decision = experiment.decision!;
  return h(
    'section',
    { class: `praxis-card__decision praxis-card__decision--${decision.decision}` },
    h(
      'h3',
      { class: 'praxis-card__subheading' },
      t('experiment.decision'),
      ' ',
      h('span', { class: `praxis-badge praxis-badge--${decision.decision}` }, translateValue(t, DECISION_KEYS, decision.decision)),
    ),
    decision.change !== null && decision.change.trim() !== '' && h('p', { class: 'praxis-card__decision-change' }, decision.change),
    h(
      'p',
      { class: 'praxis-card__decision-meta' },
      t('experiment.decision_by', { username: decision.username, date: formatDate(decision.at, dates) }),
      ' · ',
      link(postUrl(experiment, decision.postNumber), t('experiment.post_link', { number: decision.postNumber })),
    ),
  );
}

function renderProblems(experiment: ExperimentView, t: Translate): HTMLElement {
  const list = h('ul', { class: 'praxis-card__problem-list' });
  for (const problem of experiment.problems) {
    const labelKey = PROBLEM_FIELD_KEYS[problem.field];
    list.appendChild(
      h(
        'li',
        { class: 'praxis-card__problem' },
        h('strong', { class: 'praxis-card__problem-field' }, labelKey ? t(labelKey) : problem.field),
        ' ',
        problem.message,
      ),
    );
  }
  return h(
    'section',
    { class: 'praxis-card__problems', role: 'note' },
    h('h3', { class: 'praxis-card__subheading' }, t('experiment.problems_heading')),
    h('p', { class: 'praxis-card__problems-hint' }, t('experiment.problems_hint')),
    list,
  );
}

function postUrl(experiment: ExperimentView, postNumber: number): string {
  return `${experiment.url.replace(/\/+$/, '')}/${postNumber}`;
}
