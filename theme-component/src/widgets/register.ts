import { ChangelogElement } from './changelog';
import { ExperimentCardElement } from './experiment-card';
import { JoinPartnerElement } from './join-partner';
import { RecentChangesElement } from './recent-changes';

export const ELEMENT_NAMES = {
  experimentCard: 'praxis-experiment-card',
  joinPartner: 'praxis-join-partner',
  changelog: 'praxis-changelog',
  recentChanges: 'praxis-recent-changes',
} as const;

/**
 * Defines the widget elements. Safe to call more than once (Discourse may run an initializer
 * again in tests), because a name that is already defined is skipped.
 */
export function registerPraxisElements(registry: CustomElementRegistry = customElements): void {
  const definitions: [string, CustomElementConstructor][] = [
    [ELEMENT_NAMES.experimentCard, ExperimentCardElement],
    [ELEMENT_NAMES.joinPartner, JoinPartnerElement],
    [ELEMENT_NAMES.changelog, ChangelogElement],
    [ELEMENT_NAMES.recentChanges, RecentChangesElement],
  ];
  for (const [name, constructor] of definitions) {
    if (!registry.get(name)) registry.define(name, constructor);
  }
}
