import { describe, expect, it } from 'vitest';
import { cook } from './text';

describe('cook', () => {
  it('drops HTML comments as Discourse does', () => {
    expect(cook('Please reflect.\n\n<!-- praxis-reminder topic=6 review=2027-01-15 n=0 -->')).toBe('<p>Please reflect.</p>');
  });

  it('keeps comments inside fenced code', () => {
    expect(cook('```\n<!-- shown as code -->\n```')).toContain('&lt;!-- shown as code --&gt;');
  });
});
