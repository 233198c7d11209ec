import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/database.ts';
import type { Mart, MartId, NewProduct, Product, ProductId } from './catalog.types.ts';

interface ProductRow {
  id: string;
  mart_id: string;
  sku: string;
  name: string;
  price_krw: number;
  on_sale: boolean;
  stock: number;
  category: string | null;
}

const PRODUCT_COLUMNS = 'id, mart_id, sku, name, price_krw, on_sale, stock, category';

const toProduct = (r: ProductRow): Product => ({
  id: r.id as ProductId,
  martId: r.mart_id as MartId,
  sku: r.sku,
  name: r.name,
  priceKrw: Number(r.price_krw),
  onSale: r.on_sale,
  stock: Number(r.stock),
  category: r.category,
});

/** Marts and products in Postgres. */
export class CatalogStore {
  constructor(private readonly db: Queryable) {}

  async createMart(name: string): Promise<Mart> {
    const id = randomUUID() as MartId;
    await this.db.query('INSERT INTO marts (id, name) VALUES ($1, $2)', [id, name]);
    return { id, name };
  }

  /** Adds `count` products `Generated product N` (SKU `GEN-N`, 1,000 won) in one statement — for set-ups and benchmarks. */
  async addGenerated(martId: MartId, count: number): Promise<void> {
    await this.db.query(
      `INSERT INTO products (id, mart_id, sku, name, price_krw, on_sale, stock, category)
       SELECT gen_random_uuid()::text, $1, 'GEN-' || n, 'Generated product ' || n, 1000, true, 10, 'Pantry'
       FROM generate_series(1, $2::int) AS n`,
      [martId, count],
    );
  }

  async findMart(id: string): Promise<Mart | undefined> {
    const [row] = await this.db.query<{ id: string; name: string }>('SELECT id, name FROM marts WHERE id = $1', [id]);
    return row && { id: row.id as MartId, name: row.name };
  }

  async addProduct(martId: MartId, product: NewProduct): Promise<Product> {
    const [row] = await this.db.query<ProductRow>(
      `INSERT INTO products (id, mart_id, sku, name, price_krw, on_sale, stock, category)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${PRODUCT_COLUMNS}`,
      [
        randomUUID(),
        martId,
        product.sku,
        product.name,
        product.priceKrw,
        product.onSale,
        product.stock,
        product.category ?? null,
      ],
    );
    return toProduct(row!);
  }

  async updateProduct(
    id: ProductId,
    change: Partial<Pick<Product, 'priceKrw' | 'onSale' | 'stock' | 'name'>>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE products SET
         price_krw = COALESCE($2, price_krw), on_sale = COALESCE($3, on_sale),
         stock = COALESCE($4, stock), name = COALESCE($5, name), updated_at = now()
       WHERE id = $1`,
      [id, change.priceKrw ?? null, change.onSale ?? null, change.stock ?? null, change.name ?? null],
    );
  }

  async findProduct(martId: MartId, id: string): Promise<Product | undefined> {
    const [row] = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products WHERE mart_id = $1 AND id = $2`,
      [martId, id],
    );
    return row && toProduct(row);
  }

  async productsByIds(martId: MartId, ids: readonly string[]): Promise<Map<ProductId, Product>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products WHERE mart_id = $1 AND id = ANY($2::text[])`,
      [martId, ids],
    );
    return new Map(rows.map((r) => [r.id as ProductId, toProduct(r)]));
  }

  /** Every product of the mart, by SKU; `db` may be an open transaction. */
  async listProducts(martId: MartId, db: Queryable = this.db): Promise<Product[]> {
    const rows = await db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE mart_id = $1 ORDER BY sku`, [
      martId,
    ]);
    return rows.map(toProduct);
  }
}
