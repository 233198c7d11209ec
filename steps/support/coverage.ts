// Per-scenario coverage (on when scripts/coverage-map-formatter.ts runs, i.e. MARTBOOK_COVERAGE=1): V8 precise
// coverage of this worker, taken (and so reset) as each scenario ends: what ran since the previous one ended,
// the next world's construction included, is this scenario's. Which function ran is exact (V8 counts every
// call), and the positions are mapped back to the TypeScript source through tsx's inline source maps; the
// formatter names the functions and gathers every worker's part into coverage-map.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap, type SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { After, AfterAll, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { COVERAGE_PARTS_ENV, type CoveragePart, type Positions } from '../../scripts/coverage-parts.ts';

const root = process.cwd();
const projectUrl = `file://${root}/`;
/** Project code a scenario can run: services, steps and drivers, vendor mocks — not this recorder. */
const recorded = (file: string) => /^(src|steps|mocks)\//.test(file) && file !== 'steps/support/coverage.ts';
const projectFile = (url: string) =>
  url.startsWith(projectUrl) && !url.includes('/node_modules/') ? relative(root, fileURLToPath(url)) : undefined;
let session: Session | undefined;
const part: CoveragePart = { loaded: [], scenarios: {} };
const sourceMaps = new Map<string, SourceMap | undefined>();

/** The project scripts (not node_modules) of a coverage take, with the functions that ran at least once. */
async function take(): Promise<{ url: string; file: string; starts: number[] }[]> {
  const { result } = await session!.post('Profiler.takePreciseCoverage');
  return result.flatMap((script) => {
    const file = projectFile(script.url);
    if (!file || !recorded(file)) return [];
    return {
      url: script.url,
      file,
      // Offset 0 is the module's own body: it runs once, on import, not for a scenario.
      starts: script.functions.flatMap((fn) =>
        fn.ranges[0] && fn.ranges[0].count > 0 && fn.ranges[0].startOffset > 0 ? [fn.ranges[0].startOffset] : [],
      ),
    };
  });
}

/** A generated offset → the TypeScript [line, column] (1-based line), through the script's source map. */
function original(url: string, offset: number): [number, number] | undefined {
  if (!sourceMaps.has(url)) sourceMaps.set(url, findSourceMap(url));
  const map = sourceMaps.get(url);
  // lineLengths (of the generated code) is on Node's SourceMap since 20.5, not yet in @types/node 20.
  const lineLengths: unknown = map && Reflect.get(map, 'lineLengths');
  if (!map || !Array.isArray(lineLengths)) return undefined;
  let line = 0;
  let rest = offset;
  for (const length of lineLengths as number[]) {
    if (rest <= length) break;
    rest -= length + 1;
    line++;
  }
  const entry = map.findEntry(line, rest);
  return 'originalLine' in entry ? [entry.originalLine + 1, entry.originalColumn] : undefined;
}

/**
 * Whether this run records coverage. Then every scenario builds its own app (no shared app), so the functions
 * that build one count for each scenario, as a change to them can break each.
 */
export const recordsCoverage = (): boolean =>
  process.env.MARTBOOK_COVERAGE === '1' || Boolean(process.env[COVERAGE_PARTS_ENV]);

// Registered only when asked for: with coverage off, scenarios run no hook of it at all.
if (recordsCoverage()) {
  // Recording slows what it watches (V8 counts every call): steps get 20 s instead of Cucumber's 5.
  setDefaultTimeout(20_000);

  BeforeAll(async function () {
    // Read now, not on import: without workers, support code is loaded before the formatter sets it.
    if (!process.env[COVERAGE_PARTS_ENV]) return;
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
    // The first take lists every project script loaded so far (their module bodies ran for every scenario).
    const { result } = await session.post('Profiler.takePreciseCoverage');
    part.loaded = result.flatMap((script) => projectFile(script.url) ?? []).filter(recorded);
  });

  After(async function ({ pickle }) {
    if (!session) return;
    const id = `${pickle.uri}:${pickle.location?.line ?? 0}`;
    const positions: Positions = (part.scenarios[id] ??= {});
    for (const { url, file, starts } of await take()) {
      if (!part.loaded.includes(file)) part.loaded.push(file);
      const ran = (positions[file] ??= []);
      const seen = new Set(ran.map(([line, column]) => `${line}:${column}`));
      for (const start of starts) {
        const at = original(url, start);
        if (at && !seen.has(`${at[0]}:${at[1]}`)) {
          seen.add(`${at[0]}:${at[1]}`);
          ran.push(at);
        }
      }
    }
  });

  AfterAll(async function () {
    const partsDir = process.env[COVERAGE_PARTS_ENV];
    if (!session || !partsDir) return;
    await session.post('Profiler.stopPreciseCoverage');
    session.disconnect();
    mkdirSync(partsDir, { recursive: true });
    writeFileSync(
      join(partsDir, `worker-${process.env.CUCUMBER_WORKER_ID ?? '0'}-${process.pid}.json`),
      JSON.stringify(part),
    );
  });
}
