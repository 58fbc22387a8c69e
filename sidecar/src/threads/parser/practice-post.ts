import { extractLabelledFields, createLabelMatcher } from './labelled-fields';
import { headingText, isBlank, isListItem, isThematicBreak, stripListMarker } from './markdown-lines';
import type { ParseResult } from './parse-result';
import { toPlainText, truncateAtWord } from './plain-text';
import { toVisibleLines } from './visible-lines';

export interface PracticeFields {
  summary: string;
}

/** Maximum summary length in characters, the closing "…" of a shortened summary included. */
export const SUMMARY_MAX_LENGTH = 500;

const PRACTICE_LABELS = { summary: ['Summary'] } as const;

/** A line that contains only images, e.g. `![diagram](upload://abc.png)` or `<img src=...>`. */
const IMAGE_ONLY = /^\s*(?:(?:!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]|<img\b[^>]*>)\s*)+$/i;
/** A line that contains only a BBCode tag such as `[details="More"]`, `[/details]` or `[poll type=regular]`. */
const BBCODE_TAG_ONLY = /^\s*\[\/?[a-z][\w-]*(?:[= ][^\]]*)?\]\s*$/i;

/**
 * Reads a practice topic's first post. The summary is the `Summary:` field when it has text,
 * else the first paragraph of ordinary text, skipping headings, images, code, quotes and
 * HTML comments. It is reduced to plain text and shortened to `SUMMARY_MAX_LENGTH`.
 * A post with neither gives summary "" and a problem on `summary`.
 */
export function parsePracticePost(raw: string): ParseResult<PracticeFields> {
  const labelled = extractLabelledFields(raw, PRACTICE_LABELS);
  const fromField = toPlainText(labelled.get('summary') ?? '');
  const summary = fromField !== '' ? fromField : firstParagraphText(raw);

  if (summary === '') {
    return {
      fields: { summary: '' },
      problems: [
        {
          field: 'summary',
          message:
            'The practice post has no text to summarize; add a first paragraph that describes the practice, or a line "Summary: ..."',
        },
      ],
    };
  }
  return { fields: { summary: truncateAtWord(summary, SUMMARY_MAX_LENGTH) }, problems: [] };
}

/** Returns the plain text of the first paragraph that has any, or "". */
function firstParagraphText(raw: string): string {
  const matchLabelLine = createLabelMatcher(PRACTICE_LABELS);
  const skipped = (line: string): boolean =>
    headingText(line) !== null ||
    isThematicBreak(line) ||
    IMAGE_ONLY.test(line) ||
    BBCODE_TAG_ONLY.test(line) ||
    matchLabelLine(line) !== null;

  let paragraph: string[] = [];
  for (const line of [...toVisibleLines(raw), '']) {
    if (!isBlank(line) && !skipped(line)) {
      paragraph.push(isListItem(line) ? stripListMarker(line) : line);
      continue;
    }

    const text = toPlainText(paragraph.join('\n'));
    if (text !== '') {
      return text;
    }
    paragraph = [];
  }
  return '';
}
