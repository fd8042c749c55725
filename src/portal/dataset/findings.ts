// The accounting findings: what was compared, by how much it missed, and links that highlight the
// cells (or the sentence) each finding names.
import type { CheckReport, Finding, Location } from '../../core/checks/finding.ts';
import { h } from '../dom.ts';
import { colon, lang, t, type Key } from '../i18n.ts';
import { labelPointer } from './diff.ts';
import { highlight, resolve, type Target } from './highlight.ts';
import { idsForPointer, idsForTableLocation, isTableLocation, tableLocationLabel, type Filing } from './model.ts';

const SEVERITY: Record<Finding['severity'], { label: Key; help: Key }> = {
  error: { label: 'sevError', help: 'sevErrorHelp' },
  warning: { label: 'sevWarning', help: 'sevWarningHelp' },
  info: { label: 'sevInfo', help: 'sevInfoHelp' },
  skipped: { label: 'sevSkipped', help: 'sevSkippedHelp' },
};

export function targetsOf(f: Filing, finding: Finding): Target[] {
  return finding.locations.map((l) => (isTableLocation(l) ? { ids: idsForTableLocation(f, l), all: true } : { ids: idsForPointer(f, l.path), all: false, excerpt: l.excerpt }));
}

function locationLabel(f: Filing, l: Location): string {
  if (isTableLocation(l)) return tableLocationLabel(f, l);
  const part = l.part === 'narrative' ? t('locText') : l.part === 'performance' ? t('locPerformance') : t('locDocument');
  const where = labelPointer(f, l.path, lang) ?? part;
  const excerpt = l.excerpt.length > 48 ? `${l.excerpt.slice(0, 48)}…` : l.excerpt;
  return /\/paragraphs\/\d+$|\/heading$|\/definition$/.test(l.path) ? `${where}${colon()}“${excerpt}”` : where;
}

export function renderFindings(f: Filing, report: CheckReport | null, announce: (text: string) => void): HTMLElement {
  const box = h('div', { class: 'findings' });
  if (!report) {
    box.append(h('p', { class: 'muted' }, t('findingsNone')));
    return box;
  }
  const s = report.summary;
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  box.append(
    h('ul', { class: 'sev-summary', 'aria-label': t('secFindings') },
      ([['error', s.error], ['warning', s.warning], ['info', s.info], ['skipped', s.skipped]] as const).map(([sev, n]) =>
        h('li', { class: `sev-chip sev-${sev}${n === 0 ? ' zero' : ''}` }, h('span', { class: 'sev-n' }, String(n)), h('span', { class: 'sev-l' }, t(SEVERITY[sev].label)), h('span', { class: 'sev-h' }, t(SEVERITY[sev].help)))),
      h('li', { class: 'sev-chip sev-passed' }, h('span', { class: 'sev-n' }, String(s.passed)), h('span', { class: 'sev-l' }, t('sevPassed')), h('span', { class: 'sev-h' }, t('sevPassedHelp'))),
    ),
  );
  const indexed = report.findings.map((finding, i) => ({ finding, i }));
  const of = (sev: Finding['severity']) => indexed.filter((x) => x.finding.severity === sev);
  const serious = [...of('error'), ...of('warning')];
  if (serious.length) box.append(h('ol', { class: 'finding-list' }, serious.map((x) => item(f, x.finding, x.i, titles, announce))));
  else box.append(h('p', { class: 'finding-none' }, t('findingsNone')));
  for (const [sev, key] of [['info', 'showInfo'], ['skipped', 'showSkipped']] as const) {
    const list = of(sev);
    if (!list.length) continue;
    box.append(h('details', { class: `finding-more sev-${sev}` },
      h('summary', null, t(key, { n: list.length })),
      h('ol', { class: 'finding-list' }, list.map((x) => item(f, x.finding, x.i, titles, announce))),
    ));
  }
  return box;
}

function item(f: Filing, finding: Finding, index: number, titles: Map<string, { zh: string; en: string }>, announce: (text: string) => void): HTMLElement {
  const targets = targetsOf(f, finding);
  const li = h('li', { class: `finding sev-${finding.severity}`, id: `f/${index}` });
  const title = titles.get(finding.rule);
  const figs: [Key, string | undefined][] = [
    ['findingActual', finding.actual],
    ['findingExpected', finding.expected],
    ['findingDifference', finding.difference && !finding.difference.startsWith('-') && finding.difference !== '0' ? `+${finding.difference}` : finding.difference],
    ['findingTolerance', finding.tolerance ? `±${finding.tolerance}` : undefined],
  ];
  li.append(
    h('div', { class: 'finding-head' },
      h('span', { class: `sev-badge sev-${finding.severity}` }, t(SEVERITY[finding.severity].label)),
      title ? h('span', { class: 'finding-rule' }, title[lang]) : null,
    ),
    h('p', { class: 'finding-msg' }, finding.message[lang]),
  );
  const shown = figs.filter(([, v]) => v !== undefined);
  if (shown.length) li.append(h('dl', { class: 'finding-figs' }, shown.map(([k, v]) => h('div', null, h('dt', null, t(k)), h('dd', null, v!)))));
  if (finding.locations.length) {
    li.append(h('div', { class: 'finding-locs' },
      h('span', { class: 'finding-locs-label' }, `${t('findingLocations')}${colon()}`),
      h('ol', null, finding.locations.map((l, i) => {
        const first = targets[i]!.ids[0];
        const a = h('a', { href: first ? `#${encodeURI(first)}` : '#', class: 'loc', 'data-finding': index, 'data-location': i }, locationLabel(f, l));
        a.addEventListener('click', (e) => {
          e.preventDefault();
          for (const other of document.querySelectorAll('.finding.active')) other.classList.remove('active');
          li.classList.add('active');
          highlight(targets, i, announce);
        });
        return h('li', null, a);
      })),
    ));
  }
  li.append(h('p', { class: 'finding-id' }, `${t('findingRule')} ${finding.rule}`));
  return li;
}

/** Mark the figure each error or warning grades first, so that a reader of the tables sees it. */
export function flagCells(f: Filing, report: CheckReport | null): void {
  if (!report) return;
  report.findings.forEach((finding) => {
    if (finding.severity !== 'error' && finding.severity !== 'warning') return;
    const first = targetsOf(f, finding)[0];
    if (!first) return;
    for (const el of resolve(first.ids, first.all).slice(0, 1)) {
      if (el.classList.contains(`flag-${finding.severity}`) && el.getAttribute('title')?.includes(finding.message[lang])) continue;
      el.classList.add('flag', `flag-${finding.severity}`);
      const before = el.getAttribute('title');
      el.setAttribute('title', (before ? `${before}\n` : '') + finding.message[lang]);
    }
  });
}
