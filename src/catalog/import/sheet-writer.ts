import ExcelJS from 'exceljs';
import type { Product } from '../catalog.types.ts';
import { SHEET_COLUMNS, templateHeader } from './sheet-columns.ts';

const GUIDE = [
  ['상품코드 (SKU)', 'Your own product code, unique in the mart. Rows are matched to existing products by it.'],
  ['상품명 (Name)', 'The name customers see. Up to 200 characters.'],
  ['가격 (Price)', 'A positive whole number of won, e.g. 2900 or 2,900.'],
  ['재고 (Stock)', 'A whole number, 0 or more.'],
  ['카테고리 (Category)', 'Optional. Up to 100 characters.'],
  ['판매여부 (On sale)', 'yes or no (예/아니오, Y/N, O/X).'],
];

/** The product sheet: headers in Korean with English, one row per product, every value stored as data. */
async function productWorkbook(products: readonly Product[], withGuide: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('상품 (Products)');
  sheet.columns = SHEET_COLUMNS.map((column) => ({
    header: templateHeader(column),
    key: column.key,
    width: column.key === 'name' ? 40 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const p of products) {
    // Strings are written as shared strings, never as formulas: a name such as "=HYPERLINK(…)" stays text.
    sheet.addRow({
      sku: p.sku,
      name: p.name,
      price: p.priceKrw,
      stock: p.stock,
      category: p.category ?? '',
      onSale: p.onSale ? 'yes' : 'no',
    });
  }
  if (withGuide) {
    const guide = workbook.addWorksheet('설명 (Guide)');
    guide.addRows([['Column', 'What to write'], ...GUIDE]);
    guide.getColumn(1).width = 22;
    guide.getColumn(2).width = 80;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const templateWorkbook = () => productWorkbook([], true);
export const exportWorkbook = (products: readonly Product[]) => productWorkbook(products, false);
