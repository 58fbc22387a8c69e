import { describe, expect, it } from 'vitest';
import { parseQueryString } from './http/params';
import { cleanTagName, cook, fancyTitle, slugify } from './text';

describe('slugify', () => {
  it.each([
    ['Add an export button to the dashboard', 'add-an-export-button-to-the-dashboard'],
    ["Don't break the build", 'dont-break-the-build'],
    ['Café crème', 'cafe-creme'],
    ['   --Try   a 10-minute stand-up!--  ', 'try-a-10-minute-stand-up'],
    ['日本語のタイトル', 'topic'],
  ])('turns %j into %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });
});

describe('fancyTitle', () => {
  it('escapes markup and curls quotes', () => {
    expect(fancyTitle('Don\'t use <b> & "quotes"')).toBe('Don&rsquo;t use &lt;b&gt; &amp; &ldquo;quotes&rdquo;');
  });
});

describe('cleanTagName', () => {
  it('lowercases and dashes spaces', () => {
    expect(cleanTagName(' Feature Request ')).toBe('feature-request');
  });

  it('cuts names to 20 characters', () => {
    expect(cleanTagName('a-very-long-tag-name-indeed')).toBe('a-very-long-tag-name');
  });
});

describe('cook', () => {
  it('renders paragraphs and line breaks', () => {
    expect(cook('First line\nsecond line\n\nNext paragraph')).toBe('<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>');
  });

  it('renders bold labels and escapes markup', () => {
    expect(cook('**Start:** 2026-11-02 <script>')).toBe('<p><strong>Start:</strong> 2026-11-02 &lt;script&gt;</p>');
  });

  it('renders local dates as spans', () => {
    const html = cook('Start: [date=2027-01-15 time=14:30:00 timezone="Europe/Berlin"]');

    expect(html).toContain('class="discourse-local-date"');
    expect(html).toContain('data-date="2027-01-15"');
    expect(html).toContain('data-time="14:30:00"');
    expect(html).toContain('data-timezone="Europe/Berlin"');
  });

  it('renders lists', () => {
    expect(cook('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
  });
});

describe('parseQueryString', () => {
  it('collects bracketed arrays', () => {
    expect(parseQueryString('post_ids[]=1&post_ids[]=2')).toEqual({ post_ids: ['1', '2'] });
  });

  it('nests bracketed keys', () => {
    expect(parseQueryString('post[raw]=hello&post[edit_reason]=typo')).toEqual({ post: { raw: 'hello', edit_reason: 'typo' } });
  });

  it('starts a new hash when a key repeats', () => {
    expect(parseQueryString('tags[][name]=a&tags[][name]=b')).toEqual({ tags: [{ name: 'a' }, { name: 'b' }] });
  });
});
