import type { Registry } from './storage/registry.ts';
import { FactsIndex } from './storage/facts/reader.ts';
import { VersionFiles } from './storage/versions.ts';
import type { BulkExporter } from './storage/bulk/exporter.ts';
import { BulkFiles } from './storage/bulk/reader.ts';

export type { PackEntry } from './storage/versions.ts';
export { CURSOR_TYPES, cursorOf, DIMENSIONS, orderOf, QueryTimeout, type Dimension, type FactRow } from './storage/facts/reader.ts';

export interface Env {
  /** Immutable files of every version: one pack per version (see storage/files.ts). */
  FILES: KVNamespace;
  /** The sequencer (Durable Object with SQLite): versions, change log, keys, nonces, idempotency. */
  REGISTRY: DurableObjectNamespace<Registry>;
  /** The facts index (D1): derived from the packs, queried by /v1/facts, /v1/aggregate and series. */
  INDEX?: D1Database;
  ASSETS?: Fetcher;
  /** Bulk files of every year and region (R2): CSV, NDJSON and Parquet, remade from INDEX after each change. */
  BULK?: R2Bucket;
  /** The bulk files' exporter (Durable Object), woken by the Registry after the index changes. */
  BULK_EXPORTER?: DurableObjectNamespace<BulkExporter>;
  /** Administrator's bearer credential: a Worker secret (`wrangler secret put ADMIN_TOKEN`), `.dev.vars` locally. */
  ADMIN_TOKEN?: string;
  /**
   * The platform's own origin(s), space- or comma-separated, the canonical one first (wrangler.toml [vars];
   * `--var PUBLIC_ORIGIN:…` locally). A signed @target-uri must name one of them; links and receipts use the first.
   */
  PUBLIC_ORIGIN?: string;
  /**
   * The platform's private Ed25519 JWK, which seals the transparency log (a Worker secret: `wrangler secret put
   * PLATFORM_SIGNING_KEY`; `npm start` makes one in .dev.vars). Without it nothing is published.
   */
  PLATFORM_SIGNING_KEY?: string;
  /** How long a facts query may take before it is answered 503 (default 5,000 ms). */
  QUERY_TIMEOUT_MS?: string;
  /** Signed submissions a key may make per minute. */
  RATE_LIMIT_PER_MINUTE?: string;
}

export type AppEnv = { Bindings: Env };

/** The one sequencer instance: strongly consistent, so version numbers and the feed never fork. */
export function registry(env: Env): DurableObjectStub<Registry> {
  return env.REGISTRY.get(env.REGISTRY.idFromName('registry'));
}

/** A version's files in KV, for the read routes. */
export function versionFiles(env: Env): VersionFiles {
  return new VersionFiles(env.FILES);
}

/** The facts index (D1), or null where the deployment has none. */
export function factsIndex(env: Env): FactsIndex | null {
  const ms = Number(env.QUERY_TIMEOUT_MS);
  return env.INDEX ? new FactsIndex(env.INDEX, Number.isInteger(ms) && ms > 0 ? ms : undefined) : null;
}

/** The bulk files (listing in D1, bytes in R2), or null where the deployment has no bucket or index. */
export function bulkFiles(env: Env): BulkFiles | null {
  return env.INDEX && env.BULK ? new BulkFiles(env.INDEX, env.BULK) : null;
}

/** The one bulk exporter, or null where none is bound. */
export function bulkExporter(env: Env): DurableObjectStub<BulkExporter> | null {
  return env.BULK_EXPORTER ? env.BULK_EXPORTER.get(env.BULK_EXPORTER.idFromName('bulk')) : null;
}
