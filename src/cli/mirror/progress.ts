// What a person sees while a mirror syncs: a progress bar with versions and bytes on a terminal,
// plain lines (one per version) when the output goes to a file or a pipe.
import { SingleBar } from 'cli-progress';

export interface Progress {
  /** More versions are known to be needed. */
  expect(versions: number): void;
  /** A version's pack was fetched (with its bytes). */
  file(bytes: number): void;
  /** A line for the record (a version done, withdrawn, refused). */
  line(text: string): void;
  stop(): void;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let x = n / 1024;
  let u = 0;
  while (x >= 1024 && u < units.length - 1) {
    x /= 1024;
    u++;
  }
  return `${x.toFixed(x < 10 ? 2 : 1)} ${units[u]}`;
}

export function progress(out: NodeJS.WriteStream | NodeJS.WritableStream, tty: boolean): Progress {
  if (!tty) {
    return { expect: () => undefined, file: () => undefined, line: (t) => void out.write(t + '\n'), stop: () => undefined };
  }
  let total = 0;
  let done = 0;
  let bytes = 0;
  const bar = new SingleBar({
    stream: out as NodeJS.WritableStream,
    format: ' {bar} {value}/{total} versions | {size} | {duration_formatted}',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  bar.start(0, 0, { size: formatBytes(0) });
  return {
    expect(versions) {
      total += versions;
      bar.setTotal(total);
    },
    file(n) {
      done++;
      bytes += n;
      bar.update(done, { size: formatBytes(bytes) });
    },
    line(text) {
      // Print above the bar, then redraw it.
      (out as NodeJS.WriteStream).clearLine?.(0);
      (out as NodeJS.WriteStream).cursorTo?.(0);
      out.write(text + '\n');
      bar.render();
    },
    stop() {
      bar.stop();
    },
  };
}
