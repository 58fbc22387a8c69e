import { headingText, isBlank, isListItem, isThematicBreak, stripListMarker } from './markdown-lines';
import { toVisibleLines } from './visible-lines';

/** Each field key with the labels that name it, e.g. `{ hypothesis: ['Hypothesis', 'Prediction'] }`. */
export type LabelSpec<K extends string> = Record<K, readonly string[]>;

export interface LabelLine<K extends string> {
  key: K;
  /** The text after the colon, trimmed (may be empty). */
  value: string;
  /** Whether the label stood in a list item (`- Label: value`). */
  listItem: boolean;
}

export type LabelMatcher<K extends string> = (line: string) => LabelLine<K> | null;

/** Emphasis markers that may wrap a label, longest first so `**` is not read as `*`. */
const EMPHASIS_OPEN = /^(\*\*|__|\*|_)/;

/**
 * Builds a function that reads one line as `Label: value` for the labels in `labels`.
 * Labels match case-insensitively with runs of whitespace treated as one space. The label
 * may be wrapped in emphasis (`**Label:**`, `**Label**:`, `__Label:__`, `*Label:*`), and the
 * line may be a list item (`- Label: value`, `1. Label: value`).
 */
export function createLabelMatcher<K extends string>(labels: LabelSpec<K>): LabelMatcher<K> {
  const keysByLabel = new Map<string, K>();
  for (const key of Object.keys(labels) as K[]) {
    for (const label of labels[key]) {
      keysByLabel.set(normalizeLabel(label), key);
    }
  }

  return (line: string): LabelLine<K> | null => {
    const listItem = isListItem(line);
    let text = (listItem ? stripListMarker(line) : line).trim();

    const marker = EMPHASIS_OPEN.exec(text)?.[1] ?? '';
    text = text.slice(marker.length);

    const colon = text.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    let label = text.slice(0, colon).trimEnd();
    let rest = text.slice(colon + 1);

    if (marker !== '') {
      if (label.endsWith(marker)) {
        label = label.slice(0, -marker.length);
      } else if (rest.startsWith(marker)) {
        rest = rest.slice(marker.length);
      } else if (rest.trimEnd().endsWith(marker)) {
        // The whole line is emphasised: `**Label: value**`.
        rest = rest.trimEnd().slice(0, -marker.length);
      } else {
        return null;
      }
    }

    const key = keysByLabel.get(normalizeLabel(label));
    if (key === undefined) {
      return null;
    }
    return { key, value: rest.trim(), listItem };
  };
}

/**
 * Reads labelled fields from a post's raw Markdown and returns each field's value, trimmed
 * and possibly empty, by key. A key is missing when its label never appears. When a label
 * appears twice, the first occurrence wins.
 *
 * Two forms are read:
 * - `Label: value` on one line. The value continues on the following lines until a blank
 *   line, a heading, a thematic break or another known label line. In a list item it also
 *   ends at the next list item. Inner line breaks are kept as single newlines.
 * - A heading whose text is the label (with or without a colon). The value is the next
 *   paragraph: the lines after any blank lines up to the next blank line, heading or label line.
 *   A heading that contains `Label: value` gives that value.
 *
 * Text in code, blockquotes, Discourse quotes and HTML comments is never read (see `toVisibleLines`).
 */
export function extractLabelledFields<K extends string>(raw: string, labels: LabelSpec<K>): Map<K, string> {
  const matchLabelLine = createLabelMatcher(labels);
  const lines = toVisibleLines(raw);
  const fields = new Map<K, string>();

  const endsValue = (line: string): boolean =>
    isBlank(line) || headingText(line) !== null || isThematicBreak(line) || matchLabelLine(line) !== null;

  let index = 0;
  while (index < lines.length) {
    const line = lines[index] ?? '';
    const heading = headingText(line);

    if (heading !== null) {
      const headingLabel = matchHeadingLabel(heading, matchLabelLine);
      index += 1;

      if (headingLabel?.paragraph === true) {
        while (index < lines.length && isBlank(lines[index] ?? '')) {
          index += 1;
        }
        const paragraph: string[] = [];
        while (index < lines.length && !endsValue(lines[index] ?? '')) {
          paragraph.push(lines[index] ?? '');
          index += 1;
        }
        setFirst(fields, headingLabel.key, joinValueLines(paragraph));
      } else if (headingLabel !== null) {
        setFirst(fields, headingLabel.key, headingLabel.value);
      }
      continue;
    }

    const labelLine = matchLabelLine(line);
    index += 1;
    if (labelLine === null) {
      continue;
    }

    const valueLines = [labelLine.value];
    while (index < lines.length) {
      const next = lines[index] ?? '';
      if (endsValue(next) || (labelLine.listItem && isListItem(next))) {
        break;
      }
      valueLines.push(next);
      index += 1;
    }
    setFirst(fields, labelLine.key, joinValueLines(valueLines));
  }

  return fields;
}

/**
 * Reads a heading's text as a label. `paragraph` is true when the heading is only the label
 * (`## Hypothesis`, `## **Hypothesis:**`), so the value is the next paragraph, and false when
 * the heading carries the value itself (`## Hypothesis: we sleep better`).
 */
function matchHeadingLabel<K extends string>(
  heading: string,
  matchLabelLine: LabelMatcher<K>,
): { key: K; value: string; paragraph: boolean } | null {
  const withColon = matchLabelLine(heading);
  if (withColon !== null && !withColon.listItem) {
    return { key: withColon.key, value: withColon.value, paragraph: withColon.value === '' };
  }

  const withoutColon = matchLabelLine(`${heading}:`);
  if (withoutColon !== null && !withoutColon.listItem && withoutColon.value === '') {
    return { key: withoutColon.key, value: '', paragraph: true };
  }
  return null;
}

function setFirst<K extends string>(fields: Map<K, string>, key: K, value: string): void {
  if (!fields.has(key)) {
    fields.set(key, value);
  }
}

function joinValueLines(lines: readonly string[]): string {
  return lines
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}
