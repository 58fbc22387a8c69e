import {
  closesFence,
  indentWidth,
  interruptsParagraph,
  isBlank,
  isBlockquote,
  isListItem,
  openingFence,
} from './markdown-lines';

/** Discourse BBCode quote tags, `[quote]` and `[quote="alice, post:3, topic:12"]`, and their end tag. */
const QUOTE_OPEN = /\[quote(?:=[^\]]*|[ \t][^\]]*)?\]/iy;
const QUOTE_CLOSE = /\[\/quote\]/iy;
const COMMENT_OPEN = '<!--';
const COMMENT_CLOSE = '-->';

interface ScanState {
  quoteDepth: number;
  inComment: boolean;
}

/**
 * Splits a post's raw Markdown into lines and blanks out the text that is not the author's
 * own prose. That is fenced and indented code, Markdown blockquotes with their lazy
 * continuation lines, Discourse `[quote]` blocks (nested too) and HTML comments. A blanked
 * line stays in the array as "", so it still ends a paragraph and line numbers keep
 * matching the raw text.
 */
export function toVisibleLines(raw: string): string[] {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n');
  const visible: string[] = [];

  const scan: ScanState = { quoteDepth: 0, inComment: false };
  let fence: string | null = null;
  let inBlockquoteParagraph = false;
  let inList = false;
  let previousVisible = '';

  for (const line of lines) {
    let output = '';

    if (fence !== null) {
      if (closesFence(line, fence)) {
        fence = null;
      }
    } else {
      const outsideQuoteAndComment = scan.quoteDepth === 0 && !scan.inComment;
      const fenceOpened = outsideQuoteAndComment ? openingFence(line) : null;

      if (fenceOpened !== null) {
        fence = fenceOpened;
        inBlockquoteParagraph = false;
      } else {
        const text = removeQuotesAndComments(line, scan);

        if (isBlockquote(text)) {
          inBlockquoteParagraph = !isBlank(text.replace(/^ *>/, ''));
        } else if (inBlockquoteParagraph && !isBlank(text) && !interruptsParagraph(text)) {
          // CommonMark lazy continuation: this line renders inside the blockquote above.
        } else if (isIndentedCode(text, previousVisible, inList)) {
          inBlockquoteParagraph = false;
        } else {
          inBlockquoteParagraph = false;
          output = isBlank(text) ? '' : text;
        }
      }
    }

    if (isListItem(output)) {
      inList = true;
    } else if (!isBlank(output) && indentWidth(output) === 0) {
      inList = false;
    }

    visible.push(output);
    previousVisible = output;
  }

  return visible;
}

/**
 * Returns whether the line belongs to an indented code block. Such a block starts with 4
 * columns of indentation after a blank line and cannot interrupt a paragraph. Its later
 * lines follow a blanked code line, so the same test applies. Inside a list the same
 * indentation continues the item instead.
 */
function isIndentedCode(line: string, previousVisible: string, inList: boolean): boolean {
  if (isBlank(line) || indentWidth(line) < 4) {
    return false;
  }
  // NOTE: list nesting is tracked only as "some list item came before without unindented
  // text in between", which is looser than CommonMark's column rules.
  return isBlank(previousVisible) && !inList;
}

/**
 * Returns the parts of `line` that lie outside Discourse quotes and HTML comments, and
 * updates `state` for the next line. Code spans are copied through unread, so `` `[quote]` ``
 * opens no quote.
 */
function removeQuotesAndComments(line: string, state: ScanState): string {
  let output = '';
  let position = 0;

  while (position < line.length) {
    if (state.inComment) {
      const end = line.indexOf(COMMENT_CLOSE, position);
      if (end === -1) {
        return output;
      }
      state.inComment = false;
      position = end + COMMENT_CLOSE.length;
      continue;
    }

    if (line.startsWith(COMMENT_OPEN, position)) {
      state.inComment = true;
      position += COMMENT_OPEN.length;
      continue;
    }

    QUOTE_OPEN.lastIndex = position;
    const quoteOpen = QUOTE_OPEN.exec(line);
    if (quoteOpen) {
      state.quoteDepth += 1;
      position += quoteOpen[0].length;
      continue;
    }

    QUOTE_CLOSE.lastIndex = position;
    const quoteClose = QUOTE_CLOSE.exec(line);
    if (quoteClose) {
      state.quoteDepth = Math.max(0, state.quoteDepth - 1);
      position += quoteClose[0].length;
      continue;
    }

    const next = line[position] === '`' ? findCodeSpanEnd(line, position) : position + 1;
    if (state.quoteDepth === 0) {
      output += line.slice(position, next);
    }
    position = next;
  }

  return output;
}

/**
 * Returns the index after the code span that starts at `start`. When no run of the same length
 * closes it on this line, the backticks are literal text and the index after them is returned.
 */
function findCodeSpanEnd(line: string, start: number): number {
  let runEnd = start;
  while (line[runEnd] === '`') {
    runEnd += 1;
  }
  const run = line.slice(start, runEnd);

  let search = runEnd;
  while (search < line.length) {
    const found = line.indexOf(run, search);
    if (found === -1) {
      return runEnd;
    }

    let foundEnd = found + run.length;
    if (line[foundEnd] !== '`') {
      return foundEnd;
    }
    while (line[foundEnd] === '`') {
      foundEnd += 1;
    }
    search = foundEnd;
  }
  return runEnd;
}
