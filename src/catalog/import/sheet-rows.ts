import { parseOnSale, SHEET_COLUMNS, type ColumnKey } from './sheet-columns.ts';

/** A product as a sheet row states it, once validated. */
export interface SheetProduct {
  sku: string;
  name: string;
  priceKrw: number;
  stock: number;
  category: string | null;
  onSale: boolean;
}

export interface RowError {
  /** The sheet's own row number (the header is row 1 in most sheets). */
  row: number;
  column: string;
  message: string;
}

export type RowCells = Partial<Record<ColumnKey, string>>;

const LIMITS = { sku: 64, name: 200, category: 100 } as const;
/** Prices and stock are `integer` columns (migration 0001_catalog): nothing above this fits. */
const DATABASE_INTEGER_MAX = 2_147_483_647;
const MAX_TEXT = DATABASE_INTEGER_MAX.toLocaleString('en-US');

/** Validates one row's cells; returns the product or the row's errors (one per bad cell). */
export function validateRow(row: number, cells: RowCells): { product: SheetProduct } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (key: ColumnKey, message: string) => {
    const column = SHEET_COLUMNS.find((c) => c.key === key)!;
    errors.push({ row, column: `${column.korean} (${column.english})`, message });
  };
  const text = (key: ColumnKey) => (cells[key] ?? '').trim();

  for (const column of SHEET_COLUMNS) if (column.required && text(column.key) === '') fail(column.key, 'is required');
  for (const key of ['sku', 'name', 'category'] as const) {
    if (text(key).length > LIMITS[key]) fail(key, `is longer than ${LIMITS[key]} characters`);
  }
  const priceKrw = wholeNumber(text('price'));
  if (text('price') && !(priceKrw !== undefined && priceKrw > 0))
    fail('price', `must be a positive whole number of won, not "${text('price')}"`);
  else if (priceKrw !== undefined && priceKrw > DATABASE_INTEGER_MAX)
    fail('price', `must be at most ${MAX_TEXT} won, not "${text('price')}"`);
  const stock = wholeNumber(text('stock'));
  if (text('stock') && !(stock !== undefined && stock >= 0))
    fail('stock', `must be a whole number of 0 or more, not "${text('stock')}"`);
  else if (stock !== undefined && stock > DATABASE_INTEGER_MAX)
    fail('stock', `must be at most ${MAX_TEXT}, not "${text('stock')}"`);
  const onSale = parseOnSale(text('onSale'));
  if (text('onSale') && onSale === undefined) fail('onSale', `must be yes or no (예/아니오), not "${text('onSale')}"`);

  if (errors.length > 0) return { errors };
  return {
    product: {
      sku: text('sku'),
      name: text('name'),
      priceKrw: priceKrw!,
      stock: stock!,
      category: text('category') || null,
      onSale: onSale!,
    },
  };
}

/** `2900`, `2,900` and `2900.0` are whole numbers (of any size: ranges are checked by the caller); `2900.5`, `12abc` and `1e3` are not. */
function wholeNumber(text: string): number | undefined {
  const plain = text.replaceAll(',', '');
  if (!/^-?\d+(\.0+)?$/.test(plain)) return undefined;
  return Number(plain);
}
