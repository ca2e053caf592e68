// The one calendar check for times people type, here and in the `backspace` CLI (which depends on this
// package): JavaScript's Date rolls an impossible date or hour over (2026-02-30 is 2 March, 24:00 the
// next day), so each part of a parsed ISO time must be one the calendar has.

/** Whether year, month (1-12), day, hour, minute and second name a moment the calendar has: no 30 February, no hour 24, no minute 60. */
export function isCalendarTime([year, month, day, hour = 0, minute = 0, second = 0]: readonly number[]): boolean {
  if (year === undefined || month === undefined || day === undefined) return false;
  const lastOfMonth = new Date(0);
  lastOfMonth.setUTCFullYear(year, month, 0); // Date.UTC would read years 0-99 as 1900-1999
  return month >= 1 && month <= 12 && day >= 1 && day <= lastOfMonth.getUTCDate() && hour <= 23 && minute <= 59 && second <= 59;
}
