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

export interface MartWithProducts {
  mart: Mart;
  products: Map<ProductId, Product>;
}

const PRODUCT_COLUMNS = 'id, mart_id, sku, name, price_krw, on_sale, stock, category';

/**
 * The products `where` selects, as one JSON array (by SKU when `ordered`): one value to read back instead of eight
 * a product, which on the embedded database costs a third of the rows it replaces for a mart of 20 products.
 */
const productsJson = (where: string, ordered = false) =>
  `COALESCE((SELECT json_agg(p${ordered ? ' ORDER BY p.sku' : ''}) FROM (SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${where}) p), '[]')`;

/** A mart's row with its products as read by `productsJson`; none when there is no such mart. */
interface MartRow {
  id: string;
  name: string;
  products: ProductRow[];
}

const toMart = (r: MartRow): Mart => ({ id: r.id as MartId, name: r.name });

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

  /** Adds the products in one statement; they are returned in the order given. */
  async addProducts(martId: MartId, products: readonly NewProduct[]): Promise<Product[]> {
    const ids = products.map(() => randomUUID());
    const rows = await this.db.query<ProductRow>(
      `INSERT INTO products (${PRODUCT_COLUMNS})
       SELECT r.id, $2, r.sku, r.name, r.price_krw, r.on_sale, r.stock, r.category
       FROM unnest($1::text[], $3::text[], $4::text[], $5::int[], $6::bool[], $7::int[], $8::text[])
         AS r (id, sku, name, price_krw, on_sale, stock, category)
       RETURNING ${PRODUCT_COLUMNS}`,
      [
        ids,
        martId,
        products.map((p) => p.sku),
        products.map((p) => p.name),
        products.map((p) => p.priceKrw),
        products.map((p) => p.onSale),
        products.map((p) => p.stock),
        products.map((p) => p.category ?? null),
      ],
    );
    const added = new Map(rows.map((r) => [r.id, toProduct(r)]));
    return ids.map((id) => added.get(id)!);
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

  /** The mart and those of its products among `ids`, in one statement; undefined when there is no such mart. */
  async findMartWith(martId: string, ids: readonly string[]): Promise<MartWithProducts | undefined> {
    const [row] = await this.db.query<MartRow>(
      `SELECT m.id, m.name, ${productsJson('mart_id = m.id AND id = ANY($2::text[])')} AS products
       FROM marts m WHERE m.id = $1`,
      [martId, ids],
    );
    if (!row) return undefined;
    const products = row.products.map(toProduct);
    return { mart: toMart(row), products: new Map(products.map((p) => [p.id, p])) };
  }

  async productsByIds(martId: MartId, ids: readonly string[]): Promise<Map<ProductId, Product>> {
    if (ids.length === 0) return new Map();
    const [row] = await this.db.query<{ products: ProductRow[] }>(
      `SELECT ${productsJson('mart_id = $1 AND id = ANY($2::text[])')} AS products`,
      [martId, ids],
    );
    return new Map(row!.products.map((r) => [r.id as ProductId, toProduct(r)]));
  }

  /** The mart and every product it has on sale, by SKU, in one statement; undefined when there is no such mart. */
  async findMartOnSale(martId: string): Promise<{ mart: Mart; products: Product[] } | undefined> {
    const [row] = await this.db.query<MartRow>(
      `SELECT m.id, m.name, ${productsJson('mart_id = m.id AND on_sale', true)} AS products FROM marts m WHERE m.id = $1`,
      [martId],
    );
    return row && { mart: toMart(row), products: row.products.map(toProduct) };
  }

  /** Every product of the mart, by SKU; `db` may be an open transaction. */
  async listProducts(martId: MartId, db: Queryable = this.db): Promise<Product[]> {
    const [row] = await db.query<{ products: ProductRow[] }>(
      `SELECT ${productsJson('mart_id = $1', true)} AS products`,
      [martId],
    );
    return row!.products.map(toProduct);
  }
}
