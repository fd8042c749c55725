// Which links the portal sets (dom.ts refuses any other): this origin's paths, fragments, queries,
// http(s) and mailto. Not //host, nor /\host: browsers read a backslash as a slash, so both leave the origin.
const SAFE_URL = /^(\/(?![/\\])|#|\?|https?:\/\/|mailto:)/;

export const isSafeUrl = (url: string): boolean => SAFE_URL.test(url);
