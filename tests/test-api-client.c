/* test-api-client.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-api-client"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-registration.h"
#include "tw-secret.h"
#include "tw-test-http.h"

#define TOKEN "test-token-Zq81"
#define ORDER_SECRET "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define STOCK_SECRET "M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re"
#define PROFILE "shop-a"
#define SHORT_BACKOFF_MS 10

typedef struct
{
  TwDemoServer   *server;
  TwApiClient    *client;
  TwMemorySink   *sink;
  TwRegistration *registration;
  TwAuth         *auth;
  char           *base_url;
} Fixture;

/* Log capture: g_log_set_writer_func() may be set only once per process. */
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  if (captured_log == NULL)
    return (level & G_LOG_LEVEL_DEBUG) != 0 ? G_LOG_WRITER_HANDLED
           : g_log_writer_default (level, fields, n_fields, user_data);

  for (gsize i = 0; i < n_fields; i++)
    {
      gssize length = fields[i].length;

      if (length < 0)
        length = (gssize) strlen (fields[i].value);
      g_string_append_printf (captured_log, "%s=", fields[i].key);
      g_string_append_len (captured_log, fields[i].value, length);
      g_string_append_c (captured_log, '\n');
    }

  return G_LOG_WRITER_HANDLED;
}

static TwRegistration *
new_registration (void)
{
  TwRegistration *registration = tw_registration_new ();
  const char * const warehouses[] = { "sgn", "hn5", NULL };
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);

  tw_registration_set_warehouses (registration, warehouses);
  tw_hook_set_url (order, "https://seller.example/webhooks/order");
  tw_hook_set_secret_key (order, ORDER_SECRET);
  tw_hook_set_enabled (stock, TRUE);
  tw_hook_set_url (stock, "https://seller.example/webhooks/stock");
  tw_hook_set_secret_key (stock, STOCK_SECRET);
  tw_registration_set_partner_id (registration, "shop-42");

  return registration;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = tw_test_demo_server_new ();
  f->base_url = g_strdup (tw_demo_server_get_base_url (f->server));

  f->sink = tw_memory_sink_new ();
  f->client = tw_api_client_new ();
  tw_api_client_set_backoff_ms (f->client, SHORT_BACKOFF_MS);
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (f->sink));

  f->registration = new_registration ();
  f->auth = tw_auth_new_for_token (TOKEN);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->sink);
  g_clear_object (&f->registration);
  g_clear_object (&f->auth);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base_url, g_free);
}

static void
start_register (Fixture       *f,
                const char    *profile,
                GCancellable  *cancellable,
                TwTestOutcome *outcome)
{
  tw_api_client_register_async (f->client, profile, f->base_url, f->registration, f->auth,
                                cancellable, tw_test_outcome_registered_cb, outcome);
}

/* Registers and returns the result, which must exist. */
static TwApiResult *
register_now (Fixture      *f,
              GCancellable *cancellable)
{
  TwTestOutcome outcome = { 0 };

  start_register (f, PROFILE, cancellable, &outcome);
  tw_test_outcome_wait (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  return outcome.result;
}

/* Registers and returns the error of a failure without a result. */
static GError *
register_fails (Fixture      *f,
                GCancellable *cancellable)
{
  TwTestOutcome outcome = { 0 };

  start_register (f, PROFILE, cancellable, &outcome);
  tw_test_outcome_wait (&outcome);
  g_assert_null (outcome.result);
  g_assert_nonnull (outcome.error);
  return outcome.error;
}

static void
assert_failed_with (TwApiResult *result,
                    TwErrorCode  code)
{
  const GError *error = tw_api_result_get_error (result);

  g_assert_false (tw_api_result_get_ok (result));
  g_assert_error ((GError *) error, TW_ERROR, code);
  g_assert_cmpstr (tw_api_result_get_outcome (result), ==, tw_error_nick (code));
  /* The plain-language explanation leads the message. */
  g_assert_true (g_str_has_prefix (error->message, tw_error_explain (code)));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static const TwHistoryRecord *
record_at (Fixture *f,
           guint    position)
{
  const TwHistoryRecord *record = tw_memory_sink_get_record (f->sink, position);

  g_assert_nonnull (record);
  return record;
}

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autofree char *body = tw_registration_to_json (f->registration, TW_JSON_DEFAULT);
  g_autofree char *masked = tw_registration_to_json (f->registration, TW_JSON_MASK_SECRETS);
  g_autofree char *url = g_strconcat (f->base_url, TW_API_REGISTER_PATH, NULL);
  gint64 before_ms = g_get_real_time () / 1000;
  const TwDemoRequest *request;
  const TwHistoryRecord *record;

  result = register_now (f, NULL);

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_null (tw_api_result_get_error (result));
  g_assert_cmpstr (tw_api_result_get_outcome (result), ==, "success");
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 200);
  g_assert_true (tw_api_result_get_success (result));
  g_assert_true (tw_test_is_request_id (tw_api_result_get_request_id (result)));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpint (tw_api_result_get_kind (result), ==, TW_API_KIND_REGISTRATION);
  g_assert_cmpstr (tw_api_result_get_request_method (result), ==, "POST");
  g_assert_cmpstr (tw_api_result_get_request_url (result), ==, url);
  g_assert_cmpstr (tw_api_result_get_request_body (result), ==, masked);
  g_assert_nonnull (strstr (tw_api_result_get_request_headers (result),
                            "Authorization: Bearer [redacted]"));
  g_assert_null (strstr (tw_api_result_get_request_headers (result), TOKEN));
  g_assert_nonnull (strstr (tw_api_result_get_response_text (result), "\"success\""));
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));

  /* Exactly the documented request. */
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);
  request = tw_demo_server_get_request (f->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, TW_API_REGISTER_PATH);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Content-Type"), ==,
                   "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer " TOKEN);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (request->headers, "User-Agent"),
                                   "TikiWebhooks/" PACKAGE_VERSION " "));
  g_assert_cmpmem (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                   body, strlen (body));

  /* One record, with the secrets replaced by fingerprints. */
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  record = record_at (f, 0);
  g_assert_cmpint (record->time_ms, >=, before_ms);
  g_assert_cmpint (record->time_ms, <=, g_get_real_time () / 1000);
  g_assert_cmpstr (record->profile, ==, PROFILE);
  g_assert_cmpstr (record->base_url, ==, f->base_url);
  g_assert_cmpstr (record->kind, ==, "registration");
  g_assert_cmpstr (record->method, ==, "POST");
  g_assert_cmpstr (record->url, ==, url);
  g_assert_cmpstr (record->outcome, ==, "success");
  g_assert_cmpuint (record->http_status, ==, 200);
  g_assert_cmpstr (record->request_id, ==, tw_api_result_get_request_id (result));
  g_assert_cmpuint (record->attempt, ==, 1);
  g_assert_cmpint (record->duration_ms, >=, 0);
  g_assert_cmpstr (record->request_body, ==, masked);
  g_assert_null (strstr (record->request_body, ORDER_SECRET));
  g_assert_null (strstr (record->request_body, STOCK_SECRET));
  g_assert_nonnull (strstr (record->response_body, record->request_id));
  g_assert_null (record->error_domain);
  g_assert_cmpint (record->error_code, ==, 0);
}

static void
test_rejected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  const TwHistoryRecord *record;

  tw_registration_add_warehouse (f->registration, TW_DEMO_UNKNOWN_WAREHOUSE);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_REJECTED);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 400);
  g_assert_false (tw_api_result_get_success (result));
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "INVALID_WAREHOUSE");
  g_assert_nonnull (strstr (tw_api_result_get_message (result), TW_DEMO_UNKNOWN_WAREHOUSE));
  g_assert_true (tw_test_is_request_id (tw_api_result_get_request_id (result)));
  g_assert_nonnull (strstr (tw_api_result_get_error (result)->message, "INVALID_WAREHOUSE"));
  /* A 4xx is never retried. */
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);

  record = record_at (f, 0);
  g_assert_cmpstr (record->outcome, ==, "rejected");
  g_assert_cmpstr (record->message_code, ==, "INVALID_WAREHOUSE");
  g_assert_cmpstr (record->error_domain, ==, g_quark_to_string (TW_ERROR));
  g_assert_cmpint (record->error_code, ==, TW_ERROR_REJECTED);
}

static void
test_errors_envelope (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_ERRORS_ENVELOPE, 1);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_REJECTED);
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "BAD_REQUEST");
  g_assert_cmpstr (tw_api_result_get_message (result), ==, "Dữ liệu không hợp lệ");
  g_assert_cmpstr (tw_api_result_get_message_en (result), ==, "invalid data");
  g_assert_true (tw_test_is_request_id (tw_api_result_get_request_id (result)));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
}

static void
test_invalid_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_auth_set_access_token (f->auth, TW_DEMO_EXPIRED_TOKEN);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_INVALID_TOKEN);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 401);
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "INVALID_TOKEN");
  g_assert_cmpstr (tw_api_result_get_message (result), ==, "Unauthorized");
  /* A pasted token cannot be renewed: no grant, no retry. */
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
}

static void
test_server_error_retried (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SERVER_ERROR, 3);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_SERVER_ERROR);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 500);
  /* The HTML body has no envelope: the id comes from X-Request-Id. */
  g_assert_true (tw_test_is_request_id (tw_api_result_get_request_id (result)));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 3);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 3);

  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpuint (record_at (f, i)->attempt, ==, i + 1);
      g_assert_cmpstr (record_at (f, i)->outcome, ==, "server-error");
      g_assert_cmpuint (record_at (f, i)->http_status, ==, 500);
    }
}

static void
test_server_error_recovers (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SERVER_ERROR, 1);
  result = register_now (f, NULL);

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 2);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 2);
  g_assert_cmpstr (record_at (f, 0)->outcome, ==, "server-error");
  g_assert_cmpstr (record_at (f, 1)->outcome, ==, "success");
  g_assert_cmpuint (record_at (f, 1)->attempt, ==, 2);
}

static void
test_unavailable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_set_retry_after (f->server, 0);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_UNAVAILABLE, 3);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_SERVER_ERROR);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 503);
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "SERVICE_UNAVAILABLE");
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 3);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_demo_server_set_retry_after (f->server, 1);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_RATE_LIMITED, 1);
  result = register_now (f, NULL);

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 2);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.95);
  g_assert_cmpint (tw_api_result_get_duration_ms (result), >=, 950);
  g_assert_cmpstr (record_at (f, 0)->outcome, ==, "rate-limited");
  g_assert_cmpuint (record_at (f, 0)->http_status, ==, 429);
}

static void
test_retry_after_too_long (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_demo_server_set_retry_after (f->server, 60);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_RATE_LIMITED, 1);
  result = register_now (f, NULL);

  /* Beyond the bound: give up at once rather than wait a minute. */
  assert_failed_with (result, TW_ERROR_RATE_LIMITED);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
}

static void
test_garbled (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_GARBLED, 1);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_BAD_RESPONSE);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 200);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_nonnull (tw_api_result_get_response_body (result));
}

static void
test_oversized (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  GBytes *body;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_OVERSIZED, 1);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_BAD_RESPONSE);
  body = tw_api_result_get_response_body (result);
  g_assert_nonnull (body);
  g_assert_cmpuint (g_bytes_get_size (body), <=, TW_API_MAX_RESPONSE_SIZE);
  g_assert_cmpuint (strlen (record_at (f, 0)->response_body), <=, TW_HISTORY_RECORD_MAX_BODY);

  /* The client still works after dropping a connection mid-body. */
  g_clear_object (&result);
  result = register_now (f, NULL);
  g_assert_true (tw_api_result_get_ok (result));
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_api_client_set_timeout (f->client, 1);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_NO_RESPONSE, 1);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_TIMED_OUT);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 0);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.9);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 5.0);
  g_assert_cmpstr (record_at (f, 0)->outcome, ==, "timed-out");
}

static void
test_slow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_demo_server_set_delay_ms (f->server, 300);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SLOW, 1);
  result = register_now (f, NULL);

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.28);
  g_assert_cmpint (tw_api_result_get_duration_ms (result), >=, 280);
}

static void
test_closed_mid_response (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  const TwHistoryRecord *record;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_CLOSE_MID_RESPONSE, 3);
  result = register_now (f, NULL);

  /* The server got the request and may have applied it: it is not sent
   * again, and what arrived is kept. */
  assert_failed_with (result, TW_ERROR_INCOMPLETE_RESPONSE);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 200);
  g_assert_true (tw_test_is_request_id (tw_api_result_get_request_id (result)));
  g_assert_true (g_str_has_prefix (tw_api_result_get_response_text (result),
                                   "{\"success\": true"));
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 1);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  record = tw_memory_sink_get_record (f->sink, 0);
  g_assert_cmpstr (record->outcome, ==, "incomplete-response");
  g_assert_cmpstr (record->request_id, ==, tw_api_result_get_request_id (result));
}

static void
answer_compressed (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  static const char answer[] = "{\"success\": true}";
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP,
                                                                 9);
  guint8 *gzipped = g_malloc (256);
  gsize read = 0, written = 0;

  g_assert_cmpint (g_converter_convert (G_CONVERTER (compressor), answer, strlen (answer),
                                        gzipped, 256, G_CONVERTER_INPUT_AT_END, &read,
                                        &written, NULL), ==, G_CONVERTER_FINISHED);
  /* Compressed, this tiny answer is longer than itself. */
  g_assert_cmpuint (written, >, strlen (answer));
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_TAKE,
                                    (const char *) gzipped, written);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Content-Encoding", "gzip");
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

/* The Content-Length of a compressed answer counts the bytes before
 * libsoup decompresses them: more than arrive here is no cut-off answer. */
static void
test_compressed_answer (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(TwApiResult) result = NULL;

  soup_server_add_handler (server, NULL, answer_compressed, NULL, NULL);
  g_free (f->base_url);
  f->base_url = tw_test_soup_server_listen (server, 0);
  result = register_now (f, NULL);

  g_assert_null (tw_api_result_get_error (result));
  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpstr (tw_api_result_get_response_text (result), ==, "{\"success\": true}");
  soup_server_disconnect (server);
}

static void
test_cannot_connect (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  /* The port of a server that is gone: nothing listens there now. */
  tw_demo_server_stop (f->server);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_CANNOT_CONNECT);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 0);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 3);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 3);
  g_assert_cmpstr (record_at (f, 2)->outcome, ==, "cannot-connect");
}

static void
test_cancel_before (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  error = register_fails (f, cancellable);

  g_assert_error (error, TW_ERROR, TW_ERROR_CANCELLED);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 0);
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));
}

static void
test_cancel_waiting (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_NO_RESPONSE, 1);
  g_timeout_add (200, cancel_cb, cancellable);
  error = register_fails (f, cancellable);

  g_assert_error (error, TW_ERROR, TW_ERROR_CANCELLED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 3.0);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  g_assert_cmpstr (record_at (f, 0)->outcome, ==, "cancelled");
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));
}

static void
test_cancel_backoff (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_api_client_set_backoff_ms (f->client, 10000);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SERVER_ERROR, 3);
  g_timeout_add (300, cancel_cb, cancellable);
  error = register_fails (f, cancellable);

  /* Cancelled during the 10 s wait, long before its end. */
  g_assert_error (error, TW_ERROR, TW_ERROR_CANCELLED);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 3.0);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  TwTestOutcome first = { 0 }, second = { 0 }, other = { 0 }, after = { 0 };

  tw_demo_server_set_delay_ms (f->server, 300);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SLOW, 1);

  start_register (f, PROFILE, NULL, &first);
  g_assert_true (tw_api_client_is_busy (f->client, PROFILE));
  start_register (f, PROFILE, NULL, &second);
  start_register (f, "shop-b", NULL, &other);

  tw_test_outcome_wait (&second);
  g_assert_error (second.error, TW_ERROR, TW_ERROR_BUSY);
  g_assert_null (second.result);
  g_assert_false (first.done);

  tw_test_outcome_wait (&other);
  g_assert_no_error (other.error);
  g_assert_true (tw_api_result_get_ok (other.result));

  tw_test_outcome_wait (&first);
  g_assert_true (tw_api_result_get_ok (first.result));
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));

  /* Free again once the first one finished. */
  start_register (f, PROFILE, NULL, &after);
  tw_test_outcome_wait (&after);
  g_assert_no_error (after.error);

  g_clear_error (&second.error);
  g_clear_object (&first.result);
  g_clear_object (&other.result);
  g_clear_object (&after.result);
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  TwTestOutcome outcome = { 0 };
  const char * const none[] = { NULL };

  tw_registration_set_warehouses (f->registration, none);
  tw_hook_set_secret_key (tw_registration_get_hook (f->registration, TW_HOOK_ORDER), "short");

  tw_api_client_register_async (f->client, PROFILE, f->base_url, f->registration, f->auth, NULL,
                                tw_test_outcome_registered_cb, &outcome);
  tw_test_outcome_wait (&outcome);

  g_assert_null (outcome.result);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (outcome.error->message, "sync_inventory_location"));
  g_assert_nonnull (strstr (outcome.error->message, "sync_webhook.order.secret_key: "));
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 0);
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));
  g_clear_error (&outcome.error);
}

static void
problems_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  GPtrArray **problems = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwApiResult) result = NULL;
  GPtrArray *found = tw_api_client_get_problems (TW_API_CLIENT (source), res);

  result = tw_api_client_register_finish (TW_API_CLIENT (source), res, &error);
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (found);
  *problems = g_ptr_array_ref (found);
}

static void
test_invalid_input_problems (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;

  tw_hook_set_url (tw_registration_get_hook (f->registration, TW_HOOK_ORDER), "ftp://x");
  tw_api_client_register_async (f->client, PROFILE, f->base_url, f->registration, f->auth, NULL,
                                problems_cb, &problems);
  while (problems == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (tw_problems_have_errors (problems));
}

static void
test_invalid_base (Fixture       *f,
                   gconstpointer  data)
{
  TwTestOutcome outcome = { 0 };

  tw_api_client_register_async (f->client, PROFILE, "https://user:pw@example.com",
                                f->registration, f->auth, NULL, tw_test_outcome_registered_cb,
                                &outcome);
  tw_test_outcome_wait (&outcome);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_clear_error (&outcome.error);

  outcome.done = FALSE;
  g_object_unref (f->auth);
  f->auth = tw_auth_new ();
  start_register (f, PROFILE, NULL, &outcome);
  tw_test_outcome_wait (&outcome);
  /* No token at all: nothing to send. */
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
  g_clear_error (&outcome.error);
}

static void
use_client_credentials (Fixture      *f,
                        TwAuthMethod  method)
{
  g_clear_object (&f->auth);
  f->auth = tw_auth_new_for_client (TW_DEMO_CLIENT_ID, TW_DEMO_CLIENT_SECRET, method);
  tw_auth_set_auth_base (f->auth, f->base_url);
}

static void
test_grant_first (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  const TwDemoRequest *request;
  g_autofree char *bearer = NULL;

  TwTestOutcome outcome = { 0 };
  g_autofree char *body = tw_registration_to_json (f->registration, TW_JSON_DEFAULT);

  use_client_credentials (f, TW_AUTH_METHOD_BASIC);
  /* What is sent is the registration as it was asked for: an edit while
   * the token is being fetched does not change it. */
  start_register (f, PROFILE, NULL, &outcome);
  tw_hook_set_url (tw_registration_get_hook (f->registration, TW_HOOK_ORDER),
                   "https://seller.example/edited-meanwhile");
  tw_test_outcome_wait (&outcome);
  g_assert_no_error (outcome.error);
  result = g_steal_pointer (&outcome.result);

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_true (tw_auth_has_token (f->auth));
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 2);
  g_assert_cmpstr (tw_demo_server_get_request (f->server, 0)->path, ==, TW_AUTH_TOKEN_PATH);
  request = tw_demo_server_get_request (f->server, 1);
  g_assert_cmpstr (request->path, ==, TW_API_REGISTER_PATH);
  bearer = g_strconcat ("Bearer ", tw_auth_get_access_token (f->auth), NULL);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, bearer);
  g_assert_cmpmem (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                   body, strlen (body));

  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 2);
  g_assert_cmpstr (record_at (f, 0)->kind, ==, "token");
  g_assert_cmpstr (record_at (f, 0)->base_url, ==, f->base_url);
  g_assert_cmpstr (record_at (f, 1)->kind, ==, "registration");

  /* The token is reused while it is valid. */
  g_clear_object (&result);
  result = register_now (f, NULL);
  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 1);
}

static void
test_regrant (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  use_client_credentials (f, TW_AUTH_METHOD_POST);
  tw_auth_set_granted_token (f->auth, "stale-token", 3600, "bearer", NULL);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_INVALID_TOKEN, 1);
  result = register_now (f, NULL);

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 2);
  g_assert_cmpstr (tw_auth_get_access_token (f->auth), !=, "stale-token");
  g_assert_true (g_str_has_prefix (tw_auth_get_access_token (f->auth), "demo-"));

  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 3);
  g_assert_cmpstr (tw_demo_server_get_request (f->server, 0)->path, ==, TW_API_REGISTER_PATH);
  g_assert_cmpstr (tw_demo_server_get_request (f->server, 1)->path, ==, TW_AUTH_TOKEN_PATH);
  g_assert_cmpstr (tw_demo_server_get_request (f->server, 2)->path, ==, TW_API_REGISTER_PATH);

  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 3);
  g_assert_cmpstr (record_at (f, 0)->outcome, ==, "invalid-token");
  g_assert_cmpuint (record_at (f, 0)->attempt, ==, 1);
  g_assert_cmpstr (record_at (f, 1)->kind, ==, "token");
  g_assert_cmpstr (record_at (f, 1)->outcome, ==, "success");
  g_assert_cmpstr (record_at (f, 2)->outcome, ==, "success");
  g_assert_cmpuint (record_at (f, 2)->attempt, ==, 2);
}

static void
test_regrant_only_once (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  use_client_credentials (f, TW_AUTH_METHOD_BASIC);
  tw_auth_set_granted_token (f->auth, "stale-token", 3600, "bearer", NULL);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_INVALID_TOKEN, 5);
  result = register_now (f, NULL);

  assert_failed_with (result, TW_ERROR_INVALID_TOKEN);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 1);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 2);
}

static void
test_grant_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  use_client_credentials (f, TW_AUTH_METHOD_BASIC);
  tw_auth_set_client_secret (f->auth, "not-the-secret");
  result = register_now (f, NULL);

  /* The grant's failure is the answer; nothing was registered. */
  g_assert_cmpint (tw_api_result_get_kind (result), ==, TW_API_KIND_TOKEN);
  assert_failed_with (result, TW_ERROR_AUTH_FAILED);
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "invalid_client");
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 0);
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));
}

/* A string from a record, result or log must not hold any secret. */
static void
assert_no_secret (const char         *text,
                  const char * const *secrets)
{
  if (text == NULL)
    return;

  for (guint i = 0; secrets[i] != NULL; i++)
    if (strstr (text, secrets[i]) != NULL)
      g_error ("a secret leaked into: %s", text);
}

static void
assert_records_clean (Fixture            *f,
                      const char * const *secrets)
{
  for (guint i = 0; i < tw_memory_sink_get_n_records (f->sink); i++)
    {
      const TwHistoryRecord *record = record_at (f, i);

      assert_no_secret (record->url, secrets);
      assert_no_secret (record->message, secrets);
      assert_no_secret (record->request_body, secrets);
      assert_no_secret (record->response_body, secrets);
    }
}

static void
test_no_secrets_logged (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autofree char *first_token = NULL;
  g_autofree char *log = NULL;

  /* As with G_MESSAGES_DEBUG=all: every debug message reaches the writer. */
  g_log_set_debug_enabled (TRUE);
  captured_log = g_string_new (NULL);
  use_client_credentials (f, TW_AUTH_METHOD_POST);

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_INVALID_TOKEN, 1);
  result = register_now (f, NULL);
  g_assert_true (tw_api_result_get_ok (result));
  first_token = g_strdup (tw_auth_get_access_token (f->auth));

  /* A failing exchange logs more. */
  g_clear_object (&result);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SERVER_ERROR, 3);
  result = register_now (f, NULL);

  log = g_string_free (g_steal_pointer (&captured_log), FALSE);
  g_log_set_debug_enabled (FALSE);
  g_assert_nonnull (strstr (log, "MESSAGE="));
  g_assert_nonnull (strstr (log, TW_API_REGISTER_PATH));

  {
    const char * const secrets[] = {
      TW_DEMO_CLIENT_SECRET, first_token, tw_auth_get_access_token (f->auth),
      ORDER_SECRET, STOCK_SECRET, NULL
    };

    assert_no_secret (log, secrets);
    assert_records_clean (f, secrets);
    assert_no_secret (tw_api_result_get_request_headers (result), secrets);
    assert_no_secret (tw_api_result_get_request_body (result), secrets);
  }
}

/* Restarts the simulator over HTTPS with @cert. */
static void
serve_https (Fixture           *f,
             TwTestCertificate *cert)
{
  tw_test_demo_server_serve_https (f->server, cert->certificate);
  g_free (f->base_url);
  f->base_url = g_strdup (tw_demo_server_get_base_url (f->server));
}

static void
test_https_self_signed_refused (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(TwTestCertificate) cert = NULL;

  if (!tw_test_run_https_in_subprocess ())
    return;

  cert = tw_test_certificate_new ();
  g_assert_nonnull (cert);
  serve_https (f, cert);

  result = register_now (f, NULL);
  assert_failed_with (result, TW_ERROR_TLS);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpstr (record_at (f, 0)->outcome, ==, "tls");
  /* Nothing reached the handler. */
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
}

static void
test_https_trusted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwTestCertificate) cert = NULL;

  if (!tw_test_run_https_in_subprocess ())
    return;

  cert = tw_test_certificate_new ();
  g_assert_nonnull (cert);
  serve_https (f, cert);

  database = g_tls_file_database_new (cert->cert_path, &error);
  g_assert_no_error (error);
  tw_api_client_set_tls_database (f->client, database);

  result = register_now (f, NULL);
  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);

  /* Back to the system's CAs, the test's certificate is refused again. */
  tw_api_client_set_tls_database (f->client, NULL);
  g_assert_null (tw_api_client_get_tls_database (f->client));
  g_clear_object (&result);
  g_clear_object (&f->client);
  f->client = tw_api_client_new ();
  result = register_now (f, NULL);
  assert_failed_with (result, TW_ERROR_TLS);
}

static void
test_properties (void)
{
  g_autoptr(TwApiClient) client = tw_api_client_new ();
  g_autoptr(TwMemorySink) sink = tw_memory_sink_new ();
  guint notified = 0;

  g_assert_cmpuint (tw_api_client_get_timeout (client), ==, 30);
  g_assert_cmpuint (tw_api_client_get_backoff_ms (client), ==, 1000);
  g_assert_cmpuint (tw_api_client_get_max_retry_after (client), ==, 30);
  g_assert_null (tw_api_client_get_history_sink (client));
  g_assert_null (tw_api_client_get_tls_database (client));
  g_assert_true (SOUP_IS_SESSION (tw_api_client_get_session (client)));
  g_assert_true (g_str_has_prefix (soup_session_get_user_agent (tw_api_client_get_session (client)),
                                   "TikiWebhooks/" PACKAGE_VERSION " "));
  g_assert_cmpuint (soup_session_get_timeout (tw_api_client_get_session (client)), ==, 30);

  g_signal_connect (client, "notify", G_CALLBACK (tw_test_count_notify), &notified);
  tw_api_client_set_timeout (client, 30);
  tw_api_client_set_backoff_ms (client, 1000);
  tw_api_client_set_history_sink (client, NULL);
  g_assert_cmpuint (notified, ==, 0);

  tw_api_client_set_timeout (client, 5);
  g_assert_cmpuint (soup_session_get_timeout (tw_api_client_get_session (client)), ==, 5);
  tw_api_client_set_backoff_ms (client, 20);
  tw_api_client_set_max_retry_after (client, 10);
  tw_api_client_set_history_sink (client, TW_HISTORY_SINK (sink));
  tw_api_client_set_history_sink (client, TW_HISTORY_SINK (sink));
  g_assert_cmpuint (notified, ==, 4);
}

static void
test_resolve_base (void)
{
  g_autofree char *option = NULL, *production = NULL, *legacy = NULL, *env = NULL;

  g_unsetenv ("TIKI_WEBHOOKS_API_BASE");
  production = tw_api_client_resolve_base (NULL, TW_API_FLAVOUR_CURRENT);
  legacy = tw_api_client_resolve_base ("", TW_API_FLAVOUR_LEGACY);
  g_assert_cmpstr (production, ==, "https://api.tikinow.vn");
  g_assert_cmpstr (legacy, ==, "https://tikinowapi.tiki.vn");

  g_setenv ("TIKI_WEBHOOKS_API_BASE", "http://127.0.0.1:9/", TRUE);
  env = tw_api_client_resolve_base (NULL, TW_API_FLAVOUR_LEGACY);
  option = tw_api_client_resolve_base ("https://proxy.example/tnsl/", TW_API_FLAVOUR_CURRENT);
  g_unsetenv ("TIKI_WEBHOOKS_API_BASE");

  g_assert_cmpstr (env, ==, "http://127.0.0.1:9");
  g_assert_cmpstr (option, ==, "https://proxy.example/tnsl");
}

static void
test_memory_sink (void)
{
  g_autoptr(TwMemorySink) sink = tw_memory_sink_new ();
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();
  g_autoptr(TwHistoryRecord) copy = NULL;

  record->kind = g_strdup ("token");
  record->attempt = 2;
  tw_history_sink_record (TW_HISTORY_SINK (sink), record);
  g_assert_cmpuint (tw_memory_sink_get_n_records (sink), ==, 1);
  g_assert_true (tw_memory_sink_get_record (sink, 0) != record);
  g_assert_cmpstr (tw_memory_sink_get_record (sink, 0)->kind, ==, "token");
  g_assert_cmpstr (tw_memory_sink_get_record (sink, 0)->profile, ==, "");
  g_assert_null (tw_memory_sink_get_record (sink, 1));

  copy = g_boxed_copy (TW_TYPE_HISTORY_RECORD, record);
  g_assert_cmpuint (copy->attempt, ==, 2);
  g_assert_cmpstr (copy->kind, ==, "token");

  tw_memory_sink_clear (sink);
  g_assert_cmpuint (tw_memory_sink_get_n_records (sink), ==, 0);
}

static void
add (const char *path,
     void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_add_func ("/tw/api-client/properties", test_properties);
  g_test_add_func ("/tw/api-client/resolve-base", test_resolve_base);
  g_test_add_func ("/tw/api-client/memory-sink", test_memory_sink);
  add ("/tw/api-client/register/success", test_success);
  add ("/tw/api-client/register/rejected", test_rejected);
  add ("/tw/api-client/register/errors-envelope", test_errors_envelope);
  add ("/tw/api-client/register/invalid-token", test_invalid_token);
  add ("/tw/api-client/register/server-error-retried", test_server_error_retried);
  add ("/tw/api-client/register/server-error-recovers", test_server_error_recovers);
  add ("/tw/api-client/register/unavailable", test_unavailable);
  add ("/tw/api-client/register/retry-after", test_retry_after);
  add ("/tw/api-client/register/retry-after-too-long", test_retry_after_too_long);
  add ("/tw/api-client/register/garbled", test_garbled);
  add ("/tw/api-client/register/oversized", test_oversized);
  add ("/tw/api-client/register/timeout", test_timeout);
  add ("/tw/api-client/register/slow", test_slow);
  add ("/tw/api-client/register/closed-mid-response", test_closed_mid_response);
  add ("/tw/api-client/register/compressed-answer", test_compressed_answer);
  add ("/tw/api-client/register/cannot-connect", test_cannot_connect);
  add ("/tw/api-client/register/cancel-before-send", test_cancel_before);
  add ("/tw/api-client/register/cancel-waiting", test_cancel_waiting);
  add ("/tw/api-client/register/cancel-backoff", test_cancel_backoff);
  add ("/tw/api-client/register/busy", test_busy);
  add ("/tw/api-client/register/invalid-input", test_invalid_input);
  add ("/tw/api-client/register/invalid-input-problems", test_invalid_input_problems);
  add ("/tw/api-client/register/invalid-base", test_invalid_base);
  add ("/tw/api-client/register/grant-first", test_grant_first);
  add ("/tw/api-client/register/regrant", test_regrant);
  add ("/tw/api-client/register/regrant-only-once", test_regrant_only_once);
  add ("/tw/api-client/register/grant-refused", test_grant_refused);
  add ("/tw/api-client/log/no-secrets", test_no_secrets_logged);
  add ("/tw/api-client/https/self-signed-refused", test_https_self_signed_refused);
  add ("/tw/api-client/https/trusted-database", test_https_trusted);

  return g_test_run ();
}
