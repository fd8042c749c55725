// The dataset page (/dataset?d=…&y=…[&v=…]): one department-year at one version.
// This entry is small and self-contained: it starts every request at once, while the drawing code
// (page.ts with ECharts, built as /assets/dataset-page.js and preloaded by dataset.html) downloads
// in parallel.
import type { CheckReport } from '../../core/checks/finding.ts';
import { FILING_PATH, FINDINGS_PATH } from '../../core/contract/files.ts';
import { ApiError, catalogUrl, datasetPath, filePath, getFile, getJson, type CatalogPage, type DatasetDetail, type DatasetItem } from '../api.ts';
import { byId } from '../dom.ts';
import { applyLang, t } from '../i18n.ts';
import { pageError } from '../shell.ts';
import type { Filing } from './model.ts';

const main = byId('main')!;
// A URL, not a module path: the bundler leaves it alone, so page.ts stays its own file.
const PAGE = '/assets/dataset-page.js';
const page = import(PAGE) as Promise<typeof import('./page.ts')>;

function params(): { d: string; y: number; v?: number } | null {
  const p = new URLSearchParams(location.search);
  const d = p.get('d') ?? '';
  const y = p.get('y') ?? '';
  const v = p.get('v');
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(d) || !/^\d{4}$/.test(y) || (v !== null && !/^[1-9]\d{0,5}$/.test(v))) return null;
  return { d, y: Number(y), ...(v ? { v: Number(v) } : {}) };
}

async function load(): Promise<void> {
  const p = params();
  if (!p) {
    pageError(main, t('badLink'), undefined, 'notFoundTitle');
    return;
  }
  main.setAttribute('aria-busy', 'true');
  try {
    // Other years, for the year links and the trend: their latest filings, in parallel with this one.
    // The page does not wait for them: the trend chart is drawn when they arrive.
    const years = getJson<CatalogPage>(catalogUrl({ department: p.d, limit: 100 }))
      .then((cat) => cat.items.filter((i) => i.status === 'published' || i.year === p.y))
      .catch(() => [] as DatasetItem[]);
    const others = years.then(async (list) => {
      const filings = await Promise.all(list.filter((i) => i.year !== p.y && i.status === 'published').map((i) => getJson<Filing>(i.links.filing).catch(() => null)));
      return filings.filter((x): x is Filing => x !== null);
    });
    // Without ?v=, ask for the latest files at once rather than after the dataset's metadata; their
    // Content-Location says which version answered, and a mismatch (a publication in between) refetches.
    const latest = (path: string) => getFile(filePath(p.d, p.y, 'latest', path)).catch(() => null);
    const early = p.v === undefined ? { filing: latest(FILING_PATH), findings: latest(FINDINGS_PATH) } : null;
    let ds: DatasetDetail;
    try {
      ds = await getJson<DatasetDetail>(datasetPath(p.d, p.y));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return pageError(main, t('notFound'), undefined, 'notFoundTitle');
      throw e;
    }
    const n = p.v ?? ds.latestVersion;
    const version = ds.versions.find((x) => x.version === n);
    if (!version) return pageError(main, t('notFound'), undefined, 'notFoundTitle');
    if (version.status === 'withdrawn') {
      const view = await page;
      await view.show({ ds, version, filing: undefined as unknown as Filing, filingBytes: new Uint8Array(), report: null, years, others: Promise.resolve([]) });
      return;
    }
    const file = async (path: string, got: Promise<{ bytes: Uint8Array<ArrayBuffer>; location: string } | null> | undefined) => {
      const answer = got ? await got : null;
      if (answer && answer.location === filePath(p.d, p.y, n, path)) return answer.bytes;
      return (await getFile(filePath(p.d, p.y, n, path))).bytes;
    };
    const [filingBytes, report, view] = await Promise.all([
      file(FILING_PATH, early?.filing),
      file(FINDINGS_PATH, early?.findings).then((b) => JSON.parse(new TextDecoder().decode(b)) as CheckReport | null, () => null),
      page,
    ]);
    const filing = JSON.parse(new TextDecoder().decode(filingBytes)) as Filing;
    await view.show({ ds, version, filing, filingBytes, report, years, others });
  } catch (e) {
    pageError(main, e instanceof ApiError ? e.detail : String(e), () => void load());
  } finally {
    main.removeAttribute('aria-busy');
  }
}

applyLang();
void load();
