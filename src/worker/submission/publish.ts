// Publication. The heavy work (rendering, hashing) happens before a number is given and touches nothing
// visible: prepareVersion, in this isolate. Then the sequencer's commit gives the next number, assembles
// the files that name it (core/version/assemble.ts), and records the version, its pack and its change-log
// entry in one transaction. The pack reaches KV by the sequencer's alarm; the request writes nothing to KV.
import type { CheckReport } from '../../core/checks/index.ts';
import { factRows, filingFacts } from '../../core/facts/facts.ts';
import { findingsSummary } from '../../core/ledger/records.ts';
import type { Filing } from '../../core/model/filing.ts';
import type { Provenance } from '../../core/model/provenance.ts';
import { prepareVersion, type PreparedVersion } from '../../core/version/assemble.ts';
import { absolute, datasetPath } from '../../core/contract/urls.ts';
import { registry, type Env } from '../env.ts';
import { logUnavailable, problem } from '../problem.ts';
import { idempotencyMismatch, receiptResponse } from './answers.ts';
import type { Signed } from './context.ts';

export interface Submission {
  filing: Filing;
  body: Uint8Array<ArrayBuffer>;
  signed: Signed;
  idempotencyKey: string | null;
  report: CheckReport;
  provenance?: Provenance;
  /** The report PDF the submission carried, its digest checked. */
  original?: { bytes: Uint8Array<ArrayBuffer>; sha256: string; name?: string };
}

export async function publish(env: Env, s: Submission, origin: string): Promise<Response> {
  const { signed } = s;
  // A valid filing that cannot be rendered is a fault here that a retry would meet again: it goes to the
  // app's error handler (500, logged, nothing stored).
  const prepared: PreparedVersion = await prepareVersion({
    filing: s.filing, findings: s.report, submission: { bytes: s.body, sha256: signed.bodySha256 },
    ...(s.provenance ? { provenance: s.provenance } : {}), ...(s.original ? { original: s.original } : {}),
  });
  let committed;
  try {
    committed = await registry(env).commit({
      keyId: signed.key.keyId, idempotencyKey: s.idempotencyKey, requestSha256: signed.bodySha256, prepared,
      signature: signed.signature, findings: findingsSummary(s.report), origin,
      // The facts index's rows, made here with the rest (in parallel isolates), so that the sequencer never parses a filing.
      facts: factRows(filingFacts(s.filing, s.provenance)),
    });
  } catch (e) {
    // The sequencer's own refusal (thrown by its code, not lost on the way) is a fault: 500, logged, nothing stored.
    if ((e as { remote?: boolean }).remote) throw e;
    console.warn(`commit of ${s.filing.department.id}/${s.filing.year} unanswered: ${(e as Error).message}`);
    // Otherwise the commit may or may not have happened: say so, rather than "nothing is visible". The
    // Idempotency-Key is freed either way (a commit records it as done), so a retry with it answers at once.
    return problem({
      status: 503, type: 'storage', title: 'Outcome unknown',
      detail: `the sequencer did not answer the commit. Read ${absolute(origin, datasetPath(s.filing.department.id, s.filing.year))} to see whether it was published${s.idempotencyKey ? ', or retry with the same Idempotency-Key' : ''}.`,
      headers: { 'retry-after': '1' },
    });
  }
  if ('invalid' in committed) throw new Error(`the sequencer refused the commit of ${s.filing.department.id}/${s.filing.year}: ${committed.invalid}`);
  if ('unavailable' in committed) return logUnavailable(committed.unavailable);
  if ('refused' in committed) return problem({ status: 403, type: 'key-refused', title: 'Key not allowed', detail: committed.refused });
  if ('replayed' in committed) return receiptResponse(committed.replayed.status, committed.replayed.body, true);
  if ('mismatch' in committed) return idempotencyMismatch(s.idempotencyKey);
  return receiptResponse(committed.response.status, committed.response.body, false);
}
