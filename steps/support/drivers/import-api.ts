import type { ImportPreview, ImportResult } from '../../../src/catalog/import/import.service.ts';
import type { Product } from '../../../src/catalog/catalog.types.ts';
import type { PolicyWorld } from '../world.ts';
import { sent, type ApiResponse } from './http.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A mart manager's product sheet, driven through the admin API with real multipart uploads. */
export class ImportApi {
  /** The sheet the manager is working with. */
  sheet: Buffer | undefined;
  preview: ImportPreview | undefined;
  /** The mart's products just before the last upload, for "the products are unchanged". */
  productsBefore: Product[] | undefined;
  /** Statements the platform ran for the last upload. */
  statements = 0;

  constructor(private readonly world: PolicyWorld) {}

  /** `manager` has this sheet in hand; a name that is not a mart manager of the scenario is a mistake in it. */
  async holds(manager: string, sheet: Promise<Buffer>): Promise<void> {
    this.world.actors.martsOf(manager);
    this.sheet = await sheet;
  }

  async previewSheet(manager: string, mart: string, file = this.#sheet()): Promise<ApiResponse<ImportPreview>> {
    const response = await this.#upload<ImportPreview>(manager, mart, 'preview', file, {});
    if (response.status === 200) this.preview = response.body;
    return response;
  }

  commit(
    manager: string,
    mart: string,
    options: { skipInvalid?: boolean; file?: Buffer } = {},
  ): Promise<ApiResponse<ImportResult>> {
    const fields: Record<string, string> = { token: this.preview?.token ?? '' };
    if (options.skipInvalid) fields.skipInvalid = 'true';
    return this.#upload<ImportResult>(manager, mart, 'commit', options.file ?? this.#sheet(), fields);
  }

  async download(manager: string, mart: string, what: 'template' | 'export'): Promise<Buffer> {
    const response = await this.world.app.inject({
      method: 'GET',
      url: `/marts/${this.world.catalog.martId(mart)}/product-sheet${what === 'template' ? '/template' : ''}`,
      headers: { authorization: `Bearer ${this.world.actors.token(manager)}` },
    });
    if (response.statusCode !== 200)
      throw new Error(`downloading the ${what} failed with ${response.statusCode}: ${response.body}`);
    if (response.headers['content-type'] !== XLSX) throw new Error(`the ${what} is not served as .xlsx`);
    return response.rawPayload;
  }

  products(mart: string): Promise<Product[]> {
    return this.world.app.services.catalog.listProducts(this.world.catalog.martId(mart));
  }

  async #upload<Body>(
    manager: string,
    mart: string,
    step: 'preview' | 'commit',
    file: Buffer,
    fields: Record<string, string>,
  ): Promise<ApiResponse<Body>> {
    this.productsBefore = await this.products(mart);
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file], { type: XLSX }), 'products.xlsx');
    const counted = this.world.statements.count;
    sent.changing++;
    const response = await this.world.app.inject({
      method: 'POST',
      url: `/marts/${this.world.catalog.martId(mart)}/product-imports/${step}`,
      headers: { authorization: `Bearer ${this.world.actors.token(manager)}` },
      payload: form,
    });
    this.statements = this.world.statements.count - counted;
    const result = { status: response.statusCode, body: response.json<Body>() };
    this.world.lastResponse = result;
    return result;
  }

  #sheet(): Buffer {
    if (!this.sheet) throw new Error('no product sheet has been prepared in this scenario');
    return this.sheet;
  }
}
