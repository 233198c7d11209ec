import type { RequestHandler } from 'msw';
import { forItsOriginOnly } from './own-origin.ts';
import { vendorMocks } from './vendors.ts';

/**
 * The normal behaviour of every mocked vendor, in one list (each from `mocks/<vendor>/handlers.ts`); a scenario
 * that needs a fault adds a named fault mode with `server.use(...)`.
 */
export const vendorHandlers: RequestHandler[] = vendorMocks.flatMap((vendor) => vendor.handlers).map(forItsOriginOnly);
