import type { SimUser } from '../state';

/** `BasicUserSerializer`: the user reference used in `created_by`, `last_poster`, `deleted_by`. */
export function basicUser(user: SimUser): { id: number; username: string; name: string | null; avatar_template: string } {
  return { id: user.id, username: user.username, name: user.name, avatar_template: user.avatarTemplate };
}

/** Returns the `current_user` object of `GET /session/current.json`, reduced to the identity fields. */
export function currentUser(user: SimUser): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    avatar_template: user.avatarTemplate,
    admin: user.admin,
    moderator: user.moderator,
    trust_level: user.trustLevel,
  };
}
