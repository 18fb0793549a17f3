/* tw-clipboard.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a copied secret stays on the clipboard (DESIGN §5) when no
 * setting says otherwise. */
#define TW_CLIPBOARD_SECRET_LIFETIME_MS (30 * 1000)

void     tw_clipboard_copy_text       (GdkClipboard *clipboard,
                                       const char   *text);
/* Copies @secret and, after @clear_after_ms, replaces it with an empty
 * text if the clipboard still holds exactly this copy (a later copy, here
 * or in another app, is left alone). */
void     tw_clipboard_copy_secret     (GdkClipboard *clipboard,
                                       const char   *secret,
                                       guint         clear_after_ms);
/* The delay, in seconds, after which a secret copied from @widget is
 * cleared: the clipboard-clear-seconds setting of the context of the
 * TwWindow holding @widget, or TW_CLIPBOARD_SECRET_LIFETIME_MS outside one. */
guint    tw_clipboard_get_clear_delay (GtkWidget    *widget);
/* TRUE while a secret copied by this process is on @clipboard. */
gboolean tw_clipboard_holds_secret    (GdkClipboard *clipboard);

G_END_DECLS
