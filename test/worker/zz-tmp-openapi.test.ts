import { it } from 'vitest';
import { call } from './support.ts';
it('dump', async () => { const r = await call('/openapi.json'); const d: any = await r.json(); console.log('PATHS\n' + Object.keys(d.paths).join('\n')); });
