-- Marts and the products they sell. Money is integer KRW.
CREATE TABLE marts (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE
);

CREATE TABLE products (
  id text PRIMARY KEY,
  mart_id text NOT NULL REFERENCES marts (id),
  sku text NOT NULL,
  name text NOT NULL,
  price_krw integer NOT NULL CHECK (price_krw > 0),
  on_sale boolean NOT NULL DEFAULT true,
  stock integer NOT NULL DEFAULT 0 CHECK (stock >= 0),
  category text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (mart_id, sku)
);

CREATE INDEX products_mart_idx ON products (mart_id);
