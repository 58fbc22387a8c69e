import type { PraxisClient } from './api-client';
import { clientFor } from './api-client';
import type { Translate } from './messages';

/** The signed-in reader, as far as the widgets need it. Discourse's `currentUser` has these fields. */
export interface CurrentUser {
  username: string;
  staff?: boolean;
  admin?: boolean;
  moderator?: boolean;
}

/**
 * Settings and context every widget element takes from its host page. The Discourse initializer
 * builds it from the theme settings and the current user, and test pages build it by hand.
 */
export interface PraxisConfig {
  /** Base URL of the sidecar; a trailing slash is optional. `/praxis` means same-origin under the forum host. */
  apiBase: string;
  t: Translate;
  /** Null for a signed-out reader. */
  currentUser: CurrentUser | null;
  /** Login page URL for signed-out readers; `/login` unless the forum lives in a subfolder. */
  loginUrl?: string;
  /** Path prefix of a forum installed in a subfolder (`/forum`), used for `/u/<username>` links; empty by default. */
  forumPrefix?: string;
  /** The reader's IANA time zone; the browser's zone when missing. */
  timeZone?: string;
  /** BCP 47 locale for dates; Discourse's `pt_BR` style is accepted too. The browser's locale when missing. */
  locale?: string;
  /** Replaces `window.location.assign` for the login redirect, so tests and hosts can observe it. */
  navigate?: (url: string) => void;
  /** The API client; by default one shared client per `apiBase`, so all widgets on a page share its cache. */
  client?: PraxisClient;
}

export function clientOf(config: PraxisConfig): PraxisClient {
  return config.client ?? clientFor(config.apiBase);
}

export function navigateTo(config: PraxisConfig, url: string): void {
  if (config.navigate) config.navigate(url);
  else window.location.assign(url);
}

export function loginUrlOf(config: PraxisConfig): string {
  return config.loginUrl ?? '/login';
}

/** Compares usernames as Discourse does: case-insensitively. */
export function sameUsername(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function isStaff(user: CurrentUser | null): boolean {
  return Boolean(user && (user.staff || user.admin || user.moderator));
}

export function userPath(config: PraxisConfig, username: string): string {
  return `${config.forumPrefix ?? ''}/u/${encodeURIComponent(username)}`;
}
