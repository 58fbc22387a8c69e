/*
 * Discourse look-alike styles and icons for the test pages: enough of core's layout (header, post
 * stream, timeline column, post menu, buttons) to judge the widgets in place. Class names follow
 * core's markup; the rules are written for these pages, not taken from core.
 */

export const BASE_CSS = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: var(--secondary); color: var(--primary); font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
a { color: var(--tertiary); text-decoration: none; }
a:hover { text-decoration: underline; }
h1, h2, h3 { line-height: 1.3; }
.d-header { position: sticky; top: 0; z-index: 10; background: var(--header-background); border-bottom: 1px solid var(--primary-low); }
.d-header .contents { display: flex; align-items: center; justify-content: space-between; max-width: 1110px; margin: 0 auto; padding: 0.6em 1em; }
.d-header .title { color: var(--primary); font-weight: 700; font-size: 1.2em; }
.d-header .current-user { color: var(--primary-high); }
.wrap { max-width: 1110px; margin: 0 auto; padding: 0 1em; }
#topic-title h1 { margin: 0.9em 0 0.2em; font-size: 1.7em; }
#topic-title .fancy-title { color: var(--primary); }
.list-tags { display: flex; gap: 0.5em; margin-bottom: 1em; }
.discourse-tag { color: var(--primary-high); font-size: 0.87em; }
.discourse-tag::before { content: "#"; }
.container.posts { display: grid; grid-template-columns: minmax(0, 690px) minmax(11em, 17em); gap: 2.5em; align-items: start; }
.topic-post { margin-bottom: 0.5em; }
.topic-post article { border-top: 1px solid var(--primary-low); padding: 1em 0 0.5em; }
.row { display: flex; gap: 0.8em; }
.topic-avatar .avatar { display: inline-flex; width: 45px; height: 45px; border-radius: 50%; align-items: center; justify-content: center; background: var(--tertiary-low); color: var(--primary); font-weight: 700; }
.topic-body { flex: 1; min-width: 0; }
.topic-meta-data { display: flex; justify-content: space-between; color: var(--primary-high); font-size: 0.9em; }
.topic-meta-data .username a { color: var(--primary); font-weight: 700; }
.topic-meta-data .post-date { color: var(--primary-medium); }
.cooked { margin: 0.5em 0; overflow-wrap: anywhere; }
.post-controls .actions { display: flex; justify-content: flex-end; align-items: center; gap: 0.1em; }
.btn { display: inline-flex; align-items: center; justify-content: center; gap: 0.4em; margin: 0; padding: 0.5em 0.75em; border: 1px solid transparent; border-radius: 4px; background: var(--primary-low); color: var(--primary); font: inherit; line-height: 1.2; cursor: pointer; }
.btn:hover { background: var(--primary-low-mid); }
.btn:focus-visible { outline: 2px solid var(--tertiary); outline-offset: 2px; }
.btn-primary { background: var(--tertiary); color: var(--secondary); }
.btn-primary:hover { background: var(--tertiary); filter: brightness(0.9); }
.btn-flat { background: none; color: var(--primary-high); }
.btn-flat:hover { background: var(--primary-low); color: var(--primary); }
.d-icon { width: 1em; height: 1em; fill: currentColor; flex: none; }
.topic-navigation { position: sticky; top: 4.5em; }
.timeline-container { border-left: 1px solid var(--primary-low); padding: 0.5em 0 0.5em 1em; color: var(--primary-high); font-size: 0.9em; }
.timeline-scroller { display: block; margin: 0.4em 0; height: 6em; border-left: 3px solid var(--tertiary); padding-left: 0.5em; }
.topic-post.whisper .cooked { color: var(--primary-medium); font-style: italic; }
.small-action { border-top: 1px solid var(--primary-low); padding: 0.75em 0 0.75em 3.6em; color: var(--primary-high); font-size: 0.9em; }
.topic-area-bottom-outlet, .topic-above-posts-outlet { display: block; }
.list-layout { display: grid; grid-template-columns: minmax(0, 1fr) 19em; gap: 2em; margin-top: 1.5em; }
.topic-list { width: 100%; border-collapse: collapse; }
.topic-list th { text-align: left; color: var(--primary-high); font-weight: 400; border-bottom: 3px solid var(--primary-low); padding: 0.5em; }
.topic-list td { border-bottom: 1px solid var(--primary-low); padding: 0.75em 0.5em; }
.topic-list .title { color: var(--primary); font-size: 1.05em; }
.topic-list .list-tags { margin: 0.2em 0 0; }
.tc-right-sidebar .rs-component { padding: 1em; border: 1px solid var(--primary-low); border-radius: 4px; }
html.mobile-view body { font-size: 16px; }
html.mobile-view .container.posts { display: block; padding-bottom: 4em; }
html.mobile-view .topic-avatar .avatar { width: 36px; height: 36px; }
html.mobile-view .topic-navigation { position: fixed; right: 0.75em; bottom: 0.75em; top: auto; }
html.mobile-view .topic-progress { padding: 0.4em 0.9em; border: 1px solid var(--primary-low); border-radius: 1em; background: var(--secondary); color: var(--primary-high); box-shadow: var(--shadow-dropdown); }
html.mobile-view .list-layout { display: block; }
`;

/**
 * A small SVG sprite with simple icons drawn for these pages, under the names core's sprite uses,
 * so `<use href="#name">` in the widgets resolves as it does in Discourse.
 */
export const ICON_SPRITE = `<svg xmlns="http://www.w3.org/2000/svg" style="display: none">
<symbol id="flask" viewBox="0 0 16 16"><path d="M6 1h4v1H9.5v4.2l4.3 7.2A1 1 0 0 1 13 15H3a1 1 0 0 1-.8-1.6l4.3-7.2V2H6z"/></symbol>
<symbol id="handshake" viewBox="0 0 16 16"><path d="M1 5l3-2 4 2 4-2 3 2v4l-3 2-2 2-2-1-2 1-2-2-3-2z"/></symbol>
<symbol id="right-from-bracket" viewBox="0 0 16 16"><path d="M2 2h6v2H4v8h4v2H2zM10 4l4 4-4 4V9H6V7h4z"/></symbol>
<symbol id="clock-rotate-left" viewBox="0 0 16 16"><path d="M8 1a7 7 0 1 1-6.3 4H0l2.5-3 2.5 3H3.9A5 5 0 1 0 8 3zM7 4h2v4l3 2-1 1.5L7 9z"/></symbol>
<symbol id="heart" viewBox="0 0 16 16"><path d="M8 14L2 8a3.5 3.5 0 0 1 6-4 3.5 3.5 0 0 1 6 4z"/></symbol>
<symbol id="link" viewBox="0 0 16 16"><path d="M6 10l4-4 1 1-4 4zM4 8l2-2 1 1-2 2a1.4 1.4 0 0 0 2 2l2-2 1 1-2 2a2.8 2.8 0 0 1-4-4zm8 0l-2 2-1-1 2-2a1.4 1.4 0 0 0-2-2L7 7 6 6l2-2a2.8 2.8 0 0 1 4 4z"/></symbol>
<symbol id="ellipsis" viewBox="0 0 16 16"><circle cx="3" cy="8" r="1.5"/><circle cx="8" cy="8" r="1.5"/><circle cx="13" cy="8" r="1.5"/></symbol>
<symbol id="reply" viewBox="0 0 16 16"><path d="M6 3v3c5 0 8 2 9 7-2-3-5-4-9-4v3L1 7.5z"/></symbol>
</svg>`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Serializes data for a `<script type="application/json">` block; `<` is escaped so `</script>` cannot end it. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
