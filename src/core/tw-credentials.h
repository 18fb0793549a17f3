/* tw-credentials.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-auth.h"
#include "tw-hook.h"
#include "tw-registration.h"

G_BEGIN_DECLS

/* The libsecret schema of every item: attributes "profile" (the profile
 * name) and "kind" (tw_credential_kind_to_string()). */
#define TW_CREDENTIALS_SCHEMA_NAME "io.github.tikiwebhooks.TikiWebhooks.Secret"

/**
 * TwCredentialKind:
 * @TW_CREDENTIAL_ACCESS_TOKEN: a pasted access token
 * @TW_CREDENTIAL_CLIENT_SECRET: the client secret of an in-house app
 * @TW_CREDENTIAL_REFRESH_TOKEN: the OAuth2 refresh token of a public-app login
 * @TW_CREDENTIAL_ORDER_SECRET: the secret key of the order webhook
 * @TW_CREDENTIAL_STOCK_SECRET: the secret key of the stock webhook
 * @TW_CREDENTIAL_AFTERSALE_SECRET: the secret key of the after-sales webhook
 */
typedef enum
{
  TW_CREDENTIAL_ACCESS_TOKEN,
  TW_CREDENTIAL_CLIENT_SECRET,
  TW_CREDENTIAL_REFRESH_TOKEN,
  TW_CREDENTIAL_ORDER_SECRET,
  TW_CREDENTIAL_STOCK_SECRET,
  TW_CREDENTIAL_AFTERSALE_SECRET,
} TwCredentialKind;

#define TW_N_CREDENTIAL_KINDS 6

/* "access-token", "client-secret", "refresh-token", "order-secret-key",
 * "stock-secret-key", "aftersale-secret-key": the "kind" attribute. */
const char       *tw_credential_kind_to_string   (TwCredentialKind  kind);
gboolean          tw_credential_kind_from_string (const char       *str,
                                                  TwCredentialKind *kind);
TwCredentialKind  tw_credential_kind_for_hook    (TwHookKind        hook);
/* The translated keyring label, e.g. "Tiki Webhooks: order webhook secret
 * key (profile “Shop A”)". */
char             *tw_credential_kind_get_label   (TwCredentialKind  kind,
                                                  const char       *profile);

#define TW_TYPE_CREDENTIALS (tw_credentials_get_type ())

G_DECLARE_FINAL_TYPE (TwCredentials, tw_credentials, TW, CREDENTIALS, GObject)

/* The secrets of every profile, one keyring item per profile and kind.
 *
 * Properties: "use-keyring" (gboolean, construct-only, default TRUE): FALSE
 * keeps secrets in memory only, from the start; "persistent" (gboolean,
 * read-only): TRUE while secrets go to the keyring.
 *
 * The keyring is probed on the first operation (with a short timeout).
 * When it is missing, cannot be unlocked or fails, the object switches for
 * the rest of its life to an in-memory store, "persistent" turns FALSE and
 * the signal "unavailable" (const char *message: a translated explanation
 * for the user) is emitted once. Secrets are never written to a file by this
 * object, nor logged.
 *
 * Lookups of a secret that is not stored give NULL without an error.
 * Errors: G_IO_ERROR_CANCELLED when the cancellable was cancelled; a keyring
 * failure is never an error (the operation is done in memory instead). */

TwCredentials *tw_credentials_new             (void);
/* Memory only, never touching the keyring ("use-keyring" FALSE). */
TwCredentials *tw_credentials_new_in_memory   (void);
gboolean       tw_credentials_get_persistent  (TwCredentials *self);
gboolean       tw_credentials_get_use_keyring (TwCredentials *self);

/* Stores @secret (not empty) for @profile, replacing a previous one. */
void           tw_credentials_store_async     (TwCredentials        *self,
                                               const char           *profile,
                                               TwCredentialKind      kind,
                                               const char           *secret,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       tw_credentials_store_finish    (TwCredentials        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Returns (transfer full) the secret or NULL: free it with tw_secret_free(). */
void           tw_credentials_lookup_async    (TwCredentials        *self,
                                               const char           *profile,
                                               TwCredentialKind      kind,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char          *tw_credentials_lookup_finish   (TwCredentials        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Removes one secret; succeeds when there was none. */
void           tw_credentials_clear_async     (TwCredentials        *self,
                                               const char           *profile,
                                               TwCredentialKind      kind,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       tw_credentials_clear_finish    (TwCredentials        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

/* Removes every secret of @profile. */
void           tw_credentials_forget_profile_async  (TwCredentials       *self,
                                                     const char          *profile,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       tw_credentials_forget_profile_finish (TwCredentials  *self,
                                                     GAsyncResult   *result,
                                                     GError        **error);

/* Copies every secret of @from to @to (labels name @to); with @move, the
 * secrets of @from are removed afterwards (a profile renamed). */
void           tw_credentials_copy_profile_async    (TwCredentials       *self,
                                                     const char          *from,
                                                     const char          *to,
                                                     gboolean             move,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       tw_credentials_copy_profile_finish   (TwCredentials  *self,
                                                     GAsyncResult   *result,
                                                     GError        **error);

/* Fills the secrets of @profile into @auth (client secret; the access token
 * only in access-token and public-app mode, so apply the profile first; in
 * public-app mode also the refresh token, and the token keeps the expiry
 * the profile applied) and into the hooks
 * of @registration. Either may be NULL. Secrets that are not stored are set
 * empty, so nothing of another profile is left behind. Nothing is changed
 * when the operation fails or is cancelled. */
void           tw_credentials_load_profile_async    (TwCredentials       *self,
                                                     const char          *profile,
                                                     TwAuth              *auth,
                                                     TwRegistration      *registration,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       tw_credentials_load_profile_finish   (TwCredentials  *self,
                                                     GAsyncResult   *result,
                                                     GError        **error);
/* The same, waiting for the result on a private main context: for the CLI.
 * Not while another operation of @self is in flight on another context. */
gboolean       tw_credentials_load_profile          (TwCredentials   *self,
                                                     const char      *profile,
                                                     TwAuth          *auth,
                                                     TwRegistration  *registration,
                                                     GCancellable    *cancellable,
                                                     GError         **error);

/* Stores the secrets of @auth and @registration (read at the call) under
 * @profile: the access token in access-token mode (a granted token is not
 * kept), in public-app mode the access and refresh tokens of the login, the
 * client secret, each hook's secret key; an empty value removes the stored
 * one (and the refresh token is removed in the other modes). Either may be
 * NULL. */
void           tw_credentials_save_profile_async    (TwCredentials       *self,
                                                     const char          *profile,
                                                     TwAuth              *auth,
                                                     TwRegistration      *registration,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean       tw_credentials_save_profile_finish   (TwCredentials  *self,
                                                     GAsyncResult   *result,
                                                     GError        **error);

G_END_DECLS
