// The administrator's page (/admin): the credential (pasted; kept in memory, or in this tab's sessionStorage
// when asked, never in a URL), then the department keys, the department registry and the deadlines. Every
// request is same-origin; the administration routes refuse any other origin and any request without it.
import { byId, h, replace } from '../dom.ts';
import { t } from '../i18n.ts';
import { initShell } from '../shell.ts';
import { AdminError, clearToken, restoreToken, setToken } from './client.ts';
import { KeysSection, type Say } from './keys.ts';
import { RegistrySection } from './registry.ts';

const main = byId('main')!;

const say: Say = (el, text, kind) => {
  el.textContent = text;
  el.classList.toggle('adm-error', kind === 'error');
  el.classList.toggle('adm-warning', kind === 'warning');
  if (kind === 'error') el.setAttribute('role', 'alert');
  else el.setAttribute('role', 'status');
};

const token = h('input', { type: 'password', id: 'admin-token', name: 'admin-token', autocomplete: 'off', spellcheck: 'false', required: true });
const remember = h('input', { type: 'checkbox', id: 'admin-remember', name: 'admin-remember' });
const signInStatus = h('p', { id: 'admin-status', class: 'adm-status', role: 'status', 'aria-live': 'polite' });
const signOut = h('button', { type: 'button', id: 'admin-signout', class: 'button button-secondary', hidden: true }, t('admSignOut'));
const signIn = h('form', { id: 'admin-signin-form', class: 'adm-form', 'aria-label': t('admSignInForm') },
  h('label', { for: 'admin-token' }, t('admToken'), token),
  h('label', { for: 'admin-remember', class: 'adm-check' }, remember, t('admRemember')),
  h('div', { class: 'adm-actions' }, h('button', { type: 'submit', id: 'admin-signin', class: 'button' }, t('admSignIn')), signOut));
const work = h('div', { id: 'adm-work', hidden: true });

/** A 401 or 403 from an administration route: back to the credential, saying why. */
function refused(e: unknown): boolean {
  if (!(e instanceof AdminError) || (e.status !== 401 && e.status !== 403)) return false;
  if (e.status === 401) {
    clearToken();
    work.hidden = true;
    signOut.hidden = true;
  }
  say(signInStatus, t('admRefused', { detail: e.detail }), 'error');
  token.focus();
  return true;
}

const keys = new KeysSection(say, refused);
const registry = new RegistrySection(say, refused);

async function open(): Promise<void> {
  main.setAttribute('aria-busy', 'true');
  try {
    await registry.refresh(); // the first administration call: a refused credential stops here
    await keys.refresh();
    work.hidden = false;
    signOut.hidden = false;
    say(signInStatus, t('admSignedIn'), 'ok');
    document.documentElement.dataset.ready = String(Math.round(performance.now()));
  } catch (e) {
    if (!refused(e)) say(signInStatus, t('admFailed', { detail: e instanceof AdminError ? e.detail : String(e) }), 'error');
  } finally {
    main.removeAttribute('aria-busy');
  }
}

signIn.addEventListener('submit', (e) => {
  e.preventDefault();
  setToken(token.value.trim(), remember.checked);
  token.value = '';
  void open();
});
signOut.addEventListener('click', () => {
  clearToken();
  work.hidden = true;
  signOut.hidden = true;
  say(signInStatus, t('admSignedOut'));
  token.focus();
});

function draw(): void {
  replace(work, keys.element, registry.departments, registry.deadlines);
  replace(main, h('h1', null, t('admTitle')), h('p', { class: 'lead' }, t('admLead')), signIn, signInStatus, work);
  document.title = `${t('admTitle')} · ${t('siteName')}`;
}

initShell(() => location.reload());
draw();
if (restoreToken()) {
  remember.checked = true;
  void open();
} else {
  say(signInStatus, t('admSignedOut'));
  document.documentElement.dataset.ready = String(Math.round(performance.now()));
}
