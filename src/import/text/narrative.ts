// The report's text: 概况 (职责, 机构设置 and the offices), 情况说明 as outlined sections, 名词解释 as terms.
import type { Narrative, TextSection } from '../../core/model/narrative.ts';
import type { Recorder } from '../report.ts';
import type { Line } from './lines.ts';
import { blocks, type Block } from './paragraphs.ts';

export function readOverview(lines: readonly Line[], rec: Recorder): Overview {
  return overviewOf(blocks(lines), rec);
}

export interface Overview {
  duties: string[];
  summary: string[];
  offices: Narrative['organisation']['offices'];
  other: string[];
}

/** 第一部分 from its blocks, however they were made (from text lines or from a PDF's geometry). */
export function overviewOf(list: readonly Block[], rec: Recorder): Overview {
  const duties: string[] = [];
  const summary: string[] = [];
  const offices: Narrative['organisation']['offices'] = [];
  const other: string[] = [];
  let mode: 'none' | 'duties' | 'organisation' | 'other' = 'none';
  for (const b of list) {
    if (b.kind === 'heading' && b.level === 1) {
      mode = /职责|职能/.test(b.text) ? 'duties' : /机构|设置|单位构成/.test(b.text) ? 'organisation' : 'other';
      if (mode === 'other') {
        other.push(b.text);
        rec.note({ line: b.line, place: '第一部分' }, `a section of 概况 that is neither 职责 nor 机构设置, kept under narrative.other: "${b.text.slice(0, 30)}"`);
      }
      continue;
    }
    if (mode === 'organisation' && b.kind === 'heading' && b.level === 2) {
      offices.push({ name: b.text, duties: [] });
      continue;
    }
    if (mode === 'duties') duties.push(b.text);
    else if (mode === 'organisation') (offices.length ? offices.at(-1)!.duties : summary).push(b.text);
    else {
      if (mode === 'none') rec.note({ line: b.line, place: '第一部分' }, `text before 职责 kept under narrative.other: "${b.text.slice(0, 30)}"`);
      other.push(b.text);
    }
  }
  return { duties, summary, offices, other };
}

export function sections(list: readonly Block[]): TextSection[] {
  const out: TextSection[] = [];
  for (const b of list) {
    if (b.kind === 'heading') out.push({ heading: b.text, level: b.level!, paragraphs: [] });
    else if (out.length) out.at(-1)!.paragraphs.push(b.text);
    else out.push({ heading: '', level: 1, paragraphs: [b.text] });
  }
  return out;
}

export function readExplanation(lines: readonly Line[]): TextSection[] {
  return sections(blocks(lines));
}

export function readGlossary(lines: readonly Line[]): { glossary: Narrative['glossary']; other: string[] } {
  return glossaryOf(blocks(lines));
}

export function glossaryOf(list: readonly Block[]): { glossary: Narrative['glossary']; other: string[] } {
  const glossary: Narrative['glossary'] = [];
  const other: string[] = [];
  for (const b of list) {
    const m = /^[一二三四五六七八九十]+、([^：:]+)[：:](.*)$/.exec(b.text);
    if (m) glossary.push({ term: m[1]!.trim(), definition: m[2]!.trim() });
    else other.push(b.text);
  }
  return { glossary, other };
}

/** 下属二级单位2个，分别是：A、B。 */
export function unitsOf(summary: readonly string[]): string[] | undefined {
  for (const p of summary) {
    const m = /下属(?:二级)?单位\s*(\d+)\s*个[，,]?\s*(?:分别(?:是|为)[：:]?\s*(.*?))?[。.]?$/.exec(p);
    if (!m) continue;
    if (Number(m[1]) === 0 || !m[2]) return [];
    return m[2].split(/[、，,]/).map((s) => s.trim()).filter((s) => s !== '');
  }
  return undefined;
}

/** The filing's narrative from what the parts gave; empty buckets left out. */
export function narrativeOf(overview: Overview, explanation: TextSection[], glossary: Narrative['glossary'], other: string[], extra: Pick<Narrative, 'contents' | 'headings'> = {}): Narrative {
  return {
    duties: overview.duties,
    organisation: { summary: overview.summary, offices: overview.offices },
    explanation,
    glossary,
    ...(other.length ? { other } : {}),
    ...(extra.contents?.length ? { contents: extra.contents } : {}),
    ...(extra.headings?.length ? { headings: extra.headings } : {}),
  };
}
