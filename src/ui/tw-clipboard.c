/* tw-clipboard.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-clipboard"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-clipboard.h"
#include "tw-window.h"

/* Marks a content provider as holding a secret, so that the clear-up can
 * tell "our secret is still there" from "someone copied something else". */
#define SECRET_MARK "tw-clipboard-secret"

typedef struct
{
  GdkClipboard       *clipboard;
  GdkContentProvider *provider;
} PendingClear;

static void
pending_clear_free (gpointer data)
{
  PendingClear *pending = data;

  g_clear_object (&pending->clipboard);
  g_clear_object (&pending->provider);
  g_free (pending);
}

static gboolean
clear_secret_cb (gpointer data)
{
  PendingClear *pending = data;

  /* get_content() is NULL once another application owns the clipboard, and
   * another provider once this app copied something newer. An empty text
   * rather than no content: giving up the selection on X11 races with
   * the next copy. */
  if (gdk_clipboard_get_content (pending->clipboard) == pending->provider)
    gdk_clipboard_set_text (pending->clipboard, "");

  return G_SOURCE_REMOVE;
}

void
tw_clipboard_copy_text (GdkClipboard *clipboard,
                        const char   *text)
{
  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (text != NULL);

  gdk_clipboard_set_text (clipboard, text);
}

void
tw_clipboard_copy_secret (GdkClipboard *clipboard,
                          const char   *secret,
                          guint         clear_after_ms)
{
  g_autoptr(GdkContentProvider) provider = NULL;
  PendingClear *pending;

  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (secret != NULL);

  provider = gdk_content_provider_new_typed (G_TYPE_STRING, secret);
  g_object_set_data (G_OBJECT (provider), SECRET_MARK, GINT_TO_POINTER (TRUE));
  gdk_clipboard_set_content (clipboard, provider);

  pending = g_new0 (PendingClear, 1);
  pending->clipboard = g_object_ref (clipboard);
  pending->provider = g_steal_pointer (&provider);
  g_timeout_add_full (G_PRIORITY_DEFAULT, clear_after_ms,
                      clear_secret_cb, pending, pending_clear_free);
}

gboolean
tw_clipboard_holds_secret (GdkClipboard *clipboard)
{
  GdkContentProvider *provider;

  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), FALSE);

  provider = gdk_clipboard_get_content (clipboard);
  return provider != NULL && g_object_get_data (G_OBJECT (provider), SECRET_MARK) != NULL;
}

guint
tw_clipboard_get_clear_delay (GtkWidget *widget)
{
  GtkRoot *root;
  TwContext *context;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), TW_CLIPBOARD_SECRET_LIFETIME_MS / 1000);

  /* Widgets below the window do not all hold the context; the window does. */
  root = gtk_widget_get_root (widget);
  if (!TW_IS_WINDOW (root))
    return TW_CLIPBOARD_SECRET_LIFETIME_MS / 1000;

  context = tw_window_get_context (TW_WINDOW (root));
  return g_settings_get_uint (tw_context_get_settings (context), "clipboard-clear-seconds");
}
