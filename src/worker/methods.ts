// 405 for a known resource asked with a method it does not have (DELETE /v1/datasets, POST /v1/keys), with
// the Allow header RFC 9110 §15.5.6 requires; 404 stays for paths no route serves.
import { TrieRouter } from 'hono/router/trie-router';

type Route = { method: string; path: string };

let router: TrieRouter<string> | undefined;

/** The methods the app's routes serve at `path` (GET implies HEAD; OPTIONS where the route is open to other origins); empty when none. */
export function allowedMethods(routes: readonly Route[], path: string): string[] {
  if (!router) {
    router = new TrieRouter<string>();
    // Middleware is registered for ALL methods; only the routes' own methods say what a resource serves.
    // Each route under ALL, carrying its method, so one match gives every method a path has.
    for (const r of routes) if (r.method !== 'ALL') router.add('ALL', r.path, r.method.toUpperCase());
  }
  const matched = new Set(router.match('GET', path)[0].map(([method]) => method));
  if (matched.size === 0) return [];
  if (matched.has('GET')) matched.add('HEAD');
  return ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => matched.has(m));
}
