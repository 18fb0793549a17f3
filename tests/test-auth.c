/* test-auth.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-auth.h"
#include "tw-demo-server.h"
#include "tw-enums.h"
#include "tw-error.h"
#include "tw-secret.h"
#include "tw-test-http.h"

typedef struct
{
  TwDemoServer *server;
  TwApiClient  *client;
  TwMemorySink *sink;
  TwAuth       *auth;
} Fixture;

static void
test_defaults (void)
{
  g_autoptr(TwAuth) auth = tw_auth_new ();

  g_assert_cmpint (tw_auth_get_mode (auth), ==, TW_AUTH_MODE_ACCESS_TOKEN);
  g_assert_null (tw_auth_get_access_token (auth));
  g_assert_null (tw_auth_get_expires_at (auth));
  g_assert_null (tw_auth_get_client_id (auth));
  g_assert_null (tw_auth_get_client_secret (auth));
  g_assert_null (tw_auth_get_auth_base (auth));
  g_assert_cmpint (tw_auth_get_auth_method (auth), ==, TW_AUTH_METHOD_BASIC);
  g_assert_false (tw_auth_has_token (auth));
  g_assert_false (tw_auth_is_expired (auth));
  g_assert_false (tw_auth_can_grant (auth));
  g_assert_false (tw_auth_needs_grant (auth));
}

static void
test_notify_only_on_change (void)
{
  g_autoptr(TwAuth) auth = tw_auth_new ();
  guint notified = 0;

  g_signal_connect (auth, "notify", G_CALLBACK (tw_test_count_notify), &notified);

  tw_auth_set_access_token (auth, NULL);
  tw_auth_set_access_token (auth, "");
  tw_auth_set_mode (auth, TW_AUTH_MODE_ACCESS_TOKEN);
  tw_auth_set_auth_method (auth, TW_AUTH_METHOD_BASIC);
  tw_auth_set_client_id (auth, NULL);
  tw_auth_set_auth_base (auth, "");
  g_assert_cmpuint (notified, ==, 0);

  tw_auth_set_access_token (auth, "abc");
  g_assert_cmpuint (notified, ==, 1);
  tw_auth_set_access_token (auth, "abc");
  g_assert_cmpuint (notified, ==, 1);

  tw_auth_set_mode (auth, TW_AUTH_MODE_CLIENT_CREDENTIALS);
  tw_auth_set_client_id (auth, "id");
  tw_auth_set_client_id (auth, "id");
  g_assert_cmpuint (notified, ==, 4); /* mode, client-id, and the token it dropped */
  g_assert_false (tw_auth_has_token (auth));

  g_object_set (auth, "client-secret", "s", "auth-method", TW_AUTH_METHOD_POST, NULL);
  g_assert_cmpstr (tw_auth_get_client_secret (auth), ==, "s");
  g_assert_cmpint (tw_auth_get_auth_method (auth), ==, TW_AUTH_METHOD_POST);
  g_assert_cmpuint (notified, ==, 6);
}

static void
test_expiry (void)
{
  g_autoptr(TwAuth) auth = tw_auth_new_for_client ("id", "secret", TW_AUTH_METHOD_BASIC);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_seconds (now, -10);
  GDateTime *expires_at;

  g_assert_true (tw_auth_can_grant (auth));
  g_assert_true (tw_auth_needs_grant (auth));

  tw_auth_set_granted_token (auth, "tok", 3600, "bearer", "order");
  g_assert_true (tw_auth_has_token (auth));
  g_assert_false (tw_auth_is_expired (auth));
  g_assert_false (tw_auth_needs_grant (auth));
  g_assert_cmpstr (tw_auth_get_token_type (auth), ==, "bearer");
  g_assert_cmpstr (tw_auth_get_scope (auth), ==, "order");
  expires_at = tw_auth_get_expires_at (auth);
  g_assert_nonnull (expires_at);
  g_assert_cmpint (g_date_time_difference (expires_at, now) / G_TIME_SPAN_SECOND, >=, 3595);
  g_assert_cmpint (g_date_time_difference (expires_at, now) / G_TIME_SPAN_SECOND, <=, 3605);

  tw_auth_set_expires_at (auth, past);
  g_assert_true (tw_auth_is_expired (auth));
  g_assert_true (tw_auth_needs_grant (auth));

  /* Unknown expiry: the token is used until refused. */
  tw_auth_set_granted_token (auth, "tok2", 0, NULL, NULL);
  g_assert_null (tw_auth_get_expires_at (auth));
  g_assert_false (tw_auth_is_expired (auth));

  tw_auth_forget_token (auth);
  g_assert_false (tw_auth_has_token (auth));
  g_assert_true (tw_auth_needs_grant (auth));

  /* A pasted token is never granted, expired or not. */
  tw_auth_set_mode (auth, TW_AUTH_MODE_ACCESS_TOKEN);
  tw_auth_set_access_token (auth, "pasted");
  tw_auth_set_expires_at (auth, past);
  g_assert_false (tw_auth_needs_grant (auth));
}

/* A public app: refreshed only with a refresh token, which is a secret
 * property of its own. */
static void
test_public_app (void)
{
  g_autoptr(TwAuth) auth = tw_auth_new_for_client ("app", "secret", TW_AUTH_METHOD_BASIC);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_seconds (now, -10);
  g_autofree char *redirect = NULL;
  g_autofree char *nick = NULL;
  guint refresh_notified = 0;
  guint notified = 0;
  GEnumClass *klass;

  tw_auth_set_mode (auth, TW_AUTH_MODE_PUBLIC_APP);
  klass = g_type_class_ref (TW_TYPE_AUTH_MODE);
  nick = g_strdup (g_enum_get_value (klass, TW_AUTH_MODE_PUBLIC_APP)->value_nick);
  g_type_class_unref (klass);
  g_assert_cmpstr (nick, ==, "public-app");

  /* Nobody logged in yet: nothing to refresh with. */
  g_assert_false (tw_auth_is_logged_in (auth));
  g_assert_false (tw_auth_can_grant (auth));
  g_assert_false (tw_auth_needs_grant (auth));

  g_signal_connect (auth, "notify::refresh-token", G_CALLBACK (tw_test_count_notify),
                    &refresh_notified);
  g_signal_connect (auth, "notify", G_CALLBACK (tw_test_count_notify), &notified);
  tw_auth_set_refresh_token (auth, "rt-1");
  tw_auth_set_refresh_token (auth, "rt-1");
  g_assert_cmpuint (refresh_notified, ==, 1);
  g_assert_true (tw_auth_is_logged_in (auth));
  g_assert_true (tw_auth_can_grant (auth));
  g_assert_true (tw_auth_needs_grant (auth));

  tw_auth_set_granted_token (auth, "tok", 3600, "bearer", NULL);
  g_assert_false (tw_auth_needs_grant (auth));
  tw_auth_set_expires_at (auth, past);
  g_assert_true (tw_auth_needs_grant (auth));

  /* Without the client secret the refresh cannot authenticate. */
  tw_auth_set_client_secret (auth, NULL);
  g_assert_false (tw_auth_can_grant (auth));
  /* Changing the client keeps the login: a refresh would say whether it
   * still works. */
  g_assert_true (tw_auth_has_token (auth));

  tw_auth_set_refresh_token (auth, "");
  g_assert_null (tw_auth_get_refresh_token (auth));
  g_assert_cmpuint (refresh_notified, ==, 2);
  g_assert_false (tw_auth_needs_grant (auth));

  /* Other modes are never "logged in". */
  tw_auth_set_refresh_token (auth, "rt-2");
  tw_auth_set_mode (auth, TW_AUTH_MODE_CLIENT_CREDENTIALS);
  g_assert_false (tw_auth_is_logged_in (auth));

  /* Redirect URI and scopes, with their defaults. */
  notified = 0;
  redirect = tw_auth_dup_effective_redirect_uri (auth);
  g_assert_cmpstr (redirect, ==, "http://127.0.0.1:8765/callback");
  g_assert_cmpstr (tw_auth_get_effective_scopes (auth), ==, "offline inventory");
  tw_auth_set_redirect_uri (auth, "");
  tw_auth_set_scopes (auth, NULL);
  g_assert_cmpuint (notified, ==, 0);
  g_object_set (auth, "redirect-uri", "http://localhost:9000/cb", "scopes", "offline order",
                NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_clear_pointer (&redirect, g_free);
  redirect = tw_auth_dup_effective_redirect_uri (auth);
  g_assert_cmpstr (redirect, ==, "http://localhost:9000/cb");
  g_assert_cmpstr (tw_auth_get_effective_scopes (auth), ==, "offline order");
}

static void
test_method_strings (void)
{
  TwAuthMethod method = TW_AUTH_METHOD_BASIC;

  g_assert_cmpstr (tw_auth_method_to_string (TW_AUTH_METHOD_BASIC), ==, "basic");
  g_assert_cmpstr (tw_auth_method_to_string (TW_AUTH_METHOD_POST), ==, "post");
  g_assert_true (tw_auth_method_from_string ("post", &method));
  g_assert_cmpint (method, ==, TW_AUTH_METHOD_POST);
  g_assert_true (tw_auth_method_from_string ("client_secret_basic", &method));
  g_assert_cmpint (method, ==, TW_AUTH_METHOD_BASIC);
  g_assert_true (tw_auth_method_from_string ("client_secret_post", &method));
  g_assert_cmpint (method, ==, TW_AUTH_METHOD_POST);
  g_assert_false (tw_auth_method_from_string ("digest", &method));
  g_assert_false (tw_auth_method_from_string (NULL, &method));
}

static void
test_resolve_base (void)
{
  g_autofree char *fallback = NULL, *env = NULL, *option = NULL;

  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");
  fallback = tw_auth_resolve_base (NULL);
  g_assert_cmpstr (fallback, ==, TW_AUTH_BASE_DEFAULT);

  g_setenv ("TIKI_WEBHOOKS_AUTH_BASE", "http://127.0.0.1:9//", TRUE);
  env = tw_auth_resolve_base ("");
  option = tw_auth_resolve_base ("https://auth.example/");
  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");

  g_assert_cmpstr (env, ==, "http://127.0.0.1:9");
  g_assert_cmpstr (option, ==, "https://auth.example");
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = tw_demo_server_new ();
  tw_demo_server_start (f->server, 0, &error);
  g_assert_no_error (error);

  f->sink = tw_memory_sink_new ();
  f->client = tw_api_client_new ();
  tw_api_client_set_backoff_ms (f->client, 10);
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (f->sink));

  f->auth = tw_auth_new_for_client (TW_DEMO_CLIENT_ID, TW_DEMO_CLIENT_SECRET,
                                    TW_AUTH_METHOD_BASIC);
  tw_auth_set_auth_base (f->auth, tw_demo_server_get_base_url (f->server));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->sink);
  g_clear_object (&f->auth);
  g_clear_object (&f->server);
}

static TwApiResult *
grant (Fixture *f)
{
  TwTestOutcome outcome = { 0 };

  tw_api_client_token_async (f->client, "p", f->auth, NULL, tw_test_outcome_granted_cb,
                             &outcome);
  tw_test_outcome_wait (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  return outcome.result;
}

static const TwDemoRequest *
only_request (Fixture *f)
{
  const TwDemoRequest *request;

  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 1);
  request = tw_demo_server_get_request (f->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, TW_AUTH_TOKEN_PATH);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Accept"), ==,
                   "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Content-Type"), ==,
                   "application/x-www-form-urlencoded");
  return request;
}

static void
assert_body (const TwDemoRequest *request,
             const char          *expected)
{
  g_assert_cmpmem (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body),
                   expected, strlen (expected));
}

static void
assert_granted (Fixture     *f,
                TwApiResult *result)
{
  const TwHistoryRecord *record;

  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpint (tw_api_result_get_kind (result), ==, TW_API_KIND_TOKEN);
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 200);
  g_assert_true (g_str_has_prefix (tw_auth_get_access_token (f->auth), "demo-"));
  g_assert_cmpstr (tw_auth_get_token_type (f->auth), ==, "bearer");
  g_assert_cmpstr (tw_auth_get_scope (f->auth), ==, "inventory order");
  g_assert_nonnull (tw_auth_get_expires_at (f->auth));
  g_assert_false (tw_auth_is_expired (f->auth));

  /* The token is in the TwAuth only, never in what is kept or shown. */
  g_assert_null (strstr (tw_api_result_get_response_text (result),
                         tw_auth_get_access_token (f->auth)));
  g_assert_nonnull (strstr (tw_api_result_get_response_text (result), "[redacted]"));
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  record = tw_memory_sink_get_record (f->sink, 0);
  g_assert_cmpstr (record->kind, ==, "token");
  g_assert_cmpstr (record->outcome, ==, "success");
  g_assert_cmpstr (record->profile, ==, "p");
  g_assert_cmpstr (record->base_url, ==, tw_demo_server_get_base_url (f->server));
  g_assert_null (strstr (record->response_body, tw_auth_get_access_token (f->auth)));
  g_assert_null (strstr (record->request_body, TW_DEMO_CLIENT_SECRET));
  g_assert_null (strstr (tw_api_result_get_request_headers (result), "ZGVtbz"));
}

static void
test_grant_basic (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwApiResult) result = grant (f);
  const TwDemoRequest *request = only_request (f);
  g_autofree char *expected = NULL;

  assert_granted (f, result);
  /* base64 ("demo:demo-secret"), colon-joined */
  expected = g_strconcat ("Basic ", "ZGVtbzpkZW1vLXNlY3JldA==", NULL);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   expected);
  assert_body (request, "grant_type=client_credentials");
  g_assert_nonnull (strstr (tw_api_result_get_request_headers (result),
                            "Authorization: Basic [redacted]"));
}

static void
test_grant_post (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  const TwDemoRequest *request;
  g_autofree char *fingerprint = NULL;
  g_autoptr(GHashTable) form = NULL;

  tw_auth_set_auth_method (f->auth, TW_AUTH_METHOD_POST);
  result = grant (f);
  request = only_request (f);

  assert_granted (f, result);
  g_assert_null (soup_message_headers_get_one (request->headers, "Authorization"));
  assert_body (request,
               "grant_type=client_credentials&client_id=demo&client_secret=demo-secret");
  /* The kept body names the secret by its fingerprint only. */
  fingerprint = tw_secret_fingerprint (TW_DEMO_CLIENT_SECRET);
  form = soup_form_decode (tw_api_result_get_request_body (result));
  g_assert_cmpstr (g_hash_table_lookup (form, "client_id"), ==, TW_DEMO_CLIENT_ID);
  g_assert_cmpstr (g_hash_table_lookup (form, "client_secret"), ==, fingerprint);
  g_assert_null (strstr (tw_api_result_get_request_body (result), TW_DEMO_CLIENT_SECRET));
}

static void
assert_auth_failed (Fixture     *f,
                    TwApiResult *result)
{
  const GError *error = tw_api_result_get_error (result);

  g_assert_false (tw_api_result_get_ok (result));
  g_assert_error ((GError *) error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_true (g_str_has_prefix (error->message, tw_error_explain (TW_ERROR_AUTH_FAILED)));
  g_assert_cmpuint (tw_api_result_get_http_status (result), ==, 401);
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "invalid_client");
  g_assert_false (tw_auth_has_token (f->auth));
  /* A refused client is not retried. */
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 1);
}

static void
test_wrong_secret (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_auth_set_client_secret (f->auth, "wrong-secret");
  result = grant (f);

  assert_auth_failed (f, result);
  g_assert_nonnull (strstr (tw_api_result_get_message (result), "Client authentication failed"));
}

static void
test_wrong_method (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_set_auth_methods (f->server, TW_DEMO_AUTH_BASIC_ONLY);
  tw_auth_set_auth_method (f->auth, TW_AUTH_METHOD_POST);
  result = grant (f);

  assert_auth_failed (f, result);
  /* The message names the method, so the user knows what to switch. */
  g_assert_nonnull (strstr (tw_api_result_get_message (result), "client_secret_post"));
  g_assert_nonnull (strstr (tw_api_result_get_error (result)->message, "client_secret_post"));

  /* The other way round too; and the right method works. */
  g_clear_object (&result);
  tw_demo_server_set_auth_methods (f->server, TW_DEMO_AUTH_POST_ONLY);
  tw_auth_set_auth_method (f->auth, TW_AUTH_METHOD_BASIC);
  tw_memory_sink_clear (f->sink);
  tw_demo_server_clear_requests (f->server);
  result = grant (f);
  assert_auth_failed (f, result);
  g_assert_nonnull (strstr (tw_api_result_get_message (result), "client_secret_basic"));

  g_clear_object (&result);
  tw_auth_set_auth_method (f->auth, TW_AUTH_METHOD_POST);
  tw_memory_sink_clear (f->sink);
  tw_demo_server_clear_requests (f->server);
  result = grant (f);
  assert_granted (f, result);
}

static void
test_network_failure (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  tw_demo_server_stop (f->server);
  result = grant (f);

  g_assert_false (tw_api_result_get_ok (result));
  g_assert_error ((GError *) tw_api_result_get_error (result), TW_ERROR, TW_ERROR_CANNOT_CONNECT);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, 3);
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 3);
  g_assert_false (tw_auth_has_token (f->auth));
}

static void
test_grant_needs_client (Fixture       *f,
                         gconstpointer  data)
{
  TwTestOutcome outcome = { 0 };

  tw_auth_set_client_secret (f->auth, NULL);
  tw_api_client_token_async (f->client, NULL, f->auth, NULL, tw_test_outcome_granted_cb,
                             &outcome);
  tw_test_outcome_wait (&outcome);

  g_assert_null (outcome.result);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_grant_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TwTestOutcome outcome = { 0 };

  g_cancellable_cancel (cancellable);
  tw_api_client_token_async (f->client, NULL, f->auth, cancellable, tw_test_outcome_granted_cb,
                             &outcome);
  tw_test_outcome_wait (&outcome);

  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_CANCELLED);
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 0);
  g_clear_error (&outcome.error);
}

static void
test_env_auth_base (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;

  /* No auth base on the profile: TIKI_WEBHOOKS_AUTH_BASE decides. */
  g_setenv ("TIKI_WEBHOOKS_AUTH_BASE", tw_demo_server_get_base_url (f->server), TRUE);
  tw_auth_set_auth_base (f->auth, NULL);
  result = grant (f);
  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");

  assert_granted (f, result);
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
  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/auth/defaults", test_defaults);
  g_test_add_func ("/tw/auth/notify-only-on-change", test_notify_only_on_change);
  g_test_add_func ("/tw/auth/expiry", test_expiry);
  g_test_add_func ("/tw/auth/public-app", test_public_app);
  g_test_add_func ("/tw/auth/method-strings", test_method_strings);
  g_test_add_func ("/tw/auth/resolve-base", test_resolve_base);
  add ("/tw/auth/grant/basic", test_grant_basic);
  add ("/tw/auth/grant/post", test_grant_post);
  add ("/tw/auth/grant/wrong-secret", test_wrong_secret);
  add ("/tw/auth/grant/wrong-method", test_wrong_method);
  add ("/tw/auth/grant/network-failure", test_network_failure);
  add ("/tw/auth/grant/needs-client", test_grant_needs_client);
  add ("/tw/auth/grant/cancelled", test_grant_cancelled);
  add ("/tw/auth/grant/env-auth-base", test_env_auth_base);

  return g_test_run ();
}
