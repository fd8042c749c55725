// A submission that carries the filing with its provenance and the report PDF: one JSON body, signed whole.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as v from 'valibot';
import { ProvenanceSchema } from '../../core/model/provenance.ts';
import { SUBMISSION_FORMAT } from '../../core/model/submission.ts';
import { CliError, EXIT } from '../exit.ts';
import { readJson } from '../files.ts';

export async function envelope(filingText: string, provenancePath?: string, originalPath?: string): Promise<Uint8Array<ArrayBuffer>> {
  const body: Record<string, unknown> = { format: SUBMISSION_FORMAT, filing: JSON.parse(filingText) };
  let sha256: string | undefined;
  if (originalPath) {
    let bytes: Buffer;
    try {
      bytes = await readFile(originalPath);
    } catch (e) {
      throw new CliError(`cannot read ${originalPath}: ${(e as Error).message}`, EXIT.input);
    }
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new CliError(`${originalPath} is not a PDF`, EXIT.input);
    sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    const name = basename(originalPath).replace(/[\u0000-\u001f]/g, '_');
    body.original = { name: /\.pdf$/i.test(name) ? name : `${name}.pdf`, mediaType: 'application/pdf', sha256, base64: bytes.toString('base64') };
  }
  if (provenancePath) {
    const parsed = v.safeParse(ProvenanceSchema, await readJson(provenancePath));
    if (!parsed.success) throw new CliError(`${provenancePath} is not a provenance file (from gongkai import): ${parsed.issues[0]!.message}`, EXIT.input);
    if (sha256 && parsed.output.source.sha256 !== sha256) {
      throw new CliError(`${provenancePath} was read from another PDF (sha256 ${parsed.output.source.sha256}) than ${originalPath} (${sha256})`, EXIT.input);
    }
    body.provenance = parsed.output;
  }
  return new TextEncoder().encode(JSON.stringify(body)) as Uint8Array<ArrayBuffer>;
}
