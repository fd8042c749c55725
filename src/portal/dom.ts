// Building the page with DOM APIs only: text goes in as text nodes, attributes through setAttribute,
// events through addEventListener. Nothing from the data is ever parsed as HTML.
import { isSafeUrl } from './safe-url.ts';

export type Child = Node | string | null | undefined | false | readonly Child[];
export type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

export function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      el.addEventListener(name.replace(/^on/, ''), value);
      continue;
    }
    const text = value === true ? '' : String(value);
    if ((name === 'href' || name === 'src' || name === 'action') && !isSafeUrl(text)) throw new Error(`refusing the URL ${JSON.stringify(text)}`);
    el.setAttribute(name, text);
  }
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(parent, c);
    else parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : (c as Node));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: Child[]): void {
  clear(el);
  append(el, children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null;
}

/** Text only screen readers hear. */
export const srOnly = (text: string): HTMLElement => h('span', { class: 'sr-only' }, text);
