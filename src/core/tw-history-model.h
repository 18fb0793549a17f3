/* tw-history-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-history.h"

G_BEGIN_DECLS

#define TW_HISTORY_MODEL_PAGE_SIZE 200

#define TW_TYPE_HISTORY_MODEL (tw_history_model_get_type ())

G_DECLARE_FINAL_TYPE (TwHistoryModel, tw_history_model, TW, HISTORY_MODEL, GObject)

/* A GListModel of TwHistoryEntry over a TwHistory, newest first.
 *
 * Creating it reads two numbers (a COUNT and the newest id); items are
 * read in pages of TW_HISTORY_MODEL_PAGE_SIZE when first asked for, and
 * the last few pages used are kept. With a search, an outcome or a kind
 * filter, the ids of the matching rows are collected once (a scan of a
 * narrow index) and pages are read by id.
 *
 * New rows appear at the top (items-changed at position 0) when the store
 * commits them; a deletion (retention, clear) replaces every item. A row
 * deleted in the moment between its commit and ::rows-changed reads as an
 * empty entry (id 0) until then.
 *
 * Properties: "history" (construct-only), "search" (string, nullable),
 * "outcome" (TwHistoryOutcomeFilter), "kind" (string, nullable), "n-items"
 * (guint, read-only). Changing a filter replaces every item. */

TwHistoryModel         *tw_history_model_new          (TwHistory              *history);

TwHistory              *tw_history_model_get_history  (TwHistoryModel         *self);
const char             *tw_history_model_get_search   (TwHistoryModel         *self);
void                    tw_history_model_set_search   (TwHistoryModel         *self,
                                                       const char             *search);
TwHistoryOutcomeFilter  tw_history_model_get_outcome  (TwHistoryModel         *self);
void                    tw_history_model_set_outcome  (TwHistoryModel         *self,
                                                       TwHistoryOutcomeFilter  outcome);
const char             *tw_history_model_get_kind     (TwHistoryModel         *self);
void                    tw_history_model_set_kind     (TwHistoryModel         *self,
                                                       const char             *kind);
/* The filter of the model, e.g. for tw_history_export_async(); valid until
 * a filter property changes. */
const TwHistoryFilter  *tw_history_model_get_filter   (TwHistoryModel         *self);

/* For tests: how many pages were read from the database so far. */
guint                   tw_history_model_get_n_page_loads (TwHistoryModel     *self);

G_END_DECLS
