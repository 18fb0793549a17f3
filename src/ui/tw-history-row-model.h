/* tw-history-row-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-history-row.h"

G_BEGIN_DECLS

#define TW_TYPE_HISTORY_ROW_MODEL (tw_history_row_model_get_type ())

G_DECLARE_FINAL_TYPE (TwHistoryRowModel, tw_history_row_model, TW, HISTORY_ROW_MODEL, GObject)

/* A GListModel of TwHistoryRow over "model" (construct-only), a GListModel
 * of TwHistoryEntry: the row at a position shows the entry at that
 * position.
 *
 * GTK 4.8's list views keep a row's widgets only for the same item object:
 * when a search replaced the entries, the list destroyed ~200 rows of
 * widgets and built them again. Here, when the model replaces a run of
 * items, the rows alive at the start of the run are kept and given the new
 * entries (notify::entry), and only the difference in length is announced
 * (removed at, or added after, the end of the kept rows). Everything else
 * (insertions, removals) is announced as the model announced it, so a row
 * follows its entry when new requests arrive at the top.
 *
 * A row kept this way shows another request: a selection of this model
 * must drop a selected row inside a replaced run itself (the History page
 * does so from the model's ::items-changed, connected before this model
 * is made, so that it runs first). Rows are held weakly: only rows that
 * someone holds are kept, and one is made on demand for any other
 * position. */

/* With "keep rows when empty", a change that empties the model is not
 * passed on: the rows stay, holding their old entries ("held"), until the
 * model has items again, when they are relabelled as for a search. For a
 * list that is hidden meanwhile (the History page's "no results"): a
 * GtkListView destroys the widgets of every row removed, ~200 of them,
 * which took a search matching nothing longer than the search itself.
 * While held, the count is the old one and a row no one holds cannot be
 * made (NULL): do not show the list. */

TwHistoryRowModel *tw_history_row_model_new                      (GListModel        *model);
GListModel        *tw_history_row_model_get_model                (TwHistoryRowModel *self);
void               tw_history_row_model_set_keep_rows_when_empty (TwHistoryRowModel *self,
                                                                  gboolean           keep);
gboolean           tw_history_row_model_get_held                 (TwHistoryRowModel *self);

G_END_DECLS
