/* tw-history-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-context.h"
#include "tw-history-model.h"

G_BEGIN_DECLS

#define TW_TYPE_HISTORY_PAGE (tw_history_page_get_type ())

G_DECLARE_FINAL_TYPE (TwHistoryPage, tw_history_page, TW, HISTORY_PAGE, AdwBin)

/* The History page: a column view over the context's request history
 * (TwHistoryModel, newest first; the Time column turns it around), a
 * search entry and an outcome filter applied in SQL by the model, a status
 * page when there is nothing to show, and the details of a request in a
 * TwRequestDetails window (Enter or double-click on a row).
 *
 * Property "context" (TwContext, construct-only).
 * Actions: "history.focus-search" (Ctrl+F), "history.export" (string
 * "json" or "csv": a file chooser, then tw_history_page_export_async()),
 * "history.clear" (after a confirmation).
 * Toasts tell when the history file was damaged and moved aside, and when
 * writing it fails (once per run of failures). */

GtkWidget      *tw_history_page_new         (TwContext      *context);
TwContext      *tw_history_page_get_context (TwHistoryPage  *self);
/* The filtered model behind the list. (transfer none) */
TwHistoryModel *tw_history_page_get_model   (TwHistoryPage  *self);
/* Opens the details window of @entry. (transfer none) */
GtkWindow      *tw_history_page_show_details (TwHistoryPage  *self,
                                              TwHistoryEntry *entry);
/* Puts the warehouses, webhook URLs, enabled hooks and shop ID of the
 * registration @entry recorded into the Register page of the same view
 * stack, keeping its secret keys, and shows that page. FALSE with a
 * TW_ERROR_INVALID_INPUT when @entry holds no readable registration. */
gboolean        tw_history_page_load_into_editor (TwHistoryPage  *self,
                                                  TwHistoryEntry *entry,
                                                  GError        **error);
/* Writes the requests the page shows (its search and outcome filter),
 * redacted, to @file: what the Export menu does after the file chooser. */
void            tw_history_page_export_async  (TwHistoryPage        *self,
                                               GFile                *file,
                                               TwHistoryExportFormat format,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean        tw_history_page_export_finish (TwHistoryPage        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
