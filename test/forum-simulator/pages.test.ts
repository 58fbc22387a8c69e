import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_PATH } from '../../theme-component/src/build/build-bundle';
import { WIDGET_BUNDLE_URL } from './routes/pages';
import { ForumSimulator } from './server';
import { call, type Caller } from './test-client';

const HTML: Caller = { headers: { Accept: 'text/html,application/xhtml+xml' } };
const PHONE = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const IPAD = 'Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

/** Returns the JSON the page hands to its mounting script. */
function pageData(html: string): any {
  const match = /<script type="application\/json" id="praxis-page-data">(.*?)<\/script>/s.exec(html);
  if (!match) throw new Error('the page has no praxis-page-data script');
  return JSON.parse(match[1]!);
}

function asMember(cookie: string, headers: Record<string, string> = {}): Caller {
  return { cookie, headers: { ...HTML.headers, ...headers } };
}

describe('forum pages', () => {
  let sim: ForumSimulator;
  let baseUrl: string;
  let experiment: { id: number; slug: string };
  let restrictedId: number;
  let messageId: number;

  beforeEach(async () => {
    sim = new ForumSimulator();
    baseUrl = await sim.start();
    sim.addUser({ username: 'alice' });
    sim.addUser({ username: 'bob' });
    sim.addUser({ username: 'dana', moderator: true });

    const { topic } = sim.createTopic({
      username: 'bob',
      title: 'Try a ten-minute stand-up',
      tags: ['experiment'],
      raw: 'Hypothesis: A cap keeps the stand-up useful.\nPartners wanted: 2',
    });
    experiment = { id: topic.id, slug: topic.slug };
    sim.reply({ username: 'alice', topicId: topic.id, raw: 'Count me in, I will keep the timer.' });
    sim.reply({ username: 'dana', topicId: topic.id, whisper: true, raw: 'Staff note: check the on-call rota first.' });

    const staffRoom = sim.addCategory({ name: 'Staff room', readRestricted: true, allowedUsernames: ['dana'] }).id;
    restrictedId = sim.createTopic({ username: 'dana', title: 'Rotate the incident lead', categoryId: staffRoom, raw: 'Only two of us have led a review.' }).topic.id;
    messageId = sim.createTopic({
      username: 'alice',
      title: 'A private question for bob',
      archetype: 'private_message',
      targetUsernames: ['bob'],
      raw: 'Should the design team try it too?',
    }).topic.id;
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('topic page carries topic, posts and reader', async () => {
    const response = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}`, { caller: asMember(sim.login('alice')) });
    const data = pageData(response.text);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(response.text).toContain('>Try a ten-minute stand-up</a></h1>');
    expect(response.text).toContain('<article id="post_1"');
    expect(response.text).toContain('<article id="post_2"');
    expect(response.text).toContain('class="btn no-text btn-icon btn-flat post-action-menu__show-more show-more-actions"');
    expect(data.page).toBe('topic');
    expect(data.topic).toEqual({ id: experiment.id, tags: ['experiment'] });
    expect(data.currentUser).toEqual({ username: 'alice', staff: false, admin: false, moderator: false });
    expect(data.bundleUrl).toBe(WIDGET_BUNDLE_URL);
    expect(data.sidecarBase).toBe('/praxis');
    expect(data.mobile).toBe(false);
  });

  it('topic page for an anonymous reader', async () => {
    const response = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}`, { caller: HTML });

    expect(response.status).toBe(200);
    expect(pageData(response.text).currentUser).toBeNull();
    expect(response.text).toContain(`href="/login?return_to=${encodeURIComponent(`/t/${experiment.slug}/${experiment.id}`)}">Log In</a>`);
  });

  it('whispers shown to staff only', async () => {
    const member = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}`, { caller: asMember(sim.login('alice')) });
    const staff = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}`, { caller: asMember(sim.login('dana')) });

    expect(member.text).not.toContain('Staff note');
    expect(staff.text).toContain('Staff note: check the on-call rota first.');
    expect(staff.text).toContain('<div class="topic-post clearfix whisper" data-post-number="3">');
    expect(pageData(staff.text).currentUser).toEqual({ username: 'dana', staff: true, admin: false, moderator: true });
  });

  it('JSON requests keep the JSON routes', async () => {
    const byAccept = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}`, { caller: { headers: { Accept: 'application/json' } } });
    const bySuffix = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}.json`, { caller: HTML });
    const latest = await call(baseUrl, 'GET', '/latest', { caller: { headers: { Accept: 'application/json' } } });

    expect(byAccept.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(byAccept.json.id).toBe(experiment.id);
    expect(bySuffix.json.id).toBe(experiment.id);
    expect(latest.status).toBe(404);
    expect(latest.json.error_type).toBe('not_found');
  });

  it('topic id alone serves the page', async () => {
    const response = await call(baseUrl, 'GET', `/t/${experiment.id}`, { caller: HTML });

    expect(response.status).toBe(200);
    expect(pageData(response.text).topic.id).toBe(experiment.id);
  });

  it('wrong slug redirects', async () => {
    const topic = await call(baseUrl, 'GET', `/t/old-title/${experiment.id}`, { caller: HTML });
    const post = await call(baseUrl, 'GET', `/t/old-title/${experiment.id}/2`, { caller: HTML });
    const exact = await call(baseUrl, 'GET', `/t/${experiment.slug}/${experiment.id}/2`, { caller: HTML });

    expect(topic.status).toBe(301);
    expect(topic.headers.get('location')).toBe(`/t/${experiment.slug}/${experiment.id}`);
    expect(post.status).toBe(301);
    expect(post.headers.get('location')).toBe(`/t/${experiment.slug}/${experiment.id}/2`);
    expect(exact.status).toBe(200);
  });

  it('hidden topics are 404', async () => {
    const alice = asMember(sim.login('alice'));
    const restricted = await call(baseUrl, 'GET', `/t/${restrictedId}`, { caller: alice });
    const message = await call(baseUrl, 'GET', `/t/${messageId}`, { caller: HTML });
    const missing = await call(baseUrl, 'GET', '/t/missing/9999', { caller: HTML });
    const allowed = await call(baseUrl, 'GET', `/t/${restrictedId}`, { caller: asMember(sim.login('dana')) });

    expect(restricted.status).toBe(404);
    expect(restricted.text).not.toContain('Rotate the incident lead');
    expect(message.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(allowed.status).toBe(200);
  });

  it('palette from query, then cookie', async () => {
    const path = `/t/${experiment.slug}/${experiment.id}`;
    const dark = await call(baseUrl, 'GET', `${path}?palette=dark`, { caller: HTML });
    const remembered = await call(baseUrl, 'GET', path, { caller: { headers: { ...HTML.headers, Cookie: 'simulator_palette=dark' } } });
    const plain = await call(baseUrl, 'GET', path, { caller: HTML });

    expect(dark.text).toContain('<html lang="en" class="desktop-view not-mobile-device dark-scheme">');
    expect(dark.text).toContain('--secondary: #222222;');
    expect(dark.headers.get('set-cookie')).toBe('simulator_palette=dark; path=/; SameSite=Lax');
    expect(remembered.text).toContain('dark-scheme');
    expect(plain.text).toContain('light-scheme');
  });

  it('unknown palette is 400', async () => {
    const response = await call(baseUrl, 'GET', `/t/${experiment.id}?palette=blue`, { caller: HTML });

    expect(response.status).toBe(400);
    expect(response.text).toBe('palette "blue" is unknown; use palette=light or palette=dark\n');
  });

  it('mobile layout by User-Agent or choice', async () => {
    const path = `/t/${experiment.slug}/${experiment.id}`;
    const phone = await call(baseUrl, 'GET', path, { caller: { headers: { ...HTML.headers, 'User-Agent': PHONE } } });
    const ipad = await call(baseUrl, 'GET', path, { caller: { headers: { ...HTML.headers, 'User-Agent': IPAD } } });
    const chosen = await call(baseUrl, 'GET', `${path}?mobile_view=1`, { caller: HTML });
    const desktopOnPhone = await call(baseUrl, 'GET', path, { caller: { headers: { ...HTML.headers, 'User-Agent': PHONE, Cookie: 'mobile_view=0' } } });
    const auto = await call(baseUrl, 'GET', `${path}?mobile_view=auto`, { caller: HTML });

    expect(pageData(phone.text).mobile).toBe(true);
    expect(phone.text).toContain('class="mobile-view mobile-device light-scheme"');
    expect(phone.text).not.toContain('<div class="topic-navigation-outlet">');
    expect(pageData(ipad.text).mobile).toBe(false);
    expect(pageData(chosen.text).mobile).toBe(true);
    expect(chosen.headers.get('set-cookie')).toBe('mobile_view=1; path=/; SameSite=Lax');
    expect(pageData(desktopOnPhone.text).mobile).toBe(false);
    expect(auto.headers.get('set-cookie')).toBe('mobile_view=; path=/; max-age=0');
  });

  it('latest lists topics the reader may see', async () => {
    const anonymous = await call(baseUrl, 'GET', '/latest', { caller: HTML });
    const root = await call(baseUrl, 'GET', '/', { caller: HTML });
    const dana = await call(baseUrl, 'GET', '/latest', { caller: asMember(sim.login('dana')) });

    expect(anonymous.status).toBe(200);
    expect(anonymous.text).toContain(`<a class="title" href="/t/${experiment.slug}/${experiment.id}">Try a ten-minute stand-up</a>`);
    expect(anonymous.text).not.toContain('Rotate the incident lead');
    expect(anonymous.text).not.toContain('A private question for bob');
    expect(pageData(anonymous.text).page).toBe('topic-list');
    expect(pageData(root.text).page).toBe('topic-list');
    expect(root.text).toContain('>Try a ten-minute stand-up</a>');
    expect(dana.text).toContain('Rotate the incident lead');
  });

  it('serves the widget bundle', async () => {
    const response = await call(baseUrl, 'GET', WIDGET_BUNDLE_URL);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.text).toBe(await readFile(BUNDLE_PATH, 'utf8'));
  });
});

describe('sign-in return_to', () => {
  let sim: ForumSimulator;
  let baseUrl: string;

  beforeEach(async () => {
    sim = new ForumSimulator();
    baseUrl = await sim.start();
    sim.addUser({ username: 'alice' });
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('form redirects to return_to', async () => {
    const response = await call(baseUrl, 'POST', '/session', { form: { username: 'alice', return_to: '/t/some-topic/5?palette=dark' } });

    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/t/some-topic/5?palette=dark');
    expect(response.headers.get('set-cookie')).toMatch(/^_t=[0-9a-f]{32};/);
  });

  it('form ignores another host', async () => {
    for (const target of ['//evil.example/t/1', '/\\evil.example', 'https://evil.example/', '/\t/evil.example']) {
      const response = await call(baseUrl, 'POST', '/session', { form: { username: 'alice', return_to: target } });
      expect(response.headers.get('location'), target).toBe('/login');
    }
  });

  it('unknown user keeps return_to', async () => {
    const response = await call(baseUrl, 'POST', '/session', { form: { username: 'nobody', return_to: '/t/x/5' } });

    expect(response.headers.get('location')).toBe('/login?error=unknown-user&return_to=%2Ft%2Fx%2F5');
  });

  it('login page passes return_to on', async () => {
    const response = await call(baseUrl, 'GET', '/login?return_to=%2Ft%2Fx%2F5');
    const foreign = await call(baseUrl, 'GET', '/login?return_to=%2F%2Fevil.example');

    expect(response.text).toContain('<input type="hidden" name="return_to" value="/t/x/5">');
    expect(foreign.text).not.toContain('name="return_to"');
  });
});
