// The downloads section: the version's files and each table as CSV and JSON. Their sizes come
// from the manifest, known only once the signature has been verified.
import { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, FINDINGS_PATH, MANIFEST_PATH, SUBMISSION_PATH } from '../../core/contract/files.ts';
import { VERSION_XLSX } from '../../core/contract/urls.ts';
import { filePath } from '../api.ts';
import { h } from '../dom.ts';
import { formatBytes } from '../format.ts';
import { t, type Key } from '../i18n.ts';
import { cite } from './cite.ts';
import type { State } from './state.ts';
import { displayTableName } from './tables.ts';

export function downloads(s: State): HTMLElement {
  const { ds, version } = s;
  const file = (p: string) => filePath(ds.departmentId, ds.year, version.version, p);
  const whole: [string, Key, Key][] = [
    [FILING_PATH, 'dlFiling', 'dlFilingDesc'],
    [DATA_PACKAGE_PATH, 'dlDatapackage', 'dlDatapackageDesc'],
    [CSVW_PATH, 'dlCsvw', 'dlCsvwDesc'],
    [FINDINGS_PATH, 'dlFindings', 'dlFindingsDesc'],
    [MANIFEST_PATH, 'dlManifest', 'dlManifestDesc'],
    [SUBMISSION_PATH, 'dlSubmission', 'dlSubmissionDesc'],
  ];
  return h('div', { class: 'downloads' },
    cite(s),
    h('ul', { class: 'dl-list' },
      h('li', null,
        h('a', { href: file(VERSION_XLSX), download: '', 'data-download': VERSION_XLSX }, t('dlXlsx')),
        h('span', { class: 'dl-desc' }, t('dlXlsxDesc')),
        h('span', { class: 'dl-file mono' }, VERSION_XLSX),
      ),
      whole.map(([path, label, desc]) => h('li', null,
      h('a', { href: file(path), type: 'application/json', 'data-download': path }, t(label)),
      h('span', { class: 'dl-desc' }, t(desc)),
      h('span', { class: 'dl-file mono' }, path, ' ', h('span', { class: 'dl-size', 'data-size-of': path })),
    ))),
    h('h3', null, t('dlTables')),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('dlTables') },
      h('table', { class: 'fin compact dl-table' },
        h('caption', { class: 'sr-only' }, t('dlTables')),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('secTables')), h('th', { scope: 'col' }, 'CSV'), h('th', { scope: 'col' }, t('downloadCsvExcel')), h('th', { scope: 'col' }, 'JSON'))),
        h('tbody', null, s.filing.tables.map((tb) => h('tr', null,
          h('th', { scope: 'row' }, displayTableName(s.filing, tb)),
          h('td', null, h('a', { href: file(`tables/${tb.id}.csv`), download: '' }, `${tb.id}.csv`), ' ', h('span', { class: 'dl-size', 'data-size-of': `tables/${tb.id}.csv` })),
          h('td', null, h('a', { href: `${file(`tables/${tb.id}.csv`)}?bom=1`, download: '' }, `${tb.id}.csv`)),
          h('td', null, h('a', { href: file(`tables/${tb.id}.json`), type: 'application/json' }, `${tb.id}.json`), ' ', h('span', { class: 'dl-size', 'data-size-of': `tables/${tb.id}.json` })),
        ))),
      ),
    ),
    h('p', { class: 'dl-codelists' },
      h('a', { href: file('codelists/functional.csv'), download: '' }, 'codelists/functional.csv'), ' · ',
      h('a', { href: file('codelists/economic.csv'), download: '' }, 'codelists/economic.csv'),
    ),
  );
}

export function fillSizes(s: State): void {
  if (!(s.verification && !(s.verification instanceof Error))) return;
  const sizes = new Map(s.verification.manifestData.files.map((f) => [f.path, f.bytes]));
  for (const el of document.querySelectorAll<HTMLElement>('[data-size-of]')) {
    const bytes = sizes.get(el.dataset.sizeOf ?? '');
    if (bytes !== undefined) el.textContent = formatBytes(bytes);
  }
}
