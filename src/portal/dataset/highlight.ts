// Following a finding to the cells it names: every location is highlighted, the chosen one is
// scrolled to and focused, and the address bar keeps a link to it.
import { lang } from '../i18n.ts';

let marked: Element[] = [];
let marks: HTMLElement[] = [];

function clear(): void {
  for (const el of marked) el.classList.remove('hl', 'hl-focus');
  marked = [];
  for (const m of marks) {
    const parent = m.parentNode;
    if (!parent) continue;
    parent.replaceChild(document.createTextNode(m.textContent ?? ''), m);
    parent.normalize();
  }
  marks = [];
}

/** The first id of each candidate list that the page carries. */
export function resolve(candidates: readonly string[], all: boolean): HTMLElement[] {
  const found = candidates.map((id) => document.getElementById(id)).filter((e): e is HTMLElement => e !== null);
  return all ? found : found.slice(0, 1);
}

function openAncestors(el: Element): void {
  for (let p = el.parentElement; p; p = p.parentElement) if (p instanceof HTMLDetailsElement && !p.open) p.open = true;
}

/** Wrap the first occurrence of `excerpt` in the element's text in <mark>. */
function markExcerpt(el: HTMLElement, excerpt: string): void {
  const needle = excerpt.trim();
  if (needle.length < 2) return;
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const mark = document.createElement('mark');
    range.surroundContents(mark);
    marks.push(mark);
    return;
  }
}

export interface Target {
  /** Candidate ids; for a table location all that exist are highlighted, for a text field the first. */
  ids: readonly string[];
  all: boolean;
  excerpt?: string;
}

/** Highlight every target; scroll to and focus the one at `focus`. Returns the focused element. */
export function highlight(targets: readonly Target[], focus: number, announce?: (text: string) => void): HTMLElement | null {
  clear();
  let focused: HTMLElement | null = null;
  let count = 0;
  targets.forEach((target, i) => {
    const els = resolve(target.ids, target.all);
    for (const el of els) {
      el.classList.add('hl');
      marked.push(el);
      openAncestors(el);
      count++;
      if (target.excerpt && !target.all) markExcerpt(el, target.excerpt);
    }
    if (i === focus && els[0]) focused = els[0];
  });
  const f = focused as HTMLElement | null;
  if (f) {
    f.classList.add('hl-focus');
    if (!f.hasAttribute('tabindex')) f.setAttribute('tabindex', '-1');
    f.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' as ScrollBehavior });
    f.focus({ preventScroll: true });
    history.replaceState(history.state, '', `#${encodeURI(f.id)}`);
  }
  announce?.(lang === 'zh' ? `已高亮 ${count} 处` : `${count} highlighted`);
  return f;
}

/** On arrival with #c/… (a link to a cell), highlight and scroll to it. */
export function highlightFromHash(): void {
  const id = decodeURI(location.hash.slice(1));
  if (!id || !document.getElementById(id)) return;
  highlight([{ ids: [id], all: false }], 0);
}
