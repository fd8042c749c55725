import { describe, expect, it } from 'vitest';
import { jsonSchemas, renderVersionFiles } from '../../../src/core/render/index.ts';
import { python, pythonHas } from './support.ts';
import { CONTEXT, smallFiling } from './fixtures.ts';

const JSONSCHEMA = pythonHas('jsonschema');
if (!JSONSCHEMA) console.warn('Python jsonschema not found: skipping the independent JSON Schema validation (pip install jsonschema)');

describe('jsonSchemas', () => {
  it('generates JSON Schema 2020-12 of the filing, the table JSON and the data package', () => {
    const s = jsonSchemas();
    expect(Object.keys(s)).toEqual(['filing', 'table', 'datapackage']);
    for (const schema of Object.values(s)) expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.filing.title).toContain('gongkai.filing/1');
    // The canonical (output) form: a cell is an exact decimal string, null or "n/a".
    const text = JSON.stringify(s.filing);
    expect(text).toContain('"pattern":"^-?(0|[1-9]\\\\d*)(\\\\.\\\\d+)?$"');
    expect(text).toContain('"const":"n/a"');
    expect(JSON.stringify(s.table)).toContain('"const":"gongkai.table/1"');
  });

  it.skipIf(!JSONSCHEMA)('an independent validator (Python jsonschema) accepts every rendered JSON form, and rejects a float cell', async () => {
    const files = await renderVersionFiles({ filing: smallFiling(), findings: [], context: CONTEXT });
    const docs = files
      .filter((f) => f.path === 'filing.json' || f.path === 'datapackage.json' || /^tables\/.*\.json$/.test(f.path))
      .map((f) => [f.path === 'filing.json' ? 'filing' : f.path === 'datapackage.json' ? 'datapackage' : 'table', f.path, JSON.parse(f.body)]);
    const bad = JSON.parse(files.find((f) => f.path === 'filing.json')!.body);
    bad.tables[0].sections[0].rows[0].values.amount = 1322.38;
    docs.push(['filing', 'float cell', bad]);
    const script = `
import json, sys
from jsonschema import Draft202012Validator
schemas, docs = json.load(sys.stdin)
for s in schemas.values(): Draft202012Validator.check_schema(s)
print(json.dumps({path: [e.message for e in Draft202012Validator(schemas[kind]).iter_errors(doc)][:3] for kind, path, doc in docs}))
`;
    const errors = python<Record<string, string[]>>(script, [jsonSchemas(), docs]);
    const { 'float cell': floatCell, ...rendered } = errors;
    for (const [path, list] of Object.entries(rendered)) expect(list, path).toEqual([]);
    expect(floatCell!.length).toBeGreaterThan(0);
  });
});
