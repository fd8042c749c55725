import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { generateKeyPairSync } from 'node:crypto';
import { defineConfig } from 'vitest/config';

// A platform key for the Worker tests' log, made per run (never a key kept in the repository).
const platformJwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });

// Two projects: Worker tests run inside workerd (the vitest pool); command-line, import,
// client-interop and browser tests run in Node.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { ADMIN_TOKEN: 'test-admin-token', PUBLIC_ORIGIN: 'http://gongkai.test', PLATFORM_SIGNING_KEY: JSON.stringify({ ...platformJwk, kid: 'platform-test' }), BULK_QUIET_MS: '100', BULK_MAX_WAIT_MS: '2000' } },
          }),
        ],
        test: { name: 'worker', include: ['test/worker/**/*.test.ts'] },
      },
      {
        // One file at a time: several start a real server (wrangler dev), nginx or Chromium, and the
        // portal's 1-second budget should not depend on what else the two cores are doing.
        test: { name: 'node', include: ['test/node/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
