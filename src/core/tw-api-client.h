/* tw-api-client.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tw-api-result.h"
#include "tw-auth.h"
#include "tw-history-sink.h"
#include "tw-registration.h"

G_BEGIN_DECLS

#define TW_API_BASE_PRODUCTION "https://api.tikinow.vn"
#define TW_API_BASE_LEGACY "https://tikinowapi.tiki.vn"
#define TW_API_REGISTER_PATH "/business/v1/register-webhooks"
#define TW_API_DEFAULT_TIMEOUT 30

#define TW_TYPE_API_CLIENT (tw_api_client_get_type ())

G_DECLARE_FINAL_TYPE (TwApiClient, tw_api_client, TW, API_CLIENT, GObject)

/* Properties (read-write, notify only on change):
 * "timeout" (guint, seconds, default 30): per attempt, from sending the
 *   request to the end of the response body;
 * "backoff-ms" (guint, default 1000): the first retry waits this long, the
 *   second twice as long (tests shorten it);
 * "max-retry-after" (guint, seconds, default 30): the bound on a server's
 *   Retry-After;
 * "history-sink" (TwHistorySink or NULL): receives one record per attempt;
 * "tls-database" (GTlsDatabase or NULL): for tests and custom CAs only:
 *   certificates are always verified, against this database when set,
 *   otherwise against the system's.
 *
 * Failures, the contract of every *_finish below:
 * - a completed exchange (success, or any failure of the network or the
 *   server, after retries) returns a TwApiResult; when it failed,
 *   tw_api_result_get_ok() is FALSE and tw_api_result_get_error() holds the
 *   TW_ERROR (tw_api_result_propagate_error() converts it);
 * - NULL and @error set only when nothing (more) could be done:
 *   TW_ERROR_INVALID_INPUT (the document did not validate, nothing sent; the
 *   message lists each "field: message" on its own line, and the problems
 *   are in tw_api_client_get_problems()), TW_ERROR_BUSY (a registration of
 *   the same profile is in flight) and TW_ERROR_CANCELLED (the cancellable
 *   was cancelled at any stage, including a backoff wait).
 *
 * Retries: network failures before any of the answer arrived
 * (TW_ERROR_CANNOT_CONNECT) and 5xx, at most twice with backoff; 429/503
 * after a bounded Retry-After. An answer cut off once it began
 * (TW_ERROR_INCOMPLETE_RESPONSE: the head or the body cut short, or a body
 * shorter than its Content-Length) is never retried, since the server got
 * the request and may have applied it. */

TwApiClient   *tw_api_client_new             (void);

/* The one session of the app: User-Agent "TikiWebhooks/VERSION ", the
 * system proxy resolver, and the client's timeout. */
SoupSession   *tw_api_client_get_session     (TwApiClient   *self);

guint          tw_api_client_get_timeout     (TwApiClient   *self);
void           tw_api_client_set_timeout     (TwApiClient   *self,
                                              guint          seconds);
guint          tw_api_client_get_backoff_ms  (TwApiClient   *self);
void           tw_api_client_set_backoff_ms  (TwApiClient   *self,
                                              guint          backoff_ms);
guint          tw_api_client_get_max_retry_after (TwApiClient *self);
void           tw_api_client_set_max_retry_after (TwApiClient *self,
                                                  guint        seconds);
TwHistorySink *tw_api_client_get_history_sink (TwApiClient  *self);
void           tw_api_client_set_history_sink (TwApiClient  *self,
                                               TwHistorySink *sink);
GTlsDatabase  *tw_api_client_get_tls_database (TwApiClient  *self);
void           tw_api_client_set_tls_database (TwApiClient  *self,
                                               GTlsDatabase *database);

/* TRUE while a registration for @profile is in flight. */
gboolean       tw_api_client_is_busy         (TwApiClient   *self,
                                              const char    *profile);

/* POST {base_url}/business/v1/register-webhooks with the compact JSON of
 * @registration, authorised by @auth (granting a token first in
 * client-credentials mode when needed, refreshing it in public-app mode;
 * one silent re-grant or refresh and retry on 401). @profile names the profile for the busy rule and history (NULL is
 * the same as ""). @base_url: e.g. TW_API_BASE_PRODUCTION (see
 * tw_api_client_resolve_base()). @registration is copied at the call. */
void           tw_api_client_register_async  (TwApiClient         *self,
                                              const char          *profile,
                                              const char          *base_url,
                                              TwRegistration      *registration,
                                              TwAuth              *auth,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
TwApiResult   *tw_api_client_register_finish (TwApiClient   *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* A grant at {auth base}/sc/oauth2/token for @auth (its client id,
 * secret, method and auth base): client credentials, or in public-app mode
 * the refresh-token grant. On success the token is stored in @auth
 * (tw_auth_set_granted_token()), and a refresh token that came with it
 * replaces the previous one (refresh tokens rotate). TW_ERROR_INVALID_INPUT
 * when @auth has no client id or secret (or, for a public app, no refresh
 * token: nobody logged in). A failed grant is TW_ERROR_AUTH_FAILED (wrong
 * client or method; for a refresh the message asks to log in again, and a
 * refresh token the server calls invalid_grant is dropped from @auth), or
 * the network/server code of what happened. */
void           tw_api_client_token_async     (TwApiClient         *self,
                                              const char          *profile,
                                              TwAuth              *auth,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
TwApiResult   *tw_api_client_token_finish    (TwApiClient   *self,
                                              GAsyncResult  *result,
                                              GError       **error);

/* The authorization-code grant of a public-app login (see
 * tw-oauth-login.h): exchanges @code for tokens, sending @redirect_uri (the
 * one of the authorize request), the client id, @code_verifier (PKCE; NULL
 * to leave it out) and the client authentication of @auth. Recorded in the
 * history with the code, verifier and secrets redacted. On success @auth
 * holds the access token, its expiry and the refresh token (or none when
 * the server sent none). Errors as for tw_api_client_token_async(). */
void           tw_api_client_exchange_code_async  (TwApiClient         *self,
                                                   const char          *profile,
                                                   TwAuth              *auth,
                                                   const char          *code,
                                                   const char          *redirect_uri,
                                                   const char          *code_verifier,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
TwApiResult   *tw_api_client_exchange_code_finish (TwApiClient   *self,
                                                   GAsyncResult  *result,
                                                   GError       **error);

/* A test delivery to the seller's own receiver: POST exactly @body (@length
 * bytes, -1 when NUL-terminated) to the URL of @hook with
 * `Content-Type: application/json` and `x-signature: sha1=<hex>`, the
 * HMAC-SHA1 of @body under the hook's secret key, or, when @forged, under a
 * random key of the same shape (a valid-looking wrong signature). Plain
 * http and local addresses are allowed (see tw_sample_payload_url_note()).
 * Never retried; one history record of kind "test delivery", whose request
 * body is @body (it holds no secret). The hook's URL and key are read at
 * the call; the key is not kept.
 *
 * The finish function returns a result carrying a TwTestVerdict (see
 * tw_api_result_get_verdict()); NULL with TW_ERROR_INVALID_INPUT when the
 * URL is not http(s), the hook has no secret key or @body is not valid JSON
 * (the message names the problem; nothing is sent), or TW_ERROR_CANCELLED. */
void           tw_api_client_send_test_async  (TwApiClient         *self,
                                               const char          *profile,
                                               TwHook              *hook,
                                               const char          *body,
                                               gssize               length,
                                               gboolean             forged,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
TwApiResult   *tw_api_client_send_test_finish (TwApiClient   *self,
                                               GAsyncResult  *result,
                                               GError       **error);

/* The validation problems of the registration sent (element-type TwProblem,
 * warnings included; transfer none, valid as long as @result): what lies
 * behind a TW_ERROR_INVALID_INPUT of register_finish(). NULL for a token
 * grant. Call it from the ready-callback. */
GPtrArray     *tw_api_client_get_problems    (TwApiClient   *self,
                                              GAsyncResult  *result);

/* The API base: @option when not NULL/empty, else TIKI_WEBHOOKS_API_BASE,
 * else the default host of @flavour. No trailing slash. */
char          *tw_api_client_resolve_base    (const char    *option,
                                              TwApiFlavour   flavour);

G_END_DECLS
