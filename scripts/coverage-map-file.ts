// The code ↔ policy map's file: its shape and how it is read. Kept apart from coverage-map.ts, which loads the
// TypeScript compiler to index source files: the docs generator reads maps on every site build and needs none of it.
import { existsSync, readFileSync } from 'node:fs';

export const COVERAGE_MAP_VERSION = 1;

export interface FunctionEntry {
  /** `imageKey`, `RefundStore.create`, `refundRoutes › POST /marts/:martId/orders/:orderId/refunds`. */
  name: string;
  line: number;
  /** Part of the module's public surface: exported, or a non-private member of an exported class. */
  exported: boolean;
  /** How it is declared: a function (or an untyped const arrow), a typed const, a class member, an HTTP handler. */
  kind: 'function' | 'variable' | 'member' | 'handler';
}

export interface ScenarioCoverage {
  name: string;
  feature: string;
  status: string;
  /** Files holding the step definitions and hooks the scenario used. */
  steps: string[];
  /** Project files (src, steps, mocks) with at least one function the scenario ran. */
  files: string[];
  /** `src/refund/refund.store.ts#RefundStore.create`. */
  functions: string[];
}

export interface CoverageMap {
  version: number;
  createdAt: string;
  /** The run's testRunStarted id: pages join the map only to the messages of the same run. */
  runId?: string;
  commit?: string;
  backend: string;
  /** Every scenario of every loaded feature ran (no name/tag/line filter), so the map speaks for all of them. */
  complete: boolean;
  success: boolean;
  features: string[];
  /** Feature uri → the feature's name. */
  featureNames: Record<string, string>;
  /** Project files loaded by the workers: their module bodies ran for every scenario. */
  loaded: string[];
  /** sha1 of every file the map relies on (loaded files, features, step files), to tell a stale map. */
  hashes: Record<string, string>;
  scenarios: Record<string, ScenarioCoverage>;
  /** src files: every function (ran or not) and the scenarios that ran it. */
  files: Record<string, { scenarios: string[]; functions: (FunctionEntry & { scenarios: string[] })[] }>;
}

/** The map at `path`; undefined when there is none, or it is unreadable or of another version. */
export function readCoverageMap(path: string): CoverageMap | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const map = JSON.parse(readFileSync(path, 'utf8')) as CoverageMap;
    return map.version === COVERAGE_MAP_VERSION ? map : undefined;
  } catch {
    return undefined;
  }
}
