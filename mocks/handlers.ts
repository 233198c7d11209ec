import type { RequestHandler } from 'msw';

/**
 * The normal behaviour of every mocked vendor, in one list. Each vendor folder (`mocks/<vendor>/`) adds its
 * handlers here as it lands; a scenario that needs a fault adds a named fault mode with `server.use(...)`.
 */
export const vendorHandlers: RequestHandler[] = [];
