// gongkai submit --provenance --original: the body it signs carries the filing, the provenance gongkai import
// wrote and the PDF itself (a real one: the Shanghai template), and refuses a provenance read from another PDF.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { SubmissionSchema } from '../../../../src/core/model/submission.ts';
import { envelope } from '../../../../src/cli/submit/envelope.ts';
import { importReportPdf } from '../../../../src/import/pdf/index.ts';
import { DEPARTMENT_BUDGET_PDF, TEMPLATE_PDF, pdfBytes } from './support.ts';

describe('the submission envelope', () => {
  it('carries the filing, its provenance and the PDF, whose digest the provenance names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gk-env-'));
    const r = await importReportPdf(pdfBytes(TEMPLATE_PDF), { sourceName: 'template.pdf', departmentId: 'x-1', regionCode: '310000' });
    writeFileSync(join(dir, 'p.json'), JSON.stringify(r.provenance));
    const body = JSON.parse(new TextDecoder().decode(await envelope(JSON.stringify(r.filing), join(dir, 'p.json'), TEMPLATE_PDF)));
    const parsed = v.parse(SubmissionSchema, body);
    expect(parsed.filing).toEqual(r.filing);
    expect(parsed.provenance).toEqual(r.provenance);
    expect(parsed.original!.sha256).toBe(r.provenance.source.sha256);
    expect(Buffer.from(parsed.original!.base64, 'base64').equals(readFileSync(TEMPLATE_PDF))).toBe(true);
    await expect(envelope(JSON.stringify(r.filing), join(dir, 'p.json'), DEPARTMENT_BUDGET_PDF)).rejects.toThrow(/was read from another PDF/);
  });
});
