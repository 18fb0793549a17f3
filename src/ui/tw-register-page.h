/* tw-register-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-api-result.h"
#include "tw-auth.h"
#include "tw-context.h"
#include "tw-profile.h"
#include "tw-registration.h"

G_BEGIN_DECLS

#define TW_TYPE_REGISTER_PAGE (tw_register_page_get_type ())

G_DECLARE_FINAL_TYPE (TwRegisterPage, tw_register_page, TW, REGISTER_PAGE, AdwPreferencesPage)

/* The Register page: a form bound to a TwRegistration and a TwAuth, a live
 * preview of the request body and the Register button.
 *
 * Properties: "context" (TwContext, construct-only), "registration"
 * (TwRegistration, read-only), "auth" (TwAuth, read-only: the token or the
 * client credentials, in memory; see TwAccountGroup), "environment"
 * (TwEnvironment; the registration's flavour follows it) and "custom-url"
 * (string), both those of the page's account group, which keeps them (the
 * page's getters, setters and notifications go through to it), "busy"
 * (read-only: a request is running), "last-result" (TwApiResult or NULL,
 * read-only), "profile" (TwProfile or NULL, read-only: the profile being
 * edited), "loading" (read-only: a profile is being opened; the form is
 * read-only).
 *
 * Profiles: opening one applies its settings and reads its secrets from
 * the keyring; the profile's file and secrets are saved after each
 * successful registration (which is also recorded in the profile) and
 * when another profile is opened. The Review group lists the changes
 * since the profile's last registration, live.
 *
 * Actions: "register.send" (Ctrl+Enter; enabled when the form validates
 * and a token is present or can be granted), "register.cancel" (Escape,
 * while busy),
 * "register.share-secret", "register.copy-curl",
 * "register.copy-curl-secrets", "register.copy-request-id". */

GtkWidget      *tw_register_page_new             (TwContext      *context);
TwContext      *tw_register_page_get_context     (TwRegisterPage *self);
TwRegistration *tw_register_page_get_registration (TwRegisterPage *self);
TwAuth         *tw_register_page_get_auth        (TwRegisterPage *self);
TwEnvironment   tw_register_page_get_environment (TwRegisterPage *self);
void            tw_register_page_set_environment (TwRegisterPage *self,
                                                  TwEnvironment   environment);
const char     *tw_register_page_get_custom_url  (TwRegisterPage *self);
void            tw_register_page_set_custom_url  (TwRegisterPage *self,
                                                  const char     *custom_url);
gboolean        tw_register_page_get_busy        (TwRegisterPage *self);
/* (nullable) (transfer none) */
TwApiResult    *tw_register_page_get_last_result (TwRegisterPage *self);
/* (nullable) (transfer none) */
TwProfile      *tw_register_page_get_profile     (TwRegisterPage *self);
gboolean        tw_register_page_get_loading     (TwRegisterPage *self);
/* (element-type TwChange) (nullable) (transfer none): what the Review
 * group shows; NULL without a profile or when it was never registered. */
const GPtrArray *tw_register_page_get_changes    (TwRegisterPage *self);
/* Shows @profile and reads its secrets, after saving the profile being left
 * when @save_current (not after deleting it). Fails with TW_ERROR_BUSY
 * while a registration runs or another profile is being opened,
 * TW_ERROR_INVALID_INPUT for a broken profile, or the error of saving the
 * profile left (then nothing is switched). */
void            tw_register_page_open_profile_async  (TwRegisterPage      *self,
                                                      TwProfile           *profile,
                                                      gboolean             save_current,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        tw_register_page_open_profile_finish (TwRegisterPage  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* Writes the form into the profile: its file (no secret) and its secrets
 * to the keyring (or memory when there is none). Succeeds without a
 * profile. */
void            tw_register_page_save_profile_async  (TwRegisterPage      *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        tw_register_page_save_profile_finish (TwRegisterPage  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* The cURL command of the current form; @with_secrets keeps the webhook
 * secret keys, and the access token is never included. */
char           *tw_register_page_build_curl      (TwRegisterPage *self,
                                                  gboolean        with_secrets);

G_END_DECLS
