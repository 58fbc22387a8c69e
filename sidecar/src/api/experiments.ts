import type { FastifyInstance } from 'fastify';
import { experimentStatusSchema, type ExperimentList } from '@praxis/shared';
import { BadRequestError, NotFoundError } from '../errors';
import type { RecordStore } from '../records/store';
import { readBoolean, readTopicId } from './params';
import { experimentStatus, presentExperiment } from './present';
import type { Visibility } from './visibility';

export interface ExperimentRoutesOptions {
  records: RecordStore;
  visibility: Visibility;
  forumUrl: string;
  now: () => Date;
}

export async function experimentRoutes(app: FastifyInstance, options: ExperimentRoutesOptions): Promise<void> {
  const { records, visibility, forumUrl, now } = options;

  app.get<{ Params: { topicId: string } }>('/api/experiments/:topicId', async (request) => {
    const topicId = readTopicId(request.params.topicId);
    const record = await records.getExperiment(topicId);

    // A restricted experiment answers exactly like a missing one, so its existence does not leak.
    if (!record || !(await visibility.isPublic(record))) {
      throw new NotFoundError(`experiment ${topicId} not found; check that the topic carries the experiment tag`);
    }
    return presentExperiment(record, forumUrl, now());
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/experiments', async (request): Promise<ExperimentList> => {
    const { status, practiceTopicId, includeArchived } = request.query;

    const statusFilter = status === undefined ? undefined : experimentStatusSchema.safeParse(status);
    if (statusFilter && !statusFilter.success) {
      throw new BadRequestError(`status ${JSON.stringify(status)} is invalid; use one of ${experimentStatusSchema.options.join(', ')}`);
    }
    const practiceFilter = practiceTopicId === undefined ? undefined : readTopicId(practiceTopicId, 'practiceTopicId');
    const withArchived = readBoolean(includeArchived, 'includeArchived') ?? false;

    const at = now();
    const candidates = (await records.listExperiments()).filter(
      (record) =>
        (withArchived || !record.archived) &&
        (practiceFilter === undefined || record.practiceTopicId === practiceFilter) &&
        (statusFilter === undefined || experimentStatus(record, at) === statusFilter.data),
    );
    const visible = await visibility.filterPublic(candidates);
    return { experiments: visible.map((record) => presentExperiment(record, forumUrl, at)) };
  });
}
