/* tw-clipboard.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* How long a copied secret stays on the clipboard (DESIGN §5). */
#define TW_CLIPBOARD_SECRET_LIFETIME_MS (30 * 1000)

void     tw_clipboard_copy_text       (GdkClipboard *clipboard,
                                       const char   *text);
/* Copies @secret and, after @clear_after_ms, replaces it with an empty
 * text if the clipboard still holds exactly this copy (a later copy, here
 * or in another app, is left alone). */
void     tw_clipboard_copy_secret     (GdkClipboard *clipboard,
                                       const char   *secret,
                                       guint         clear_after_ms);
/* TRUE while a secret copied by this process is on @clipboard. */
gboolean tw_clipboard_holds_secret    (GdkClipboard *clipboard);

G_END_DECLS
