'use client';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000], ['month', 30 * 86_400_000], ['week', 7 * 86_400_000], ['day', 86_400_000],
  ['hour', 3_600_000], ['minute', 60_000], ['second', 1000],
];

export function formatRelative(iso: string, now = Date.now()): string {
  const diff = new Date(iso).getTime() - now;
  const fmt = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === 'second') return fmt.format(Math.round(diff / ms), unit);
  }
  return '';
}

/** "5 minutes ago", with the exact local time on hover and for assistive technology. */
export function RelativeTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">never</span>;
  const exact = new Date(iso).toLocaleString();
  return (
    <time dateTime={iso} title={exact} suppressHydrationWarning>
      {formatRelative(iso)}
    </time>
  );
}
