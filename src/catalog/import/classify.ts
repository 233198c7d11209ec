import type { Product } from '../catalog.types.ts';
import type { RowCells, RowError, SheetProduct } from './sheet-rows.ts';
import { validateRow } from './sheet-rows.ts';

export type RowClass = 'new' | 'changed' | 'unchanged' | 'invalid';

export interface ClassifiedRow {
  row: number;
  class: RowClass;
  product?: SheetProduct;
}

export interface Classification {
  /** Every new and changed row (what a commit writes), plus the first `keepUnchanged` unchanged and invalid ones. */
  rows: ClassifiedRow[];
  errors: RowError[];
  counts: Record<RowClass, number>;
}

/**
 * Sorts the rows of a sheet, as they stream in, against the mart's current products by SKU: new, changed,
 * unchanged or invalid. Keeps only what a commit or a preview needs, so a 100,000-row sheet stays small.
 */
export class SheetClassifier {
  readonly #errors: RowError[] = [];
  readonly #rows: ClassifiedRow[] = [];
  readonly #counts = { new: 0, changed: 0, unchanged: 0, invalid: 0 };
  readonly #firstRowOfSku = new Map<string, number>();
  readonly #unreadable = new Set<number>();

  constructor(
    private readonly current: ReadonlyMap<string, Product>,
    private readonly keepUnchanged: number,
  ) {}

  /** A cell of `error.row` could not be read (a formula with no saved value): that row is invalid. */
  unreadable(error: RowError): void {
    this.#errors.push(error);
    this.#unreadable.add(error.row);
  }

  accept(row: number, cells: RowCells): void {
    const result = validateRow(row, cells);
    if ('errors' in result) {
      this.#errors.push(...result.errors);
      return this.#keep({ row, class: 'invalid' });
    }
    const { product } = result;
    const first = this.#firstRowOfSku.get(product.sku);
    if (first !== undefined) {
      this.#errors.push({ row, column: '상품코드 (SKU)', message: `${product.sku} is already on row ${first}; a SKU appears once per sheet` });
      return this.#keep({ row, class: 'invalid' });
    }
    this.#firstRowOfSku.set(product.sku, row);
    if (this.#unreadable.has(row)) return this.#keep({ row, class: 'invalid' });
    const existing = this.current.get(product.sku);
    this.#keep({ row, class: !existing ? 'new' : sameProduct(existing, product) ? 'unchanged' : 'changed', product });
  }

  finish(): Classification {
    return { rows: this.#rows, errors: this.#errors.sort((a, b) => a.row - b.row), counts: { ...this.#counts } };
  }

  #keep(classified: ClassifiedRow): void {
    const seen = this.#counts[classified.class]++;
    const needed = classified.class === 'new' || classified.class === 'changed' || seen < this.keepUnchanged;
    if (needed) this.#rows.push(classified);
  }
}

function sameProduct(existing: Product, row: SheetProduct): boolean {
  return (
    existing.name === row.name &&
    existing.priceKrw === row.priceKrw &&
    existing.stock === row.stock &&
    (existing.category ?? null) === row.category &&
    existing.onSale === row.onSale
  );
}
