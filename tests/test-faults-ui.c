/* test-faults-ui.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-faults-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "tw-account-group.h"
#include "tw-api-client.h"
#include "tw-context.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-history.h"
#include "tw-i18n.h"
#include "tw-profile-store.h"
#include "tw-register-page.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-warehouse-list.h"
#include "tw-webhook-editor.h"

/* The Register page after each server fault: a translated explanation on
 * screen in time, the attempts in the history, and a form that can be
 * edited and sent again at once. test-faults checks the outcomes in
 * detail; this checks what the user is left with. */

#define TOKEN "faults-ui-token-7Kq2"
/* The request timeout, times tw_test_timeout_multiplier(): a sanitized
 * build may hold the main loop for seconds while it draws. */
#define TIMEOUT_S 2
/* Waits: a fault takes at most three attempts of TIMEOUT_S, or the 30 s of
 * the TLS case. */
#define WAIT_MS 35000
#define STALLING_HEAD "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
                      "Content-Length: 4096\r\n\r\n"

typedef enum
{
  PEER_SIMULATOR,
  PEER_REFUSED,
  PEER_UNRESOLVABLE,
  PEER_STALLING,
  PEER_SELF_SIGNED,
} Peer;

typedef struct
{
  const char  *path;
  Peer         peer;
  TwDemoFault  fault;
  TwErrorCode  code;
  guint        attempts;
} Case;

static const Case cases[] = {
  { "server-error", PEER_SIMULATOR, TW_DEMO_FAULT_SERVER_ERROR, TW_ERROR_SERVER_ERROR, 3 },
  { "unavailable", PEER_SIMULATOR, TW_DEMO_FAULT_UNAVAILABLE, TW_ERROR_SERVER_ERROR, 3 },
  { "rate-limited", PEER_SIMULATOR, TW_DEMO_FAULT_RATE_LIMITED, TW_ERROR_RATE_LIMITED, 3 },
  { "garbled", PEER_SIMULATOR, TW_DEMO_FAULT_GARBLED, TW_ERROR_BAD_RESPONSE, 1 },
  { "oversized", PEER_SIMULATOR, TW_DEMO_FAULT_OVERSIZED, TW_ERROR_BAD_RESPONSE, 1 },
  { "no-response", PEER_SIMULATOR, TW_DEMO_FAULT_NO_RESPONSE, TW_ERROR_TIMED_OUT, 1 },
  { "slow", PEER_SIMULATOR, TW_DEMO_FAULT_SLOW, TW_ERROR_TIMED_OUT, 1 },
  /* The request reached the server: never sent again behind the user's
   * back. */
  { "close-mid-response", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_MID_RESPONSE,
    TW_ERROR_INCOMPLETE_RESPONSE, 1 },
  { "close-after-headers", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_AFTER_HEADERS,
    TW_ERROR_INCOMPLETE_RESPONSE, 1 },
  { "close-mid-chunk", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_MID_CHUNK,
    TW_ERROR_INCOMPLETE_RESPONSE, 1 },
  { "short-body", PEER_SIMULATOR, TW_DEMO_FAULT_SHORT_BODY, TW_ERROR_INCOMPLETE_RESPONSE, 1 },
  { "close-after-status-line", PEER_SIMULATOR, TW_DEMO_FAULT_CLOSE_AFTER_STATUS_LINE,
    TW_ERROR_BAD_RESPONSE, 1 },
  { "errors-envelope", PEER_SIMULATOR, TW_DEMO_FAULT_ERRORS_ENVELOPE, TW_ERROR_REJECTED, 1 },
  { "invalid-token", PEER_SIMULATOR, TW_DEMO_FAULT_INVALID_TOKEN, TW_ERROR_INVALID_TOKEN, 1 },
  { "connection-refused", PEER_REFUSED, TW_DEMO_FAULT_NONE, TW_ERROR_CANNOT_CONNECT, 3 },
  { "dns-failure", PEER_UNRESOLVABLE, TW_DEMO_FAULT_NONE, TW_ERROR_CANNOT_CONNECT, 3 },
  { "headers-then-stall", PEER_STALLING, TW_DEMO_FAULT_NONE, TW_ERROR_TIMED_OUT, 1 },
  { "tls-self-signed", PEER_SELF_SIGNED, TW_DEMO_FAULT_NONE, TW_ERROR_TLS, 1 },
};

typedef struct
{
  guint               timeout_s;
  TwContext          *context;
  TwDemoServer       *server;
  TwRegisterPage     *page;
  GtkWindow          *window;
  TwTestStallingPeer *stalling;
  TwTestCertificate  *cert;
  TwDemoServer       *https_server;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->timeout_s = TIMEOUT_S * tw_test_timeout_multiplier ();
  f->context = tw_test_context_new ();
  g_settings_set_uint (tw_context_get_settings (f->context), "request-timeout", f->timeout_s);
  tw_api_client_set_backoff_ms (tw_context_get_api_client (f->context), 10);
  f->server = tw_context_ensure_demo_server (f->context, &error);
  g_assert_no_error (error);
  tw_demo_server_set_retry_after (f->server, 0);
  tw_demo_server_set_delay_ms (f->server, (f->timeout_s + 3) * 1000);
  f->page = TW_REGISTER_PAGE (tw_register_page_new (f->context));
  f->window = tw_test_window_new (GTK_WIDGET (f->page), 800, 900);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->context);
  g_clear_object (&f->https_server);
  g_clear_pointer (&f->cert, tw_test_certificate_free);
  g_clear_pointer (&f->stalling, tw_test_stalling_peer_free);
  g_unsetenv ("TIKI_WEBHOOKS_API_BASE");
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  if (g_str_equal (name, "token_row"))
    return tw_test_get_child (tw_test_get_child (f->page, TW_TYPE_REGISTER_PAGE,
                                                 "account_group"),
                              TW_TYPE_ACCOUNT_GROUP, name);
  return tw_test_get_child (f->page, TW_TYPE_REGISTER_PAGE, name);
}

static gboolean
can_register (Fixture *f)
{
  return gtk_widget_get_sensitive (child (f, "register_button"));
}

/* Fills the form through its widgets, as a user would. */
static void
fill_form (Fixture *f)
{
  TwWarehouseList *list = child (f, "warehouse_list");
  GtkWidget *editor = child (f, "order_editor");

  tw_warehouse_list_set_filter_text (list, "sgn3");
  gtk_widget_activate_action (GTK_WIDGET (list), "warehouses.select-all", NULL);
  tw_warehouse_list_set_filter_text (list, "");
  gtk_editable_set_text (tw_test_get_child (editor, TW_TYPE_WEBHOOK_EDITOR, "url_row"),
                         "https://shop.example.com/hooks/order");
  gtk_widget_activate_action (editor, "editor.generate", NULL);
  gtk_editable_set_text (child (f, "partner_row"), "shop-42");
  gtk_editable_set_text (child (f, "token_row"), TOKEN);
}

static void
send_and_wait (Fixture *f)
{
  TW_TEST_SPIN_UNTIL (can_register (f), 5000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "register.send", NULL));
  g_assert_true (tw_register_page_get_busy (f->page));
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (f->page), WAIT_MS);
}

/* Points Production at @url (TIKI_WEBHOOKS_API_BASE), as a support
 * engineer would to reach a proxy. */
static void
use_base (Fixture    *f,
          const char *url)
{
  g_setenv ("TIKI_WEBHOOKS_API_BASE", url, TRUE);
  tw_register_page_set_environment (f->page, TW_ENVIRONMENT_PRODUCTION);
}

static void
point_at_fault (Fixture    *f,
                const Case *c)
{
  g_autofree char *url = NULL;

  switch (c->peer)
    {
    case PEER_SIMULATOR:
      tw_demo_server_set_fault (f->server, c->fault, 10);
      return;
    case PEER_REFUSED:
      url = g_strdup_printf ("http://127.0.0.1:%u", tw_test_closed_port ());
      break;
    case PEER_UNRESOLVABLE:
      url = g_strdup ("http://api.tikinow.invalid");
      break;
    case PEER_STALLING:
      f->stalling = tw_test_stalling_peer_new (STALLING_HEAD);
      url = g_strdup (tw_test_stalling_peer_get_url (f->stalling));
      break;
    case PEER_SELF_SIGNED:
      f->cert = tw_test_certificate_new ();
      g_assert_nonnull (f->cert);
      f->https_server = tw_test_demo_server_new ();
      tw_test_demo_server_serve_https (f->https_server, f->cert->certificate);
      url = g_strdup (tw_demo_server_get_base_url (f->https_server));
      /* The refusal needs no timeout, but a sanitized TLS handshake may
       * take more than TIMEOUT_S: the usual 30 s. */
      f->timeout_s = 30;
      g_settings_set_uint (tw_context_get_settings (f->context), "request-timeout", 30);
      break;
    default:
      g_assert_not_reached ();
    }
  use_base (f, url);
}

/* The outcomes of the newest @n rows of the app's history, oldest first. */
static GStrv
newest_outcomes (Fixture *f,
                 guint    n)
{
  TwHistory *history = tw_context_get_history (f->context);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GAsyncResult) flushed = NULL;

  tw_history_flush_async (history, NULL, tw_test_keep_result_cb, &flushed);
  g_assert_true (tw_history_flush_finish (history, tw_test_spin_until_result (&flushed, 5000),
                                          NULL));
  rows = tw_history_query (history, NULL, 0, G_MAXINT64, 0, n, NULL);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = rows->len; i > 0; i--)
    g_strv_builder_add (builder, tw_history_entry_get_outcome (rows->pdata[i - 1]));
  return g_strv_builder_end (builder);
}

static void
assert_outcome_shown (Fixture    *f,
                      const Case *c)
{
  TwApiResult *result = tw_register_page_get_last_result (f->page);
  const char *explanation = adw_action_row_get_subtitle (child (f, "outcome_row"));
  const char *failed = c->peer == PEER_SIMULATOR ? _("Demo registration failed")
                                                 : _("Registration failed");

  /* Not "failed": the server may have applied it. */
  if (c->code == TW_ERROR_INCOMPLETE_RESPONSE)
    failed = _("Demo registration outcome unknown");

  g_assert_nonnull (result);
  g_assert_false (tw_api_result_get_ok (result));
  g_assert_error ((GError *) tw_api_result_get_error (result), TW_ERROR, (int) c->code);
  g_assert_cmpuint (tw_api_result_get_attempts (result), ==, c->attempts);

  /* In Vietnamese: the title and the explanation of the code (a new
   * string is English until its translation is merged). */
  if (c->code != TW_ERROR_INCOMPLETE_RESPONSE)
    g_assert_false (g_str_is_ascii (failed));
  g_assert_cmpstr (adw_preferences_row_get_title (child (f, "outcome_row")), ==, failed);
  g_assert_true (g_str_has_prefix (explanation, tw_error_explain (c->code)));
  g_assert_false (g_str_is_ascii (tw_error_explain (c->code)));
  g_assert_true (gtk_widget_get_visible (child (f, "result_group")));
  g_assert_cmpuint (g_ascii_strtoull (tw_test_row_subtitle (child (f, "attempts_row")), NULL,
                                      10), ==, c->attempts);

  /* A cut-off answer: the registration may have been applied, and the user
   * is told how to find out. */
  if (c->code == TW_ERROR_INCOMPLETE_RESPONSE)
    {
      g_assert_true (gtk_widget_has_css_class (child (f, "outcome_icon"), "warning"));
      g_assert_nonnull (strstr (explanation,
                                _("The registration may or may not have been applied. To be "
                                  "sure, send it again; the History page shows what was "
                                  "sent.")));
    }
  /* Each attempt is one request that reached the simulator. */
  if (c->peer == PEER_SIMULATOR)
    g_assert_cmpuint (tw_demo_server_count_requests (f->server, TW_API_REGISTER_PATH), ==,
                      c->attempts);
}

static void
assert_usable (Fixture *f)
{
  TwRegistration *registration = tw_register_page_get_registration (f->page);

  g_assert_false (tw_register_page_get_busy (f->page));
  g_assert_false (gtk_widget_get_visible (child (f, "cancel_button")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "account_group")));
  g_assert_true (gtk_widget_get_sensitive (child (f, "warehouse_list")));
  g_assert_true (can_register (f));

  /* Edits reach the registration. */
  gtk_editable_set_text (child (f, "partner_row"), "shop-43");
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "shop-43");
  gtk_editable_set_text (child (f, "partner_row"), "shop-42");
}

static void
test_fault (Fixture       *f,
            gconstpointer  data)
{
  const Case *c = data;
  g_auto(GStrv) outcomes = NULL;
  gint64 started;

  if (c->peer == PEER_SELF_SIGNED && !tw_test_run_https_in_subprocess ())
    return;

  fill_form (f);
  point_at_fault (f, c);
  started = g_get_monotonic_time ();
  send_and_wait (f);
  g_test_message ("%s: %.2f s", c->path, (g_get_monotonic_time () - started) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - started, <,
                   (c->attempts * f->timeout_s + 3 * tw_test_timeout_multiplier ()) *
                   G_USEC_PER_SEC);

  assert_outcome_shown (f, c);
  outcomes = newest_outcomes (f, c->attempts);
  for (guint i = 0; i < c->attempts; i++)
    g_assert_cmpstr (outcomes[i], ==, tw_error_nick (c->code));
  assert_usable (f);

  /* Registering again, now with a healthy server, works at once. */
  tw_demo_server_set_fault (f->server, TW_DEMO_FAULT_NONE, 0);
  tw_register_page_set_environment (f->page, TW_ENVIRONMENT_DEMO);
  send_and_wait (f);
  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (f->page)));
  g_assert_cmpstr (adw_preferences_row_get_title (child (f, "outcome_row")), ==,
                   _("Demo registration succeeded"));
  g_assert_true (gtk_widget_has_css_class (child (f, "outcome_icon"), "success"));
  g_assert_false (gtk_widget_has_css_class (child (f, "outcome_icon"), "warning"));
}

static void
open_new_profile (Fixture    *f,
                  const char *name)
{
  TwProfileStore *store = tw_context_get_profile_store (f->context);
  g_autoptr(GAsyncResult) created = NULL, opened = NULL;
  g_autoptr(TwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  tw_profile_store_create_async (store, name, NULL, tw_test_keep_result_cb, &created);
  TW_TEST_SPIN_UNTIL (created != NULL, 5000);
  profile = tw_profile_store_create_finish (store, created, &error);
  g_assert_no_error (error);
  tw_register_page_open_profile_async (f->page, profile, FALSE, NULL, tw_test_keep_result_cb,
                                       &opened);
  TW_TEST_SPIN_UNTIL (opened != NULL, 5000);
  g_assert_true (tw_register_page_open_profile_finish (f->page, opened, &error));
  tw_register_page_set_environment (f->page, TW_ENVIRONMENT_DEMO);
}

static char *
profile_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static gboolean
file_contains (const char *path,
               const char *text)
{
  g_autofree char *contents = profile_text (path);

  return strstr (contents, text) != NULL;
}

/* A full disk (RLIMIT_FSIZE: no file may grow past 16 bytes) when the
 * profile records a registration: the registration is shown as done, a
 * toast says in Vietnamese why the profile was not saved, the file keeps
 * what it had, and the next registration with space back saves it. */
static void
test_profile_disk_full (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = NULL, *before = NULL, *after = NULL, *reason = NULL;
  g_autofree char *toast = NULL;
  struct rlimit saved, limit;
  TwApiResult *result;

  open_new_profile (f, "Disk full shop");
  path = g_file_get_path (tw_profile_get_file (tw_register_page_get_profile (f->page)));
  fill_form (f);
  before = profile_text (path);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = 16;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  send_and_wait (f);
  reason = g_strdup_printf (_("Cannot save “%s”: %s"), path, _("the disk is full"));
  toast = g_strdup_printf (_("The registration succeeded, but the profile could not be saved: %s"),
                           reason);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (GTK_WIDGET (f->window), toast) != NULL, 5000);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);

  g_assert_false (g_str_is_ascii (toast));
  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (f->page)));
  g_assert_cmpstr (adw_preferences_row_get_title (child (f, "outcome_row")), ==,
                   _("Demo registration succeeded"));
  after = profile_text (path);
  g_assert_cmpstr (after, ==, before);
  assert_usable (f);

  send_and_wait (f);
  result = tw_register_page_get_last_result (f->page);
  g_assert_true (tw_api_result_get_ok (result));
  TW_TEST_SPIN_UNTIL (file_contains (path, tw_api_result_get_request_id (result)), 5000);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *scratch = NULL;
  int status;

  /* A history and profiles of this program's own (set before GLib reads
   * the variables; a subprocess inherits them); Vietnamese, to see the
   * translations on screen. */
  if (g_getenv ("TW_TEST_FAULTS_UI_DIR") == NULL)
    {
      g_autofree char *data_dir = NULL, *config_dir = NULL;

      scratch = g_dir_make_tmp ("tw-faults-ui-XXXXXX", NULL);
      g_assert_nonnull (scratch);
      data_dir = g_build_filename (scratch, "data", NULL);
      config_dir = g_build_filename (scratch, "config", NULL);
      g_setenv ("TW_TEST_FAULTS_UI_DIR", scratch, TRUE);
      g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
      g_setenv ("XDG_CONFIG_HOME", config_dir, TRUE);
    }
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("TIKI_WEBHOOKS_API_BASE");
  /* A write past RLIMIT_FSIZE then fails with EFBIG instead of killing us. */
  signal (SIGXFSZ, SIG_IGN);
  tw_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  tw_test_install_resolver ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strconcat ("/tw/faults-ui/register-page/", cases[i].path, NULL);

      g_test_add (path, Fixture, &cases[i], fixture_set_up, test_fault, fixture_tear_down);
    }

  g_test_add ("/tw/faults-ui/register-page/profile-disk-full", Fixture, NULL, fixture_set_up,
              test_profile_disk_full, fixture_tear_down);

  status = g_test_run ();
  if (scratch != NULL)
    tw_test_remove_tree (scratch);
  return status;
}
