/**
 * Line-level Markdown block tests, following CommonMark 0.31 as markdown-it (the parser
 * Discourse uses) implements it. They look at one line only, so they are approximations
 * of the full block grammar.
 */

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const LIST_ITEM = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const FENCE_OPEN = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const BLOCKQUOTE = /^ {0,3}>/;

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Returns the text of an ATX heading (`## Text ##` gives "Text"), or null when the line is no heading. */
export function headingText(line: string): string | null {
  const match = HEADING.exec(line);
  if (!match) {
    return null;
  }
  return (match[2] ?? '').trim();
}

export function isThematicBreak(line: string): boolean {
  return THEMATIC_BREAK.test(line);
}

export function isListItem(line: string): boolean {
  return LIST_ITEM.test(line);
}

/** Returns the line without its list marker (`- `, `* `, `+ `, `1. `, `1) `). */
export function stripListMarker(line: string): string {
  return line.replace(LIST_ITEM, '');
}

export function isBlockquote(line: string): boolean {
  return BLOCKQUOTE.test(line);
}

/**
 * Returns the fence of a line that opens a fenced code block, or null. A backtick fence may not
 * have backticks in its info string (CommonMark 0.31, section 4.5).
 */
export function openingFence(line: string): string | null {
  const match = FENCE_OPEN.exec(line);
  if (!match) {
    return null;
  }

  const fence = match[1] ?? '';
  const info = match[2] ?? '';
  if (fence.startsWith('`') && info.includes('`')) {
    return null;
  }
  return fence;
}

/** Returns whether `line` closes a code block opened by `fence`: same character, at least as long, nothing after. */
export function closesFence(line: string, fence: string): boolean {
  const trimmed = line.trim();
  const character = fence[0] ?? '`';
  if (trimmed.length < fence.length) {
    return false;
  }
  return [...trimmed].every((c) => c === character);
}

/** Indentation width in columns, counting a tab as advancing to the next multiple of 4. */
export function indentWidth(line: string): number {
  let width = 0;
  for (const character of line) {
    if (character === ' ') {
      width += 1;
    } else if (character === '\t') {
      width += 4 - (width % 4);
    } else {
      break;
    }
  }
  return width;
}

/** Returns whether the line starts a block that ends a paragraph, and so ends a lazy blockquote continuation too. */
export function interruptsParagraph(line: string): boolean {
  return (
    headingText(line) !== null ||
    isThematicBreak(line) ||
    isListItem(line) ||
    isBlockquote(line) ||
    openingFence(line) !== null
  );
}
