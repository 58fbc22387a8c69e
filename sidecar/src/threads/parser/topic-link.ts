export type TopicLinkReading = { topicId: number; problem: null } | { topicId: null; problem: string };

const MARKDOWN_LINK = /^\[[^\]]*\]\(\s*<?([^\s)>]+)>?(?:\s+["'(][^)]*)?\)/;
const ANGLE_LINK = /^<([^>\s]+)>/;
/** Punctuation that ends a sentence around a bare link rather than belonging to it. */
const TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/;
const DIGITS = /^\d+$/;

/**
 * Reads a `Practice:` value as a link to a topic on the forum at `forumUrl` and returns the
 * topic id. Accepted: `/t/slug/123`, `/t/123`, `/t/slug/123/4` (the post number is ignored),
 * the full URL under `forumUrl` including its subfolder, and any of these inside Markdown
 * link syntax, angle brackets or as a bare link. After `/t/`, an all-digit first segment is
 * the id, else the second segment must be. Links match the forum by host and port, so
 * http and https links to the forum both count.
 *
 * `forumUrl` must be an absolute URL, as the sidecar's configuration checks. An invalid one
 * makes `new URL` throw.
 */
export function readTopicLink(text: string, forumUrl: string): TopicLinkReading {
  const written = text.trim();
  const forum = new URL(forumUrl);
  const forumPath = forum.pathname.replace(/\/+$/, '');
  const example = `${forum.origin}${forumPath}/t/slug/123`;
  const problem = `Practice link "${written}" is not a topic on this forum; paste the practice topic's link, like ${example}`;

  const link = extractLink(written);
  if (link === null) {
    return { topicId: null, problem };
  }

  const path = forumRelativePath(link, forum, forumPath);
  const topicId = path === null ? null : topicIdFromPath(path);
  if (topicId === null) {
    return { topicId: null, problem };
  }
  return { topicId, problem: null };
}

/** Returns the link target in Markdown link syntax, angle brackets, or the first word of the text. */
function extractLink(text: string): string | null {
  const unwrapped = text.replace(/^[*_]+/, '');

  const markdown = MARKDOWN_LINK.exec(unwrapped);
  if (markdown !== null) {
    return markdown[1] ?? null;
  }

  const angle = ANGLE_LINK.exec(unwrapped);
  if (angle !== null) {
    return angle[1] ?? null;
  }

  const firstWord = unwrapped.split(/\s+/)[0] ?? '';
  const bare = firstWord.replace(/[*_]+$/, '').replace(TRAILING_PUNCTUATION, '');
  return bare === '' ? null : bare;
}

/**
 * Returns the link's path below the forum's base path, starting with "/", or null when the link
 * points elsewhere. A root-relative link may include the forum's subfolder or leave it out.
 */
function forumRelativePath(link: string, forum: URL, forumPath: string): string | null {
  if (link.startsWith('/') && !link.startsWith('//')) {
    const path = stripQueryAndFragment(link);
    return stripBasePath(path, forumPath) ?? path;
  }

  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }

  const sameForum =
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.hostname.toLowerCase() === forum.hostname.toLowerCase() &&
    url.port === forum.port;
  if (!sameForum) {
    return null;
  }
  return stripBasePath(url.pathname, forumPath);
}

function stripBasePath(path: string, basePath: string): string | null {
  if (basePath === '') {
    return path;
  }
  if (path.toLowerCase().startsWith(`${basePath.toLowerCase()}/`)) {
    return path.slice(basePath.length);
  }
  return null;
}

function stripQueryAndFragment(path: string): string {
  return path.replace(/[?#].*$/, '');
}

function topicIdFromPath(path: string): number | null {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0] !== 't') {
    return null;
  }

  const first = segments[1] ?? '';
  const second = segments[2] ?? '';
  const idText = DIGITS.test(first) ? first : second;
  if (!DIGITS.test(idText)) {
    return null;
  }

  const id = Number(idText);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}
