import { afterEach, describe, expect, it } from 'vitest';
import { readCalendarValue } from '../../../sidecar/src/threads/parser/calendar';

const BERLIN = 'Europe/Berlin';

function read(text: string, defaultTimezone = BERLIN) {
  return readCalendarValue(text, 'Review date', defaultTimezone);
}

describe('readCalendarValue forms', () => {
  it.each([
    ['calendar date', '2027-01-15', '2027-01-15T00:00:00.000+01:00', '2027-01-15', BERLIN],
    ['date and time', '2027-01-15 14:30', '2027-01-15T14:30:00.000+01:00', null, BERLIN],
    ['ISO date and time', '2027-01-15T14:30', '2027-01-15T14:30:00.000+01:00', null, BERLIN],
    ['time with seconds', '2027-01-15 14:30:05', '2027-01-15T14:30:05.000+01:00', null, BERLIN],
    ['one-digit hour', '2027-01-15 9:05', '2027-01-15T09:05:00.000+01:00', null, BERLIN],
    ['bold date', '**2027-01-15**', '2027-01-15T00:00:00.000+01:00', '2027-01-15', BERLIN],
    ['trailing comment', '2027-02-01 (after the retro)', '2027-02-01T00:00:00.000+01:00', '2027-02-01', BERLIN],
    ['trailing words', '2027-02-01 after 2 retros', '2027-02-01T00:00:00.000+01:00', '2027-02-01', BERLIN],
    ['zone after time', '2027-01-15 14:30 America/New_York', '2027-01-15T14:30:00.000-05:00', null, 'America/New_York'],
    ['zone after date', '2027-01-15 Asia/Tokyo', '2027-01-15T00:00:00.000+09:00', '2027-01-15', 'Asia/Tokyo'],
    ['UTC after time', '2027-01-15 14:30 UTC', '2027-01-15T14:30:00.000+00:00', null, 'UTC'],
    ['Z suffix', '2027-01-15T14:30Z', '2027-01-15T14:30:00.000+00:00', null, 'UTC'],
    [
      'date markup',
      '[date=2027-01-15 time=14:30:00 timezone="America/New_York"]',
      '2027-01-15T14:30:00.000-05:00',
      null,
      'America/New_York',
    ],
    [
      'date markup attributes reordered',
      '[date=2027-01-15 timezone="Asia/Tokyo" format="LL" time=09:00:00]',
      '2027-01-15T09:00:00.000+09:00',
      null,
      'Asia/Tokyo',
    ],
    [
      'date markup unquoted zone',
      '[date=2027-01-15 time=14:30 timezone=America/New_York]',
      '2027-01-15T14:30:00.000-05:00',
      null,
      'America/New_York',
    ],
    [
      'date markup with timezones list',
      '[date=2027-01-15 time=14:30:00 timezones="Europe/Paris|America/New_York" timezone="Asia/Tokyo"]',
      '2027-01-15T14:30:00.000+09:00',
      null,
      'Asia/Tokyo',
    ],
    ['date markup without time', '[date=2027-01-15 timezone="Asia/Tokyo"]', '2027-01-15T00:00:00.000+09:00', '2027-01-15', 'Asia/Tokyo'],
    ['date markup without zone', '[date=2027-01-15 time=14:30:00]', '2027-01-15T14:30:00.000+01:00', null, BERLIN],
    [
      'date-range markup',
      '[date-range from=2027-01-15T14:30:00 to=2027-01-20T10:00:00 timezone="Asia/Tokyo"]',
      '2027-01-15T14:30:00.000+09:00',
      null,
      'Asia/Tokyo',
    ],
    [
      'date-range markup of dates',
      '[date-range from=2027-01-15 to=2027-01-20 timezone="Asia/Tokyo"]',
      '2027-01-15T00:00:00.000+09:00',
      '2027-01-15',
      'Asia/Tokyo',
    ],
    [
      'markup with trailing text',
      '[date=2027-01-15 time=14:30:00 timezone="Asia/Tokyo"] (our retro)',
      '2027-01-15T14:30:00.000+09:00',
      null,
      'Asia/Tokyo',
    ],
    ['lower-case zone', '[date=2027-01-15 timezone="asia/tokyo"]', '2027-01-15T00:00:00.000+09:00', '2027-01-15', 'Asia/Tokyo'],
  ])('%s', (_name, text, at, on, timezone) => {
    const reading = read(text);
    expect(reading.problem).toBeNull();
    expect(reading.value?.at).toBe(at);
    expect(reading.value?.on).toBe(on);
    expect(reading.value?.timezone).toBe(timezone);
  });

  it.each([
    ['plain date', '2027-01-15', false],
    ['plain time', '2027-01-15 14:30', false],
    ['zone name', '2027-01-15 14:30 Asia/Tokyo', true],
    ['markup zone', '[date=2027-01-15 timezone="Asia/Tokyo"]', true],
    ['markup without zone', '[date=2027-01-15]', false],
  ])('explicit zone: %s', (_name, text, explicit) => {
    expect(read(text).explicitZone).toBe(explicit);
  });
});

describe('readCalendarValue problems', () => {
  it.each([
    ['words', 'next Tuesday-ish'],
    ['day first', '15.01.2027'],
    ['short month', '2027-1-15'],
    ['digits after date', '2027-01-150'],
    ['unreadable time', '2027-01-15 14.30'],
    ['time with am/pm', '2027-01-15 2:30 pm'],
    ['time in words after date', '2027-01-15 at 9am'],
    ['date markup without date', '[date time=14:30:00]'],
    ['date markup with bad date', '[date=15.01.2027]'],
    ['unclosed markup', '[date=2027-01-15 time=14:30'],
    ['date-range without from', '[date-range to=2027-01-20]'],
  ])('not a date: %s', (_name, text) => {
    const reading = read(text);
    expect(reading.value).toBeNull();
    expect(reading.problem).toBe(`Review date "${text}" is not a date; use 2027-01-15 or the date picker`);
  });

  it.each([
    ['February 30', '2027-02-30'],
    ['month 13', '2027-13-01'],
    ['hour 25', '2027-01-15 25:00'],
    ['hour 24', '2027-01-15 24:00'],
    ['minute 60', '2027-01-15 14:60'],
    ['markup February 29 outside a leap year', '[date=2027-02-29 timezone="Europe/Berlin"]'],
  ])('invalid: %s', (_name, text) => {
    const reading = read(text);
    expect(reading.value).toBeNull();
    expect(reading.problem).toBe(
      `Review date "${text}" is not a valid date or time; check the day, month and hour, or use the date picker`,
    );
  });

  it.each([
    ['markup', '[date=2027-01-15 time=14:30:00 timezone="Mars/Olympus"]'],
    ['after time', '2027-01-15 14:30 Mars/Olympus'],
  ])('unknown zone: %s', (_name, text) => {
    const reading = read(text);
    expect(reading.value).toBeNull();
    expect(reading.problem).toBe('Review date zone "Mars/Olympus" is not a known time zone; use a name like Europe/Berlin');
  });

  it('UTC offset', () => {
    const reading = read('2027-01-15T14:30+02:00');
    expect(reading.value).toBeNull();
    expect(reading.problem).toContain('has a UTC offset; write a time zone name instead');
  });

  it('name starts message', () => {
    expect(readCalendarValue('soon', 'Start date', BERLIN).problem).toBe(
      'Start date "soon" is not a date; use 2027-01-15 or the date picker',
    );
  });
});

describe('readCalendarValue daylight saving', () => {
  it.each([
    ['day before spring change', '2027-03-27 12:00', '2027-03-27T12:00:00.000+01:00'],
    ['day of spring change, morning', '2027-03-28 01:30', '2027-03-28T01:30:00.000+01:00'],
    ['day of spring change, afternoon', '2027-03-28 14:00', '2027-03-28T14:00:00.000+02:00'],
    ['calendar date after spring change', '2027-03-29', '2027-03-29T00:00:00.000+02:00'],
    ['day of autumn change', '2027-10-31 12:00', '2027-10-31T12:00:00.000+01:00'],
    ['summer', '2027-07-01', '2027-07-01T00:00:00.000+02:00'],
  ])('%s', (_name, text, at) => {
    expect(read(text).value?.at).toBe(at);
  });

  it('skipped hour is a problem', () => {
    const reading = read('2027-03-28 02:30');
    expect(reading.value).toBeNull();
    expect(reading.problem).toBe(
      'Review date "2027-03-28 02:30" does not exist in Europe/Berlin because the clocks move forward then; pick another time',
    );
  });

  it('repeated hour takes standard time', () => {
    expect(read('2027-10-31 02:30').value?.at).toBe('2027-10-31T02:30:00.000+01:00');
  });

  it('southern hemisphere offset', () => {
    expect(read('2027-01-15 12:00 Australia/Sydney').value?.at).toBe('2027-01-15T12:00:00.000+11:00');
  });
});

describe('readCalendarValue process zone', () => {
  const originalTz = process.env.TZ;

  afterEach(() => {
    if (originalTz === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = originalTz;
    }
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'UTC'])('same result under TZ=%s', (processZone) => {
    process.env.TZ = processZone;

    const date = read('2027-01-15');
    const time = read('2027-03-28 14:00');
    const markup = read('[date=2027-01-15 time=23:30:00 timezone="America/Los_Angeles"]');

    expect(date.value?.at).toBe('2027-01-15T00:00:00.000+01:00');
    expect(date.value?.on).toBe('2027-01-15');
    expect(time.value?.at).toBe('2027-03-28T14:00:00.000+02:00');
    expect(markup.value?.at).toBe('2027-01-15T23:30:00.000-08:00');
  });

  it('TZ change takes effect', () => {
    // Guards the test above: if Node ignored TZ changes, it would pass without testing anything.
    process.env.TZ = 'Pacific/Kiritimati';
    const kiritimatiOffset = new Date(Date.UTC(2027, 0, 15)).getTimezoneOffset();
    process.env.TZ = 'Pacific/Pago_Pago';
    const pagoPagoOffset = new Date(Date.UTC(2027, 0, 15)).getTimezoneOffset();

    expect(kiritimatiOffset).toBe(-14 * 60);
    expect(pagoPagoOffset).toBe(11 * 60);
  });
});
