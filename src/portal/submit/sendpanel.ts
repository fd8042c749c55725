// Step 5: sign with the chosen key and send: a dry run (the server's checks, nothing stored), then the
// submission, and its receipt with the version's URL.
import { DATASETS_PATH } from '../../core/contract/urls.ts';
import type { Filing } from '../../core/model/filing.ts';
import { parseFiling } from '../../core/model/parse.ts';
import { h, replace } from '../dom.ts';
import { t, withLang } from '../i18n.ts';
import type { Draft } from './importer.ts';
import type { StoredKey } from './keys.ts';
import { originalName, send, submissionBody, type Outcome } from './send.ts';
import { shown } from './text.ts';

export interface SendSource {
  key(): StoredKey | null;
  draft(): Draft | null;
  /** Checks the draft again if it changed; true when it is a valid filing with no unreadable cell. */
  ready(): boolean;
  announce(text: string, assertive?: boolean): void;
}

export class SendPanel {
  readonly element = h('div', { class: 'ws-send' });
  private readonly result = h('div', { class: 'ws-result', id: 'ws-result', role: 'status', tabindex: -1 });
  private attach = true;
  private busy = false;

  constructor(private readonly src: SendSource) {}

  render(): void {
    const key = this.src.key();
    const draft = this.src.draft();
    const dept = (draft?.filing.department as { id?: string } | undefined)?.id;
    const mismatch = key && dept && key.departmentId !== dept ? t('subSendWrongDept', { key: key.departmentId, filing: dept }) : null;
    const blocked = !key || !draft || !!mismatch || this.busy;
    const box = h('input', { type: 'checkbox', id: 'ws-attach', checked: this.attach, onchange: (e: Event) => (this.attach = (e.target as HTMLInputElement).checked) });
    replace(this.element,
      h('p', null, key ? [t('subSendKey'), '：', h('span', { class: 'ws-kid' }, shown(key.kid)), h('span', { class: 'ws-meta ws-fp' }, ` ${key.fingerprint}`)] : t('subSendNoKey')),
      mismatch ? h('p', { class: 'ws-message ws-error' }, mismatch) : null,
      draft?.original ? h('p', { class: 'ws-check' }, box, h('label', { for: 'ws-attach' }, t('subAttach', { name: shown(originalName(draft.name)) }))) : null,
      h('p', { class: 'ws-actions' },
        h('button', { type: 'button', class: 'button button-secondary', id: 'ws-dry-run', disabled: blocked, onclick: () => void this.go(true) }, t('subDryRun')),
        h('button', { type: 'button', class: 'button', id: 'ws-submit', disabled: blocked, onclick: () => void this.go(false) }, t('subSubmit')),
      ),
      this.result,
    );
  }

  private show(text: string, error: boolean, ...more: HTMLElement[]): void {
    replace(this.result, h('p', { class: error ? 'ws-message ws-error' : 'ws-message ws-ok' }, text), ...more);
    this.result.focus();
    this.src.announce(text, error);
  }

  private async go(dryRun: boolean): Promise<void> {
    const key = this.src.key();
    const draft = this.src.draft();
    if (!key || !draft) return;
    if (!this.src.ready()) return this.show(t('subCheckNotRun'), true);
    const parsed = parseFiling(draft.filing);
    if (!parsed.ok) return this.show(t('subCheckNotRun'), true);
    const filing: Filing = parsed.filing;
    if (!dryRun && !confirm(t('subSubmitConfirm', { dept: filing.department.name, year: filing.year }))) return;
    this.busy = true;
    this.render();
    replace(this.result, h('p', { class: 'ws-message' }, t('subSigning')));
    let outcome: Outcome;
    try {
      const extra = draft.original && this.attach ? { original: { name: draft.name, bytes: draft.original }, ...(draft.provenance ? { provenance: draft.provenance } : {}) } : {};
      outcome = await send(await submissionBody(filing, extra), key, dryRun);
    } catch (e) {
      outcome = { kind: 'unreachable', detail: (e as Error).message };
    } finally {
      this.busy = false;
      this.render();
    }
    this.outcome(outcome);
  }

  private outcome(o: Outcome): void {
    if (o.kind === 'unreachable') return this.show(t('subOffline', { why: o.detail }), true);
    if (o.kind === 'refused') return this.show(t('subRefused', { why: shown(o.detail) }), true);
    if (o.kind === 'dry-run') return this.show(t('subDryRunOk', { error: o.doc.summary.error, warning: o.doc.summary.warning }), false);
    const r = o.doc;
    const self = new URL(r.links.self);
    // The receipt's links are this platform's; the portal's page of the version is on this origin.
    const page = withLang(`/dataset?d=${encodeURIComponent(r.departmentId)}&y=${r.year}&v=${r.version}`);
    const ownPath = self.origin === location.origin && self.pathname.startsWith(DATASETS_PATH) ? self.pathname : null;
    this.show(
      t('subReceipt', { dept: r.departmentId, year: r.year, version: r.version, status: t(r.status === 'published' ? 'subReceiptPublished' : 'subReceiptCorrected') }),
      false,
      h('dl', { class: 'ws-dl', id: 'ws-receipt', 'data-version': r.version },
        h('div', null, h('dt', null, t('subReceiptLink')), h('dd', null, ownPath ? h('a', { href: ownPath, id: 'ws-receipt-url' }, r.links.self) : h('code', { id: 'ws-receipt-url' }, r.links.self))),
        h('div', null, h('dt', null, t('subReceiptManifest')), h('dd', null, h('code', null, r.manifestSha256))),
        h('div', null, h('dt', null, t('subReceiptPage')), h('dd', null, h('a', { href: page, id: 'ws-receipt-page' }, page))),
      ),
    );
  }
}
