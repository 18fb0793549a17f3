/* tw-history-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "tw-history.h"

G_BEGIN_DECLS

/* Shared by tw-history.c, tw-history-entry.c and tw-history-model.c. */

/* Takes @record. @history (nullable) is where the bodies are read from
 * when @bodies_loaded is FALSE; only a weak reference is kept. */
TwHistoryEntry *tw_history_entry_new_take  (gint64                 id,
                                            TwHistoryRecord       *record,
                                            TwHistory             *history,
                                            gboolean               bodies_loaded);
/* The object written by exports and `tiki-webhooks-cli history --json`. */
JsonNode       *tw_history_record_to_json  (gint64                 id,
                                            const TwHistoryRecord *record);
/* "2024-05-01T07:03:22.123Z" */
char           *tw_history_format_time_utc (gint64                 time_ms);

gboolean        tw_history_filter_is_empty (const TwHistoryFilter *filter);

/* Main thread reads (see tw-history.h). */
gboolean        tw_history_load_bodies     (TwHistory             *self,
                                            gint64                 id,
                                            char                 **request_body,
                                            char                 **response_body,
                                            GError               **error);
/* The number of rows, the oldest and the newest id (0 when empty). */
gboolean        tw_history_read_totals     (TwHistory             *self,
                                            guint                 *n_rows,
                                            gint64                *min_id,
                                            gint64                *max_id,
                                            GError               **error);
/* Ids in (@after_id, @max_id] matching @filter, ascending. */
GArray         *tw_history_collect_ids     (TwHistory             *self,
                                            const TwHistoryFilter *filter,
                                            gint64                 after_id,
                                            gint64                 max_id,
                                            GError               **error);
/* The entries of @ids (which must be sorted, descending), in that order. */
GPtrArray      *tw_history_read_ids        (TwHistory             *self,
                                            const gint64          *ids,
                                            guint                  n_ids,
                                            GError               **error);

G_END_DECLS
