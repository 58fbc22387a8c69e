/*
 * Dates in post headers. Core shows a post's age in a short form ("5m", "3h", "12d", then a
 * date) and the full date on hover. These helpers approximate that in English, in UTC.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** Ages below this many days are shown as "Nd"; older posts show their date. */
const MAX_DAYS_AS_AGE = 30;

/** Returns the short age of a post: "1m", "5h", "12d", "Jan 5" this year or "Jan '25" before it. */
export function shortAge(date: Date, now: Date): string {
  const age = Math.max(0, now.getTime() - date.getTime());

  if (age < HOUR_MS) return `${Math.max(1, Math.floor(age / MINUTE_MS))}m`;
  if (age < DAY_MS) return `${Math.floor(age / HOUR_MS)}h`;
  if (age < MAX_DAYS_AS_AGE * DAY_MS) return `${Math.floor(age / DAY_MS)}d`;

  const month = MONTHS[date.getUTCMonth()]!;
  if (date.getUTCFullYear() === now.getUTCFullYear()) return `${month} ${date.getUTCDate()}`;
  return `${month} '${String(date.getUTCFullYear()).slice(-2)}`;
}

/** Returns the full date and time, for example "Jan 5, 2027 09:30 UTC". */
export function fullDate(date: Date): string {
  const hours = String(date.getUTCHours()).padStart(2, '0');
  const minutes = String(date.getUTCMinutes()).padStart(2, '0');
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()} ${hours}:${minutes} UTC`;
}
