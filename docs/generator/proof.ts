// The sentence audit's report (`reports/sentences.json`, written by `npm run test:sentences`) as the site reads it:
// per feature, how many one-word changes were tried and what became of them, the declarations with their reasons,
// and any survivor. Absent report, no proof section; a feature whose text changed since the audit says so.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProofTotals {
  mutants: number;
  killed: number;
  survived: number;
  declared: number;
  notJudged: number;
}

export interface ProofMutant {
  sentence: { text: string; line: number };
  scenario: { name: string; line: number };
  where: string;
  argument: string;
  line: number;
  original: string;
  replacement: string;
  operator: string;
  verdict: 'killed' | 'survived' | 'declared' | 'not judged';
  /** The other choices of a closed set that passed as well (a survivor stands on none of them). */
  tried?: string[];
  threshold?: { bound: string; declaredAt: number | null } | null;
}

export interface ProofDeclaration {
  /** Version 1 reports knew only irrelevance. */
  kind?: 'irrelevant' | 'at least' | 'at most';
  line: number;
  values: string[];
  reason: string;
  mutants: number;
  problem: string | null;
}

export interface FeatureProof {
  uri: string;
  sha256?: string;
  domain: string;
  name: string;
  totals: ProofTotals;
  declarations: ProofDeclaration[];
  brokenScenarios: { name: string; line: number; failure?: string | null }[];
  /** Scenarios skipped with no change in the audit's run (a real-backend-only example without one): not audited. */
  skippedScenarios?: { name: string; line: number; tags: string[]; mutants: number }[];
  mutants: ProofMutant[];
}

export interface SentenceReport {
  version: number;
  generatedAt: string;
  scope: { paths: string[]; changedSince?: string | null };
  totals: ProofTotals;
  features: FeatureProof[];
}

export interface FeatureVerdict {
  proof: FeatureProof;
  /** The feature's text differs from the one audited. */
  changedSince: boolean;
}

export class Proof {
  readonly #byUri: Map<string, FeatureProof>;

  constructor(
    readonly report: SentenceReport,
    private readonly root: string,
  ) {
    this.#byUri = new Map(report.features.map((feature) => [feature.uri, feature]));
  }

  /** The audit's verdict on a feature, or undefined when the audit did not cover it. */
  of(uri: string): FeatureVerdict | undefined {
    const proof = this.#byUri.get(uri);
    if (!proof) return undefined;
    const path = join(this.root, uri);
    const current = existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : undefined;
    return { proof, changedSince: proof.sha256 !== undefined && current !== proof.sha256 };
  }

  /** Totals per domain folder (`cart`), over the features the audit covered. */
  domains(): Map<string, ProofTotals> {
    const out = new Map<string, ProofTotals>();
    for (const feature of this.report.features) {
      const sum = out.get(feature.domain) ?? { mutants: 0, killed: 0, survived: 0, declared: 0, notJudged: 0 };
      for (const key of Object.keys(sum) as (keyof ProofTotals)[]) sum[key] += feature.totals[key];
      out.set(feature.domain, sum);
    }
    return out;
  }
}

/** The report at `path`, or undefined when there is none; a file that is not a sentence report is an error. */
export function loadProof(path: string, root: string): Proof | undefined {
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, 'utf8')) as Partial<SentenceReport>;
  if (typeof report.version !== 'number' || !Array.isArray(report.features) || !report.totals)
    throw new Error(`${path} is not a sentence audit report (npm run test:sentences writes one)`);
  return new Proof(report as SentenceReport, root);
}
