import { afterEach, describe, expect, it } from 'vitest';
import { ForumRequestError } from '../../sidecar/src/forum/errors';
import { API_USERNAME, Harness } from './harness';

let harness: Harness;

afterEach(async () => {
  await harness.close();
});

async function setUp(): Promise<Harness> {
  harness = await new Harness('reminder-forum-client').start();
  return harness;
}

describe('ForumClient.createPost', () => {
  it('returns the created post', async () => {
    const h = await setUp();
    h.forum.createTopic(5, 'Shorter standups', 'alice');

    const result = await h.forumClient().createPost(5, 'A reply that is long enough to pass.');

    expect(result.status).toBe('created');
    const post = result.status === 'created' ? result.post : null;
    expect(post?.topic_id).toBe(5);
    expect(post?.post_number).toBe(2);
    expect(post?.username).toBe(API_USERNAME);
  });

  it('422 throws ForumRequestError with errors', async () => {
    const h = await setUp();
    h.forum.createTopic(6, 'Shorter standups', 'alice');

    const error = await h.forumClient().createPost(6, 'too short').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ForumRequestError);
    expect((error as ForumRequestError).status).toBe(422);
    expect((error as ForumRequestError).errorsText).toContain('Body is too short');
  });

  it('queued post is reported as enqueued', async () => {
    const h = await setUp();
    h.forum.createTopic(7, 'Shorter standups', 'alice');
    h.forum.injectOnce('POST', /^\/posts\.json$/, { status: 200, body: { success: true, action: 'enqueued', pending_post: { id: 3 }, pending_count: 1 } });

    const result = await h.forumClient().createPost(7, 'A reply that is long enough to pass.');

    expect(result).toEqual({ status: 'enqueued', pendingCount: 1 });
  });
});

describe('ForumClient.findPostWithMarker', () => {
  const marker = '<!-- praxis-reminder topic=8 review=2027-01-15T09:00:00+01:00 n=0 -->';

  it('finds the API user post with the marker', async () => {
    const h = await setUp();
    h.forum.createTopic(8, 'Shorter standups', 'alice');
    h.forum.reply(8, 'bob', 'I will join.');
    const reminder = h.forum.reply(8, API_USERNAME, `@alice time to reflect\n\n${marker}`);

    const found = await h.forumClient().findPostWithMarker(8, marker, API_USERNAME);

    expect(found?.id).toBe(reminder.id);
  });

  it('ignores the marker quoted by another user', async () => {
    const h = await setUp();
    h.forum.createTopic(9, 'Shorter standups', 'alice');
    h.forum.reply(9, 'bob', `copied: ${marker}`);

    expect(await h.forumClient().findPostWithMarker(9, marker, API_USERNAME)).toBeNull();
  });

  it('ignores another stage marker', async () => {
    const h = await setUp();
    h.forum.createTopic(10, 'Shorter standups', 'alice');
    h.forum.reply(10, API_USERNAME, `reminder\n\n${marker.replace('n=0', 'n=1')}`);

    expect(await h.forumClient().findPostWithMarker(10, marker, API_USERNAME)).toBeNull();
  });

  it('reads only the last 50 posts', async () => {
    const h = await setUp();
    h.forum.createTopic(11, 'Shorter standups', 'alice');
    h.forum.reply(11, API_USERNAME, `reminder\n\n${marker}`);
    for (let i = 0; i < 50; i++) h.forum.reply(11, 'bob', `reply ${i}`);

    expect(await h.forumClient().findPostWithMarker(11, marker, API_USERNAME)).toBeNull();
  });

  it('finds the marker past the first chunk', async () => {
    const h = await setUp();
    h.forum.createTopic(12, 'Shorter standups', 'alice');
    for (let i = 0; i < 30; i++) h.forum.reply(12, 'bob', `reply ${i}`);
    const reminder = h.forum.reply(12, API_USERNAME, `reminder\n\n${marker}`);

    expect((await h.forumClient().findPostWithMarker(12, marker, API_USERNAME))?.id).toBe(reminder.id);
  });
});
