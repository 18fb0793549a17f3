/* tw-oauth-login.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-api-client.h"
#include "tw-auth.h"

G_BEGIN_DECLS

#define TW_OAUTH_AUTHORIZE_PATH "/sc/oauth2/auth"
#define TW_OAUTH_DEFAULT_PORT 8765
#define TW_OAUTH_DEFAULT_SCOPES "offline inventory"
#define TW_OAUTH_LOGIN_TIMEOUT_SECONDS 300

#define TW_TYPE_OAUTH_LOGIN (tw_oauth_login_get_type ())

G_DECLARE_FINAL_TYPE (TwOAuthLogin, tw_oauth_login, TW, OAUTH_LOGIN, GObject)

/* One login attempt for @auth (public-app mode: client id, secret, method,
 * redirect URI, scopes, auth base) by the OAuth2 authorization code flow
 * with PKCE (S256). @profile (nullable) names the history records of the
 * code exchange. */
TwOAuthLogin *tw_oauth_login_new               (TwApiClient         *client,
                                                TwAuth              *auth,
                                                const char          *profile);

/* Validates the redirect URI (http://127.0.0.1 or localhost, a port, a
 * path) and the client id, binds the one-shot loopback listener on
 * 127.0.0.1:<port> and builds the authorize URL (state, PKCE S256).
 * Errors: TW_ERROR_INVALID_INPUT with a translated message naming the
 * field (e.g. the port is in use). Call it once. */
gboolean      tw_oauth_login_start             (TwOAuthLogin        *self,
                                                GError             **error);
/* The URL to open in the browser; NULL before a successful start. */
const char   *tw_oauth_login_get_authorize_url (TwOAuthLogin        *self);

/* Waits for the browser's callback (at most the timeout, see
 * tw_oauth_login_set_timeout()), checks the state and exchanges the code;
 * on success @auth holds the access token, its expiry and the refresh
 * token. The listener is closed in every outcome. Errors:
 * TW_ERROR_CANCELLED, TW_ERROR_TIMED_OUT, TW_ERROR_AUTH_FAILED (denied,
 * state mismatch, code exchange refused: the message says why and what to
 * do), or the transport error of the exchange. */
void          tw_oauth_login_wait_async        (TwOAuthLogin        *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean      tw_oauth_login_wait_finish       (TwOAuthLogin        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

/* Seconds to wait for the callback (default
 * TW_OAUTH_LOGIN_TIMEOUT_SECONDS; tests shorten it). Set before waiting. */
void          tw_oauth_login_set_timeout       (TwOAuthLogin        *self,
                                                guint                seconds);

/* PKCE's S256 code challenge of @verifier: base64url, without padding, of
 * SHA-256(@verifier) (RFC 7636 §4.2). */
char         *tw_oauth_pkce_challenge          (const char          *verifier);

/* "Logged in — valid until HH:MM" (translated, local time) for
 * @expires_at, or "Logged in" when it is NULL. */
char         *tw_oauth_format_logged_in        (GDateTime           *expires_at);

G_END_DECLS
