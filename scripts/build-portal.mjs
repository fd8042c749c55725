#!/usr/bin/env node
// Bundle the portal (src/portal, TypeScript) into public/assets/, minified, with ECharts tree-shaken
// through echarts/core:
//   catalog.js       the catalog page (/)
//   dataset.js       the dataset page's loader: small, starts every request at once
//   dataset-page.js  the dataset page's drawing code with ECharts, preloaded by dataset.html in
//                    parallel with dataset.js and imported by it (no chunk waterfall)
//   compare.js       the compare page (/compare): a table line across departments and years; its charts
//                    (ECharts) are compare-charts.js, preloaded by compare.html as dataset-page.js is
//   coverage.js      the coverage page (/coverage): who was expected to publish, who has, who is late
//   admin.js         the administrator's page (/admin): keys, the department registry, deadlines
//   registry.css     the stylesheet of those two pages
//   portal.css       the stylesheet
//   departments-en.json  the registered English names of departments (data/departments.json), for search
// Each is a self-contained bundle with a stable name. Files are written only when their bytes change
// (a running `wrangler dev` is not disturbed needlessly) and anything else in the directory is
// removed. Also writes the licence notices of the bundled packages.
//   node scripts/build-portal.mjs          build once
//   node scripts/build-portal.mjs --watch  rebuild on change (development)
import { build, context } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = join(ROOT, 'public/assets');

const ENTRIES = {
  catalog: 'src/portal/catalog.ts',
  dataset: 'src/portal/dataset/main.ts',
  'dataset-page': 'src/portal/dataset/page.ts',
  compare: 'src/portal/compare/main.ts',
  'compare-charts': 'src/portal/compare/charts.ts',
  coverage: 'src/portal/coverage/main.ts',
  admin: 'src/portal/admin/main.ts',
  registry: 'src/portal/coverage/registry.css',
  portal: 'src/portal/styles.css',
  // The department workspace (/submit): the page, its stylesheet, and what it loads only when a file is
  // dropped: the PDF reader (pdfjs-dist, with its worker as a file of its own) and the workbook reader (exceljs).
  submit: 'src/portal/submit/main.ts',
  workspace: 'src/portal/submit/workspace.css',
  'submit-pdf': 'src/portal/submit/pdf.ts',
  'submit-xlsx': 'src/portal/submit/xlsx.ts',
  'pdf.worker': 'node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs',
};

// In the browser pdfjs runs its worker from /assets/pdf.worker.js; the in-thread worker module the
// importer loads where there is no DOM (Node) is left out of submit-pdf.js.
const ALIASES = { 'submit-pdf': { 'pdfjs-dist/legacy/build/pdf.worker.mjs': './src/portal/submit/no-worker.ts' } };

function options(outdir, name) {
  return {
    absWorkingDir: ROOT,
    entryPoints: { [name]: ENTRIES[name] },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' },
    tsconfig: 'src/portal/tsconfig.json',
    ...(ALIASES[name] ? { alias: ALIASES[name] } : {}),
  };
}

/** The licence texts of the packages in the bundle (Apache-2.0 asks for ECharts' NOTICE). */
function notices(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!m || packages.has(m[1])) continue;
    const dir = join(ROOT, 'node_modules', m[1]);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const texts = readdirSync(dir).filter((f) => /^(licen[cs]e|notice)(\.|$)/i.test(f)).sort().map((f) => readFileSync(join(dir, f), 'utf8').trim());
    packages.set(m[1], `${pkg.name} ${pkg.version} — ${pkg.license ?? 'see below'}\n\n${texts.join('\n\n')}`);
  }
  const rule = '\n\n' + '='.repeat(72) + '\n\n';
  return `Third-party software in the Gongkai portal bundle (public/assets/*.js)${rule}${[...packages.values()].join(rule)}\n`;
}

function writeChanged(files, outdir) {
  mkdirSync(outdir, { recursive: true });
  const wanted = new Set();
  let written = 0;
  for (const { path, contents } of files) {
    wanted.add(path);
    if (existsSync(path) && Buffer.compare(readFileSync(path), Buffer.from(contents)) === 0) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
    written++;
  }
  for (const name of readdirSync(outdir)) {
    const p = join(outdir, name);
    if (!wanted.has(p) && statSync(p).isFile()) rmSync(p);
  }
  return written;
}

/**
 * The registered English names of departments (data/departments.json's nameEn), by id, for the catalog's
 * search in English or pinyin: [[id, name, nameEn], …]. Fetched by the catalog page only when a search is
 * in Latin letters or the page is in English.
 */
function englishNames() {
  const list = JSON.parse(readFileSync(join(ROOT, 'data/departments.json'), 'utf8'));
  return JSON.stringify(list.filter((d) => typeof d.nameEn === 'string' && d.nameEn).map((d) => [d.id, d.name, d.nameEn])) + '\n';
}

export async function buildPortal({ outdir = OUT_DIR, quiet = false } = {}) {
  const started = Date.now();
  const results = await Promise.all(Object.keys(ENTRIES).map((name) => build(options(outdir, name))));
  const outputs = results.flatMap((r) => r.outputFiles);
  const metafile = { inputs: Object.assign({}, ...results.map((r) => r.metafile.inputs)), outputs: Object.assign({}, ...results.map((r) => r.metafile.outputs)) };
  const files = outputs.map((f) => ({ path: f.path, contents: f.contents }));
  files.push({ path: join(outdir, 'THIRD-PARTY-NOTICES.txt'), contents: new TextEncoder().encode(notices(metafile)) });
  files.push({ path: join(outdir, 'departments-en.json'), contents: new TextEncoder().encode(englishNames()) });
  const written = writeChanged(files, outdir);
  if (!quiet) {
    const sizes = outputs.map((f) => `${relative(ROOT, f.path)} ${(f.contents.byteLength / 1024).toFixed(1)} KB`).join(', ');
    console.log(`portal: built in ${Date.now() - started} ms (${written} file${written === 1 ? '' : 's'} changed): ${sizes}`);
  }
  return { files: files.map((f) => f.path), metafile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--watch')) {
    for (const name of Object.keys(ENTRIES)) {
      const ctx = await context({ ...options(OUT_DIR, name), write: true, minify: false });
      await ctx.watch();
    }
    console.log('portal: watching src/portal and src/core');
  } else {
    await buildPortal();
  }
}
