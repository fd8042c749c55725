import { RESPONSE_DOCUMENTS, schemaNameOf, type ResponseDocumentName } from '../core/contract/documents.ts';
import { schemaPath } from '../core/contract/urls.ts';

export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Gongkai API 文档 / API reference</title>
<style>
body{font:15px/1.55 system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}pre{background:#f5f5f5;padding:.75rem;overflow:auto}
.op{border:1px solid #ddd;border-radius:6px;margin:.75rem 0;padding:.5rem .75rem}.m{font-weight:700;display:inline-block;min-width:4rem}
.GET{color:#0a6}.POST{color:#b60}h2{margin-top:2rem;border-bottom:1px solid #eee}dt{font-weight:600}
</style></head><body>
<h1>Gongkai 公开 API</h1>
<p>部门决算公开数据：每个部门每年一个数据集，每次发布一个不可变版本。Every department-year is a dataset; every publication an immutable version.
The machine-readable description is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). JSON Schemas: <a href="/schemas/filing.json">filing</a>, <a href="/schemas/table.json">table</a>, <a href="/schemas/findings.json">findings</a>; of each response document: ${Object.keys(RESPONSE_DOCUMENTS).map((n) => schemaNameOf(n as ResponseDocumentName)).map((n) => `<a href="${schemaPath(n)}">${n}</a>`).join(', ')}.</p>
<h2>Quick start</h2>
<pre>curl /v1/datasets?q=行政审批
curl /v1/datasets/140602-xzspfwglj/2023/versions/latest/tables/income-expenditure.csv?bom=1
curl /v1/changes?since=0</pre>
<h2>Operations</h2><div id="ops">Loading /openapi.json…</div>
<h2 id="problems">Problem types (RFC 9457)</h2>
<dl>
<dt id="problem-not-found">not-found</dt><dd>404: no such dataset, version, table or file.</dd>
<dt id="problem-bad-request">bad-request</dt><dd>400: a query parameter or body field is malformed; <code>errors</code> lists each with its path.</dd>
<dt id="problem-withdrawn">withdrawn</dt><dd>410: the version was withdrawn by an administrator; <code>reason</code> says why.</dd>
<dt id="problem-not-acceptable">not-acceptable</dt><dd>406: tables are text/csv or application/json.</dd>
<dt id="problem-method-not-allowed">method-not-allowed</dt><dd>405: the path exists but not with this method; <code>Allow</code> lists the methods it has.</dd>
<dt id="problem-range-not-satisfiable">range-not-satisfiable</dt><dd>416: the <code>Range</code> starts past the end of the file; <code>Content-Range: bytes */size</code> gives its size.</dd>
<dt id="problem-bad-signature">bad-signature</dt><dd>401: the submission is not signed as RFC 9421 requires, or the signature does not verify.</dd>
<dt id="problem-replay">replay</dt><dd>401: <code>created</code> is outside ±300 s, or the nonce was used before.</dd>
<dt id="problem-key-refused">key-refused</dt><dd>403: the key is unknown, revoked, outside its validity, or not the filing's department's.</dd>
<dt id="problem-bad-digest">bad-digest</dt><dd>400: Content-Digest is missing or does not match the body.</dd>
<dt id="problem-malformed-json">malformed-json</dt><dd>400: the body is not UTF-8 JSON (or starts with a byte-order mark).</dd>
<dt id="problem-invalid-filing">invalid-filing</dt><dd>422: the filing breaks the model or its template; <code>errors</code> lists every problem with its JSON Pointer.</dd>
<dt id="problem-idempotency-mismatch">idempotency-mismatch</dt><dd>422: the Idempotency-Key was used with another body.</dd>
<dt id="problem-in-progress">in-progress</dt><dd>409: the first request with this Idempotency-Key is still running. Idempotency keys are remembered for 24 hours and must be covered by the signature.</dd>
<dt id="problem-wrong-origin">wrong-origin</dt><dd>401: the signature's <code>@target-uri</code> names another origin than this platform's own (PUBLIC_ORIGIN); nothing was stored.</dd>
<dt id="problem-too-large">too-large</dt><dd>413: a submission over 2 MiB, an administration request's body over 64 KiB.</dd>
<dt id="problem-media-type">media-type</dt><dd>415: submissions and administration requests are application/json.</dd>
<dt id="problem-rate-limited">rate-limited</dt><dd>429: too many submissions for this key; wait Retry-After seconds.</dd>
<dt id="problem-busy">busy</dt><dd>503: the dataset is being published by another request; retry.</dd>
<dt id="problem-storage">storage</dt><dd>503: storage failed before the version was committed; nothing is visible; retry with the same Idempotency-Key.</dd>
<dt id="problem-admin-required">admin-required</dt><dd>401: an administrator's bearer credential is needed.</dd>
<dt id="problem-department-exists">department-exists</dt><dd>409: a department with that id is registered already; change it with PATCH /v1/admin/departments/{id}.</dd>
<dt id="problem-cors-refused">cors-refused</dt><dd>403: administration routes answer no CORS preflight, carry no CORS header, and refuse a request a browser sends from another origin (Origin, Sec-Fetch-Site).</dd>
<dt id="problem-not-configured">not-configured</dt><dd>503: the platform lacks a setting it needs (ADMIN_TOKEN, PUBLIC_ORIGIN).</dd>
<dt id="problem-query-timeout">query-timeout</dt><dd>503: a facts query took longer than its time (5 s): narrow it (a year, a region) or page with a smaller limit.</dd>
<dt id="problem-log-unavailable">log-unavailable</dt><dd>503: the transparency log cannot record the change (no platform key is configured, or not the log's own), so nothing was stored.</dd>
<dt id="problem-internal">internal</dt><dd>500: the server failed.</dd>
</dl>
<script>
fetch('/openapi.json').then(r=>r.json()).then(doc=>{
  const el=document.getElementById('ops');el.textContent='';
  for(const [path,item] of Object.entries(doc.paths)){for(const [method,op] of Object.entries(item)){
    const d=document.createElement('div');d.className='op';
    const m=document.createElement('span');m.className='m '+method.toUpperCase();m.textContent=method.toUpperCase();
    const p=document.createElement('code');p.textContent=' '+path;
    const s=document.createElement('p');s.textContent=(op.summary||'')+(op.description?' — '+op.description:'');
    d.append(m,p,s);el.append(d);}}
}).catch(e=>{document.getElementById('ops').textContent='Could not load /openapi.json: '+e});
</script></body></html>`;
