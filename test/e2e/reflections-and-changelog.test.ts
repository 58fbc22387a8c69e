import { describe, expect, it } from 'vitest';
import { eventually, settle, startStack, type Stack } from '../helpers/stack';

async function seed(stack: Stack) {
  const { sim } = stack;
  for (const username of ['alice', 'bob', 'chen']) sim.addUser({ username });
  sim.addUser({ username: 'dana', moderator: true });
  const practice = sim.createTopic({
    username: 'alice',
    title: 'Daily stand-up meeting',
    tags: ['practice'],
    raw: 'Every weekday at 09:30 the team meets for fifteen minutes.',
  });
  const experiment = sim.createTopic({
    username: 'bob',
    title: 'Ten-minute stand-up trial',
    tags: ['experiment'],
    raw: `Practice: /t/daily-stand-up-meeting/${practice.topic.id}\nHypothesis: A cap keeps it useful.\nReview: 2026-01-10`,
  });
  await settle(stack);
  return { practiceId: practice.topic.id, practicePostId: practice.post.id, experimentId: experiment.topic.id };
}

async function settledChangelog(stack: Stack, practiceId: number, length: number) {
  return eventually(async () => {
    const { body } = await stack.get(`/api/practices/${practiceId}/changelog`);
    expect(body.entries).toHaveLength(length);
    return body.entries;
  });
}

describe('reflections, decisions and the changelog', () => {
  it('records a reflection reply', async () => {
    const stack = await startStack();
    const { experimentId } = await seed(stack);

    const reply = stack.sim.reply({
      username: 'chen',
      topicId: experimentId,
      raw: 'What happened: we finished on time every day.\nWhat we learned: the board walk is what takes long.',
    });
    await settle(stack);
    const { body } = await stack.get(`/api/experiments/${experimentId}`);

    expect(body.reflections).toEqual([
      {
        username: 'chen',
        postNumber: reply.postNumber,
        at: expect.any(String),
        reflection: null,
        whatHappened: 'we finished on time every day.',
        whatWeLearned: 'the board walk is what takes long.',
        whatShouldChange: null,
      },
    ]);
    expect(body.status).toBe('reflecting');
  });

  it('concludes on the owner decision and logs it', async () => {
    const stack = await startStack();
    const { experimentId, practiceId } = await seed(stack);

    stack.sim.reply({ username: 'bob', topicId: experimentId, raw: 'Decision: adapt\nChange: Stand-up capped at ten minutes, board walk weekly.' });
    await settle(stack);
    const experiment = await stack.get(`/api/experiments/${experimentId}`);
    const entries = await settledChangelog(stack, practiceId, 2);
    const practice = await stack.get(`/api/practices/${practiceId}`);

    expect(experiment.body.status).toBe('concluded');
    expect(experiment.body.decision).toMatchObject({ decision: 'adapt', change: 'Stand-up capped at ten minutes, board walk weekly.', username: 'bob' });
    expect(experiment.body.concludedAt).toBe(experiment.body.decision.at);
    expect(entries[0]).toMatchObject({
      version: 2,
      kind: 'adapt',
      summary: 'Stand-up capped at ten minutes, board walk weekly.',
      username: 'bob',
      experiment: { topicId: experimentId, title: 'Ten-minute stand-up trial' },
    });
    expect(practice.body.version).toBe(2);
  });

  it('ignores a decision by another member', async () => {
    const stack = await startStack();
    const { experimentId } = await seed(stack);

    stack.sim.reply({ username: 'chen', topicId: experimentId, raw: 'Decision: abandon, this is not working for me.' });
    await settle(stack);

    const { body } = await stack.get(`/api/experiments/${experimentId}`);
    expect(body.decision).toBeNull();
    expect(body.status).not.toBe('concluded');
  });

  it('accepts a staff decision', async () => {
    const stack = await startStack();
    const { experimentId, practiceId } = await seed(stack);

    stack.sim.reply({ username: 'dana', topicId: experimentId, raw: 'Decision: abandon\nChange: We keep the fifteen minutes.' });
    await settle(stack);
    const entries = await settledChangelog(stack, practiceId, 2);

    expect(entries[0]).toMatchObject({ version: 1, kind: 'abandon', summary: 'Tested, not adopted: We keep the fifteen minutes.' });
  });

  it('withdraws a deleted decision', async () => {
    const stack = await startStack();
    const { experimentId, practiceId } = await seed(stack);
    const decision = stack.sim.reply({ username: 'bob', topicId: experimentId, raw: 'Decision: adopt\nChange: Ten minutes from now on.' });
    await settle(stack);
    await settledChangelog(stack, practiceId, 2);

    stack.sim.deletePost(decision.id, { username: 'dana' });
    await settle(stack);
    const entries = await settledChangelog(stack, practiceId, 1);
    const { body } = await stack.get(`/api/experiments/${experimentId}`);

    expect(body.decision).toBeNull();
    expect(entries[0].kind).toBe('created');
    expect((await stack.get(`/api/practices/${practiceId}`)).body.version).toBe(1);
  });

  it('updates an edited decision', async () => {
    const stack = await startStack({ simulator: { siteSettings: { editingGracePeriodSeconds: 0 } } });
    const { experimentId, practiceId } = await seed(stack);
    const decision = stack.sim.reply({ username: 'bob', topicId: experimentId, raw: 'Decision: adopt\nChange: Ten minutes from now on.' });
    await settle(stack);

    stack.sim.editPost(decision.id, { username: 'bob', raw: 'Decision: abandon\nChange: Too rushed after all.' });
    await settle(stack);
    const entries = await eventually(async () => {
      const found = await settledChangelog(stack, practiceId, 2);
      expect(found[0].kind).toBe('abandon');
      return found;
    });

    expect(entries[0]).toMatchObject({ version: 1, summary: 'Tested, not adopted: Too rushed after all.' });
  });

  it('logs an edit of the practice text', async () => {
    const stack = await startStack({ simulator: { siteSettings: { editingGracePeriodSeconds: 0 } } });
    const { practiceId, practicePostId } = await seed(stack);

    stack.sim.editPost(practicePostId, {
      username: 'alice',
      raw: 'Every weekday at 09:45 the team meets for fifteen minutes.',
      editReason: 'moved to 09:45',
    });
    await settle(stack);
    const entries = await settledChangelog(stack, practiceId, 2);
    const practice = await stack.get(`/api/practices/${practiceId}`);

    expect(entries[0]).toMatchObject({ version: 2, kind: 'edit', summary: 'moved to 09:45', revision: 2, username: 'alice' });
    expect(practice.body.version).toBe(2);
    expect(practice.body.summary).toBe('Every weekday at 09:45 the team meets for fifteen minutes.');
  });

  it('serves the community feed', async () => {
    const stack = await startStack();
    const { experimentId, practiceId } = await seed(stack);
    stack.sim.reply({ username: 'bob', topicId: experimentId, raw: 'Decision: adopt\nChange: Ten minutes from now on.' });
    await settle(stack);
    await settledChangelog(stack, practiceId, 2);

    const feed = await stack.get('/api/changelog');
    const future = await stack.get(`/api/changelog?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    const invalid = await stack.get('/api/changelog?since=yesterday');

    expect(feed.body.entries).toHaveLength(1);
    expect(feed.body.entries[0]).toMatchObject({ kind: 'adopt', practiceTopicId: practiceId, practiceTitle: 'Daily stand-up meeting' });
    expect(future.body.entries).toHaveLength(0);
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/since "yesterday" is not a date/);
  });
});
