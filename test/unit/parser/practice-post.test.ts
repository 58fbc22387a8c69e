import { describe, expect, it } from 'vitest';
import { parsePracticePost, SUMMARY_MAX_LENGTH } from '../../../sidecar/src/threads/parser';

function summarize(raw: string): string {
  return parsePracticePost(raw).fields.summary;
}

describe('parsePracticePost summary', () => {
  it.each([
    ['Summary field', 'Intro paragraph.\n\nSummary: Short stand-ups every morning.', 'Short stand-ups every morning.'],
    ['bold Summary field', '**Summary:** Short stand-ups.', 'Short stand-ups.'],
    ['Summary heading', '## Summary\n\nShort stand-ups.\n\n## Details\n\nMore.', 'Short stand-ups.'],
    ['multi-line Summary field', 'Summary: Short\nstand-ups.', 'Short stand-ups.'],
    ['Summary field reduced', 'Summary: **Short** [stand-ups](/t/x/1).', 'Short stand-ups.'],
    ['empty Summary falls back', 'Summary:\n\nFirst paragraph.', 'First paragraph.'],
    ['first paragraph', 'First paragraph\non two lines.\n\nSecond paragraph.', 'First paragraph on two lines.'],
    ['skips heading', '# Short stand-ups\n\nWe meet for ten minutes.', 'We meet for ten minutes.'],
    ['skips image', '![diagram](upload://abc.png)\n\nWe meet.', 'We meet.'],
    ['skips image in paragraph', '![diagram](upload://abc.png)\nWe meet.', 'We meet.'],
    ['skips HTML image', '<img src="upload://abc.png">\n\nWe meet.', 'We meet.'],
    ['skips Discourse quote', '[quote="alice, post:1, topic:2"]\nTheir text.\n[/quote]\n\nWe meet.', 'We meet.'],
    ['skips blockquote', '> Their text.\n\nWe meet.', 'We meet.'],
    ['skips code', '```\ncode\n```\n\nWe meet.', 'We meet.'],
    ['skips indented code', '    code\n\nWe meet.', 'We meet.'],
    ['skips HTML comment', '<!-- praxis:marker -->\n\nWe meet.', 'We meet.'],
    ['skips thematic break', '---\n\nWe meet.', 'We meet.'],
    ['skips details tag', '[details="More"]\nWe meet.\n[/details]', 'We meet.'],
    ['list items', '- Meet daily\n- Ten minutes', 'Meet daily Ten minutes'],
    ['bold and italics', 'We **meet** _daily_ for *ten* __minutes__.', 'We meet daily for ten minutes.'],
    ['strikethrough', 'We meet ~~weekly~~ daily.', 'We meet weekly daily.'],
    ['links', 'See [the guide](https://example.com/guide) and <https://example.com/x>.', 'See the guide and https://example.com/x.'],
    ['reference link', 'See [the guide][1].\n\n[1]: https://example.com', 'See the guide.'],
    ['code span', 'Run `npm test` first.', 'Run npm test first.'],
    ['HTML tags', 'We <b>meet</b> daily.', 'We meet daily.'],
    ['escaped characters', 'Use \\*stars\\* literally.', 'Use *stars* literally.'],
    ['underscores inside words kept', 'Set snake_case_name daily.', 'Set snake_case_name daily.'],
    ['collapsed whitespace', 'We   meet\tdaily.', 'We meet daily.'],
  ])('%s', (_name, raw, expected) => {
    expect(summarize(raw)).toBe(expected);
  });

  it('no problem with text', () => {
    expect(parsePracticePost('We meet.').problems).toEqual([]);
  });
});

describe('parsePracticePost long text', () => {
  const words = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
  const summary = summarize(words);

  it('fits maximum', () => {
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
  });

  it('ends with ellipsis', () => {
    expect(summary.endsWith('…')).toBe(true);
  });

  it('cuts at word boundary', () => {
    const lastWord = summary.slice(0, -1).split(' ').pop() ?? '';
    expect(words.split(' ')).toContain(lastWord);
  });

  it('exact maximum kept', () => {
    const exact = 'a'.repeat(SUMMARY_MAX_LENGTH);
    expect(summarize(exact)).toBe(exact);
  });

  it('word ending at cut kept', () => {
    const text = `${'a'.repeat(SUMMARY_MAX_LENGTH - 1)} tail`;
    expect(summarize(text)).toBe(`${'a'.repeat(SUMMARY_MAX_LENGTH - 1)}…`);
  });

  it('one long word cut inside', () => {
    const summaryOfWord = summarize('x'.repeat(SUMMARY_MAX_LENGTH + 50));
    expect(summaryOfWord).toBe(`${'x'.repeat(SUMMARY_MAX_LENGTH - 1)}…`);
  });

  it('long Summary field cut', () => {
    expect(summarize(`Summary: ${words}`).length).toBeLessThanOrEqual(SUMMARY_MAX_LENGTH);
  });
});

describe('parsePracticePost empty', () => {
  it.each([
    ['empty', ''],
    ['whitespace', '  \n\n  '],
    ['heading only', '# Short stand-ups'],
    ['image only', '![diagram](upload://abc.png)'],
    ['quote only', '[quote="alice"]\nTheir text.\n[/quote]'],
    ['comment only', '<!-- praxis:marker -->'],
  ])('%s', (_name, raw) => {
    const { fields, problems } = parsePracticePost(raw);
    expect(fields.summary).toBe('');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe('summary');
    expect(problems[0]?.message).toContain('add a first paragraph');
    expect(problems[0]?.message).toContain('Summary:');
  });
});
