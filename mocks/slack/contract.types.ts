// Generated from mocks/slack/contract.openapi.json by scripts/contracts-generate-types.ts. Do not edit.

export interface paths {
    "/services/{team}/{channel}/{secret}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post a message to the webhook's channel */
        post: operations["postWebhookMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Block: {
            type: string;
        } & {
            [key: string]: unknown;
        };
        WebhookMessage: {
            blocks?: components["schemas"]["Block"][];
            /** @description The message, or its notification fallback when blocks are given. A message without text and blocks is answered 400 no_text. */
            text?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    postWebhookMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channel: string;
                secret: string;
                team: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "text": "3 slow requests in the last minute",
                 *       "blocks": [
                 *         {
                 *           "type": "section",
                 *           "text": {
                 *             "type": "mrkdwn",
                 *             "text": "*3* slow requests"
                 *           }
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["WebhookMessage"];
            };
        };
        responses: {
            /** @description Posted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example ok */
                    "text/plain": "ok";
                };
            };
            /** @description The payload is not a message (no text, malformed JSON). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example invalid_payload */
                    "text/plain": "invalid_payload" | "no_text";
                };
            };
            /** @description The webhook may not post (revoked token, prohibited action). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example invalid_token */
                    "text/plain": "invalid_token" | "action_prohibited";
                };
            };
            /** @description The webhook does not exist. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example no_service */
                    "text/plain": "no_service";
                };
            };
            /** @description The channel is archived. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example channel_is_archived */
                    "text/plain": "channel_is_archived";
                };
            };
            /** @description Over the rate limit; retry after the given seconds. */
            429: {
                headers: {
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    /** @example rate_limited */
                    "text/plain": string;
                };
            };
        };
    };
}
