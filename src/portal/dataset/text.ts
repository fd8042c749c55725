// The performance self-evaluation (项目支出绩效自评) and the report's text. Every field carries the
// id j{JSON Pointer}, so that findings about the text can point at the sentence.
import type { TextSection } from '../../core/model/narrative.ts';
import { h } from '../dom.ts';
import { percent } from '../amounts.ts';
import { t } from '../i18n.ts';
import { cellContent } from './tables.ts';
import { pointerId, type Cell, type Filing } from './model.ts';

const num = (pointer: string, cell: Cell | undefined) =>
  h('td', { class: cell === null || cell === undefined ? 'num blank' : 'num', id: pointerId(pointer), tabindex: -1 }, cellContent(cell));

export function renderPerformance(f: Filing): HTMLElement {
  const p = f.performance;
  if (!p) return h('p', { class: 'muted' }, t('perfNone'));
  const unit = f.unit;
  const hasScore = p.projects.some((x) => x.score !== undefined && x.score !== null);
  const hasGrade = p.projects.some((x) => x.grade !== undefined && x.grade !== null);
  const table = h('table', { class: 'fin perf', id: pointerId('/performance/projects') },
    h('caption', null, p.title, h('span', { class: 'caption-unit' }, t('tableUnit', { u: unit }))),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'code' }, t('perfCode')),
      h('th', { scope: 'col', class: 'lead' }, t('perfName')),
      h('th', { scope: 'col', class: 'num' }, t('perfBudget')),
      h('th', { scope: 'col', class: 'num' }, t('perfPaid')),
      h('th', { scope: 'col', class: 'num computed' }, t('perfRate'), h('span', { class: 'computed-mark', 'aria-hidden': 'true' }, '*')),
      hasScore ? h('th', { scope: 'col', class: 'num' }, t('perfScore')) : null,
      hasGrade ? h('th', { scope: 'col', class: 'grade' }, t('perfGrade')) : null,
    )),
    h('tbody', null, p.projects.map((x, i) => {
      const at = `/performance/projects/${i}`;
      const rate = percent(x.paid, x.budget);
      return h('tr', null,
        h('td', { class: 'code', id: pointerId(`${at}/code`) }, x.code),
        h('th', { scope: 'row', class: 'name', id: pointerId(`${at}/name`) }, x.name),
        num(`${at}/budget`, x.budget),
        num(`${at}/paid`, x.paid),
        h('td', { class: 'num computed' }, rate === null ? '' : `${rate}%`),
        hasScore ? num(`${at}/score`, x.score ?? null) : null,
        hasGrade ? h('td', { class: `grade grade-${x.grade ?? 'none'}`, id: pointerId(`${at}/grade`) }, x.grade ?? '') : null,
      );
    })),
    h('tfoot', null, h('tr', { class: 'total' },
      h('td', { class: 'code' }),
      h('th', { scope: 'row', class: 'name', id: pointerId('/performance/totals') }, t('perfTotal')),
      num('/performance/totals/budget', p.totals.budget),
      num('/performance/totals/paid', p.totals.paid),
      h('td', { class: 'num computed' }, (() => { const r = percent(p.totals.paid, p.totals.budget); return r === null ? '' : `${r}%`; })()),
      hasScore ? h('td') : null,
      hasGrade ? h('td') : null,
    )),
  );
  return h('div', { class: 'perf-box', id: pointerId('/performance') },
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': p.title }, table),
    h('p', { class: 'rt-note' }, h('span', { 'aria-hidden': 'true' }, '* '), t('perfRateNote')),
    p.sections.length ? h('details', { class: 'report-text' },
      h('summary', null, t('perfText')),
      h('div', { class: 'prose' }, sections(p.sections, '/performance/sections')),
    ) : null,
  );
}

function paragraphs(list: readonly string[], at: string): HTMLElement[] {
  return list.map((text, i) => h('p', { id: pointerId(`${at}/${i}`), tabindex: -1 }, text));
}

function sections(list: readonly TextSection[], at: string): HTMLElement[] {
  return list.map((s, i) => {
    const here = `${at}/${i}`;
    const level = Math.min(6, 3 + s.level);
    const heading = s.heading ? h(`h${level}` as 'h4', { id: pointerId(`${here}/heading`), class: `prose-h lvl-${s.level}` }, s.heading) : null;
    return h('section', { id: pointerId(here), class: 'prose-section' }, heading, paragraphs(s.paragraphs, `${here}/paragraphs`));
  });
}

export function renderNarrative(f: Filing): HTMLElement {
  const n = f.narrative;
  return h('details', { class: 'report-text', id: pointerId('/narrative') },
    h('summary', null, t('reportOpen')),
    h('div', { class: 'prose' },
      f.title ? h('p', { class: 'prose-title', id: pointerId('/title') }, f.title) : null,
      n.duties.length ? h('section', { id: pointerId('/narrative/duties') }, h('h3', null, t('reportDuties')), paragraphs(n.duties, '/narrative/duties')) : null,
      n.organisation.summary.length || n.organisation.offices.length
        ? h('section', { id: pointerId('/narrative/organisation') },
          h('h3', null, t('reportOrganisation')),
          paragraphs(n.organisation.summary, '/narrative/organisation/summary'),
          n.organisation.offices.length ? h('dl', { class: 'offices' }, n.organisation.offices.map((o, i) => h('div', { id: pointerId(`/narrative/organisation/offices/${i}`) },
            h('dt', null, o.name),
            o.duties.map((d, j) => h('dd', { id: pointerId(`/narrative/organisation/offices/${i}/duties/${j}`), tabindex: -1 }, d)),
          ))) : null,
        )
        : null,
      n.explanation.length ? h('section', { id: pointerId('/narrative/explanation') }, h('h3', null, t('reportExplanation')), sections(n.explanation, '/narrative/explanation')) : null,
      n.glossary.length ? h('section', { id: pointerId('/narrative/glossary') },
        h('h3', null, t('reportGlossary')),
        h('dl', { class: 'glossary' }, n.glossary.map((g, i) => h('div', { id: pointerId(`/narrative/glossary/${i}`) }, h('dt', null, g.term), h('dd', { id: pointerId(`/narrative/glossary/${i}/definition`), tabindex: -1 }, g.definition)))),
      ) : null,
      n.other?.length ? h('section', { id: pointerId('/narrative/other') }, h('h3', null, t('reportOther')), paragraphs(n.other, '/narrative/other')) : null,
    ),
  );
}
