/* tw-toast.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-toast.h"

/* @timeout in seconds, or -1 for AdwToast's default. */
static void
add_toast (GtkWidget  *widget,
           const char *text,
           int         timeout)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    return;

  /* Toast titles are markup in libadwaita 1.2, and some text is the
   * server's, a path or an error message. */
  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  if (timeout >= 0)
    adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

void
tw_show_toast (GtkWidget  *widget,
               const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);

  add_toast (widget, text, -1);
}

void
tw_show_toast_with_timeout (GtkWidget  *widget,
                            const char *text,
                            guint       timeout)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL);
  g_return_if_fail (timeout <= G_MAXINT);

  add_toast (widget, text, (int) timeout);
}
