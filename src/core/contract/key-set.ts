// GET /v1/keys: every department public key, current and past (a JWK Set).
import * as v from 'valibot';
import { PublicKeySchema } from './public-key.ts';

export const KeySetSchema = v.strictObject({ keys: v.array(PublicKeySchema) });

export type KeySet = v.InferOutput<typeof KeySetSchema>;
