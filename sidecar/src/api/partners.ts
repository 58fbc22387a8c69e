import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Experiment } from '@praxis/shared';
import { HttpError, NotFoundError } from '../errors';
import type { Caller } from '../identity/caller';
import { csrfGuard } from '../identity/csrf';
import type { IdentityResolver } from '../identity/identity-resolver';
import type { PartnerChangeLimit } from '../partners/change-limit';
import type { JoinOutcome, PartnerStore } from '../partners/partner-store';
import { readRequestedRole } from '../partners/roles';
import type { RecordStore } from '../records/store';
import { readTopicId } from './params';
import { presentExperiment } from './present';
import type { Visibility } from './visibility';

export interface PartnerRoutesOptions {
  records: RecordStore;
  partners: PartnerStore;
  visibility: Visibility;
  identity: IdentityResolver;
  changeLimit: PartnerChangeLimit;
  forumUrl: string;
  /** The forum's session cookie name, for the cross-site request check. */
  cookieName: string;
  now: () => Date;
}

type PartnerRequest = FastifyRequest<{ Params: { topicId: string } }>;

/**
 * `POST /api/experiments/:topicId/partners` joins the calling user (optional body `{"role": ...}`)
 * and `DELETE /api/experiments/:topicId/partners/me` removes them. Both return the updated
 * experiment. The caller is the user the forum identifies by the session cookie or user API key.
 */
export async function partnerRoutes(app: FastifyInstance, options: PartnerRoutesOptions): Promise<void> {
  const { records, partners, visibility, identity, changeLimit, forumUrl, now } = options;
  const onRequest = csrfGuard(new URL(forumUrl).origin, options.cookieName);

  async function signedIn(request: PartnerRequest): Promise<Caller> {
    const caller = await identity.resolve(request);
    if (!caller) throw notSignedIn(identity.credentialOf(request) !== null);
    return caller;
  }

  /** Throws the same 404 for a missing experiment and for one in a category the caller may not read. */
  async function ensureVisible(topicId: number, caller: Caller): Promise<void> {
    const record = await records.getExperiment(topicId);
    if (!record || !(await visibility.isVisible(record, async () => caller))) throw experimentNotFound(topicId);
  }

  async function present(topicId: number): Promise<Experiment> {
    const record = await records.getExperiment(topicId);
    if (!record) throw experimentNotFound(topicId);
    return presentExperiment(record, await records.getPartners(topicId), forumUrl, now());
  }

  app.post<{ Params: { topicId: string } }>('/api/experiments/:topicId/partners', { onRequest }, async (request) => {
    const topicId = readTopicId(request.params.topicId);
    const caller = await signedIn(request);
    const role = readRequestedRole(request.body);
    await changeLimit.consume(caller.user.id);
    await ensureVisible(topicId, caller);

    const outcome = await partners.join(topicId, caller.user, role, now());
    const refusal = joinRefusal(outcome, topicId);
    if (refusal) throw refusal;

    request.log.info({ topicId, userId: caller.user.id, outcome, role }, 'join request handled');
    return present(topicId);
  });

  app.delete<{ Params: { topicId: string } }>('/api/experiments/:topicId/partners/me', { onRequest }, async (request) => {
    const topicId = readTopicId(request.params.topicId);
    const caller = await signedIn(request);
    await changeLimit.consume(caller.user.id);
    await ensureVisible(topicId, caller);

    const outcome = await partners.leave(topicId, caller.user);
    if (outcome === 'missing') throw experimentNotFound(topicId);

    request.log.info({ topicId, userId: caller.user.id, outcome }, 'leave request handled');
    return present(topicId);
  });
}

function joinRefusal(outcome: JoinOutcome, topicId: number): HttpError | null {
  switch (outcome) {
    case 'joined':
    case 'updated':
    case 'unchanged':
      return null;
    case 'missing':
      return experimentNotFound(topicId);
    case 'owner':
      return conflict('PRAXIS_PARTNER_OWNER', `you own experiment ${topicId}, so you cannot join it as a partner`);
    case 'concluded':
      return conflict('PRAXIS_PARTNER_CONCLUDED', `experiment ${topicId} is concluded (it has a decision), so it takes no new partners`);
    case 'archived':
      return conflict('PRAXIS_PARTNER_ARCHIVED', `experiment ${topicId} is archived, so it takes no new partners`);
    case 'full':
      return conflict('PRAXIS_PARTNER_FULL', `experiment ${topicId} has all the partners it wants; ask its owner to raise "Partners wanted"`);
  }
}

function conflict(code: string, message: string): HttpError {
  return new HttpError(409, code, message);
}

function notSignedIn(sentCredential: boolean): HttpError {
  const message = sentCredential
    ? 'the forum did not accept your session cookie or User-Api-Key; sign in to the forum again'
    : 'you are not signed in: sign in to the forum, or send a User-Api-Key header';
  return new HttpError(401, 'PRAXIS_NOT_SIGNED_IN', message);
}

function experimentNotFound(topicId: number): NotFoundError {
  return new NotFoundError(`experiment ${topicId} not found; check that the topic carries the experiment tag`);
}
