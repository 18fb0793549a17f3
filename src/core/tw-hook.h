/* tw-hook.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * TwHookKind:
 * @TW_HOOK_ORDER: order-status pushes (`sync_webhook.order`), always present
 * @TW_HOOK_STOCK: stock-level pushes (`sync_webhook.stock`)
 * @TW_HOOK_AFTERSALE: after-sale FD/CR pushes (`sync_webhook.aftersale`)
 */
typedef enum
{
  TW_HOOK_ORDER,
  TW_HOOK_STOCK,
  TW_HOOK_AFTERSALE,
} TwHookKind;

#define TW_N_HOOKS 3

#define TW_TYPE_HOOK (tw_hook_get_type ())

G_DECLARE_FINAL_TYPE (TwHook, tw_hook, TW, HOOK, GObject)

/* Properties: "kind" (TwHookKind, construct-only), "enabled" (gboolean;
 * always TRUE for the order hook), "url" (string, never NULL), "secret-key"
 * (string, never NULL). Setters notify only on a real change. */

TwHook     *tw_hook_new                (TwHookKind  kind);
TwHookKind  tw_hook_get_kind           (TwHook     *self);
gboolean    tw_hook_get_enabled        (TwHook     *self);
void        tw_hook_set_enabled        (TwHook     *self,
                                        gboolean    enabled);
const char *tw_hook_get_url            (TwHook     *self);
void        tw_hook_set_url            (TwHook     *self,
                                        const char *url);
const char *tw_hook_get_secret_key     (TwHook     *self);
void        tw_hook_set_secret_key     (TwHook     *self,
                                        const char *secret_key);

/* "order", "stock", "aftersale": the JSON key and the CLI --hook value. */
const char *tw_hook_kind_to_string     (TwHookKind  kind);
gboolean    tw_hook_kind_from_string   (const char *str,
                                        TwHookKind *kind);
/* Translated display name: "Order status", "Stock", "After-sales (FD/CR)". */
const char *tw_hook_kind_get_title     (TwHookKind  kind);

/* A hook's fields as named in the request body and in problems and
 * changes: "sync_webhook.stock", "sync_webhook.stock.url",
 * "sync_webhook.stock.secret_key". */
typedef enum
{
  TW_HOOK_FIELD_SELF,
  TW_HOOK_FIELD_URL,
  TW_HOOK_FIELD_SECRET_KEY,
} TwHookField;

const char *tw_hook_field_name         (TwHookKind  kind,
                                        TwHookField field);

G_END_DECLS
