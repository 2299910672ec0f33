/**
 * A deadline as a clerk in Gansu reads it: the date and time in Beijing (UTC+8, no
 * daylight saving), whatever offset the stored ISO text carries, e.g.
 * 2016年3月31日 23:59:59（北京时间）. Pure arithmetic, so the template's bytes do not
 * depend on the machine's time zone.
 */
const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

/** The ISO date-time in Beijing time; text that is not a date is shown as it is. */
export function beijingTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const t = new Date(ms + BEIJING_OFFSET_MS);
  const seconds = t.getUTCSeconds() === 0 ? '' : `:${two(t.getUTCSeconds())}`;
  return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}${seconds}（北京时间）`;
}
