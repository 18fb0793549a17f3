/* tw-api-result.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

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

/**
 * TwTestVerdict:
 * @TW_TEST_VERDICT_NONE: not a test delivery (or cancelled)
 * @TW_TEST_VERDICT_ACCEPTED: a correctly signed delivery got a 2xx: good
 * @TW_TEST_VERDICT_REJECTED_FORGED: a wrongly signed delivery got a non-2xx:
 *   good, the receiver checks the signature
 * @TW_TEST_VERDICT_ACCEPTED_FORGED: a wrongly signed delivery got a 2xx: the
 *   receiver does not check the signature, a security problem
 * @TW_TEST_VERDICT_FAILED: a correctly signed delivery got a non-2xx: the
 *   receiver refused a genuine delivery
 * @TW_TEST_VERDICT_UNREACHABLE: no HTTP answer: connection, DNS, TLS or
 *   timeout
 *
 * What a test delivery to the seller's own receiver showed.
 */
typedef enum
{
  TW_TEST_VERDICT_NONE,
  TW_TEST_VERDICT_ACCEPTED,
  TW_TEST_VERDICT_REJECTED_FORGED,
  TW_TEST_VERDICT_ACCEPTED_FORGED,
  TW_TEST_VERDICT_FAILED,
  TW_TEST_VERDICT_UNREACHABLE,
} TwTestVerdict;

/* A test delivery keeps at most this much of the receiver's answer; the
 * rest is not read (see tw_api_result_get_response_truncated()). */
#define TW_API_MAX_TEST_RESPONSE_SIZE (64 * 1024)

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

/* Test deliveries (kind TW_API_KIND_TEST_DELIVERY). Read-only properties
 * "verdict", "forged" and "tls-problem" exist for binding.
 *
 * ok is TRUE exactly when the verdict is a good one (ACCEPTED for a genuine
 * send, REJECTED_FORGED for a forged one). Otherwise the error is
 * TW_ERROR_SERVER_ERROR (genuine delivery answered 5xx),
 * TW_ERROR_REJECTED (answered 4xx), TW_ERROR_BAD_RESPONSE (any other
 * non-2xx, or a forged delivery accepted) or the transport's code
 * (TW_ERROR_CANNOT_CONNECT, TW_ERROR_TLS, TW_ERROR_TIMED_OUT,
 * TW_ERROR_BAD_RESPONSE, TW_ERROR_INCOMPLETE_RESPONSE) for UNREACHABLE;
 * its message is the verdict sentence. An answer cut off after its status
 * arrived is judged by that status. tw_api_result_get_message() is the
 * verdict sentence in every case, with the HTTP status when there is
 * one. */
TwTestVerdict tw_api_result_get_verdict          (TwApiResult *self);
/* TRUE when the delivery carried a deliberately wrong signature. */
gboolean      tw_api_result_get_forged           (TwApiResult *self);
/* The certificate problems of a refused TLS handshake, 0 otherwise. */
GTlsCertificateFlags tw_api_result_get_tls_errors (TwApiResult *self);
/* The TLS failure in words (e.g. the receiver's certificate is signed by
 * an unknown authority), or NULL when TLS was not the problem. */
const char   *tw_api_result_get_tls_problem      (TwApiResult *self);
/* TRUE when the receiver's answer was longer than
 * TW_API_MAX_TEST_RESPONSE_SIZE and only its beginning is kept. */
gboolean      tw_api_result_get_response_truncated (TwApiResult *self);

/* A translated plain sentence saying what @verdict means for the seller. */
const char   *tw_test_verdict_explain            (TwTestVerdict verdict);
/* A stable identifier for JSON and scripts: "accepted", "rejected-forged",
 * "accepted-forged", "failed", "unreachable" ("none" for NONE). */
const char   *tw_test_verdict_to_string          (TwTestVerdict verdict);
/* TRUE for ACCEPTED and REJECTED_FORGED. */
gboolean      tw_test_verdict_is_good            (TwTestVerdict verdict);
/* Words for certificate problems, e.g. "it is signed by an unknown
 * authority; it has expired", or NULL when @flags is 0. */
char         *tw_tls_errors_describe             (GTlsCertificateFlags flags);

G_END_DECLS
