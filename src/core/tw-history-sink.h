/* tw-history-sink.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Response bodies kept in a record are cut at this many bytes. */
#define TW_HISTORY_RECORD_MAX_BODY (64 * 1024)

/**
 * TwHistoryRecord:
 * @time_ms: when the attempt started, UTC, milliseconds since the Unix epoch
 * @profile: the profile name (may be empty, never NULL)
 * @base_url: the environment: API base URL, or the auth base for token grants
 * @kind: "registration", "token" (later "test delivery")
 * @method: the HTTP method, e.g. "POST"
 * @url: the full request URL
 * @outcome: "success" or the nick of a #TwErrorCode (tw_error_nick())
 * @http_status: the HTTP status, 0 when no response arrived
 * @message_code: the envelope's `message_code` / `errors[0].code`, or NULL
 * @message: the envelope's message, or the error message when no envelope
 * @request_id: the server's request id (body or `X-Request-Id`), or NULL
 * @duration_ms: the duration of this attempt
 * @attempt: 1 for the first attempt of an exchange, 2 for the first retry…
 * @request_body: the request body with every secret replaced by its
 *   fingerprint (never a bearer token or client secret), or NULL
 * @response_body: the response body, at most %TW_HISTORY_RECORD_MAX_BODY
 *   bytes, or NULL
 * @error_domain: g_quark_to_string() of the error domain, NULL on success
 * @error_code: the error code, 0 on success
 *
 * One HTTP attempt, as the API client reports it to a #TwHistorySink.
 */
typedef struct
{
  gint64  time_ms;
  char   *profile;
  char   *base_url;
  char   *kind;
  char   *method;
  char   *url;
  char   *outcome;
  guint   http_status;
  char   *message_code;
  char   *message;
  char   *request_id;
  gint64  duration_ms;
  guint   attempt;
  char   *request_body;
  char   *response_body;
  char   *error_domain;
  int     error_code;
} TwHistoryRecord;

#define TW_TYPE_HISTORY_RECORD (tw_history_record_get_type ())
GType            tw_history_record_get_type (void) G_GNUC_CONST;
TwHistoryRecord *tw_history_record_new      (void);
TwHistoryRecord *tw_history_record_copy     (const TwHistoryRecord *record);
void             tw_history_record_free     (TwHistoryRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwHistoryRecord, tw_history_record_free)

#define TW_TYPE_HISTORY_SINK (tw_history_sink_get_type ())

G_DECLARE_INTERFACE (TwHistorySink, tw_history_sink, TW, HISTORY_SINK, GObject)

struct _TwHistorySinkInterface
{
  GTypeInterface parent_iface;

  /* Must not block: called on the main loop once per HTTP attempt. The
   * record is only borrowed; copy what you keep. */
  void (*record) (TwHistorySink         *self,
                  const TwHistoryRecord *record);
};

void tw_history_sink_record (TwHistorySink         *self,
                             const TwHistoryRecord *record);

#define TW_TYPE_MEMORY_SINK (tw_memory_sink_get_type ())

G_DECLARE_FINAL_TYPE (TwMemorySink, tw_memory_sink, TW, MEMORY_SINK, GObject)

/* A sink keeping copies of the records in memory, in the order received. */
TwMemorySink          *tw_memory_sink_new           (void);
guint                  tw_memory_sink_get_n_records (TwMemorySink *self);
const TwHistoryRecord *tw_memory_sink_get_record    (TwMemorySink *self,
                                                     guint         position);
void                   tw_memory_sink_clear         (TwMemorySink *self);

G_END_DECLS
