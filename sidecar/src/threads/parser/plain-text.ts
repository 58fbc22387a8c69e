/** Start of the Private Use Area block (U+E000 to U+E07F) that holds escaped ASCII punctuation. */
const ESCAPE_BASE = 0xe000;
const PARKED_ESCAPE = /[\ue000-\ue07f]/g;

/**
 * Reduces inline Markdown to the text that the rendered post shows: images are dropped, links keep their
 * text, autolinks keep their URL, code spans keep their content, and emphasis,
 * strikethrough, HTML tags and backslash escapes are removed. Whitespace, line breaks
 * included, collapses to single spaces.
 */
export function toPlainText(markdown: string): string {
  // Escaped punctuation is parked in the Private Use Area so the emphasis rules below skip it.
  // NOTE: characters of that block already in the text come out as ASCII punctuation.
  const withEscapesParked = markdown.replace(/\\([!-/:-@[-`{-~])/g, (_match, character: string) =>
    String.fromCharCode(ESCAPE_BASE + character.charCodeAt(0)),
  );

  const plain = withEscapesParked
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
    .replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/(`+)(.+?)\1/g, '$2')
    .replace(/(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();

  return plain.replace(PARKED_ESCAPE, (character) => String.fromCharCode(character.charCodeAt(0) - ESCAPE_BASE));
}

/**
 * Shortens `text` to at most `maxLength` characters, the ellipsis included. The cut falls
 * at the last space that leaves room for "…", or inside the word when the first word alone is too long.
 */
export function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) {
    return text;
  }

  const room = text.slice(0, maxLength - 1);
  const wordEndsAtCut = text[maxLength - 1] === ' ';
  const lastSpace = room.lastIndexOf(' ');
  const cut = wordEndsAtCut || lastSpace <= 0 ? room : room.slice(0, lastSpace);
  return `${cut.replace(/[\s,;:.!?-]+$/, '')}…`;
}
