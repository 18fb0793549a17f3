/* test-oauth.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-oauth"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-credentials.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-history.h"
#include "tw-oauth-login.h"
#include "tw-profile-store.h"
#include "tw-registration.h"
#include "tw-secret.h"
#include "tw-test-http.h"

#define PROFILE "public-shop"

/* The test plays the browser: it follows the authorize URL by hand, so
 * each hop can be checked, changed or left out. */
typedef struct
{
  TwDemoServer *server;
  TwApiClient  *client;
  TwMemorySink *sink;
  TwAuth       *auth;
  SoupSession  *browser;
  guint         port;
  char         *redirect_uri;
} Fixture;

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *client_id = data != NULL ? data : TW_DEMO_CLIENT_ID;
  g_autoptr(GError) error = NULL;

  f->server = tw_demo_server_new ();
  g_assert_true (tw_demo_server_start (f->server, 0, &error));
  g_assert_no_error (error);

  f->sink = tw_memory_sink_new ();
  f->client = tw_api_client_new ();
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (f->sink));

  /* Nobody listens on it right now. */
  f->port = tw_test_closed_port ();
  f->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", f->port);
  f->auth = tw_auth_new_for_client (client_id, TW_DEMO_CLIENT_SECRET, TW_AUTH_METHOD_BASIC);
  tw_auth_set_mode (f->auth, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_auth_base (f->auth, tw_demo_server_get_base_url (f->server));
  tw_auth_set_redirect_uri (f->auth, f->redirect_uri);

  f->browser = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->browser);
  g_clear_object (&f->client);
  g_clear_object (&f->sink);
  g_clear_object (&f->auth);
  g_clear_object (&f->server);
  g_clear_pointer (&f->redirect_uri, g_free);
}

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = tw_oauth_login_wait_finish (TW_OAUTH_LOGIN (source), result, &outcome->error);
  outcome->done = TRUE;
}

typedef struct
{
  gboolean  done;
  guint     status;
  char     *location;
  char     *body;
  GError   *error;
} Visit;

static void
visit_clear (Visit *visit)
{
  g_free (visit->location);
  g_free (visit->body);
  g_clear_error (&visit->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Visit, visit_clear)

static void
visited_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Visit *visit = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &visit->error);
  if (body != NULL)
    {
      visit->status = soup_message_get_status (message);
      visit->location = g_strdup (soup_message_headers_get_one (
        soup_message_get_response_headers (message), "Location"));
      visit->body = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
    }
  visit->done = TRUE;
}

/* GETs @url like a browser that does not follow redirects, while the main
 * loop keeps serving the listener and the simulator. */
static void
visit (Fixture    *f,
       const char *url,
       Visit      *out)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);

  g_assert_nonnull (message);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_and_read_async (f->browser, message, G_PRIORITY_DEFAULT, NULL,
                                    visited_cb, out);
  tw_test_wait_for (&out->done);
}

static char *
query_param (const char *url,
             const char *name)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;

  g_assert_nonnull (uri);
  g_assert_nonnull (g_uri_get_query (uri));
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  g_assert_nonnull (params);
  return g_strdup (g_hash_table_lookup (params, name));
}

static TwOAuthLogin *
start_login (Fixture *f)
{
  TwOAuthLogin *login = tw_oauth_login_new (f->client, f->auth, PROFILE);
  g_autoptr(GError) error = NULL;

  g_assert_true (tw_oauth_login_start (login, &error));
  g_assert_no_error (error);
  return login;
}

/* The authorize step: returns the Location the simulator sends back. */
static char *
authorize (Fixture      *f,
           TwOAuthLogin *login)
{
  g_auto(Visit) hop = { 0 };

  visit (f, tw_oauth_login_get_authorize_url (login), &hop);
  g_assert_no_error (hop.error);
  g_assert_cmpuint (hop.status, ==, SOUP_STATUS_FOUND);
  g_assert_nonnull (hop.location);
  g_assert_true (g_str_has_prefix (hop.location, f->redirect_uri));
  return g_steal_pointer (&hop.location);
}

/* Whether something still listens on the port of the redirect URI. */
static gboolean
listener_open (Fixture *f)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/probe", f->port);
  g_auto(Visit) probe = { 0 };

  /* Not the callback path: a stray request must not end the wait. */
  visit (f, url, &probe);
  return probe.error == NULL;
}

/* A whole successful login. */
static void
log_in (Fixture *f)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  g_autofree char *location = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Visit) back = { 0 };

  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  location = authorize (f, login);
  visit (f, location, &back);
  tw_test_wait_for (&outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
}

static const char *
form_value (GHashTable *form,
            const char *name)
{
  return g_hash_table_lookup (form, name);
}

static GHashTable *
request_form (const TwDemoRequest *request)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (request->body, NULL),
                                     g_bytes_get_size (request->body));

  return soup_form_decode (text);
}

/* The last request the simulator got for @path. */
static const TwDemoRequest *
last_request (Fixture    *f,
              const char *path)
{
  for (guint i = tw_demo_server_get_n_requests (f->server); i > 0; i--)
    {
      const TwDemoRequest *request = tw_demo_server_get_request (f->server, i - 1);

      if (g_strcmp0 (request->path, path) == 0)
        return request;
    }

  g_assert_not_reached ();
}

static void
test_pkce_challenge (void)
{
  g_autofree char *challenge = NULL;

  /* RFC 7636, appendix B. */
  challenge = tw_oauth_pkce_challenge ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  g_assert_cmpstr (challenge, ==, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

static void
test_success (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  const char *url = tw_oauth_login_get_authorize_url (login);
  g_autofree char *state = query_param (url, "state");
  g_autofree char *challenge = query_param (url, "code_challenge");
  g_autofree char *scope = query_param (url, "scope");
  g_autofree char *redirect = query_param (url, "redirect_uri");
  g_autofree char *response_type = query_param (url, "response_type");
  g_autofree char *method = query_param (url, "code_challenge_method");
  g_autofree char *client_id = query_param (url, "client_id");
  g_autofree char *location = NULL;
  g_autofree char *returned_state = NULL;
  g_autofree char *code = NULL;
  g_autofree char *expected_challenge = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Visit) favicon = { 0 };
  g_auto(Visit) back = { 0 };
  g_autofree char *favicon_url = NULL;
  const TwHistoryRecord *record;
  const char *verifier;
  GTimeSpan lifetime;

  g_assert_true (g_str_has_prefix (url, tw_demo_server_get_base_url (f->server)));
  g_assert_true (strstr (url, TW_OAUTH_AUTHORIZE_PATH "?") != NULL);
  g_assert_cmpstr (response_type, ==, "code");
  g_assert_cmpstr (client_id, ==, TW_DEMO_CLIENT_ID);
  g_assert_cmpstr (redirect, ==, f->redirect_uri);
  g_assert_cmpstr (scope, ==, TW_OAUTH_DEFAULT_SCOPES);
  g_assert_cmpstr (method, ==, "S256");
  /* 32 characters of 62: about 190 bits. */
  g_assert_cmpuint (strlen (state), >=, 32);
  g_assert_cmpuint (strlen (challenge), ==, 43);

  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  location = authorize (f, login);
  returned_state = query_param (location, "state");
  code = query_param (location, "code");
  g_assert_cmpstr (returned_state, ==, state);
  g_assert_nonnull (code);

  /* A stray request does not end the wait. */
  favicon_url = g_strdup_printf ("http://127.0.0.1:%u/favicon.ico", f->port);
  visit (f, favicon_url, &favicon);
  g_assert_no_error (favicon.error);
  g_assert_cmpuint (favicon.status, ==, SOUP_STATUS_NOT_FOUND);
  g_assert_false (outcome.done);

  visit (f, location, &back);
  g_assert_no_error (back.error);
  g_assert_cmpuint (back.status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (back.body, "You are logged in to Tiki Webhooks."));
  g_assert_nonnull (strstr (back.body, "You can close this tab."));
  tw_test_wait_for (&outcome.done);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);

  /* The tokens are in the TwAuth. */
  g_assert_true (tw_auth_is_logged_in (f->auth));
  g_assert_true (g_str_has_prefix (tw_auth_get_access_token (f->auth), "demo-"));
  g_assert_true (g_str_has_prefix (tw_auth_get_refresh_token (f->auth), "demo-refresh-"));
  g_assert_nonnull (tw_auth_get_expires_at (f->auth));
  now = g_date_time_new_now_utc ();
  lifetime = g_date_time_difference (tw_auth_get_expires_at (f->auth), now);
  g_assert_cmpint (lifetime, >, 3500 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (lifetime, <=, 3600 * G_TIME_SPAN_SECOND);
  g_assert_false (tw_auth_needs_grant (f->auth));
  g_assert_true (tw_auth_can_grant (f->auth));

  /* The exchange: the code, the same redirect URI, the PKCE verifier. */
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 1);
  form = request_form (last_request (f, TW_AUTH_TOKEN_PATH));
  g_assert_cmpstr (form_value (form, "grant_type"), ==, "authorization_code");
  g_assert_cmpstr (form_value (form, "code"), ==, code);
  g_assert_cmpstr (form_value (form, "redirect_uri"), ==, f->redirect_uri);
  g_assert_cmpstr (form_value (form, "client_id"), ==, TW_DEMO_CLIENT_ID);
  verifier = form_value (form, "code_verifier");
  g_assert_nonnull (verifier);
  g_assert_cmpuint (strlen (verifier), >=, 43);
  g_assert_cmpuint (strlen (verifier), <=, 128);
  g_assert_cmpuint (strspn (verifier, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789-._~"), ==, strlen (verifier));
  expected_challenge = tw_oauth_pkce_challenge (verifier);
  g_assert_cmpstr (expected_challenge, ==, challenge);

  /* Recorded, without the code, the verifier or the tokens. */
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  record = tw_memory_sink_get_record (f->sink, 0);
  g_assert_cmpstr (record->kind, ==, "token");
  g_assert_cmpstr (record->profile, ==, PROFILE);
  g_assert_nonnull (strstr (record->request_body, "grant_type=authorization_code"));
  g_assert_nonnull (strstr (record->request_body, "code=[redacted]"));
  g_assert_nonnull (strstr (record->request_body, "code_verifier=[redacted]"));
  g_assert_null (strstr (record->request_body, code));
  g_assert_null (strstr (record->request_body, verifier));
  g_assert_null (strstr (record->response_body, tw_auth_get_access_token (f->auth)));
  g_assert_null (strstr (record->response_body, tw_auth_get_refresh_token (f->auth)));

  /* One callback, then the listener is gone. */
  g_assert_false (listener_open (f));
}

static void
test_post_method (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) form = NULL;
  const TwHistoryRecord *record;

  tw_demo_server_set_auth_methods (f->server, TW_DEMO_AUTH_POST_ONLY);
  tw_auth_set_auth_method (f->auth, TW_AUTH_METHOD_POST);
  log_in (f);

  form = request_form (last_request (f, TW_AUTH_TOKEN_PATH));
  g_assert_cmpstr (form_value (form, "client_secret"), ==, TW_DEMO_CLIENT_SECRET);
  record = tw_memory_sink_get_record (f->sink, 0);
  g_assert_null (strstr (record->request_body, TW_DEMO_CLIENT_SECRET));
  g_assert_true (tw_auth_is_logged_in (f->auth));
}

static void
test_state_mismatch (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;
  g_autofree char *forged = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Visit) back = { 0 };

  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  location = authorize (f, login);
  code = query_param (location, "code");

  /* A valid code, but an answer to somebody else's request. */
  forged = g_strdup_printf ("%s?code=%s&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                            f->redirect_uri, code);
  visit (f, forged, &back);
  g_assert_no_error (back.error);
  g_assert_cmpuint (back.status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (back.body, "did not succeed"));
  g_assert_nonnull (strstr (back.body, "state does not match"));

  tw_test_wait_for (&outcome.done);
  g_assert_false (outcome.ok);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (outcome.error->message, "state does not match"));

  /* The code was never exchanged. */
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 0);
  g_assert_false (tw_auth_is_logged_in (f->auth));
  g_assert_false (listener_open (f));
}

static void
test_denied (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  g_autofree char *location = NULL;
  g_autofree char *error_code = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Visit) back = { 0 };

  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  location = authorize (f, login);
  error_code = query_param (location, "error");
  g_assert_cmpstr (error_code, ==, "access_denied");

  visit (f, location, &back);
  g_assert_cmpuint (back.status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (back.body, "Access was not allowed in the browser"));

  tw_test_wait_for (&outcome.done);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (outcome.error->message, "Access was not allowed"));
  /* Tiki's hint comes along. */
  g_assert_nonnull (strstr (outcome.error->message, "The seller did not allow access."));
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 0);
  g_assert_false (tw_auth_is_logged_in (f->auth));
}

static void
test_error_escaped (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  g_autofree char *state = query_param (tw_oauth_login_get_authorize_url (login), "state");
  g_autofree char *url = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Visit) back = { 0 };

  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  url = g_strdup_printf ("%s?error=invalid_scope&error_description=%%3Cscript%%3Ex%%3C%%2F"
                         "script%%3E&state=%s", f->redirect_uri, state);
  visit (f, url, &back);
  g_assert_cmpuint (back.status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_null (strstr (back.body, "<script>"));
  g_assert_nonnull (strstr (back.body, "&lt;script&gt;"));
  tw_test_wait_for (&outcome.done);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (outcome.error->message, "scopes"));
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SoupServer) squatter = soup_server_new (NULL, NULL);
  g_autoptr(GSocketAddress) address =
    g_inet_socket_address_new_from_string ("127.0.0.1", f->port);
  g_autoptr(TwOAuthLogin) login = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;

  g_assert_true (soup_server_listen (squatter, address, 0, &error));
  g_assert_no_error (error);

  login = tw_oauth_login_new (f->client, f->auth, PROFILE);
  g_assert_false (tw_oauth_login_start (login, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  expected = g_strdup_printf ("Port %u is already in use by another program", f->port);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_null (tw_oauth_login_get_authorize_url (login));
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  const char *bad_uris[] = {
    "https://127.0.0.1:8765/callback",   /* not plain http */
    "http://example.com:8765/callback",  /* not loopback */
    "http://0.0.0.0:8765/callback",      /* every interface */
    "http://127.0.0.1/callback",         /* no port */
    "http://127.0.0.1:8765/callback?x=1",
    "callback",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_uris); i++)
    {
      g_autoptr(TwOAuthLogin) login = tw_oauth_login_new (f->client, f->auth, PROFILE);
      g_autoptr(GError) error = NULL;

      tw_auth_set_redirect_uri (f->auth, bad_uris[i]);
      g_assert_false (tw_oauth_login_start (login, &error));
      g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
      g_assert_true (g_str_has_prefix (error->message, "Redirect URI:"));
    }

  tw_auth_set_redirect_uri (f->auth, f->redirect_uri);
  tw_auth_set_client_id (f->auth, NULL);
  {
    g_autoptr(TwOAuthLogin) login = tw_oauth_login_new (f->client, f->auth, PROFILE);
    g_autoptr(GError) error = NULL;

    g_assert_false (tw_oauth_login_start (login, &error));
    g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
    g_assert_true (g_str_has_prefix (error->message, "Client ID:"));
  }
}

static void
test_default_redirect_uri (void)
{
  g_autoptr(TwAuth) auth = tw_auth_new ();
  g_autofree char *uri = tw_auth_dup_effective_redirect_uri (auth);

  g_assert_cmpstr (uri, ==, "http://127.0.0.1:8765/callback");
  g_assert_cmpstr (tw_auth_get_effective_scopes (auth), ==, "offline inventory");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  g_auto(Outcome) outcome = { 0 };
  gint64 started = g_get_monotonic_time ();

  tw_oauth_login_set_timeout (login, 1);
  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  tw_test_wait_for (&outcome.done);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (outcome.error->message, "1 second"));
  g_assert_cmpint (g_get_monotonic_time () - started, >=, G_USEC_PER_SEC / 2);
  g_assert_false (listener_open (f));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TwOAuthLogin) login = start_login (f);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) outcome = { 0 };

  tw_oauth_login_wait_async (login, cancellable, waited_cb, &outcome);
  g_assert_true (listener_open (f));

  /* Loopback only, and only 127.0.0.1: a listener on every interface
   * would answer on 127.0.0.2 too. */
  {
    g_autofree char *other = g_strdup_printf ("http://127.0.0.2:%u/probe", f->port);
    g_auto(Visit) probe = { 0 };

    visit (f, other, &probe);
    g_assert_nonnull (probe.error);
  }
  g_cancellable_cancel (cancellable);
  tw_test_wait_for (&outcome.done);
  g_assert_error (outcome.error, TW_ERROR, TW_ERROR_CANCELLED);
  g_assert_false (listener_open (f));
}

static TwApiResult *
exchange (Fixture    *f,
          TwAuth     *auth,
          const char *code,
          const char *redirect_uri,
          const char *verifier)
{
  g_autoptr(GAsyncResult) res = NULL;
  TwApiResult *result;

  tw_api_client_exchange_code_async (f->client, PROFILE, auth, code, redirect_uri, verifier,
                                     NULL, tw_test_keep_result_cb, &res);
  result = tw_api_client_exchange_code_finish (f->client, tw_test_wait_for_result (&res), NULL);
  g_assert_nonnull (result);
  return result;
}

/* Asks for a code, without letting the login exchange it. */
static char *
fresh_code (Fixture       *f,
            TwOAuthLogin **login)
{
  g_autofree char *location = NULL;

  *login = start_login (f);
  location = authorize (f, *login);
  return query_param (location, "code");
}

static void
assert_invalid_grant (TwApiResult *result,
                      const char  *why)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tw_api_result_propagate_error (result, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_cmpstr (tw_api_result_get_message_code (result), ==, "invalid_grant");
  g_assert_nonnull (strstr (error->message, why));
}

/* The simulator's authorization codes: bound to the redirect URI and the
 * PKCE challenge, and good for one exchange only. */
static void
test_code_checks (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwAuth) auth = tw_auth_new_for_client (TW_DEMO_CLIENT_ID, TW_DEMO_CLIENT_SECRET,
                                                   TW_AUTH_METHOD_BASIC);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *location = NULL;
  g_autofree char *code = NULL;
  g_auto(Outcome) outcome = { 0 };
  g_auto(Visit) back = { 0 };
  g_autoptr(TwOAuthLogin) login = NULL;

  tw_auth_set_mode (auth, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_auth_base (auth, tw_demo_server_get_base_url (f->server));

  {
    g_autoptr(TwOAuthLogin) other = NULL;
    g_autofree char *other_code = fresh_code (f, &other);
    g_autoptr(TwApiResult) result = exchange (f, auth, other_code, "http://127.0.0.1:1/x",
                                              NULL);

    assert_invalid_grant (result, "redirect_uri does not match");
  }
  {
    g_autoptr(TwOAuthLogin) other = NULL;
    g_autofree char *other_code = fresh_code (f, &other);
    g_autoptr(TwApiResult) result = exchange (f, auth, other_code, f->redirect_uri, NULL);

    assert_invalid_grant (result, "code_verifier does not match");
  }
  {
    g_autoptr(TwOAuthLogin) other = NULL;
    g_autofree char *other_code = fresh_code (f, &other);
    g_autoptr(TwApiResult) result =
      exchange (f, auth, other_code, f->redirect_uri,
                "wrong-verifier-0123456789-0123456789-0123456789");

    assert_invalid_grant (result, "code_verifier does not match");
  }

  /* A code the login exchanged cannot be exchanged again, even with its
   * verifier. */
  login = start_login (f);
  tw_oauth_login_wait_async (login, NULL, waited_cb, &outcome);
  location = authorize (f, login);
  code = query_param (location, "code");
  visit (f, location, &back);
  tw_test_wait_for (&outcome.done);
  g_assert_no_error (outcome.error);
  form = request_form (last_request (f, TW_AUTH_TOKEN_PATH));
  {
    g_autoptr(TwApiResult) result = exchange (f, auth, code, f->redirect_uri,
                                              form_value (form, "code_verifier"));

    assert_invalid_grant (result, "unknown or was used");
  }
  g_assert_null (tw_auth_get_access_token (auth));
}

static void
start_register (Fixture       *f,
                TwTestOutcome *out)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  const char * const warehouses[] = { "sgn", NULL };
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);

  tw_registration_set_warehouses (registration, warehouses);
  tw_hook_set_url (order, "https://seller.example/webhooks/order");
  tw_hook_set_secret_key (order, "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue");
  tw_api_client_register_async (f->client, PROFILE, tw_demo_server_get_base_url (f->server),
                                registration, f->auth, NULL, tw_test_outcome_registered_cb, out);
  tw_test_outcome_wait (out);
}

static TwApiResult *
register_now (Fixture *f)
{
  g_auto(TwTestOutcome) out = { 0 };

  start_register (f, &out);
  g_assert_no_error (out.error);
  g_assert_nonnull (out.result);
  return g_steal_pointer (&out.result);
}

static GError *
register_fails (Fixture *f)
{
  g_auto(TwTestOutcome) out = { 0 };

  start_register (f, &out);
  g_assert_null (out.result);
  g_assert_nonnull (out.error);
  return g_steal_pointer (&out.error);
}

static TwApiResult *
refresh_now (Fixture *f,
             TwAuth  *auth)
{
  g_auto(TwTestOutcome) outcome = { 0 };

  tw_api_client_token_async (f->client, PROFILE, auth, NULL, tw_test_outcome_granted_cb,
                             &outcome);
  tw_test_outcome_wait (&outcome);
  g_assert_no_error (outcome.error);
  g_assert_nonnull (outcome.result);
  return g_steal_pointer (&outcome.result);
}

static void
test_refresh_before_expiry (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) past = g_date_time_add_seconds (now, -10);
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *old_token = NULL;
  g_autofree char *old_refresh = NULL;
  guint refresh_notified = 0;

  log_in (f);
  old_token = g_strdup (tw_auth_get_access_token (f->auth));
  old_refresh = g_strdup (tw_auth_get_refresh_token (f->auth));
  tw_auth_set_expires_at (f->auth, past);
  g_assert_true (tw_auth_is_expired (f->auth));
  g_assert_true (tw_auth_needs_grant (f->auth));
  g_signal_connect (f->auth, "notify::refresh-token", G_CALLBACK (tw_test_count_notify),
                    &refresh_notified);

  tw_demo_server_clear_requests (f->server);
  result = register_now (f);
  g_assert_true (tw_api_result_get_ok (result));

  /* The refresh came first, then the registration with the new token. */
  g_assert_cmpuint (tw_demo_server_get_n_requests (f->server), ==, 2);
  g_assert_cmpstr (tw_demo_server_get_request (f->server, 0)->path, ==, TW_AUTH_TOKEN_PATH);
  form = request_form (tw_demo_server_get_request (f->server, 0));
  g_assert_cmpstr (form_value (form, "grant_type"), ==, "refresh_token");
  g_assert_cmpstr (form_value (form, "refresh_token"), ==, old_refresh);
  g_assert_cmpstr (form_value (form, "client_id"), ==, TW_DEMO_CLIENT_ID);

  g_assert_cmpstr (tw_auth_get_access_token (f->auth), !=, old_token);
  g_assert_false (tw_auth_is_expired (f->auth));
  /* Rotated, and said so: the caller stores the new one. */
  g_assert_nonnull (tw_auth_get_refresh_token (f->auth));
  g_assert_cmpstr (tw_auth_get_refresh_token (f->auth), !=, old_refresh);
  g_assert_cmpuint (refresh_notified, ==, 1);
}

static void
test_refresh_after_401 (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autofree char *old_refresh = NULL;

  log_in (f);
  old_refresh = g_strdup (tw_auth_get_refresh_token (f->auth));
  /* A token the server revoked early; its expiry is unknown. */
  tw_auth_set_access_token (f->auth, TW_DEMO_EXPIRED_TOKEN);
  g_assert_false (tw_auth_needs_grant (f->auth));

  tw_demo_server_clear_requests (f->server);
  result = register_now (f);
  g_assert_true (tw_api_result_get_ok (result));
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 2);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 1);
  g_assert_cmpstr (tw_auth_get_access_token (f->auth), !=, TW_DEMO_EXPIRED_TOKEN);
  g_assert_cmpstr (tw_auth_get_refresh_token (f->auth), !=, old_refresh);
}

static void
test_refresh_refused_no_loop (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A refresh token the server does not know, and a refused token. */
  tw_auth_set_refresh_token (f->auth, "demo-refresh-unknown");
  tw_auth_set_access_token (f->auth, TW_DEMO_EXPIRED_TOKEN);

  result = register_now (f);
  g_assert_false (tw_api_result_propagate_error (result, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_nonnull (strstr (error->message, "log in with Tiki again"));
  g_assert_nonnull (strstr (error->message, "invalid_grant"));
  /* One registration, one refresh, and no more. */
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 1);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 1);
  /* The dead login is dropped. */
  g_assert_null (tw_auth_get_refresh_token (f->auth));
  g_assert_false (tw_auth_is_logged_in (f->auth));
  g_assert_false (tw_auth_can_grant (f->auth));

  /* Nothing more is sent until the seller logs in again. */
  g_clear_error (&error);
  error = register_fails (f);
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "Log in with Tiki"));
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==, 1);
  g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_AUTH_TOKEN_PATH), ==, 1);
}

static void
save_credentials (TwCredentials *credentials,
                  TwAuth        *auth)
{
  g_autoptr(GAsyncResult) res = NULL;

  tw_credentials_save_profile_async (credentials, PROFILE, auth, NULL, NULL,
                                     tw_test_keep_result_cb, &res);
  g_assert_true (tw_credentials_save_profile_finish (credentials, tw_test_wait_for_result (&res),
                                                     NULL));
}

static void
forget_credentials (TwCredentials *credentials)
{
  g_autoptr(GAsyncResult) res = NULL;

  tw_credentials_forget_profile_async (credentials, PROFILE, NULL, tw_test_keep_result_cb, &res);
  g_assert_true (tw_credentials_forget_profile_finish (credentials, tw_test_wait_for_result (&res),
                                                       NULL));
}

static void
test_rotation (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new ();
  g_autoptr(TwApiResult) first = NULL;
  g_autoptr(TwApiResult) again = NULL;
  g_autoptr(TwAuth) stale = NULL;
  g_autoptr(TwAuth) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_refresh = NULL;

  log_in (f);
  old_refresh = g_strdup (tw_auth_get_refresh_token (f->auth));

  first = refresh_now (f, f->auth);
  g_assert_true (tw_api_result_get_ok (first));
  g_assert_cmpstr (tw_auth_get_refresh_token (f->auth), !=, old_refresh);

  /* The rotated token goes to the keyring and comes back from it. */
  save_credentials (credentials, f->auth);
  loaded = tw_auth_new ();
  tw_auth_set_mode (loaded, TW_AUTH_MODE_PUBLIC_APP);
  g_assert_true (tw_credentials_load_profile (credentials, PROFILE, loaded, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (tw_auth_get_refresh_token (loaded), ==, tw_auth_get_refresh_token (f->auth));
  g_assert_cmpstr (tw_auth_get_access_token (loaded), ==, tw_auth_get_access_token (f->auth));

  /* The old refresh token was spent: refused with an OAuth error. */
  stale = tw_auth_new_for_client (TW_DEMO_CLIENT_ID, TW_DEMO_CLIENT_SECRET,
                                  TW_AUTH_METHOD_BASIC);
  tw_auth_set_mode (stale, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_auth_base (stale, tw_demo_server_get_base_url (f->server));
  tw_auth_set_refresh_token (stale, old_refresh);
  again = refresh_now (f, stale);
  g_assert_false (tw_api_result_propagate_error (again, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_AUTH_FAILED);
  g_assert_cmpstr (tw_api_result_get_message_code (again), ==, "invalid_grant");
  g_assert_nonnull (strstr (error->message, "log in with Tiki again"));
  g_assert_null (tw_auth_get_refresh_token (stale));
  forget_credentials (credentials);
}

/* Whether @needle is in @data, NUL bytes included (a database file). */
static gboolean
contains (const char *data,
          gsize       length,
          const char *needle)
{
  gsize size = strlen (needle);

  for (gsize i = 0; size > 0 && i + size <= length; i++)
    {
      if (data[i] == needle[0] && memcmp (data + i, needle, size) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Every file under @dir, read whole, must hold none of @secrets. */
static void
assert_no_secret_in (const char         *dir,
                     const char * const *secrets,
                     guint              *n_files)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          assert_no_secret_in (path, secrets, n_files);
          continue;
        }
      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;

      (*n_files)++;
      for (guint i = 0; secrets[i] != NULL; i++)
        {
          if (contains (contents, length, secrets[i]))
            g_error ("%s holds the secret “%.4s…”", path, secrets[i]);
        }
    }
}

static void
test_nothing_secret_in_files (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *history_path = g_build_filename (g_get_user_data_dir (), "test-oauth",
                                                    "history.sqlite", NULL);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "test-oauth", NULL);
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(TwCredentials) credentials = tw_credentials_new ();
  g_autoptr(TwProfile) profile = tw_profile_new (PROFILE);
  g_autoptr(TwApiResult) refreshed = NULL;
  g_autoptr(GHashTable) form = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *profile_path = NULL;
  g_autofree char *first_refresh = NULL;
  g_autofree char *first_token = NULL;
  g_autofree char *code = NULL;
  g_autofree char *verifier = NULL;
  guint n_files = 0;

  history = tw_history_new (history_path);
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (history));

  log_in (f);
  first_refresh = g_strdup (tw_auth_get_refresh_token (f->auth));
  first_token = g_strdup (tw_auth_get_access_token (f->auth));
  form = request_form (last_request (f, TW_AUTH_TOKEN_PATH));
  code = g_strdup (form_value (form, "code"));
  verifier = g_strdup (form_value (form, "code_verifier"));
  refreshed = refresh_now (f, f->auth);
  g_assert_true (tw_api_result_get_ok (refreshed));

  /* What the app writes: the profile file, the history, the keyring. */
  tw_profile_capture (profile, f->auth, NULL);
  json = tw_profile_to_json (profile);
  g_assert_nonnull (strstr (json, "\"public-app\""));
  g_assert_nonnull (strstr (json, "token_expires_at"));
  g_assert_true (g_mkdir_with_parents (config, 0700) == 0);
  profile_path = g_build_filename (config, PROFILE ".json", NULL);
  g_assert_true (g_file_set_contents (profile_path, json, -1, &error));
  g_assert_no_error (error);
  save_credentials (credentials, f->auth);
  tw_test_flush_history (history);

  {
    const char *secrets[] = {
      TW_DEMO_CLIENT_SECRET, first_token, first_refresh, code, verifier,
      tw_auth_get_access_token (f->auth), tw_auth_get_refresh_token (f->auth), NULL,
    };

    assert_no_secret_in (g_get_home_dir (), secrets, &n_files);
    assert_no_secret_in (g_get_user_config_dir (), secrets, &n_files);
    assert_no_secret_in (g_get_user_data_dir (), secrets, &n_files);
    assert_no_secret_in (g_get_user_cache_dir (), secrets, &n_files);
    g_assert_cmpuint (n_files, >=, 2);
  }

  /* Leave nothing behind. */
  g_clear_object (&history);
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *path = g_strconcat (history_path, suffixes[i], NULL);

      g_remove (path);
    }
  g_remove (profile_path);
  g_rmdir (config);
  {
    g_autofree char *dir = g_path_get_dirname (history_path);

    g_rmdir (dir);
  }
  forget_credentials (credentials);
}

static void
test_format_logged_in (void)
{
  g_autoptr(GDateTime) local = g_date_time_new_local (2026, 11, 28, 14, 35, 0);
  g_autofree char *text = tw_oauth_format_logged_in (local);
  g_autofree char *unknown = tw_oauth_format_logged_in (NULL);

  g_assert_cmpstr (text, ==, "Logged in — valid until 14:35");
  g_assert_cmpstr (unknown, ==, "Logged in");
}

static void
add (const char    *path,
     gconstpointer  data,
     void         (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  /* Not G_TEST_OPTION_ISOLATE_DIRS: GLib leaks the folders it replaces.
   * build-aux/run-tests.sh gives the run a throwaway HOME and XDG folders,
   * which the nothing-secret test searches. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/oauth/pkce-challenge", test_pkce_challenge);
  g_test_add_func ("/tw/oauth/default-redirect-uri", test_default_redirect_uri);
  g_test_add_func ("/tw/oauth/format-logged-in", test_format_logged_in);
  add ("/tw/oauth/success", NULL, test_success);
  add ("/tw/oauth/post-method", NULL, test_post_method);
  add ("/tw/oauth/state-mismatch", NULL, test_state_mismatch);
  add ("/tw/oauth/denied", TW_DEMO_DENY_CLIENT_ID, test_denied);
  add ("/tw/oauth/error-escaped", NULL, test_error_escaped);
  add ("/tw/oauth/port-in-use", NULL, test_port_in_use);
  add ("/tw/oauth/bad-input", NULL, test_bad_input);
  add ("/tw/oauth/timeout", NULL, test_timeout);
  add ("/tw/oauth/cancel", NULL, test_cancel);
  add ("/tw/oauth/code-checks", NULL, test_code_checks);
  add ("/tw/oauth/refresh-before-expiry", NULL, test_refresh_before_expiry);
  add ("/tw/oauth/refresh-after-401", NULL, test_refresh_after_401);
  add ("/tw/oauth/refresh-refused-no-loop", NULL, test_refresh_refused_no_loop);
  add ("/tw/oauth/rotation", NULL, test_rotation);
  add ("/tw/oauth/nothing-secret-in-files", NULL, test_nothing_secret_in_files);

  return g_test_run ();
}
