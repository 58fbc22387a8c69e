/*
 * Text helpers that stand in for Discourse's slug generator, title prettifier, tag name cleaner
 * and Markdown cooker. They reproduce the common cases, not every rule of the real ones.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);
}

/** Escapes text content the way markdown-it does: apostrophes stay as they are. */
function escapeText(text: string): string {
  return text.replace(/[&<>"]/g, (char) => HTML_ESCAPES[char]!);
}

/**
 * Builds a topic slug the way Discourse's default `ascii` slug method does: accents removed,
 * apostrophes dropped, every other run of non-alphanumerics turned into one dash. An empty
 * result becomes `topic` (`lib/slug.rb`).
 */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x00-\x7f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 255);

  return slug === '' || /^\d+$/.test(slug) ? 'topic' : slug;
}

/**
 * Returns `fancy_title`: the title HTML-escaped with typographic apostrophes and quotes, as
 * Discourse's `HtmlPrettify` renders them. Emoji shortcodes are left as written.
 */
export function fancyTitle(title: string): string {
  let open = true;
  return title
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\.\.\./g, '&hellip;')
    .replace(/(\w)'(\w)/g, '$1&rsquo;$2')
    .replace(/"/g, () => {
      const entity = open ? '&ldquo;' : '&rdquo;';
      open = !open;
      return entity;
    });
}

/** Maximum tag name length, the default of the `max_tag_length` site setting. */
export const MAX_TAG_LENGTH = 20;

/**
 * Cleans a tag name like `DiscourseTagging.clean_tag`: lowercased (`force_lowercase_tags` is on
 * by default), spaces turned into dashes, reserved punctuation removed, cut to 20 characters.
 */
export function cleanTagName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[/?#[\]@!$&'()*+,;=.%\\`^\s|{}"<>]+/g, '')
    .replace(/-+/g, '-')
    .slice(0, MAX_TAG_LENGTH);
}

/** Counts words the way the topic's `word_count` does: runs of non-whitespace in the raw text. */
export function countWords(raw: string): number {
  const words = raw.trim().split(/\s+/);
  return words[0] === '' ? 0 : words.length;
}

/**
 * Renders raw Markdown as simple HTML in the shape of Discourse's `cooked`: paragraphs separated
 * by `\n`, single line breaks as `<br>` (the default `traditional_markdown_linebreaks` is off),
 * lists, headings, quotes, code, links, mentions and local dates.
 * NOTE: this is not Discourse's markdown-it pipeline: no typographer, oneboxes, emoji or BBCode
 * other than `[date=…]`, so `cooked` differs from a real forum for anything beyond plain text.
 */
export function cook(raw: string): string {
  const text = withoutHtmlComments(raw.replace(/\r\n?/g, '\n')).trim();
  if (text === '') return '';

  return splitBlocks(text).map(cookBlock).join('\n');
}

/**
 * Removes HTML comments outside fenced code. Discourse's sanitizer drops them from `cooked`, so a
 * comment in a post's raw text is invisible to readers (integrations use this for markers).
 */
function withoutHtmlComments(text: string): string {
  const parts = text.split(/(^\s*```[^\n]*\n[\s\S]*?^\s*```\s*$)/m);
  return parts.map((part, index) => (index % 2 === 1 ? part : part.replace(/<!--[\s\S]*?-->/g, ''))).join('');
}

/** Splits text into blocks at blank lines, keeping fenced code blocks whole. */
function splitBlocks(text: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;

  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;

    if (!inFence && line.trim() === '') {
      if (current.length > 0) blocks.push(current.join('\n'));
      current = [];
      continue;
    }
    current.push(line);
  }

  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

function cookBlock(block: string): string {
  const lines = block.split('\n');

  if (/^\s*```/.test(lines[0]!)) {
    const code = lines.slice(1, /^\s*```\s*$/.test(lines[lines.length - 1]!) ? -1 : undefined).join('\n');
    return `<pre><code>${escapeText(code)}\n</code></pre>`;
  }

  const heading = /^(#{1,6})\s+(.*)$/.exec(block);
  if (heading && lines.length === 1) {
    const level = heading[1]!.length;
    return `<h${level}>${cookInline(heading[2]!)}</h${level}>`;
  }

  if (lines.every((line) => /^\s*[-*+]\s+/.test(line))) {
    const items = lines.map((line) => `<li>${cookInline(line.replace(/^\s*[-*+]\s+/, ''))}</li>`);
    return `<ul>\n${items.join('\n')}\n</ul>`;
  }

  if (lines.every((line) => /^\s*\d+[.)]\s+/.test(line))) {
    const items = lines.map((line) => `<li>${cookInline(line.replace(/^\s*\d+[.)]\s+/, ''))}</li>`);
    return `<ol>\n${items.join('\n')}\n</ol>`;
  }

  if (lines.every((line) => /^\s*>/.test(line))) {
    const inner = lines.map((line) => line.replace(/^\s*>\s?/, '')).join('\n');
    return `<blockquote>\n${cook(inner)}\n</blockquote>`;
  }

  return `<p>${lines.map(cookInline).join('<br>\n')}</p>`;
}

/** Renders inline Markdown. Code spans are cut out first so that nothing inside them is rendered. */
function cookInline(line: string): string {
  const codeSpans: string[] = [];
  let text = line.replace(/`([^`]+)`/g, (_match, code: string) => {
    codeSpans.push(`<code>${escapeText(code)}</code>`);
    return `\u0000${codeSpans.length - 1}\u0000`;
  });

  const localDates: string[] = [];
  text = text.replace(/\[date=([^\]]+)\]/g, (match, attributes: string) => {
    localDates.push(renderLocalDate(match, attributes));
    return `\u0001${localDates.length - 1}\u0001`;
  });

  text = escapeText(text)
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_match, label: string, href: string) => `<a href="${href}">${label}</a>`)
    .replace(/(^|[\s(])(https?:\/\/[^\s<)]+)/g, (_match, before: string, url: string) => `${before}<a href="${url}">${url}</a>`)
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w/])_([^_\s][^_]*?)_(?!\w)/g, '$1<em>$2</em>')
    .replace(/(^|[^\w/@])@([A-Za-z0-9_][\w.-]*[A-Za-z0-9_]|[A-Za-z0-9_])/g, '$1<a class="mention" href="/u/$2">@$2</a>');

  return text
    .replace(/\u0001(\d+)\u0001/g, (_match, index: string) => localDates[Number(index)]!)
    .replace(/\u0000(\d+)\u0000/g, (_match, index: string) => codeSpans[Number(index)]!);
}

/** Renders `[date=2027-01-15 time=14:30:00 timezone="Europe/Berlin"]` like the local-dates plugin does. */
function renderLocalDate(source: string, attributes: string): string {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(attributes)?.[1];
  if (!date) return escapeHtml(source);

  const time = /time=(\d{1,2}:\d{2}(?::\d{2})?)/.exec(attributes)?.[1] ?? null;
  const timezone = /timezone="?([A-Za-z_/+-]+)"?/.exec(attributes)?.[1] ?? 'UTC';
  const preview = time ? `${date}T${time}` : date;

  const dataTime = time ? ` data-time="${escapeHtml(time)}"` : '';
  return (
    `<span data-date="${date}"${dataTime} class="discourse-local-date" data-timezone="${escapeHtml(timezone)}"` +
    ` data-email-preview="${escapeHtml(preview)} ${escapeHtml(timezone)}">${escapeHtml(preview)}</span>`
  );
}
