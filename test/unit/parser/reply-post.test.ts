import { describe, expect, it } from 'vitest';
import { parseReplyPost } from '../../../sidecar/src/threads/parser';

const TEMPLATE = `Time to reflect on this experiment.

**What happened:**
**What we learned:**
**What should change in the practice:**
**Decision:** adopt | adapt | abandon
**Change:**
`;

describe('parseReplyPost reflection', () => {
  it('all fields', () => {
    const raw = [
      'Reflection: it went well',
      'What happened: we met daily',
      'What we learned: shorter is fine',
      'What should change: nothing',
    ].join('\n');
    expect(parseReplyPost(raw).fields.reflection).toEqual({
      reflection: 'it went well',
      whatHappened: 'we met daily',
      whatWeLearned: 'shorter is fine',
      whatShouldChange: 'nothing',
    });
  });

  it.each([
    ['Reflection', 'Reflection: fine'],
    ['What happened', 'What happened: we met'],
    ['What we learned', '**What we learned:** a lot'],
    ['heading', '## What happened\n\nWe met daily.'],
  ])('reflection from %s', (_name, raw) => {
    expect(parseReplyPost(raw).fields.reflection).not.toBeNull();
  });

  it('alias for what should change', () => {
    const raw = 'What happened: x\nWhat should change in the practice: shorter';
    expect(parseReplyPost(raw).fields.reflection?.whatShouldChange).toBe('shorter');
  });

  it('only what should change is no reflection', () => {
    expect(parseReplyPost('What should change: shorter').fields.reflection).toBeNull();
  });

  it('empty fields absent', () => {
    const raw = 'What happened: we met\nWhat we learned:\nWhat should change:';
    expect(parseReplyPost(raw).fields.reflection).toEqual({
      reflection: null,
      whatHappened: 'we met',
      whatWeLearned: null,
      whatShouldChange: null,
    });
  });

  it('multi-line field', () => {
    const raw = 'What happened: we met\nevery day\nWhat we learned: x';
    expect(parseReplyPost(raw).fields.reflection?.whatHappened).toBe('we met\nevery day');
  });

  it('ordinary reply', () => {
    expect(parseReplyPost('Nice idea, count me in!').fields).toEqual({ reflection: null, decision: null });
  });

  it('quoted reflection ignored', () => {
    const raw = '[quote="alice, post:3, topic:12"]\nWhat happened: we met\n[/quote]\nI agree.';
    expect(parseReplyPost(raw).fields.reflection).toBeNull();
  });
});

describe('parseReplyPost template', () => {
  const { fields, problems } = parseReplyPost(TEMPLATE);

  it('no reflection', () => {
    expect(fields.reflection).toBeNull();
  });

  it('no decision', () => {
    expect(fields.decision).toBeNull();
  });

  it('no problems', () => {
    expect(problems).toEqual([]);
  });
});

describe('parseReplyPost decision', () => {
  it.each([
    ['plain', 'Decision: adopt', 'adopt'],
    ['upper case', 'Decision: ADAPT', 'adapt'],
    ['bold value', 'Decision: **Abandon**', 'abandon'],
    ['bold label', '**Decision:** adopt', 'adopt'],
    ['bold with more words', 'Decision: **Adapt** — keep it but shorter', 'adapt'],
    ['punctuation', 'Decision: adopt!', 'adopt'],
    ['more words', 'Decision: adopt, with the changes below', 'adopt'],
    ['past tense', 'Decision: adopted', 'adopt'],
    ['list item', '- Decision: abandon', 'abandon'],
    ['heading', '## Decision\n\nAdapt', 'adapt'],
  ])('%s', (_name, raw, expected) => {
    const { fields, problems } = parseReplyPost(raw);
    expect(fields.decision?.decision).toBe(expected);
    expect(problems).toEqual([]);
  });

  it('change field', () => {
    const raw = 'Decision: adapt\nChange: ten minutes instead of fifteen';
    expect(parseReplyPost(raw).fields.decision).toEqual({ decision: 'adapt', change: 'ten minutes instead of fifteen' });
  });

  it('empty change', () => {
    expect(parseReplyPost('Decision: adopt\nChange:').fields.decision).toEqual({ decision: 'adopt', change: null });
  });

  it('change without decision ignored', () => {
    expect(parseReplyPost('Change: shorter').fields.decision).toBeNull();
  });

  it('decision with reflection', () => {
    const { fields } = parseReplyPost('What happened: we met\nDecision: adopt');
    expect(fields.reflection?.whatHappened).toBe('we met');
    expect(fields.decision?.decision).toBe('adopt');
  });

  it.each([
    ['pipes', 'Decision: adopt | adapt | abandon'],
    ['slashes', 'Decision: adopt / adapt / abandon'],
    ['bracketed', 'Decision: [adopt | adapt | abandon]'],
    ['words', 'Decision: adopt, adapt or abandon'],
    ['one of', 'Decision: one of adopt, adapt, abandon'],
    ['empty', 'Decision:'],
    ['blank', 'Decision:    '],
  ])('placeholder %s ignored', (_name, raw) => {
    const { fields, problems } = parseReplyPost(raw);
    expect(fields.decision).toBeNull();
    expect(problems).toEqual([]);
  });

  it('maybe is a problem', () => {
    const { fields, problems } = parseReplyPost('Decision: maybe');
    expect(fields.decision).toBeNull();
    expect(problems).toEqual([
      {
        field: 'decision',
        message: 'Decision "maybe" is not one of adopt, adapt or abandon; write one of those words after "Decision:"',
      },
    ]);
  });

  it('mixed words are a problem', () => {
    expect(parseReplyPost('Decision: not sure between adopt and adapt').problems).toHaveLength(1);
  });

  it.each([
    ['Discourse quote', '[quote="alice, post:3, topic:12"]\nDecision: adopt\n[/quote]\nI disagree.'],
    ['blockquote', '> Decision: adopt\n\nI disagree.'],
    ['code', '```\nDecision: adopt\n```'],
    ['HTML comment', '<!-- Decision: adopt -->'],
  ])('quoted decision in %s ignored', (_name, raw) => {
    const { fields, problems } = parseReplyPost(raw);
    expect(fields.decision).toBeNull();
    expect(problems).toEqual([]);
  });

  it('own decision after quoted one', () => {
    const raw = '[quote="alice, post:3, topic:12"]\nDecision: adopt\n[/quote]\nDecision: abandon';
    expect(parseReplyPost(raw).fields.decision?.decision).toBe('abandon');
  });
});
