import type { Problem } from '@praxis/shared';
import { extractLabelledFields } from './labelled-fields';
import type { ParseResult } from './parse-result';

export type Decision = 'adopt' | 'adapt' | 'abandon';

export interface ReplyFields {
  /** Present when the reply is a reflection: it has a `Reflection:` field or either of `What happened:` / `What we learned:`. */
  reflection: {
    reflection: string | null;
    whatHappened: string | null;
    whatWeLearned: string | null;
    whatShouldChange: string | null; // label "What should change:" (alias "What should change in the practice:")
  } | null;
  /** Present when the reply has a readable `Decision:` line. */
  decision: { decision: Decision; change: string | null } | null; // `Change:` field
}

export const DECISIONS: readonly Decision[] = ['adopt', 'adapt', 'abandon'];

const REPLY_LABELS = {
  reflection: ['Reflection'],
  whatHappened: ['What happened'],
  whatWeLearned: ['What we learned'],
  whatShouldChange: ['What should change', 'What should change in the practice'],
  decision: ['Decision'],
  change: ['Change'],
} as const;

/** Past-tense forms that name a decision as well ("Decision: adopted"). */
const DECISION_WORDS = new Map<string, Decision>([
  ['adopt', 'adopt'],
  ['adopted', 'adopt'],
  ['adapt', 'adapt'],
  ['adapted', 'adapt'],
  ['abandon', 'abandon'],
  ['abandoned', 'abandon'],
]);

/** Words that may join the decision words in a template placeholder, e.g. "adopt, adapt or abandon". */
const PLACEHOLDER_JOINERS = new Set(['or', 'one', 'of']);

/**
 * Reads a reply in an experiment topic. A reply is a reflection when `Reflection:`,
 * `What happened:` or `What we learned:` has text, and a decision when `Decision:` names
 * adopt, adapt or abandon. Empty fields count as absent. A `Decision:` that is empty or
 * lists the choices as a template does ("adopt | adapt | abandon") is neither a decision
 * nor a problem. Any other unreadable decision gives a problem on `decision`.
 */
export function parseReplyPost(raw: string): ParseResult<ReplyFields> {
  const labelled = extractLabelledFields(raw, REPLY_LABELS);
  const problems: Problem[] = [];
  const text = (key: keyof typeof REPLY_LABELS): string | null => {
    const value = labelled.get(key);
    return value === undefined || value === '' ? null : value;
  };

  const reflectionText = text('reflection');
  const whatHappened = text('whatHappened');
  const whatWeLearned = text('whatWeLearned');
  const isReflection = reflectionText !== null || whatHappened !== null || whatWeLearned !== null;
  const reflection = isReflection
    ? { reflection: reflectionText, whatHappened, whatWeLearned, whatShouldChange: text('whatShouldChange') }
    : null;

  let decision: ReplyFields['decision'] = null;
  const decisionText = text('decision');
  if (decisionText !== null && !isPlaceholder(decisionText)) {
    const chosen = readDecision(decisionText);
    if (chosen === null) {
      problems.push({
        field: 'decision',
        message: `Decision "${decisionText}" is not one of adopt, adapt or abandon; write one of those words after "Decision:"`,
      });
    } else {
      decision = { decision: chosen, change: text('change') };
    }
  }

  return { fields: { reflection, decision }, problems };
}

/** Returns the decision named by the first word of the value, ignoring emphasis and case ("**Adapt** — shorter"). */
function readDecision(value: string): Decision | null {
  const firstWord = /^[^A-Za-z]*([A-Za-z]+)/.exec(value)?.[1]?.toLowerCase();
  if (firstWord === undefined) {
    return null;
  }
  return DECISION_WORDS.get(firstWord) ?? null;
}

/** Returns whether the value only lists two or more of the choices, as a template does ("adopt | adapt | abandon"). */
function isPlaceholder(value: string): boolean {
  const words = value.toLowerCase().match(/[a-z]+/g) ?? [];
  const choices = new Set(words.filter((word) => DECISIONS.includes(word as Decision)));
  const onlyChoices = words.every((word) => choices.has(word) || PLACEHOLDER_JOINERS.has(word));
  return choices.size >= 2 && onlyChoices;
}
