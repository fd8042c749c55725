// URL shapes of the API, in one place.
export const datasetPath = (d: string, y: number) => `/v1/datasets/${d}/${y}`;
export const versionPath = (d: string, y: number, n: number | 'latest') => `${datasetPath(d, y)}/versions/${n}`;
export const filePath = (d: string, y: number, n: number | 'latest', path: string) => `${versionPath(d, y, n)}/${path}`;
