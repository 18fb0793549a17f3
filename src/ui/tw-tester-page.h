/* tw-tester-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-api-result.h"
#include "tw-context.h"
#include "tw-registration.h"
#include "tw-sample-payloads.h"

G_BEGIN_DECLS

#define TW_TYPE_TESTER_PAGE (tw_tester_page_get_type ())

G_DECLARE_FINAL_TYPE (TwTesterPage, tw_tester_page, TW, TESTER_PAGE, AdwPreferencesPage)

/* The Test receiver page: sends a sample delivery, signed with the secret
 * key of one hook of the registration (or deliberately mis-signed), to
 * that hook's URL and shows the verdict; and verifies a pasted body and
 * x-signature against a secret key.
 *
 * Properties: "context" (TwContext, construct-only), "registration"
 * (TwRegistration, the hooks' URLs and keys: the window hands in the
 * Register page's; a page of its own is used until then), "hook"
 * (TwHookKind), "variant" (TwSampleVariant as guint, one of the hook's),
 * "busy" (read-only: a test is running), "last-result" (TwApiResult or
 * NULL, read-only), "payload-valid" (read-only: the payload is JSON).
 *
 * Actions: "tester.send" (Ctrl+Enter), "tester.send-forged",
 * "tester.cancel" (Escape, while busy), "tester.new-sample",
 * "tester.copy-expected". */

GtkWidget       *tw_tester_page_new              (TwContext      *context);
TwRegistration  *tw_tester_page_get_registration (TwTesterPage   *self);
void             tw_tester_page_set_registration (TwTesterPage   *self,
                                                  TwRegistration *registration);
TwHookKind       tw_tester_page_get_hook         (TwTesterPage   *self);
void             tw_tester_page_set_hook         (TwTesterPage   *self,
                                                  TwHookKind      hook);
TwSampleVariant  tw_tester_page_get_variant      (TwTesterPage   *self);
/* Also selects the variant's hook. */
void             tw_tester_page_set_variant      (TwTesterPage   *self,
                                                  TwSampleVariant variant);
gboolean         tw_tester_page_get_busy         (TwTesterPage   *self);
gboolean         tw_tester_page_get_payload_valid (TwTesterPage  *self);
/* (nullable) (transfer none) */
TwApiResult     *tw_tester_page_get_last_result  (TwTesterPage   *self);
/* The payload as edited. (transfer full) */
char            *tw_tester_page_dup_payload      (TwTesterPage   *self);
void             tw_tester_page_set_payload      (TwTesterPage   *self,
                                                  const char     *payload);

G_END_DECLS
