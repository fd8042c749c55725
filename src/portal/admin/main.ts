// The administrator's page (/admin): the credential (pasted; kept in memory, or in this tab's sessionStorage
// when asked, never in a URL), then the department keys, the department registry and the deadlines. Every
// request is same-origin; the administration routes refuse any other origin and any request without it.
import { byId, h, replace } from '../dom.ts';
import { t } from '../i18n.ts';
import { initShell } from '../shell.ts';
import { AdminError, clearToken, hasToken, restoreToken, setToken } from './client.ts';
import { KeysSection, type Say } from './keys.ts';
import { RegistrySection } from './registry.ts';

const main = byId('main')!;

const say: Say = (el, text, kind) => {
  el.textContent = text;
  el.classList.toggle('adm-error', kind === 'error');
  el.classList.toggle('adm-warning', kind === 'warning');
  el.setAttribute('role', kind === 'error' ? 'alert' : 'status');
};

/** The page in the current language: made again when the language changes (the credential stays in memory). */
function build() {
  const token = h('input', { type: 'password', id: 'admin-token', name: 'admin-token', autocomplete: 'off', spellcheck: 'false', required: true });
  const remember = h('input', { type: 'checkbox', id: 'admin-remember', name: 'admin-remember' });
  const status = h('p', { id: 'admin-status', class: 'adm-status', role: 'status', 'aria-live': 'polite' });
  const signOut = h('button', { type: 'button', id: 'admin-signout', class: 'button button-secondary', hidden: !hasToken() }, t('admSignOut'));
  const signIn = h('form', { id: 'admin-signin-form', class: 'adm-form', 'aria-label': t('admSignInForm') },
    h('label', { for: 'admin-token' }, t('admToken'), token),
    h('label', { for: 'admin-remember', class: 'adm-check' }, remember, t('admRemember')),
    h('div', { class: 'adm-actions' }, h('button', { type: 'submit', id: 'admin-signin', class: 'button' }, t('admSignIn')), signOut));
  const work = h('div', { id: 'adm-work', hidden: true });
  const ui = { token, remember, status, signOut, signIn, work, refused: (_e: unknown) => false, keys: null as unknown as KeysSection, registry: null as unknown as RegistrySection };

  /** A 401 or 403 from an administration route: back to the credential, saying why. */
  const refused = (e: unknown): boolean => {
    if (!(e instanceof AdminError) || (e.status !== 401 && e.status !== 403)) return false;
    if (e.status === 401) {
      clearToken();
      work.hidden = true;
      signOut.hidden = true;
    }
    say(status, t('admRefused', { detail: e.detail }), 'error');
    token.focus();
    return true;
  };
  ui.refused = refused;
  ui.registry = new RegistrySection(say, refused);
  ui.keys = new KeysSection(say, refused, (d) => ui.registry.has(d));

  signIn.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(token.value.trim(), remember.checked);
    token.value = '';
    void open(ui);
  });
  signOut.addEventListener('click', () => {
    clearToken();
    work.hidden = true;
    signOut.hidden = true;
    say(status, t('admSignedOut'));
    token.focus();
  });
  replace(work, ui.keys.element, ui.registry.departments, ui.registry.deadlines);
  replace(main, h('h1', null, t('admTitle')), h('p', { class: 'lead' }, t('admLead')), signIn, status, work);
  document.title = `${t('admTitle')} · ${t('siteName')}`;
  return ui;
}

type Ui = ReturnType<typeof build>;

async function open(ui: Ui): Promise<void> {
  main.setAttribute('aria-busy', 'true');
  try {
    await ui.registry.refresh(); // the first administration call: a refused credential stops here
    await ui.keys.refresh();
    ui.work.hidden = false;
    ui.signOut.hidden = false;
    say(ui.status, t('admSignedIn'), 'ok');
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
  } catch (e) {
    if (!ui.refused(e)) say(ui.status, t('admFailed', { detail: e instanceof AdminError ? e.detail : String(e) }), 'error');
  } finally {
    main.removeAttribute('aria-busy');
  }
}

function start(): void {
  const ui = build();
  ui.remember.checked = restoreToken() !== null;
  if (hasToken()) {
    void open(ui); // signed in already: this tab's sessionStorage, or before the language changed
  } else {
    say(ui.status, t('admSignedOut'));
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
  }
}

initShell(start);
start();
