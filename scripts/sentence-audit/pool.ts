// The audit's workers: this process (its support code is loaded already) and `parallel - 1` child processes
// (worker.ts), each one Cucumber test run across all its batches. Scenarios are queued one by one, each with its
// own timeout, and handed out in small batches to whichever worker is free, so a mutant can wait for its
// scenario's unchanged run, and a change that survived can be tried in its next scenario, without a second run
// of start-ups.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { Job, Outcome } from './run.ts';

export interface Runner {
  run(jobs: Job[], timeoutMs: number): Promise<Outcome[]>;
  close(): Promise<void>;
  /** Batches it may hold at once (default 1): a worker queues the next while it runs one. */
  readonly depth?: number;
}

/** Scenarios per batch at most: a batch costs one Cucumber run's set-up (parsing, messages), a few ms. */
const MAX_BATCH = 20;

interface Pending {
  path: string;
  line: number;
  timeoutMs: number;
  variants: number[] | undefined;
  settle: (outcome: Outcome | undefined) => void;
  fail: (error: unknown) => void;
}

export class Pool {
  /** A runner once for each batch it can take now. */
  readonly #free: Runner[] = [];
  readonly #runners = new Set<Runner>();
  /** Handed out before the queue, in order: runs that other judgements wait on (`urgent`). */
  readonly #urgent: Pending[] = [];
  readonly #queue: Pending[] = [];
  #runs = 0;
  /** Batches all the runners can hold at once. */
  #slots = 0;
  #scheduled = false;

  constructor(runners: Runner[] = []) {
    for (const runner of runners) this.add(runner);
  }

  add(runner: Runner): void {
    const depth = runner.depth ?? 1;
    this.#runners.add(runner);
    this.#slots += depth;
    for (let i = 0; i < depth; i++) this.#free.push(runner);
    this.#schedule();
  }

  /**
   * The scenario's outcome, or undefined when the worker that ran it died; `variants` as in Job. A run queued
   * `urgent` (one that other judgements wait on) is handed out before every run queued without.
   */
  run(
    path: string,
    line: number,
    timeoutMs: number,
    { variants, urgent = false }: { variants?: number[]; urgent?: boolean } = {},
  ): Promise<Outcome | undefined> {
    this.#runs++;
    return new Promise((settle, fail) => {
      (urgent ? this.#urgent : this.#queue).push({ path, line, timeoutMs, variants, settle, fail });
      this.#schedule();
    });
  }

  /** Scenario runs asked for so far. */
  get runs(): number {
    return this.#runs;
  }

  /** Closes the runners that hold no batch (all of them once every scenario is judged). */
  async close(): Promise<void> {
    const free = this.#free.splice(0);
    const idle = [...this.#runners].filter((r) => free.filter((f) => f === r).length === (r.depth ?? 1));
    await Promise.all(idle.map((runner) => runner.close()));
  }

  /** Hands out work once the current wave of promises has queued all it will: batches, not single scenarios. */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      while (this.#free.length > 0 && this.#urgent.length + this.#queue.length > 0) this.#dispatch(this.#free.shift()!);
    });
  }

  #dispatch(runner: Runner): void {
    const queued = this.#urgent.length + this.#queue.length;
    const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil(queued / this.#slots)));
    const batch = this.#urgent.splice(0, size);
    batch.push(...this.#queue.splice(0, size - batch.length));
    const jobs = new Map<string, Job>();
    for (const { path, line, variants } of batch) {
      const job = jobs.get(path) ?? { path, lines: [] };
      job.lines.push(line);
      if (variants) job.variants = [...(job.variants ?? []), ...variants];
      jobs.set(path, job);
    }
    const timeoutMs = Math.max(...batch.map((p) => p.timeoutMs));
    runner.run([...jobs.values()], timeoutMs).then(
      (outcomes) => {
        const byKey = new Map(outcomes.map((o) => [`${o.path}:${o.line}`, o]));
        for (const p of batch) p.settle(byKey.get(`${resolve(p.path)}:${p.line}`));
        this.#free.push(runner);
        this.#schedule();
      },
      (error: unknown) => {
        if (error instanceof WorkerDied) {
          // Its scenarios are left unjudged (the audit says so); the other workers go on without it.
          this.#slots--;
          if (this.#runners.delete(runner)) {
            const others = this.#free.filter((r) => r !== runner);
            this.#slots -= this.#free.length - others.length;
            this.#free.splice(0, this.#free.length, ...others);
          }
          for (const p of batch) p.settle(undefined);
          if (this.#slots === 0)
            for (const p of [...this.#urgent.splice(0), ...this.#queue.splice(0)]) p.settle(undefined);
        } else {
          for (const p of batch) p.fail(error);
          this.#free.push(runner);
        }
        this.#schedule();
      },
    );
  }
}

class WorkerDied extends Error {}

/** A child process that loads the support code once and runs batches sent to it (worker.ts). */
export class ChildRunner implements Runner {
  /**
   * It holds its next batch while it runs one, so it never waits for this process to hear that a batch is done:
   * this process runs scenarios too and hears a worker only when they leave it free (a worker idled 15–20 % of a
   * run).
   */
  readonly depth = 2;
  readonly ready: Promise<void>;
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, { resolve: (o: Outcome[]) => void; reject: (e: unknown) => void }>();
  #next = 0;
  #dead = false;
  #started = false;
  #closing: Promise<void> | undefined;

  constructor(workerId: number, importPaths: string[] | undefined) {
    this.#child = fork(resolve(import.meta.dirname, 'worker.ts'), [JSON.stringify(importPaths ?? null)], {
      // TypeScript through tsx, as this process runs it (the npm scripts set it in NODE_OPTIONS, which is inherited).
      execArgv: process.env.NODE_OPTIONS?.includes('tsx') ? [] : ['--import', 'tsx'],
      env: { ...process.env, CUCUMBER_WORKER_ID: String(workerId) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.ready = new Promise((ready, failed) => {
      this.#child.once('message', (message: { type: string; error?: string }) => {
        this.#started = message.type === 'ready';
        if (this.#started) ready();
        else failed(new Error(message.error));
      });
      this.#child.once('exit', (code) => failed(new WorkerDied(`a worker exited before it was ready (${code})`)));
    });
    this.ready.catch(() => undefined); // a worker stopped while loading is no error; whoever waits for it still hears

    this.#child.on('message', (message: { type: string; id: number; outcomes?: Outcome[]; error?: string }) => {
      const waiting = this.#waiting.get(message.id);
      if (!waiting) return;
      this.#waiting.delete(message.id);
      if (message.type === 'done') waiting.resolve(message.outcomes!);
      else waiting.reject(new Error(message.error));
    });
    this.#child.on('exit', (code) => {
      this.#dead = true;
      for (const waiting of this.#waiting.values()) waiting.reject(new WorkerDied(`a worker exited (${code})`));
      this.#waiting.clear();
    });
  }

  run(jobs: Job[], timeoutMs: number): Promise<Outcome[]> {
    if (this.#dead) return Promise.reject(new WorkerDied('the worker has exited'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#child.send({ type: 'run', id, jobs, timeoutMs });
    });
  }

  /** Closes its test run (AfterAll hooks), or stops it still loading. */
  close(): Promise<void> {
    this.#closing ??= this.#dead
      ? Promise.resolve()
      : new Promise((done) => {
          this.#child.once('exit', () => done());
          if (this.#started) this.#child.send({ type: 'close' });
          else this.#child.kill();
        });
    return this.#closing;
  }
}
