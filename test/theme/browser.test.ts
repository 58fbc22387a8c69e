/*
 * Browser tests: the built bundle on Discourse-shaped pages in Chromium, against a fake sidecar.
 * Screenshots go to test-artifacts/ for a person to look at. The tests skip, with the reason in
 * their name, only when /usr/bin/chromium is missing (`apt-get install chromium` provides it).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, HAS_CHROMIUM } from '../helpers/chromium';
import type { CurrentUser } from '../../theme-component/src/widgets/config';
import { FakeSidecar } from './fake-sidecar';
import { THEME_DIR } from './locale';
import { BUNDLE_URL, SIDECAR_BASE, startPageServer, type PageServer } from './page-server';
import type { PaletteName } from '../forum-simulator/pages/page-palettes';
import { renderTopicListPage, renderTopicPage, type PagePost, type PageTopic } from '../forum-simulator/pages/topic-pages';
import { changelogEntries, experimentRecord, FORUM, practiceRecord } from './records';

const ARTIFACTS = join(THEME_DIR, '..', 'test-artifacts');

const DAVE: CurrentUser = { username: 'dave' };
const ALICE: CurrentUser = { username: 'alice' };

const TOPICS: Record<string, PageTopic> = {
  standup: { id: 280, title: 'Standup at 9:15 instead of 9:00', slug: 'standup-at-9-15', tags: ['experiment'] },
  review: { id: 281, title: 'Pair on every code review', slug: 'pair-on-code-review', tags: ['experiment'] },
  failing: { id: 284, title: 'Quiet hours after lunch', slug: 'quiet-hours', tags: ['experiment'] },
  practice: { id: 12, title: 'Daily standup', slug: 'daily-standup', tags: ['practice'] },
};

function experimentPosts(owner: string): PagePost[] {
  return [
    {
      postNumber: 1,
      username: owner,
      date: 'Jan 5',
      cooked:
        '<p><strong>Practice:</strong> Daily standup<br><strong>Hypothesis:</strong> A later standup lets people arrive and read messages first.<br><strong>Measure:</strong> Late arrivals per week<br><strong>Start:</strong> 2027-01-15<br><strong>Review:</strong> 2027-02-12<br><strong>Partners wanted:</strong> 3</p>',
    },
    { postNumber: 2, username: 'bob', date: 'Jan 10', cooked: '<p>Count me in as an observer. I will note arrival times.</p>' },
  ];
}

function createSidecar(): FakeSidecar {
  return new FakeSidecar({
    experiments: [
      experimentRecord({
        partners: [{ username: 'bob', userId: 2, role: 'observer', joinedAt: '2027-01-10T09:00:00Z' }],
        seekingPartners: true,
        reflections: [
          {
            username: 'bob',
            postNumber: 4,
            at: '2027-02-10T10:00:00Z',
            reflection: null,
            whatHappened: 'Late arrivals fell from 6 to 2 a week.',
            whatWeLearned: 'People use the first 15 minutes to read messages.',
            whatShouldChange: 'Keep the later start on Mondays too.',
          },
        ],
        decision: null,
        concludedAt: null,
        problems: [{ field: 'review', message: '"end of February" is not a date; write it as 2027-02-26' }],
      }),
      experimentRecord({
        topicId: 281,
        title: TOPICS.review!.title,
        slug: TOPICS.review!.slug,
        url: `${FORUM}/t/${TOPICS.review!.slug}/281`,
        owner: { username: 'carol' },
        hypothesis: 'Reviewing in pairs halves the rework after merge.',
        measure: 'Follow-up fixes per merged change',
        partnersWanted: 2,
        partners: [],
      }),
      experimentRecord({ topicId: 284, title: TOPICS.failing!.title, slug: TOPICS.failing!.slug }),
    ],
    practices: [practiceRecord()],
    changelogs: { 12: changelogEntries() },
  });
}

interface ShowOptions {
  palette?: PaletteName;
  mobile?: boolean;
  user?: CurrentUser | null;
  owner?: string;
}

describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'theme pages in Chromium' : `theme pages in Chromium (skipped: ${CHROMIUM} is missing)`, () => {
  let sidecar: FakeSidecar;
  let server: PageServer;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    sidecar = createSidecar();
    server = await startPageServer(sidecar);
    userDataDir = await mkdtemp(join(tmpdir(), 'praxis-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Europe/Berlin',
      locale: 'en-US',
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
  });

  async function showTopic(topic: PageTopic, options: ShowOptions = {}): Promise<Page> {
    const user = options.user === undefined ? DAVE : options.user;
    const palette = options.palette ?? 'light';
    const path = `/t/${topic.slug}/${topic.id}/${palette}${options.mobile ? '-mobile' : ''}-${user?.username ?? 'anonymous'}`;
    const posts = topic.tags.includes('practice')
      ? [{ postNumber: 1, username: 'carol', date: 'Oct 1', cooked: '<p>We meet for 15 minutes every morning. Everyone answers three questions.</p>' }]
      : experimentPosts(options.owner ?? 'alice');
    server.setPage(path, {
      username: user?.username ?? null,
      html: renderTopicPage({
        topic,
        posts,
        palette,
        mobile: options.mobile ?? false,
        bundleUrl: BUNDLE_URL,
        sidecarBase: SIDECAR_BASE,
        currentUser: user,
      }),
    });

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    if (options.mobile) await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.origin + path);
    await page.waitForSelector('html[data-praxis-mounted="true"]');
    expect(errors).toEqual([]);
    return page;
  }

  /** Returns the WCAG contrast ratio of an element's text colour against the background behind it. */
  function contrastOf(page: Page, selector: string): Promise<number> {
    return page.$eval(selector, (element) => {
      const parse = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const channel = (c: number) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
      };
      let background: number[] = [];
      for (let node: Element | null = element; node; node = node.parentElement) {
        const color = parse(getComputedStyle(node).backgroundColor);
        if (color.length === 3 || (color.length === 4 && color[3]! > 0)) {
          background = color;
          break;
        }
      }
      const text = luminance(parse(getComputedStyle(element).color));
      const back = luminance(background.length ? background : [255, 255, 255]);
      return (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
    });
  }

  it('shows the experiment card and changelog', async () => {
    const page = await showTopic(TOPICS.standup!);
    await page.waitForSelector('.praxis-card__fields');
    await page.waitForSelector('.praxis-slot--sidebar .praxis-changelog__item');

    expect(await page.textContent('.praxis-card__partner-count')).toBe('1 of 3');
    expect(await page.isVisible('text=A later standup lets people arrive and read messages first.')).toBe(true);
    expect(await page.locator('.topic-navigation .praxis-changelog__item').count()).toBe(3);
    expect(await page.isVisible('.praxis-slot--desktop-fallback')).toBe(false);
    expect(await page.locator('.praxis-card__problems').count()).toBe(0);
    expect(await page.isVisible('#post_1 .post-action-menu__praxis-join-partner')).toBe(true);
    for (const selector of ['.praxis-card__value', '.praxis-card__label', '.praxis-badge--running', '.praxis-changelog__meta']) {
      expect(await contrastOf(page, selector), selector).toBeGreaterThanOrEqual(4.5);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'theme-experiment-light.png'), fullPage: true });
    await page.close();
  });

  it('joins as partner from the card', async () => {
    const page = await showTopic(TOPICS.review!, { owner: 'carol' });
    await page.waitForSelector('.praxis-join__button');
    expect(await page.textContent('.praxis-card__partner-count')).toBe('0 of 2');

    await page.selectOption('.praxis-join__role', 'critical-friend');
    await page.click('.praxis-join__button');
    await page.waitForSelector('.praxis-join__button:has-text("Leave experiment")');

    expect(await page.textContent('.praxis-card__partner-count')).toBe('1 of 2');
    expect(await page.textContent('.praxis-join__status')).toBe('You joined as Critical friend.');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('praxis-join__button'))).toBe(true);
    expect(await page.textContent('#post_1 .post-action-menu__praxis-join-partner')).toBe('Leave');
    expect(sidecar.log).toContain('POST /api/experiments/281/partners');
    await page.screenshot({ path: join(ARTIFACTS, 'theme-joined-light.png'), fullPage: true });

    await page.reload();
    await page.waitForSelector('.praxis-card__partner-count');
    expect(await page.textContent('.praxis-card__partner-count')).toBe('1 of 2');
    await page.close();
  });

  it('joins and leaves from the post menu by keyboard', async () => {
    const page = await showTopic(TOPICS.review!, { owner: 'carol' });
    const trigger = page.locator('#post_1 .post-action-menu__praxis-join-partner');
    await page.waitForSelector('.praxis-card__partner-count');
    if ((await trigger.textContent()) === 'Leave') {
      await trigger.click();
      await page.waitForSelector('#post_1 .post-action-menu__praxis-join-partner:has-text("Join")');
    }
    const countBefore = await page.textContent('.praxis-card__partner-count');

    await trigger.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.praxis-join__menu:not([hidden])');
    await page.screenshot({ path: join(ARTIFACTS, 'theme-post-menu-light.png') });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#post_1 .post-action-menu__praxis-join-partner:has-text("Leave")');

    expect(countBefore).toBe('0 of 2');
    expect(await page.textContent('.praxis-card__partner-count')).toBe('1 of 2');
    expect(await page.textContent('.praxis-card__partner-role')).toBe('Observer');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('post-action-menu__praxis-join-partner'))).toBe(true);

    await page.keyboard.press('Enter');
    await page.waitForSelector('#post_1 .post-action-menu__praxis-join-partner:has-text("Join")');
    expect(await page.textContent('.praxis-card__partner-count')).toBe('0 of 2');
    await page.close();
  });

  it('lists the practice changelog', async () => {
    const page = await showTopic(TOPICS.practice!);
    await page.waitForSelector('.praxis-slot--sidebar .praxis-changelog__item');

    expect(await page.textContent('.praxis-slot--sidebar .praxis-changelog__version')).toBe('Current version: 3');
    expect(await page.locator('.praxis-slot--sidebar .praxis-changelog__summary').allTextContents()).toEqual([
      'Standup moves to 9:15.',
      'Clarified who keeps time.',
      'First version.',
    ]);
    expect(await page.locator('.praxis-card').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'theme-practice-light.png'), fullPage: true });
    await page.close();
  });

  it('is readable in the dark palette', async () => {
    const page = await showTopic(TOPICS.standup!, { palette: 'dark', user: ALICE });
    await page.waitForSelector('.praxis-card__problems');
    await page.waitForSelector('.praxis-slot--sidebar .praxis-changelog__item');

    const background = await page.$eval('.praxis-card', (element) => getComputedStyle(element).backgroundColor);
    expect(background).toBe('rgb(34, 34, 34)');
    expect(await page.textContent('.praxis-join__note')).toBe('You run this experiment, so you cannot join it as a partner.');
    for (const selector of ['.praxis-card__value', '.praxis-card__label', '.praxis-badge--running', '.praxis-card__problem', '.praxis-join__note', '.praxis-changelog__meta']) {
      expect(await contrastOf(page, selector), selector).toBeGreaterThanOrEqual(4.5);
    }
    await page.screenshot({ path: join(ARTIFACTS, 'theme-experiment-dark.png'), fullPage: true });
    await page.close();
  });

  it('fits a 390x844 mobile viewport', async () => {
    const page = await showTopic(TOPICS.standup!, { mobile: true });
    await page.waitForSelector('.praxis-card__fields');
    await page.waitForSelector('.topic-area-bottom-outlet .praxis-changelog__item');

    expect(await page.locator('.topic-navigation-outlet').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const card = await page.locator('.praxis-card').boundingBox();
    expect(card!.x + card!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'theme-experiment-mobile.png'), fullPage: true });

    await page.click('#post_1 .post-action-menu__praxis-join-partner');
    const menu = await page.waitForSelector('.praxis-join__menu:not([hidden])');
    const box = await menu.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(ARTIFACTS, 'theme-post-menu-mobile.png') });
    await page.close();
  });

  it('lists recently changed practices beside a topic list', async () => {
    server.setPage('/latest', {
      username: 'dave',
      html: renderTopicListPage({
        topics: [TOPICS.standup!, TOPICS.review!, TOPICS.practice!],
        palette: 'light',
        mobile: false,
        bundleUrl: BUNDLE_URL,
        sidecarBase: SIDECAR_BASE,
        currentUser: DAVE,
        recentChangesDays: 0,
      }),
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/latest`);
    await page.waitForSelector('.praxis-recent__item');

    expect(await page.locator('.praxis-recent__item').count()).toBe(3);
    expect(await page.textContent('.praxis-recent__practice')).toBe('Daily standup');
    await page.screenshot({ path: join(ARTIFACTS, 'theme-recent-changes-light.png'), fullPage: true });
    await page.close();
  });

  it('shows an error in place and recovers on Retry', async () => {
    sidecar.failing.add(284);
    const page = await showTopic(TOPICS.failing!);
    await page.waitForSelector('.praxis-card .praxis-error');

    expect(await page.textContent('.praxis-card .praxis-error__message')).toBe('Could not load the experiment: internal server error');
    expect(await page.isVisible('text=Count me in as an observer.')).toBe(true);
    expect(await page.isVisible('#post_1 .post-action-menu__reply')).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'theme-error-light.png') });

    sidecar.failing.delete(284);
    await page.click('.praxis-card .praxis-error__retry');
    await page.waitForSelector('.praxis-card__fields');
    expect(await page.locator('.praxis-card .praxis-error').count()).toBe(0);
    await page.close();
  });

  it('sends signed-out readers to log in', async () => {
    const page = await showTopic(TOPICS.review!, { user: null, owner: 'carol' });
    await page.waitForSelector('.praxis-join__button:has-text("Log in to join as partner")');

    await page.click('.praxis-join__button');
    await page.waitForURL('**/login');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });
});
