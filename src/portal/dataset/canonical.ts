// The canonical form of the signed submission (valibot and the filing schema, as the server renders
// filing.json), to show that the data on the page is what the department signed.
import * as v from 'valibot';
import { FilingSchema } from '../../core/model/filing.ts';
import { jsonText } from '../../core/render/json.ts';
import { sha256Hex } from '../../core/hash.ts';

/** SHA-256 of filing.json as the platform renders it from this submission, or null if it does not parse. */
export async function canonicalFilingSha256(submission: string): Promise<string | null> {
  try {
    return await sha256Hex(jsonText(v.parse(FilingSchema, JSON.parse(submission))));
  } catch {
    return null;
  }
}
