import { MINUTE, SECOND } from '../../platform/clock.ts';
import { positiveInt, type EnvOf } from '../../platform/env.ts';

export const importEnv = {
  IMPORT_MAX_FILE_BYTES: positiveInt.default(20 * 1024 * 1024),
  IMPORT_MAX_UNPACKED_BYTES: positiveInt.default(200 * 1024 * 1024),
  IMPORT_MAX_ROWS: positiveInt.default(100_000),
  IMPORT_MAX_CELL_CHARS: positiveInt.default(10_000),
  IMPORT_SAMPLE_ROWS: positiveInt.default(20),
  IMPORT_PREVIEW_TTL_MINUTES: positiveInt.default(30),
  IMPORT_CONCURRENT_READS: positiveInt.default(2),
  IMPORT_READ_QUEUE: positiveInt.default(100),
  IMPORT_COMMIT_STATEMENT_TIMEOUT_SECONDS: positiveInt.default(120),
};

export interface ImportPolicyConfig {
  /** Largest upload accepted, in bytes. */
  maxFileBytes: number;
  /** Most bytes a sheet may unpack to (zip bombs stop here). */
  maxUnpackedBytes: number;
  /** Most product rows in one sheet. */
  maxRows: number;
  /** Longest cell text; a longer one refuses the file. */
  maxCellChars: number;
  /** Rows of each class shown in a preview. */
  sampleRows: number;
  /** How long a preview stays valid for commit. */
  previewTtlMs: number;
  /**
   * Sheets read at once by one instance; the others wait their turn. Memory is bounded per sheet by the limits
   * above, and per instance by this many sheets.
   */
  concurrentReads: number;
  /** Sheets that may wait their turn; one more is refused (429 IMPORT_BUSY). */
  readQueue: number;
  /**
   * How long one statement of a commit's transaction may take: a large sheet's writes (and the wait for the mart's
   * lock) need longer than an ordinary request's bound (`DATABASE_STATEMENT_TIMEOUT_MS`).
   */
  commitStatementTimeoutMs: number;
}

export const importConfig = (e: EnvOf<typeof importEnv>): ImportPolicyConfig => ({
  maxFileBytes: e.IMPORT_MAX_FILE_BYTES,
  maxUnpackedBytes: e.IMPORT_MAX_UNPACKED_BYTES,
  maxRows: e.IMPORT_MAX_ROWS,
  maxCellChars: e.IMPORT_MAX_CELL_CHARS,
  sampleRows: e.IMPORT_SAMPLE_ROWS,
  previewTtlMs: e.IMPORT_PREVIEW_TTL_MINUTES * MINUTE,
  concurrentReads: e.IMPORT_CONCURRENT_READS,
  readQueue: e.IMPORT_READ_QUEUE,
  commitStatementTimeoutMs: e.IMPORT_COMMIT_STATEMENT_TIMEOUT_SECONDS * SECOND,
});
