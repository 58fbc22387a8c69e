import type { DecisionRecord } from '../records/types';

export interface AnnouncementText {
  experimentTitle: string;
  experimentUrl: string;
  decision: DecisionRecord;
  marker: string;
}

/**
 * Builds the notice posted in a practice's thread when an experiment adopts or adapts it. The marker is an
 * HTML comment: Discourse drops comments from the rendered post, so readers do not see it.
 */
export function announcementRaw(text: AnnouncementText): string {
  const verb = text.decision.decision === 'adopt' ? 'adopted' : 'adapted';
  const lines = [
    `**This practice changed.** The experiment [${escapeLinkText(text.experimentTitle)}](${text.experimentUrl}) concluded, and @${text.decision.username} ${verb} the change it tested.`,
  ];
  if (text.decision.change) lines.push('', `> ${text.decision.change.replaceAll('\n', '\n> ')}`);
  lines.push('', 'The practice changelog lists every change and the experiment behind it.', '', text.marker);
  return lines.join('\n');
}

/** Builds the idempotency marker of the announcement for one decision post. */
export function announcementMarker(experimentTopicId: number, decisionPostNumber: number): string {
  return `<!-- praxis-announcement experiment=${experimentTopicId} decision-post=${decisionPostNumber} -->`;
}

function escapeLinkText(title: string): string {
  return title.replace(/[[\]]/g, (character) => `\\${character}`);
}
