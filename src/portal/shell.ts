// What every page shares: the language switch and the static text marked data-i18n.
import { byId } from './dom.ts';
import { applyLang, lang, setLang, t, withLang, type Key } from './i18n.ts';

export function initShell(onLangChange: () => void): void {
  applyLang();
  const button = byId<HTMLButtonElement>('lang-switch');
  if (!button) return;
  const label = () => {
    button.textContent = t('switchLang');
    button.lang = lang === 'zh' ? 'en' : 'zh-CN';
    button.setAttribute('aria-label', t('switchLangLabel'));
  };
  label();
  button.addEventListener('click', () => {
    setLang(lang === 'zh' ? 'en' : 'zh');
    label();
    onLangChange();
  });
}

/** The failure of a whole page, with a retry. */
export function pageError(main: HTMLElement, message: string, retry?: () => void, title: Key = 'loadFailed'): void {
  while (main.firstChild) main.removeChild(main.firstChild);
  const box = document.createElement('div');
  box.className = 'page-error';
  box.setAttribute('role', 'alert');
  const h = document.createElement('h1');
  h.textContent = t(title);
  const p = document.createElement('p');
  p.textContent = message;
  box.append(h, p);
  // Always a way back: the catalog (in the page's language).
  const back = document.createElement('a');
  back.href = withLang('/');
  back.className = 'page-error-back';
  back.textContent = t('backToCatalog');
  const links = document.createElement('p');
  links.className = 'page-error-links';
  links.append(back);
  box.append(links);
  if (retry) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'button';
    b.textContent = t('retry');
    b.addEventListener('click', retry);
    box.append(b);
  }
  main.append(box);
}
