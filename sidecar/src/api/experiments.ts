import type { FastifyInstance, FastifyRequest } from 'fastify';
import { experimentStatusSchema, type Experiment, type ExperimentList } from '@praxis/shared';
import { BadRequestError, NotFoundError } from '../errors';
import type { Caller } from '../identity/caller';
import type { RecordStore } from '../records/store';
import { readBoolean, readTopicId } from './params';
import { experimentStatus, presentExperiment } from './present';
import type { Visibility } from './visibility';

export interface ExperimentRoutesOptions {
  records: RecordStore;
  visibility: Visibility;
  forumUrl: string;
  now: () => Date;
  /** Returns the verified caller of a request, or null when signed out; without it every caller is anonymous. */
  identify?: (request: FastifyRequest) => Promise<Caller | null>;
}

export async function experimentRoutes(app: FastifyInstance, options: ExperimentRoutesOptions): Promise<void> {
  const { records, visibility, forumUrl, now, identify } = options;
  const callerOf = (request: FastifyRequest) => (identify ? () => identify(request) : undefined);

  app.get<{ Params: { topicId: string } }>('/api/experiments/:topicId', async (request) => {
    const topicId = readTopicId(request.params.topicId);
    const record = await records.getExperiment(topicId);

    // A restricted experiment the caller may not read returns exactly what a missing one does, so its existence does not leak.
    if (!record || !(await visibility.isVisible(record, callerOf(request)))) {
      throw new NotFoundError(`experiment ${topicId} not found; check that the topic carries the experiment tag`);
    }
    return presentExperiment(record, await records.getPartners(topicId), forumUrl, now());
  });

  app.get<{ Querystring: Record<string, string | undefined> }>('/api/experiments', async (request): Promise<ExperimentList> => {
    const { status, practiceTopicId, includeArchived, seekingPartners } = request.query;

    const statusFilter = status === undefined ? undefined : experimentStatusSchema.safeParse(status);
    if (statusFilter && !statusFilter.success) {
      throw new BadRequestError(`status ${JSON.stringify(status)} is invalid; use one of ${experimentStatusSchema.options.join(', ')}`);
    }
    const practiceFilter = practiceTopicId === undefined ? undefined : readTopicId(practiceTopicId, 'practiceTopicId');
    const withArchived = readBoolean(includeArchived, 'includeArchived') ?? false;
    const seekingFilter = readBoolean(seekingPartners, 'seekingPartners');

    const at = now();
    const candidates = (await records.listExperiments()).filter(
      (record) =>
        (withArchived || !record.archived) &&
        (practiceFilter === undefined || record.practiceTopicId === practiceFilter) &&
        (statusFilter === undefined || experimentStatus(record, at) === statusFilter.data),
    );
    const visible = await visibility.filterVisible(candidates, callerOf(request));
    const partners = await records.getPartnersOf(visible.map((record) => record.topicId));
    const experiments = visible.map((record) => presentExperiment(record, partners.get(record.topicId) ?? [], forumUrl, at));

    if (seekingFilter === undefined) return { experiments };
    const matching = experiments.filter((experiment) => experiment.seekingPartners === seekingFilter);
    return { experiments: seekingFilter ? matching.sort(bySoonestStart) : matching };
  });
}

/** Earliest start first; experiments without a start date last; then by topic id. */
function bySoonestStart(a: Experiment, b: Experiment): number {
  const startA = a.startsAt === null ? Number.POSITIVE_INFINITY : Date.parse(a.startsAt);
  const startB = b.startsAt === null ? Number.POSITIVE_INFINITY : Date.parse(b.startsAt);
  if (startA !== startB) return startA < startB ? -1 : 1;
  return a.topicId - b.topicId;
}
