import type { Queryable } from '../../platform/database.ts';
import type { MartId } from '../catalog.types.ts';
import type { SheetProduct } from './sheet-rows.ts';

const columnsOf = (products: readonly SheetProduct[]) => [
  products.map((p) => p.sku),
  products.map((p) => p.name),
  products.map((p) => p.priceKrw),
  products.map((p) => p.stock),
  products.map((p) => p.category),
  products.map((p) => p.onSale),
];

const UNNEST = `unnest($2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::bool[]) AS r(sku, name, price_krw, stock, category, on_sale)`;

/** A digest of every product of a mart (`p`): any change to any of them changes it. */
const DIGEST = `md5(coalesce(string_agg(concat_ws('|', sku, name, price_krw, stock, category, on_sale), E'\\n' ORDER BY sku), ''))`;

/** What a sheet's rows are compared with: a product as the mart sells it today. */
export type CatalogEntry = Pick<SheetProduct, 'name' | 'priceKrw' | 'stock' | 'category' | 'onSale'>;

interface CatalogRow {
  digest: string;
  sku: string | null;
  name: string;
  price_krw: number;
  stock: number;
  category: string | null;
  on_sale: boolean;
}

/**
 * Set-based writes for a product import: one statement for all changed products and one for all new ones,
 * whatever the number of rows (arrays unnested server-side) — never a statement per row.
 */
export const importStore = {
  /** A digest of every product of the mart: any change since a preview changes it. */
  async fingerprint(db: Queryable, martId: MartId): Promise<string> {
    const [row] = await db.query<{ digest: string }>(`SELECT ${DIGEST} AS digest FROM products WHERE mart_id = $1`, [
      martId,
    ]);
    return row!.digest;
  },

  /** The mart's products by SKU, with their digest, read in one statement (one snapshot: they always agree). */
  async catalog(db: Queryable, martId: MartId): Promise<{ digest: string; products: Map<string, CatalogEntry> }> {
    const rows = await db.query<CatalogRow>(
      `WITH p AS (SELECT sku, name, price_krw, stock, category, on_sale FROM products WHERE mart_id = $1)
       SELECT d.digest, p.* FROM (SELECT ${DIGEST} AS digest FROM p) d LEFT JOIN p ON true`,
      [martId],
    );
    const products = new Map<string, CatalogEntry>();
    for (const r of rows) {
      if (r.sku !== null)
        products.set(r.sku, {
          name: r.name,
          priceKrw: Number(r.price_krw),
          stock: Number(r.stock),
          category: r.category,
          onSale: r.on_sale,
        });
    }
    return { digest: rows[0]!.digest, products };
  },

  /** Locks the mart row so that two imports for one mart commit one after the other. */
  async lockMart(tx: Queryable, martId: MartId): Promise<void> {
    await tx.query('SELECT id FROM marts WHERE id = $1 FOR UPDATE', [martId]);
  },

  async updateChanged(tx: Queryable, martId: MartId, products: readonly SheetProduct[]): Promise<void> {
    if (products.length === 0) return;
    await tx.query(
      `UPDATE products p SET name = r.name, price_krw = r.price_krw, stock = r.stock, category = r.category,
         on_sale = r.on_sale, updated_at = now()
       FROM ${UNNEST} WHERE p.mart_id = $1 AND p.sku = r.sku`,
      [martId, ...columnsOf(products)],
    );
  },

  async insertNew(tx: Queryable, martId: MartId, products: readonly SheetProduct[]): Promise<void> {
    if (products.length === 0) return;
    await tx.query(
      `INSERT INTO products (id, mart_id, sku, name, price_krw, stock, category, on_sale)
       SELECT gen_random_uuid()::text, $1, r.sku, r.name, r.price_krw, r.stock, r.category, r.on_sale FROM ${UNNEST}`,
      [martId, ...columnsOf(products)],
    );
  },
};
