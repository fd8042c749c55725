// The command-line face of a mirror run: a summary with the log, the versions, local edits, requests and
// bytes; refusals on stderr; and the exit code (4 when anything failed verification, 3 when the source
// failed to give something, 2 for bad usage such as a missing or different --trust).
import { CliError, EXIT } from '../exit.ts';
import { mirror, type MirrorReport } from './index.ts';
import { formatBytes } from './progress.ts';
import { Source } from './source.ts';

export interface MirrorCommandOptions {
  concurrency?: string;
  /** The platform key to trust: a fingerprint, the key, or a public JWK file. */
  trust?: string;
  /** Re-derive each new version's files from the signed submission (slower; refuses what another release rendered differently). */
  reproduce?: boolean;
  /** Delete withdrawn versions' files instead of keeping them aside in <dir>/.gongkai-mirror/withdrawn/. */
  purgeWithdrawn?: boolean;
}

export async function mirrorCommand(sourceUrl: string, dir: string, o: MirrorCommandOptions): Promise<MirrorReport> {
  const concurrency = o.concurrency === undefined ? 8 : Number(o.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new CliError('--concurrency is a whole number from 1 to 64', EXIT.input);
  const say = (line: string) => process.stdout.write(line + '\n');
  new Source(sourceUrl); // a plain message for a URL that is not one, before anything is said or written
  say(`Mirroring ${sourceUrl} into ${dir}`);
  const r = await mirror({ source: sourceUrl, dir, concurrency, purgeWithdrawn: o.purgeWithdrawn === true, reproduce: o.reproduce === true, ...(o.trust !== undefined ? { trust: o.trust } : {}) });
  say(`Log: ${r.head.size} entries verified (${r.logAdded} new), signed by platform key ${r.platform}; head ${r.head.hash ?? '(empty)'}.`);
  say(
    `Done in ${(r.ms / 1000).toFixed(1)} s: ${r.versionsAdded} version(s) added, ${r.versionsWithdrawn} withdrawn; ` +
      `${r.versionsHeld} version(s) of ${r.datasets} dataset(s) held. ` +
      `Packs: ${r.packsFetched} fetched (${formatBytes(r.packBytes)})${r.versionsAdopted ? `, ${r.versionsAdopted} version(s) verified from disk` : ''}.`,
  );
  if (r.versionsGone) say(`${r.versionsGone} version(s) were withdrawn while this run read the log; the next run applies the withdrawal.`);
  if (r.edits.length) {
    say(`Local edits: ${r.edits.length} difference(s) from what was verified${r.restored ? `; ${r.restored} version(s) restored from their packs` : ''}:`);
    for (const e of r.edits) say(`  ${e}`);
  } else say(`Local edits: none (${r.filesChecked} file(s) checked).`);
  if (r.withdrawnPurged) say(`Purged the files of ${r.withdrawnPurged} withdrawn version(s) kept aside in ${dir}/.gongkai-mirror/withdrawn/.`);
  say(`Traffic: ${r.requests} request(s), ${formatBytes(r.bytes)} (${r.bytes} bytes).`);
  if (r.refused.length) {
    process.stderr.write(`gongkai: ${r.refused.length} item(s) refused (failed verification; not kept):\n${r.refused.map((x) => `  ${x.path}: ${x.problem}`).join('\n')}\n`);
    process.stderr.write('gongkai: the rest of the mirror is intact; the next run tries the refused items again.\n');
    process.exitCode = EXIT.verification;
  } else if (r.errors.length) {
    process.stderr.write(`gongkai: ${r.errors.length} item(s) could not be fetched or written:\n${r.errors.map((x) => `  ${x}`).join('\n')}\n`);
    process.exitCode = EXIT.server;
  }
  return r;
}
