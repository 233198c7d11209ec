// Generated from mocks/object-storage/contract.openapi.json by scripts/contracts-generate-types.ts. Do not edit.

export interface paths {
    "/{Bucket}/{Key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an object */
        get: operations["GetObject"];
        /** Store an object (a refund image) */
        put: operations["PutObject"];
        post?: never;
        delete?: never;
        options?: never;
        /** Check that an object exists, and its size */
        head: operations["HeadObject"];
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: {
        /** @description An S3 error document, e.g. NoSuchKey, AccessDenied, ExpiredToken. */
        Error: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /** @example <?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error> */
                "application/xml": string;
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    GetObject: {
        parameters: {
            query?: {
                "x-id"?: "GetObject";
            };
            header: {
                "x-amz-date": string;
            };
            path: {
                Bucket: string;
                Key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The object's bytes. */
            200: {
                headers: {
                    "Content-Length": number;
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            403: components["responses"]["Error"];
            404: components["responses"]["Error"];
        };
    };
    PutObject: {
        parameters: {
            query?: {
                "x-id"?: "PutObject";
            };
            header: {
                "Content-Length": number;
                "x-amz-content-sha256": string;
                "x-amz-date": string;
            };
            path: {
                Bucket: string;
                Key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /** @example <JPEG bytes> */
                "*/*": string;
            };
        };
        responses: {
            /** @description Stored. */
            200: {
                headers: {
                    ETag: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            403: components["responses"]["Error"];
        };
    };
    HeadObject: {
        parameters: {
            query?: never;
            header: {
                "x-amz-date": string;
            };
            path: {
                Bucket: string;
                Key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The object exists. */
            200: {
                headers: {
                    "Content-Length": number;
                    ETag: string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Access denied (HEAD answers carry no body). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description No such key (HEAD answers carry no body). */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
