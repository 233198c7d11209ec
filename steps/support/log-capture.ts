import { Writable } from 'node:stream';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A pino destination that keeps a scenario's log lines, so steps can assert on what was logged. */
export class LogCapture extends Writable {
  readonly raw: string[] = [];
  readonly #parsed: LogLine[] = [];

  /** The lines, parsed when a step first reads them (most scenarios never do). */
  get lines(): readonly LogLine[] {
    for (const line of this.raw.slice(this.#parsed.length)) this.#parsed.push(JSON.parse(line) as LogLine);
    return this.#parsed;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.raw.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }

  text(): string {
    return this.raw.join('\n');
  }
}
