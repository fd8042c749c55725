// gongkai: the command line for departments, administrators and mirrors. It reuses the core.
import { Command, CommanderError } from 'commander';
// Each command loads its own modules when it runs (exceljs, pdfjs, the mirror): start-up stays short.
import { DryRunSchema } from '../core/contract/dry-run.ts';
import { ReceiptSchema } from '../core/contract/receipt.ts';
import { absolute, ADMIN_KEYS_PATH, adminRevokeKeyPath, adminWithdrawPath, submissionsPath } from '../core/contract/urls.ts';
import { adminPost, describeProblem, documentOf, submitSigned } from './client.ts';
import { checkLocal } from './commands/check.ts';
import { keygen } from './commands/keygen.ts';
import { seed } from './commands/seed.ts';
import { CliError, EXIT } from './exit.ts';
import { readJson, readKeyFile, readText } from './files.ts';
import { formatReport } from './format.ts';
import { envelope } from './submit/envelope.ts';
import { VERSION } from './version.ts';

const program = new Command();
program
  .name('gongkai')
  .description('Gongkai 公开: check, sign and submit departmental final-account filings; mirror the datasets')
  .version(VERSION, '-V, --version', 'print the version')
  // A key in base64url may begin with "-V": only options before the command are the program's.
  .enablePositionalOptions()
  .exitOverride();

const adminToken = (given?: string) => {
  const token = given ?? process.env.GONGKAI_ADMIN_TOKEN;
  if (!token) throw new CliError('the administrator credential is needed: --admin-token or GONGKAI_ADMIN_TOKEN', EXIT.input);
  return token;
};
const say = (line: string) => process.stdout.write(line + '\n');

program
  .command('keygen')
  .description('make an Ed25519 key pair for a department; the private key goes to a file (mode 600), the public key is printed')
  .requiredOption('--department <id>', 'department id, e.g. 140602-xzspfwglj')
  .option('--key-id <id>', 'key id (default: department, date and a random suffix)')
  .option('--out <file>', 'where to write the private key')
  .option('--force', 'overwrite an existing file')
  .action(async (o: { department: string; keyId?: string; out?: string; force?: boolean }) => {
    const r = await keygen(o);
    say(`Private key written to ${r.path} (keep it secret; it signs in the name of ${o.department}).`);
    say(`Public key (give it to the platform administrator to register):\n${JSON.stringify(r.publicJwk, null, 2)}`);
  });

program
  .command('platform-keygen')
  .description('(operator) make the platform key that signs the transparency log: the private JWK to a file (mode 600) for `wrangler secret put PLATFORM_SIGNING_KEY`, the public half beside it; publish the fingerprint for mirrors')
  .requiredOption('--out <file>', 'where to write the private key (e.g. platform.secret.json)')
  .option('--public-out <file>', 'where to write the public key (default: beside it, .public.json)')
  .option('--key-id <id>', 'key id (default: platform, date and a random suffix)')
  .option('--force', 'overwrite existing files')
  .action(async (o: { out: string; publicOut?: string; keyId?: string; force?: boolean }) => {
    const r = await (await import('./commands/platform-key.ts')).platformKeygen(o);
    say(`Private platform key written to ${r.secretPath}: give it to the Worker (npx wrangler secret put PLATFORM_SIGNING_KEY < ${r.secretPath}), then keep it offline.`);
    say(`Public key: ${r.publicPath}\nFingerprint (publish it; mirrors pin it with --trust): ${r.fingerprint}`);
  });

program
  .command('check <filing>')
  .description('check a filing locally: the model and the accounting findings (no network)')
  .option('--json', 'print the findings as JSON')
  .action(async (file: string, o: { json?: boolean }) => {
    const { filing, report } = checkLocal(await readJson(file), file);
    if (o.json) say(JSON.stringify(report, null, 2));
    else {
      say(`${file}: a valid filing of ${filing.department.name} (${filing.department.id}) for ${filing.year}, template ${filing.template}, ${filing.tables.length} tables.`);
      say(formatReport(report));
    }
    process.exitCode = report.summary.error > 0 ? EXIT.findings : EXIT.ok;
  });

program
  .command('submit <filing>')
  .description('sign a filing with your key and submit it; --dry-run checks it on the server without storing')
  .requiredOption('--server <url>', 'the platform, e.g. http://127.0.0.1:8787')
  .requiredOption('--key <file>', 'your private key file (from keygen)')
  .option('--dry-run', 'check only: signature, model and accounting checks; nothing is stored')
  .option('--idempotency-key <key>', 'makes a retry safe (default: derived from the file content)')
  .option('--provenance <file>', 'send where each figure was printed (the .provenance.json gongkai import wrote); published as provenance.json')
  .option('--original <pdf>', 'send the report PDF itself, signed with the filing; published as source/report.pdf')
  .action(async (file: string, o: { server: string; key: string; dryRun?: boolean; idempotencyKey?: string; provenance?: string; original?: string }) => {
    const text = await readText(file);
    checkLocal(JSON.parse(text), file);
    const body = o.provenance || o.original ? await envelope(text, o.provenance, o.original) : (new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>);
    const key = await readKeyFile(o.key);
    const idem = o.idempotencyKey ?? `submit-${Buffer.from(await crypto.subtle.digest('SHA-256', body)).toString('hex').slice(0, 32)}`;
    const a = await submitSigned(o.server, body, key, { dryRun: !!o.dryRun, ...(o.dryRun ? {} : { idempotencyKey: idem }) });
    if (o.dryRun) {
      if (a.status !== 200) throw new CliError(`dry run refused: ${describeProblem(a)}`, a.status >= 500 ? EXIT.server : EXIT.findings);
      const r = documentOf(DryRunSchema, a, `the dry run's answer from ${absolute(o.server, submissionsPath({ dryRun: true }))}`);
      say(`Dry run accepted by ${o.server}: signature valid, filing valid; nothing stored.`);
      say(`Findings: ${r.summary.error} error(s), ${r.summary.warning} warning(s), ${r.summary.info} note(s), ${r.summary.skipped} skipped.`);
      process.exitCode = r.summary.error > 0 ? EXIT.findings : EXIT.ok;
      return;
    }
    if (a.status !== 201) throw new CliError(`submission refused: ${describeProblem(a)}`, a.status >= 500 ? EXIT.server : EXIT.findings);
    const r = documentOf(ReceiptSchema, a, `the receipt from ${absolute(o.server, submissionsPath())}`);
    say(`${r.status === 'published' ? 'Published' : 'Published a correction:'} ${r.departmentId}/${r.year} version ${r.version}${a.headers.get('idempotent-replayed') ? ' (already submitted; this is the first answer)' : ''}.`);
    say(`Read it at ${new URL(r.links.self, o.server).href}`);
  });

program
  .command('register-key')
  .description('(administrator) register a department public key')
  .requiredOption('--server <url>', 'the Gongkai server, e.g. http://127.0.0.1:8787')
  .requiredOption('--key <file>', 'a key file from keygen (only its public half is sent)')
  .option('--admin-token <token>', 'or GONGKAI_ADMIN_TOKEN')
  .option('--valid-from <time>', 'the first moment the key may sign (ISO 8601, e.g. 2025-01-01T00:00:00Z; default: now)')
  .option('--valid-until <time>', 'the last moment the key may sign (ISO 8601; default: until revoked)')
  .action(async (o: { server: string; key: string; adminToken?: string; validFrom?: string; validUntil?: string }) => {
    const k = await readKeyFile(o.key);
    const a = await adminPost(o.server, ADMIN_KEYS_PATH, adminToken(o.adminToken), {
      keyId: k.kid, departmentId: k.departmentId, publicKey: { kty: 'OKP', crv: 'Ed25519', x: k.x },
      ...(o.validFrom ? { validFrom: o.validFrom } : {}), ...(o.validUntil ? { validUntil: o.validUntil } : {}),
    });
    if (a.status !== 201 && a.status !== 200) throw new CliError(`registration refused: ${describeProblem(a)}`, a.status >= 500 ? EXIT.server : EXIT.input);
    say(`Key ${k.kid} ${a.status === 201 ? 'registered' : 'was already registered'} for ${k.departmentId}.`);
  });

program
  .command('revoke-key <keyId>')
  .description('(administrator) revoke a key; it stays published as revoked')
  .requiredOption('--server <url>', 'the Gongkai server, e.g. http://127.0.0.1:8787')
  .requiredOption('--reason <text>', 'why, in a sentence: it is published with the change')
  .option('--admin-token <token>', 'the administrator credential (default: $GONGKAI_ADMIN_TOKEN)')
  .action(async (keyId: string, o: { server: string; reason: string; adminToken?: string }) => {
    const a = await adminPost(o.server, adminRevokeKeyPath(keyId), adminToken(o.adminToken), { reason: o.reason });
    if (a.status !== 200) throw new CliError(`revocation refused: ${describeProblem(a)}`, a.status >= 500 ? EXIT.server : EXIT.input);
    say(`Key ${keyId} revoked.`);
  });

program
  .command('withdraw <departmentId> <year> <version>')
  .description('(administrator) withdraw a version, with a reason; mirrors apply it')
  .requiredOption('--server <url>', 'the Gongkai server, e.g. http://127.0.0.1:8787')
  .requiredOption('--reason <text>', 'why, in a sentence: it is published with the change')
  .option('--admin-token <token>', 'the administrator credential (default: $GONGKAI_ADMIN_TOKEN)')
  .action(async (d: string, y: string, n: string, o: { server: string; reason: string; adminToken?: string }) => {
    const a = await adminPost(o.server, adminWithdrawPath(d, y, n), adminToken(o.adminToken), { reason: o.reason });
    if (a.status !== 200) throw new CliError(`withdrawal refused: ${describeProblem(a)}`, a.status >= 500 ? EXIT.server : EXIT.input);
    say(`Version ${n} of ${d}/${y} withdrawn.`);
  });

program
  .command('seed')
  .description('publish every filing under <data>/filings through the signed path (what npm start does)')
  .requiredOption('--server <url>', 'the Gongkai server, e.g. http://127.0.0.1:8787')
  .option('--data <dir>', 'data directory', 'data')
  .option('--keys <dir>', 'where development keys are kept (out of the repository)', '.gongkai/keys')
  .option('--admin-token <token>', 'the administrator credential (default: $GONGKAI_ADMIN_TOKEN)')
  .action(async (o: { server: string; data: string; keys: string; adminToken?: string }) => {
    const r = await seed({ server: o.server, data: o.data, keys: o.keys, adminToken: adminToken(o.adminToken), log: say });
    say(`Seed: ${r.published} published, ${r.unchanged} already there.`);
  });

program
  .command('mirror <source-url> <dir>')
  .description('keep a verified static copy of every dataset and version of a server in <dir>, trusting signatures, not the server: the signed log, then one pack per version (incremental, resumable; serve it with nginx)')
  .option('--trust <key>', 'the platform key that signs the log: its fingerprint (sha256:…), the key (base64url) or a public JWK file; required on the first run, then pinned')
  .option('--concurrency <n>', 'requests in flight at once', '8')
  .option('--purge-withdrawn', 'delete withdrawn versions\' files instead of keeping them aside in <dir>/.gongkai-mirror/withdrawn/')
  .option('--reproduce', 're-derive every file of each new version from the department\'s signed submission with this release\'s renderers and refuse any that differs (slower; a version rendered by another release may differ)')
  .action(async (source: string, dir: string, o: { trust?: string; concurrency?: string; purgeWithdrawn?: boolean; reproduce?: boolean }) => {
    await (await import('./mirror/command.ts')).mirrorCommand(source, dir, o);
  });

program
  .command('verify <dir>')
  .description('check a mirror again, offline: the log and its signatures, every version\'s files, manifest and department signature, withdrawals, documents; exit 4 naming each failure')
  .option('--trust <key>', 'check against this platform key (fingerprint, key or JWK file) instead of the one the mirror pinned')
  .option('--reproduce', 'also re-derive every version\'s files from the department\'s signed submission and name each that differs')
  .option('--head <size:hash>', 'a log head known from elsewhere (another mirror, an earlier run\'s summary): the stored log must reach it and hold it there')
  .action(async (dir: string, o: { trust?: string; reproduce?: boolean; head?: string }) => {
    await (await import('./mirror/verify-tree.ts')).verifyCommand(dir, o);
  });

program
  .command('import <file>')
  .description('read a published report (.pdf, read from its positioned text; or .txt from pdftotext) or a filled workbook (.xlsx) into a filing; report what was read, what could not be placed (with its page), and the findings; a PDF\'s cells get their page and position in a .provenance.json beside the filing')
  .option('--out <file>', 'where to write the filing: a file or a directory (default: <name>.filing.json in the working directory)')
  .option('--department-id <id>', 'the department id (not printed in a report; default: data/departments.json by name)')
  .option('--region-code <code>', 'the 行政区划代码 (not printed in a report; default: data/departments.json by name)')
  .option('--template <id>', 'the template (default: detected from the tables found)')
  .option('--departments <file>', 'the list of departments to look the name up in (default: data/departments.json)')
  .option('--provenance <file>', 'for a PDF: where to write the page and position of every imported cell (default: beside the filing, .provenance.json)')
  .option('--pdftotext', 'for a PDF: read it through poppler\'s pdftotext instead (the older path)')
  .option('--layout', 'for a PDF: read it through pdftotext -layout')
  .action(async (file: string, o: { out?: string; departmentId?: string; regionCode?: string; template?: string; departments?: string; layout?: boolean; pdftotext?: boolean; provenance?: string }) => {
    const r = await (await import('./import/command.ts')).runImport(file, o);
    say(r.text);
    process.exitCode = r.exitCode;
  });

program
  .command('template')
  .description('write an Excel workbook in a template\'s layout (one sheet per table, a department sheet, a 绩效自评 sheet and a text sheet) for a department to fill and import')
  .requiredOption('--template <id>', 'shanxi-2023, nine-table, eight-table or shanghai-2024')
  .requiredOption('--year <year>', 'the fiscal year, e.g. 2023')
  .option('--out <file>', 'where to write the workbook (default: <template>-<year>.xlsx)')
  .action(async (o: { template: string; year: string; out?: string }) => {
    say(`Workbook written to ${await (await import('./import/template.ts')).writeTemplate(o)}.`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exitCode = e.exitCode === 0 ? EXIT.ok : EXIT.input;
  else {
    const failure = e instanceof CliError ? e : localFileProblem(e);
    process.stderr.write(`gongkai: ${failure ? failure.message : `unexpected failure: ${(e as Error).message}`}\n`);
    process.exitCode = failure ? failure.code : EXIT.server;
  }
}

/** A path given that cannot be used as one (a file where a directory must be, no permission): bad input, in plain words. */
function localFileProblem(e: unknown): CliError | null {
  const { code, path } = e as { code?: unknown; path?: unknown };
  const why: Record<string, string> = {
    ENOTDIR: 'a file stands where a directory is needed',
    EISDIR: 'it is a directory, not a file',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'the file system is read-only',
  };
  if (typeof code !== 'string' || !(code in why) || typeof path !== 'string') return null;
  return new CliError(`cannot use ${path}: ${why[code]}`, EXIT.input);
}
