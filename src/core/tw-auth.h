/* tw-auth.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Tiki's OAuth2 server; TIKI_WEBHOOKS_AUTH_BASE overrides it. */
#define TW_AUTH_BASE_DEFAULT "https://api.tiki.vn"
#define TW_AUTH_TOKEN_PATH "/sc/oauth2/token"

/**
 * TwAuthMode:
 * @TW_AUTH_MODE_ACCESS_TOKEN: a pasted access token is sent as is
 * @TW_AUTH_MODE_CLIENT_CREDENTIALS: an in-house app: the API client gets
 *   (and renews) the token by the OAuth2 client-credentials grant
 * @TW_AUTH_MODE_PUBLIC_APP: a public app: the seller logs in with Tiki in
 *   the browser (authorization code, see tw-oauth-login.h) and the API
 *   client renews the token by the refresh-token grant
 */
typedef enum
{
  TW_AUTH_MODE_ACCESS_TOKEN,
  TW_AUTH_MODE_CLIENT_CREDENTIALS,
  TW_AUTH_MODE_PUBLIC_APP,
} TwAuthMode;

/**
 * TwAuthMethod:
 * @TW_AUTH_METHOD_BASIC: `client_secret_basic`: HTTP Basic with
 *   base64(client_id ":" client_secret)
 * @TW_AUTH_METHOD_POST: `client_secret_post`: client_id and client_secret
 *   in the form body
 */
typedef enum
{
  TW_AUTH_METHOD_BASIC,
  TW_AUTH_METHOD_POST,
} TwAuthMethod;

#define TW_TYPE_AUTH (tw_auth_get_type ())

G_DECLARE_FINAL_TYPE (TwAuth, tw_auth, TW, AUTH, GObject)

/* The token source of one profile, in memory only. Properties (all
 * read-write, notify only on change): "mode" (TwAuthMode), "access-token"
 * (string or NULL), "expires-at" (GDateTime or NULL when unknown),
 * "token-type", "scope", "client-id", "client-secret", "auth-method"
 * (TwAuthMethod), "auth-base" (string; NULL means the default, see
 * tw_auth_resolve_base()), "redirect-uri" (string; NULL means the default
 * loopback URI, see tw_auth_dup_effective_redirect_uri()), "scopes"
 * (string; NULL means TW_OAUTH_DEFAULT_SCOPES), "refresh-token" (a secret
 * string or NULL).
 *
 * Setting a new access token clears "expires-at" unless it is set through
 * tw_auth_set_granted_token(). Changing the client id, client secret, auth
 * method or auth base forgets a token obtained by a grant. Secrets are wiped
 * from memory when replaced. */

TwAuth       *tw_auth_new                    (void);
TwAuth       *tw_auth_new_for_token          (const char   *access_token);
TwAuth       *tw_auth_new_for_client         (const char   *client_id,
                                              const char   *client_secret,
                                              TwAuthMethod  method);

TwAuthMode    tw_auth_get_mode               (TwAuth       *self);
void          tw_auth_set_mode               (TwAuth       *self,
                                              TwAuthMode    mode);
const char   *tw_auth_get_access_token       (TwAuth       *self);
void          tw_auth_set_access_token       (TwAuth       *self,
                                              const char   *access_token);
GDateTime    *tw_auth_get_expires_at         (TwAuth       *self);
void          tw_auth_set_expires_at         (TwAuth       *self,
                                              GDateTime    *expires_at);
const char   *tw_auth_get_token_type         (TwAuth       *self);
const char   *tw_auth_get_scope              (TwAuth       *self);
const char   *tw_auth_get_client_id          (TwAuth       *self);
void          tw_auth_set_client_id          (TwAuth       *self,
                                              const char   *client_id);
const char   *tw_auth_get_client_secret      (TwAuth       *self);
void          tw_auth_set_client_secret      (TwAuth       *self,
                                              const char   *client_secret);
TwAuthMethod  tw_auth_get_auth_method        (TwAuth       *self);
void          tw_auth_set_auth_method        (TwAuth       *self,
                                              TwAuthMethod  method);
const char   *tw_auth_get_auth_base          (TwAuth       *self);
void          tw_auth_set_auth_base          (TwAuth       *self,
                                              const char   *auth_base);

const char   *tw_auth_get_redirect_uri       (TwAuth       *self);
void          tw_auth_set_redirect_uri       (TwAuth       *self,
                                              const char   *redirect_uri);
/* The redirect URI, or http://127.0.0.1:TW_OAUTH_DEFAULT_PORT/callback
 * when none is set. */
char         *tw_auth_dup_effective_redirect_uri (TwAuth   *self);
const char   *tw_auth_get_scopes             (TwAuth       *self);
void          tw_auth_set_scopes             (TwAuth       *self,
                                              const char   *scopes);
/* The scopes, or TW_OAUTH_DEFAULT_SCOPES when none are set. */
const char   *tw_auth_get_effective_scopes   (TwAuth       *self);
const char   *tw_auth_get_refresh_token      (TwAuth       *self);
void          tw_auth_set_refresh_token      (TwAuth       *self,
                                              const char   *refresh_token);

/* Stores the answer of a grant: the token, now + @expires_in seconds
 * (0: unknown expiry), the token type and scope (may be NULL). */
void          tw_auth_set_granted_token      (TwAuth       *self,
                                              const char   *access_token,
                                              gint64        expires_in,
                                              const char   *token_type,
                                              const char   *scope);
/* Drops the access token and its expiry (e.g. after INVALID_TOKEN). */
void          tw_auth_forget_token           (TwAuth       *self);

/* TRUE when there is an access token to send. */
gboolean      tw_auth_has_token              (TwAuth       *self);
/* TRUE when the expiry is known and less than a minute away or past. */
gboolean      tw_auth_is_expired             (TwAuth       *self);
/* TRUE in client-credentials mode with a client id and secret, and in
 * public-app mode with a client id, secret and refresh token. */
gboolean      tw_auth_can_grant              (TwAuth       *self);
/* TRUE when a request needs a grant first: no token or an expired one, in
 * client-credentials mode, or in public-app mode with a refresh token (the
 * refresh-token grant then stores the rotated refresh token). */
gboolean      tw_auth_needs_grant            (TwAuth       *self);
/* TRUE in public-app mode with an access token or a refresh token. */
gboolean      tw_auth_is_logged_in           (TwAuth       *self);

/* "basic" / "post", and back (also accepts "client_secret_basic" /
 * "client_secret_post"). */
const char   *tw_auth_method_to_string       (TwAuthMethod  method);
gboolean      tw_auth_method_from_string     (const char   *str,
                                              TwAuthMethod *method);

/* The OAuth base: @option when not NULL/empty, else the environment
 * variable TIKI_WEBHOOKS_AUTH_BASE, else TW_AUTH_BASE_DEFAULT. No trailing
 * slash. */
char         *tw_auth_resolve_base           (const char   *option);

G_END_DECLS
