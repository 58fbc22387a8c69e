import { ApiError } from './api-client';
import type { PraxisConfig } from './config';
import { clientOf, loginUrlOf, navigateTo } from './config';
import { h, icon, uniqueId } from './dom';
import { describeError } from './errors';
import type { ExperimentStore } from './experiment-store';
import { JOIN_BLOCK_KEYS, joinBlock, leaveBlock, partnerOf, ROLE_KEYS, type JoinBlock } from './experiment-view';
import { translateValue } from './messages';
import { PraxisElement } from './praxis-element';
import { PARTNER_ROLES, type ExperimentView, type PartnerRole } from './types';

type Mode = 'loading' | 'unavailable' | 'signed-out' | 'join' | 'leave';

interface View {
  mode: Mode;
  /** Reason the shown button does nothing when pressed; the reason is shown next to it. */
  block: JoinBlock | null;
  experiment: ExperimentView | null;
}

/** Icons of the trigger button; `handshake` and `right-from-bracket` are listed in `about.json`. */
const JOIN_ICON = 'handshake';
const LEAVE_ICON = 'right-from-bracket';

/**
 * `<praxis-join-partner>`: joins or leaves an experiment as a partner. Properties: `config`,
 * `topicId`. The `variant` attribute picks the layout:
 * - `card` (default): a role select, the button, the reason it is disabled and the result line.
 * - `menu`: one post-menu button; joining opens a small list of roles to pick from.
 *
 * The button element stays the same through every state change, so keyboard focus stays on it
 * after joining or leaving. It is disabled with `aria-disabled` rather than `disabled`, which
 * would drop focus and hide the reason from keyboard users. The result is announced through an
 * `aria-live="polite"` region.
 */
export class JoinPartnerElement extends PraxisElement {
  private topicIdValue: number | null = null;
  private store: ExperimentStore | null = null;
  private unsubscribe: (() => void) | null = null;
  private pending = false;
  private button: HTMLButtonElement | null = null;
  private buttonLabel: HTMLElement | null = null;
  private buttonIcon: SVGSVGElement | null = null;
  private roleSelect: HTMLSelectElement | null = null;
  private roleRow: HTMLElement | null = null;
  private note: HTMLElement | null = null;
  private status: HTMLElement | null = null;
  private menu: HTMLElement | null = null;
  private removeOutsideListener: (() => void) | null = null;

  get topicId(): number | null {
    return this.topicIdValue;
  }

  set topicId(value: number | string | null) {
    this.topicIdValue = value === null ? null : Number(value);
    this.queueRestart();
  }

  static get observedAttributes(): string[] {
    return ['topic-id', 'variant'];
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'topic-id') this.topicId = value;
    else this.queueRestart();
  }

  get variant(): 'card' | 'menu' {
    return this.getAttribute('variant') === 'menu' ? 'menu' : 'card';
  }

  protected override hasRequiredProperties(): boolean {
    return this.topicIdValue !== null && Number.isInteger(this.topicIdValue) && this.topicIdValue > 0;
  }

  protected start(config: PraxisConfig): void {
    this.pending = false;
    if (this.variant === 'menu') this.buildMenu(config);
    else this.buildCard(config);

    this.store = clientOf(config).experiment(this.topicIdValue as number);
    this.unsubscribe = this.store.subscribe(() => this.update(config));
    this.update(config);
  }

  protected override stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.store = null;
    this.closeMenu(false);
  }

  private buildCard(config: PraxisConfig): void {
    const { t } = config;
    const selectId = uniqueId('praxis-join-role');
    const noteId = uniqueId('praxis-join-note');

    this.roleSelect = h('select', { id: selectId, class: 'praxis-join__role' });
    for (const role of PARTNER_ROLES) this.roleSelect.appendChild(h('option', { value: role }, t(ROLE_KEYS[role])));
    this.roleRow = h(
      'span',
      { class: 'praxis-join__role-row' },
      h('label', { for: selectId, class: 'praxis-join__role-label' }, t('join.role_label')),
      this.roleSelect,
    );
    this.buildButton('btn btn-primary praxis-join__button', noteId);
    this.note = h('p', { id: noteId, class: 'praxis-join__note', hidden: true });
    this.status = h('p', { class: 'praxis-join__status praxis-sr-only', role: 'status', 'aria-live': 'polite' });

    this.replaceChildren(
      h('div', { class: 'praxis-join' }, h('div', { class: 'praxis-join__controls' }, this.roleRow, this.button), this.note, this.status),
    );
  }

  private buildMenu(config: PraxisConfig): void {
    const { t } = config;
    const menuId = uniqueId('praxis-join-menu');
    const noteId = uniqueId('praxis-join-note');

    this.buildButton('btn btn-flat btn-icon-text post-action-menu__praxis-join-partner', noteId);
    const button = this.button!;
    button.setAttribute('aria-haspopup', 'true');
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', menuId);

    this.note = h('p', { id: noteId, class: 'praxis-join__note', hidden: true });
    const options = PARTNER_ROLES.map((role) => {
      const option = h('button', { type: 'button', class: 'btn btn-default praxis-join__role-option', 'data-role': role }, t('join.join_as', { role: t(ROLE_KEYS[role]) }));
      option.addEventListener('click', () => this.chooseRole(config, role));
      return option;
    });
    const titleId = uniqueId('praxis-join-menu-title');
    this.menu = h(
      'div',
      { id: menuId, class: 'praxis-join__menu', role: 'group', 'aria-labelledby': titleId, hidden: true },
      h('p', { id: titleId, class: 'praxis-join__menu-title' }, t('join.choose_role')),
      this.note,
      h('div', { class: 'praxis-join__role-options' }, options),
    );
    this.menu.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.closeMenu(true);
    });
    this.status = h('span', { class: 'praxis-join__status praxis-sr-only', role: 'status', 'aria-live': 'polite' });

    this.replaceChildren(h('span', { class: 'praxis-join praxis-join--menu' }, button, this.menu, this.status));
  }

  private buildButton(className: string, noteId: string): void {
    this.buttonIcon = icon(JOIN_ICON);
    this.buttonLabel = h('span', { class: 'd-button-label' });
    this.button = h('button', { type: 'button', class: className, 'aria-describedby': noteId }, this.buttonIcon, this.buttonLabel);
    this.button.addEventListener('click', () => {
      if (this.config) this.activate(this.config);
    });
  }

  private currentView(config: PraxisConfig): View {
    const state = this.store?.state;
    if (!state || state.status === 'idle' || state.status === 'loading') return { mode: 'loading', block: null, experiment: null };
    if (state.status === 'error') return { mode: 'unavailable', block: null, experiment: null };

    const experiment = state.experiment;
    if (!config.currentUser) {
      // Signing in would not help with a concluded, archived or full experiment, so the reason is shown instead.
      const block = joinBlock(experiment, null);
      return block ? { mode: 'join', block, experiment } : { mode: 'signed-out', block: null, experiment };
    }
    if (partnerOf(experiment, config.currentUser)) return { mode: 'leave', block: leaveBlock(experiment), experiment };
    return { mode: 'join', block: joinBlock(experiment, config.currentUser), experiment };
  }

  /** Brings the existing nodes in line with the state; nodes are changed in place, never replaced. */
  private update(config: PraxisConfig): void {
    const view = this.currentView(config);

    // A widget whose experiment failed to load hides itself; the card shows the error and Retry.
    this.hidden = view.mode === 'unavailable';

    this.updateButton(config, view);
    this.updateNote(config, view);
    this.updateRoleChoice(view);
  }

  private updateButton(config: PraxisConfig, view: View): void {
    const { button, buttonLabel } = this;
    if (!button || !buttonLabel) return;
    const { t } = config;
    const menuVariant = this.variant === 'menu';

    let label: string;
    if (view.mode === 'leave') label = menuVariant ? t('join.leave_short') : t('join.leave');
    else if (view.mode === 'signed-out' && !menuVariant) label = t('join.log_in');
    else label = menuVariant ? t('join.join_short') : t('join.join');
    buttonLabel.textContent = label;
    this.setIcon(view.mode === 'leave' ? LEAVE_ICON : JOIN_ICON);
    if (menuVariant) button.title = view.mode === 'signed-out' ? t('join.log_in') : label;

    const inactive = this.pending || view.mode === 'loading' || view.block !== null;
    button.setAttribute('aria-disabled', String(inactive));
    button.setAttribute('aria-busy', String(this.pending || view.mode === 'loading'));
    button.classList.toggle('is-disabled', inactive);
  }

  /** Shows why the button is disabled or, under the card, the reader's role as a partner. */
  private updateNote(config: PraxisConfig, view: View): void {
    const { note } = this;
    if (!note) return;
    const { t } = config;
    const partner = view.experiment ? partnerOf(view.experiment, config.currentUser) : undefined;

    let noteText = '';
    if (view.block !== null && view.experiment) {
      noteText = t(JOIN_BLOCK_KEYS[view.block], { wanted: view.experiment.partnersWanted ?? 0 });
    } else if (partner && this.variant === 'card') {
      noteText = t('join.joined_as', { role: translateValue(t, ROLE_KEYS, partner.role) });
    }
    note.textContent = noteText;
    note.hidden = noteText === '';
    note.classList.toggle('praxis-join__note--blocked', view.block !== null);
  }

  /** Offers the roles only while the reader can join. */
  private updateRoleChoice(view: View): void {
    const canChoose = view.mode === 'join' && view.block === null;
    if (this.roleRow) this.roleRow.hidden = !canChoose;
    if (!this.menu) return;

    this.menu.querySelector('.praxis-join__role-options')?.toggleAttribute('hidden', !canChoose);
    // After joining, an open list of roles has nothing left to offer.
    if (view.mode !== 'join' && view.block === null) this.closeMenu(false);
  }

  private setIcon(name: string): void {
    const use = this.buttonIcon?.querySelector('use');
    if (!this.buttonIcon || !use) return;
    this.buttonIcon.setAttribute('class', `fa d-icon d-icon-${name} svg-icon praxis-icon`);
    use.setAttribute('href', `#${name}`);
  }

  /** Handles a press of the main button. */
  private activate(config: PraxisConfig): void {
    const view = this.currentView(config);
    if (this.pending || view.mode === 'loading' || view.mode === 'unavailable') return;

    if (view.mode === 'signed-out') {
      navigateTo(config, loginUrlOf(config));
      return;
    }
    if (view.block !== null) {
      // In the post menu the reason lives in the popup, so a press on the inactive button shows it.
      if (this.menu) this.toggleMenu();
      return;
    }
    if (view.mode === 'leave') {
      void this.leave(config);
      return;
    }
    if (this.menu) {
      this.toggleMenu();
      return;
    }
    void this.join(config, (this.roleSelect?.value ?? 'co-experimenter') as PartnerRole);
  }

  private chooseRole(config: PraxisConfig, role: PartnerRole): void {
    this.closeMenu(true);
    void this.join(config, role);
  }

  private async join(config: PraxisConfig, role: PartnerRole): Promise<void> {
    const store = this.store;
    if (!store) return;
    const run = this.run;

    this.setPending(config, true);
    try {
      await store.join(role);
      if (run !== this.run) return;
      this.announce(config.t('join.joined', { role: config.t(ROLE_KEYS[role]) }), false);
    } catch (error) {
      if (run !== this.run) return;
      this.handleFailure(config, store, error, 'join.join_failed');
    } finally {
      if (run === this.run) this.setPending(config, false);
    }
  }

  private async leave(config: PraxisConfig): Promise<void> {
    const store = this.store;
    if (!store) return;
    const run = this.run;

    this.setPending(config, true);
    try {
      await store.leave();
      if (run !== this.run) return;
      this.announce(config.t('join.left'), false);
    } catch (error) {
      if (run !== this.run) return;
      this.handleFailure(config, store, error, 'join.leave_failed');
    } finally {
      if (run === this.run) this.setPending(config, false);
    }
  }

  /**
   * Handles a failed join or leave. A 401 means the session ended, so the reader is sent to log
   * in. A 404 or 409 means the experiment changed on the server (filled up, concluded, archived),
   * so it is reloaded to show the current state next to the error.
   */
  private handleFailure(config: PraxisConfig, store: ExperimentStore, error: unknown, key: 'join.join_failed' | 'join.leave_failed'): void {
    if (error instanceof ApiError && error.status === 401) {
      navigateTo(config, loginUrlOf(config));
      return;
    }
    this.announce(config.t(key, { message: describeError(error, config.t) }), true);
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) void store.load();
  }

  private setPending(config: PraxisConfig, pending: boolean): void {
    this.pending = pending;
    this.update(config);
  }

  private announce(message: string, isError: boolean): void {
    if (!this.status) return;
    this.status.textContent = message;
    this.status.classList.toggle('praxis-join__status--error', isError);
    // A success is visible already, because the button label and the partner list change. So only
    // screen readers get its text, while an error is shown to everyone.
    this.status.classList.toggle('praxis-sr-only', !isError);
  }

  private toggleMenu(): void {
    if (!this.menu) return;
    if (this.menu.hidden) this.openMenu();
    else this.closeMenu(true);
  }

  private openMenu(): void {
    const { menu, button } = this;
    if (!menu || !button) return;
    menu.hidden = false;
    keepInViewport(menu);
    button.setAttribute('aria-expanded', 'true');
    const firstOption = menu.querySelector<HTMLButtonElement>('.praxis-join__role-options:not([hidden]) button');
    firstOption?.focus();

    const onPointer = (event: Event) => {
      if (!this.contains(event.target as Node)) this.closeMenu(false);
    };
    document.addEventListener('click', onPointer, true);
    this.removeOutsideListener = () => document.removeEventListener('click', onPointer, true);
  }

  /** Hides the role list; `restoreFocus` puts focus back on the trigger, as Escape and a role choice should. */
  private closeMenu(restoreFocus: boolean): void {
    this.removeOutsideListener?.();
    this.removeOutsideListener = null;
    if (!this.menu || this.menu.hidden) return;
    this.menu.hidden = true;
    this.button?.setAttribute('aria-expanded', 'false');
    if (restoreFocus) this.button?.focus();
  }
}

/** Minimum gap in px between the role list and the left edge of the window. */
const VIEWPORT_MARGIN = 8;

/**
 * Moves the role list right when it would stick out of the window's left edge, which happens on
 * phones where the post menu button sits near the middle. CSS anchors it at `right: 0`.
 */
function keepInViewport(menu: HTMLElement): void {
  menu.style.removeProperty('right');
  const left = menu.getBoundingClientRect().left;
  if (left < VIEWPORT_MARGIN) menu.style.right = `${left - VIEWPORT_MARGIN}px`;
}
