// A small SpreadsheetML (Office Open XML, ECMA-376) writer: sheets of text and number cells with a fixed
// set of styles, merged ranges, column widths, frozen panes and page setup, zipped with fflate. Pure and
// deterministic: the same workbook gives the same bytes (every zip entry dated `modified`).
//
// Why not exceljs (used by the workbook import): its browser build alone is 925 KiB minified, 266 KiB
// gzipped — over the Worker's 256 KiB gzip limit before a line of Gongkai — and it is written for Node.
// This writes only what the version workbook needs.
//
// Numbers are written as the exact decimal strings they are ("1322.38"), never through a float; a number
// with more significant digits than a spreadsheet holds (15) is written as text, so it is never rounded.
import { zipSync, type Zippable } from 'fflate';
import { BIDI_OR_INVISIBLE_CHARS } from '../model/key.ts';

/** The styles a cell can take. `num{d}` is a number shown with d decimals (0 to MAX_DECIMALS). */
export const STYLES = ['default', 'title', 'subtitle', 'subtitleRight', 'head', 'headLeft', 'text', 'textWrap', 'code', 'name1', 'name2', 'name3', 'line', 'na', 'note'] as const;
export type BaseStyle = (typeof STYLES)[number];
export const MAX_DECIMALS = 10;
export type NumberStyle = `num${number}`;
export type Style = BaseStyle | NumberStyle;

export type SheetCell =
  | { readonly kind: 'text'; readonly value: string; readonly style: Style }
  | { readonly kind: 'number'; readonly value: string; readonly style: Style }
  /** No value, only the style (a blank cell inside a bordered table). */
  | { readonly kind: 'blank'; readonly style: Style };

export interface Merge {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export interface Sheet {
  /** Up to 31 characters, none of \ / ? * [ ] : (see sheetName). */
  readonly name: string;
  /** Rows from the first, cells from column A (0-based); null or undefined is no cell. */
  readonly rows: readonly (readonly (SheetCell | null | undefined)[])[];
  readonly merges: readonly Merge[];
  /** Column widths in characters, from column A. */
  readonly widths: readonly number[];
  /** Rows and columns kept in view while scrolling. */
  readonly freeze?: { readonly rows: number; readonly columns: number };
  readonly landscape?: boolean;
}

export interface Workbook {
  readonly title: string;
  readonly creator: string;
  /** ISO time: the document's creation time and every zip entry's date. */
  readonly modified: string;
  readonly sheets: readonly Sheet[];
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const text = (value: string, style: Style = 'text'): SheetCell => ({ kind: 'text', value, style });
export const blank = (style: Style = 'text'): SheetCell => ({ kind: 'blank', style });

/** A decimal string as a number cell shown with its own decimals; as text when a spreadsheet could not hold it exactly. */
export function decimal(value: string): SheetCell {
  const m = /^-?(\d+)(?:\.(\d+))?$/.exec(value);
  const decimals = m?.[2]?.length ?? 0;
  const significant = m ? (m[1]! + (m[2] ?? '')).replace(/^0+/, '').length : Infinity;
  if (!m || significant > 15 || decimals > MAX_DECIMALS) return { kind: 'text', value, style: 'num2' };
  return { kind: 'number', value, style: `num${decimals}` };
}

// ---- text ---------------------------------------------------------------------------------------

const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BIDI = new RegExp(`[${BIDI_OR_INVISIBLE_CHARS}]`, 'g');

/** Text as a cell holds it: characters XML cannot carry dropped; bidi controls and invisibles shown as U+FFFD, so a cell reads as it is stored. */
export function cellText(s: string): string {
  return s.replace(XML_INVALID, '').replace(BIDI, '\uFFFD');
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const UNSAFE_SHEET_NAME = /[\\/?*[\]:\u0000-\u001f]/g;

/** A sheet name Excel accepts, unique among `taken` (which it is added to). */
export function sheetName(wanted: string, taken: Set<string>): string {
  let base = cellText(wanted).replace(UNSAFE_SHEET_NAME, '_').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  base = [...base].slice(0, 31).join('');
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${[...base].slice(0, 31 - String(i).length - 2).join('')}(${i})`;
  taken.add(name.toLowerCase());
  return name;
}

/** A1-style column letters, from 0. */
export function columnLetters(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
const ref = (row: number, col: number) => `${columnLetters(col)}${row + 1}`;

// ---- styles -------------------------------------------------------------------------------------

interface Xf { font: number; border: number; numFmt: number; align?: string }

const FONTS = [
  '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>',
  '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>',
  '<font><b/><sz val="16"/><name val="宋体"/><family val="3"/><charset val="134"/></font>',
];
const TEXT_FORMAT = 49; // "@"
const FIRST_CUSTOM_FORMAT = 164;
const numberFormat = (d: number) => (d === 0 ? '0' : `0.${'0'.repeat(d)}`);

const BASE_XF: Readonly<Record<BaseStyle, Xf>> = {
  default: { font: 0, border: 0, numFmt: 0 },
  title: { font: 2, border: 0, numFmt: 0, align: '<alignment horizontal="center" vertical="center"/>' },
  subtitle: { font: 0, border: 0, numFmt: 0, align: '<alignment horizontal="left" vertical="center"/>' },
  subtitleRight: { font: 0, border: 0, numFmt: 0, align: '<alignment horizontal="right" vertical="center"/>' },
  head: { font: 1, border: 1, numFmt: 0, align: '<alignment horizontal="center" vertical="center" wrapText="1"/>' },
  headLeft: { font: 1, border: 1, numFmt: 0, align: '<alignment horizontal="left" vertical="center"/>' },
  text: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment vertical="center"/>' },
  textWrap: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment vertical="top" wrapText="1"/>' },
  code: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment horizontal="left" vertical="center"/>' },
  name1: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment vertical="center"/>' },
  name2: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment vertical="center" indent="1"/>' },
  name3: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment vertical="center" indent="2"/>' },
  line: { font: 0, border: 1, numFmt: FIRST_CUSTOM_FORMAT, align: '<alignment horizontal="center" vertical="center"/>' },
  na: { font: 0, border: 1, numFmt: TEXT_FORMAT, align: '<alignment horizontal="center" vertical="center"/>' },
  note: { font: 0, border: 0, numFmt: TEXT_FORMAT, align: '<alignment vertical="top" wrapText="1"/>' },
};

/** Every style's index in cellXfs: the base styles, then num0…numMAX. */
const STYLE_INDEX: ReadonlyMap<Style, number> = new Map<Style, number>([
  ...STYLES.map((s, i) => [s, i] as const),
  ...Array.from({ length: MAX_DECIMALS + 1 }, (_, d) => [`num${d}` as NumberStyle, STYLES.length + d] as const),
]);

function stylesXml(): string {
  const xf = (x: Xf) =>
    `<xf numFmtId="${x.numFmt}" fontId="${x.font}" fillId="0" borderId="${x.border}" xfId="0"${x.numFmt ? ' applyNumberFormat="1"' : ''}${x.font ? ' applyFont="1"' : ''}${x.border ? ' applyBorder="1"' : ''}${x.align ? ` applyAlignment="1">${x.align}</xf>` : '/>'}`;
  const formats = Array.from({ length: MAX_DECIMALS + 1 }, (_, d) => `<numFmt numFmtId="${FIRST_CUSTOM_FORMAT + d}" formatCode="${numberFormat(d)}"/>`);
  const xfs = [
    ...STYLES.map((s) => xf(BASE_XF[s])),
    ...Array.from({ length: MAX_DECIMALS + 1 }, (_, d) => xf({ font: 0, border: 1, numFmt: FIRST_CUSTOM_FORMAT + d, align: '<alignment horizontal="right" vertical="center"/>' })),
  ];
  const thin = '<left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/>';
  return `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">`
    + `<numFmts count="${formats.length}">${formats.join('')}</numFmts>`
    + `<fonts count="${FONTS.length}">${FONTS.join('')}</fonts>`
    + '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    + `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>${thin}</border></borders>`
    + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>`
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    + '</styleSheet>';
}

// ---- parts --------------------------------------------------------------------------------------

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

class SharedStrings {
  private readonly index = new Map<string, number>();
  private count = 0;
  of(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) this.index.set(s, (i = this.index.size));
    return i;
  }
  xml(): string {
    const items = [...this.index.keys()].map((s) => `<si><t${/^\s|\s$|\n/.test(s) ? ' xml:space="preserve"' : ''}>${escapeXml(s)}</t></si>`);
    return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.index.size}">${items.join('')}</sst>`;
  }
}

function cellXml(c: SheetCell, r: string, strings: SharedStrings): string {
  const s = STYLE_INDEX.get(c.style) ?? 0;
  if (c.kind === 'blank') return `<c r="${r}" s="${s}"/>`;
  if (c.kind === 'number') return `<c r="${r}" s="${s}"><v>${c.value}</v></c>`;
  return `<c r="${r}" s="${s}" t="s"><v>${strings.of(cellText(c.value))}</v></c>`;
}

function sheetXml(sheet: Sheet, strings: SharedStrings): string {
  const width = Math.max(1, sheet.widths.length, ...sheet.rows.map((r) => r.length));
  const height = Math.max(1, sheet.rows.length);
  const rows = sheet.rows.map((cells, ri) => {
    const xml = cells.map((c, ci) => (c ? cellXml(c, ref(ri, ci), strings) : '')).join('');
    return xml ? `<row r="${ri + 1}">${xml}</row>` : '';
  });
  const f = sheet.freeze;
  const pane = f && (f.rows || f.columns)
    ? `<pane${f.columns ? ` xSplit="${f.columns}"` : ''}${f.rows ? ` ySplit="${f.rows}"` : ''} topLeftCell="${ref(f.rows, f.columns)}" activePane="${f.rows && f.columns ? 'bottomRight' : f.rows ? 'bottomLeft' : 'topRight'}" state="frozen"/>`
    : '';
  const cols = sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  const merges = sheet.merges.map((m) => `<mergeCell ref="${ref(m.top, m.left)}:${ref(m.bottom, m.right)}"/>`);
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
    + '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    + `<dimension ref="A1:${ref(height - 1, width - 1)}"/>`
    + `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>`
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + (cols ? `<cols>${cols}</cols>` : '')
    + `<sheetData>${rows.join('')}</sheetData>`
    + (merges.length ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '')
    + '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    + `<pageSetup paperSize="9" orientation="${sheet.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`
    + '</worksheet>';
}

const utf8 = new TextEncoder();

/** The workbook as .xlsx bytes. */
export function renderXlsx(book: Workbook): Uint8Array<ArrayBuffer> {
  if (book.sheets.length === 0) throw new Error('xlsx: a workbook has at least one sheet');
  const strings = new SharedStrings();
  const sheets = book.sheets.map((s) => sheetXml(s, strings));
  const n = sheets.length;
  const override = (part: string, type: string) => `<Override PartName="${part}" ContentType="${type}"/>`;
  const OOXML = 'application/vnd.openxmlformats-officedocument';
  const parts: [string, string][] = [
    ['[Content_Types].xml', `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
      + override('/xl/workbook.xml', `${OOXML}.spreadsheetml.sheet.main+xml`)
      + sheets.map((_, i) => override(`/xl/worksheets/sheet${i + 1}.xml`, `${OOXML}.spreadsheetml.worksheet+xml`)).join('')
      + override('/xl/styles.xml', `${OOXML}.spreadsheetml.styles+xml`)
      + override('/xl/sharedStrings.xml', `${OOXML}.spreadsheetml.sharedStrings+xml`)
      + override('/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml')
      + override('/docProps/app.xml', `${OOXML}.extended-properties+xml`)
      + '</Types>'],
    ['_rels/.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
      + `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>`
      + `<Relationship Id="rId2" Type="${PKG_REL_NS}/metadata/core-properties" Target="docProps/core.xml"/>`
      + `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>`
      + '</Relationships>'],
    ['docProps/core.xml', `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`
      + `<dc:title>${escapeXml(cellText(book.title))}</dc:title><dc:creator>${escapeXml(cellText(book.creator))}</dc:creator>`
      + `<dcterms:created xsi:type="dcterms:W3CDTF">${escapeXml(book.modified)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${escapeXml(book.modified)}</dcterms:modified>`
      + '</cp:coreProperties>'],
    ['docProps/app.xml', `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Gongkai</Application></Properties>`],
    ['xl/workbook.xml', `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>`
      + book.sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
      + '</sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`
      + sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')
      + `<Relationship Id="rId${n + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`
      + `<Relationship Id="rId${n + 2}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`
      + '</Relationships>'],
    ['xl/styles.xml', stylesXml()],
    ...sheets.map((xml, i): [string, string] => [`xl/worksheets/sheet${i + 1}.xml`, xml]),
    ['xl/sharedStrings.xml', strings.xml()],
  ];
  const mtime = Math.max(Date.parse(book.modified) || 0, Date.UTC(1980, 0, 2));
  const entries: Zippable = {};
  for (const [path, xml] of parts) entries[path] = [utf8.encode(xml), { level: 6, mtime }];
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}
