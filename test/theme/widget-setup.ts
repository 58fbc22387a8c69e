import type { CurrentUser, PraxisConfig } from '../../theme-component/src/widgets/config';
import { PraxisClient } from '../../theme-component/src/widgets/api-client';
import { registerPraxisElements } from '../../theme-component/src/widgets/register';
import { FakeFetch } from './fake-fetch';
import { englishTranslator } from './locale';

export const API = '/praxis';

export interface WidgetHarness {
  fake: FakeFetch;
  config: PraxisConfig;
  navigations: string[];
}

/** Defines the elements, and returns a config whose client talks to a fresh `FakeFetch`. */
export function widgetHarness(options: { currentUser?: CurrentUser | null; timeZone?: string } = {}): WidgetHarness {
  registerPraxisElements();
  const fake = new FakeFetch();
  const navigations: string[] = [];
  const config: PraxisConfig = {
    apiBase: API,
    t: englishTranslator(),
    currentUser: options.currentUser === undefined ? { username: 'dave' } : options.currentUser,
    loginUrl: '/login',
    timeZone: options.timeZone ?? 'UTC',
    locale: 'en-US',
    navigate: (url) => navigations.push(url),
    client: new PraxisClient(API, fake.fetch),
  };
  return { fake, config, navigations };
}

/** Creates a widget element with its properties, attached to the document body. */
export function mount<T extends HTMLElement>(tagName: string, properties: Record<string, unknown>, attributes: Record<string, string> = {}): T {
  const element = document.createElement(tagName) as T;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  Object.assign(element, properties);
  document.body.appendChild(element);
  return element;
}

/** Returns the element's text nodes joined by single spaces, as a reader would see the words. */
export function text(element: Element | null | undefined): string {
  if (!element) return '';
  const parts: string[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) parts.push(node.textContent ?? '');
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}
