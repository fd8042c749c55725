// Region labels for the portal: the province's name (core/classification/regions.ts) and the code.
import { provinceName } from '../core/classification/regions.ts';

export { PROVINCES, provinceName } from '../core/classification/regions.ts';

/** "山西省 · 140602", or the code alone for an unknown province. */
export function regionLabel(code: string, lang: 'zh' | 'en'): string {
  const p = provinceName(code, lang);
  return p ? (code.length > 2 ? `${p} · ${code}` : p) : code;
}
