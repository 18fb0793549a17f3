/* tw-history.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-history-entry.h"
#include "tw-history-sink.h"

G_BEGIN_DECLS

/**
 * TwHistoryOutcomeFilter:
 * @TW_HISTORY_OUTCOME_ANY: every request
 * @TW_HISTORY_OUTCOME_SUCCESS: requests whose outcome is "success"
 * @TW_HISTORY_OUTCOME_FAILED: every other request
 */
typedef enum
{
  TW_HISTORY_OUTCOME_ANY,
  TW_HISTORY_OUTCOME_SUCCESS,
  TW_HISTORY_OUTCOME_FAILED,
} TwHistoryOutcomeFilter;

/**
 * TwHistoryExportFormat:
 * @TW_HISTORY_EXPORT_JSON: an array of objects, one per request
 * @TW_HISTORY_EXPORT_CSV: RFC 4180, a header line, cells that a spreadsheet
 *   would read as a formula prefixed with a quote
 */
typedef enum
{
  TW_HISTORY_EXPORT_JSON,
  TW_HISTORY_EXPORT_CSV,
} TwHistoryExportFormat;

/**
 * TwHistoryFilter:
 * @search: (nullable): a case-insensitive substring of the request id, the
 *   message code or the URL; NULL or blank matches everything
 * @outcome: success, failed or any
 * @kind: (nullable): only requests of this kind ("registration", "token")
 *
 * What the History page and the CLI show. Zero-filled means everything.
 */
typedef struct
{
  const char             *search;
  TwHistoryOutcomeFilter  outcome;
  const char             *kind;
} TwHistoryFilter;

#define TW_HISTORY_SCHEMA_VERSION 2

#define TW_TYPE_HISTORY (tw_history_get_type ())

G_DECLARE_FINAL_TYPE (TwHistory, tw_history, TW, HISTORY, GObject)

/* The request history: one SQLite row per HTTP attempt, in
 * $XDG_DATA_HOME/tiki-webhooks/history.db. Implements TwHistorySink.
 *
 * Writes: tw_history_sink_record() copies the record and queues it; a
 * worker thread with its own connection sanitises (drops Authorization
 * text and token-like values, applies the size caps) and commits the queue
 * in batches, one transaction each, then applies the retention. Nothing
 * waits on the disk on the main loop, except opening (a few ms; a schema
 * migration once) and dispose, which commits what is still queued.
 *
 * Reads (tw_history_query(), tw_history_count() and TwHistoryModel) are
 * synchronous on a second connection of the main thread: each is one small
 * indexed query (about a millisecond for a page of 200 rows); collecting
 * the matches of a search scans a narrow index (25 to 50 ms at 100 000
 * rows on a busy 2-core machine). They see every committed row;
 * ::rows-changed tells when that changed.
 *
 * Properties: "path" (construct-only; NULL: tw_history_get_default_path()),
 * "read-only" (construct-only; see tw_history_open_existing()),
 * "retention-days" (guint: 0 keeps everything, else rows older than that
 * are deleted at open and after each write), "damaged-path" (read-only,
 * nullable, notifies: where an unreadable or foreign file was moved aside,
 * at open or when a store that could not open at first opens later).
 *
 * Signals: ::rows-changed () after rows were added or deleted (read
 * tw_history_count() or let TwHistoryModel follow); ::write-failed (GError)
 * when a batch could not be stored: the records are kept in memory (up to
 * 10 000 or 16 MiB) and retried with the next write; nothing stored before
 * is lost. */

char       *tw_history_get_default_path   (void);

/* Never fails: a damaged file is moved aside and replaced, an unusable
 * location makes every write fail with ::write-failed. */
TwHistory  *tw_history_new                (const char        *path);
/* For readers such as the CLI: does not create the file (G_IO_ERROR_NOT_FOUND),
 * does not repair a damaged one (G_IO_ERROR_INVALID_DATA), accepts no
 * records. An older schema is still migrated. */
TwHistory  *tw_history_open_existing      (const char        *path,
                                           GError           **error);

const char *tw_history_get_path           (TwHistory         *self);
gboolean    tw_history_get_read_only      (TwHistory         *self);
guint       tw_history_get_retention_days (TwHistory         *self);
void        tw_history_set_retention_days (TwHistory         *self,
                                           guint              days);
/* (nullable): the moved-aside file, when the one found at open was unusable. */
const char *tw_history_get_damaged_path   (TwHistory         *self);

/* Resolves once everything queued before the call is committed; fails with
 * the last write error if some of it could not be stored. */
void        tw_history_flush_async        (TwHistory          *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    tw_history_flush_finish       (TwHistory          *self,
                                           GAsyncResult       *result,
                                           GError            **error);

/* Deletes every row (after what is queued before the call is written). */
void        tw_history_clear_async        (TwHistory          *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
gboolean    tw_history_clear_finish       (TwHistory          *self,
                                           GAsyncResult       *result,
                                           GError            **error);

/* Writes the committed rows matching @filter (NULL: all; e.g.
 * tw_history_model_get_filter()), newest first, to @file (replaced
 * atomically, mode 0600), in a thread with its own connection. Bodies are
 * the stored, redacted ones. */
void        tw_history_export_async       (TwHistory             *self,
                                           const TwHistoryFilter *filter,
                                           GFile                 *file,
                                           TwHistoryExportFormat  format,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data);
gboolean    tw_history_export_finish      (TwHistory             *self,
                                           GAsyncResult          *result,
                                           GError               **error);

/* Synchronous reads (see above). The number of rows matching @filter. */
gboolean    tw_history_count              (TwHistory             *self,
                                           const TwHistoryFilter *filter,
                                           guint                 *n_rows,
                                           GError               **error);
/* Rows matching @filter with an id in [@min_id, @max_id], newest first,
 * skipping @offset and at most @limit of them (0: no limit).
 * Returns: (transfer container) (element-type TwHistoryEntry): entries whose
 * bodies are read when first asked for. */
GPtrArray  *tw_history_query              (TwHistory             *self,
                                           const TwHistoryFilter *filter,
                                           gint64                 min_id,
                                           gint64                 max_id,
                                           guint                  offset,
                                           guint                  limit,
                                           GError               **error);

G_END_DECLS
