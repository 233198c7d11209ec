/** The columns of a product sheet, with the header names accepted for each (Korean and English). */
export const SHEET_COLUMNS = [
  { key: 'sku', korean: '상품코드', english: 'SKU', required: true },
  { key: 'name', korean: '상품명', english: 'Name', required: true },
  { key: 'price', korean: '가격', english: 'Price', required: true },
  { key: 'stock', korean: '재고', english: 'Stock', required: true },
  { key: 'category', korean: '카테고리', english: 'Category', required: false },
  { key: 'onSale', korean: '판매여부', english: 'On sale', required: true },
] as const;

export type ColumnKey = (typeof SHEET_COLUMNS)[number]['key'];

/** The header the template writes: `상품코드 (SKU)`. Either half alone is accepted too. */
export const templateHeader = (column: (typeof SHEET_COLUMNS)[number]) => `${column.korean} (${column.english})`;

const normalise = (text: string) =>
  text
    .replace(/\(.*\)/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const ALIASES = new Map<string, ColumnKey>(
  SHEET_COLUMNS.flatMap((c) => [
    [normalise(c.korean), c.key],
    [normalise(c.english), c.key],
    [normalise(c.english).replace(' ', ''), c.key],
  ]),
);

/** Which column a header cell names, if any: `상품코드`, `SKU`, `상품코드 (SKU)` and `sku` all name the SKU. */
export function columnForHeader(header: string): ColumnKey | undefined {
  const exact = ALIASES.get(normalise(header));
  if (exact) return exact;
  const inParentheses = /\((.*)\)/.exec(header)?.[1];
  return inParentheses ? ALIASES.get(normalise(inParentheses)) : undefined;
}

const YES = new Set(['yes', 'y', 'true', '1', 'o', '예', '판매', '판매중']);
const NO = new Set(['no', 'n', 'false', '0', 'x', '아니오', '미판매', '판매중지']);

/** On-sale cells: yes/no in English or Korean (예/아니오, 판매/미판매), Y/N, O/X, 1/0, TRUE/FALSE. */
export function parseOnSale(text: string): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (YES.has(value)) return true;
  if (NO.has(value)) return false;
  return undefined;
}
