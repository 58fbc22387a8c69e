import type { PraxisConfig } from './config';
import { h } from './dom';
import type { Translate } from './messages';

/**
 * Base of the widget elements. The host page sets `config` and the element's own properties in any
 * order. The element starts once it is connected and every required property is set, and it
 * restarts when one of them changes. Starting waits for a microtask, so properties assigned
 * together (`Object.assign(element, props)`) cause one start.
 */
export abstract class PraxisElement extends HTMLElement {
  private configValue: PraxisConfig | null = null;
  private startQueued = false;
  private running = false;
  /** Run number, increased on every start and stop, so responses that arrive for an earlier run are dropped. */
  protected run = 0;

  get config(): PraxisConfig | null {
    return this.configValue;
  }

  set config(value: PraxisConfig | null) {
    this.configValue = value;
    this.queueRestart();
  }

  connectedCallback(): void {
    this.queueRestart();
  }

  disconnectedCallback(): void {
    this.stopRun();
  }

  /** True when the element-specific properties needed to start are set. */
  protected hasRequiredProperties(): boolean {
    return true;
  }

  /** Builds the element's DOM and starts loading. Called with a fresh `run` number. */
  protected abstract start(config: PraxisConfig): void;

  /** Releases subscriptions and listeners taken in `start`. */
  protected stop(): void {}

  protected queueRestart(): void {
    if (this.startQueued) return;
    this.startQueued = true;
    queueMicrotask(() => {
      this.startQueued = false;
      this.stopRun();
      const config = this.configValue;
      if (!this.isConnected || !config || !this.hasRequiredProperties()) return;

      this.run += 1;
      this.running = true;
      try {
        this.start(config);
      } catch (error) {
        // A widget must never break the forum page around it, so a bug shows as an empty widget.
        console.error('Praxis widget failed to start', this.localName, error);
      }
    });
  }

  private stopRun(): void {
    if (!this.running) return;
    this.running = false;
    this.run += 1;
    this.stop();
  }
}

/** Creates a loading line. Its `role="status"` lets screen readers hear it without moving focus. */
export function loadingView(t: Translate): HTMLElement {
  return h(
    'p',
    { class: 'praxis-loading', role: 'status' },
    h('span', { class: 'praxis-loading__spinner', 'aria-hidden': 'true' }),
    t('common.loading'),
  );
}

/** Creates an error message with a Retry button, shown in place of the widget's content. */
export function errorView(message: string, t: Translate, retry: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'btn btn-default praxis-error__retry' }, t('common.retry'));
  button.addEventListener('click', retry);
  return h('div', { class: 'praxis-error', role: 'alert' }, h('p', { class: 'praxis-error__message' }, message), button);
}

export interface BuiltContent {
  content: Node;
  /** True when `build` threw and `content` is the error view. */
  failed: boolean;
}

/**
 * Returns the content `build` makes, or the error view when it throws, so a rendering bug (or a
 * record shaped in a way the widget does not expect) stays inside the widget.
 */
export function buildOrError(build: () => Node, t: Translate, retry: () => void): BuiltContent {
  try {
    return { content: build(), failed: false };
  } catch (error) {
    console.error('Praxis widget failed to render', error);
    return { content: errorView(t('errors.unexpected'), t, retry), failed: true };
  }
}

/**
 * Replaces a container's children in one step. When focus was inside and the replaced nodes took
 * it away (a Retry button that disappears), it moves to the container, which needs `tabindex="-1"`,
 * so keyboard users keep their place.
 */
export function replaceContent(container: HTMLElement, focusTarget: HTMLElement, content: Node): void {
  const active = document.activeElement;
  const hadFocus = active !== null && active !== document.body && container.contains(active);

  container.replaceChildren(content);

  if (hadFocus && !container.contains(document.activeElement)) focusTarget.focus();
}

/** Calls `refresh` whenever the page becomes visible again; returns the function that stops it. */
export function onPageVisible(refresh: () => void): () => void {
  const listener = () => {
    if (document.visibilityState === 'visible') refresh();
  };
  document.addEventListener('visibilitychange', listener);
  return () => document.removeEventListener('visibilitychange', listener);
}
