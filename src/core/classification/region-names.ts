// The name of a GB/T 2260 region code at any level: the province's from regions.ts, a city's or county's
// from data/regions.json (国家统计局, 2023; see data/regions.md). Kept apart from regions.ts so that the
// portal, which labels provinces only, does not bundle the 3,300 names.
import names from '../../../data/regions.json';
import { provinceName } from './regions.ts';

const NAMES = names as Record<string, string>;

export function regionName(code: string, lang: 'zh' | 'en'): string | null {
  if (code.length === 2) return provinceName(code, lang) ?? null;
  // Below province the list has Chinese names only.
  return lang === 'zh' ? (NAMES[code] ?? null) : null;
}
