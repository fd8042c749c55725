// The keys section of /admin: register a department's public key (its file or pasted), rotate (register the
// new key, then revoke the old), revoke with a reason. The list is GET /v1/keys, the public key set.
import type { KeySet } from '../../core/contract/key-set.ts';
import type { PublicKey } from '../../core/contract/public-key.ts';
import { ADMIN_KEYS_PATH, adminRevokeKeyPath, KEYS_PATH } from '../../core/contract/urls.ts';
import { h, replace } from '../dom.ts';
import { formatTime } from '../format.ts';
import { t, type Key } from '../i18n.ts';
import { visibleText } from '../names.ts';
import { adminCall, AdminError } from './client.ts';
import { KeyFileError, readReceivedKey, suggestedKid } from './keyfile.ts';

export type Say = (el: HTMLElement, text: string, kind?: 'ok' | 'error' | 'warning') => void;

export class KeysSection {
  readonly element: HTMLElement;
  private keys: PublicKey[] = [];
  private readonly form: HTMLFormElement;
  private readonly file: HTMLInputElement;
  private readonly paste: HTMLTextAreaElement;
  private readonly department: HTMLInputElement;
  private readonly kid: HTMLInputElement;
  private readonly replaces: HTMLSelectElement;
  private readonly status: HTMLElement;
  private readonly list: HTMLElement;
  private readonly dialog: HTMLDialogElement;
  private readonly reason: HTMLInputElement;
  private revoking: string | null = null;

  constructor(private readonly say: Say, private readonly refused: (e: unknown) => boolean, private readonly registered: (departmentId: string) => boolean = () => true) {
    this.file = h('input', { type: 'file', id: 'key-file', name: 'key-file', accept: '.json,application/json,application/jwk+json' });
    this.paste = h('textarea', { id: 'key-paste', name: 'key-paste', rows: 4, spellcheck: 'false', autocomplete: 'off' });
    this.department = h('input', { id: 'key-department', name: 'key-department', required: true, list: 'adm-department-ids', autocomplete: 'off', pattern: '[a-z0-9][a-z0-9\\-]{0,63}' });
    this.kid = h('input', { id: 'key-id', name: 'key-id', required: true, autocomplete: 'off', pattern: '[A-Za-z0-9._:\\-]{3,128}' });
    this.replaces = h('select', { id: 'key-replaces', name: 'key-replaces' });
    this.status = h('p', { id: 'key-status', class: 'adm-status', role: 'status', 'aria-live': 'polite' });
    this.list = h('div', { id: 'key-list', class: 'table-scroll' });
    this.form = h('form', { id: 'key-form', class: 'adm-form', 'aria-labelledby': 'adm-h-keys' },
      h('label', { for: 'key-file' }, t('admKeyFile'), this.file),
      h('label', { for: 'key-paste', class: 'adm-wide' }, t('admKeyPaste'), this.paste),
      h('label', { for: 'key-department' }, t('admKeyDepartment'), this.department),
      h('label', { for: 'key-id' }, t('admKeyId'), this.kid),
      h('label', { for: 'key-replaces' }, t('admKeyReplaces'), this.replaces),
      h('div', { class: 'adm-actions' }, h('button', { type: 'submit', id: 'key-register', class: 'button' }, t('admKeyRegister'))));
    this.reason = h('input', { id: 'revoke-reason', name: 'revoke-reason', required: true, minlength: 1, maxlength: 500 });
    this.dialog = h('dialog', { id: 'revoke-dialog', class: 'adm-dialog', 'aria-labelledby': 'revoke-title' },
      h('form', { method: 'dialog' },
        h('h3', { id: 'revoke-title' }),
        h('label', { for: 'revoke-reason' }, t('admRevokeReason'), this.reason),
        h('div', { class: 'adm-actions' },
          h('button', { type: 'submit', id: 'revoke-confirm', class: 'button', value: 'revoke' }, t('admRevokeConfirm')),
          h('button', { type: 'button', id: 'revoke-cancel', class: 'button button-secondary', onclick: () => this.dialog.close('cancel') }, t('admCancel')))));
    this.element = h('section', { id: 'adm-keys', class: 'adm-section', 'aria-labelledby': 'adm-h-keys' },
      h('h2', { id: 'adm-h-keys' }, t('admKeys')), h('p', { class: 'muted' }, t('admKeysLead')),
      this.form, this.status, h('h3', null, t('admKeyList')), this.list, this.dialog);
    this.file.addEventListener('change', () => void this.readFile());
    this.paste.addEventListener('input', () => this.fromText(this.paste.value, false));
    this.department.addEventListener('input', () => this.fillReplaces());
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.register();
    });
    this.dialog.addEventListener('close', () => {
      if (this.dialog.returnValue === 'revoke' && this.revoking) void this.revoke(this.revoking, this.reason.value.trim());
      this.revoking = null;
    });
  }

  async refresh(): Promise<void> {
    const r = await fetch(KEYS_PATH, { headers: { accept: 'application/json' }, cache: 'no-store' });
    this.keys = r.ok ? ((await r.json()) as KeySet).keys : [];
    this.drawList();
    this.fillReplaces();
  }

  /** The file's public half goes into the text box; a private half (d) is dropped here and never shown or sent. */
  private async readFile(): Promise<void> {
    const f = this.file.files?.[0];
    if (!f) return;
    if (f.size > 16 * 1024) return this.say(this.status, t('admKeyBad', { detail: 'the file is larger than a key file (16 KB)' }), 'error');
    this.fromText(await f.text(), true);
  }

  private fromText(text: string, fromFile: boolean): void {
    if (!text.trim()) return;
    try {
      const k = readReceivedKey(text);
      if (fromFile) this.paste.value = JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: k.x, ...(k.kid ? { kid: k.kid } : {}), ...(k.departmentId ? { departmentId: k.departmentId } : {}) }, null, 2);
      if (k.departmentId) this.department.value = k.departmentId;
      if (k.kid) this.kid.value = k.kid;
      else if (!this.kid.value && this.department.value) this.kid.value = suggestedKid(this.department.value);
      this.fillReplaces();
      if (k.hadPrivate) this.say(this.status, t('admKeyPrivateWarning'), 'warning');
      else this.say(this.status, '');
    } catch (e) {
      if (fromFile || text.trim().length > 40) this.say(this.status, t('admKeyBad', { detail: e instanceof KeyFileError ? e.message : String(e) }), 'error');
    }
  }

  private fillReplaces(): void {
    const d = this.department.value.trim();
    const chosen = this.replaces.value;
    const active = this.keys.filter((k) => k.departmentId === d && k.status === 'active');
    replace(this.replaces, h('option', { value: '' }, t('admKeyReplacesNone')),
      active.map((k) => h('option', { value: k.kid, ...(k.kid === chosen ? { selected: true } : {}) }, visibleText(k.kid))));
  }

  private async register(): Promise<void> {
    let key;
    try {
      key = readReceivedKey(this.paste.value);
    } catch (e) {
      return this.say(this.status, t('admKeyBad', { detail: e instanceof KeyFileError ? e.message : String(e) }), 'error');
    }
    const departmentId = this.department.value.trim();
    const keyId = this.kid.value.trim();
    if (key.departmentId && key.departmentId !== departmentId) {
      return this.say(this.status, t('admKeyBad', { detail: `the key file names department ${key.departmentId}, not ${departmentId}` }), 'error');
    }
    const old = this.replaces.value;
    try {
      // Only the public key is sent: x, never the file as given.
      const r = await adminCall<PublicKey>('POST', ADMIN_KEYS_PATH, { keyId, departmentId, publicKey: { kty: 'OKP', crv: 'Ed25519', x: key.x } });
      const rotated = Boolean(old && old !== keyId);
      if (rotated) await adminCall<PublicKey>('POST', adminRevokeKeyPath(old), { reason: t('admRotationReason', { kid: keyId }) });
      this.form.reset();
      await this.refresh();
      const done = rotated ? t('admKeyRotated', { kid: keyId, old }) : t(r.status === 201 ? 'admKeyRegistered' : 'admKeyAlready', { kid: keyId, department: departmentId });
      // A key may sign for a department the registry does not list yet; the coverage ledger would not count it.
      if (this.registered(departmentId)) this.say(this.status, done, 'ok');
      else this.say(this.status, `${done} ${t('admKeyUnregistered', { department: departmentId })}`, 'warning');
    } catch (e) {
      if (!this.refused(e)) this.say(this.status, t('admFailed', { detail: e instanceof AdminError ? e.detail : String(e) }), 'error');
    }
  }

  private async revoke(kid: string, reason: string): Promise<void> {
    if (!reason) return;
    try {
      await adminCall<PublicKey>('POST', adminRevokeKeyPath(kid), { reason });
      await this.refresh();
      this.say(this.status, t('admRevoked', { kid }), 'ok');
    } catch (e) {
      if (!this.refused(e)) this.say(this.status, t('admFailed', { detail: e instanceof AdminError ? e.detail : String(e) }), 'error');
    }
  }

  private drawList(): void {
    if (!this.keys.length) return replace(this.list, h('p', { class: 'muted' }, t('admNone')));
    const status = (s: string) => t(`admKeyStatus_${s}` as Key);
    replace(this.list, h('table', { class: 'cmp-table', id: 'key-table' },
      h('thead', null, h('tr', null, ...(['admKeyCol', 'admKeyDepartmentCol', 'admKeyStatusCol', 'admKeyCreatedCol', 'admActionsCol'] as Key[]).map((k) => h('th', { scope: 'col' }, t(k))))),
      h('tbody', null, this.keys.map((k) => h('tr', { 'data-kid': k.kid },
        h('th', { scope: 'row', class: 'mono' }, visibleText(k.kid)),
        h('td', { class: 'mono' }, k.departmentId),
        h('td', null, h('span', { class: `badge ${k.status === 'active' ? 'badge-ok' : 'badge-muted'}` }, status(k.status))),
        h('td', null, formatTime(k.created)),
        h('td', null, k.status === 'active'
          ? h('button', { type: 'button', class: 'button button-secondary', 'aria-label': t('admRevokeLabel', { kid: visibleText(k.kid) }), onclick: () => this.askRevoke(k.kid) }, t('admRevoke'))
          : null))))));
  }

  private askRevoke(kid: string): void {
    this.revoking = kid;
    this.reason.value = '';
    this.dialog.querySelector('h3')!.textContent = t('admRevokeTitle', { kid: visibleText(kid) });
    this.dialog.showModal();
    this.reason.focus();
  }
}
