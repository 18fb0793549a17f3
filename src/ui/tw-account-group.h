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
 * URL), then how requests are authorised: a pasted access token, or an
 * in-house app's client ID, secret and method with a "Get Token" button;
 * the token's state; where secrets are kept, and "Forget…".
 *
 * Properties: "context" and "auth" (read-only, see
 * tw_account_group_set_services()), "environment" (TwEnvironment),
 * "custom-url" (string), "profile-name" (string or NULL: the profile the
 * grant is recorded under and the one "Forget…" names), read-only
 * "granting" (a token request is running) and "token-status" (the
 * translated status line).
 *
 * Actions: "account.get-token" (client-credentials mode with a client ID
 * and secret), "account.forget" (asks for confirmation, then emits
 * "forget").
 *
 * Signal "forget": the user confirmed forgetting the profile's secrets; the
 * owner of the form and of the profile does the work. */

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
const char   *tw_account_group_get_token_status (TwAccountGroup *self);
/* The explanation of the last failed grant, or NULL. */
const char   *tw_account_group_get_grant_error (TwAccountGroup *self);

G_END_DECLS
