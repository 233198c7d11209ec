import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { requireManagerOf, type TokenService } from '../../platform/auth.ts';
import { DomainError } from '../../platform/errors.ts';
import { assertCleanInput } from '../../platform/input-boundary.ts';
import type { CatalogService } from '../catalog.service.ts';
import type { MartId } from '../catalog.types.ts';
import type { ImportPolicyConfig } from './import.config.ts';
import type { ProductImportService } from './import.service.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Options {
  imports: ProductImportService;
  catalog: CatalogService;
  tokens: TokenService;
  limits: ImportPolicyConfig;
}

type MartRequest = FastifyRequest<{ Params: { martId: string } }>;

/** A mart's product sheet: template, export, preview and commit — for managers of that mart only. */
export const productImportRoutes: FastifyPluginAsync<Options> = async (app, { imports, catalog, tokens, limits }) => {
  await app.register(multipart, { limits: { fileSize: limits.maxFileBytes, files: 1, fields: 4, fieldSize: 8_192 } });

  const managedMart = async (request: MartRequest): Promise<MartId> => {
    requireManagerOf(tokens, request, request.params.martId);
    return (await catalog.requireMart(request.params.martId)).id;
  };
  const sendWorkbook = (reply: FastifyReply, name: string, file: Buffer) =>
    reply.header('content-type', XLSX).header('content-disposition', `attachment; filename="${name}"`).send(file);

  app.get('/marts/:martId/product-sheet/template', async (request: MartRequest, reply) => {
    await managedMart(request);
    return sendWorkbook(reply, 'product-sheet-template.xlsx', await imports.template());
  });

  app.get('/marts/:martId/product-sheet', async (request: MartRequest, reply) => {
    return sendWorkbook(reply, 'products.xlsx', await imports.export(await managedMart(request)));
  });

  // The upload is read only once the sheet's turn to be read comes (see ProductImportService): a waiting one
  // stays in its connection, and one past the waiting line is refused unread.
  app.post('/marts/:martId/product-imports/preview', async (request: MartRequest) => {
    const martId = await managedMart(request);
    return imports.preview(martId, async () => (await readUpload(request)).file);
  });

  app.post('/marts/:martId/product-imports/commit', async (request: MartRequest) => {
    const martId = await managedMart(request);
    return imports.commit(martId, async () => {
      const { file, fields } = await readUpload(request);
      if (!fields.token)
        throw new DomainError(400, 'IMPORT_TOKEN_MISSING', 'Send the preview token with the sheet to commit it.');
      return { file, token: fields.token, skipInvalid: fields.skipInvalid === 'true' };
    });
  });
};

/** The one uploaded file (field `file`) and the text fields sent with it. */
async function readUpload(request: FastifyRequest): Promise<{ file: Buffer; fields: Record<string, string> }> {
  if (!request.isMultipart())
    throw new DomainError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Upload the sheet as multipart/form-data, in a field named file.',
    );
  let file: Buffer | undefined;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') file = await part.toBuffer();
    else fields[part.fieldname] = String(part.value);
  }
  assertCleanInput(fields, '');
  if (!file) throw new DomainError(400, 'IMPORT_FILE_MISSING', 'No sheet was uploaded: send it in a field named file.');
  return { file, fields };
}
