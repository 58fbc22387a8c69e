/*
 * Entry point of the widget bundle (`javascripts/discourse/lib/praxis-widgets.js`). The Discourse
 * initializer imports it; so do the test pages, which load the same file in a plain browser.
 */
export { ApiError, PraxisClient, clientFor } from './api-client';
export { ChangelogElement, type TopicKind } from './changelog';
export type { CurrentUser, PraxisConfig } from './config';
export { ExperimentCardElement } from './experiment-card';
export { JoinPartnerElement } from './join-partner';
export { MESSAGE_KEYS, createTranslator, type MessageKey, type MessageTree, type Translate } from './messages';
export { RecentChangesElement } from './recent-changes';
export { ELEMENT_NAMES, registerPraxisElements } from './register';
export { topicKindOf, type TagSettings, type TopicTag } from './topic-kind';
