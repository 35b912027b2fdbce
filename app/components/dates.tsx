/** Relative wording for recent dates ("3 days ago", "in 6 days"), the exact time on hover. */
export function relativeTime(date: Date, now = new Date()): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const format = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  if (abs < 60) return "just now";
  if (abs > 30 * 86_400) return date.toISOString().slice(0, 10);
  for (const [unit, size] of units) {
    if (abs >= size) return format.format(Math.round(seconds / size), unit);
  }
  return "just now";
}

export function RelativeTime({ date }: { date: string | Date }) {
  const value = typeof date === "string" ? new Date(date) : date;
  return (
    <time dateTime={value.toISOString()} title={value.toUTCString()} suppressHydrationWarning>
      {relativeTime(value)}
    </time>
  );
}
