import { createHash } from 'node:crypto';
import { bulkhead, isBulkheadRejectedError, type BulkheadPolicy } from 'cockatiel';
import type { Database } from '../../platform/database.ts';
import { conflict, DomainError, unprocessable } from '../../platform/errors.ts';
import type { CatalogService } from '../catalog.service.ts';
import type { MartId } from '../catalog.types.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import { classify, ValidatedSheet, type ClassifiedRow, type RowClass } from './classify.ts';
import { importStore } from './import.store.ts';
import type { PreviewTokens } from './preview-token.ts';
import { readProductSheet } from './sheet-reader.ts';
import type { RowError, SheetProduct } from './sheet-rows.ts';
import { exportWorkbook, templateWorkbook } from './sheet-writer.ts';

export interface ImportPreview {
  token: string;
  fileSha256: string;
  counts: Record<RowClass, number>;
  /** The first rows of each class, as the sheet states them. */
  samples: Record<Exclude<RowClass, 'invalid'>, (SheetProduct & { row: number })[]> & { invalid: { row: number }[] };
  errors: RowError[];
}

/** An upload to commit: the sheet, the token of its preview, and whether its invalid rows are to be skipped. */
export interface SheetToCommit {
  file: Buffer;
  token: string;
  skipInvalid: boolean;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  skippedInvalid: number;
}

/** Bulk product import: preview (writes nothing), then an all-or-nothing, set-based commit. */
export class ProductImportService {
  readonly #reads: BulkheadPolicy;

  constructor(
    private readonly db: Database,
    private readonly catalog: CatalogService,
    private readonly tokens: PreviewTokens,
    private readonly limits: ImportPolicyConfig,
  ) {
    this.#reads = bulkhead(limits.concurrentReads, limits.readQueue);
  }

  /** `receive` reads the upload: it is called once a reading slot is free, so waiting uploads stay unread. */
  async preview(martId: MartId, receive: () => Promise<Buffer>): Promise<ImportPreview> {
    const { file, sheet } = await this.#inReadingSlot(async () => {
      const file = await receive();
      return { file, sheet: await this.#validated(file) };
    });
    const { digest: fingerprint, products } = await importStore.catalog(this.db, martId);
    const classification = classify(sheet, products, this.limits.sampleRows);
    const fileSha256 = sha256(file);
    const token = this.tokens.issue({
      mart: martId,
      fileSha256,
      catalogFingerprint: fingerprint,
      counts: classification.counts,
    });
    return {
      token,
      fileSha256,
      counts: classification.counts,
      samples: this.#samples(classification.rows),
      errors: classification.errors,
    };
  }

  /** As {@link preview}, `receive` reads the upload (the sheet, its preview token, whether to skip invalid rows). */
  async commit(martId: MartId, receive: () => Promise<SheetToCommit>): Promise<ImportResult> {
    // Read, validated and classified before the transaction (on a single-connection database everyone waits
    // for it), against the very products the preview saw; the transaction checks they are still those.
    const { promised, sheet } = await this.#inReadingSlot(async () => {
      const upload = await receive();
      const promised = this.#promiseOf(martId, upload);
      return { promised, sheet: await this.#validated(upload.file) };
    });
    const stale = () =>
      conflict('IMPORT_PREVIEW_STALE', "The mart's products changed since this preview; preview the sheet again.");
    const { digest, products } = await importStore.catalog(this.db, martId);
    if (digest !== promised.catalogFingerprint) throw stale();
    const classification = classify(sheet, products, 0);
    return this.db.transaction(
      async (tx) => {
        await importStore.lockMart(tx, martId);
        if ((await importStore.fingerprint(tx, martId)) !== promised.catalogFingerprint) throw stale();
        const of = (c: RowClass) => classification.rows.filter((r) => r.class === c).map((r) => r.product!);
        await importStore.updateChanged(tx, martId, of('changed'));
        await importStore.insertNew(tx, martId, of('new'));
        const { counts } = classification;
        return {
          inserted: counts.new,
          updated: counts.changed,
          unchanged: counts.unchanged,
          skippedInvalid: counts.invalid,
        };
      },
      { statementTimeoutMs: this.limits.commitStatementTimeoutMs },
    );
  }

  template(): Promise<Buffer> {
    return templateWorkbook();
  }

  async export(martId: MartId): Promise<Buffer> {
    return exportWorkbook(await this.catalog.listProducts(martId));
  }

  /** What the preview token promised for this upload, if it is the sheet previewed for this mart, committable as asked. */
  #promiseOf(martId: MartId, { file, token, skipInvalid }: SheetToCommit) {
    const promised = this.tokens.verify(token);
    if (promised.mart !== martId) throw conflict('IMPORT_TOKEN_OTHER_MART', 'This preview was made for another mart.');
    if (promised.fileSha256 !== sha256(file)) {
      throw conflict('IMPORT_FILE_CHANGED', 'This is not the file that was previewed; preview it again.');
    }
    if (promised.counts.invalid > 0 && !skipInvalid) {
      throw unprocessable(
        'IMPORT_HAS_INVALID_ROWS',
        `${promised.counts.invalid} rows are invalid: fix them, or choose to skip them.`,
      );
    }
    return promised;
  }

  async #validated(file: Buffer): Promise<ValidatedSheet> {
    const sheet = new ValidatedSheet();
    await readProductSheet(file, this.limits, sheet);
    return sheet;
  }

  /**
   * Runs `read` (receiving an upload and reading its sheet) in one of the instance's reading slots: memory is
   * bounded by that many uploads and sheets at once. Past the waiting line, refused at once, its upload unread.
   */
  async #inReadingSlot<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await this.#reads.execute(read);
    } catch (error) {
      if (isBulkheadRejectedError(error)) {
        throw new DomainError(
          429,
          'IMPORT_BUSY',
          `${this.limits.readQueue} product sheets are already waiting to be read (IMPORT_READ_QUEUE); try again in a minute.`,
        );
      }
      throw error;
    }
  }

  #samples(rows: ClassifiedRow[]): ImportPreview['samples'] {
    const take = (c: Exclude<RowClass, 'invalid'>) =>
      rows
        .filter((r) => r.class === c)
        .slice(0, this.limits.sampleRows)
        .map((r) => ({ row: r.row, ...r.product! }));
    return {
      new: take('new'),
      changed: take('changed'),
      unchanged: take('unchanged'),
      invalid: rows
        .filter((r) => r.class === 'invalid')
        .slice(0, this.limits.sampleRows)
        .map((r) => ({ row: r.row })),
    };
  }
}

const sha256 = (file: Buffer) => createHash('sha256').update(file).digest('hex');
