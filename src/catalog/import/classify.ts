import type { CatalogEntry } from './import.store.ts';
import type { SheetSink } from './sheet-reader.ts';
import type { RowCells, RowError, SheetProduct } from './sheet-rows.ts';
import { validateRow } from './sheet-rows.ts';

export type RowClass = 'new' | 'changed' | 'unchanged' | 'invalid';

export interface ClassifiedRow {
  row: number;
  class: RowClass;
  product?: SheetProduct;
}

export interface Classification {
  /** Every new and changed row (what a commit writes), plus the first `keep` unchanged and invalid ones. */
  rows: ClassifiedRow[];
  errors: RowError[];
  counts: Record<RowClass, number>;
}

/**
 * A sheet's rows as they stream in, validated on their own, before the mart's products are looked at: the
 * valid products in sheet order, and the invalid rows (a bad cell, an unreadable formula, a SKU seen before).
 */
export class ValidatedSheet implements SheetSink {
  readonly products: { row: number; product: SheetProduct }[] = [];
  readonly invalidRows: number[] = [];
  readonly #errors: RowError[] = [];
  readonly #firstRowOfSku = new Map<string, number>();
  readonly #unreadable = new Set<number>();

  /** A cell of `error.row` could not be read (a formula with no saved value): that row is invalid. */
  unreadable(error: RowError): void {
    this.#errors.push(error);
    this.#unreadable.add(error.row);
  }

  accept(row: number, cells: RowCells): void {
    const result = validateRow(row, cells);
    if ('errors' in result) {
      this.#errors.push(...result.errors);
      return void this.invalidRows.push(row);
    }
    const { product } = result;
    const first = this.#firstRowOfSku.get(product.sku);
    if (first !== undefined) {
      this.#errors.push({
        row,
        column: '상품코드 (SKU)',
        message: `${product.sku} is already on row ${first}; a SKU appears once per sheet`,
      });
      return void this.invalidRows.push(row);
    }
    this.#firstRowOfSku.set(product.sku, row);
    if (this.#unreadable.has(row)) return void this.invalidRows.push(row);
    this.products.push({ row, product });
  }

  get errors(): RowError[] {
    return this.#errors.sort((a, b) => a.row - b.row);
  }
}

/**
 * Sorts a validated sheet's products against the mart's current products by SKU: new, changed or unchanged.
 * Keeps every row a commit writes and the first `keep` of the others, for the preview's samples.
 */
export function classify(
  sheet: ValidatedSheet,
  current: ReadonlyMap<string, CatalogEntry>,
  keep: number,
): Classification {
  const counts = { new: 0, changed: 0, unchanged: 0, invalid: sheet.invalidRows.length };
  const rows: ClassifiedRow[] = [];
  for (const { row, product } of sheet.products) {
    const existing = current.get(product.sku);
    const rowClass = !existing ? 'new' : sameProduct(existing, product) ? 'unchanged' : 'changed';
    if (rowClass !== 'unchanged' || counts.unchanged < keep) rows.push({ row, class: rowClass, product });
    counts[rowClass]++;
  }
  for (const row of sheet.invalidRows.slice(0, keep)) rows.push({ row, class: 'invalid' });
  return { rows, errors: sheet.errors, counts };
}

function sameProduct(existing: CatalogEntry, row: SheetProduct): boolean {
  return (
    existing.name === row.name &&
    existing.priceKrw === row.priceKrw &&
    existing.stock === row.stock &&
    (existing.category ?? null) === row.category &&
    existing.onSale === row.onSale
  );
}
