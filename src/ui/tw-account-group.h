/* tw-account-group.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-auth.h"
#include "tw-context.h"

G_BEGIN_DECLS

#define TW_TYPE_ACCOUNT_GROUP (tw_account_group_get_type ())

G_DECLARE_FINAL_TYPE (TwAccountGroup, tw_account_group, TW, ACCOUNT_GROUP, AdwPreferencesGroup)

/* The Account group of the Register page: the environment (and custom base
 * URL), then how requests are authorised: a pasted access token; an
 * in-house app's client ID, secret and method with a "Get Token" button;
 * or a public app (client ID, secret, method, redirect URI, scopes) with a
 * "Log in with Tiki" button; the token's state; where secrets are kept,
 * and "Forget…".
 *
 * Properties: "context" and "auth" (read-only, see
 * tw_account_group_set_services()), "environment" (TwEnvironment) and
 * "custom-url" (string: the Register page keeps no copy of these two and
 * follows them here), "profile-name" (string or NULL: the profile the
 * grant is recorded under and the one "Forget…" names), read-only
 * "granting" (a token request is running), "logging-in" (a login waits for
 * the browser) and "token-status" (the translated status line).
 *
 * Actions: "account.get-token" (client-credentials mode with a client ID
 * and secret), "account.login" (public-app mode with a client ID and
 * secret: starts the loopback listener, emits "open-uri" and waits),
 * "account.cancel-login", "account.copy-login-url" (while waiting),
 * "account.forget" (asks for confirmation, then emits "forget"). Changing
 * the environment or the profile cancels a login.
 *
 * Signals:
 * - "forget": the user confirmed forgetting the profile's secrets; the
 *   owner of the form and of the profile does the work.
 * - "open-uri" (const char *uri, returns gboolean): open Tiki's login page
 *   in the browser. The first handler decides: return TRUE when the page
 *   is being opened, FALSE when it cannot be (the group then asks the user
 *   to copy the address, which it shows during the whole wait anyway). The
 *   default handler calls g_app_info_launch_default_for_uri_async() (the
 *   OpenURI portal inside Flatpak) and falls back the same way when that
 *   fails. Tests connect to it to play the browser.
 * - "logged-in": a login succeeded and the TwAuth holds the new tokens; the
 *   owner of the profile saves it (secrets to the keyring). */

void          tw_account_group_set_services    (TwAccountGroup *self,
                                                TwContext      *context,
                                                TwAuth         *auth);
TwContext    *tw_account_group_get_context     (TwAccountGroup *self);
TwAuth       *tw_account_group_get_auth        (TwAccountGroup *self);
TwEnvironment tw_account_group_get_environment (TwAccountGroup *self);
void          tw_account_group_set_environment (TwAccountGroup *self,
                                                TwEnvironment   environment);
const char   *tw_account_group_get_custom_url  (TwAccountGroup *self);
void          tw_account_group_set_custom_url  (TwAccountGroup *self,
                                                const char     *custom_url);
const char   *tw_account_group_get_profile_name (TwAccountGroup *self);
void          tw_account_group_set_profile_name (TwAccountGroup *self,
                                                 const char     *name);
gboolean      tw_account_group_get_granting    (TwAccountGroup *self);
gboolean      tw_account_group_get_logging_in  (TwAccountGroup *self);
const char   *tw_account_group_get_token_status (TwAccountGroup *self);
/* The explanation of the last failed grant or login, or NULL. */
const char   *tw_account_group_get_grant_error (TwAccountGroup *self);

G_END_DECLS
