import { describe, expect, it } from 'vitest';
import { extractLabelledFields } from '../../../sidecar/src/threads/parser/labelled-fields';
import { toVisibleLines } from '../../../sidecar/src/threads/parser/visible-lines';

const LABELS = {
  hypothesis: ['Hypothesis', 'Prediction'],
  measure: ['Measure'],
  decision: ['Decision'],
  partnersWanted: ['Partners wanted'],
} as const;

function read(raw: string): Map<string, string> {
  return extractLabelledFields(raw, LABELS);
}

describe('extractLabelledFields label forms', () => {
  it.each([
    ['plain', 'Hypothesis: we sleep better'],
    ['bold label and colon', '**Hypothesis:** we sleep better'],
    ['bold label, colon outside', '**Hypothesis**: we sleep better'],
    ['underscore bold', '__Hypothesis:__ we sleep better'],
    ['underscore bold, colon outside', '__Hypothesis__: we sleep better'],
    ['italic', '*Hypothesis:* we sleep better'],
    ['underscore italic', '_Hypothesis_: we sleep better'],
    ['whole line bold', '**Hypothesis: we sleep better**'],
    ['dash list item', '- Hypothesis: we sleep better'],
    ['star list item', '* Hypothesis: we sleep better'],
    ['numbered list item', '1. Hypothesis: we sleep better'],
    ['bold in list item', '- **Hypothesis:** we sleep better'],
    ['surrounding whitespace', '   Hypothesis  :   we sleep better   '],
    ['lower case', 'hypothesis: we sleep better'],
    ['upper case', 'HYPOTHESIS: we sleep better'],
    ['alias', 'Prediction: we sleep better'],
    ['heading', '## Hypothesis\nwe sleep better'],
    ['heading with colon', '### Hypothesis:\n\nwe sleep better'],
    ['bold heading', '## **Hypothesis**\n\nwe sleep better'],
    ['heading with closing hashes', '## Hypothesis ##\n\nwe sleep better'],
    ['heading with inline value', '## Hypothesis: we sleep better'],
    ['Windows line endings', 'Intro\r\n\r\n## Hypothesis\r\n\r\nwe sleep better\r\n'],
  ])('%s', (_name, raw) => {
    expect(read(raw).get('hypothesis')).toBe('we sleep better');
  });

  it('label with inner spaces', () => {
    expect(read('Partners   WANTED: 3').get('partnersWanted')).toBe('3');
  });

  it('unknown label ignored', () => {
    const fields = read('Owner: alice\nHypothesis: x');
    expect(fields.size).toBe(1);
    expect(fields.get('hypothesis')).toBe('x');
  });

  it('missing label absent', () => {
    expect(read('Just some text.').has('hypothesis')).toBe(false);
  });

  it('empty value kept as empty string', () => {
    expect(read('Hypothesis:\n\nMeasure: m').get('hypothesis')).toBe('');
  });

  it('first occurrence wins', () => {
    expect(read('Hypothesis: first\n\nHypothesis: second').get('hypothesis')).toBe('first');
  });

  it('first occurrence wins over alias', () => {
    expect(read('Prediction: first\nHypothesis: second').get('hypothesis')).toBe('first');
  });

  it('text before a colon is no label', () => {
    expect(read('We think this: Hypothesis: nope').has('hypothesis')).toBe(false);
  });

  it('heading without a label is no field', () => {
    expect(read('## Background\n\nHypothesis is the wrong word here').has('hypothesis')).toBe(false);
  });
});

describe('extractLabelledFields multi-line values', () => {
  it('continues until blank line', () => {
    const fields = read('Hypothesis: we will\n  sleep better\nand focus more\n\nAfter text');
    expect(fields.get('hypothesis')).toBe('we will\nsleep better\nand focus more');
  });

  it('continues until next known label', () => {
    const fields = read('Hypothesis: we will\nsleep better\nMeasure: hours');
    expect(fields.get('hypothesis')).toBe('we will\nsleep better');
    expect(fields.get('measure')).toBe('hours');
  });

  it('continues across unknown label line', () => {
    expect(read('Hypothesis: we will\nNote: this too').get('hypothesis')).toBe('we will\nNote: this too');
  });

  it('value starting on next line', () => {
    expect(read('**Hypothesis:**\nwe sleep better\nmore').get('hypothesis')).toBe('we sleep better\nmore');
  });

  it('stops at heading', () => {
    expect(read('Hypothesis: x\n## Next').get('hypothesis')).toBe('x');
  });

  it('stops at thematic break', () => {
    expect(read('Hypothesis: x\n\n---\ny').get('hypothesis')).toBe('x');
  });

  it('list item stops at next list item', () => {
    const fields = read('- Hypothesis: x\n- Owner: alice\n- Measure: m');
    expect(fields.get('hypothesis')).toBe('x');
    expect(fields.get('measure')).toBe('m');
  });

  it('plain value keeps following list', () => {
    expect(read('Hypothesis: we will\n- sleep\n- focus').get('hypothesis')).toBe('we will\n- sleep\n- focus');
  });

  it('heading paragraph stops at blank line', () => {
    const fields = read('## Hypothesis\n\nline one\nline two\n\nnot part');
    expect(fields.get('hypothesis')).toBe('line one\nline two');
  });

  it('heading paragraph stops at next heading', () => {
    const fields = read('## Hypothesis\nline one\n## Measure\nhours');
    expect(fields.get('hypothesis')).toBe('line one');
    expect(fields.get('measure')).toBe('hours');
  });

  it('heading followed by heading is empty', () => {
    expect(read('## Hypothesis\n\n## Other\n\ntext').get('hypothesis')).toBe('');
  });
});

describe('extractLabelledFields ignored text', () => {
  it.each([
    ['backtick fence', '```\nDecision: adopt\n```'],
    ['tilde fence', '~~~md\nDecision: adopt\n~~~'],
    ['longer fence with shorter inner fence', '````\n```\nDecision: adopt\n```\n````'],
    ['indented fence in list', '- item\n\n    ```\n    Decision: adopt\n    ```'],
    ['unclosed fence', '```\nDecision: adopt'],
    ['indented code', 'Intro\n\n    Decision: adopt'],
    ['tab-indented code', 'Intro\n\n\tDecision: adopt'],
    ['blockquote', '> Decision: adopt'],
    ['nested blockquote', '> > Decision: adopt'],
    ['indented blockquote', '   > Decision: adopt'],
    ['blockquote lazy continuation', '> alice wrote\nDecision: adopt'],
    ['Discourse quote', '[quote="alice, post:3, topic:12"]\nDecision: adopt\n[/quote]'],
    ['Discourse quote on one line', '[quote="alice, post:3, topic:12"]Decision: adopt[/quote]'],
    ['bare Discourse quote', '[quote]\nDecision: adopt\n[/quote]'],
    ['upper-case Discourse quote', '[QUOTE="alice"]\nDecision: adopt\n[/QUOTE]'],
    [
      'nested Discourse quote',
      '[quote="bob, post:4, topic:12"]\n[quote="alice, post:3, topic:12"]\nx\n[/quote]\nDecision: adopt\n[/quote]',
    ],
    ['HTML comment', '<!-- Decision: adopt -->'],
    ['multi-line HTML comment', '<!--\npraxis marker\nDecision: adopt\n-->'],
  ])('%s', (_name, raw) => {
    expect(read(raw).has('decision')).toBe(false);
  });

  it('text after Discourse quote read', () => {
    const raw = '[quote="alice, post:3, topic:12"]\nDecision: adopt\n[/quote]\nDecision: abandon';
    expect(read(raw).get('decision')).toBe('abandon');
  });

  it('text after nested Discourse quote read', () => {
    const raw = '[quote]\n[quote]\nDecision: adopt\n[/quote]\nstill quoted\n[/quote]\n\nDecision: adapt';
    expect(read(raw).get('decision')).toBe('adapt');
  });

  it('text after fence read', () => {
    expect(read('```\nDecision: adopt\n```\nDecision: adapt').get('decision')).toBe('adapt');
  });

  it('text after blank line past blockquote read', () => {
    expect(read('> alice wrote\n\nDecision: adapt').get('decision')).toBe('adapt');
  });

  it('list item after blockquote read', () => {
    expect(read('> alice wrote\n- Decision: adapt').get('decision')).toBe('adapt');
  });

  it('text after HTML comment read', () => {
    expect(read('<!-- praxis:reflection-prompt -->\nDecision: adapt').get('decision')).toBe('adapt');
  });

  it('inline HTML comment removed from value', () => {
    expect(read('Decision: adapt <!-- praxis:marker -->').get('decision')).toBe('adapt');
  });

  it('quote tag inside code span opens no quote', () => {
    expect(read('Use `[quote]` to cite.\nDecision: adapt').get('decision')).toBe('adapt');
  });

  it('quote ends a multi-line value', () => {
    const raw = 'Hypothesis: x\n[quote="alice"]\nquoted\n[/quote]\nafter';
    expect(read(raw).get('hypothesis')).toBe('x');
  });

  it('continuation of list item not code', () => {
    expect(read('- item\n\n    Decision: adapt').get('decision')).toBe('adapt');
  });

  it('indented continuation of paragraph not code', () => {
    expect(read('Hypothesis: we will\n    sleep better').get('hypothesis')).toBe('we will\nsleep better');
  });
});

describe('toVisibleLines', () => {
  it('keeps line count', () => {
    const raw = 'a\n```\ncode\n```\n> quote\n[quote]\nq\n[/quote]\n<!--\nc\n-->\nb';
    expect(toVisibleLines(raw)).toHaveLength(raw.split('\n').length);
  });

  it('blanks ignored lines', () => {
    const raw = 'a\n```\ncode\n```\n> quote\n\nb';
    expect(toVisibleLines(raw)).toEqual(['a', '', '', '', '', '', 'b']);
  });
});
