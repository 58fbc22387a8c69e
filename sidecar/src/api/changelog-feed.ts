import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChangelogFeed, FeedEntry } from '@praxis/shared';
import { BadRequestError } from '../errors';
import type { Caller } from '../identity/caller';
import type { RecordStore } from '../records/store';
import { topicUrl } from '../threads/build-records';
import type { Visibility } from './visibility';

export interface ChangelogFeedOptions {
  records: RecordStore;
  visibility: Visibility;
  forumUrl: string;
  /** Returns the verified caller of a request, or null when signed out; without it every caller is anonymous. */
  identify?: (request: FastifyRequest) => Promise<Caller | null>;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

/**
 * `GET /api/changelog?since=&limit=`: the community-wide feed of practice changes, newest first.
 * Creation entries are left out: the feed is about how practices changed.
 */
export async function changelogFeedRoutes(app: FastifyInstance, options: ChangelogFeedOptions): Promise<void> {
  const { records, visibility, forumUrl, identify } = options;

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/changelog', async (request): Promise<ChangelogFeed> => {
    const since = readSince(request.query.since);
    const limit = readLimit(request.query.limit);

    const caller = identify ? () => identify(request) : undefined;
    const practices = await visibility.filterVisible(
      (await records.listPractices()).filter((practice) => !practice.archived),
      caller,
    );
    const changelogs = await records.getChangelogs(practices.map((practice) => practice.topicId));

    const entries: FeedEntry[] = practices.flatMap((practice) =>
      (changelogs.get(practice.topicId) ?? [])
        .filter((entry) => entry.kind !== 'created' && (since === null || Date.parse(entry.at) > since))
        .map((entry) => ({
          ...entry,
          practiceTopicId: practice.topicId,
          practiceTitle: practice.title,
          practiceUrl: topicUrl(forumUrl, practice.topicId, practice.slug),
        })),
    );
    entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.practiceTopicId - a.practiceTopicId);
    return { entries: entries.slice(0, limit) };
  });
}

function readSince(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new BadRequestError(`since ${JSON.stringify(value)} is not a date; use ISO 8601 such as 2027-01-15 or 2027-01-15T09:00:00Z`);
  }
  return time;
}

function readLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1 || limit > MAX_LIMIT) {
    throw new BadRequestError(`limit ${JSON.stringify(value)} is invalid; use a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}
