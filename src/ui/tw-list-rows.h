/* tw-list-rows.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Puts the rows @ids (NULL-terminated) of @builder into the GtkListBox of
 * @after, right after it and in order: rows of a form built when first
 * needed. They go in last one first, so that each finds the rows after it
 * already there: GTK 4.8 does not restyle a row when a visible row is
 * appended after a hidden one, and it would keep the look of a last row
 * (no separator). */
void tw_list_box_insert_after (GtkWidget          *after,
                               GtkBuilder         *builder,
                               const char * const *ids);

G_END_DECLS
