declare namespace Cloudflare {
  interface Env extends import('../../src/worker/env.ts').Env {}
}
