import type { Queryable } from '../platform/database.ts';

export interface FoundProduct {
  id: string;
  name: string;
  priceKrw: number;
  stock: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The catalog side of search: hydrating the vendor's ranking, and the fallback name match. */
export class SearchStore {
  constructor(private readonly db: Queryable) {}

  /** The on-sale products among `ids`, in the order of `ids`; ids of other marts or off sale drop out. */
  async onSaleInOrder(martId: string, ids: readonly string[]): Promise<FoundProduct[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<{ id: string; name: string; price_krw: number; stock: number }>(
      'SELECT id, name, price_krw, stock FROM products WHERE mart_id = $1 AND on_sale AND id = ANY($2::text[])',
      [martId, ids],
    );
    const byId = new Map(
      rows.map((r) => [r.id, { id: r.id, name: r.name, priceKrw: Number(r.price_krw), stock: Number(r.stock) }]),
    );
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** On-sale products whose name holds every word of the query, case-insensitively (Korean or English), by name. */
  async nameMatch(martId: string, query: string, limit: number): Promise<FoundProduct[]> {
    const words = query.split(/\s+/).filter(Boolean).slice(0, 10);
    const conditions = words.map((_, i) => `name ILIKE $${i + 3} ESCAPE '\\'`);
    const rows = await this.db.query<{ id: string; name: string; price_krw: number; stock: number }>(
      `SELECT id, name, price_krw, stock FROM products
       WHERE mart_id = $1 AND on_sale ${conditions.map((c) => `AND ${c}`).join(' ')}
       ORDER BY name, id LIMIT $2`,
      [martId, limit, ...words.map((w) => `%${escapeLike(w)}%`)],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, priceKrw: Number(r.price_krw), stock: Number(r.stock) }));
  }
}
