// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { CurrentUser } from '../../theme-component/src/widgets/config';
import type { ExperimentView } from '../../theme-component/src/widgets/types';
import { json, settle } from './fake-fetch';
import { experimentRecord, practiceRecord } from './records';
import { API, mount, text, widgetHarness, type WidgetHarness } from './widget-setup';

const EXPERIMENT_URL = `${API}/api/experiments/280`;
const PARTNERS_URL = `${API}/api/experiments/280/partners`;
const LEAVE_URL = `${API}/api/experiments/280/partners/me`;

const DAVE_AS_OBSERVER = { username: 'dave', userId: 4, role: 'observer' as const, joinedAt: '2027-01-16T09:00:00Z' };

/** Serves the experiment and handles joins and leaves the way the sidecar does. */
function serveExperiment(harness: WidgetHarness, experiment: ExperimentView = experimentRecord()): void {
  let current = experiment;
  harness.fake.on('GET', EXPERIMENT_URL, () => json(current));
  harness.fake.on('GET', `${API}/api/practices/12`, () => json(practiceRecord()));
  harness.fake.on('POST', PARTNERS_URL, (request) => {
    const { role } = JSON.parse(request.body ?? '{}') as { role: ExperimentView['partners'][number]['role'] };
    current = { ...current, partners: [...current.partners, { ...DAVE_AS_OBSERVER, role }] };
    return json(current);
  });
  harness.fake.on('DELETE', LEAVE_URL, () => {
    current = { ...current, partners: current.partners.filter((partner) => partner.username !== 'dave') };
    return json(current);
  });
}

async function showCardControl(harness: WidgetHarness): Promise<{ card: HTMLElement; control: HTMLElement; button: HTMLButtonElement }> {
  const card = mount<HTMLElement>('praxis-experiment-card', { config: harness.config, topicId: 280 });
  await settle();
  const control = card.querySelector<HTMLElement>('praxis-join-partner')!;
  return { card, control, button: control.querySelector<HTMLButtonElement>('.praxis-join__button')! };
}

async function showMenuControl(harness: WidgetHarness): Promise<{ control: HTMLElement; button: HTMLButtonElement }> {
  const control = mount<HTMLElement>('praxis-join-partner', { config: harness.config, topicId: 280 }, { variant: 'menu' });
  await settle();
  return { control, button: control.querySelector<HTMLButtonElement>('.post-action-menu__praxis-join-partner')! };
}

function writes(harness: WidgetHarness): number {
  return harness.fake.requests.filter((request) => request.method !== 'GET').length;
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('join control under the card', () => {
  it('joins with the chosen role', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    const { card, control, button } = await showCardControl(harness);

    expect(text(button)).toBe('Join as partner');
    expect(button.getAttribute('aria-disabled')).toBe('false');
    control.querySelector<HTMLSelectElement>('.praxis-join__role')!.value = 'critical-friend';
    button.focus();
    button.click();
    await settle();

    const [post] = harness.fake.requestsTo('POST', PARTNERS_URL);
    expect(post?.body).toBe('{"role":"critical-friend"}');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers.accept).toBe('application/json');
    expect(post?.credentials).toBe('same-origin');
    expect(text(card.querySelector('.praxis-card__partner-count'))).toBe('2 of 3');
    expect(text(button)).toBe('Leave experiment');
    expect(document.activeElement).toBe(button);
    expect(text(control.querySelector('.praxis-join__note'))).toBe('You are a partner (Critical friend).');
    const status = control.querySelector('.praxis-join__status');
    expect(status?.getAttribute('aria-live')).toBe('polite');
    expect(text(status)).toBe('You joined as Critical friend.');
    expect(status?.classList.contains('praxis-sr-only')).toBe(true);
  });

  it('leaves and keeps focus', async () => {
    const harness = widgetHarness();
    serveExperiment(harness, experimentRecord({ partners: [DAVE_AS_OBSERVER] }));
    const { card, control, button } = await showCardControl(harness);

    expect(text(button)).toBe('Leave experiment');
    expect(control.querySelector('.praxis-join__role-row')?.hasAttribute('hidden')).toBe(true);
    button.focus();
    button.click();
    await settle();

    expect(harness.fake.requestsTo('DELETE', LEAVE_URL)).toHaveLength(1);
    expect(text(card.querySelector('.praxis-card__partner-count'))).toBe('0 of 3');
    expect(text(button)).toBe('Join as partner');
    expect(document.activeElement).toBe(button);
    expect(text(control.querySelector('.praxis-join__status'))).toBe('You left this experiment.');
  });

  it('ignores presses while a request runs', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    const { button } = await showCardControl(harness);

    button.click();
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    button.click();
    await settle();

    expect(harness.fake.requestsTo('POST', PARTNERS_URL)).toHaveLength(1);
    expect(button.getAttribute('aria-busy')).toBe('false');
  });

  const blocked: [string, ExperimentView, CurrentUser, string][] = [
    ['owner', experimentRecord(), { username: 'ALICE' }, 'You run this experiment, so you cannot join it as a partner.'],
    ['full', experimentRecord({ partnersWanted: 1 }), { username: 'dave' }, 'This experiment already has the 1 partners it asked for.'],
    ['concluded', experimentRecord({ status: 'concluded' }), { username: 'dave' }, 'This experiment is concluded.'],
    ['decided', experimentRecord({ decision: { decision: 'adopt', change: null, username: 'alice', postNumber: 7, at: '2027-02-20T00:00:00Z' } }), { username: 'dave' }, 'This experiment is concluded.'],
    ['archived', experimentRecord({ archived: true }), { username: 'dave' }, 'This experiment is archived.'],
  ];
  for (const [name, experiment, user, reason] of blocked) {
    it(`is disabled for ${name} with its reason`, async () => {
      const harness = widgetHarness({ currentUser: user });
      serveExperiment(harness, experiment);
      const { control, button } = await showCardControl(harness);

      const note = control.querySelector<HTMLElement>('.praxis-join__note')!;
      expect(button.getAttribute('aria-disabled')).toBe('true');
      expect(note.hidden).toBe(false);
      expect(text(note)).toBe(reason);
      expect(button.getAttribute('aria-describedby')).toBe(note.id);
      button.click();
      await settle();
      expect(writes(harness)).toBe(0);
    });
  }

  it('lets a partner leave a full experiment', async () => {
    const harness = widgetHarness();
    serveExperiment(harness, experimentRecord({ partnersWanted: 1, partners: [DAVE_AS_OBSERVER] }));
    const { button } = await showCardControl(harness);

    expect(text(button)).toBe('Leave experiment');
    expect(button.getAttribute('aria-disabled')).toBe('false');
  });

  it('sends signed-out readers to log in', async () => {
    const harness = widgetHarness({ currentUser: null });
    serveExperiment(harness);
    const { button } = await showCardControl(harness);

    expect(text(button)).toBe('Log in to join as partner');
    button.click();
    await settle();
    expect(harness.navigations).toEqual(['/login']);
    expect(writes(harness)).toBe(0);
  });

  it('tells signed-out readers why a concluded experiment is closed', async () => {
    const harness = widgetHarness({ currentUser: null });
    serveExperiment(harness, experimentRecord({ status: 'concluded' }));
    const { control, button } = await showCardControl(harness);

    const note = control.querySelector<HTMLElement>('.praxis-join__note')!;
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(text(note)).toBe('This experiment is concluded.');
    button.click();
    await settle();
    expect(harness.navigations).toEqual([]);
  });

  it('sends a 401 to log in', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    harness.fake.once('POST', PARTNERS_URL, () => json({ error: 'sign in to join an experiment', code: 'UNAUTHORIZED' }, 401));
    const { button } = await showCardControl(harness);

    button.click();
    await settle();
    expect(harness.navigations).toEqual(['/login']);
  });

  it('shows a 409 and reloads the experiment', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    harness.fake.once('POST', PARTNERS_URL, () => json({ error: 'experiment 280 already has 3 partners', code: 'CONFLICT' }, 409));
    const { control, button } = await showCardControl(harness);
    const loadsBefore = harness.fake.requestsTo('GET', EXPERIMENT_URL).length;

    button.focus();
    button.click();
    await settle();
    const status = control.querySelector('.praxis-join__status');
    expect(text(status)).toBe('Could not join: experiment 280 already has 3 partners');
    expect(status?.classList.contains('praxis-join__status--error')).toBe(true);
    expect(status?.classList.contains('praxis-sr-only')).toBe(false);
    expect(harness.fake.requestsTo('GET', EXPERIMENT_URL).length).toBe(loadsBefore + 1);
    expect(document.activeElement).toBe(button);
  });

  it('shows the wait of a 429', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    harness.fake.once('POST', PARTNERS_URL, () => json({ error: 'rate limited', code: 'RATE_LIMITED' }, 429, { 'Retry-After': '30' }));
    const { control, button } = await showCardControl(harness);

    button.click();
    await settle();
    expect(text(control.querySelector('.praxis-join__status'))).toBe('Could not join: Too many requests. Try again in 30 seconds.');
  });
});

describe('join button in the post menu', () => {
  it('opens the role list and joins', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    const { control, button } = await showMenuControl(harness);
    const menu = control.querySelector<HTMLElement>('.praxis-join__menu')!;

    expect(text(button)).toBe('Join');
    expect(button.classList.contains('post-action-menu__praxis-join-partner')).toBe(true);
    expect(menu.hidden).toBe(true);
    button.focus();
    button.click();
    expect(menu.hidden).toBe(false);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const options = Array.from(menu.querySelectorAll<HTMLButtonElement>('.praxis-join__role-option'));
    expect(options.map(text)).toEqual(['Join as Co-experimenter', 'Join as Observer', 'Join as Critical friend']);
    expect(text(document.getElementById(menu.getAttribute('aria-labelledby')!))).toBe('Choose your role');
    expect(document.activeElement).toBe(options[0]);

    options[1]!.click();
    await settle();
    expect(harness.fake.requestsTo('POST', PARTNERS_URL)[0]?.body).toBe('{"role":"observer"}');
    expect(menu.hidden).toBe(true);
    expect(text(button)).toBe('Leave');
    expect(document.activeElement).toBe(button);
    expect(text(control.querySelector('.praxis-join__status'))).toBe('You joined as Observer.');
  });

  it('closes the role list on Escape', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    const { control, button } = await showMenuControl(harness);
    const menu = control.querySelector<HTMLElement>('.praxis-join__menu')!;

    button.click();
    menu.querySelector('button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(menu.hidden).toBe(true);
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(button);
  });

  it('closes the role list on an outside click', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    const { control, button } = await showMenuControl(harness);
    const outside = mount<HTMLElement>('p', {});

    button.click();
    outside.click();
    expect(control.querySelector<HTMLElement>('.praxis-join__menu')!.hidden).toBe(true);
  });

  it('shows the reason when disabled', async () => {
    const harness = widgetHarness({ currentUser: { username: 'alice' } });
    serveExperiment(harness);
    const { control, button } = await showMenuControl(harness);
    const menu = control.querySelector<HTMLElement>('.praxis-join__menu')!;

    expect(button.getAttribute('aria-disabled')).toBe('true');
    button.click();
    expect(menu.hidden).toBe(false);
    expect(text(menu.querySelector('.praxis-join__note'))).toBe('You run this experiment, so you cannot join it as a partner.');
    expect(menu.querySelector<HTMLElement>('.praxis-join__role-options')!.hidden).toBe(true);
    expect(writes(harness)).toBe(0);
  });

  it('updates the card it shares an experiment with', async () => {
    const harness = widgetHarness();
    serveExperiment(harness);
    const { card } = await showCardControl(harness);
    const { button } = await showMenuControl(harness);

    button.click();
    (document.activeElement as HTMLButtonElement).click();
    await settle();
    expect(text(card.querySelector('.praxis-card__partner-count'))).toBe('2 of 3');
    expect(text(card.querySelector('.praxis-join__button'))).toBe('Leave experiment');
    expect(harness.fake.requestsTo('GET', EXPERIMENT_URL)).toHaveLength(1);
  });

  it('hides itself when the experiment cannot load', async () => {
    const harness = widgetHarness();
    harness.fake.on('GET', EXPERIMENT_URL, () => json({ error: 'experiment 280 not found', code: 'NOT_FOUND' }, 404));
    const { control } = await showMenuControl(harness);

    expect(control.hidden).toBe(true);
  });

  it('sends signed-out readers to log in', async () => {
    const harness = widgetHarness({ currentUser: null });
    serveExperiment(harness);
    const { button } = await showMenuControl(harness);

    expect(button.title).toBe('Log in to join as partner');
    button.click();
    expect(harness.navigations).toEqual(['/login']);
  });
});
