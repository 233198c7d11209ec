import type { OpenApiDocument } from './contract.ts';

type Schema = {
  $ref?: string;
  type?: string;
  example?: unknown;
  default?: unknown;
  enum?: unknown[];
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
};

/**
 * An example value for a schema: its own `example`, else one built from types, enums and defaults. Required
 * fields only below the top level, so examples of large vendor objects stay readable.
 */
export function exampleFor(document: OpenApiDocument, schema: unknown, depth = 0): unknown {
  const s = resolve(document, schema as Schema | undefined);
  if (!s || depth > 6) return null;
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.enum?.length) return s.enum[0];
  if (s.allOf) return Object.assign({}, ...(s.allOf.map((part) => exampleFor(document, part, depth)) as object[]));
  if (s.properties) {
    const fields = Object.entries(s.properties).filter(([name]) => depth === 0 || (s.required ?? []).includes(name));
    return Object.fromEntries(fields.map(([name, property]) => [name, exampleFor(document, property, depth + 1)]));
  }
  switch (s.type) {
    case 'array':
      return [exampleFor(document, s.items, depth + 1)];
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'string':
      return s.format === 'binary' ? '<bytes>' : 'string';
    default:
      return null;
  }
}

function resolve(document: OpenApiDocument, schema: Schema | undefined): Schema | undefined {
  if (!schema?.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(document, document.components?.schemas?.[name] as Schema | undefined);
}

/** A schema with `$ref`s replaced by what they point at, down to `depth` levels (deeper ones stay `$ref`s). */
export function expandRefs(document: OpenApiDocument, schema: unknown, depth = 3): unknown {
  if (Array.isArray(schema)) return schema.map((item) => expandRefs(document, item, depth));
  if (typeof schema !== 'object' || schema === null) return schema;
  const s = schema as Schema;
  if (s.$ref) return depth > 0 ? expandRefs(document, resolve(document, s), depth - 1) : s;
  return Object.fromEntries(Object.entries(s).map(([key, value]) => [key, expandRefs(document, value, depth)]));
}
