// hono-openapi's schema converters import every vendor they support on demand; Gongkai uses valibot
// only. wrangler.toml aliases the other vendors here so that zod (installed by test tooling) stays
// out of the Worker bundle.
throw new Error('this schema vendor is not part of the Gongkai Worker (valibot only)');
