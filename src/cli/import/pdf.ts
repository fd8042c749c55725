// A published PDF to text with poppler's pdftotext, the tool the importer's reading of tables is made for.
import { execFile } from 'node:child_process';
import { CliError, EXIT } from '../exit.ts';

/** The pdftotext binary: GONGKAI_PDFTOTEXT overrides it (a stub in tests, another install elsewhere). */
const binary = () => process.env.GONGKAI_PDFTOTEXT || 'pdftotext';

export function pdfToText(path: string, layout = false): Promise<string> {
  const args = [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'];
  return new Promise((resolve, reject) => {
    execFile(binary(), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve(stdout);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return reject(new CliError(
          `cannot read ${path}: pdftotext is not installed. Install poppler-utils (Debian/Ubuntu: apt-get install poppler-utils), or run pdftotext yourself and import the .txt it writes`,
          EXIT.input,
        ));
      }
      reject(new CliError(`pdftotext could not read ${path}: ${(stderr || error.message).trim()}`, EXIT.input));
    });
  });
}
