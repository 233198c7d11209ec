import { Writable } from 'node:stream';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A pino destination that keeps a scenario's log lines, so steps can assert on what was logged. */
export class LogCapture extends Writable {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      this.raw.push(line);
      this.lines.push(JSON.parse(line) as LogLine);
    }
    done();
  }

  text(): string {
    return this.raw.join('\n');
  }
}
