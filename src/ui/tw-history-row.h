/* tw-history-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "tw-history-entry.h"

G_BEGIN_DECLS

#define TW_TYPE_HISTORY_ROW (tw_history_row_get_type ())

G_DECLARE_FINAL_TYPE (TwHistoryRow, tw_history_row, TW, HISTORY_ROW, GObject)

/* A row of the History page's list: the items of TwHistoryRowModel. Its
 * "entry" (TwHistoryEntry, read-only, never NULL) is the request shown at
 * the row's position; a search gives a row another entry (notify::entry)
 * rather than the list another row, so the list keeps the row's widgets.
 * The entry itself is immutable: hand it, not the row, to anything that
 * keeps it (the details window). */

TwHistoryRow   *tw_history_row_new       (TwHistoryEntry *entry);
TwHistoryEntry *tw_history_row_get_entry (TwHistoryRow   *self);
void            tw_history_row_set_entry (TwHistoryRow   *self,
                                          TwHistoryEntry *entry);

G_END_DECLS
