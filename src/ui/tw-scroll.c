/* tw-scroll.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-scroll"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-scroll.h"

typedef struct
{
  GtkWidget *target;
  guint     *tick_id;
} PendingScroll;

static void
pending_scroll_free (gpointer data)
{
  PendingScroll *pending = data;

  g_clear_object (&pending->target);
  g_free (pending);
}

static void
scroll_to (GtkWidget *target)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (target, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  GtkWidget *content;
  double y;

  if (scrolled == NULL)
    return;

  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (gtk_widget_translate_coordinates (target, content, 0, 0, NULL, &y))
    gtk_adjustment_clamp_page (adjustment, y, y + MIN (gtk_widget_get_height (target),
                                                       gtk_adjustment_get_page_size (adjustment)));
}

static gboolean
scroll_tick_cb (GtkWidget     *owner,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  PendingScroll *pending = user_data;

  if (gtk_widget_get_height (pending->target) == 0)
    return G_SOURCE_CONTINUE;

  *pending->tick_id = 0;
  scroll_to (pending->target);
  return G_SOURCE_REMOVE;
}

void
tw_scroll_into_view_later (GtkWidget *owner,
                           GtkWidget *target,
                           guint     *tick_id)
{
  PendingScroll *pending;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (GTK_IS_WIDGET (target));
  g_return_if_fail (tick_id != NULL);

  if (*tick_id != 0)
    return;

  pending = g_new0 (PendingScroll, 1);
  pending->target = g_object_ref (target);
  pending->tick_id = tick_id;
  *tick_id = gtk_widget_add_tick_callback (owner, scroll_tick_cb, pending, pending_scroll_free);
}

void
tw_scroll_cancel (GtkWidget *owner,
                  guint     *tick_id)
{
  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (tick_id != NULL);

  if (*tick_id != 0)
    gtk_widget_remove_tick_callback (owner, *tick_id);
  *tick_id = 0;
}
