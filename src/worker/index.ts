import { app } from './app.ts';

export { Registry } from './storage/registry.ts';
export { BulkExporter } from './storage/bulk/exporter.ts';

export default { fetch: app.fetch } satisfies ExportedHandler<import('./env.ts').Env>;
