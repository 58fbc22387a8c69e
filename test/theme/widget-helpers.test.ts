import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDate, formatDateTime } from '../../theme-component/src/widgets/format';
import { createTranslator, interpolate } from '../../theme-component/src/widgets/messages';
import { topicKindOf } from '../../theme-component/src/widgets/topic-kind';
import { safeHref } from '../../theme-component/src/widgets/dom';

const TAGS = { experimentTag: 'experiment', practiceTag: 'practice' };

describe('formatCalendarDate', () => {
  it('keeps the date in every zone', () => {
    for (const timeZone of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC']) {
      expect(formatCalendarDate('2027-01-15', { locale: 'en-US', timeZone }), timeZone).toBe('Jan 15, 2027');
    }
  });

  it('uses the locale', () => {
    expect(formatCalendarDate('2027-01-15', { locale: 'de' })).toBe('15. Jan. 2027');
  });

  it('accepts Discourse locale names', () => {
    expect(formatCalendarDate('2027-01-15', { locale: 'pt_BR' })).toBe('15 de jan. de 2027');
  });

  it('returns text that is not a date unchanged', () => {
    expect(formatCalendarDate('next friday')).toBe('next friday');
  });
});

describe('formatDateTime', () => {
  it('shows the instant in the given zone', () => {
    expect(formatDateTime('2027-01-15T02:00:00Z', { locale: 'en-US', timeZone: 'America/New_York' })).toBe('Jan 14, 2027, 9:00 PM EST');
  });

  it('falls back when the zone is unknown', () => {
    expect(formatDateTime('2027-01-15T02:00:00Z', { locale: 'en-US', timeZone: 'Mars/Olympus' })).toMatch(/2027/);
  });

  it('returns an invalid instant unchanged', () => {
    expect(formatDateTime('not a time')).toBe('not a time');
  });
});

describe('formatDate', () => {
  it('takes the date of the reader zone', () => {
    expect(formatDate('2027-01-15T02:00:00Z', { locale: 'en-US', timeZone: 'America/Los_Angeles' })).toBe('Jan 14, 2027');
    expect(formatDate('2027-01-15T02:00:00Z', { locale: 'en-US', timeZone: 'Asia/Tokyo' })).toBe('Jan 15, 2027');
  });
});

describe('topicKindOf', () => {
  it('reads tag names', () => {
    expect(topicKindOf(['ideas', 'experiment'], TAGS)).toBe('experiment');
  });

  it('reads tag objects', () => {
    expect(topicKindOf([{ name: 'Practice' }], TAGS)).toBe('practice');
  });

  it('prefers experiment when both tags are set', () => {
    expect(topicKindOf(['practice', 'experiment'], TAGS)).toBe('experiment');
  });

  it('uses configured tag names', () => {
    expect(topicKindOf(['trial'], { experimentTag: 'Trial', practiceTag: 'habit' })).toBe('experiment');
  });

  it('returns null without a Praxis tag', () => {
    expect(topicKindOf(['ideas'], TAGS)).toBeNull();
    expect(topicKindOf(undefined, TAGS)).toBeNull();
  });
});

describe('createTranslator', () => {
  const t = createTranslator({ join: { joined: 'You joined as %{role}.' } });

  it('fills placeholders', () => {
    expect(t('join.joined', { role: 'Observer' })).toBe('You joined as Observer.');
  });

  it('marks a missing key', () => {
    expect(t('join.left')).toBe('[join.left]');
  });

  it('leaves unknown placeholders', () => {
    expect(interpolate('%{a} and %{b}', { a: 1 })).toBe('1 and %{b}');
  });
});

describe('safeHref', () => {
  it('allows http, https and relative URLs', () => {
    expect(safeHref('https://forum.example/t/1')).toBe('https://forum.example/t/1');
    expect(safeHref('/t/1')).toBe('/t/1');
  });

  it('rejects other schemes', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JavaScript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
  });
});
