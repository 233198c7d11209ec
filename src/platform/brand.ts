/** A nominal type: a `Brand<string, 'OrderId'>` cannot be passed where a `ProductId` is expected. */
export type Brand<T, Name extends string> = T & { readonly __brand: Name };
