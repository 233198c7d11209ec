import type { MartId } from '../platform/auth.ts';
import type { Brand } from '../platform/brand.ts';

export type { MartId };
export type ProductId = Brand<string, 'ProductId'>;

export interface Mart {
  id: MartId;
  name: string;
}

export interface Product {
  id: ProductId;
  martId: MartId;
  sku: string;
  name: string;
  /** Whole won. */
  priceKrw: number;
  onSale: boolean;
  stock: number;
  category: string | null;
}

export type NewProduct = Omit<Product, 'id' | 'martId' | 'category'> & { category?: string | null };
