/* tw-scroll.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Scrolls the GtkScrolledWindow holding @target so that @target is in
 * view (its top first when it is taller than the view), on the first
 * frame of @owner where @target has been laid out: a widget just shown
 * has no size yet. The tick callback's id is kept in *@tick_id, and a
 * second call while one waits does nothing; @owner cancels it with
 * tw_scroll_cancel() in its dispose. */
void tw_scroll_into_view_later (GtkWidget *owner,
                                GtkWidget *target,
                                guint     *tick_id);
void tw_scroll_cancel          (GtkWidget *owner,
                                guint     *tick_id);

G_END_DECLS
