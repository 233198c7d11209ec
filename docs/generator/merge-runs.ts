// Merges the messages of several runs of one suite (cucumber-js --shard i/n on several machines) into one run.
// Every shard emits every feature, pickle, step definition and hook under ids of its own, but runs only its
// share of the test cases. The first shard's ids are kept; the others' are mapped onto them, their duplicate
// definitions dropped, and their test cases, hooks and attachments rewritten to point at the kept ones. The
// merged run starts when the first shard started, finishes when the last one finished, and succeeds when all did.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  parseEnvelope,
  type Envelope,
  type GherkinDocument,
  type Pickle,
  type TestRunFinished,
  type TestRunStarted,
} from '@cucumber/messages';
import { addEnvelope, loadRun, type LoadedRun } from './load-run.ts';

interface Shard {
  path: string;
  envelopes: Envelope[];
  unreadableLines: number;
}

/** One LoadedRun from one or several messages files. Throws when two shards ran different versions of a feature. */
export function loadRuns(paths: readonly string[]): LoadedRun {
  if (paths.length === 1) return loadRun(paths[0] ?? '');
  const shards = paths.filter((path) => existsSync(path)).map(readShard);
  const empty = loadRun('');
  if (shards.length === 0) return empty;
  const run: LoadedRun = {
    ...empty,
    sources: shards.map((shard) => ({
      path: shard.path,
      runId: shard.envelopes.find((envelope) => envelope.testRunStarted)?.testRunStarted?.id,
    })),
    messagesFound: true,
    unreadableLines: shards.reduce((sum, shard) => sum + shard.unreadableLines, 0),
  };
  const merger = new Merger(shards);
  for (const envelope of merger.envelopes()) addEnvelope(run, envelope);
  return run;
}

function readShard(path: string): Shard {
  const shard: Shard = { path, envelopes: [], unreadableLines: 0 };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      shard.envelopes.push(parseEnvelope(line));
    } catch {
      shard.unreadableLines++;
    }
  }
  return shard;
}

class Merger {
  /** A later shard's id → the kept id (AST nodes, pickles, pickle steps, step definitions, hooks, run). */
  private readonly ids = new Map<string, string>();
  private readonly documents = new Map<string, GherkinDocument>();
  private readonly sources = new Map<string, string>();
  private readonly pickles = new Map<string, Pickle>();
  private readonly definitions = new Map<string, string>();
  private readonly seen = new Set<string>();
  private readonly runStarted: TestRunStarted;
  private readonly runFinished?: TestRunFinished;

  constructor(private readonly shards: readonly Shard[]) {
    const started = shards.flatMap((shard) => shard.envelopes.flatMap((envelope) => envelope.testRunStarted ?? []));
    const finished = shards.flatMap((shard) => shard.envelopes.flatMap((envelope) => envelope.testRunFinished ?? []));
    const first = [...started].sort((a, b) => seconds(a.timestamp) - seconds(b.timestamp))[0];
    const id = createHash('sha256')
      .update(
        started
          .map((run) => run.id ?? seconds(run.timestamp))
          .sort()
          .join(' '),
      )
      .digest('hex')
      .slice(0, 32);
    this.runStarted = { id, timestamp: first?.timestamp ?? { seconds: 0, nanos: 0 } };
    for (const run of started) if (run.id) this.ids.set(run.id, id);
    // Finished only when every shard finished.
    if (finished.length === shards.length && finished.length > 0) {
      const last = [...finished].sort((a, b) => seconds(b.timestamp) - seconds(a.timestamp))[0];
      this.runFinished = {
        testRunStartedId: id,
        timestamp: last?.timestamp ?? { seconds: 0, nanos: 0 },
        success: finished.every((run) => run.success),
        message: finished.flatMap((run) => run.message ?? []).join('\n') || undefined,
        exception: finished.find((run) => run.exception)?.exception,
      };
    }
  }

  *envelopes(): Generator<Envelope> {
    let startedSent = false;
    for (const shard of this.shards) {
      for (const envelope of shard.envelopes) {
        if (envelope.testRunStarted) {
          if (!startedSent) yield { testRunStarted: this.runStarted };
          startedSent = true;
          continue;
        }
        if (envelope.testRunFinished) continue;
        const kept = this.keep(envelope, shard.path);
        if (kept) yield kept;
      }
    }
    if (this.runFinished) yield { testRunFinished: this.runFinished };
  }

  private map(id: string): string {
    return this.ids.get(id) ?? id;
  }

  /** The envelope with ids mapped onto the kept ones, or undefined for a duplicate of something already kept. */
  private keep(envelope: Envelope, path: string): Envelope | undefined {
    if (envelope.meta) return this.once('meta', envelope);
    if (envelope.source) {
      const known = this.sources.get(envelope.source.uri);
      if (known !== undefined && known !== envelope.source.data) {
        throw new Error(
          `The shards ran different versions of ${envelope.source.uri} (${path} differs): merge runs of one commit only`,
        );
      }
      this.sources.set(envelope.source.uri, envelope.source.data);
      return known === undefined ? envelope : undefined;
    }
    if (envelope.gherkinDocument) {
      const uri = envelope.gherkinDocument.uri ?? '';
      const known = this.documents.get(uri);
      if (!known) {
        this.documents.set(uri, envelope.gherkinDocument);
        return envelope;
      }
      mapIds(envelope.gherkinDocument, known, this.ids, uri);
      return undefined;
    }
    if (envelope.parseError)
      return this.once(`parseError ${envelope.parseError.source.uri} ${envelope.parseError.message}`, envelope);
    if (envelope.pickle) return this.keepPickle(envelope.pickle);
    if (envelope.stepDefinition) {
      const { sourceReference, pattern } = envelope.stepDefinition;
      return this.keepDefinition(
        envelope.stepDefinition.id,
        `step ${sourceReference.uri}:${sourceReference.location?.line} ${pattern.source}`,
        envelope,
      );
    }
    if (envelope.hook) {
      const { sourceReference, type, name, tagExpression } = envelope.hook;
      return this.keepDefinition(
        envelope.hook.id,
        `hook ${sourceReference.uri}:${sourceReference.location?.line} ${type} ${name} ${tagExpression}`,
        envelope,
      );
    }
    if (envelope.parameterType)
      return this.keepDefinition(envelope.parameterType.id, `parameter ${envelope.parameterType.name}`, envelope);
    if (envelope.undefinedParameterType)
      return this.once(`undefined parameter ${envelope.undefinedParameterType.name}`, envelope);
    if (envelope.suggestion) {
      const suggestion = { ...envelope.suggestion, pickleStepId: this.map(envelope.suggestion.pickleStepId) };
      return this.once(`suggestion ${suggestion.pickleStepId}`, { suggestion });
    }
    if (envelope.testCase) {
      const testCase = envelope.testCase;
      return {
        testCase: {
          ...testCase,
          pickleId: this.map(testCase.pickleId),
          testRunStartedId: testCase.testRunStartedId && this.map(testCase.testRunStartedId),
          testSteps: testCase.testSteps.map((step) => ({
            ...step,
            hookId: step.hookId && this.map(step.hookId),
            pickleStepId: step.pickleStepId && this.map(step.pickleStepId),
            stepDefinitionIds: step.stepDefinitionIds?.map((id) => this.map(id)),
          })),
        },
      };
    }
    if (envelope.testRunHookStarted) {
      const started = envelope.testRunHookStarted;
      return {
        testRunHookStarted: {
          ...started,
          hookId: this.map(started.hookId),
          testRunStartedId: this.map(started.testRunStartedId),
        },
      };
    }
    return envelope;
  }

  private keepPickle(pickle: Pickle): Envelope | undefined {
    const astNodeIds = pickle.astNodeIds.map((id) => this.map(id));
    const key = `${pickle.uri} ${astNodeIds.join(' ')}`;
    const known = this.pickles.get(key);
    if (!known) {
      const kept = {
        ...pickle,
        astNodeIds,
        steps: pickle.steps.map((step) => ({ ...step, astNodeIds: step.astNodeIds.map((id) => this.map(id)) })),
      };
      this.pickles.set(key, kept);
      return { pickle: kept };
    }
    this.ids.set(pickle.id, known.id);
    pickle.steps.forEach((step, index) => {
      const keptStep = known.steps[index];
      if (keptStep) this.ids.set(step.id, keptStep.id);
    });
    return undefined;
  }

  private keepDefinition(id: string, identity: string, envelope: Envelope): Envelope | undefined {
    const known = this.definitions.get(identity);
    if (known === undefined) {
      this.definitions.set(identity, id);
      return envelope;
    }
    this.ids.set(id, known);
    return undefined;
  }

  private once(identity: string, envelope: Envelope): Envelope | undefined {
    if (this.seen.has(identity)) return undefined;
    this.seen.add(identity);
    return envelope;
  }
}

/** Maps the ids of `other` onto those of `kept`, walking both trees (the same source parsed twice) in step. */
function mapIds(other: unknown, kept: unknown, ids: Map<string, string>, uri: string): void {
  if (Array.isArray(other) && Array.isArray(kept)) {
    if (other.length !== kept.length) throw new Error(`The shards parsed ${uri} differently`);
    other.forEach((item, index) => mapIds(item, kept[index], ids, uri));
    return;
  }
  if (other && kept && typeof other === 'object' && typeof kept === 'object') {
    for (const [name, value] of Object.entries(other)) {
      const keptValue = (kept as Record<string, unknown>)[name];
      if (name === 'id' && typeof value === 'string' && typeof keptValue === 'string') ids.set(value, keptValue);
      else mapIds(value, keptValue, ids, uri);
    }
  }
}

function seconds(timestamp: { seconds: number; nanos: number }): number {
  return timestamp.seconds + timestamp.nanos / 1e9;
}
