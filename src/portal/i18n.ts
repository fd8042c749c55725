// Chinese first, English on request. The choice is kept in localStorage and in ?lang=en, so that a
// link can carry it. Data (department names, table titles, printed text) stays as published.

import * as admin from './messages/admin.ts';
import * as catalog from './messages/catalog.ts';
import * as charts from './messages/charts.ts';
import * as compare from './messages/compare.ts';
import * as coverage from './messages/coverage.ts';
import * as dataset from './messages/dataset.ts';
import * as findings from './messages/findings.ts';
import * as shell from './messages/shell.ts';
import * as submit from './messages/submit.ts';
import * as tables from './messages/tables.ts';
import * as versions from './messages/versions.ts';

export type Lang = 'zh' | 'en';

const zh = { ...shell.zh, ...catalog.zh, ...dataset.zh, ...charts.zh, ...findings.zh, ...tables.zh, ...versions.zh, ...compare.zh, ...submit.zh, ...coverage.zh, ...admin.zh };
const en: Record<Key, string> = { ...shell.en, ...catalog.en, ...dataset.en, ...charts.en, ...findings.en, ...tables.en, ...versions.en, ...compare.en, ...submit.en, ...coverage.en, ...admin.en };

export type Key = keyof typeof zh;

/** The keys found in more than one of the catalogues T (never when each key is defined once). */
type Clash<T, Seen = never> = T extends [infer Head, ...infer Rest] ? Extract<keyof Head, Seen> | Clash<Rest, Seen | keyof Head> : never;
// Spread, a key defined twice would silently take the later text: make it a type error instead.
null satisfies (Clash<[typeof shell.zh, typeof catalog.zh, typeof dataset.zh, typeof charts.zh, typeof findings.zh, typeof tables.zh, typeof versions.zh, typeof compare.zh, typeof submit.zh, typeof coverage.zh, typeof admin.zh]> extends never ? null : never);

const STORE = 'gongkai.lang';

function initial(): Lang {
  const param = new URLSearchParams(location.search).get('lang');
  if (param === 'en' || param === 'zh') return param;
  try {
    const kept = localStorage.getItem(STORE);
    if (kept === 'en' || kept === 'zh') return kept;
  } catch { /* storage may be off */ }
  return 'zh';
}

export let lang: Lang = initial();

const plurals = new Map<Lang, Intl.PluralRules>();

/**
 * A message with its variables. `{n|dataset|datasets}` is the form for the number n in the page's language
 * (Intl.PluralRules: "1 dataset", "2 datasets"); Chinese messages need none.
 */
export function t(key: Key, vars?: Record<string, string | number>): string {
  const s: string = (lang === 'zh' ? zh : en)[key];
  if (!vars) return s;
  const rules = plurals.get(lang) ?? plurals.set(lang, new Intl.PluralRules(lang === 'zh' ? 'zh-CN' : 'en')).get(lang)!;
  return s
    .replace(/\{(\w+)\|([^|}]*)\|([^}]*)\}/g, (m, k: string, one: string, other: string) => (k in vars ? (rules.select(Number(vars[k])) === 'one' ? one : other) : m))
    .replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORE, next);
  } catch { /* ignore */ }
  const url = new URL(location.href);
  if (next === 'zh') url.searchParams.delete('lang');
  else url.searchParams.set('lang', next);
  history.replaceState(history.state, '', url);
  applyLang();
}

/** The document language and every static element marked data-i18n. */
export function applyLang(): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n as Key;
    if (key in zh) el.textContent = t(key);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    const key = el.dataset.i18nLabel as Key;
    if (key in zh) el.setAttribute('aria-label', t(key));
  }
}

/** "：" in Chinese, ": " in English. */
export function colon(): string {
  return lang === 'zh' ? '：' : ': ';
}

/** 公开06表 in Chinese, Table 06 in English. */
export function tableNumber(number: string): string {
  if (lang === 'zh') return number;
  const n = /(\d+)/.exec(number)?.[1];
  return n ? `Table ${n}` : number;
}

/** Carry the language on links to other pages of the portal. */
export function withLang(path: string): string {
  if (lang === 'zh') return path;
  return path + (path.includes('?') ? '&' : '?') + 'lang=en';
}
