/* tw-request-details.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-history-entry.h"

G_BEGIN_DECLS

#define TW_TYPE_REQUEST_DETAILS (tw_request_details_get_type ())

G_DECLARE_FINAL_TYPE (TwRequestDetails, tw_request_details, TW, REQUEST_DETAILS, AdwWindow)

/* One recorded request in a window of its own, transient for the main
 * window: outcome, time, endpoint, HTTP status, message code, request id,
 * duration and attempt, and the stored (redacted) request and response.
 *
 * Property "entry" (TwHistoryEntry, construct-only).
 * Actions: "details.copy-request-id" (when the server gave one),
 * "details.copy-summary" (tw_history_entry_get_support_summary()),
 * "details.load-into-editor" (for a registration with a stored body): emits
 * ::load-into-editor, which the History page handles (it knows the
 * Register page). */

TwRequestDetails *tw_request_details_new       (GtkWindow        *parent,
                                                TwHistoryEntry   *entry);
TwHistoryEntry   *tw_request_details_get_entry (TwRequestDetails *self);
/* Shows @text, translated, in a toast of the window. */
void              tw_request_details_add_toast (TwRequestDetails *self,
                                                const char       *text);

/* "200", or "—" when no response arrived. */
char             *tw_request_details_format_http_status (guint  http_status);

G_END_DECLS
