// The department workspace (/submit): a department reads its report in the browser with the importer's own
// code, corrects the cells, runs the core's checks, signs with its key held in this browser and submits.
// Everything but the submission itself runs here, on this machine; nothing is fetched from elsewhere.
import type { CheckReport } from '../../core/checks/finding.ts';
import { checkFiling } from '../../core/checks/index.ts';
import type { ParseResult } from '../../core/model/parse.ts';
import { parseFiling } from '../../core/model/parse.ts';
import { byId, h, replace } from '../dom.ts';
import { t } from '../i18n.ts';
import { initShell } from '../shell.ts';
import { TableEditor } from './editor.ts';
import { findingsView, flagCells, pageLink } from './findings.ts';
import { importFile, ImportFailure, isReport, warmReaders, type Draft } from './importer.ts';
import { KeyPanel } from './keypanel.ts';
import { SendPanel } from './sendpanel.ts';
import { shown } from './text.ts';
import { cellText } from './editor.ts';
import { download } from './download.ts';
import { renderNarrative, renderPerformance } from '../dataset/text.ts';

const main = byId('main')!;
const live = h('div', { class: 'sr-only', 'aria-live': 'polite', id: 'ws-live' });
const alert = h('div', { class: 'sr-only', 'aria-live': 'assertive', role: 'alert' });
function announce(text: string, assertive = false): void {
  const region = assertive ? alert : live;
  region.textContent = '';
  setTimeout(() => (region.textContent = text), 30);
}

interface State {
  draft: Draft | null;
  editor: TableEditor | null;
  parsed: ParseResult | null;
  report: CheckReport | null;
  stale: boolean;
  pdfUrl: string | null;
  imports: number;
}
const state: State = { draft: null, editor: null, parsed: null, report: null, stale: false, pdfUrl: null, imports: 0 };

const keyBox = h('div');
const fileBox = h('div');
const tablesBox = h('div');
const findingsBox = h('div');
const sendBox = h('div');
const deptInput = h('input', { id: 'ws-dept', spellcheck: 'false', autocomplete: 'off' });
const regionInput = h('input', { id: 'ws-region', inputmode: 'numeric', pattern: '\\d{6}', maxlength: 6, autocomplete: 'off' });
const fileInput = h('input', { id: 'ws-file', type: 'file', class: 'ws-file', accept: '.pdf,.xlsx,.txt,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
const fileStatus = h('p', { class: 'ws-message', role: 'status', id: 'ws-file-status' });

const keys = new KeyPanel({
  chosen: (k) => {
    if (k && !deptInput.dataset.typed) deptInput.value = k.departmentId;
    if (k && !regionInput.dataset.typed) regionInput.value = /^(\d{6})-/.exec(k.departmentId)?.[1] ?? '';
    sender.render();
  },
  announce,
}, () => deptInput.value);

const sender = new SendPanel({
  key: () => keys.chosen,
  draft: () => state.draft,
  ready: () => ensureChecked(),
  announce,
});

function section(id: string, title: Parameters<typeof t>[0], body: HTMLElement): HTMLElement {
  return h('section', { class: 'ws-step', id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h`, tabindex: -1 }, t(title)), body);
}

function layout(): void {
  replace(main,
    h('div', { class: 'wrap' },
      h('h1', null, t('subTitle')),
      h('p', { class: 'lead' }, t('subLead')),
      section('ws-step-key', 'subStepKey', keyBox),
      section('ws-step-file', 'subStepFile', fileBox),
      section('ws-step-tables', 'subStepTables', tablesBox),
      section('ws-step-findings', 'subStepFindings', findingsBox),
      section('ws-step-send', 'subStepSend', sendBox),
      live, alert,
    ),
  );
  keyBox.append(keys.element);
  sendBox.append(sender.element);
  renderFile();
  renderTables();
  renderFindings();
  keys.render();
  sender.render();
}

function renderFile(): void {
  for (const input of [deptInput, regionInput]) input.addEventListener('input', () => (input.dataset.typed = '1'), { once: true });
  const zone = h('label', { class: 'ws-drop', for: 'ws-file' }, h('span', { class: 'ws-drop-text' }, t('subDropLabel')), fileInput);
  for (const type of ['dragenter', 'dragover']) zone.addEventListener(type, (e) => {
    e.preventDefault();
    zone.classList.add('ws-drop-over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('ws-drop-over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('ws-drop-over');
    const f = (e as DragEvent).dataTransfer?.files[0];
    if (f) void read(f);
  });
  replace(fileBox,
    h('div', { class: 'ws-fields' },
      h('div', null, h('label', { for: 'ws-dept' }, t('subDeptField')), deptInput),
      h('div', null, h('label', { for: 'ws-region' }, t('subRegion')), regionInput),
    ),
    zone,
    h('p', { class: 'muted' }, t('subDropHelp')),
    fileStatus,
  );
}

fileInput.addEventListener('change', () => {
  const f = fileInput.files?.[0];
  if (f) void read(f);
  fileInput.value = '';
});

async function read(file: File): Promise<void> {
  fileStatus.textContent = t('subReading', { name: shown(file.name) });
  fileStatus.classList.remove('ws-error');
  main.setAttribute('aria-busy', 'true');
  try {
    const dept = deptInput.value.trim();
    const region = regionInput.value.trim();
    const draft = await importFile(file, { ...(dept ? { departmentId: dept } : {}), ...(/^\d{6}$/.test(region) ? { regionCode: region } : {}) });
    if (!isReport(draft)) throw new ImportFailure(t('subNotReport', { name: shown(file.name) }));
    if (state.pdfUrl) URL.revokeObjectURL(state.pdfUrl);
    state.draft = draft;
    state.pdfUrl = draft.original ? URL.createObjectURL(new Blob([new Uint8Array(draft.original)], { type: 'application/pdf' })) : null;
    state.editor = new TableEditor(draft.filing, { changed: onEdit, announce });
    state.imports++;
    const c = draft.report.tables;
    const kind = t(draft.kind === 'pdf' ? 'subKindPdf' : draft.kind === 'xlsx' ? 'subKindXlsx' : 'subKindText');
    fileStatus.textContent = t('subRead', { name: shown(file.name), kind, ms: draft.ms, figures: c.figures, blanks: c.blanks, na: c.notApplicable });
    check();
    renderTables();
    sender.render();
    document.documentElement.dataset.importMs = String(draft.ms);
    main.dataset.imports = String(state.imports);
    announce(fileStatus.textContent);
  } catch (e) {
    const why = e instanceof ImportFailure ? e.message : (e as Error).message;
    fileStatus.textContent = t('subReadFailed', { name: shown(file.name), why });
    fileStatus.classList.add('ws-error');
    announce(fileStatus.textContent, true);
  } finally {
    main.removeAttribute('aria-busy');
  }
}

/** Validate and check the draft as it stands (the core's parseFiling and checkFiling, here in the browser). */
function check(): void {
  const d = state.draft;
  if (!d) return;
  state.parsed = parseFiling(d.filing);
  state.report = state.parsed.ok ? checkFiling(state.parsed.filing, d.provenance ? { provenance: d.provenance } : {}) : null;
  state.stale = false;
  renderFindings();
  renderIssues();
  renderText();
}

/** Before signing: checked on the latest figures, no cell left unreadable. */
function ensureChecked(): boolean {
  if (state.stale) check();
  return !!state.parsed?.ok && (state.editor?.invalid.size ?? 0) === 0;
}

function onEdit(): void {
  state.stale = true;
  renderEdits();
  renderFindings();
  sender.render();
}

const issuesBox = h('div', { class: 'ws-issues' });
const textBox = h('div', { class: 'ws-text' });

/** The report's text and performance self-evaluation as read, as the dataset page shows them: text findings link here. */
function renderText(): void {
  const p = state.parsed;
  if (!p?.ok || (!p.filing.narrative && !p.filing.performance)) {
    replace(textBox);
    return;
  }
  replace(textBox, h('details', { id: 'ws-text' },
    h('summary', null, t('subTextTitle')),
    p.filing.performance ? renderPerformance(p.filing) : null,
    p.filing.narrative ? renderNarrative(p.filing) : null,
  ));
}
const editsBox = h('div', { class: 'ws-edits', 'aria-live': 'polite' });

function renderTables(): void {
  const d = state.draft;
  if (!d || !state.editor) {
    replace(tablesBox, h('p', { class: 'muted' }, t('subDropHelp')));
    return;
  }
  const problems = d.report.problems;
  replace(tablesBox,
    problems.length ? h('div', { class: 'ws-problems' },
      h('p', null, t('subProblems', { n: problems.length })),
      h('ul', null, problems.map((p) => h('li', null,
        [p.place, p.sheet && p.cell ? `${p.sheet}!${p.cell}` : null, p.line ? `#${p.line}` : null].filter(Boolean).join(' · ') + ' ',
        p.page ? pageLink(state.pdfUrl, p.page) : null,
        ' ', p.text ? h('q', null, shown(p.text)) : null, ' ', h('span', { class: 'muted' }, p.message),
      ))),
    ) : null,
    d.report.notes.length ? h('details', { class: 'ws-notes' },
      h('summary', null, t('subNotes', { n: d.report.notes.length })),
      h('ul', null, d.report.notes.map((n) => h('li', null, n.page ? [pageLink(state.pdfUrl, n.page), ' '] : null, shown(n.message)))),
    ) : null,
    issuesBox,
    h('p', { class: 'muted' }, t('subTablesHelp')),
    editsBox,
    h('p', null, h('button', { type: 'button', class: 'button button-secondary', id: 'ws-download-filing', onclick: () => download('filing.json', JSON.stringify(state.parsed?.ok ? state.parsed.filing : d.filing, null, 2) + '\n') }, t('subDownloadFiling'))),
    state.editor.element,
    textBox,
  );
  renderIssues();
  renderEdits();
}

function renderIssues(): void {
  const p = state.parsed;
  if (!p || p.ok) {
    replace(issuesBox);
    return;
  }
  replace(issuesBox, h('div', { class: 'ws-problems', id: 'ws-invalid' },
    h('p', null, t('subInvalid', { n: p.issues.length })),
    h('ul', null, p.issues.slice(0, 50).map((i) => h('li', null, h('code', null, i.path || '/'), ' ', shown(i.message)))),
  ));
}

function renderEdits(): void {
  const edits = state.editor?.edits() ?? [];
  if (!edits.length) {
    replace(editsBox);
    return;
  }
  replace(editsBox,
    h('p', null, h('strong', null, t('subEdited', { n: edits.length })), ' ', h('span', { class: 'muted' }, t('subUnsaved'))),
    h('ul', { id: 'ws-edit-list' }, edits.map((e) => h('li', null,
      h('a', { href: `#${encodeURI(e.id)}`, onclick: (ev: Event) => {
        ev.preventDefault();
        document.getElementById(e.id)?.querySelector('input')?.focus();
      } }, shown(e.label)),
      `：${cellText(e.to) || t('subBlank')}（${t('subEditedFrom', { from: cellText(e.from) || t('subBlank') })}）`,
    ))),
  );
}

function renderFindings(): void {
  const d = state.draft;
  if (!d) {
    replace(findingsBox, h('p', { class: 'muted' }, t('subDropHelp')));
    return;
  }
  const again = h('button', { type: 'button', class: 'button', id: 'ws-recheck', onclick: () => {
    check();
    sender.render();
    const s = state.report?.summary;
    announce(s ? t('subChecked', { error: s.error, warning: s.warning }) : t('subCheckNotRun'));
    byId('ws-findings-status')?.focus();
  } }, t('subRecheck'));
  const s = state.report?.summary;
  const status = state.stale ? t('subStale') : s ? t('subChecked', { error: s.error, warning: s.warning }) : t('subCheckNotRun');
  replace(findingsBox,
    h('p', { class: 'ws-actions' }, again),
    h('p', { id: 'ws-findings-status', class: state.stale ? 'ws-message ws-stale' : 'ws-message', tabindex: -1, 'data-errors': s && !state.stale ? s.error : null }, status),
    state.parsed?.ok && state.report ? findingsView(state.parsed.filing, state.report, state.pdfUrl, (x) => announce(x)) : null,
  );
  if (!state.stale && state.parsed?.ok && state.report) {
    for (const el of document.querySelectorAll('.flag')) el.classList.remove('flag', 'flag-error', 'flag-warning');
    flagCells(state.parsed.filing, state.report);
  }
}

// A file dropped beside the drop zone would make the browser open it in place of the page, and the corrections
// with it: only the zone takes drops.
for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => {
  if (!(e.target instanceof Element && e.target.closest('.ws-drop'))) e.preventDefault();
});

initShell(() => {
  layout();
});
layout();
void keys.refresh();
// The readers are separate files, out of the page's first load; fetched when the browser is idle so that the
// page keeps working offline once loaded (or at the first drop, if that comes sooner).
warmReaders();
document.documentElement.dataset.ready = '1';
