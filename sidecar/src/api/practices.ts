import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChangelogResponse, PracticeList } from '@praxis/shared';
import { NotFoundError } from '../errors';
import type { Caller } from '../identity/caller';
import type { RecordStore } from '../records/store';
import type { PracticeRecord } from '../records/types';
import { readBoolean, readTopicId } from './params';
import { presentPractice } from './present';
import type { CallerLookup, Visibility } from './visibility';

export interface PracticeRoutesOptions {
  records: RecordStore;
  visibility: Visibility;
  forumUrl: string;
  /** Returns the verified caller of a request, or null when signed out; without it every caller is anonymous. */
  identify?: (request: FastifyRequest) => Promise<Caller | null>;
}

export async function practiceRoutes(app: FastifyInstance, options: PracticeRoutesOptions): Promise<void> {
  const { records, visibility, forumUrl, identify } = options;
  const callerOf = (request: FastifyRequest): CallerLookup | undefined => (identify ? () => identify(request) : undefined);

  /** Lists the experiments of a practice that the caller may see and that are not archived. */
  async function visibleExperimentIds(practiceTopicId: number, caller?: CallerLookup): Promise<number[]> {
    const ids = await records.listExperimentIdsOfPractice(practiceTopicId);
    const experiments = (await Promise.all(ids.map((id) => records.getExperiment(id)))).filter(
      (record) => record !== null && !record.archived && record.practiceTopicId === practiceTopicId,
    );
    const visible = await visibility.filterVisible(experiments as NonNullable<(typeof experiments)[number]>[], caller);
    return visible.map((record) => record.topicId);
  }

  async function findPractice(topicId: number, caller?: CallerLookup): Promise<PracticeRecord> {
    const record = await records.getPractice(topicId);
    if (!record || !(await visibility.isVisible(record, caller))) {
      throw new NotFoundError(`practice ${topicId} not found; check that the topic carries the practice tag`);
    }
    return record;
  }

  app.get<{ Params: { topicId: string } }>('/api/practices/:topicId', async (request) => {
    const caller = callerOf(request);
    const record = await findPractice(readTopicId(request.params.topicId), caller);
    return presentPractice(record, await visibleExperimentIds(record.topicId, caller), forumUrl);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/practices', async (request): Promise<PracticeList> => {
    const withArchived = readBoolean(request.query.includeArchived, 'includeArchived') ?? false;
    const candidates = (await records.listPractices()).filter((record) => withArchived || !record.archived);
    const caller = callerOf(request);
    const visible = await visibility.filterVisible(candidates, caller);
    const practices = await Promise.all(
      visible.map(async (record) => presentPractice(record, await visibleExperimentIds(record.topicId, caller), forumUrl)),
    );
    return { practices };
  });

  app.get<{ Params: { topicId: string } }>('/api/practices/:topicId/changelog', async (request): Promise<ChangelogResponse> => {
    const record = await findPractice(readTopicId(request.params.topicId), callerOf(request));
    return { practiceTopicId: record.topicId, entries: await records.getChangelog(record.topicId) };
  });
}
