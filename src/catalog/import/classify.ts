import type { Product } from '../catalog.types.ts';
import type { ReadSheet } from './sheet-reader.ts';
import { validateRow, type RowError, type SheetProduct } from './sheet-rows.ts';

export type RowClass = 'new' | 'changed' | 'unchanged' | 'invalid';

export interface ClassifiedRow {
  row: number;
  class: RowClass;
  product?: SheetProduct;
}

export interface Classification {
  rows: ClassifiedRow[];
  errors: RowError[];
  counts: Record<RowClass, number>;
}

/** Sorts every row of a sheet against the mart's current products by SKU: new, changed, unchanged or invalid. */
export function classify(sheet: ReadSheet, current: ReadonlyMap<string, Product>): Classification {
  const errors: RowError[] = [...sheet.cellErrors];
  const unreadable = new Set(sheet.cellErrors.map((e) => e.row));
  const firstRowOfSku = new Map<string, number>();
  const rows = sheet.rows.map(({ row, cells }): ClassifiedRow => {
    const result = validateRow(row, cells);
    if ('errors' in result) {
      errors.push(...result.errors);
      return { row, class: 'invalid' };
    }
    const first = firstRowOfSku.get(result.product.sku);
    if (first !== undefined) {
      errors.push({ row, column: '상품코드 (SKU)', message: `${result.product.sku} is already on row ${first}; a SKU appears once per sheet` });
      return { row, class: 'invalid' };
    }
    firstRowOfSku.set(result.product.sku, row);
    if (unreadable.has(row)) return { row, class: 'invalid' };
    const existing = current.get(result.product.sku);
    const rowClass = !existing ? 'new' : sameProduct(existing, result.product) ? 'unchanged' : 'changed';
    return { row, class: rowClass, product: result.product };
  });
  const counts = { new: 0, changed: 0, unchanged: 0, invalid: 0 };
  for (const r of rows) counts[r.class]++;
  errors.sort((a, b) => a.row - b.row);
  return { rows, errors, counts };
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
