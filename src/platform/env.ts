import { z } from 'zod';

/** A whole number above zero, read from an environment variable's text. */
export const positiveInt = z.coerce.number().int().positive();
/** A whole number of zero or more. */
export const wholeNumber = z.coerce.number().int().min(0);
/** A percentage of 1 to 100. */
export const percent = z.coerce.number().int().min(1).max(100);

/** The values a domain's environment variables parse to. */
export type EnvOf<Shape extends z.ZodRawShape> = z.infer<z.ZodObject<Shape>>;

/** A base URL without its trailing slashes, so paths can be appended. */
export const baseUrl = (url: string) => url.replace(/\/+$/, '');
