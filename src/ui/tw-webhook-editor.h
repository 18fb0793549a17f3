/* tw-webhook-editor.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-hook.h"
#include "tw-registration.h"

G_BEGIN_DECLS

#define TW_TYPE_WEBHOOK_EDITOR (tw_webhook_editor_get_type ())

G_DECLARE_FINAL_TYPE (TwWebhookEditor, tw_webhook_editor, TW, WEBHOOK_EDITOR, AdwPreferencesGroup)

/* The URL and secret of one hook, bound both ways to a TwHook.
 * Properties: "hook" (TwHook or NULL), "flavour" (TwApiFlavour: on the
 * Legacy host the stock switch is locked on and aftersale locked off).
 * Actions: "editor.generate" (Ctrl+G), "editor.copy-secret". */

GtkWidget    *tw_webhook_editor_new          (void);
TwHook       *tw_webhook_editor_get_hook     (TwWebhookEditor *self);
void          tw_webhook_editor_set_hook     (TwWebhookEditor *self,
                                              TwHook          *hook);
TwApiFlavour  tw_webhook_editor_get_flavour  (TwWebhookEditor *self);
void          tw_webhook_editor_set_flavour  (TwWebhookEditor *self,
                                              TwApiFlavour     flavour);
/* Shows the messages of @problems (element-type TwProblem, all fields of
 * the registration) that concern this hook under the field they name. */
void          tw_webhook_editor_set_problems (TwWebhookEditor *self,
                                              GPtrArray       *problems);
/* TRUE when the switch is locked by the flavour's rules. */
gboolean      tw_webhook_editor_get_locked   (TwWebhookEditor *self);

G_END_DECLS
