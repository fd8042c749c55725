// Field schemas the response documents share.
import * as v from 'valibot';

export const Sha256Schema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/), v.description('a SHA-256 digest, lower-case hex'));
export const DepartmentIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/), v.description('a department id, e.g. 140602-xzspfwglj'));
/** A key id as the platform registers it (the admin API, the log, the signature's keyid). */
export const KEY_ID = /^[A-Za-z0-9._:-]{3,128}$/;
export const KeyIdSchema = v.pipe(v.string(), v.regex(KEY_ID, 'keyId is 3 to 128 characters of A-Z a-z 0-9 . _ : -'));
export const YearSchema = v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(9999));
export const VersionNumberSchema = v.pipe(v.number(), v.integer(), v.minValue(1));
export const IsoTimeSchema = v.pipe(v.string(), v.isoTimestamp(), v.description('an ISO 8601 time'));
/** A path from the origin, e.g. /v1/datasets/140602-xzspfwglj/2023. */
export const ApiPathSchema = v.pipe(v.string(), v.regex(/^\/v1\//), v.description('a path on this server'));
/** A full URL (the receipt's links). */
export const AbsoluteUrlSchema = v.pipe(v.string(), v.url());
/** published: in force; withdrawn: its files answer 410 with the reason. */
export const StatusSchema = v.picklist(['published', 'withdrawn']);
