// Which template a report follows, from the tables it prints (their printed numbers and titles), unless told.
// Shared by the text and the PDF importers.
import { TEMPLATES, templateById, type Template } from '../../core/templates/index.ts';
import { normalise } from './lines.ts';

/** A table found in a report: its semantic id, the number and the title line as printed. */
export interface FoundTable {
  readonly id: string;
  readonly number?: string;
  readonly printed?: string;
}

export interface Choice {
  readonly template?: Template;
  readonly why: string;
}

export function chooseTemplate(found: readonly FoundTable[], given?: string): Choice {
  if (given) {
    const t = templateById(given);
    return t ? { template: t, why: `template ${t.id} as given` } : { why: `unknown template "${given}"; known: ${TEMPLATES.map((x) => x.id).join(', ')}` };
  }
  if (found.length === 0) return { why: 'no table of any known template was found' };
  const ids = found.map((f) => f.id);
  // Each template's score: tables found and numbered or titled as it prints them count for it, tables it lacks
  // against it, and so do its tables missing before the last one found (a report cut short misses only its
  // last tables, which tells nothing).
  const score = (t: Template) => {
    let n = 0;
    for (const f of found) {
      const def = t.tables.find((x) => x.id === f.id);
      if (!def) {
        n -= 2;
        continue;
      }
      n += 1;
      if (f.number !== undefined && def.number !== undefined && normalise(def.number).endsWith(normalise(f.number))) n += 1;
      if (f.printed !== undefined && normalise(f.printed).endsWith(normalise(def.title))) n += 1;
    }
    const last = Math.max(...found.map((f) => t.tables.findIndex((x) => x.id === f.id)));
    return n - t.tables.filter((x, i) => i < last && !ids.includes(x.id)).length;
  };
  // Templates whose tables were all found in order (nine-table and shanghai-2024 share theirs) come first; then
  // the best score; ties go to the larger template, so more is reported missing.
  const inOrder = TEMPLATES.filter((t) => t.tables.length === ids.length && t.tables.every((x, i) => x.id === ids[i]));
  let best: { t: Template; score: number } | undefined;
  for (const t of inOrder.length ? inOrder : TEMPLATES) {
    const s = score(t);
    if (!best || s > best.score || (s === best.score && t.tables.length > best.t.tables.length)) best = { t, score: s };
  }
  const t = best!.t;
  if (inOrder.length) return { template: t, why: `template ${t.id}: its ${t.tables.length} tables were found in order` };
  return { template: t, why: `template ${t.id}: the closest to the ${ids.length} tables found (it has ${t.tables.length})` };
}
