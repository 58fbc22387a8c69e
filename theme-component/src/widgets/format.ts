const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateOptions {
  locale?: string;
  /** IANA zone to show instants in; the runtime's zone when missing. */
  timeZone?: string;
}

/**
 * Formats a calendar date (`2027-01-15`) as that same date for every reader. The date is formatted
 * as midnight UTC in the UTC zone, so no zone offset can move it to the day before or after.
 */
export function formatCalendarDate(date: string, options: DateOptions = {}): string {
  const match = CALENDAR_DATE.exec(date);
  if (!match) return date;

  const [, year, month, day] = match;
  const utcMidnight = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return dateFormat(options.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(utcMidnight);
}

/** Formats an ISO 8601 instant as a date and time in the reader's zone, with the zone's short name. */
export function formatDateTime(instant: string, options: DateOptions = {}): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;

  return dateFormat(options.locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone: options.timeZone,
  }).format(time);
}

/** Formats an ISO 8601 instant as the date it falls on in the reader's zone. */
export function formatDate(instant: string, options: DateOptions = {}): string {
  const time = Date.parse(instant);
  if (Number.isNaN(time)) return instant;

  return dateFormat(options.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: options.timeZone }).format(time);
}

/**
 * Builds a formatter and falls back to the runtime's locale and zone when either is invalid,
 * because a bad user preference must not break the widget. Discourse writes locales as `pt_BR`.
 */
function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const tag = locale?.replace(/_/g, '-');
  const withoutZone = { ...options, timeZone: undefined };
  const attempts: [string | undefined, Intl.DateTimeFormatOptions][] = [
    [tag, options],
    [undefined, options],
    [tag, withoutZone],
  ];
  for (const [attemptLocale, attemptOptions] of attempts) {
    try {
      return new Intl.DateTimeFormat(attemptLocale, attemptOptions);
    } catch {
      // RangeError for an unknown locale tag or time zone; try the next fallback.
    }
  }
  return new Intl.DateTimeFormat(undefined, withoutZone);
}
