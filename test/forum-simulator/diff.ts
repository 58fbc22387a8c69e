import { escapeHtml } from './text';

/*
 * Word-level HTML diffs in the shape of Discourse's `DiscourseDiff` (`lib/discourse_diff.rb`):
 * `<del>`/`<ins>` inside `inline-diff` and `revision-content` wrappers.
 * NOTE: the markup approximates Discourse's; clients should not parse it.
 */

type DiffOp = { op: 'equal' | 'delete' | 'insert'; token: string };

/** Above this many token pairs the diff falls back to "all deleted, all inserted" to stay fast. */
const MAX_DIFF_CELLS = 1_000_000;

function diffTokens(before: string[], after: string[]): DiffOp[] {
  if (before.length * after.length > MAX_DIFF_CELLS) {
    return [...before.map((token) => ({ op: 'delete' as const, token })), ...after.map((token) => ({ op: 'insert' as const, token }))];
  }

  // Longest common subsequence table, filled from the end so the walk below goes forwards.
  const rows = before.length + 1;
  const columns = after.length + 1;
  const lengths = new Uint32Array(rows * columns);
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      lengths[i * columns + j] =
        before[i] === after[j]
          ? lengths[(i + 1) * columns + j + 1]! + 1
          : Math.max(lengths[(i + 1) * columns + j]!, lengths[i * columns + j + 1]!);
    }
  }

  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length && j < after.length) {
    if (before[i] === after[j]) {
      ops.push({ op: 'equal', token: before[i]! });
      i++;
      j++;
    } else if (lengths[(i + 1) * columns + j]! >= lengths[i * columns + j + 1]!) {
      ops.push({ op: 'delete', token: before[i++]! });
    } else {
      ops.push({ op: 'insert', token: after[j++]! });
    }
  }
  while (i < before.length) ops.push({ op: 'delete', token: before[i++]! });
  while (j < after.length) ops.push({ op: 'insert', token: after[j++]! });
  return ops;
}

function htmlTokens(html: string): string[] {
  return html.match(/<[^>]+>|\s+|[^<\s]+/g) ?? [];
}

const isTag = (token: string): boolean => token.startsWith('<');

/** Renders one side of a diff: equal tokens plus this side's changes, text changes wrapped in `tag`. */
function renderSide(ops: DiffOp[], side: 'delete' | 'insert', tag: 'del' | 'ins'): string {
  return ops
    .filter((entry) => entry.op === 'equal' || entry.op === side)
    .map((entry) => (entry.op === 'equal' || isTag(entry.token) ? entry.token : `<${tag}>${entry.token}</${tag}>`))
    .join('');
}

function renderInline(ops: DiffOp[]): string {
  return ops
    .map((entry) => {
      if (entry.op === 'equal') return entry.token;
      if (isTag(entry.token)) return entry.op === 'insert' ? entry.token : '';
      return entry.op === 'insert' ? `<ins>${entry.token}</ins>` : `<del>${entry.token}</del>`;
    })
    .join('');
}

export function inlineHtmlDiff(before: string, after: string): string {
  return `<div class="inline-diff">${renderInline(diffTokens(htmlTokens(before), htmlTokens(after)))}</div>`;
}

export function sideBySideHtmlDiff(before: string, after: string): string {
  const ops = diffTokens(htmlTokens(before), htmlTokens(after));
  return (
    `<div class="revision-content">${renderSide(ops, 'delete', 'del')}</div>` +
    `<div class="revision-content">${renderSide(ops, 'insert', 'ins')}</div>`
  );
}

/** Diff of the raw Markdown, escaped, as a two-column table. */
export function sideBySideMarkdownDiff(before: string, after: string): string {
  const ops = diffTokens(htmlTokens(escapeHtml(before)), htmlTokens(escapeHtml(after)));
  return (
    `<table class="markdown"><tr><td>${renderSide(ops, 'delete', 'del')}</td>` +
    `<td>${renderSide(ops, 'insert', 'ins')}</td></tr></table>`
  );
}
