/*
 * Browser end-to-end tests: the theme component's widgets on the forum simulator's topic pages in
 * Chromium, against a real sidecar that the simulator serves under `/praxis/`, as the forum's nginx
 * does. Members sign in through the simulator's `/login`, so the widgets' requests carry the
 * forum's `_t` cookie, which the sidecar checks with the forum's `/session/current.json`.
 *
 * Each member gets a browser context of their own (own cookies), like separate people on separate
 * machines. Playwright starts Chromium with a fresh temporary profile directory and deletes it on
 * close. Screenshots go to test-artifacts/ for a person to look at. The tests skip, with the reason
 * in their name, only when /usr/bin/chromium is missing (`apt-get install chromium` provides it).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM } from '../helpers/chromium';
import { seedDemoCommunity, type DemoCommunity } from '../forum-simulator/seed';
import { settle, startStack, type Stack } from '../helpers/stack';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts');

/** A phone's User-Agent: with `Mobile` in it, the simulator serves the mobile layout as Discourse does. */
const PHONE_USER_AGENT = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';

interface Forum {
  stack: Stack;
  community: DemoCommunity;
  origin: string;
  /** Returns the topic's page path, `/t/{slug}/{id}`. */
  topicPath: (topicId: number) => string;
}

/** Starts a simulator and a same-origin sidecar, seeds the demo community and waits until the sidecar has read it. */
async function startForum(): Promise<Forum> {
  const stack = await startStack({ sameOrigin: true, name: 'browser' });
  const community = seedDemoCommunity(stack.sim);
  await settle(stack);

  const topicPath = (topicId: number) => {
    const topic = stack.sim.topic(topicId);
    if (!topic) throw new Error(`topic ${topicId} is not in the simulator`);
    return `/t/${topic.slug}/${topic.id}`;
  };
  return { stack, community, origin: stack.sim.baseUrl, topicPath };
}

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'forum pages in Chromium' : `forum pages in Chromium (skipped: ${CHROMIUM} is missing)`, () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Uncaught errors of every page, as `url: message`. Each test checks that none happened. */
  let pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  /** Opens a browser context of its own: one member, one set of cookies. */
  async function newMember(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-US', ...options });
    // Shorter than the test timeout, so a missing element fails with Playwright's message.
    context.setDefaultTimeout(10_000);
    contexts.push(context);
    return context;
  }

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  /** Signs in through the login form with `return_to`, which brings the member back to `path`. */
  async function signIn(forum: Forum, context: BrowserContext, username: string, path: string): Promise<Page> {
    const page = await newPage(context);
    await page.goto(`${forum.origin}/login?return_to=${encodeURIComponent(path)}`);
    await page.fill('input[name="username"]', username);
    await Promise.all([page.waitForURL(forum.origin + path), page.click('form[action="/session"] button[type="submit"]')]);
    await page.waitForSelector('html[data-praxis-mounted="true"]');
    return page;
  }

  async function open(forum: Forum, context: BrowserContext, path: string): Promise<Page> {
    const page = await newPage(context);
    await page.goto(forum.origin + path);
    await page.waitForSelector('html[data-praxis-mounted="true"]');
    return page;
  }

  function screenshot(page: Page, name: string, fullPage = true): Promise<Buffer> {
    return page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  }

  /** Returns the usernames and roles of an experiment's partners, read from the sidecar's API. */
  async function storedPartners(forum: Forum, topicId: number): Promise<Array<{ username: string; role: string }>> {
    const { status, body } = await forum.stack.get(`/api/experiments/${topicId}`);
    if (status !== 200) throw new Error(`GET /api/experiments/${topicId} returned ${status}`);
    return (body.partners as Array<{ username: string; role: string }>).map(({ username, role }) => ({ username, role }));
  }

  it('partners join until the experiment is full', async () => {
    pageErrors = [];
    const forum = await startForum();
    const topicId = forum.community.experiments.standUpTimebox;
    const path = forum.topicPath(topicId);

    // alice reads the card and joins from it.
    const aliceContext = await newMember();
    const praxisRequests: string[] = [];
    aliceContext.on('request', (request) => {
      if (request.url().includes('/api/')) praxisRequests.push(request.url());
    });
    const alice = await signIn(forum, aliceContext, 'alice', path);
    await alice.waitForSelector('.praxis-card__fields');
    expect(await alice.textContent('#topic-title h1')).toBe('Try a 10-minute stand-up timebox');
    expect(await alice.textContent('.current-user')).toBe('@alice');
    expect(await alice.isVisible('.praxis-card >> text=A 10-minute timebox keeps the stand-up focused without losing blockers.')).toBe(true);
    expect(await alice.isVisible('.praxis-card >> text=Meeting length and number of blockers raised, tracked for four weeks.')).toBe(true);
    expect(await alice.textContent('.praxis-card a[href$="/t/daily-stand-up-meeting/1"]')).toBe('Daily stand-up meeting');
    expect(await alice.textContent('.praxis-card__partner-count')).toBe('0 of 2');
    expect(await alice.isVisible('.praxis-slot--sidebar .praxis-changelog__item')).toBe(true);
    await screenshot(alice, 'e2e-experiment-card');

    await alice.selectOption('.praxis-card .praxis-join__role', 'observer');
    await alice.click('.praxis-card .praxis-join__button');
    await alice.waitForSelector('.praxis-card .praxis-join__button:has-text("Leave experiment")');
    expect(await alice.textContent('.praxis-card__partner-count')).toBe('1 of 2');
    expect(await alice.textContent('#post_1 .post-action-menu__praxis-join-partner')).toBe('Leave');
    await screenshot(alice, 'e2e-experiment-joined');

    await alice.reload();
    await alice.waitForSelector('.praxis-card__partner-count');
    expect(await alice.textContent('.praxis-card__partner-count')).toBe('1 of 2');
    expect(await alice.textContent('.praxis-card__partner-role')).toBe('Observer');
    expect(await storedPartners(forum, topicId)).toEqual([{ username: 'alice', role: 'observer' }]);
    expect(praxisRequests).toContain(`${forum.origin}/praxis/api/experiments/${topicId}/partners`);
    expect(praxisRequests.filter((url) => !url.startsWith(`${forum.origin}/praxis/api/`))).toEqual([]);

    // emeka opens the page while one place is still free.
    const emeka = await signIn(forum, await newMember(), 'emeka', path);
    await emeka.waitForSelector('.praxis-card__partner-count');
    expect(await emeka.textContent('.praxis-card__partner-count')).toBe('1 of 2');
    expect(await emeka.getAttribute('.praxis-card .praxis-join__button', 'aria-disabled')).toBe('false');

    // chen takes the last place from the post menu.
    const chen = await signIn(forum, await newMember(), 'chen', path);
    await chen.waitForSelector('.praxis-card__partner-count');
    await chen.click('#post_1 .post-action-menu__praxis-join-partner');
    await chen.click('.praxis-join__menu .praxis-join__role-option[data-role="critical-friend"]');
    await chen.waitForSelector('#post_1 .post-action-menu__praxis-join-partner:has-text("Leave")');
    expect(await chen.textContent('.praxis-card__partner-count')).toBe('2 of 2');

    // emeka's page is out of date, so the sidecar rejects the join with 409 and the card reloads.
    await emeka.click('.praxis-card .praxis-join__button');
    await emeka.waitForSelector('.praxis-card .praxis-join__status--error');
    await emeka.waitForSelector('.praxis-card__partner-count:has-text("2 of 2")');
    expect(await emeka.textContent('.praxis-card .praxis-join__status')).toContain('has all the partners it wants');
    expect(await emeka.textContent('.praxis-card .praxis-join__note')).toBe('This experiment already has the 2 partners it asked for.');
    expect(await emeka.getAttribute('.praxis-card .praxis-join__button', 'aria-disabled')).toBe('true');
    await screenshot(emeka, 'e2e-experiment-full');

    expect(await storedPartners(forum, topicId)).toEqual([
      { username: 'alice', role: 'observer' },
      { username: 'chen', role: 'critical-friend' },
    ]);
    expect(pageErrors).toEqual([]);
  });

  it('practice thread lists its changelog', async () => {
    pageErrors = [];
    const forum = await startForum();
    const { sim } = forum.stack;
    sim.reply({
      username: 'chen',
      topicId: forum.community.experiments.pairReview,
      raw: 'Decision: adapt\nChange: Risky changes get a second reviewer from another team.',
    });
    await settle(forum.stack);

    const page = await signIn(forum, await newMember(), 'bob', forum.topicPath(forum.community.practices.codeReviewChecklist));
    await page.waitForSelector('.praxis-slot--sidebar .praxis-changelog__item');

    expect(await page.textContent('.praxis-slot--sidebar .praxis-changelog__version')).toBe('Current version: 3');
    expect(await page.locator('.praxis-slot--sidebar .praxis-changelog__summary').allTextContents()).toEqual([
      'Risky changes get a second reviewer from another team.',
      'Add documentation to the checklist',
      'Practice documented',
    ]);
    expect(await page.isVisible('.praxis-slot--sidebar .praxis-changelog__source >> text=Pair review for risky changes')).toBe(true);
    expect(await page.isVisible('.praxis-slot--desktop-fallback')).toBe(false);
    expect(await page.locator('.praxis-card').count()).toBe(0);
    await screenshot(page, 'e2e-practice-changelog');
    expect(pageErrors).toEqual([]);
  });

  it('dark palette stays chosen', async () => {
    pageErrors = [];
    const forum = await startForum();
    const path = forum.topicPath(forum.community.experiments.standUpTimebox);
    const context = await newMember();

    const page = await signIn(forum, context, 'alice', `${path}?palette=dark`);
    await page.waitForSelector('.praxis-card__fields');
    expect(await page.$eval('body', (body) => getComputedStyle(body).backgroundColor)).toBe('rgb(34, 34, 34)');
    expect(await page.$eval('.praxis-card', (card) => getComputedStyle(card).color)).toBe('rgb(221, 221, 221)');
    await screenshot(page, 'e2e-experiment-dark');

    const again = await open(forum, context, path);
    expect(await again.getAttribute('html', 'class')).toContain('dark-scheme');
    const light = await open(forum, context, `${path}?palette=light`);
    expect(await light.getAttribute('html', 'class')).toContain('light-scheme');
    expect(pageErrors).toEqual([]);
  });

  it('phone layout puts the changelog below the posts', async () => {
    pageErrors = [];
    const forum = await startForum();
    const context = await newMember({ viewport: { width: 390, height: 844 }, userAgent: PHONE_USER_AGENT, isMobile: true, hasTouch: true });

    const page = await signIn(forum, context, 'emeka', forum.topicPath(forum.community.experiments.standUpTimebox));
    await page.waitForSelector('.praxis-card__fields');
    await page.waitForSelector('.topic-area-bottom-outlet .praxis-changelog__item');

    expect(await page.getAttribute('html', 'class')).toContain('mobile-view');
    expect(await page.locator('.topic-navigation-outlet').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const lastPost = await page.locator('.post-stream > :last-child').boundingBox();
    const changelog = await page.locator('.topic-area-bottom-outlet .praxis-changelog').boundingBox();
    expect(changelog!.y).toBeGreaterThan(lastPost!.y + lastPost!.height - 1);
    const card = await page.locator('.praxis-card').boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(390);

    // Viewport screenshots: a full-page one would paint the fixed progress pill mid-page.
    await screenshot(page, 'e2e-experiment-mobile', false);
    await page.locator('.topic-area-bottom-outlet .praxis-changelog').scrollIntoViewIfNeeded();
    await screenshot(page, 'e2e-changelog-mobile', false);
    expect(pageErrors).toEqual([]);
  });

  it('Log In returns to the topic', async () => {
    pageErrors = [];
    const forum = await startForum();
    const path = forum.topicPath(forum.community.experiments.asyncStandUp);
    const context = await newMember();

    const page = await open(forum, context, path);
    await page.waitForSelector('.praxis-join__button:has-text("Log in to join as partner")');
    await Promise.all([page.waitForURL(`${forum.origin}/login?**`), page.click('.d-header .current-user')]);
    await page.fill('input[name="username"]', 'fatima');
    await Promise.all([page.waitForURL(forum.origin + path), page.click('form[action="/session"] button[type="submit"]')]);
    await page.waitForSelector('.praxis-card .praxis-join__button:has-text("Join as partner")');

    expect(await page.textContent('.current-user')).toBe('@fatima');
    expect(pageErrors).toEqual([]);
  });

  it('latest topics list recent practice changes', async () => {
    pageErrors = [];
    const forum = await startForum();
    const page = await signIn(forum, await newMember(), 'alice', '/latest');
    await page.waitForSelector('.praxis-recent__item');

    const titles = await page.locator('.topic-list .title').allTextContents();
    expect(titles).toContain('Try a 10-minute stand-up timebox');
    expect(titles).not.toContain('Rotate the incident review lead');
    expect(titles).not.toContain('Question about the stand-up timebox');
    expect(await page.locator('.praxis-recent__item').count()).toBeGreaterThan(0);
    await screenshot(page, 'e2e-latest');
    expect(pageErrors).toEqual([]);
  });
});
