import { describe, expect, it } from 'vitest';
import type { ForumSimulator } from '../forum-simulator/server';
import {
  captureLogger,
  DECISION_RAW,
  EXPERIMENT_RAW,
  PRACTICE_RAW,
  recordsOf,
  reconcilerFor,
  REFLECTION_RAW,
  settle,
  startForum,
  startSidecar,
} from './harness';

/** Users, a practice and three experiments, one with a reflection already. */
function seedForum(sim: ForumSimulator) {
  for (const username of ['alice', 'bob', 'chen']) sim.addUser({ username });
  sim.addUser({ username: 'dana', moderator: true });
  const category = sim.addCategory({ name: 'Ways of working' }).id;

  const practice = sim.createTopic({ username: 'alice', title: 'Daily stand-up meeting', categoryId: category, tags: ['practice'], raw: PRACTICE_RAW });
  const trial = sim.createTopic({ username: 'bob', title: 'Ten-minute stand-up trial', categoryId: category, tags: ['experiment'], raw: EXPERIMENT_RAW(practice.topic.id) });
  const untagged = sim.createTopic({ username: 'bob', title: 'Walking stand-up outside', categoryId: category, tags: ['experiment'], raw: EXPERIMENT_RAW(practice.topic.id, 1) });
  const deleted = sim.createTopic({ username: 'chen', title: 'Stand-up without a board', categoryId: category, tags: ['experiment'], raw: EXPERIMENT_RAW(practice.topic.id, 3) });
  sim.reply({ username: 'chen', topicId: trial.topic.id, raw: REFLECTION_RAW });

  return { category, practice, trial, untagged, deleted };
}

describe('reconciliation after missed webhooks', () => {
  it('matches a sidecar that got every webhook', async () => {
    const sim = await startForum({ siteSettings: { editingGracePeriodSeconds: 0 } });
    const missed = await startSidecar(sim, { name: 'rc-missed', webhooks: true });
    const full = await startSidecar(sim, { name: 'rc-full', webhooks: true });
    const seeded = seedForum(sim);
    await settle(sim, missed.app, full.app);

    // The missing sidecar is down: its deliveries stop, the other keeps receiving them.
    sim.updateWebhook(missed.webhookId!, { active: false });
    const added = sim.createTopic({
      username: 'chen',
      title: 'Stand-up at a later hour',
      categoryId: seeded.category,
      tags: ['experiment'],
      raw: EXPERIMENT_RAW(seeded.practice.topic.id, 4),
    });
    // A reply's webhook can overtake that of its topic's first post, and the webhook path then
    // drops the reply. Waiting here keeps that race out of the reference sidecar.
    await settle(sim, full.app);
    sim.reply({ username: 'alice', topicId: added.topic.id, raw: REFLECTION_RAW });
    sim.editPost(seeded.trial.post.id, { username: 'bob', raw: EXPERIMENT_RAW(seeded.practice.topic.id, 5) });
    sim.reply({ username: 'bob', topicId: seeded.trial.topic.id, raw: DECISION_RAW });
    sim.editPost(seeded.practice.post.id, { username: 'alice', raw: `${PRACTICE_RAW}\n\nNow with a timer.`, editReason: 'Add the timer' });
    sim.editTopic(seeded.untagged.topic.id, { username: 'bob', tags: ['retro'] });
    sim.deleteTopic(seeded.deleted.topic.id, { username: 'dana' });
    await settle(sim, full.app);
    sim.updateWebhook(missed.webhookId!, { active: true });

    const before = await recordsOf(missed.app);
    const { logger } = captureLogger();
    const summary = await reconcilerFor(missed.app, logger).run();
    await settle(sim, missed.app);
    const after = await recordsOf(missed.app);
    const expected = await recordsOf(full.app);

    expect(before).not.toEqual(expected);
    expect(after.experiments).toEqual(expected.experiments);
    expect(after.practices).toEqual(expected.practices);
    expect(after.changelogs).toEqual(expected.changelogs);
    expect(after.reminders).toEqual(expected.reminders);
    expect(summary!.reasons.unlisted).toBe(2);
    expect(summary!.failed).toBe(0);
  });

  it('repairs a share of dropped deliveries', async () => {
    const sim = await startForum({ siteSettings: { editingGracePeriodSeconds: 0 } });
    const lossy = await startSidecar(sim, { name: 'rc-lossy', webhooks: true });
    // A fixed sequence, so the same deliveries are dropped on every run: about two in five.
    let draw = 0;
    sim.setWebhookDelivery({ dropRate: 0.4, random: () => [0.1, 0.7, 0.3, 0.9, 0.5][draw++ % 5]! });

    const seeded = seedForum(sim);
    sim.reply({ username: 'bob', topicId: seeded.trial.topic.id, raw: DECISION_RAW });
    sim.editPost(seeded.practice.post.id, { username: 'alice', raw: `${PRACTICE_RAW}\n\nNow with a timer.`, editReason: 'Add the timer' });
    sim.editTopic(seeded.untagged.topic.id, { username: 'bob', tags: ['retro'] });
    await settle(sim, lossy.app);
    const dropped = sim.deliveries().filter((delivery) => delivery.status === -1).length;

    // The reference imports the forum as it is now, with no webhooks at all.
    const reference = await startSidecar(sim, { name: 'rc-reference', webhooks: false });
    const { logger } = captureLogger();
    await reconcilerFor(reference.app, logger).run();
    await settle(sim, reference.app);
    const before = await recordsOf(lossy.app);
    await reconcilerFor(lossy.app, logger).run();
    await settle(sim, lossy.app, reference.app);
    const repaired = await recordsOf(lossy.app);
    const expected = await recordsOf(reference.app);

    expect(dropped).toBeGreaterThan(0);
    expect(before).not.toEqual(await recordsOf(reference.app));
    expect(repaired.experiments).toEqual(expected.experiments);
    expect(repaired.practices).toEqual(expected.practices);
    expect(repaired.changelogs).toEqual(expected.changelogs);
  });

  it('archives an experiment whose tag was removed', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-untag', webhooks: true });
    const { untagged } = seedForum(sim);
    await settle(sim, sidecar.app);

    sim.updateWebhook(sidecar.webhookId!, { active: false });
    sim.editTopic(untagged.topic.id, { username: 'bob', tags: ['retro'] });
    const stale = await sidecar.app.praxis.records.getExperiment(untagged.topic.id);
    const summary = await reconcilerFor(sidecar.app, captureLogger().logger).run();
    const record = await sidecar.app.praxis.records.getExperiment(untagged.topic.id);

    expect(stale!.archived).toBe(false);
    expect(record!.archived).toBe(true);
    expect(summary!.reasons.unlisted).toBe(1);
  });

  it('archives a topic the forum no longer has', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-gone', webhooks: false });
    const { sync, records } = sidecar.app.praxis;

    // A topic the sidecar tracked, as its webhooks left it, that the forum no longer serves.
    const at = new Date().toISOString();
    await sync.handleTopicEvent('topic_created', {
      id: 990_001,
      title: 'Stand-up removed for good',
      slug: 'stand-up-removed-for-good',
      tags: ['experiment'],
      archetype: 'regular',
      created_at: at,
      created_by: { id: 5, username: 'bob' },
    });
    await sync.handlePostEvent('post_created', {
      id: 990_002,
      topic_id: 990_001,
      post_number: 1,
      post_type: 1,
      username: 'bob',
      raw: EXPERIMENT_RAW(1),
      version: 1,
      created_at: at,
      updated_at: at,
    });
    const tracked = await records.getExperiment(990_001);
    const summary = await reconcilerFor(sidecar.app, captureLogger().logger).run();
    const record = await records.getExperiment(990_001);

    expect(tracked!.archived).toBe(false);
    expect(summary!.reasons.unlisted).toBe(1);
    expect(record!.archived).toBe(true);
  });

  it('spends only list requests on a quiet forum', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-quiet', webhooks: true });
    seedForum(sim);
    await settle(sim, sidecar.app);
    const reconciler = reconcilerFor(sidecar.app, captureLogger().logger);

    await reconciler.run();
    const requestsBefore = sim.adminApiStats.adminApiRequests;
    const quiet = await reconciler.run();
    const requestsSpent = sim.adminApiStats.adminApiRequests - requestsBefore;

    expect(quiet!.topicsListed).toBe(4);
    expect(quiet!.topicsReread).toBe(0);
    expect(quiet!.listRequests).toBe(2);
    expect(quiet!.requestsSpent).toBe(2);
    expect(requestsSpent).toBe(2);
  });

  it('re-reads only the topics with new activity', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-activity', webhooks: true });
    const { trial } = seedForum(sim);
    await settle(sim, sidecar.app);
    const reconciler = reconcilerFor(sidecar.app, captureLogger().logger);
    await reconciler.run();

    sim.updateWebhook(sidecar.webhookId!, { active: false });
    sim.reply({ username: 'bob', topicId: trial.topic.id, raw: DECISION_RAW });
    const summary = await reconciler.run();
    const record = await sidecar.app.praxis.records.getExperiment(trial.topic.id);

    expect(summary!.topicsReread).toBe(1);
    expect(summary!.reasons.activity).toBe(1);
    expect(summary!.requestsSpent).toBe(3);
    expect(summary!.recordsChanged).toBe(1);
    expect(record!.decision).toMatchObject({ decision: 'adapt', username: 'bob' });
  });

  it('re-checks an edit that did not bump the topic', async () => {
    const sim = await startForum({ siteSettings: { editingGracePeriodSeconds: 0 } });
    const sidecar = await startSidecar(sim, { name: 'rc-recheck', webhooks: true, env: { PRAXIS_RECONCILE_RECHECK_AFTER: 'PT1H' } });
    const { trial, practice } = seedForum(sim);
    await settle(sim, sidecar.app);
    await reconcilerFor(sidecar.app, captureLogger().logger).run();

    // The trial has a reply, so editing its first post leaves its list entry as it was.
    sim.updateWebhook(sidecar.webhookId!, { active: false });
    sim.editPost(trial.post.id, { username: 'bob', raw: EXPERIMENT_RAW(practice.topic.id, 6) });
    const soon = await reconcilerFor(sidecar.app, captureLogger().logger).run();
    const twoHoursLater = () => new Date(Date.now() + 2 * 3_600_000);
    const later = await reconcilerFor(sidecar.app, captureLogger().logger, twoHoursLater).run();
    const record = await sidecar.app.praxis.records.getExperiment(trial.topic.id);

    expect(soon!.topicsReread).toBe(0);
    expect(later!.reasons.recheck).toBe(4);
    expect(record!.partnersWanted).toBe(6);
  });

  it('logs the metrics of a run', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-log', webhooks: false });
    seedForum(sim);
    const { logger, lines } = captureLogger();

    await reconcilerFor(sidecar.app, logger).run();
    const line = lines.find((entry) => entry.msg === 'reconciliation finished');

    expect(line).toBeDefined();
    expect(line!.level).toBe(30);
    expect(line!.topicsListed).toBe(4);
    expect(line!.topicsReread).toBe(4);
    expect(line!.recordsCreated).toBe(4);
    expect(line!.requestsSpent).toBeGreaterThanOrEqual(6);
  });

  it('runs once at a time', async () => {
    const sim = await startForum();
    const sidecar = await startSidecar(sim, { name: 'rc-once', webhooks: false });
    seedForum(sim);
    const { logger, lines } = captureLogger();

    const [first, second] = await Promise.all([reconcilerFor(sidecar.app, logger).run(), reconcilerFor(sidecar.app, logger).run()]);
    const ran = [first, second].filter((summary) => summary !== null);

    expect(ran).toHaveLength(1);
    expect(lines.some((entry) => entry.msg === 'reconciliation skipped: another run is in progress')).toBe(true);
  });
});
