/* tw-api-result.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "tw-error.h"

G_BEGIN_DECLS

/**
 * TwApiKind:
 * @TW_API_KIND_REGISTRATION: `POST …/business/v1/register-webhooks`
 * @TW_API_KIND_TOKEN: `POST …/sc/oauth2/token` (client credentials)
 * @TW_API_KIND_TEST_DELIVERY: a signed test POST to the seller's receiver
 */
typedef enum
{
  TW_API_KIND_REGISTRATION,
  TW_API_KIND_TOKEN,
  TW_API_KIND_TEST_DELIVERY,
} TwApiKind;

/* The response body kept in a result is capped at this many bytes; a larger
 * body is a TW_ERROR_BAD_RESPONSE. */
#define TW_API_MAX_RESPONSE_SIZE (1024 * 1024)

#define TW_TYPE_API_RESULT (tw_api_result_get_type ())

G_DECLARE_FINAL_TYPE (TwApiResult, tw_api_result, TW, API_RESULT, GObject)

/* The outcome of one completed exchange (after any retries), success or
 * failure. Immutable once the API client returned it; all getters return
 * data owned by the result. Read-only properties of the same names exist
 * for binding: "kind", "ok", "outcome", "http-status", "success",
 * "message-code", "message", "message-en", "request-id", "duration-ms",
 * "attempts", "error-message".
 *
 * Nothing in a result holds a bearer token, a client secret or a webhook
 * secret key: the request body has secrets replaced by fingerprints and the
 * Authorization header value is replaced by "Bearer [redacted]" /
 * "Basic [redacted]". */

TwApiKind     tw_api_result_get_kind             (TwApiResult *self);
/* TRUE when the exchange succeeded (2xx with a usable JSON answer). */
gboolean      tw_api_result_get_ok               (TwApiResult *self);
/* "success", or tw_error_nick() of the failure. */
const char   *tw_api_result_get_outcome          (TwApiResult *self);
/* NULL when ok; otherwise a TW_ERROR whose message is the plain-language
 * explanation (tw_error_explain()), followed by the server's message when
 * there is one. */
const GError *tw_api_result_get_error            (TwApiResult *self);
/* Sets @error to a copy of the result's error and returns FALSE when the
 * exchange failed; returns TRUE when ok. */
gboolean      tw_api_result_propagate_error      (TwApiResult *self,
                                                  GError     **error);
/* 0 when no HTTP response arrived. */
guint         tw_api_result_get_http_status      (TwApiResult *self);
/* The body's `success` field (FALSE when absent). */
gboolean      tw_api_result_get_success          (TwApiResult *self);
const char   *tw_api_result_get_message_code     (TwApiResult *self);
const char   *tw_api_result_get_message          (TwApiResult *self);
const char   *tw_api_result_get_message_en       (TwApiResult *self);
const char   *tw_api_result_get_request_id       (TwApiResult *self);
/* Wall time of the whole exchange, retries and waits included. */
gint64        tw_api_result_get_duration_ms      (TwApiResult *self);
guint         tw_api_result_get_attempts         (TwApiResult *self);
/* The redacted request of the last attempt. */
const char   *tw_api_result_get_request_method   (TwApiResult *self);
const char   *tw_api_result_get_request_url      (TwApiResult *self);
/* "Name: value" lines joined by "\n", Authorization redacted. */
const char   *tw_api_result_get_request_headers  (TwApiResult *self);
const char   *tw_api_result_get_request_body     (TwApiResult *self);
/* "Name: value" lines of the last response, or NULL. */
const char   *tw_api_result_get_response_headers (TwApiResult *self);
/* The last response body (at most TW_API_MAX_RESPONSE_SIZE bytes), or NULL. */
GBytes       *tw_api_result_get_response_body    (TwApiResult *self);
/* The same as text (invalid UTF-8 replaced), or NULL. */
const char   *tw_api_result_get_response_text    (TwApiResult *self);

G_END_DECLS
