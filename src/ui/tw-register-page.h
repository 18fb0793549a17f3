/* tw-register-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-api-result.h"
#include "tw-auth.h"
#include "tw-context.h"
#include "tw-registration.h"

G_BEGIN_DECLS

#define TW_TYPE_REGISTER_PAGE (tw_register_page_get_type ())

G_DECLARE_FINAL_TYPE (TwRegisterPage, tw_register_page, TW, REGISTER_PAGE, AdwPreferencesPage)

/* The Register page: a form bound to a TwRegistration and a TwAuth, a live
 * preview of the request body and the Register button.
 *
 * Properties: "context" (TwContext, construct-only), "registration"
 * (TwRegistration, read-only), "auth" (TwAuth, read-only: the pasted token,
 * in memory only), "environment" (TwEnvironment; the registration's flavour
 * follows it), "custom-url" (string), "busy" (read-only: a request is
 * running), "last-result" (TwApiResult or NULL, read-only).
 *
 * Actions: "register.send" (Ctrl+Enter; enabled when the form validates
 * and a token is present), "register.cancel" (Escape, while busy),
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
/* The cURL command of the current form; @with_secrets keeps the webhook
 * secret keys, and the access token is never included. */
char           *tw_register_page_build_curl      (TwRegisterPage *self,
                                                  gboolean        with_secrets);

G_END_DECLS
