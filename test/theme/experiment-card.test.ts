// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExperimentView } from '../../theme-component/src/widgets/types';
import { deferred, flushMicrotasks, json, settle } from './fake-fetch';
import { experimentRecord, practiceRecord } from './records';
import { API, mount, text, widgetHarness, type WidgetHarness } from './widget-setup';

const EXPERIMENT_URL = `${API}/api/experiments/280`;
const PRACTICE_URL = `${API}/api/practices/12`;

function serve(harness: WidgetHarness, experiment = experimentRecord(), practice = practiceRecord()): void {
  harness.fake.on('GET', EXPERIMENT_URL, () => json(experiment, 200, { ETag: 'W/"e1"' }));
  harness.fake.on('GET', PRACTICE_URL, () => json(practice, 200, { ETag: 'W/"p1"' }));
}

async function showCard(harness: WidgetHarness, properties: Record<string, unknown> = {}): Promise<HTMLElement> {
  const card = mount<HTMLElement>('praxis-experiment-card', { config: harness.config, topicId: 280, ...properties });
  await settle();
  return card;
}

function fieldValue(card: HTMLElement, label: string): string {
  const labels = Array.from(card.querySelectorAll('.praxis-card__fields > dt'));
  const dt = labels.find((element) => text(element) === label);
  return text(dt?.nextElementSibling);
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('experiment card', () => {
  it('shows loading until the experiment arrives', async () => {
    const harness = widgetHarness();
    const response = deferred<Response>();
    harness.fake.on('GET', EXPERIMENT_URL, () => response.promise);
    harness.fake.on('GET', PRACTICE_URL, () => json(practiceRecord()));

    const card = mount<HTMLElement>('praxis-experiment-card', { config: harness.config, topicId: 280 });
    await settle();
    expect(card.querySelector('.praxis-loading')).not.toBeNull();
    expect(text(card.querySelector('.praxis-loading'))).toBe('Loading…');

    response.resolve(json(experimentRecord()));
    await settle();
    expect(card.querySelector('.praxis-loading')).toBeNull();
    expect(card.querySelector('.praxis-card__fields')).not.toBeNull();
  });

  it('renders in the same task as the last response', async () => {
    const harness = widgetHarness();
    const practiceResponse = deferred<Response>();
    harness.fake.on('GET', EXPERIMENT_URL, () => json(experimentRecord()));
    harness.fake.on('GET', PRACTICE_URL, () => practiceResponse.promise);
    const card = await showCard(harness);
    expect(card.querySelector('.praxis-card__fields')).toBeNull();

    practiceResponse.resolve(json(practiceRecord()));
    // Only microtasks run here: no timer or animation frame, so the card must already be complete.
    await flushMicrotasks();
    expect(fieldValue(card, 'Tests practice')).toBe('Daily standup');
    expect(card.querySelector('.praxis-card__footer')?.hasAttribute('hidden')).toBe(false);
  });

  it('renders every field', async () => {
    const harness = widgetHarness();
    serve(harness);
    const card = await showCard(harness);

    expect(text(card.querySelector('.praxis-card__heading'))).toBe('Experiment');
    expect(text(card.querySelector('.praxis-badge--running'))).toBe('Running');
    expect(card.querySelector('.praxis-card')?.classList.contains('praxis-card--running')).toBe(true);
    expect(fieldValue(card, 'Tests practice')).toBe('Daily standup');
    expect(card.querySelector<HTMLAnchorElement>('.praxis-card__practice')?.getAttribute('href')).toBe('http://127.0.0.1:4200/t/daily-standup/12');
    expect(fieldValue(card, 'Hypothesis')).toBe('A later standup lets people arrive and read messages first.');
    expect(fieldValue(card, 'Measure')).toBe('Late arrivals per week');
    expect(fieldValue(card, 'Starts')).toBe('Jan 15, 2027');
    expect(fieldValue(card, 'Review')).toBe('Feb 12, 2027');
    expect(text(card.querySelector('.praxis-card__partner-count'))).toBe('1 of 3');
    expect(text(card.querySelector('.praxis-card__partner'))).toBe('bob Observer');
    expect(card.querySelector('.praxis-card__partner-name')?.getAttribute('href')).toBe('/u/bob');
  });

  it('shows missing fields as not given', async () => {
    const harness = widgetHarness();
    serve(harness, experimentRecord({ hypothesis: null, measure: '  ', startsAt: null, startsOn: null, practiceTopicId: null, partnersWanted: null, partners: [] }));
    const card = await showCard(harness);

    expect(fieldValue(card, 'Hypothesis')).toBe('Not given');
    expect(fieldValue(card, 'Measure')).toBe('Not given');
    expect(fieldValue(card, 'Starts')).toBe('Not given');
    expect(fieldValue(card, 'Tests practice')).toBe('No practice named');
    expect(fieldValue(card, 'Partners')).toBe('0, no limit No partners yet');
  });

  it('links the practice by id when it cannot load', async () => {
    const harness = widgetHarness();
    harness.fake.on('GET', EXPERIMENT_URL, () => json(experimentRecord()));
    harness.fake.on('GET', PRACTICE_URL, () => json({ error: 'practice 12 not found', code: 'NOT_FOUND' }, 404));
    const card = await showCard(harness);

    expect(fieldValue(card, 'Tests practice')).toBe('Practice #12');
    expect(card.querySelector('.praxis-card__practice')?.getAttribute('href')).toBe('/t/12');
  });

  it('keeps calendar dates in every zone', async () => {
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles', 'Asia/Tokyo', 'UTC']) {
      const harness = widgetHarness({ timeZone });
      serve(harness);
      const card = await showCard(harness);

      expect(fieldValue(card, 'Starts'), timeZone).toBe('Jan 15, 2027');
      expect(fieldValue(card, 'Review'), timeZone).toBe('Feb 12, 2027');
      expect(card.querySelector('time')?.getAttribute('datetime'), timeZone).toBe('2027-01-15');
      card.remove();
    }
  });

  it('shows instants in the reader zone', async () => {
    const instant = experimentRecord({ startsOn: null, startsAt: '2027-01-15T02:00:00Z', reviewOn: null, reviewAt: '2027-02-12T23:30:00Z' });

    const losAngeles = widgetHarness({ timeZone: 'America/Los_Angeles' });
    serve(losAngeles, instant);
    const westCard = await showCard(losAngeles);
    expect(fieldValue(westCard, 'Starts')).toBe('Jan 14, 2027, 6:00 PM PST');
    expect(fieldValue(westCard, 'Review')).toBe('Feb 12, 2027, 3:30 PM PST');
    westCard.remove();

    const tokyo = widgetHarness({ timeZone: 'Asia/Tokyo' });
    serve(tokyo, instant);
    const eastCard = await showCard(tokyo);
    expect(fieldValue(eastCard, 'Starts')).toBe('Jan 15, 2027, 11:00 AM GMT+9');
    expect(fieldValue(eastCard, 'Review')).toBe('Feb 13, 2027, 8:30 AM GMT+9');
  });

  it('lists reflections and the decision', async () => {
    const harness = widgetHarness();
    serve(
      harness,
      experimentRecord({
        status: 'concluded',
        reflections: [
          {
            username: 'bob',
            postNumber: 4,
            at: '2027-02-10T10:00:00Z',
            reflection: 'Worth keeping.',
            whatHappened: 'Fewer late arrivals.',
            whatWeLearned: 'Mornings are busy.',
            whatShouldChange: null,
          },
        ],
        decision: { decision: 'adapt', change: 'Standup moves to 9:15.', username: 'alice', postNumber: 6, at: '2027-02-20T08:00:00Z' },
        concludedAt: '2027-02-20T08:00:00Z',
      }),
    );
    const card = await showCard(harness);

    const reflection = card.querySelector('.praxis-card__reflection');
    expect(text(reflection?.querySelector('.praxis-card__reflection-meta'))).toBe('bob · Feb 10, 2027 · Post #4');
    expect(text(reflection?.querySelector('.praxis-card__reflection-answers'))).toBe('Reflection Worth keeping. What happened Fewer late arrivals. What we learned Mornings are busy.');
    expect(reflection?.querySelector('a[href$="/280/4"]')).not.toBeNull();
    expect(text(card.querySelector('.praxis-card__decision .praxis-badge'))).toBe('Adapt');
    expect(text(card.querySelector('.praxis-card__decision-change'))).toBe('Standup moves to 9:15.');
    expect(text(card.querySelector('.praxis-card__decision-meta'))).toBe('by alice on Feb 20, 2027 · Post #6');
  });

  it('says when no reflection exists yet', async () => {
    const harness = widgetHarness();
    serve(harness, experimentRecord({ reflections: [] }));
    const card = await showCard(harness);

    expect(text(card.querySelector('.praxis-card__reflections .praxis-muted'))).toBe('No reflections yet.');
  });

  it('omits sections for fields an older sidecar lacks', async () => {
    const harness = widgetHarness();
    serve(harness);
    const card = await showCard(harness);

    expect(card.querySelector('.praxis-card__reflections')).toBeNull();
    expect(card.querySelector('.praxis-card__decision')).toBeNull();
  });

  describe('problems', () => {
    const withProblems = experimentRecord({
      problems: [
        { field: 'review', message: '"next friday" is not a date; write it as 2027-02-12' },
        { field: 'budget', message: 'unknown field' },
      ],
    });

    it('are shown to the owner', async () => {
      const harness = widgetHarness({ currentUser: { username: 'Alice' } });
      serve(harness, withProblems);
      const card = await showCard(harness);

      const items = Array.from(card.querySelectorAll('.praxis-card__problem')).map(text);
      expect(items).toEqual(['Review "next friday" is not a date; write it as 2027-02-12', 'budget unknown field']);
    });

    it('are shown to staff', async () => {
      const harness = widgetHarness({ currentUser: { username: 'mod', moderator: true } });
      serve(harness, withProblems);
      const card = await showCard(harness);

      expect(card.querySelectorAll('.praxis-card__problem')).toHaveLength(2);
    });

    it('are hidden from other members', async () => {
      const harness = widgetHarness({ currentUser: { username: 'dave' } });
      serve(harness, withProblems);
      const card = await showCard(harness);

      expect(card.querySelector('.praxis-card__problems')).toBeNull();
    });

    it('are hidden from signed-out readers', async () => {
      const harness = widgetHarness({ currentUser: null });
      serve(harness, withProblems);
      const card = await showCard(harness);

      expect(card.querySelector('.praxis-card__problems')).toBeNull();
    });
  });

  it('shows an error with a working Retry', async () => {
    const harness = widgetHarness();
    harness.fake.once('GET', EXPERIMENT_URL, () => json({ error: 'experiment 280 not found; check that the topic carries the experiment tag', code: 'NOT_FOUND' }, 404));
    serve(harness);
    const card = await showCard(harness);

    const error = card.querySelector('.praxis-error');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(text(error?.querySelector('.praxis-error__message'))).toBe(
      'Could not load the experiment: experiment 280 not found; check that the topic carries the experiment tag',
    );
    expect(card.querySelector('.praxis-card__footer')?.hasAttribute('hidden')).toBe(true);

    const retry = card.querySelector<HTMLButtonElement>('.praxis-error__retry')!;
    retry.focus();
    retry.click();
    await settle();
    expect(card.querySelector('.praxis-error')).toBeNull();
    expect(fieldValue(card, 'Measure')).toBe('Late arrivals per week');
    expect(document.activeElement).toBe(card.querySelector('.praxis-card'));
  });

  it('reports an unreachable sidecar', async () => {
    const harness = widgetHarness();
    harness.fake.on('GET', EXPERIMENT_URL, () => Promise.reject(new TypeError('Failed to fetch')));
    const card = await showCard(harness);

    expect(text(card.querySelector('.praxis-error__message'))).toBe(
      'Could not load the experiment: The Praxis service could not be reached. Check your connection and retry.',
    );
  });

  it('keeps forum text as text', async () => {
    const attack = '<img src=x onerror=alert(1)>';
    const harness = widgetHarness({ currentUser: { username: 'alice' } });
    serve(
      harness,
      experimentRecord({
        hypothesis: attack,
        measure: `<b>${attack}</b>`,
        partners: [{ username: attack, userId: 9, role: 'critical-friend', joinedAt: '2027-01-10T09:00:00Z' }],
        problems: [{ field: attack, message: attack }],
        reflections: [{ username: 'bob', postNumber: 3, at: '2027-02-01T00:00:00Z', reflection: null, whatHappened: attack, whatWeLearned: null, whatShouldChange: null }],
        decision: { decision: 'abandon', change: attack, username: attack, postNumber: 5, at: '2027-02-20T00:00:00Z' },
      }),
      practiceRecord({ title: attack, url: 'javascript:alert(1)' }),
    );
    const card = await showCard(harness);

    expect(card.querySelector('img, b, script')).toBeNull();
    expect(fieldValue(card, 'Hypothesis')).toBe(attack);
    expect(fieldValue(card, 'Tests practice')).toBe(attack);
    expect(card.querySelector('.praxis-card__practice')?.tagName).toBe('SPAN');
    expect(card.querySelector('[href^="javascript"]')).toBeNull();
    expect(text(card.querySelector('.praxis-card__problem'))).toBe(`${attack} ${attack}`);
    expect(text(card.querySelector('.praxis-card__decision-change'))).toBe(attack);
  });

  it('shows an unknown status as sent', async () => {
    const harness = widgetHarness();
    serve(harness, experimentRecord({ status: 'paused' as ExperimentView['status'] }));
    const card = await showCard(harness);

    expect(text(card.querySelector('.praxis-badge--paused'))).toBe('paused');
  });

  it('contains a record it cannot render', async () => {
    const harness = widgetHarness();
    const broken = { ...experimentRecord(), partners: undefined } as unknown as ExperimentView;
    serve(harness, broken);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const card = await showCard(harness);
    const menuControl = mount<HTMLElement>('praxis-join-partner', { config: harness.config, topicId: 280 }, { variant: 'menu' });
    await settle();

    expect(text(card.querySelector('.praxis-error__message'))).toBe('Something went wrong while showing this widget.');
    expect(card.querySelector('.praxis-error__retry')).not.toBeNull();
    expect(card.querySelector('.praxis-card__footer')?.hasAttribute('hidden')).toBe(true);
    expect(menuControl.isConnected).toBe(true);
    expect(errors).toHaveBeenCalled();
    errors.mockRestore();
  });

  it('leaves out the join control when asked', async () => {
    const harness = widgetHarness();
    serve(harness);
    const card = await showCard(harness, { withJoin: false });

    expect(card.querySelector('praxis-join-partner')).toBeNull();
  });
});
