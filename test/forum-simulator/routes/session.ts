import { expiredTokenCookie, newToken, tokenCookie } from '../auth';
import { escapeHtml } from '../text';
import { stringParam } from '../http/params';
import { defineRoute, type RequestContext, type Route, type RouteResponse } from '../http/router';
import { currentUser } from '../serializers/users';
import type { RouteServices } from './services';

/*
 * Sessions: `GET /session/current.json` as `SessionController#current` returns it, plus a demo
 * sign-in page. The demo form takes a username and no password, and it skips the CSRF check that
 * Discourse's own login has, because it exists only to give a browser a `_t` cookie. Its
 * `return_to` parameter (a path on this forum) is the simulator's own: after signing in, the form
 * redirects there instead of back to `/login`.
 */

/** Anonymous CSRF tokens kept at most; older ones are forgotten first. */
const MAX_ANONYMOUS_CSRF_TOKENS = 1000;

export function sessionRoutes(services: RouteServices): Route[] {
  return [
    defineRoute('GET', '/session/current', 'session#current', (context) => {
      const user = context.auth.user;
      if (!user) return { status: 404, json: null };
      return { json: { current_user: currentUser(user) }, headers: { 'X-Discourse-Username': user.username } };
    }),

    defineRoute('GET', '/session/csrf', 'session#csrf', (context) => ({ json: { csrf: csrfToken(services, context) } })),

    defineRoute('POST', '/session', 'session#create', (context) => signIn(services, context), { csrfExempt: true }),

    defineRoute('DELETE', '/session/:username', 'session#destroy', (context) => {
      if (context.auth.session) context.auth.session.revoked = true;
      context.setCookies.push(expiredTokenCookie());
      return { json: { success: 'OK', redirect_url: '/' } };
    }),

    defineRoute('GET', '/login', 'session#login', (context) => ({ html: loginPage(services, context) }), { format: 'html' }),
  ];
}

function csrfToken(services: RouteServices, context: RequestContext): string {
  if (context.auth.session) return context.auth.session.csrfToken;

  const token = newToken(32);
  services.anonymousCsrfTokens.add(token);
  if (services.anonymousCsrfTokens.size > MAX_ANONYMOUS_CSRF_TOKENS) {
    const oldest = services.anonymousCsrfTokens.values().next().value;
    if (oldest !== undefined) services.anonymousCsrfTokens.delete(oldest);
  }
  return token;
}

/**
 * Signs in by username (`login` or `username`). A form post is redirected to its `return_to` path,
 * or back to `/login` without one.
 */
function signIn(services: RouteServices, context: RequestContext): RouteResponse {
  const username = stringParam(context.params.login) ?? stringParam(context.params.username) ?? '';
  const user = services.state.userByName(username.trim());
  const fromForm = (context.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
  const returnTo = localPath(context.params.return_to);

  if (!user || !user.active || user.suspended) {
    const query = new URLSearchParams({ error: 'unknown-user' });
    if (returnTo) query.set('return_to', returnTo);
    if (fromForm) return { status: 302, json: null, headers: { Location: `/login?${query}` } };
    return { json: { error: 'Incorrect username, email or password' } };
  }

  const session = services.authenticator.createSession(user.id);
  context.setCookies.push(tokenCookie(session.token));

  if (fromForm) return { status: 302, json: null, headers: { Location: returnTo ?? '/login' } };
  return { json: { user: currentUser(user) } };
}

/**
 * Returns the value when it is a path on this forum, or null. `//host` and `/\host` are rejected
 * because browsers follow them to another host, which would make the form an open redirect.
 */
function localPath(value: unknown): string | null {
  const path = stringParam(value);
  if (!path || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return null;
  if (/[\u0000-\u001f\u007f]/.test(path)) return null;
  return path;
}

function loginPage(services: RouteServices, context: RequestContext): string {
  const user = context.auth.user;
  const error = context.params.error === 'unknown-user' ? '<p class="error">No user with that username.</p>' : '';
  const returnTo = localPath(context.params.return_to);
  const returnField = returnTo ? `<input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">` : '';
  const returnLink = returnTo ? `<p><a href="${escapeHtml(returnTo)}">Back to ${escapeHtml(returnTo)}</a></p>` : '';
  const members = [...services.state.users.values()]
    .filter((member) => member.id > 0)
    .map((member) => `<li><code>${escapeHtml(member.username)}</code>${member.admin ? ' (admin)' : member.moderator ? ' (moderator)' : ''}</li>`)
    .join('');

  const status = user
    ? `<p>Signed in as <strong>${escapeHtml(user.username)}</strong>.</p>
<button id="sign-out">Sign out</button>
<script>
document.getElementById('sign-out').addEventListener('click', async () => {
  const { csrf } = await (await fetch('/session/csrf.json')).json();
  await fetch('/session/current.json', { method: 'DELETE', headers: { 'X-CSRF-Token': csrf } });
  location.reload();
});
</script>`
    : '<p>Not signed in.</p>';

  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Forum simulator: sign in</title></head>
<body>
<h1>Forum simulator: sign in</h1>
<p>Demo only: this page signs in by username without a password.</p>
${status}
${returnLink}
${error}
<form method="post" action="/session">
  ${returnField}
  <label>Username <input name="username" autocomplete="username" required></label>
  <button type="submit">Sign in</button>
</form>
<h2>Members</h2>
<ul>${members}</ul>
</body></html>
`;
}
