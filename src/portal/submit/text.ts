// Text from a dropped file shown as it is, but never able to reorder what is around it: bidirectional controls
// and invisible characters (the ones a filing's names may not hold, core/model/key.ts) are shown by code point.
// Everything else reaches the page as text nodes or attributes (dom.ts), never as HTML.
import { BIDI_OR_INVISIBLE_CHARS } from '../../core/model/key.ts';

const HIDDEN = new RegExp(`[${BIDI_OR_INVISIBLE_CHARS}]`, 'g');

export function shown(text: string): string {
  return text.replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
