// Figures and times as the page prints them. Amounts stay the exact decimal strings the report
// printed; anything computed from them for display is in ./amounts.ts.
import { lang } from './i18n.ts';

/** China Standard Time (Asia/Shanghai), without daylight saving since 1991. */
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * "2026-11-27 11:38" in Beijing time, the time zone the reports are published in. China keeps UTC+8
 * all year, so this is arithmetic rather than Intl with a time zone (whose first use loads the ICU
 * zone data: tens of milliseconds on the page's critical path).
 */
export function formatTime(iso: string, withZone = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const b = new Date(d.getTime() + BEIJING_OFFSET_MS);
  const text = `${b.getUTCFullYear()}-${pad(b.getUTCMonth() + 1)}-${pad(b.getUTCDate())} ${pad(b.getUTCHours())}:${pad(b.getUTCMinutes())}`;
  return withZone ? `${text} ${lang === 'zh' ? '北京时间' : 'UTC+8'}` : text;
}

export function formatDate(iso: string): string {
  return formatTime(iso, false).slice(0, 10);
}


export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(Math.round((n / 1024) * 10) / 10).toFixed(1)} KB`;
  return `${(Math.round((n / 1024 / 1024) * 10) / 10).toFixed(1)} MB`;
}

export const shortHash = (sha: string): string => sha.slice(0, 12);
