// Every scenario and example row of a run as JSON (`<out>/_data/scenarios.json`, which the docs plugin leaves
// out of the pages): the overview's filters read it in the browser, and the contract pages link and count
// vendor operations from it. React renders it, so names need no escaping here.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioRecord } from './render-feature.ts';

export interface ScenarioEntry extends ScenarioRecord {
  feature: string;
  /** The domain's label, as the overview names it. */
  domain: string;
  /** The feature's page, relative to the output folder (`refund/one-refund-per-order.md`). */
  page: string;
}

export interface ScenarioData {
  /** The overview's route (`/policies`): the site serves this file at `/data/<route>.json`. */
  slug: string;
  /** Where the site serves this file (docusaurus.config.ts copies it there). */
  url: string;
  scenarios: ScenarioEntry[];
}

export const SCENARIO_DATA_FILE = join('_data', 'scenarios.json');

export function writeScenarioData(outDir: string, slug: string, scenarios: ScenarioEntry[]): void {
  mkdirSync(join(outDir, '_data'), { recursive: true });
  writeFileSync(
    join(outDir, SCENARIO_DATA_FILE),
    JSON.stringify({ slug, url: scenarioDataUrl(slug), scenarios } satisfies ScenarioData),
  );
}

export function readScenarioData(outDir: string): ScenarioData {
  return JSON.parse(readFileSync(join(outDir, SCENARIO_DATA_FILE), 'utf8')) as ScenarioData;
}

/** Where the site serves the data of the overview at `slug`. */
export function scenarioDataUrl(slug: string): string {
  return `/data/${slug.replace(/^\/+|\/+$/g, '').replace(/[^\w-]+/g, '-') || 'index'}.json`;
}
