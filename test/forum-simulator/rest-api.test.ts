import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TOPIC_NOT_FOUND_MESSAGE } from './post-creator';
import { ForumSimulator } from './server';
import { call, TestClock, type Caller } from './test-client';
import { TestReceiver } from './test-receiver';

const NOT_FOUND = { errors: ['The requested URL or resource could not be found.'], error_type: 'not_found' };

describe('REST API', () => {
  let sim: ForumSimulator;
  let baseUrl: string;
  let clock: TestClock;
  let admin: Caller;
  let bob: Caller;
  let dana: Caller;

  beforeEach(async () => {
    clock = new TestClock();
    sim = new ForumSimulator({ now: clock.now });
    baseUrl = await sim.start();
    sim.addUser({ username: 'alice', name: 'Alice Example', trustLevel: 2 });
    sim.addUser({ username: 'bob', name: 'Bob Builder' });
    sim.addUser({ username: 'dana', name: 'Dana', moderator: true });
    admin = { apiKey: sim.adminApiKey, apiUsername: 'system' };
    bob = { userApiKey: sim.createUserApiKey('bob', ['read', 'write']) };
    dana = { userApiKey: sim.createUserApiKey('dana', ['read', 'write']) };
  });

  afterEach(async () => {
    await sim.stop();
  });

  function newTopic(title = 'Add an export button to the dashboard', tags = ['experiment']) {
    return sim.createTopic({ username: 'alice', title, raw: 'It would be great to export the dashboard table as CSV.', tags });
  }

  describe('GET /t/{id}.json', () => {
    it('returns the topic view without raw', async () => {
      const { topic, post } = newTopic();
      const reply = sim.reply({ username: 'bob', topicId: topic.id, raw: 'Agreed, CSV would help us a lot.' });

      const response = await call(baseUrl, 'GET', `/t/${topic.id}.json`);

      expect(response.status).toBe(200);
      expect(response.json.id).toBe(topic.id);
      expect(response.json.slug).toBe('add-an-export-button-to-the-dashboard');
      expect(response.json.tags).toEqual([{ id: expect.any(Number), name: 'experiment', slug: 'experiment' }]);
      expect(response.json.post_stream.stream).toEqual([post.id, reply.id]);
      expect(response.json.post_stream.posts[0]).not.toHaveProperty('raw');
      expect(response.json.details.created_by.username).toBe('alice');
      expect(response.json.details.participants.map((user: { username: string }) => user.username)).toEqual(['alice', 'bob']);
    });

    it('includes raw with include_raw', async () => {
      const { topic } = newTopic();

      const response = await call(baseUrl, 'GET', `/t/${topic.id}.json?include_raw=true`);

      expect(response.json.post_stream.posts[0].raw).toBe('It would be great to export the dashboard table as CSV.');
    });

    it('serves the slug route and redirects a wrong slug', async () => {
      const { topic } = newTopic();

      const right = await call(baseUrl, 'GET', `/t/${topic.slug}/${topic.id}.json`);
      const wrong = await call(baseUrl, 'GET', `/t/old-slug/${topic.id}.json`);

      expect(right.status).toBe(200);
      expect(wrong.status).toBe(301);
      expect(wrong.headers.get('location')).toBe(`/t/${topic.slug}/${topic.id}.json`);
    });

    it('answers 404 for an unknown topic', async () => {
      const response = await call(baseUrl, 'GET', '/t/999.json');

      expect(response.status).toBe(404);
      expect(response.json).toEqual(NOT_FOUND);
    });

    it('hides a deleted topic from members only', async () => {
      const { topic } = newTopic();
      sim.deleteTopic(topic.id, { username: 'dana' });

      expect((await call(baseUrl, 'GET', `/t/${topic.id}.json`, { caller: bob })).status).toBe(404);
      const staffView = await call(baseUrl, 'GET', `/t/${topic.id}.json`, { caller: admin });
      expect(staffView.status).toBe(200);
      expect(staffView.json.deleted_at).toEqual(expect.any(String));
    });

    it('shows whispers to staff only', async () => {
      const { topic } = newTopic();
      const whisper = sim.reply({ username: 'dana', topicId: topic.id, raw: 'Staff note about this topic.', whisper: true });

      const member = await call(baseUrl, 'GET', `/t/${topic.id}.json`, { caller: bob });
      const staff = await call(baseUrl, 'GET', `/t/${topic.id}.json`, { caller: admin });

      expect(member.json.post_stream.stream).not.toContain(whisper.id);
      expect(staff.json.post_stream.stream).toContain(whisper.id);
    });

    it('answers 404 for a private message the caller is not in', async () => {
      const { topic } = sim.createTopic({
        username: 'alice',
        title: 'A question for dana',
        raw: 'Private words for dana.',
        archetype: 'private_message',
        targetUsernames: ['dana'],
      });

      expect((await call(baseUrl, 'GET', `/t/${topic.id}.json`, { caller: bob })).status).toBe(404);
      expect((await call(baseUrl, 'GET', `/t/${topic.id}.json`, { caller: dana })).status).toBe(200);
    });

    it('serves HTML without the json suffix', async () => {
      const { topic } = newTopic();

      const response = await call(baseUrl, 'GET', `/t/${topic.id}`);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    });
  });

  describe('read-restricted category', () => {
    let categoryId: number;
    let topicId: number;

    beforeEach(() => {
      categoryId = sim.addCategory({ name: 'Staff room', readRestricted: true, allowedUsernames: ['dana'] }).id;
      topicId = sim.createTopic({
        username: 'dana',
        title: 'Rotate the incident review lead',
        raw: 'Only two of us have ever led an incident review.',
        categoryId,
        tags: ['experiment'],
      }).topic.id;
    });

    it('answers 404 for a non-member', async () => {
      const response = await call(baseUrl, 'GET', `/t/${topicId}.json`, { caller: bob });

      expect(response.status).toBe(404);
      expect(response.json).toEqual(NOT_FOUND);
    });

    it('answers 404 to anonymous callers', async () => {
      expect((await call(baseUrl, 'GET', `/t/${topicId}.json`)).status).toBe(404);
    });

    it('serves members and admins', async () => {
      expect((await call(baseUrl, 'GET', `/t/${topicId}.json`, { caller: dana })).status).toBe(200);
      expect((await call(baseUrl, 'GET', `/t/${topicId}.json`, { caller: admin })).status).toBe(200);
    });

    it('reports read_restricted to admins', async () => {
      const response = await call(baseUrl, 'GET', `/c/${categoryId}/show.json`, { caller: admin });

      expect(response.status).toBe(200);
      expect(response.json.category).toMatchObject({ id: categoryId, name: 'Staff room', slug: 'staff-room', read_restricted: true });
    });

    it('answers 403 for the category to non-members', async () => {
      const response = await call(baseUrl, 'GET', `/c/${categoryId}/show.json`, { caller: bob });

      expect(response.status).toBe(403);
      expect(response.json.error_type).toBe('invalid_access');
    });

    it('leaves the topic out of tag lists for non-members', async () => {
      const member = await call(baseUrl, 'GET', '/tag/experiment.json', { caller: bob });
      const staff = await call(baseUrl, 'GET', '/tag/experiment.json', { caller: admin });

      expect(member.json.topic_list.topics).toEqual([]);
      expect(staff.json.topic_list.topics.map((topic: { id: number }) => topic.id)).toEqual([topicId]);
    });
  });

  describe('GET /tag/{name}.json', () => {
    it('pages 30 topics at a time, latest bump first', async () => {
      const ids: number[] = [];
      for (let index = 0; index < 31; index++) {
        clock.advanceSeconds(60);
        ids.push(newTopic(`Experiment number ${index} for paging`).topic.id);
      }

      const first = await call(baseUrl, 'GET', '/tag/experiment.json');
      const second = await call(baseUrl, 'GET', '/tag/experiment.json?page=1');
      const third = await call(baseUrl, 'GET', '/tag/experiment.json?page=2');

      expect(first.json.topic_list.per_page).toBe(30);
      expect(first.json.topic_list.topics.length).toBe(30);
      expect(first.json.topic_list.topics[0].id).toBe(ids[30]);
      expect(first.json.topic_list.more_topics_url).toBe('/tag/experiment?page=1');
      expect(second.json.topic_list.topics.map((topic: { id: number }) => topic.id)).toEqual([ids[0]]);
      expect(second.json.topic_list).not.toHaveProperty('more_topics_url');
      expect(third.json.topic_list.topics).toEqual([]);
    });

    it('moves a topic up when it is bumped', async () => {
      const older = newTopic('The older experiment topic').topic;
      clock.advanceSeconds(60);
      newTopic('The newer experiment topic');
      clock.advanceSeconds(60);
      sim.reply({ username: 'bob', topicId: older.id, raw: 'A reply that bumps the older topic.' });

      const response = await call(baseUrl, 'GET', '/tag/experiment.json');

      expect(response.json.topic_list.topics[0].id).toBe(older.id);
      expect(response.json.topic_list.topics[0].bumped_at).toBe(clock.now().toISOString());
    });

    it('lists topic entries with the fields an integration reads', async () => {
      newTopic();

      const response = await call(baseUrl, 'GET', '/tag/experiment.json');

      const [entry] = response.json.topic_list.topics;
      for (const field of ['id', 'title', 'slug', 'tags', 'posts_count', 'created_at', 'bumped_at', 'last_posted_at', 'category_id', 'archetype']) {
        expect(entry).toHaveProperty(field);
      }
      expect(response.json.topic_list.tags[0]).toMatchObject({ name: 'experiment', topic_count: 1 });
    });

    it('answers 404 for an unknown tag', async () => {
      expect((await call(baseUrl, 'GET', '/tag/missing.json')).status).toBe(404);
    });
  });

  describe('POST /posts.json', () => {
    it('creates a topic with tag objects and returns the post', async () => {
      const response = await call(baseUrl, 'POST', '/posts.json', {
        caller: admin,
        body: { title: 'Try a shorter stand-up timebox', raw: 'Practice: /t/daily-stand-up/1\nHypothesis: shorter is better.', tags: [{ name: 'experiment' }] },
      });

      expect(response.status).toBe(200);
      expect(response.json.post_number).toBe(1);
      expect(response.json).not.toHaveProperty('raw');
      expect(sim.topic(response.json.topic_id)!.tagIds.length).toBe(1);
    });

    it('answers 422 on validation errors', async () => {
      const response = await call(baseUrl, 'POST', '/posts.json', { caller: admin, body: { title: 'Too short', raw: 'Long enough body for a first post.' } });

      expect(response.status).toBe(422);
      expect(response.json).toEqual({ action: 'create_post', errors: ['Title is too short (minimum is 15 characters)'] });
    });

    it('answers 403 not_logged_in to anonymous callers', async () => {
      const { topic } = newTopic();
      const { json } = await call(baseUrl, 'GET', '/session/csrf.json');

      const response = await call(baseUrl, 'POST', '/posts.json', {
        body: { topic_id: topic.id, raw: 'A reply without signing in.' },
        caller: { headers: { 'X-CSRF-Token': json.csrf } },
      });

      expect(response.status).toBe(403);
      expect(response.json).toEqual({ errors: ['You need to be logged in to do that.'], error_type: 'not_logged_in' });
    });

    it('returns the memoized post for an identical API request', async () => {
      const receiver = new TestReceiver();
      await receiver.start();
      sim.addWebhook({ url: receiver.url(), events: ['post_created'] });
      const { topic } = newTopic();
      await sim.settleWebhooks();
      const body = { topic_id: topic.id, raw: 'The same reply sent twice by a retrying client.' };

      const first = await call(baseUrl, 'POST', '/posts.json', { caller: admin, body });
      const second = await call(baseUrl, 'POST', '/posts.json', { caller: admin, body });
      await sim.settleWebhooks();
      await receiver.stop();

      expect(second.status).toBe(200);
      expect(second.json.id).toBe(first.json.id);
      expect(sim.topicPosts(topic.id).length).toBe(2);
      expect(receiver.requests.length).toBe(2);
    });

    it('memoizes errors for 120 seconds', async () => {
      const { topic } = newTopic();
      sim.setTopicStatus(topic.id, { username: 'dana', status: 'closed', enabled: true });
      const body = { topic_id: topic.id, raw: 'A reply from a member, by API key.' };
      const asAlice: Caller = { apiKey: sim.adminApiKey, apiUsername: 'alice' };

      const rejected = await call(baseUrl, 'POST', '/posts.json', { caller: asAlice, body });
      sim.setTopicStatus(topic.id, { username: 'dana', status: 'closed', enabled: false });
      const cached = await call(baseUrl, 'POST', '/posts.json', { caller: asAlice, body });
      clock.advanceSeconds(121);
      const fresh = await call(baseUrl, 'POST', '/posts.json', { caller: asAlice, body });

      expect(rejected.status).toBe(422);
      expect(rejected.json.errors).toEqual([TOPIC_NOT_FOUND_MESSAGE]);
      expect(cached.status).toBe(422);
      expect(fresh.status).toBe(200);
    });

    it('does not memoize user API key requests', async () => {
      const { topic } = newTopic();
      const body = { topic_id: topic.id, raw: 'A reply that bob sends twice on purpose.' };

      const first = await call(baseUrl, 'POST', '/posts.json', { caller: bob, body });
      const second = await call(baseUrl, 'POST', '/posts.json', { caller: bob, body });

      expect(second.json.id).not.toBe(first.json.id);
    });

    it('creates a whisper only for the string "true"', async () => {
      const { topic } = newTopic();

      const asString = await call(baseUrl, 'POST', '/posts.json', { caller: admin, body: { topic_id: topic.id, raw: 'A whisper sent as a string.', whisper: 'true' } });
      const asBoolean = await call(baseUrl, 'POST', '/posts.json', { caller: admin, body: { topic_id: topic.id, raw: 'A whisper sent as a boolean.', whisper: true } });

      expect(asString.json.post_type).toBe(4);
      expect(asBoolean.json.post_type).toBe(1);
    });
  });

  describe('edits and revisions', () => {
    it('PUT /posts/{id}.json returns the post under post', async () => {
      const { post } = newTopic();

      const response = await call(baseUrl, 'PUT', `/posts/${post.id}.json`, {
        caller: admin,
        body: { post: { raw: 'It would be great to export the dashboard table as CSV and XLSX.', edit_reason: 'add XLSX' } },
      });

      expect(response.status).toBe(200);
      expect(response.json.post).toMatchObject({ id: post.id, version: 2, edit_reason: 'add XLSX' });
      expect(response.json.post.raw).toContain('XLSX');
    });

    it('GET /posts/{id}.json includes raw', async () => {
      const { post } = newTopic();

      const response = await call(baseUrl, 'GET', `/posts/${post.id}.json`);

      expect(response.json.raw).toBe('It would be great to export the dashboard table as CSV.');
    });

    it('revision 1 answers 400', async () => {
      const { post } = newTopic();

      const response = await call(baseUrl, 'GET', `/posts/${post.id}/revisions/1.json`, { caller: admin });

      expect(response.status).toBe(400);
      expect(response.json.error_type).toBe('invalid_parameters');
    });

    it('latest revision of a post without edits answers 404', async () => {
      const { post } = newTopic();

      expect((await call(baseUrl, 'GET', `/posts/${post.id}/revisions/latest.json`, { caller: admin })).status).toBe(404);
    });

    it('tag update answers basic_topic and records tags_changes', async () => {
      const { topic, post } = newTopic('Add an export button to the dashboard', ['feature-request']);

      const update = await call(baseUrl, 'PUT', `/t/-/${topic.id}.json`, { caller: admin, body: { tags: [{ name: 'feature-request' }, { name: 'planned' }] } });
      const revision = await call(baseUrl, 'GET', `/posts/${post.id}/revisions/latest.json`, { caller: admin });
      const numbered = await call(baseUrl, 'GET', `/posts/${post.id}/revisions/2.json`, { caller: admin });

      expect(update.status).toBe(200);
      expect(update.json.basic_topic).toMatchObject({ id: topic.id, slug: topic.slug, posts_count: 1 });
      expect(update.json.basic_topic.tags.map((tag: { name: string }) => tag.name)).toEqual(['feature-request', 'planned']);
      expect(revision.status).toBe(200);
      expect(revision.json.tags_changes).toEqual({ previous: ['feature-request'], current: ['feature-request', 'planned'] });
      expect(revision.json).toMatchObject({ post_id: post.id, current_revision: 2, current_version: 2, version_count: 2, username: 'system' });
      expect(revision.json).toHaveProperty('title_changes');
      expect(numbered.json).toEqual(revision.json);
    });

    it('revision shows edit_reason and body changes', async () => {
      const { post } = newTopic();
      sim.editPost(post.id, { username: 'dana', raw: 'It would be great to export the dashboard table as XLSX.', editReason: 'format' });

      const revision = await call(baseUrl, 'GET', `/posts/${post.id}/revisions/2.json`, { caller: admin });

      expect(revision.json.edit_reason).toBe('format');
      expect(revision.json.body_changes.inline).toContain('<del>CSV.</del>');
      expect(revision.json.body_changes.inline).toContain('<ins>XLSX.</ins>');
      expect(revision.json).not.toHaveProperty('tags_changes');
    });

    it('title update through PUT /t/{slug}/{id}.json', async () => {
      const { topic } = newTopic();

      const response = await call(baseUrl, 'PUT', `/t/${topic.slug}/${topic.id}.json`, { caller: admin, body: { title: 'Export the dashboard table as CSV' } });

      expect(response.json).toEqual({
        basic_topic: {
          id: topic.id,
          title: 'Export the dashboard table as CSV',
          fancy_title: 'Export the dashboard table as CSV',
          slug: 'export-the-dashboard-table-as-csv',
          posts_count: 1,
        },
      });
    });

    it('stale original_title answers 409', async () => {
      const { topic } = newTopic();

      const response = await call(baseUrl, 'PUT', `/t/-/${topic.id}.json`, { caller: admin, body: { title: 'A completely new title here', original_title: 'Something else' } });

      expect(response.status).toBe(409);
    });
  });

  describe('deletes', () => {
    it('DELETE /posts/{id}.json hides the post from members', async () => {
      const { topic } = newTopic();
      const reply = sim.reply({ username: 'bob', topicId: topic.id, raw: 'A reply that staff will delete.' });

      const deleted = await call(baseUrl, 'DELETE', `/posts/${reply.id}.json`, { caller: admin });
      const member = await call(baseUrl, 'GET', `/posts/${reply.id}.json`, { caller: bob });
      const staff = await call(baseUrl, 'GET', `/posts/${reply.id}.json`, { caller: admin });

      expect(deleted.status).toBe(200);
      expect(deleted.text).toBe('');
      expect(member.status).toBe(404);
      expect(staff.json.deleted_at).toEqual(expect.any(String));
      expect(staff.json.deleted_by.username).toBe('system');
    });

    it('DELETE then recover a topic', async () => {
      const { topic } = newTopic();

      const deleted = await call(baseUrl, 'DELETE', `/t/${topic.id}.json`, { caller: admin });
      const recovered = await call(baseUrl, 'PUT', `/t/${topic.id}/recover.json`, { caller: admin });

      expect(deleted.status).toBe(200);
      expect(recovered.status).toBe(200);
      expect(sim.topic(topic.id)!.deletedAt).toBeNull();
    });

    it('a member cannot delete a topic with replies', async () => {
      const { topic } = newTopic();
      sim.reply({ username: 'bob', topicId: topic.id, raw: 'A reply that keeps the topic alive.' });
      const alice: Caller = { userApiKey: sim.createUserApiKey('alice', ['write']) };

      const response = await call(baseUrl, 'DELETE', `/t/${topic.id}.json`, { caller: alice });

      expect(response.status).toBe(422);
    });
  });

  it('GET /t/{id}/posts.json returns the requested posts', async () => {
    const { topic, post } = newTopic();
    const second = sim.reply({ username: 'bob', topicId: topic.id, raw: 'The second post of the topic.' });
    sim.reply({ username: 'alice', topicId: topic.id, raw: 'The third post of the topic.' });

    const response = await call(baseUrl, 'GET', `/t/${topic.id}/posts.json?post_ids[]=${post.id}&post_ids[]=${second.id}&include_raw=true`);

    expect(response.json.id).toBe(topic.id);
    expect(response.json.post_stream.posts.map((entry: { id: number }) => entry.id)).toEqual([post.id, second.id]);
    expect(response.json.post_stream.posts[1].raw).toBe('The second post of the topic.');
  });

  it('unknown routes answer the not_found body', async () => {
    const response = await call(baseUrl, 'GET', '/no/such/route.json');

    expect(response.status).toBe(404);
    expect(response.json).toEqual(NOT_FOUND);
  });
});
