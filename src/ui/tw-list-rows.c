/* tw-list-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tw-list-rows.h"

void
tw_list_box_insert_after (GtkWidget          *after,
                          GtkBuilder         *builder,
                          const char * const *ids)
{
  GtkListBox *list;
  int position;
  guint n = 0;

  g_return_if_fail (GTK_IS_LIST_BOX_ROW (after));
  g_return_if_fail (GTK_IS_BUILDER (builder));

  list = GTK_LIST_BOX (gtk_widget_get_parent (after));
  position = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (after)) + 1;
  while (ids[n] != NULL)
    n++;
  for (; n > 0; n--)
    gtk_list_box_insert (list, GTK_WIDGET (gtk_builder_get_object (builder, ids[n - 1])),
                         position);
}
