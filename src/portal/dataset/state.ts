// What the dataset page draws from, in its own module so that the section modules can take it
// without importing page.ts (which imports them).
import type { CheckReport } from '../../core/checks/finding.ts';
import type { DatasetDetail, DatasetItem, VersionInfo } from '../api.ts';
import type { YearFigures } from './figures.ts';
import type { Filing } from './model.ts';
import type { Verification } from './signature.ts';

/** What main.ts loaded. */
export interface Loaded {
  ds: DatasetDetail;
  version: VersionInfo;
  filing: Filing;
  filingBytes: Uint8Array<ArrayBuffer>;
  report: CheckReport | null;
  /** The department's datasets (years), when the catalog answers. */
  years: Promise<DatasetItem[]>;
  /** The latest filings of the department's other years, for the trend. */
  others: Promise<Filing[]>;
}

export interface State extends Omit<Loaded, 'years' | 'others'> {
  years: DatasetItem[];
  /** null until the other years have arrived. */
  trend: YearFigures[] | null;
  trendReady: Promise<void>;
  verification?: Verification | Error;
}
