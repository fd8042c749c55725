// Where a bulk file's bytes go as they are made: hashed (SHA-256, incrementally) and stored in R2 — in one
// put when the file is small, else as a multipart upload of equal parts (R2 wants every part but the last
// the same size, at least 5 MiB). CSV and NDJSON pass through gzip first. Nothing holds a whole file.
import { toHex } from '../../../core/bytes.ts';

export interface Written {
  bytes: number;
  sha256: string;
}

export interface Sink {
  write(chunk: Uint8Array): Promise<void>;
  close(): Promise<Written>;
  abort(): Promise<void>;
}

export const PART_BYTES = 8 * 1024 * 1024;

/** Bytes to `key` in `bucket`, hashed as they pass. */
export function r2Sink(bucket: R2Bucket, key: string, httpMetadata: R2HTTPMetadata, partBytes = PART_BYTES): Sink {
  const digest = new crypto.DigestStream('SHA-256');
  const hashing = digest.getWriter();
  let buffer = new Uint8Array(partBytes);
  let filled = 0;
  let bytes = 0;
  let upload: R2MultipartUpload | null = null;
  const parts: R2UploadedPart[] = [];
  const flushPart = async () => {
    upload ??= await bucket.createMultipartUpload(key, { httpMetadata });
    parts.push(await upload.uploadPart(parts.length + 1, buffer.slice(0, filled)));
    filled = 0;
  };
  return {
    async write(chunk) {
      bytes += chunk.byteLength;
      await hashing.write(chunk);
      let at = 0;
      while (at < chunk.byteLength) {
        const n = Math.min(partBytes - filled, chunk.byteLength - at);
        buffer.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === partBytes) await flushPart();
      }
    },
    async close() {
      await hashing.close();
      const sha256 = toHex(new Uint8Array(await digest.digest));
      if (upload === null) {
        // Small enough for one put: its checksum is checked by R2 as it stores it.
        await bucket.put(key, buffer.slice(0, filled), { httpMetadata, customMetadata: { sha256 }, sha256 });
      } else {
        if (filled > 0) await flushPart();
        await (upload as R2MultipartUpload).complete(parts);
      }
      buffer = new Uint8Array(0);
      return { bytes, sha256 };
    },
    async abort() {
      await hashing.abort().catch(() => undefined);
      if (upload) await upload.abort().catch(() => undefined);
    },
  };
}

/** gzip in front of a sink (the runtime's own compressor). */
export function gzipSink(inner: Sink): Sink {
  const cs = new CompressionStream('gzip');
  const writer = cs.writable.getWriter();
  const reader = cs.readable.getReader();
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      await inner.write(value);
    }
  })();
  pump.catch(() => undefined); // observed at close
  return {
    async write(chunk) {
      await writer.ready;
      await writer.write(chunk);
    },
    async close() {
      await writer.close();
      await pump;
      return inner.close();
    },
    async abort() {
      await writer.abort().catch(() => undefined);
      await inner.abort();
    },
  };
}
