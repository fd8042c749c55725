// Names from the data (departments, units) shown to people: bidirectional controls and invisible characters
// dropped, and each name isolated (<bdi>) so that right-to-left text in one cannot reorder what follows.
import { h } from './dom.ts';

const HIDDEN = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export const visibleText = (s: string): string => s.replace(HIDDEN, '');

export const nameNode = (s: string): HTMLElement => h('bdi', null, visibleText(s));
