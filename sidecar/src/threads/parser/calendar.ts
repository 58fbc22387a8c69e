import { DateTime, IANAZone } from 'luxon';

export interface CalendarValue {
  /** The instant, ISO 8601 with the zone's offset, e.g. "2027-01-15T14:30:00.000+01:00". A date without time: 00:00 that day in `timezone`. */
  at: string;
  /** "YYYY-MM-DD" exactly as written when the value had no time, else null. */
  on: string | null;
  /** IANA zone the value was read in. */
  timezone: string;
}

export type CalendarReading =
  | {
      value: CalendarValue;
      /** Whether the text named its zone, so it was not read in the default zone. */
      explicitZone: boolean;
      problem: null;
    }
  | { value: null; explicitZone: false; problem: string };

/** Luxon format for `at`. It writes UTC as "+00:00" where `toISO()` would write "Z". */
const ISO_WITH_OFFSET = "yyyy-MM-dd'T'HH:mm:ss.SSSZZ";

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const PLAIN_VALUE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?/;
const DATE_MARKUP = /^\[(date-range|date)(?=[\s=\]])([^\]]*)\]/i;
const MARKUP_ATTRIBUTE = /([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|([^\s\]"']+))/g;
/** A zone name after the date or time: `Area/Location` (one or more `/` parts), `UTC` or `GMT`. */
const TRAILING_ZONE = /^\s+([A-Za-z][\w+-]*(?:\/[\w+-]+)+|UTC|GMT)(?=$|[\s,;.!?)*])/;
const UTC_OFFSET = /^(?:Z|[+-]\d{2}(?::?\d{2})?)(?=$|[\s,;.!?)])/i;
/**
 * Text after a value that shows a time the plain forms cannot read: a digit right after the
 * value (`2027-01-15 9am`), a clock time anywhere (`at 14.30`, `2:30`), or am/pm (`2:30 pm`).
 */
const UNREAD_TIME = /^[\sT]*\d|\b\d{1,2}(?:[:.h]\d{2}\b|\s*[ap]\.?m\b\.?)|^\s*[ap]\.?m\b/i;

interface WrittenParts {
  date: string;
  time: string | null;
  zone: string | null;
}

/**
 * Reads a `Start:` or `Review:` value, which is one of:
 * - a calendar date, `2027-01-15`, read as 00:00 that day;
 * - a date and time, `2027-01-15 14:30` or `2027-01-15T14:30:05`, optionally followed by a zone
 *   name (`Europe/Berlin`, `UTC`) or `Z`;
 * - Discourse local-date markup, `[date=2027-01-15 time=14:30:00 timezone="Europe/Berlin"]`, or
 *   `[date-range from=2027-01-15T14:30:00 to=... timezone=...]`, whose `from` is used.
 *
 * Values without a zone are read in `defaultTimezone`. Text after the value is ignored.
 * `name` ("Review date") starts each problem message.
 */
export function readCalendarValue(text: string, name: string, defaultTimezone: string): CalendarReading {
  const written = text.trim();
  const notADate = `${name} "${written}" is not a date; use 2027-01-15 or the date picker`;

  const unwrapped = written.replace(/^[*_\s]+/, '');
  const parts = DATE_MARKUP.test(unwrapped) ? readDateMarkup(unwrapped) : readPlainValue(unwrapped);
  if (parts === 'offset') {
    return failure(
      `${name} "${written}" has a UTC offset; write a time zone name instead, like 2027-01-15 14:30 Europe/Berlin, or use the date picker`,
    );
  }
  if (parts === null) {
    return failure(notADate);
  }

  const zone = parts.zone === null ? defaultTimezone : canonicalZone(parts.zone);
  if (zone === null) {
    return failure(`${name} zone "${parts.zone}" is not a known time zone; use a name like Europe/Berlin`);
  }

  const dateMatch = DATE.exec(parts.date);
  const timeMatch = parts.time === null ? null : TIME.exec(parts.time);
  if (dateMatch === null || (parts.time !== null && timeMatch === null)) {
    return failure(notADate);
  }

  const fields = {
    year: Number(dateMatch[1]),
    month: Number(dateMatch[2]),
    day: Number(dateMatch[3]),
    hour: timeMatch === null ? 0 : Number(timeMatch[1]),
    minute: timeMatch === null ? 0 : Number(timeMatch[2]),
    second: timeMatch?.[3] === undefined ? 0 : Number(timeMatch[3]),
  };

  // Luxon rolls hour 24 over to the next day, so the clock fields are checked here.
  const clockValid = fields.hour <= 23 && fields.minute <= 59 && fields.second <= 59;
  const dateTime = DateTime.fromObject(fields, { zone });
  if (!clockValid || !dateTime.isValid) {
    return failure(`${name} "${written}" is not a valid date or time; check the day, month and hour, or use the date picker`);
  }

  // A local time skipped by a daylight saving change does not exist, and Luxon would move it an hour on.
  // NOTE: a local time that occurs twice (autumn change) is not flagged. Luxon 3.7 gives it
  // the later, standard-time offset, e.g. 2027-10-31 02:30 in Europe/Berlin is +01:00.
  if (dateTime.hour !== fields.hour || dateTime.minute !== fields.minute) {
    return failure(
      `${name} "${written}" does not exist in ${zone} because the clocks move forward then; pick another time`,
    );
  }

  return {
    value: {
      at: dateTime.toFormat(ISO_WITH_OFFSET),
      on: parts.time === null ? parts.date : null,
      timezone: zone,
    },
    explicitZone: parts.zone !== null,
    problem: null,
  };
}

/** Returns whether `value` is an earlier instant than `reference`. */
export function isBefore(value: CalendarValue, reference: CalendarValue): boolean {
  return DateTime.fromISO(value.at).toMillis() < DateTime.fromISO(reference.at).toMillis();
}

/** Formats the value as a reader would write it: "2027-01-15", or "2027-01-15 14:30 Europe/Berlin" for a time. */
export function describeCalendarValue(value: CalendarValue): string {
  if (value.on !== null) {
    return value.on;
  }
  const local = DateTime.fromISO(value.at, { zone: value.timezone });
  return `${local.toFormat('yyyy-MM-dd HH:mm')} ${value.timezone}`;
}

/** Reads `[date=... time=... timezone=...]` or `[date-range from=... timezone=...]`. */
function readDateMarkup(text: string): WrittenParts | null {
  const match = DATE_MARKUP.exec(text);
  if (match === null) {
    return null;
  }

  const attributes = readMarkupAttributes(match[0]);
  const zone = attributes.get('timezone') ?? null;

  if ((match[1] ?? '').toLowerCase() === 'date') {
    const date = attributes.get('date');
    return date === undefined ? null : { date, time: attributes.get('time') ?? null, zone };
  }

  const from = attributes.get('from');
  if (from === undefined) {
    return null;
  }
  const [date = '', time] = from.trim().split(/[T ]/, 2);
  return { date, time: time ?? null, zone };
}

function readMarkupAttributes(markup: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of markup.matchAll(MARKUP_ATTRIBUTE)) {
    const key = (match[1] ?? '').toLowerCase();
    if (!attributes.has(key)) {
      attributes.set(key, (match[2] ?? match[3] ?? match[4] ?? '').trim());
    }
  }
  return attributes;
}

/** Reads `2027-01-15`, `2027-01-15 14:30[:05]` or `2027-01-15T14:30`, with an optional zone name or `Z` after it. */
function readPlainValue(text: string): WrittenParts | 'offset' | null {
  const match = PLAIN_VALUE.exec(text);
  if (match === null) {
    return null;
  }

  const date = match[1] ?? '';
  const time = match[2] ?? null;
  const rest = text.slice(match[0].length);

  if (time !== null) {
    const offset = UTC_OFFSET.exec(rest);
    if (offset !== null) {
      return offset[0].toUpperCase() === 'Z' ? { date, time, zone: 'UTC' } : 'offset';
    }
  }

  const zone = TRAILING_ZONE.exec(rest);
  if (zone !== null) {
    return { date, time, zone: zone[1] ?? null };
  }

  // Text right after the value is a comment ("(after the retro)") unless it looks like a
  // time that was not read, which would silently become midnight.
  const endsCleanly = rest === '' || /^[\s,;.!?)\]*_]/.test(rest);
  if (!endsCleanly || UNREAD_TIME.test(rest)) {
    return null;
  }
  return { date, time, zone: null };
}

/** Returns the zone's canonical IANA name ("europe/berlin" gives "Europe/Berlin"), or null when the name is unknown. */
function canonicalZone(name: string): string | null {
  const trimmed = name.trim();
  if (!/^[A-Za-z]/.test(trimmed) || !IANAZone.isValidZone(trimmed)) {
    return null;
  }
  return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
}

function failure(problem: string): CalendarReading {
  return { value: null, explicitZone: false, problem };
}
