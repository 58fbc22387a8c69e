import { describe, expect, it } from 'vitest';
import { readTopicLink } from '../../../sidecar/src/threads/parser/topic-link';

const ROOT_FORUM = 'http://127.0.0.1:4200';
const SUBFOLDER_FORUM = 'https://f.example/community';

describe('readTopicLink accepted forms', () => {
  it.each([
    ['relative with slug', '/t/my-practice/123', ROOT_FORUM],
    ['relative id only', '/t/123', ROOT_FORUM],
    ['relative with post number', '/t/my-practice/123/4', ROOT_FORUM],
    ['relative id and post number', '/t/123/4', ROOT_FORUM],
    ['relative with query', '/t/my-practice/123?u=alice', ROOT_FORUM],
    ['full URL', 'http://127.0.0.1:4200/t/my-practice/123', ROOT_FORUM],
    ['full URL with trailing slash', 'http://127.0.0.1:4200/t/my-practice/123/', ROOT_FORUM],
    ['full URL with fragment', 'http://127.0.0.1:4200/t/my-practice/123#post_2', ROOT_FORUM],
    ['Markdown link', '[My practice](/t/my-practice/123)', ROOT_FORUM],
    ['Markdown link with title', '[My practice](http://127.0.0.1:4200/t/my-practice/123 "Practice")', ROOT_FORUM],
    ['angle brackets', '<http://127.0.0.1:4200/t/my-practice/123>', ROOT_FORUM],
    ['bare URL with trailing text', 'http://127.0.0.1:4200/t/my-practice/123 (the short one)', ROOT_FORUM],
    ['bare URL ending a sentence', 'http://127.0.0.1:4200/t/my-practice/123.', ROOT_FORUM],
    ['bold link', '**/t/my-practice/123**', ROOT_FORUM],
    ['subfolder full URL', 'https://f.example/community/t/my-practice/123', SUBFOLDER_FORUM],
    ['subfolder http URL', 'http://f.example/community/t/my-practice/123', SUBFOLDER_FORUM],
    ['subfolder relative with folder', '/community/t/my-practice/123', SUBFOLDER_FORUM],
    ['subfolder relative without folder', '/t/my-practice/123', SUBFOLDER_FORUM],
    ['subfolder forum URL with trailing slash', 'https://f.example/community/t/my-practice/123', `${SUBFOLDER_FORUM}/`],
    ['subfolder Markdown link', '[My practice](https://f.example/community/t/my-practice/123/7)', SUBFOLDER_FORUM],
    ['host in upper case', 'https://F.EXAMPLE/community/t/my-practice/123', SUBFOLDER_FORUM],
  ])('%s', (_name, text, forumUrl) => {
    const reading = readTopicLink(text, forumUrl);
    expect(reading.problem).toBeNull();
    expect(reading.topicId).toBe(123);
  });

  it('all-digit first segment is the id', () => {
    expect(readTopicLink('/t/2027/123', ROOT_FORUM).topicId).toBe(2027);
  });

  it('slug with digits is no id', () => {
    expect(readTopicLink('/t/sleep-2027/123', ROOT_FORUM).topicId).toBe(123);
  });
});

describe('readTopicLink problems', () => {
  it.each([
    ['foreign host', 'https://other.example/t/x/5', ROOT_FORUM],
    ['other port', 'http://127.0.0.1:4300/t/x/5', ROOT_FORUM],
    ['outside the subfolder', 'https://f.example/t/x/5', SUBFOLDER_FORUM],
    ['other subfolder', 'https://f.example/other/t/x/5', SUBFOLDER_FORUM],
    ['relative other subfolder', '/other/t/x/5', SUBFOLDER_FORUM],
    ['protocol-relative', '//other.example/t/x/5', ROOT_FORUM],
    ['not a topic path', 'http://127.0.0.1:4200/c/practices/5', ROOT_FORUM],
    ['slug without id', '/t/my-practice', ROOT_FORUM],
    ['slug and words', '/t/my-practice/latest', ROOT_FORUM],
    ['topic zero', '/t/0', ROOT_FORUM],
    ['plain words', 'the sleep practice', ROOT_FORUM],
    ['bare number', '123', ROOT_FORUM],
    ['ftp link', 'ftp://127.0.0.1:4200/t/x/5', ROOT_FORUM],
  ])('%s', (_name, text, forumUrl) => {
    const reading = readTopicLink(text, forumUrl);
    expect(reading.topicId).toBeNull();
    expect(reading.problem).toContain(`Practice link "${text}" is not a topic on this forum`);
  });

  it('message names example link', () => {
    expect(readTopicLink('https://other.example/t/x/5', 'https://f.example').problem).toBe(
      `Practice link "https://other.example/t/x/5" is not a topic on this forum; paste the practice topic's link, like https://f.example/t/slug/123`,
    );
  });

  it('example link keeps subfolder', () => {
    expect(readTopicLink('https://other.example/t/x/5', SUBFOLDER_FORUM).problem).toContain(
      'like https://f.example/community/t/slug/123',
    );
  });
});
