import { partnerSchema, type Partner } from '@praxis/shared';
import { BadRequestError } from '../errors';

export type PartnerRole = Partner['role'];

export const PARTNER_ROLES: readonly PartnerRole[] = partnerSchema.shape.role.options;

/** The role of a new partner whose request names none. */
export const DEFAULT_PARTNER_ROLE: PartnerRole = 'co-experimenter';

/**
 * Reads the optional `role` of a join request body. Returns null when the body names no role.
 * Any other field, `username` included, is ignored: the caller's identity comes from the forum.
 */
export function readRequestedRole(body: unknown): PartnerRole | null {
  if (body === undefined || body === null || body === '') return null;
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new BadRequestError('request body must be a JSON object such as {"role": "observer"}, or empty');
  }

  const role = (body as Record<string, unknown>).role;
  if (role === undefined || role === null) return null;
  if (typeof role === 'string' && (PARTNER_ROLES as readonly string[]).includes(role)) return role as PartnerRole;

  throw new BadRequestError(`role ${JSON.stringify(role)} is invalid; use one of ${PARTNER_ROLES.join(', ')}`, 'PRAXIS_INVALID_ROLE');
}
