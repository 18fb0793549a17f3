/* test-faults.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-faults"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-history.h"
#include "tw-i18n.h"
#include "tw-registration.h"
#include "tw-test-http.h"

/* Every way a server can fail a registration, each ending in one clear,
 * translated outcome within the request timeout and recorded, attempt by
 * attempt, in a real SQLite history. test-api-client checks the details
 * of each answer; here the end-to-end outcome of each fault counts. */

#define TOKEN "faults-token-Hq3v"
#define ORDER_SECRET "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define PROFILE "faults"
/* Seconds: short, so that the waits for a silent peer stay short. */
#define TIMEOUT_S 2
#define BACKOFF_MS 10
/* What a fault may take beyond its attempts' timeouts, times
 * TW_TEST_TIMEOUT_MULTIPLIER (set for the slower sanitized build). */
#define SLACK_S 3.0

typedef struct
{
  TwDemoServer   *server;
  TwApiClient    *client;
  TwHistory      *history;
  TwRegistration *registration;
  TwAuth         *auth;
  char           *dir;
  char           *base_url;
} Fixture;

typedef enum
{
  PEER_SIMULATOR,
  PEER_REFUSED,
  PEER_UNRESOLVABLE,
  PEER_STALLING,
} Peer;

/* One fault and what the user must see of it. */
typedef struct
{
  const char  *path;
  Peer         peer;
  TwDemoFault  fault;
  TwErrorCode  code;
  guint        attempts;
  guint        http_status;
} Case;

static const Case cases[] = {
  { "server-error", PEER_SIMULATOR, TW_DEMO_FAULT_SERVER_ERROR, TW_ERROR_SERVER_ERROR, 3, 500 },
  { "unavailable", PEER_SIMULATOR, TW_DEMO_FAULT_UNAVAILABLE, TW_ERROR_SERVER_ERROR, 3, 503 },
  { "rate-limited", PEER_SIMULATOR, TW_DEMO_FAULT_RATE_LIMITED, TW_ERROR_RATE_LIMITED, 3, 429 },
  { "garbled", PEER_SIMULATOR, TW_DEMO_FAULT_GARBLED, TW_ERROR_BAD_RESPONSE, 1, 200 },
  { "oversized", PEER_SIMULATOR, TW_DEMO_FAULT_OVERSIZED, TW_ERROR_BAD_RESPONSE, 1, 200 },
  { "no-response", PEER_SIMULATOR, TW_DEMO_FAULT_NO_RESPONSE, TW_ERROR_TIMED_OUT, 1, 0 },
  { "slow", PEER_SIMULATOR, TW_DEMO_FAULT_SLOW, TW_ERROR_TIMED_OUT, 1, 0 },
  /* The answer began, then the connection closed: the request reached the
   * server, which may have applied it, so it is not sent again. */
  { "close-mid-response", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_MID_RESPONSE,
    TW_ERROR_INCOMPLETE_RESPONSE, 1, 200 },
  { "close-after-headers", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_AFTER_HEADERS,
    TW_ERROR_INCOMPLETE_RESPONSE, 1, 200 },
  { "close-mid-chunk", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_MID_CHUNK,
    TW_ERROR_INCOMPLETE_RESPONSE, 1, 200 },
  /* libsoup takes the end of the connection for the end of this body: only
   * the Content-Length shows it is short. */
  { "short-body", PEER_SIMULATOR, TW_DEMO_FAULT_SHORT_BODY, TW_ERROR_INCOMPLETE_RESPONSE, 1, 200 },
  /* libsoup takes a lone status line for a whole answer without a body:
   * not understood, and not sent again either. */
  { "close-after-status-line", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_AFTER_STATUS_LINE,
    TW_ERROR_BAD_RESPONSE, 1, 200 },
  { "errors-envelope", PEER_SIMULATOR, TW_DEMO_FAULT_ERRORS_ENVELOPE, TW_ERROR_REJECTED, 1, 400 },
  { "invalid-token", PEER_SIMULATOR, TW_DEMO_FAULT_INVALID_TOKEN, TW_ERROR_INVALID_TOKEN, 1, 401 },
  { "connection-refused", PEER_REFUSED, TW_DEMO_FAULT_NONE, TW_ERROR_CANNOT_CONNECT, 3, 0 },
  { "dns-failure", PEER_UNRESOLVABLE, TW_DEMO_FAULT_NONE, TW_ERROR_CANNOT_CONNECT, 3, 0 },
  { "headers-then-stall", PEER_STALLING, TW_DEMO_FAULT_NONE, TW_ERROR_TIMED_OUT, 1, 200 },
};

/* A head that promises a body which never comes. */
#define STALLING_HEAD "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
                      "Content-Length: 4096\r\n\r\n"

static double
slack_s (void)
{
  const char *value = g_getenv ("TW_TEST_TIMEOUT_MULTIPLIER");
  guint64 multiplier = value != NULL ? g_ascii_strtoull (value, NULL, 10) : 1;

  return SLACK_S * CLAMP (multiplier, 1, 20);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  const char * const warehouses[] = { "sgn", NULL };
  TwHook *order;

  f->dir = g_dir_make_tmp ("tw-faults-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "history.db", NULL);
  f->history = tw_history_new (db);

  f->server = tw_test_demo_server_new ();
  f->base_url = g_strdup (tw_demo_server_get_base_url (f->server));
  tw_demo_server_set_retry_after (f->server, 0);
  tw_demo_server_set_delay_ms (f->server, (TIMEOUT_S + 3) * 1000);

  f->client = tw_api_client_new ();
  tw_api_client_set_timeout (f->client, TIMEOUT_S);
  tw_api_client_set_backoff_ms (f->client, BACKOFF_MS);
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (f->history));

  f->registration = tw_registration_new ();
  tw_registration_set_warehouses (f->registration, warehouses);
  order = tw_registration_get_hook (f->registration, TW_HOOK_ORDER);
  tw_hook_set_url (order, "https://seller.example/webhooks/order");
  tw_hook_set_secret_key (order, ORDER_SECRET);
  f->auth = tw_auth_new_for_token (TOKEN);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->history);
  g_clear_object (&f->registration);
  g_clear_object (&f->auth);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base_url, g_free);
  tw_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static TwApiResult *
register_at (Fixture    *f,
             const char *base_url)
{
  TwTestOutcome outcome = { 0 };

  tw_api_client_register_async (f->client, PROFILE, base_url, f->registration, f->auth, NULL,
                                tw_test_outcome_registered_cb, &outcome);
  tw_test_outcome_wait (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  return outcome.result;
}

/* The history's rows, oldest first, once everything is committed. */
static GPtrArray *
stored_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  tw_test_flush_history (f->history);

  rows = tw_history_query (f->history, NULL, 0, G_MAXINT64, 0, 0, &error);
  g_assert_no_error (error);
  /* Newest first in the store: turn it round. */
  for (guint i = 0; i < rows->len / 2; i++)
    {
      gpointer swap = rows->pdata[i];

      rows->pdata[i] = rows->pdata[rows->len - 1 - i];
      rows->pdata[rows->len - 1 - i] = swap;
    }
  return g_steal_pointer (&rows);
}

/* The test runs in Vietnamese: the message must lead with the translated
 * explanation (every one of them has letters English has not). */
static void
assert_translated (const GError *error,
                   TwErrorCode   code)
{
  const char *explanation = tw_error_explain (code);

  g_assert_false (g_str_is_ascii (explanation));
  g_assert_true (g_str_has_prefix (error->message, explanation));
}

static char *
target_of (Fixture    *f,
           const Case *c,
           TwTestStallingPeer **stalling)
{
  switch (c->peer)
    {
    case PEER_SIMULATOR:
      tw_demo_server_set_fault (f->server, c->fault, 10);
      return g_strdup (f->base_url);
    case PEER_REFUSED:
      return g_strdup_printf ("http://127.0.0.1:%u", tw_test_closed_port ());
    case PEER_UNRESOLVABLE:
      return g_strdup ("http://api.tikinow.invalid");
    case PEER_STALLING:
      *stalling = tw_test_stalling_peer_new (STALLING_HEAD);
      return g_strdup (tw_test_stalling_peer_get_url (*stalling));
    default:
      g_assert_not_reached ();
    }
}

static void
assert_rows (Fixture     *f,
             const Case  *c,
             TwApiResult *result)
{
  g_autoptr(GPtrArray) rows = stored_rows (f);

  /* One row per attempt, each with the outcome of the whole. */
  g_assert_cmpuint (rows->len, ==, c->attempts);
  for (guint i = 0; i < rows->len; i++)
    {
      TwHistoryEntry *entry = rows->pdata[i];

      g_assert_cmpstr (tw_history_entry_get_profile (entry), ==, PROFILE);
      g_assert_cmpstr (tw_history_entry_get_kind (entry), ==, "registration");
      g_assert_cmpstr (tw_history_entry_get_outcome (entry), ==, tw_error_nick (c->code));
      g_assert_false (tw_history_entry_get_success (entry));
      g_assert_cmpuint (tw_history_entry_get_attempt (entry), ==, i + 1);
      g_assert_cmpstr (tw_history_entry_get_error_domain (entry), ==,
                       g_quark_to_string (TW_ERROR));
      g_assert_cmpint (tw_history_entry_get_error_code (entry), ==, c->code);
      g_assert_cmpuint (tw_history_entry_get_http_status (entry), ==, c->http_status);
      g_assert_nonnull (tw_history_entry_get_message (entry));
      g_assert_cmpstr (tw_history_entry_get_url (entry), ==,
                       tw_api_result_get_request_url (result));
      /* Stored, but never the secret or the token. */
      g_assert_null (strstr (tw_history_entry_get_request_body (entry), ORDER_SECRET));
      g_assert_null (strstr (tw_history_entry_get_request_body (entry), TOKEN));
    }
}

/* A cut-off answer: the user learns that the registration may have been
 * applied, and support gets the request id the answer began with. */
static void
assert_cut_off (Fixture     *f,
                TwApiResult *result)
{
  const char *message = tw_api_result_get_error (result)->message;
  const char *request_id = tw_api_result_get_request_id (result);
  g_autoptr(GPtrArray) rows = stored_rows (f);

  g_assert_nonnull (strstr (message, _("The registration may or may not have been applied. "
                                       "To be sure, send it again; the History page shows "
                                       "what was sent.")));
  g_assert_true (tw_test_is_request_id (request_id));
  g_assert_cmpstr (tw_history_entry_get_request_id (rows->pdata[0]), ==, request_id);
  g_assert_cmpstr (tw_history_entry_get_message (rows->pdata[0]), ==, message);
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(TwTestStallingPeer) stalling = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(TwApiResult) again = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autofree char *target = target_of (f, c, &stalling);
  const GError *error;
  double elapsed;

  result = register_at (f, target);
  elapsed = g_timer_elapsed (timer, NULL);
  g_test_message ("%s: %s, HTTP %u, %u attempts, %.2f s: %s", c->path,
                  tw_api_result_get_outcome (result), tw_api_result_get_http_status (result),
                  tw_api_result_get_attempts (result), elapsed,
                  tw_api_result_get_error (result)->message);

  /* A clear outcome: the code, its translated explanation, in time. */
  g_assert_false (tw_api_result_get_ok (result));
  error = tw_api_result_get_error (result);
  g_assert_error ((GError *) error, TW_ERROR, (int) c->code);
  g_assert_cmpstr (tw_api_result_get_outcome (result), ==, tw_error_nick (c->code));
  assert_translated (error, c->code);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, c->attempts);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, c->http_status);
  g_assert_cmpfloat (elapsed, <, c->attempts * TIMEOUT_S + slack_s ());
  g_assert_false (tw_api_client_is_busy (f->client, PROFILE));

  /* Each attempt is one request: none was sent again behind the result's
   * back. */
  if (c->peer == PEER_SIMULATOR)
    g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==,
                      c->attempts);
  if (c->peer == PEER_UNRESOLVABLE)
    g_assert_cmpuint (tw_test_resolver_get_n_refused (), >=, c->attempts);
  if (c->peer == PEER_STALLING)
    g_assert_cmpuint (tw_test_stalling_peer_get_n_stalled (stalling), ==, 1);

  assert_rows (f, c, result);
  if (c->code == TW_ERROR_INCOMPLETE_RESPONSE)
    assert_cut_off (f, result);

  /* The client is not stuck: the next registration goes through. */
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_NONE, 0);
  again = register_at (f, f->base_url);
  g_assert_true (tw_api_result_get_ok (again));
}

/* HTTPS with a certificate no one vouches for: refused before anything is
 * sent, and recorded. */
static void
test_tls_failure (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwTestCertificate) cert = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GTimer) timer = NULL;
  const GError *error;

  if (!tw_test_run_https_in_subprocess ())
    return;

  cert = tw_test_certificate_new ();
  g_assert_nonnull (cert);
  tw_test_demo_server_serve_https (f->server, cert->certificate);
  /* The refusal needs no timeout, but a sanitized TLS handshake may take
   * more than TIMEOUT_S: the usual 30 s. */
  tw_api_client_set_timeout (f->client, 30);
  timer = g_timer_new ();
  result = register_at (f, tw_demo_server_get_base_url (f->server));

  error = tw_api_result_get_error (result);
  g_assert_error ((GError *) error, TW_ERROR, TW_ERROR_TLS);
  assert_translated (error, TW_ERROR_TLS);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 30.0);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);

  rows = stored_rows (f);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (tw_history_entry_get_outcome (rows->pdata[0]), ==, "tls");
  g_assert_cmpint (tw_history_entry_get_error_code (rows->pdata[0]), ==, TW_ERROR_TLS);
}

/* Over HTTPS, a server that dies in the middle of its answer sends no TLS
 * close_notify: the TLS error that follows is no certificate problem, and
 * the request reached the server. */
static void
test_https_cut_off (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwTestCertificate) cert = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (!tw_test_run_https_in_subprocess ())
    return;

  cert = tw_test_certificate_new ();
  g_assert_nonnull (cert);
  tw_test_demo_server_serve_https (f->server, cert->certificate);
  database = g_tls_file_database_new (cert->cert_path, &error);
  g_assert_no_error (error);
  tw_api_client_set_tls_database (f->client, database);
  /* A sanitized TLS handshake may take more than TIMEOUT_S. */
  tw_api_client_set_timeout (f->client, 30);
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_CLOSE_AFTER_HEADERS, 10);
  result = register_at (f, tw_demo_server_get_base_url (f->server));
  g_test_message ("%s", tw_api_result_get_error (result)->message);

  g_assert_error ((GError *) tw_api_result_get_error (result), TW_ERROR,
                  TW_ERROR_INCOMPLETE_RESPONSE);
  assert_translated (tw_api_result_get_error (result), TW_ERROR_INCOMPLETE_RESPONSE);
  g_assert_null (tw_api_result_get_tls_problem (result));
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 200);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 1);

  rows = stored_rows (f);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (tw_history_entry_get_outcome (rows->pdata[0]), ==, "incomplete-response");
}

/* The resolver really is the one libsoup asks, and names that exist still
 * resolve through it. */
static void
test_resolver (void)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) error = NULL;
  GList *found;
  guint before = tw_test_resolver_get_n_refused ();

  found = g_resolver_lookup_by_name (resolver, "Shop.Example.INVALID", NULL, &error);
  g_assert_null (found);
  g_assert_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND);
  g_assert_cmpuint (tw_test_resolver_get_n_refused (), ==, before + 1);
  g_clear_error (&error);

  found = g_resolver_lookup_by_name (resolver, "localhost", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_resolver_free_addresses (found);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  /* Vietnamese messages, checked against the English ones. */
  g_setenv ("LANGUAGE", "vi", TRUE);
  tw_i18n_init ();
  g_test_init (&argc, &argv, NULL);
  tw_test_install_resolver ();

  g_test_add_func ("/tw/faults/resolver", test_resolver);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/tw/faults/register/", cases[i].path, NULL);

      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_fault, fixture_tear_down);
    }
  g_test_add ("/tw/faults/register/tls-self-signed", Fixture, NULL, fixture_set_up,
              test_tls_failure, fixture_tear_down);
  g_test_add ("/tw/faults/register/https-cut-off", Fixture, NULL, fixture_set_up,
              test_https_cut_off, fixture_tear_down);

  return g_test_run ();
}
