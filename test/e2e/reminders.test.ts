import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { PartnerStore } from '../../sidecar/src/partners/partner-store';
import { SYSTEM_USER_ID } from '../forum-simulator/state';
import { eventually, settle, startStack, type Stack } from '../helpers/stack';

/** Formats a review moment `seconds` from now as members write it: `YYYY-MM-DD HH:mm:ss` in UTC. */
function reviewIn(seconds: number): string {
  return DateTime.utc().plus({ seconds }).toFormat('yyyy-LL-dd HH:mm:ss');
}

function postsBySystem(stack: Stack, topicId: number) {
  return stack.sim.topicPosts(topicId).filter((post) => post.userId === SYSTEM_USER_ID);
}

async function seed(stack: Stack, reviewSeconds: number) {
  const { sim } = stack;
  for (const username of ['alice', 'bob', 'chen']) sim.addUser({ username });
  const practice = sim.createTopic({ username: 'alice', title: 'Daily stand-up meeting', tags: ['practice'], raw: 'Every weekday at 09:30 the team meets.' });
  const experiment = sim.createTopic({
    username: 'bob',
    title: 'Ten-minute stand-up trial',
    tags: ['experiment'],
    raw: `Practice: /t/daily-stand-up-meeting/${practice.topic.id}\nHypothesis: A cap keeps it useful.\nReview: ${reviewIn(reviewSeconds)}\nPartners wanted: 2`,
  });
  await settle(stack);
  await new PartnerStore(stack.app.praxis.redis, stack.app.praxis.keys).join(experiment.topic.id, { id: sim.user('chen')!.id, username: 'chen' }, 'observer', new Date());
  return { practiceId: practice.topic.id, experimentId: experiment.topic.id };
}

describe('reminders and announcements', () => {
  it('posts one reminder, follows up, and announces the decision', async () => {
    const stack = await startStack({ env: { PRAXIS_FOLLOWUP_AFTER: 'PT3S', PRAXIS_MAX_FOLLOWUPS: '2' } });
    const { experimentId, practiceId } = await seed(stack, 3);

    // The reminder was planned when the record was saved, before chen joined; it reads partners when it fires.
    const [reminder] = await eventually(() => {
      const posts = postsBySystem(stack, experimentId);
      expect(posts).toHaveLength(1);
      return posts;
    }, 20_000);
    expect(reminder!.raw).toContain('@bob');
    expect(reminder!.raw).toContain('@chen');
    expect(reminder!.raw).toMatch(/What happened:/);
    expect(reminder!.raw).toMatch(/<!-- praxis-reminder/);

    // chen reflects, so the follow-up mentions only bob.
    stack.sim.reply({ username: 'chen', topicId: experimentId, raw: 'What happened: we finished early every day.\nWhat we learned: the board walk is slow.' });
    await settle(stack);
    const followUp = await eventually(() => {
      const posts = postsBySystem(stack, experimentId);
      expect(posts).toHaveLength(2);
      return posts[1]!;
    }, 20_000);
    expect(followUp.raw).toContain('@bob');
    expect(followUp.raw).not.toContain('@chen');

    // bob decides: no more follow-ups, and one notice in the practice's thread.
    stack.sim.reply({ username: 'bob', topicId: experimentId, raw: 'Decision: adapt\nChange: Ten minutes, board walk on Fridays.' });
    await settle(stack);
    const announcement = await eventually(() => {
      const posts = postsBySystem(stack, practiceId);
      expect(posts).toHaveLength(1);
      return posts[0]!;
    }, 20_000);
    expect(announcement.raw).toContain('Ten-minute stand-up trial');
    expect(announcement.raw).toContain('Ten minutes, board walk on Fridays.');

    const changelog = await stack.get(`/api/practices/${practiceId}/changelog`);
    expect(changelog.body.entries[0]).toMatchObject({ version: 2, kind: 'adapt' });

    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(postsBySystem(stack, experimentId)).toHaveLength(2);
    expect(postsBySystem(stack, practiceId)).toHaveLength(1);
  });

  it('cancels the reminder when the tag goes', async () => {
    const stack = await startStack();
    const { experimentId } = await seed(stack, 3);

    stack.sim.editTopic(experimentId, { username: 'bob', tags: ['retro'] });
    await settle(stack);
    await new Promise((resolve) => setTimeout(resolve, 4_500));

    expect(postsBySystem(stack, experimentId)).toHaveLength(0);
  });

  it('moves the reminder when the review date changes', async () => {
    const stack = await startStack({ simulator: { siteSettings: { editingGracePeriodSeconds: 0 } } });
    const { experimentId } = await seed(stack, 3);
    const firstPost = stack.sim.topicPosts(experimentId)[0]!;

    stack.sim.editPost(firstPost.id, { username: 'bob', raw: firstPost.raw.replace(/Review: .*/, `Review: ${reviewIn(8)}`) });
    await settle(stack);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const beforeNewDate = postsBySystem(stack, experimentId).length;

    await eventually(() => expect(postsBySystem(stack, experimentId)).toHaveLength(1), 20_000);
    expect(beforeNewDate).toBe(0);
  });
});
