/* test-test-delivery.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-test-delivery"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-error.h"
#include "tw-hook.h"
#include "tw-sample-payloads.h"
#include "tw-test-http.h"

#define SECRET "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define PROFILE "shop-a"

/* Computed outside this code base:
 *   printf '%s' "$VECTOR_BODY" | openssl dgst -sha1 -hmac "$SECRET" */
#define VECTOR_BODY "{\"data\":{\"date\":\"2022-11-24T11:12:20+07:00\",\"sku\":\"2718281\"," \
                    "\"warehouse\":\"sgn3\",\"qty_salable\":42,\"seller_product_code\":" \
                    "\"SP-001\",\"partner_id\":\"shop-42\"}}"
#define VECTOR_SIGNATURE "sha1=98828f21ba6ad73dece2764791b972fa6406cfdd"

/* How the receiver of a test behaves. */
typedef enum
{
  RECEIVER_VERIFYING, /* 200 for a valid signature, 401 otherwise */
  RECEIVER_TRUSTING,  /* 200 whatever the signature */
  RECEIVER_FAILING,   /* 500 always */
  RECEIVER_VERBOSE,   /* 200 with a 200 KiB body */
} ReceiverMode;

typedef struct
{
  SoupServer   *server;
  ReceiverMode  mode;
  char         *url;
  TwApiClient  *client;
  TwMemorySink *sink;
  TwHook       *hook;

  /* What the receiver got last. */
  guint         n_requests;
  GBytes       *body;
  char         *content_type;
  char         *signature;
  char         *method;
} Fixture;

/* The receiver's own HMAC, with GLib's GHmac, not tw-secret. */
static gboolean
receiver_signature_is_valid (GBytes     *body,
                             const char *header)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) SECRET, strlen (SECRET));
  g_autofree char *expected = NULL;
  gsize length = 0;
  const guchar *data = g_bytes_get_data (body, &length);

  g_hmac_update (hmac, data, (gssize) length);
  expected = g_strconcat ("sha1=", g_hmac_get_string (hmac), NULL);
  return g_strcmp0 (expected, header) == 0;
}

static guint
receiver_status (Fixture *f)
{
  switch (f->mode)
    {
    case RECEIVER_VERIFYING:
      return receiver_signature_is_valid (f->body, f->signature) ? 200 : 401;
    case RECEIVER_FAILING:
      return 500;
    case RECEIVER_TRUSTING:
    case RECEIVER_VERBOSE:
    default:
      return 200;
    }
}

static void
set_response (Fixture           *f,
              SoupServerMessage *msg,
              guint              status)
{
  if (f->mode == RECEIVER_VERBOSE)
    {
      gsize size = 200 * 1024;
      char *text = g_malloc (size);

      memset (text, 'x', size);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_TAKE, text, size);
    }
  else if (status == 200)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"success\": true}", 17);
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"success\": false}", 18);

  soup_server_message_set_status (msg, status, NULL);
}

static void
receive (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  f->n_requests++;
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->content_type);
  g_free (f->signature);
  g_free (f->method);
  f->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  f->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  f->signature = g_strdup (soup_message_headers_get_one (headers, "x-signature"));
  f->method = g_strdup (soup_server_message_get_method (msg));

  set_response (f, msg, receiver_status (f));
}

static void
listen_receiver (Fixture                *f,
                 SoupServerListenOptions options)
{
  g_autofree char *base = NULL;

  soup_server_add_handler (f->server, NULL, receive, f, NULL);
  base = tw_test_soup_server_listen (f->server, options);
  g_free (f->url);
  f->url = g_strconcat (base, "/webhooks/order", NULL);
  tw_hook_set_url (f->hook, f->url);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->mode = GPOINTER_TO_INT (data);
  f->hook = tw_hook_new (TW_HOOK_ORDER);
  tw_hook_set_secret_key (f->hook, SECRET);
  f->server = soup_server_new (NULL, NULL);
  listen_receiver (f, 0);

  f->sink = tw_memory_sink_new ();
  f->client = tw_api_client_new ();
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (f->sink));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->sink);
  g_clear_object (&f->hook);
  if (f->server != NULL)
    soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_clear_pointer (&f->url, g_free);
  g_clear_pointer (&f->content_type, g_free);
  g_clear_pointer (&f->signature, g_free);
  g_clear_pointer (&f->method, g_free);
}

/* Sends @body and returns the result; @error receives the early refusals. */
static TwApiResult *
send_now (Fixture     *f,
          const char  *body,
          gboolean     forged,
          GError     **error)
{
  TwTestOutcome outcome = { 0 };

  tw_api_client_send_test_async (f->client, PROFILE, f->hook, body, -1, forged, NULL,
                                 tw_test_outcome_sent_cb, &outcome);
  tw_test_outcome_wait (&outcome);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);
  return outcome.result;
}

static TwApiResult *
send_sample (Fixture  *f,
             gboolean  forged)
{
  g_autofree char *body = tw_sample_payload_new (TW_HOOK_ORDER, NULL);
  g_autoptr(GError) error = NULL;
  TwApiResult *result = send_now (f, body, forged, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (tw_api_result_get_kind (result), ==, TW_API_KIND_TEST_DELIVERY);
  g_assert_cmpint (tw_api_result_get_forged (result), ==, forged);
  return result;
}

static void
assert_verdict (TwApiResult   *result,
                TwTestVerdict  verdict,
                guint          status)
{
  g_assert_cmpstr (tw_test_verdict_to_string (tw_api_result_get_verdict (result)), ==,
                   tw_test_verdict_to_string (verdict));
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, status);
  g_assert_cmpint (tw_api_result_get_ok (result), ==, tw_test_verdict_is_good (verdict));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_true (g_str_has_prefix (tw_api_result_get_message (result),
                                   tw_test_verdict_explain (verdict)));
}

static void
assert_error (TwApiResult *result,
              TwErrorCode  code)
{
  const GError *error = tw_api_result_get_error (result);

  g_assert_error ((GError *) error, TW_ERROR, (int) code);
  g_assert_cmpstr (error->message, ==, tw_api_result_get_message (result));
}

static void
test_openssl_vector (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwApiResult) result = send_now (f, VECTOR_BODY, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (f->signature, ==, VECTOR_SIGNATURE);
  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED, 200);
}

static void
test_exact_bytes (Fixture       *f,
                  gconstpointer  data)
{
  /* Odd spacing and a non-ASCII character: nothing may re-serialise it. */
  const char *body = "{ \"data\" :{\"reason\":\"Đặt trùng\",  \"n\": 1.50 }\n}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TwApiResult) result = send_now (f, body, FALSE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpstr (f->method, ==, "POST");
  g_assert_cmpmem (g_bytes_get_data (f->body, NULL), g_bytes_get_size (f->body),
                   body, strlen (body));
  g_assert_cmpstr (f->content_type, ==, "application/json");
  g_assert_true (g_regex_match_simple ("^sha1=[0-9a-f]{40}$", f->signature, 0, 0));
  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED, 200);
  g_assert_nonnull (strstr (tw_api_result_get_request_headers (result), f->signature));
  g_assert_cmpstr (tw_api_result_get_response_text (result), ==, "{\"success\": true}");
  g_assert_nonnull (strstr (tw_api_result_get_response_headers (result), "application/json"));
}

static void
test_verifying_genuine (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, FALSE);

  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED, 200);
  g_assert_null (tw_api_result_get_error (result));
  g_assert_cmpstr (tw_api_result_get_outcome (result), ==, "success");
  g_assert_true (receiver_signature_is_valid (f->body, f->signature));
}

static void
test_verifying_forged (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, TRUE);

  assert_verdict (result, TW_TEST_VERDICT_REJECTED_FORGED, 401);
  g_assert_null (tw_api_result_get_error (result));
  /* Looks like a signature, but is not the right one. */
  g_assert_true (g_regex_match_simple ("^sha1=[0-9a-f]{40}$", f->signature, 0, 0));
  g_assert_false (receiver_signature_is_valid (f->body, f->signature));
}

static void
test_trusting_genuine (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, FALSE);

  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED, 200);
}

static void
test_trusting_forged (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, TRUE);

  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED_FORGED, 200);
  assert_error (result, TW_ERROR_BAD_RESPONSE);
  g_assert_nonnull (strstr (tw_api_result_get_message (result), "x-signature"));
}

static void
test_failing_genuine (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, FALSE);

  assert_verdict (result, TW_TEST_VERDICT_FAILED, 500);
  assert_error (result, TW_ERROR_SERVER_ERROR);
  g_assert_nonnull (strstr (tw_api_result_get_message (result), "HTTP 500"));
  /* No retries: one delivery, one record. */
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
}

static void
test_failing_forged (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, TRUE);

  /* Refused, for whatever reason: what a forged delivery should get. */
  assert_verdict (result, TW_TEST_VERDICT_REJECTED_FORGED, 500);
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TwApiResult) result = send_sample (f, FALSE);

  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED, 200);
  g_assert_true (tw_api_result_get_response_truncated (result));
  g_assert_cmpuint (g_bytes_get_size (tw_api_result_get_response_body (result)), ==,
                    TW_API_MAX_TEST_RESPONSE_SIZE);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *body = tw_sample_payload_new (TW_HOOK_ORDER, NULL);
  g_autoptr(TwApiResult) genuine = send_now (f, body, FALSE, NULL);
  g_autoptr(TwApiResult) forged = send_now (f, body, TRUE, NULL);
  g_autofree char *base = NULL;

  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 2);
  base = g_strndup (f->url, strstr (f->url, "/webhooks") - f->url);

  for (guint i = 0; i < 2; i++)
    {
      const TwHistoryRecord *record = tw_memory_sink_get_record (f->sink, i);

      g_assert_cmpstr (record->kind, ==, "test delivery");
      g_assert_cmpstr (record->profile, ==, PROFILE);
      g_assert_cmpstr (record->method, ==, "POST");
      g_assert_cmpstr (record->url, ==, f->url);
      g_assert_cmpstr (record->base_url, ==, base);
      g_assert_cmpstr (record->request_body, ==, body);
      g_assert_cmpstr (record->outcome, ==, "success");
      g_assert_cmpuint (record->attempt, ==, 1);
      g_assert_null (strstr (record->request_body, SECRET));
      g_assert_null (strstr (record->message, SECRET));
      g_assert_null (strstr (record->response_body, SECRET));
    }

  g_assert_cmpuint (tw_memory_sink_get_record (f->sink, 0)->http_status, ==, 200);
  g_assert_cmpuint (tw_memory_sink_get_record (f->sink, 1)->http_status, ==, 401);
  g_assert_cmpstr (tw_memory_sink_get_record (f->sink, 1)->message, ==,
                   tw_api_result_get_message (forged));
  g_assert_null (strstr (tw_api_result_get_request_headers (genuine), SECRET));
}

/* A receiver that answers 200, then drops the connection in the middle of
 * its body (the simulator, with a fault): the delivery arrived and was
 * accepted, whatever happened to the rest of the body. */
static void
test_cut_off_answer (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TwDemoServer) receiver = tw_test_demo_server_new ();
  g_autofree char *url = g_strconcat (tw_demo_server_get_base_url (receiver),
                                      TW_API_REGISTER_PATH, NULL);
  g_autoptr(TwApiResult) result = NULL;

  tw_hook_set_url (f->hook, url);
  tw_demo_server_set_fault (receiver, TW_DEMO_FAULT_CLOSE_AFTER_HEADERS, 1);
  result = send_sample (f, FALSE);

  assert_verdict (result, TW_TEST_VERDICT_ACCEPTED, 200);
  g_assert_null (tw_api_result_get_error (result));
  g_assert_cmpuint (tw_demo_server_count_requests (receiver, TW_API_REGISTER_PATH), ==, 1);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  g_assert_cmpstr (tw_memory_sink_get_record (f->sink, 0)->outcome, ==, "success");
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  /* The port is free again once the receiver is gone. */
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);

  result = send_sample (f, FALSE);
  assert_verdict (result, TW_TEST_VERDICT_UNREACHABLE, 0);
  assert_error (result, TW_ERROR_CANNOT_CONNECT);
  g_assert_null (tw_api_result_get_tls_problem (result));
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  g_assert_cmpstr (tw_memory_sink_get_record (f->sink, 0)->outcome, ==, "cannot-connect");
  g_assert_cmpstr (tw_memory_sink_get_record (f->sink, 0)->kind, ==, "test delivery");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) any = NULL, bound = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autofree char *url = NULL;

  /* A listener that never accepts: the kernel completes the connection and
   * takes the request, and no answer ever comes. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  any = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  url = g_strdup_printf ("http://127.0.0.1:%u/hook",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  tw_hook_set_url (f->hook, url);
  tw_api_client_set_timeout (f->client, 1);

  result = send_sample (f, FALSE);
  assert_verdict (result, TW_TEST_VERDICT_UNREACHABLE, 0);
  assert_error (result, TW_ERROR_TIMED_OUT);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
}

static void
assert_refused_input (Fixture    *f,
                      const char *body,
                      const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwApiResult) result = send_now (f, body, FALSE, &error);

  g_assert_null (result);
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, fragment));
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 0);
}

static void
test_invalid_input (Fixture       *f,
                    gconstpointer  data)
{
  assert_refused_input (f, "{\"data\": }", "not valid JSON");
  /* The parser's message says where. */
  assert_refused_input (f, "{\"data\": }", "1:10");
  assert_refused_input (f, "", "empty");
  assert_refused_input (f, "   \n", "empty");

  tw_hook_set_secret_key (f->hook, "");
  assert_refused_input (f, "{}", "secret key");
  tw_hook_set_secret_key (f->hook, SECRET);

  tw_hook_set_url (f->hook, "ftp://127.0.0.1/hook");
  assert_refused_input (f, "{}", "ftp://127.0.0.1/hook");
  tw_hook_set_url (f->hook, "http://user:pw@127.0.0.1/hook");
  assert_refused_input (f, "{}", "not a valid receiver address");
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TwTestOutcome outcome = { 0 };

  g_cancellable_cancel (cancellable);
  tw_api_client_send_test_async (f->client, PROFILE, f->hook, "{}", -1, FALSE, cancellable,
                                 tw_test_outcome_sent_cb, &outcome);
  tw_test_outcome_wait (&outcome);

  g_assert_null (outcome.result);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_CANCELLED);
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_verdict_strings (void)
{
  for (TwTestVerdict v = TW_TEST_VERDICT_ACCEPTED; v <= TW_TEST_VERDICT_UNREACHABLE; v++)
    g_assert_cmpstr (tw_test_verdict_explain (v), !=, "");

  g_assert_true (tw_test_verdict_is_good (TW_TEST_VERDICT_ACCEPTED));
  g_assert_true (tw_test_verdict_is_good (TW_TEST_VERDICT_REJECTED_FORGED));
  g_assert_false (tw_test_verdict_is_good (TW_TEST_VERDICT_ACCEPTED_FORGED));
  g_assert_false (tw_test_verdict_is_good (TW_TEST_VERDICT_FAILED));
  g_assert_false (tw_test_verdict_is_good (TW_TEST_VERDICT_UNREACHABLE));
  g_assert_false (tw_test_verdict_is_good (TW_TEST_VERDICT_NONE));
  g_assert_cmpstr (tw_test_verdict_to_string (TW_TEST_VERDICT_ACCEPTED_FORGED), ==,
                   "accepted-forged");

  g_assert_null (tw_tls_errors_describe (0));
  {
    g_autofree char *words = tw_tls_errors_describe (G_TLS_CERTIFICATE_UNKNOWN_CA |
                                                     G_TLS_CERTIFICATE_EXPIRED);

    g_assert_nonnull (strstr (words, "unknown"));
    g_assert_nonnull (strstr (words, "expired"));
  }
}

static void
test_https_self_signed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwTestCertificate) cert = NULL;
  g_autoptr(TwApiResult) result = NULL;

  if (!tw_test_run_https_in_subprocess ())
    return;

  cert = tw_test_certificate_new ();
  g_assert_nonnull (cert);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  f->server = soup_server_new ("tls-certificate", cert->certificate, NULL);
  listen_receiver (f, SOUP_SERVER_LISTEN_HTTPS);
  g_assert_true (g_str_has_prefix (f->url, "https://127.0.0.1:"));

  result = send_sample (f, FALSE);
  assert_verdict (result, TW_TEST_VERDICT_UNREACHABLE, 0);
  assert_error (result, TW_ERROR_TLS);
  g_assert_true (tw_api_result_get_tls_errors (result) & G_TLS_CERTIFICATE_UNKNOWN_CA);
  g_assert_nonnull (strstr (tw_api_result_get_tls_problem (result), "unknown"));
  g_assert_nonnull (strstr (tw_api_result_get_message (result),
                            tw_api_result_get_tls_problem (result)));
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmpstr (tw_memory_sink_get_record (f->sink, 0)->outcome, ==, "tls");
}

static void
add (const char   *path,
     ReceiverMode  mode,
     void        (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, GINT_TO_POINTER (mode), fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/test-delivery/verdict-strings", test_verdict_strings);
  add ("/tw/test-delivery/openssl-vector", RECEIVER_VERIFYING, test_openssl_vector);
  add ("/tw/test-delivery/exact-bytes", RECEIVER_TRUSTING, test_exact_bytes);
  add ("/tw/test-delivery/verifying/genuine", RECEIVER_VERIFYING, test_verifying_genuine);
  add ("/tw/test-delivery/verifying/forged", RECEIVER_VERIFYING, test_verifying_forged);
  add ("/tw/test-delivery/trusting/genuine", RECEIVER_TRUSTING, test_trusting_genuine);
  add ("/tw/test-delivery/trusting/forged", RECEIVER_TRUSTING, test_trusting_forged);
  add ("/tw/test-delivery/failing/genuine", RECEIVER_FAILING, test_failing_genuine);
  add ("/tw/test-delivery/failing/forged", RECEIVER_FAILING, test_failing_forged);
  add ("/tw/test-delivery/truncated", RECEIVER_VERBOSE, test_truncated);
  add ("/tw/test-delivery/history", RECEIVER_VERIFYING, test_history);
  add ("/tw/test-delivery/cut-off-answer", RECEIVER_VERIFYING, test_cut_off_answer);
  add ("/tw/test-delivery/connection-refused", RECEIVER_VERIFYING, test_connection_refused);
  add ("/tw/test-delivery/timeout", RECEIVER_VERIFYING, test_timeout);
  add ("/tw/test-delivery/invalid-input", RECEIVER_VERIFYING, test_invalid_input);
  add ("/tw/test-delivery/cancelled", RECEIVER_VERIFYING, test_cancelled);
  add ("/tw/test-delivery/https/self-signed", RECEIVER_VERIFYING, test_https_self_signed);

  return g_test_run ();
}
