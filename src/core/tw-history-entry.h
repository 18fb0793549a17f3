/* tw-history-entry.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "tw-history-sink.h"

G_BEGIN_DECLS

#define TW_TYPE_HISTORY_ENTRY (tw_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (TwHistoryEntry, tw_history_entry, TW, HISTORY_ENTRY, GObject)

/* One stored request, as the items of TwHistoryModel. Immutable; every
 * property is read-only so list factories can bind them: "id" (gint64),
 * "time-ms" (gint64, UTC ms), "time-local" (string, "2024-05-01 14:03:22
 * +07"), "profile", "base-url", "kind", "kind-label" (translated), "method",
 * "url", "outcome" ("success" or an error nick), "outcome-label"
 * (translated), "success" (gboolean), "http-status" (guint), "message-code",
 * "message", "request-id", "duration-ms" (gint64), "attempt" (guint),
 * "request-body", "response-body", "error-domain", "error-code" (int).
 * Strings other than "profile" may be NULL.
 *
 * Entries from a TwHistory read their bodies from the database the first
 * time they are asked for (on the main thread), so a page of the list
 * holds only the short columns. */

/* An entry not backed by a database, e.g. for a preview. */
TwHistoryEntry        *tw_history_entry_new               (gint64                 id,
                                                           const TwHistoryRecord *record);

gint64                 tw_history_entry_get_id            (TwHistoryEntry *self);
gint64                 tw_history_entry_get_time_ms       (TwHistoryEntry *self);
/* "2024-05-01 14:03:22 +07", local time with its zone. */
char                  *tw_history_entry_format_time_local (TwHistoryEntry *self);
const char            *tw_history_entry_get_profile       (TwHistoryEntry *self);
const char            *tw_history_entry_get_base_url      (TwHistoryEntry *self);
const char            *tw_history_entry_get_kind          (TwHistoryEntry *self);
const char            *tw_history_entry_get_kind_label    (TwHistoryEntry *self);
const char            *tw_history_entry_get_method        (TwHistoryEntry *self);
const char            *tw_history_entry_get_url           (TwHistoryEntry *self);
const char            *tw_history_entry_get_outcome       (TwHistoryEntry *self);
const char            *tw_history_entry_get_outcome_label (TwHistoryEntry *self);
gboolean               tw_history_entry_get_success       (TwHistoryEntry *self);
guint                  tw_history_entry_get_http_status   (TwHistoryEntry *self);
const char            *tw_history_entry_get_message_code  (TwHistoryEntry *self);
const char            *tw_history_entry_get_message       (TwHistoryEntry *self);
const char            *tw_history_entry_get_request_id    (TwHistoryEntry *self);
gint64                 tw_history_entry_get_duration_ms   (TwHistoryEntry *self);
guint                  tw_history_entry_get_attempt       (TwHistoryEntry *self);
const char            *tw_history_entry_get_request_body  (TwHistoryEntry *self);
const char            *tw_history_entry_get_response_body (TwHistoryEntry *self);
const char            *tw_history_entry_get_error_domain  (TwHistoryEntry *self);
int                    tw_history_entry_get_error_code    (TwHistoryEntry *self);
/* The whole row, bodies included (loaded if needed). (transfer none) */
const TwHistoryRecord *tw_history_entry_get_record        (TwHistoryEntry *self);

/* Plain text for "Copy support summary": time (UTC and local with zone),
 * endpoint, HTTP status, message code, request id, and a cURL command of
 * the request with the token shown as `Bearer <redacted>`. Translated
 * labels. */
char                  *tw_history_entry_get_support_summary (TwHistoryEntry *self);

/* The translated short name of an outcome ("Succeeded", "Invalid token"…)
 * and of a kind ("Registration", "Token"…); unknown values are returned. */
const char            *tw_history_outcome_get_label       (const char *outcome);
const char            *tw_history_kind_get_label          (const char *kind);

G_END_DECLS
