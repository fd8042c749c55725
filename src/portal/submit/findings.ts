// Step 4: the accounting findings of the draft, by the core's check engine run in the browser, shown as the
// dataset page shows them (each location a link that highlights its cells), with the page of the dropped PDF
// for each location the import located (provenance).
import type { CheckReport } from '../../core/checks/finding.ts';
import { h } from '../dom.ts';
import { t } from '../i18n.ts';
import { flagCells, renderFindings } from '../dataset/findings.ts';
import type { Filing } from '../dataset/model.ts';

/** A link to a page of the dropped PDF (a Blob URL of this page: the PDF viewer of the browser opens it there). */
export function pageLink(pdfUrl: string | null, page: number): HTMLElement {
  const text = t('subPage', { page });
  if (!pdfUrl) return h('span', { class: 'ws-page' }, text);
  const a = document.createElement('a');
  // Not through h(): its URL rule admits this origin's paths only, and a Blob URL is this page's own.
  a.href = `${pdfUrl}#page=${page}`;
  a.target = '_blank';
  a.rel = 'noopener';
  a.className = 'ws-page';
  a.dataset.page = String(page);
  a.textContent = text;
  a.setAttribute('aria-label', t('subOpenPage', { page }));
  return a;
}

export function findingsView(filing: Filing, report: CheckReport, pdfUrl: string | null, announce: (text: string) => void): HTMLElement {
  const box = renderFindings(filing, report, announce);
  for (const a of box.querySelectorAll<HTMLAnchorElement>('a.loc')) {
    const finding = report.findings[Number(a.dataset.finding)];
    const page = finding?.locations[Number(a.dataset.location)]?.page;
    if (page !== undefined) a.after(' ', pageLink(pdfUrl, page));
    // The cell highlighted is a table cell holding an input: put the caret in it.
    a.addEventListener('click', () => {
      const active = document.activeElement;
      if (active instanceof HTMLTableCellElement) active.querySelector('input')?.focus({ preventScroll: true });
    });
  }
  return box;
}

export { flagCells };
