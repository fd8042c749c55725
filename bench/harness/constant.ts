// The local runtime's own ceiling: a Worker that answers a constant, under the same wrangler dev.
const BODY = 'ok\n';
export default {
  fetch(): Response {
    return new Response(BODY, { headers: { 'content-type': 'text/plain' } });
  },
};
