// Which template a report follows, from the tables it prints (and their printed numbers), unless told.
import { TEMPLATES, templateById, type Template } from '../../core/templates/index.ts';
import type { TableStart } from './locate.ts';

export interface Choice {
  readonly template?: Template;
  readonly why: string;
}

export function chooseTemplate(found: readonly { start: TableStart; number?: string }[], given?: string): Choice {
  if (given) {
    const t = templateById(given);
    return t ? { template: t, why: `template ${t.id} as given` } : { why: `unknown template "${given}"; known: ${TEMPLATES.map((x) => x.id).join(', ')}` };
  }
  if (found.length === 0) return { why: 'no table of any known template was found' };
  const ids = found.map((f) => f.start.def.id);
  const exact = TEMPLATES.find((t) => t.tables.length === ids.length && t.tables.every((x, i) => x.id === ids[i]));
  if (exact) return { template: exact, why: `template ${exact.id}: its ${exact.tables.length} tables were found in order` };
  // Otherwise the closest: tables found and numbered as the template numbers them count for it, tables it
  // lacks against it, and so do its tables missing before the last one found (a report cut short misses
  // only its last tables, which tells nothing). Ties go to the larger template, so more is reported missing.
  let best: { t: Template; score: number } | undefined;
  for (const t of TEMPLATES) {
    let score = 0;
    for (const f of found) {
      const def = t.tables.find((x) => x.id === f.start.def.id);
      if (!def) score -= 2;
      else score += 1 + (f.number !== undefined && f.number === def.number ? 1 : 0);
    }
    const last = Math.max(...found.map((f) => t.tables.findIndex((x) => x.id === f.start.def.id)));
    score -= t.tables.filter((x, i) => i < last && !ids.includes(x.id)).length;
    if (!best || score > best.score || (score === best.score && t.tables.length > best.t.tables.length)) best = { t, score };
  }
  const t = best!.t;
  return { template: t, why: `template ${t.id}: the closest to the tables found (${ids.length} of its ${t.tables.length} tables)` };
}
