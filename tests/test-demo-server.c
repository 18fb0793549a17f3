/* test-demo-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-demo-server"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-test-http.h"

#define SECRET_A "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define SECRET_B "M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re"
#define ORDER_HOOK "\"order\":{\"url\":\"https://s.example/o\",\"secret_key\":\"" SECRET_A "\"}"
#define STOCK_HOOK "\"stock\":{\"url\":\"https://s.example/s\",\"secret_key\":\"" SECRET_B "\"}"
#define AFTERSALE_HOOK \
  "\"aftersale\":{\"url\":\"https://s.example/a\",\"secret_key\":\"" SECRET_B "\"}"
#define BODY(warehouses, hooks) \
  "{\"sync_inventory_location\":[" warehouses "],\"sync_webhook\":{" hooks "}}"
#define GOOD_BODY BODY ("\"sgn\"", ORDER_HOOK "," STOCK_HOOK)
#define BEARER "Bearer some-token"
#define FORM "application/x-www-form-urlencoded"

typedef struct
{
  TwDemoServer *server;
  SoupSession  *session;
} Fixture;

/* One exchange, as seen by a plain HTTP client. */
typedef struct
{
  SoupMessage *message;
  GBytes      *body;
  GError      *error;
  JsonNode    *json;
  gboolean     done;
} Exchange;

static void
exchange_clear (Exchange *ex)
{
  g_clear_object (&ex->message);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_clear_error (&ex->error);
  g_clear_pointer (&ex->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Exchange, exchange_clear)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->server = tw_test_demo_server_new ();
  f->session = soup_session_new_with_options ("timeout", 5, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->server);
}

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Exchange *ex = user_data;

  ex->body = soup_session_send_and_read_finish (SOUP_SESSION (source), res, &ex->error);
  ex->done = TRUE;
}

/* Sends @body to @path with an optional Authorization header, waits for
 * the answer and parses it as JSON when it is. */
static void
send_request (Fixture    *f,
              Exchange   *ex,
              const char *method,
              const char *path,
              const char *content_type,
              const char *body,
              const char *authorization)
{
  g_autofree char *url = g_strconcat (tw_demo_server_get_base_url (f->server), path, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length = 0;
  const char *data;

  ex->message = soup_message_new (method, url);
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (ex->message),
                                  "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (ex->message, content_type, bytes);
    }

  soup_session_send_and_read_async (f->session, ex->message, G_PRIORITY_DEFAULT, NULL,
                                    read_cb, ex);
  tw_test_wait_for (&ex->done);

  if (ex->body == NULL)
    return;
  data = g_bytes_get_data (ex->body, &length);
  if (length > 0 && json_parser_load_from_data (parser, data, length, NULL))
    ex->json = json_node_copy (json_parser_get_root (parser));
}

static void
post_register (Fixture    *f,
               Exchange   *ex,
               const char *body,
               const char *authorization)
{
  send_request (f, ex, "POST", TW_API_REGISTER_PATH, "application/json", body, authorization);
}

static void
post_token (Fixture    *f,
            Exchange   *ex,
            const char *form,
            const char *authorization)
{
  send_request (f, ex, "POST", TW_AUTH_TOKEN_PATH, FORM, form, authorization);
}

static const char *
json_string (Exchange   *ex,
             const char *path)
{
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  g_assert_nonnull (ex->json);
  found = json_path_query (path, ex->json, &error);
  g_assert_no_error (error);
  array = json_node_get_array (found);
  if (json_array_get_length (array) == 0)
    return NULL;
  /* The string lives in ex->json, which outlives this copy. */
  return g_intern_string (json_array_get_string_element (array, 0));
}

static gint64
json_int (Exchange   *ex,
          const char *path)
{
  g_autoptr(JsonNode) found = json_path_query (path, ex->json, NULL);
  JsonArray *array = json_node_get_array (found);

  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  return json_array_get_int_element (array, 0);
}

static guint
status_of (Exchange *ex)
{
  g_assert_no_error (ex->error);
  return soup_message_get_status (ex->message);
}

/* TNSL's first envelope, with the given status and code. */
static void
assert_error_envelope (Exchange   *ex,
                       guint       status,
                       const char *message_code)
{
  g_assert_cmpuint (status_of (ex), ==, status);
  g_assert_nonnull (ex->json);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (ex->json), "success"));
  g_assert_cmpint (json_int (ex, "$.error.status_code"), ==, status);
  g_assert_cmpstr (json_string (ex, "$.error.message_code"), ==, message_code);
  g_assert_nonnull (json_string (ex, "$.error.message"));
  g_assert_true (tw_test_is_request_id (json_string (ex, "$.meta_data.request_id")));
}

static void
test_start_stop (void)
{
  g_autoptr(TwDemoServer) server = tw_demo_server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  guint notified = 0;
  guint port;

  g_assert_null (tw_demo_server_get_base_url (server));
  g_signal_connect (server, "notify::base-url", G_CALLBACK (tw_test_count_notify), &notified);

  g_assert_true (tw_demo_server_start (server, 0, &error));
  g_assert_no_error (error);
  port = tw_demo_server_get_port (server);
  g_assert_cmpuint (port, >, 0);
  expected = g_strdup_printf ("http://127.0.0.1:%u", port);
  g_assert_cmpstr (tw_demo_server_get_base_url (server), ==, expected);
  g_assert_cmpuint (notified, ==, 1);

  tw_demo_server_stop (server);
  g_assert_null (tw_demo_server_get_base_url (server));
  g_assert_cmpuint (tw_demo_server_get_port (server), ==, 0);
  g_assert_cmpuint (notified, ==, 2);
  tw_demo_server_stop (server);
  g_assert_cmpuint (notified, ==, 2);

  /* The same port again, as `demo-server --port N` asks. */
  g_assert_true (tw_demo_server_start (server, port, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tw_demo_server_get_base_url (server), ==, expected);
}

static void
test_properties (void)
{
  g_autoptr(TwDemoServer) server = tw_demo_server_new ();
  guint notified = 0;

  g_assert_cmpint (tw_demo_server_get_flavour (server), ==, TW_API_FLAVOUR_CURRENT);
  g_assert_cmpint (tw_demo_server_get_auth_methods (server), ==, TW_DEMO_AUTH_ANY);
  g_assert_cmpuint (tw_demo_server_get_retry_after (server), ==, 1);
  g_assert_cmpuint (tw_demo_server_get_delay_ms (server), ==, 2000);
  g_assert_null (tw_demo_server_get_tls_certificate (server));

  g_signal_connect (server, "notify", G_CALLBACK (tw_test_count_notify), &notified);
  tw_demo_server_set_flavour (server, TW_API_FLAVOUR_CURRENT);
  tw_demo_server_set_auth_methods (server, TW_DEMO_AUTH_ANY);
  tw_demo_server_set_retry_after (server, 1);
  tw_demo_server_set_delay_ms (server, 2000);
  tw_demo_server_set_tls_certificate (server, NULL);
  g_assert_cmpuint (notified, ==, 0);

  g_object_set (server,
                "flavour", TW_API_FLAVOUR_LEGACY,
                "auth-methods", TW_DEMO_AUTH_POST_ONLY,
                "retry-after", 7,
                "delay-ms", 10,
                NULL);
  g_assert_cmpuint (notified, ==, 4);
  g_assert_cmpint (tw_demo_server_get_flavour (server), ==, TW_API_FLAVOUR_LEGACY);
  g_assert_cmpint (tw_demo_server_get_auth_methods (server), ==, TW_DEMO_AUTH_POST_ONLY);
  g_assert_cmpuint (tw_demo_server_get_retry_after (server), ==, 7);
  g_assert_cmpuint (tw_demo_server_get_delay_ms (server), ==, 10);
}

static void
test_register_success (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Exchange) first = { 0 };
  g_auto(Exchange) second = { 0 };
  const TwDemoRequest *request;
  const char *id;

  post_register (f, &first, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&first), ==, 200);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (first.json), "success"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (first.json),
                                                                 "data")));
  id = json_string (&first, "$.meta_data.request_id");
  g_assert_true (tw_test_is_request_id (id));

  post_register (f, &second, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&second), ==, 200);
  g_assert_cmpstr (json_string (&second, "$.meta_data.request_id"), !=, id);

  /* What it saw, for tests to check. */
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 2);
  request = tw_demo_server_get_request (f->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, TW_API_REGISTER_PATH);
  g_assert_null (request->query);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, BEARER);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Content-Type"), ==,
                   "application/json");
  g_assert_cmpmem (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                   GOOD_BODY, strlen (GOOD_BODY));
  g_assert_null (tw_demo_server_get_request (f->server, 2));
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 2);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 0);

  tw_demo_server_clear_requests (f->server);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
}

static void
test_register_token (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Exchange) missing = { 0 };
  g_auto(Exchange) expired = { 0 };
  g_auto(Exchange) basic = { 0 };
  g_auto(Exchange) empty = { 0 };

  post_register (f, &missing, GOOD_BODY, NULL);
  assert_error_envelope (&missing, 401, "INVALID_TOKEN");
  g_assert_cmpstr (json_string (&missing, "$.error.message"), ==, "Unauthorized");

  post_register (f, &expired, GOOD_BODY, "Bearer " TW_DEMO_EXPIRED_TOKEN);
  assert_error_envelope (&expired, 401, "INVALID_TOKEN");

  post_register (f, &basic, GOOD_BODY, "Basic ZGVtbzpkZW1vLXNlY3JldA==");
  assert_error_envelope (&basic, 401, "INVALID_TOKEN");

  post_register (f, &empty, GOOD_BODY, "Bearer ");
  assert_error_envelope (&empty, 401, "INVALID_TOKEN");
}

static void
test_register_validation (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Exchange) garbage = { 0 };
  g_auto(Exchange) short_secret = { 0 };
  g_auto(Exchange) no_warehouse = { 0 };

  post_register (f, &garbage, "{\"sync_inventory_location\": [", BEARER);
  assert_error_envelope (&garbage, 400, "INVALID_REQUEST");

  post_register (f, &short_secret,
                 BODY ("\"sgn\"", "\"order\":{\"url\":\"https://s.example/o\","
                       "\"secret_key\":\"tooshort\"}"), BEARER);
  assert_error_envelope (&short_secret, 400, "INVALID_REQUEST");
  g_assert_nonnull (strstr (json_string (&short_secret, "$.error.message"),
                            "sync_webhook.order.secret_key"));

  post_register (f, &no_warehouse, BODY ("", ORDER_HOOK), BEARER);
  assert_error_envelope (&no_warehouse, 400, "INVALID_REQUEST");
  g_assert_nonnull (strstr (json_string (&no_warehouse, "$.error.message"),
                            "sync_inventory_location"));
}

static void
test_register_flavour (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Exchange) current = { 0 };
  g_auto(Exchange) legacy_no_stock = { 0 };
  g_auto(Exchange) legacy_aftersale = { 0 };
  g_auto(Exchange) legacy_ok = { 0 };

  /* The current API: stock optional. */
  post_register (f, &current, BODY ("\"sgn\"", ORDER_HOOK), BEARER);
  g_assert_cmpuint (status_of (&current), ==, 200);

  tw_demo_server_set_flavour (f->server, TW_API_FLAVOUR_LEGACY);
  post_register (f, &legacy_no_stock, BODY ("\"sgn\"", ORDER_HOOK), BEARER);
  assert_error_envelope (&legacy_no_stock, 400, "INVALID_REQUEST");
  g_assert_nonnull (strstr (json_string (&legacy_no_stock, "$.error.message"), "stock"));

  post_register (f, &legacy_aftersale,
                 BODY ("\"sgn\"", ORDER_HOOK "," STOCK_HOOK "," AFTERSALE_HOOK), BEARER);
  assert_error_envelope (&legacy_aftersale, 400, "INVALID_REQUEST");
  g_assert_nonnull (strstr (json_string (&legacy_aftersale, "$.error.message"), "aftersale"));

  post_register (f, &legacy_ok, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&legacy_ok), ==, 200);
}

static void
test_register_unknown_warehouse (Fixture       *f,
                                 gconstpointer  data)
{
  g_auto(Exchange) ex = { 0 };

  post_register (f, &ex, BODY ("\"sgn\",\"" TW_DEMO_UNKNOWN_WAREHOUSE "\"", ORDER_HOOK), BEARER);
  assert_error_envelope (&ex, 400, "INVALID_WAREHOUSE");
}

static void
test_fault_counts (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Exchange) first = { 0 };
  g_auto(Exchange) second = { 0 };
  g_auto(Exchange) third = { 0 };
  g_auto(Exchange) token = { 0 };
  g_auto(Exchange) cleared = { 0 };

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_INVALID_TOKEN, 2);

  /* The token endpoint is never faulted and does not use up a fault. */
  post_token (f, &token, "grant_type=client_credentials&client_id=demo&client_secret=demo-secret",
              NULL);
  g_assert_cmpuint (status_of (&token), ==, 200);

  post_register (f, &first, GOOD_BODY, BEARER);
  assert_error_envelope (&first, 401, "INVALID_TOKEN");
  post_register (f, &second, GOOD_BODY, BEARER);
  assert_error_envelope (&second, 401, "INVALID_TOKEN");
  post_register (f, &third, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&third), ==, 200);

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SERVER_ERROR, 5);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_NONE, 5);
  post_register (f, &cleared, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&cleared), ==, 200);
}

static void
test_fault_server_error (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(Exchange) ex = { 0 };
  SoupMessageHeaders *headers;

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SERVER_ERROR, 1);
  post_register (f, &ex, GOOD_BODY, BEARER);

  g_assert_cmpuint (status_of (&ex), ==, 500);
  g_assert_null (ex.json);
  headers = soup_message_get_response_headers (ex.message);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  g_assert_true (tw_test_is_request_id (soup_message_headers_get_one (headers, "X-Request-Id")));
}

static void
test_fault_retry_later (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Exchange) unavailable = { 0 };
  g_auto(Exchange) limited = { 0 };

  tw_demo_server_set_retry_after (f->server, 3);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_UNAVAILABLE, 1);
  post_register (f, &unavailable, GOOD_BODY, BEARER);
  assert_error_envelope (&unavailable, 503, "SERVICE_UNAVAILABLE");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (
                     unavailable.message), "Retry-After"), ==, "3");

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_RATE_LIMITED, 1);
  post_register (f, &limited, GOOD_BODY, BEARER);
  assert_error_envelope (&limited, 429, "TOO_MANY_REQUESTS");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (
                     limited.message), "Retry-After"), ==, "3");
}

static void
test_fault_bodies (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Exchange) garbled = { 0 };
  g_auto(Exchange) oversized = { 0 };
  g_auto(Exchange) errors = { 0 };

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_GARBLED, 1);
  post_register (f, &garbled, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&garbled), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (garbled.body), >, 0);
  g_assert_null (garbled.json);

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_OVERSIZED, 1);
  post_register (f, &oversized, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&oversized), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (oversized.body), >, TW_API_MAX_RESPONSE_SIZE);

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_ERRORS_ENVELOPE, 1);
  post_register (f, &errors, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&errors), ==, 400);
  g_assert_cmpstr (json_string (&errors, "$.errors[0].code"), ==, "BAD_REQUEST");
  g_assert_cmpstr (json_string (&errors, "$.errors[0].message_en"), ==, "invalid data");
  g_assert_nonnull (json_string (&errors, "$.errors[0].message"));
  g_assert_true (tw_test_is_request_id (json_string (&errors, "$.metadata.request_id")));
  g_assert_null (json_string (&errors, "$.meta_data.request_id"));
}

static void
test_fault_timing (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Exchange) slow = { 0 };
  g_auto(Exchange) never = { 0 };
  g_autoptr(GTimer) timer = g_timer_new ();

  tw_demo_server_set_delay_ms (f->server, 200);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SLOW, 1);
  post_register (f, &slow, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&slow), ==, 200);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.18);

  soup_session_set_timeout (f->session, 1);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_NO_RESPONSE, 1);
  g_timer_start (timer);
  post_register (f, &never, GOOD_BODY, BEARER);
  g_assert_error (never.error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), >=, 0.7);
}

static void
test_fault_close_mid_response (Fixture       *f,
                               gconstpointer  data)
{
  g_auto(Exchange) closed = { 0 };
  g_auto(Exchange) next = { 0 };

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_CLOSE_MID_RESPONSE, 1);
  post_register (f, &closed, GOOD_BODY, BEARER);
  g_assert_nonnull (closed.error);
  g_assert_null (closed.body);

  /* The simulator keeps serving. */
  post_register (f, &next, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&next), ==, 200);
}

/* Answers cut where SoupServer never cuts them, as a plain client sees
 * them. */
static void
test_fault_cut_answers (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Exchange) status_line = { 0 };
  g_auto(Exchange) headers = { 0 };
  g_auto(Exchange) chunk = { 0 };
  g_auto(Exchange) short_body = { 0 };
  g_auto(Exchange) next = { 0 };
  SoupMessageHeaders *head;

  /* libsoup reads a lone status line as a whole answer without a body. */
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_CLOSE_AFTER_STATUS_LINE, 1);
  post_register (f, &status_line, GOOD_BODY, BEARER);
  g_assert_no_error (status_line.error);
  g_assert_cmpuint (status_of (&status_line), ==, 200);
  g_assert_cmpuint (g_bytes_get_size (status_line.body), ==, 0);

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_CLOSE_AFTER_HEADERS, 1);
  post_register (f, &headers, GOOD_BODY, BEARER);
  g_assert_error (headers.error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  head = soup_message_get_response_headers (headers.message);
  g_assert_cmpuint (soup_message_get_status (headers.message), ==, 200);
  g_assert_cmpint (soup_message_headers_get_content_length (head), >, 0);
  g_assert_true (tw_test_is_request_id (soup_message_headers_get_one (head, "X-Request-Id")));

  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_CLOSE_MID_CHUNK, 1);
  post_register (f, &chunk, GOOD_BODY, BEARER);
  g_assert_error (chunk.error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_cmpint (soup_message_headers_get_encoding (
                     soup_message_get_response_headers (chunk.message)), ==,
                   SOUP_ENCODING_CHUNKED);

  /* Read to the end of the connection without an error: only the
   * Content-Length shows the body is short. */
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_SHORT_BODY, 1);
  post_register (f, &short_body, GOOD_BODY, BEARER);
  g_assert_no_error (short_body.error);
  head = soup_message_get_response_headers (short_body.message);
  g_assert_cmpint (g_bytes_get_size (short_body.body), >, 0);
  g_assert_cmpint (g_bytes_get_size (short_body.body), <,
                   soup_message_headers_get_content_length (head));

  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 4);
  post_register (f, &next, GOOD_BODY, BEARER);
  g_assert_cmpuint (status_of (&next), ==, 200);
}

static void
assert_token (Exchange *ex)
{
  g_assert_cmpuint (status_of (ex), ==, 200);
  g_assert_true (g_str_has_prefix (json_string (ex, "$.access_token"), "demo-"));
  g_assert_cmpint (json_int (ex, "$.expires_in"), ==, 3600);
  g_assert_cmpstr (json_string (ex, "$.token_type"), ==, "bearer");
  g_assert_nonnull (json_string (ex, "$.scope"));
}

static void
assert_invalid_client (Exchange *ex)
{
  g_assert_cmpuint (status_of (ex), ==, 401);
  g_assert_cmpstr (json_string (ex, "$.error"), ==, "invalid_client");
  g_assert_nonnull (json_string (ex, "$.error_description"));
  g_assert_cmpint (json_int (ex, "$.status_code"), ==, 401);
}

static void
test_token_methods (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Exchange) basic = { 0 };
  g_auto(Exchange) post = { 0 };
  g_auto(Exchange) basic_refused = { 0 };
  g_auto(Exchange) post_refused = { 0 };

  post_token (f, &basic, "grant_type=client_credentials", "Basic ZGVtbzpkZW1vLXNlY3JldA==");
  assert_token (&basic);
  post_token (f, &post, "grant_type=client_credentials&client_id=demo&client_secret=demo-secret",
              NULL);
  assert_token (&post);
  g_assert_cmpstr (json_string (&basic, "$.access_token"), !=,
                   json_string (&post, "$.access_token"));

  tw_demo_server_set_auth_methods (f->server, TW_DEMO_AUTH_POST_ONLY);
  post_token (f, &basic_refused, "grant_type=client_credentials",
              "Basic ZGVtbzpkZW1vLXNlY3JldA==");
  assert_invalid_client (&basic_refused);
  g_assert_nonnull (strstr (json_string (&basic_refused, "$.error_description"),
                            "client_secret_basic"));

  tw_demo_server_set_auth_methods (f->server, TW_DEMO_AUTH_BASIC_ONLY);
  post_token (f, &post_refused,
              "grant_type=client_credentials&client_id=demo&client_secret=demo-secret", NULL);
  assert_invalid_client (&post_refused);
  g_assert_nonnull (strstr (json_string (&post_refused, "$.error_description"),
                            "client_secret_post"));
}

static void
test_token_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Exchange) wrong_secret = { 0 };
  g_auto(Exchange) unknown = { 0 };
  g_auto(Exchange) anonymous = { 0 };
  g_auto(Exchange) grant_type = { 0 };

  post_token (f, &wrong_secret,
              "grant_type=client_credentials&client_id=demo&client_secret=nope", NULL);
  assert_invalid_client (&wrong_secret);

  /* base64 ("other:demo-secret") */
  post_token (f, &unknown, "grant_type=client_credentials", "Basic b3RoZXI6ZGVtby1zZWNyZXQ=");
  assert_invalid_client (&unknown);

  post_token (f, &anonymous, "grant_type=client_credentials", NULL);
  assert_invalid_client (&anonymous);

  post_token (f, &grant_type, "grant_type=password&client_id=demo&client_secret=demo-secret",
              NULL);
  g_assert_cmpuint (status_of (&grant_type), ==, 400);
  g_assert_cmpstr (json_string (&grant_type, "$.error"), ==, "unsupported_grant_type");
}

static void
test_other_requests (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(Exchange) get = { 0 };
  g_auto(Exchange) unknown = { 0 };

  send_request (f, &get, "GET", TW_API_REGISTER_PATH, NULL, NULL, BEARER);
  assert_error_envelope (&get, 405, "METHOD_NOT_ALLOWED");

  send_request (f, &unknown, "POST", "/business/v1/nothing-here", "application/json", "{}",
                BEARER);
  assert_error_envelope (&unknown, 404, "NOT_FOUND");
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 2);
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

  g_test_add_func ("/tw/demo-server/start-stop", test_start_stop);
  g_test_add_func ("/tw/demo-server/properties", test_properties);
  add ("/tw/demo-server/register/success", test_register_success);
  add ("/tw/demo-server/register/token", test_register_token);
  add ("/tw/demo-server/register/validation", test_register_validation);
  add ("/tw/demo-server/register/flavour", test_register_flavour);
  add ("/tw/demo-server/register/unknown-warehouse", test_register_unknown_warehouse);
  add ("/tw/demo-server/fault/counts", test_fault_counts);
  add ("/tw/demo-server/fault/server-error", test_fault_server_error);
  add ("/tw/demo-server/fault/retry-later", test_fault_retry_later);
  add ("/tw/demo-server/fault/bodies", test_fault_bodies);
  add ("/tw/demo-server/fault/timing", test_fault_timing);
  add ("/tw/demo-server/fault/close-mid-response", test_fault_close_mid_response);
  add ("/tw/demo-server/fault/cut-answers", test_fault_cut_answers);
  add ("/tw/demo-server/token/methods", test_token_methods);
  add ("/tw/demo-server/token/refused", test_token_refused);
  add ("/tw/demo-server/other-requests", test_other_requests);

  return g_test_run ();
}
