import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The parts of an OpenAPI 3.0 document the contract layer reads. */
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  servers: { url: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>> & { 'x-greedy-last-parameter'?: boolean }>;
  components?: { schemas?: Record<string, unknown>; responses?: Record<string, OpenApiResponse> };
}

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch' | 'head';
const methods: HttpMethod[] = ['get', 'put', 'post', 'delete', 'patch', 'head'];

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown; example?: unknown }> };
  responses: Record<string, OpenApiResponse>;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: unknown }>;
  content?: Record<string, { schema?: unknown; example?: unknown }>;
}

/** One operation of a vendor's contract, e.g. `POST /payments/cancel` (cancelPayment). */
export interface ContractOperation {
  id: string;
  method: HttpMethod;
  path: string;
  /** `POST /payments/cancel`: how reports and pages name the operation. */
  label: string;
  spec: OpenApiOperation;
  pointer: string;
  pattern: RegExp;
  parameterNames: string[];
}

/** What was sent or answered, decoded: headers, query and path values, and the body if it had one. */
export interface Exchange {
  headers: Headers;
  query?: URLSearchParams;
  pathParams?: Record<string, string>;
  contentType?: string;
  /** The decoded body (JSON, form fields) or, for other media types, undefined. */
  body?: unknown;
  status?: number;
}

export interface OperationMatch {
  operation: ContractOperation;
  pathParams: Record<string, string>;
}

/** `/payments/{imp_uid}` → `^/payments/([^/]+)$`; a greedy last parameter may span slashes (S3 keys). */
function pathPattern(path: string, greedyLast: boolean): RegExp {
  const literals = path.split(/\{[^}]+\}/).map((literal) => literal.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  const captures = literals
    .slice(1)
    .map((literal, i) => `(${greedyLast && i === literals.length - 2 ? '.+' : '[^/]+'})${literal}`);
  return new RegExp(`^${literals[0] ?? ''}${captures.join('')}$`);
}

const escapePointer = (part: string): string => part.replaceAll('~', '~0').replaceAll('/', '~1');

export interface ContractOptions {
  /**
   * For a vendor that refuses inside a successful HTTP answer (PortOne: 200 and a non-zero `code`): that code, read
   * from a decoded answer body; undefined for a success. Recorded with each call, shown on the contract page.
   */
  refusalCode?: (body: unknown) => number | undefined;
}

/**
 * A vendor's OpenAPI contract, compiled: matches requests to operations and reports, field by field, where a
 * request or a response departs from it. Requests are strict (an undocumented top-level body field or query
 * parameter is a violation: the platform must not rely on what the vendor never promised); responses may carry
 * fields the contract does not list, as real vendors add fields over time.
 */
export class Contract {
  readonly operations: ContractOperation[];
  readonly baseUrl: string;
  /** The document's key in the shared compilers, given at the first check: reading a contract (the site) needs none. */
  #key?: string;
  readonly #compiled = new Map<string, ValidateFunction>();

  constructor(
    readonly vendor: string,
    readonly document: OpenApiDocument,
    readonly options: ContractOptions = {},
  ) {
    this.baseUrl = (document.servers[0]?.url ?? '').replace(/\/$/, '');
    this.operations = Object.entries(document.paths).flatMap(([path, item]) =>
      methods.flatMap((method) => {
        const spec = item[method];
        if (!spec) return [];
        return [
          {
            id: spec.operationId,
            method,
            path,
            label: `${method.toUpperCase()} ${path}`,
            spec,
            pointer: `${vendor}#/paths/${escapePointer(path)}/${method}`,
            pattern: pathPattern(path, item['x-greedy-last-parameter'] ?? false),
            parameterNames: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
          },
        ];
      }),
    );
  }

  /** The operation a request is for, with its path parameters; undefined when the contract has none. */
  match(method: string, url: URL): OperationMatch | undefined {
    if (!url.href.startsWith(this.baseUrl)) return undefined;
    return this.matchPath(method, this.pathOf(url));
  }

  /** A URL's path relative to the vendor's base URL: `https://ai-search.mock/v1/search` → `/search`. */
  pathOf(url: URL): string {
    return url.pathname.slice(new URL(this.baseUrl).pathname.replace(/\/$/, '').length);
  }

  /** The operation for a method and a path relative to the vendor's base URL. */
  matchPath(method: string, path: string): OperationMatch | undefined {
    for (const operation of this.operations) {
      if (operation.method !== method.toLowerCase()) continue;
      const found = operation.pattern.exec(path);
      if (!found) continue;
      const pathParams = Object.fromEntries(
        operation.parameterNames.map((name, i) => [name, decodeURIComponent(found[i + 1] ?? '')]),
      );
      return { operation, pathParams };
    }
    return undefined;
  }

  /** Violations of the request: parameters, undocumented query parameters, body media type and fields. */
  checkRequest(operation: ContractOperation, request: Exchange): string[] {
    const parameters = operation.spec.parameters ?? [];
    const problems = parameters.flatMap((parameter, i) => {
      const value = parameterValue(parameter, request);
      if (value === undefined)
        return parameter.required ? [`${parameter.in} parameter '${parameter.name}' is required`] : [];
      return this.#check(
        `${operation.pointer}/parameters/${i}/schema`,
        value,
        `${parameter.in} parameter '${parameter.name}'`,
        true,
      );
    });
    for (const name of request.query?.keys() ?? []) {
      if (!parameters.some((p) => p.in === 'query' && p.name === name))
        problems.push(`query parameter '${name}' is not in the contract`);
    }
    const body = operation.spec.requestBody;
    if (!body) return problems;
    const mediaType = request.contentType ?? '';
    const picked = pickContent(body.content, mediaType);
    if (!picked) {
      if (mediaType || body.required)
        problems.push(
          `request media type '${mediaType || 'none'}' is not one of ${Object.keys(body.content).join(', ')}`,
        );
      return problems;
    }
    const pointer = `${operation.pointer}/requestBody/content/${escapePointer(picked.key)}/schema`;
    if (picked.entry.schema && request.body !== undefined) {
      problems.push(...this.#check(pointer, request.body, 'request body', mediaType.endsWith('urlencoded')));
      problems.push(...this.#undocumentedFields(pointer, request.body));
    }
    return problems;
  }

  /** Violations of the response: undocumented status, required headers, body media type and fields. */
  checkResponse(operation: ContractOperation, response: Exchange): string[] {
    const status = String(response.status);
    const documented = operation.spec.responses[status] ? status : 'default';
    const found = this.#response(`${operation.pointer}/responses/${documented}`, operation.spec.responses[documented]);
    if (!found)
      return [
        `status ${status} is not in the contract (documented: ${Object.keys(operation.spec.responses).join(', ')})`,
      ];
    const { spec, pointer } = found;
    const problems = Object.entries(spec.headers ?? {}).flatMap(([name, header]) => {
      const value = response.headers.get(name);
      if (value === null) return header.required ? [`response header '${name}' is required`] : [];
      return this.#check(`${pointer}/headers/${escapePointer(name)}/schema`, value, `response header '${name}'`, true);
    });
    if (!spec.content) return problems;
    const mediaType = response.contentType ?? '';
    const picked = pickContent(spec.content, mediaType);
    if (!picked)
      return [
        ...problems,
        `response media type '${mediaType || 'none'}' is not one of ${Object.keys(spec.content).join(', ')}`,
      ];
    if (picked.entry.schema && response.body !== undefined) {
      problems.push(
        ...this.#check(`${pointer}/content/${escapePointer(picked.key)}/schema`, response.body, 'response body', false),
      );
    }
    return problems;
  }

  /** A documented response, following a `$ref` to components/responses, with the JSON pointer of where it is. */
  #response(
    pointer: string,
    spec: (OpenApiResponse & { $ref?: string }) | undefined,
  ): { spec: OpenApiResponse; pointer: string } | undefined {
    if (!spec?.$ref) return spec && { spec, pointer };
    const name = spec.$ref.replace('#/components/responses/', '');
    const target = this.document.components?.responses?.[name];
    return target && { spec: target, pointer: `${this.vendor}#/components/responses/${escapePointer(name)}` };
  }

  #ajv(coerce: boolean): Ajv {
    const compilers = sharedCompilers();
    if (this.#key === undefined) {
      const key = uniqueKey(this.vendor);
      compilers.strict.addSchema(this.document, key); // checked against the JSON Schema meta-schema here, once
      compilers.coercing.addSchema(this.document, key);
      this.#key = key;
    }
    return coerce ? compilers.coercing : compilers.strict;
  }

  /** A pointer into this document (`<vendor>#/…`) as the shared compilers know it. */
  #at(pointer: string): string {
    return `${this.#key ?? this.vendor}${pointer.slice(this.vendor.length)}`;
  }

  #check(pointer: string, value: unknown, subject: string, coerce: boolean): string[] {
    const key = `${coerce}:${pointer}`;
    let validate = this.#compiled.get(key);
    if (!validate) {
      const ajv = this.#ajv(coerce);
      validate = ajv.compile({ $ref: this.#at(pointer) });
      this.#compiled.set(key, validate);
    }
    // Coercion rewrites its input: validate a copy.
    if (validate(coerce ? structuredClone(value) : value)) return [];
    return describeErrors(subject, validate.errors ?? []);
  }

  /** Top-level body fields the schema does not list (a `$ref`ed schema is followed once). */
  #undocumentedFields(pointer: string, body: unknown): string[] {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
    const ajv = this.#ajv(false);
    let schema = ajv.getSchema(this.#at(pointer))?.schema as { $ref?: string; properties?: object } | undefined;
    if (schema?.$ref) schema = ajv.getSchema(this.#at(`${this.vendor}${schema.$ref}`))?.schema as typeof schema;
    if (!schema?.properties) return [];
    const documented = Object.keys(schema.properties);
    return Object.keys(body)
      .filter((field) => !documented.includes(field))
      .map((field) => `request body: field '${field}' is not in the contract`);
  }
}

/**
 * The schema compilers every contract shares, made by the first check: strict for requests, coercing for parameters
 * and headers (text on the wire). A document is checked against the JSON Schema meta-schema when the strict one
 * takes it; compiling that meta-schema was most of a test process's first vendor call when each contract had its
 * own pair of compilers (8 compilations instead of 1).
 */
let compilers: { strict: Ajv; coercing: Ajv } | undefined;

function sharedCompilers(): { strict: Ajv; coercing: Ajv } {
  compilers ??= {
    strict: compiler({ coerceTypes: false }),
    coercing: compiler({ coerceTypes: true, validateSchema: false }),
  };
  return compilers;
}

function compiler(options: { coerceTypes: boolean; validateSchema?: boolean }): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, ...options });
  addFormats(ajv);
  return ajv.addFormat('int32', true).addFormat('int64', true).addFormat('float', true).addFormat('double', true);
}

/** The keys the shared compilers hold documents under. */
const keys = new Set<string>();

/** The vendor's name, or the name and a number when another contract of that vendor (a test's) came first. */
function uniqueKey(vendor: string): string {
  let key = vendor;
  for (let n = 2; keys.has(key); n++) key = `${vendor}~${n}`;
  keys.add(key);
  return key;
}

/** The content entry for a media type: the exact type, then its `type/any` wildcard, then the any-type wildcard. */
function pickContent<T>(content: Record<string, T>, mediaType: string): { key: string; entry: T } | undefined {
  const key = [mediaType, `${mediaType.split('/')[0]}/*`, '*/*'].find((candidate) => mediaType && candidate in content);
  const entry = key === undefined ? undefined : content[key];
  return key === undefined || entry === undefined ? undefined : { key, entry };
}

function parameterValue(parameter: OpenApiParameter, request: Exchange): string | undefined {
  if (parameter.in === 'path') return request.pathParams?.[parameter.name];
  if (parameter.in === 'query') return request.query?.get(parameter.name) ?? undefined;
  if (parameter.in === 'header') return request.headers.get(parameter.name) ?? undefined;
  return undefined;
}

function describeErrors(subject: string, errors: ErrorObject[]): string[] {
  return errors.map((error) => {
    const field = error.instancePath ? `field '${error.instancePath.slice(1).replaceAll('/', '.')}'` : subject;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required')
      return `${subject}: required field '${childPath(error.instancePath, params.missingProperty)}' is missing`;
    return `${subject}: ${field} ${error.message ?? 'is invalid'}`;
  });
}

const childPath = (instancePath: string, name: unknown): string =>
  [...instancePath.split('/').filter(Boolean), String(name)].join('.');
