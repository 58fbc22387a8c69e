/*
 * DOM helpers. Text always goes into Text nodes and attributes through setAttribute, so text from
 * the forum (titles, usernames, summaries) is never parsed as HTML.
 */

export type Child = Node | string | null | undefined | false;

export type Attributes = Record<string, string | number | boolean | null | undefined>;

/** Creates an element; `true` attributes are set empty, `false`, null and undefined ones are skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * Returns the URL when it is an http(s) or relative URL, and null otherwise, so a `javascript:` or
 * `data:` URL from a record never becomes a link.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    // The base only lets relative URLs parse; it is never requested.
    const parsed = new URL(url, 'https://forum.invalid/');
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Creates a link, or a plain span with the same text when the URL is not safe. */
export function link(url: string | null | undefined, text: string, className?: string): HTMLElement {
  const href = safeHref(url);
  if (href === null) return h('span', { class: className }, text);
  return h('a', { class: className, href }, text);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates a Discourse icon: a `<use>` of the page's SVG sprite, as core's `d-icon` renders it. Icons
 * outside core's subset must be listed in `about.json` `modifiers.svg_icons` to be in the sprite.
 */
export function icon(name: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', `fa d-icon d-icon-${name} svg-icon praxis-icon`);
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG_NS, 'use');
  use.setAttribute('href', `#${name}`);
  svg.appendChild(use);
  return svg;
}

let lastId = 0;

/** Returns a page-unique id for `aria-labelledby` and `aria-describedby` links. */
export function uniqueId(prefix: string): string {
  lastId += 1;
  return `${prefix}-${lastId}`;
}
