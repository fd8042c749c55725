// Step 1: the department's key. Keys held in this browser (choose one to sign with), a new key made here (its
// public half as a file and a QR code for the administrator, its private half as an encrypted backup file),
// or a key imported from a `gongkai keygen` file or a backup.
import { h, replace } from '../dom.ts';
import { colon, t } from '../i18n.ts';
import { download } from './download.ts';
import { DEPARTMENT_ID, deleteKey, importKeyText, KeyError, listKeys, makeKey, MIN_PASSPHRASE, publicKeyFile, type KeyBackup, type StoredKey } from './keys.ts';
import { qrSvg } from './qr.ts';
import { shown } from './text.ts';

export interface KeyEvents {
  chosen(key: StoredKey | null): void;
  announce(text: string, assertive?: boolean): void;
}

const publicText = (k: StoredKey) => JSON.stringify(publicKeyFile(k), null, 2) + '\n';

export class KeyPanel {
  readonly element = h('div', { class: 'ws-keys' });
  private keys: StoredKey[] = [];
  private chosenKid: string | null = null;
  private backup: KeyBackup | null = null;
  private message = h('p', { class: 'ws-message', role: 'status' });

  constructor(private readonly events: KeyEvents, private readonly suggestDepartment: () => string) {}

  get chosen(): StoredKey | null {
    return this.keys.find((k) => k.kid === this.chosenKid) ?? null;
  }

  async refresh(): Promise<void> {
    try {
      this.keys = await listKeys();
    } catch (e) {
      this.keys = [];
      this.say(t('subImportBad', { why: (e as Error).message }), true);
    }
    if (!this.keys.some((k) => k.kid === this.chosenKid)) this.chosenKid = this.keys[0]?.kid ?? null;
    this.render();
    this.events.chosen(this.chosen);
  }

  private say(text: string, assertive = false): void {
    this.message.textContent = text;
    this.message.classList.toggle('ws-error', assertive);
    this.events.announce(text, assertive);
  }

  render(): void {
    const chosen = this.chosen;
    replace(this.element,
      this.keys.length === 0 ? h('p', null, t('subKeysNone')) : h('fieldset', { class: 'ws-keylist' },
        h('legend', null, t('subKeysHeld')),
        this.keys.map((k) => h('div', { class: 'ws-keyrow' },
          h('input', { type: 'radio', name: 'ws-key', id: `key-${k.kid}`, value: k.kid, checked: k.kid === this.chosenKid, onchange: () => this.choose(k.kid) }),
          h('label', { for: `key-${k.kid}` },
            h('span', { class: 'ws-kid' }, shown(k.kid)),
            h('span', { class: 'ws-meta' }, `${t('subKeyDept')}${colon()}${shown(k.departmentId)}`),
            h('span', { class: 'ws-meta ws-fp' }, `${t('subKeyFingerprint')}${colon()}${k.fingerprint}`),
          ),
          h('button', { type: 'button', class: 'button button-quiet', onclick: () => void this.remove(k) }, t('subKeyDelete')),
        )),
      ),
      chosen ? this.publicBlock(chosen) : null,
      this.message,
      // Once a key is held, making or importing another is the exception: folded away.
      this.keys.length === 0
        ? h('div', { class: 'ws-keyforms' }, this.generateForm(), this.importForm())
        : h('details', { class: 'ws-more' }, h('summary', null, t('subKeyMore')), h('div', { class: 'ws-keyforms' }, this.generateForm(), this.importForm())),
    );
  }

  private choose(kid: string): void {
    this.chosenKid = kid;
    this.render();
    this.element.querySelector<HTMLInputElement>(`input[value="${CSS.escape(kid)}"]`)?.focus();
    this.events.chosen(this.chosen);
  }

  private async remove(k: StoredKey): Promise<void> {
    if (!confirm(t('subKeyDeleteConfirm', { kid: k.kid }))) return;
    await deleteKey(k.kid);
    if (this.backup?.kid === k.kid) this.backup = null;
    await this.refresh();
    this.say(t('subKeyDeleted', { kid: k.kid }));
  }

  private publicBlock(k: StoredKey): HTMLElement {
    const text = publicText(k);
    const backup = this.backup?.kid === k.kid ? this.backup : null;
    return h('section', { class: 'ws-public', 'aria-labelledby': 'ws-public-h' },
      h('h3', { id: 'ws-public-h', tabindex: -1 }, t('subPublicTitle')),
      h('p', { class: 'muted' }, t('subPublicHelp')),
      h('div', { class: 'ws-public-body' },
        qrSvg(JSON.stringify(publicKeyFile(k)), t('subQrLabel', { kid: k.kid })),
        h('div', null,
          h('dl', { class: 'ws-dl' },
            h('div', null, h('dt', null, t('subKeyId')), h('dd', { class: 'ws-kid', id: 'ws-public-kid' }, shown(k.kid))),
            h('div', null, h('dt', null, t('subKeyDept')), h('dd', null, shown(k.departmentId))),
            h('div', null, h('dt', null, t('subKeyFingerprint')), h('dd', { class: 'ws-fp', id: 'ws-public-fp' }, k.fingerprint)),
          ),
          h('pre', { class: 'ws-jwk', id: 'ws-public-jwk' }, text),
          h('p', { class: 'ws-actions' },
            h('button', { type: 'button', class: 'button button-secondary', id: 'ws-public-download', onclick: () => download(`${k.kid}.public.json`, text) }, t('subPublicDownload')),
            backup ? h('button', { type: 'button', class: 'button button-secondary', onclick: () => download(`${k.kid}.backup.json`, JSON.stringify(backup, null, 2) + '\n') }, t('subBackupDownload')) : null,
          ),
        ),
      ),
    );
  }

  private generateForm(): HTMLElement {
    const dept = h('input', { id: 'ws-gen-dept', name: 'department', autocomplete: 'organization', spellcheck: 'false', required: true, pattern: DEPARTMENT_ID.source.slice(1, -1), value: this.suggestDepartment() });
    const pass = h('input', { id: 'ws-gen-pass', type: 'password', autocomplete: 'new-password', minlength: MIN_PASSPHRASE, required: true });
    const pass2 = h('input', { id: 'ws-gen-pass2', type: 'password', autocomplete: 'new-password', minlength: MIN_PASSPHRASE, required: true });
    const form = h('form', { class: 'ws-form', 'aria-labelledby': 'ws-gen-h', novalidate: true },
      h('h3', { id: 'ws-gen-h' }, t('subGenTitle')),
      h('p', { class: 'muted' }, t('subGenHelp')),
      h('label', { for: 'ws-gen-dept' }, t('subGenDept')), dept,
      h('label', { for: 'ws-gen-pass' }, t('subGenPass')), pass,
      h('label', { for: 'ws-gen-pass2' }, t('subGenPass2')), pass2,
      h('button', { type: 'submit', class: 'button', id: 'ws-gen' }, t('subGenButton')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!DEPARTMENT_ID.test(dept.value.trim())) return this.invalid(dept, t('subGenBadDept'));
      if (pass.value.length < MIN_PASSPHRASE || pass.value !== pass2.value) return this.invalid(pass, t('subGenBadPass'));
      void this.generate(dept.value.trim(), pass.value);
    });
    return form;
  }

  private invalid(input: HTMLInputElement, text: string): void {
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    this.say(text, true);
  }

  private async generate(departmentId: string, passphrase: string): Promise<void> {
    try {
      const { key, backup } = await makeKey(departmentId, passphrase);
      this.backup = backup;
      this.chosenKid = key.kid;
      await this.refresh();
      download(`${key.kid}.public.json`, publicText(key));
      download(`${key.kid}.backup.json`, JSON.stringify(backup, null, 2) + '\n');
      this.say(t('subGenDone', { kid: key.kid }));
      this.element.querySelector<HTMLElement>('#ws-public-h')?.focus();
    } catch (e) {
      this.say(t('subImportBad', { why: (e as Error).message }), true);
    }
  }

  private importForm(): HTMLElement {
    const file = h('input', { id: 'ws-imp-file', type: 'file', accept: '.json,application/json', required: true });
    const pass = h('input', { id: 'ws-imp-pass', type: 'password', autocomplete: 'current-password' });
    const form = h('form', { class: 'ws-form', 'aria-labelledby': 'ws-imp-h', novalidate: true },
      h('h3', { id: 'ws-imp-h' }, t('subImportTitle')),
      h('label', { for: 'ws-imp-file' }, t('subImportFile')), file,
      h('label', { for: 'ws-imp-pass' }, t('subImportPass')), pass,
      h('button', { type: 'submit', class: 'button button-secondary', id: 'ws-imp' }, t('subImportButton')),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const f = file.files?.[0];
      if (!f) return this.invalid(file, t('subImportBad', { why: t('subImportFile') }));
      void (async () => {
        try {
          const key = await importKeyText(await f.text(), pass.value);
          this.chosenKid = key.kid;
          await this.refresh();
          this.say(t('subImportDone', { kid: key.kid, dept: key.departmentId }));
        } catch (err) {
          this.say(t('subImportBad', { why: err instanceof KeyError ? err.message : (err as Error).message }), true);
        }
      })();
    });
    return form;
  }
}
