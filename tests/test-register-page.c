/* test-register-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-register-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-account-group.h"
#include "tw-api-client.h"
#include "tw-clipboard.h"
#include "tw-context.h"
#include "tw-demo-server.h"
#include "tw-problem-row.h"
#include "tw-register-page.h"
#include "tw-secret.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-warehouse-list.h"
#include "tw-webhook-editor.h"

#define TOKEN "demo-token-0123456789"
/* Validation is debounced by 300 ms; a request to the loopback simulator
 * takes milliseconds. */
#define WAIT_MS 5000

typedef struct
{
  TwContext      *context;
  TwDemoServer   *server;
  TwRegisterPage *page;
  GtkWindow      *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->context = tw_test_context_new ();
  fixture->server = tw_context_ensure_demo_server (fixture->context, &error);
  g_assert_no_error (error);
  fixture->page = TW_REGISTER_PAGE (tw_register_page_new (fixture->context));
  fixture->window = tw_test_window_new (GTK_WIDGET (fixture->page), 800, 900);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->context);
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  static const char * const account_rows[] = {
    "demo_badge", "environment_row", "custom_url_row", "custom_url_problems", "token_row",
    "demo_row", "demo_block", NULL
  };

  /* The Account group is a widget of its own. */
  if (g_strv_contains (account_rows, name))
    return tw_test_get_child (tw_test_get_child (fixture->page, TW_TYPE_REGISTER_PAGE,
                                                 "account_group"),
                              TW_TYPE_ACCOUNT_GROUP, name);
  return tw_test_get_child (fixture->page, TW_TYPE_REGISTER_PAGE, name);
}

static TwRegistration *
registration (Fixture *fixture)
{
  return tw_register_page_get_registration (fixture->page);
}

static TwHook *
hook (Fixture    *fixture,
      TwHookKind  kind)
{
  return tw_registration_get_hook (registration (fixture), kind);
}

static gpointer
editor_child (Fixture    *fixture,
              TwHookKind  kind,
              const char *name)
{
  static const char * const editors[] = { "order_editor", "stock_editor", "aftersale_editor" };

  return tw_test_get_child (child (fixture, editors[kind]), TW_TYPE_WEBHOOK_EDITOR, name);
}

static gboolean
can_register (Fixture *fixture)
{
  return gtk_widget_get_sensitive (child (fixture, "register_button"));
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
}

static void
pick_warehouses (Fixture    *fixture,
                 const char *filter)
{
  TwWarehouseList *list = child (fixture, "warehouse_list");

  tw_warehouse_list_set_filter_text (list, filter);
  gtk_widget_activate_action (GTK_WIDGET (list), "warehouses.select-all", NULL);
  tw_warehouse_list_set_filter_text (list, "");
}

static void
fill_hook (Fixture    *fixture,
           TwHookKind  kind,
           const char *url)
{
  GtkWidget *editor;

  tw_hook_set_enabled (hook (fixture, kind), TRUE);
  editor = gtk_widget_get_ancestor (editor_child (fixture, kind, "url_row"),
                                    TW_TYPE_WEBHOOK_EDITOR);
  gtk_editable_set_text (editor_child (fixture, kind, "url_row"), url);
  gtk_widget_activate_action (editor, "editor.generate", NULL);
}

/* Fills the form through its widgets, as a user would. */
static void
fill_form (Fixture *fixture)
{
  pick_warehouses (fixture, "sgn3");
  pick_warehouses (fixture, "hn5");
  fill_hook (fixture, TW_HOOK_ORDER, "https://shop.example.com/hooks/order");
  fill_hook (fixture, TW_HOOK_STOCK, "https://shop.example.com/hooks/stock");
  gtk_editable_set_text (child (fixture, "partner_row"), "shop-42");
  gtk_editable_set_text (child (fixture, "token_row"), TOKEN);
}

static const char *
outcome_title (Fixture *fixture)
{
  return adw_preferences_row_get_title (child (fixture, "outcome_row"));
}

static void
send_and_wait (Fixture *fixture)
{
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);
  activate (fixture, "register.send");
  g_assert_true (tw_register_page_get_busy (fixture->page));
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (fixture->page), WAIT_MS);
}

static gboolean
is_request_id (const char *text)
{
  return text != NULL && g_regex_match_simple ("^[0-9a-f]{32}$", text, 0, 0);
}

static void
test_fresh_page (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_cmpint (tw_register_page_get_environment (fixture->page), ==, TW_ENVIRONMENT_DEMO);
  g_assert_cmpuint (adw_combo_row_get_selected (child (fixture, "environment_row")), ==,
                    TW_ENVIRONMENT_DEMO);
  g_assert_true (gtk_widget_get_visible (child (fixture, "demo_badge")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "demo_row")));
  /* Built when first needed: the other environments' and modes' rows,
   * and the Result group for the first result. */
  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->page), "custom_url_row"));
  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->page), "client_id_row"));
  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->page), "login_url_row"));
  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->page), "result_group"));
  g_assert_cmpstr (gtk_editable_get_text (child (fixture, "token_row")), ==, "");
  g_assert_false (can_register (fixture));
  g_assert_nonnull (strstr (tw_test_row_subtitle (child (fixture, "demo_block")), "expired"));

  /* Untouched fields are not covered in red; the hint says what to do. */
  g_assert_false (gtk_widget_get_visible (editor_child (fixture, TW_HOOK_ORDER, "url_problems")));
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "send_hint")), ==,
                   "Tick at least one warehouse and fill in the order webhook to register.");

  /* Once edited, a field shows its errors. */
  gtk_editable_set_text (editor_child (fixture, TW_HOOK_ORDER, "url_row"), "ftp://x");
  TW_TEST_SPIN_UNTIL (gtk_widget_get_visible (editor_child (fixture, TW_HOOK_ORDER,
                                                            "url_problems")), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (editor_child (fixture, TW_HOOK_ORDER,
                                                        "secret_problems")));
}

static void
test_send_follows_validity (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkEditable *order_url = editor_child (fixture, TW_HOOK_ORDER, "url_row");
  g_autofree char *secret = NULL;

  fill_form (fixture);
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  gtk_editable_set_text (order_url, "http://shop.example.com/hooks/order");
  TW_TEST_SPIN_UNTIL (!can_register (fixture), WAIT_MS);
  g_assert_true (tw_problem_row_has_errors (editor_child (fixture, TW_HOOK_ORDER, "url_problems")));
  gtk_editable_set_text (order_url, "https://shop.example.com/hooks/order");
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  secret = g_strdup (tw_hook_get_secret_key (hook (fixture, TW_HOOK_STOCK)));
  gtk_editable_set_text (editor_child (fixture, TW_HOOK_STOCK, "secret_row"), "too-short");
  TW_TEST_SPIN_UNTIL (!can_register (fixture), WAIT_MS);
  gtk_editable_set_text (editor_child (fixture, TW_HOOK_STOCK, "secret_row"), secret);
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  gtk_widget_activate_action (child (fixture, "warehouse_list"), "warehouses.select-none", NULL);
  TW_TEST_SPIN_UNTIL (!can_register (fixture), WAIT_MS);
  pick_warehouses (fixture, "sgn");
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  gtk_editable_set_text (child (fixture, "partner_row"), "bad\tid");
  TW_TEST_SPIN_UNTIL (!can_register (fixture), WAIT_MS);
  g_assert_true (gtk_widget_get_visible (child (fixture, "partner_problems")));
  gtk_editable_set_text (child (fixture, "partner_row"), "shop-42");
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  /* No token, no sending: at once, nothing to debounce. */
  gtk_editable_set_text (child (fixture, "token_row"), "");
  g_assert_false (can_register (fixture));
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "send_hint")), ==,
                   "Enter an access token to register.");
  gtk_editable_set_text (child (fixture, "token_row"), TOKEN);
  g_assert_true (can_register (fixture));
}

static void
test_full_flow (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *expected_body = NULL;
  const TwDemoRequest *request;
  g_autofree char *body = NULL;
  g_autofree char *copied = NULL;
  TwApiResult *result;
  const char *request_id;
  GtkWidget *viewport;
  int lock;

  fill_form (fixture);
  expected_body = tw_registration_to_json (registration (fixture), TW_JSON_DEFAULT);
  send_and_wait (fixture);

  /* What the simulator received is the form, with the token typed. */
  g_assert_cmpuint (tw_demo_server_count_requests (fixture->server, TW_API_REGISTER_PATH), ==, 1);
  request = tw_demo_server_get_request (fixture->server,
                                        tw_demo_server_get_n_requests (fixture->server) - 1);
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_assert_cmpstr (body, ==, expected_body);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==,
                   "Bearer " TOKEN);

  /* What it answered is on screen. */
  result = tw_register_page_get_last_result (fixture->page);
  g_assert_nonnull (result);
  g_assert_true (tw_api_result_get_ok (result));
  request_id = tw_api_result_get_request_id (result);
  g_assert_true (is_request_id (request_id));
  g_assert_cmpstr (tw_test_row_subtitle (child (fixture, "request_id_row")), ==, request_id);
  g_assert_cmpstr (outcome_title (fixture), ==, "Demo registration succeeded");
  g_assert_cmpstr (tw_test_row_subtitle (child (fixture, "status_row")), ==, "200 OK");
  g_assert_cmpstr (tw_test_row_subtitle (child (fixture, "attempts_row")), ==, "1");
  g_assert_true (gtk_widget_get_visible (child (fixture, "result_group")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "elapsed_row")));
  /* A success carries no message: no empty rows. */
  g_assert_false (gtk_widget_get_visible (child (fixture, "code_row")));
  g_assert_false (gtk_widget_get_visible (child (fixture, "message_row")));

  /* The whole scrolled content, to look at the result area. */
  viewport = tw_test_find_descendant (GTK_WIDGET (fixture->page), GTK_TYPE_VIEWPORT);
  g_free (tw_test_save_screenshot (gtk_widget_get_first_child (viewport),
                                   "register-page-result.png"));

  /* The form is usable again, and the request ID copies. */
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "account_group")));
  g_assert_true (can_register (fixture));
  lock = tw_test_lock_clipboard ();
  activate (fixture, "register.copy-request-id");
  copied = tw_test_read_clipboard (gtk_widget_get_clipboard (GTK_WIDGET (fixture->page)));
  g_assert_cmpstr (copied, ==, request_id);
  tw_test_unlock_clipboard (lock);
}

/* An in-house app needs no token typed: the page hands its TwAuth to the
 * API client, which gets one first. */
static void
test_client_credentials (Fixture       *fixture,
                         gconstpointer  data)
{
  gpointer group = child (fixture, "account_group");
  TwAuth *auth = tw_register_page_get_auth (fixture->page);
  guint grants = tw_demo_server_count_requests (fixture->server, TW_AUTH_TOKEN_PATH);

  fill_form (fixture);
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  /* The pasted token does not follow into the other mode. */
  adw_combo_row_set_selected (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "mode_row"), 1);
  g_assert_false (tw_auth_has_token (auth));
  g_assert_false (can_register (fixture));
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "send_hint")), ==,
                   "Enter the client ID and client secret to register.");

  gtk_editable_set_text (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "client_id_row"),
                         TW_DEMO_CLIENT_ID);
  gtk_editable_set_text (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "client_secret_row"),
                         TW_DEMO_CLIENT_SECRET);
  g_assert_true (can_register (fixture));
  send_and_wait (fixture);

  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (fixture->page)));
  g_assert_cmpuint (tw_demo_server_count_requests (fixture->server, TW_AUTH_TOKEN_PATH), ==,
                    grants + 1);
  g_assert_true (tw_auth_has_token (auth));
}

static void
test_expired_token (Fixture       *fixture,
                    gconstpointer  data)
{
  TwApiResult *result;
  const char *explanation;

  fill_form (fixture);
  gtk_editable_set_text (child (fixture, "token_row"), TW_DEMO_EXPIRED_TOKEN);
  send_and_wait (fixture);

  result = tw_register_page_get_last_result (fixture->page);
  g_assert_nonnull (result);
  g_assert_false (tw_api_result_get_ok (result));
  g_assert_cmpstr (outcome_title (fixture), ==, "Demo registration failed");
  explanation = adw_action_row_get_subtitle (child (fixture, "outcome_row"));
  g_assert_nonnull (strstr (explanation, tw_error_explain (TW_ERROR_INVALID_TOKEN)));
  g_assert_cmpstr (tw_test_row_subtitle (child (fixture, "code_row")), ==, "INVALID_TOKEN");
  g_assert_cmpstr (tw_test_row_subtitle (child (fixture, "status_row")), ==, "401 Unauthorized");
  g_assert_true (is_request_id (tw_test_row_subtitle (child (fixture, "request_id_row"))));
}

static void
test_cancel_slow_response (Fixture       *fixture,
                           gconstpointer  data)
{
  gint64 started;

  tw_demo_server_set_delay_ms (fixture->server, 20000);
  tw_demo_server_set_fault (fixture->server, TW_DEMO_FAULT_SLOW, 1);
  fill_form (fixture);
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  activate (fixture, "register.send");
  g_assert_true (tw_register_page_get_busy (fixture->page));
  g_assert_true (gtk_widget_get_visible (child (fixture, "cancel_button")));
  g_assert_true (gtk_spinner_get_spinning (child (fixture, "spinner")));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "account_group")));
  g_assert_false (gtk_widget_get_sensitive (child (fixture, "warehouse_list")));
  g_assert_false (can_register (fixture));
  TW_TEST_SPIN_UNTIL (tw_demo_server_count_requests (fixture->server, TW_API_REGISTER_PATH) == 1,
                      WAIT_MS);

  started = g_get_monotonic_time ();
  activate (fixture, "register.cancel");
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (fixture->page), 3000);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 3 * G_USEC_PER_SEC);

  g_assert_cmpstr (outcome_title (fixture), ==, "Registration cancelled");
  g_assert_null (tw_register_page_get_last_result (fixture->page));
  g_assert_false (gtk_widget_get_visible (child (fixture, "cancel_button")));
  g_assert_true (gtk_widget_get_sensitive (child (fixture, "account_group")));
  g_assert_true (can_register (fixture));
}

static void
test_legacy_rules (Fixture       *fixture,
                   gconstpointer  data)
{
  fill_form (fixture);
  fill_hook (fixture, TW_HOOK_AFTERSALE, "https://shop.example.com/hooks/aftersale");
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  /* Chosen in the combo row, as a user would. */
  adw_combo_row_set_selected (child (fixture, "environment_row"), TW_ENVIRONMENT_LEGACY);
  g_assert_cmpint (tw_register_page_get_environment (fixture->page), ==, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpint (tw_registration_get_flavour (registration (fixture)), ==, TW_API_FLAVOUR_LEGACY);
  g_assert_false (tw_hook_get_enabled (hook (fixture, TW_HOOK_AFTERSALE)));
  g_assert_true (tw_hook_get_enabled (hook (fixture, TW_HOOK_STOCK)));
  g_assert_false (gtk_widget_get_sensitive (editor_child (fixture, TW_HOOK_STOCK,
                                                          "enabled_switch")));
  g_assert_false (gtk_widget_get_sensitive (editor_child (fixture, TW_HOOK_AFTERSALE,
                                                          "enabled_switch")));
  g_assert_false (gtk_widget_get_visible (child (fixture, "demo_badge")));
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  /* The model can still break the rule; the form then refuses to send. */
  tw_hook_set_enabled (hook (fixture, TW_HOOK_STOCK), FALSE);
  TW_TEST_SPIN_UNTIL (!can_register (fixture), WAIT_MS);
  g_assert_true (tw_problem_row_has_errors (editor_child (fixture, TW_HOOK_STOCK,
                                                         "hook_problems")));
  tw_hook_set_enabled (hook (fixture, TW_HOOK_STOCK), TRUE);
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);

  adw_combo_row_set_selected (child (fixture, "environment_row"), TW_ENVIRONMENT_PRODUCTION);
  g_assert_cmpint (tw_registration_get_flavour (registration (fixture)), ==,
                   TW_API_FLAVOUR_CURRENT);
  g_assert_true (gtk_widget_get_sensitive (editor_child (fixture, TW_HOOK_AFTERSALE,
                                                         "enabled_switch")));
}

static void
test_custom_url (Fixture       *fixture,
                 gconstpointer  data)
{

  fill_form (fixture);
  tw_register_page_set_environment (fixture->page, TW_ENVIRONMENT_CUSTOM);
  g_assert_true (gtk_widget_get_visible (child (fixture, "custom_url_row")));
  TW_TEST_SPIN_UNTIL (!can_register (fixture), WAIT_MS);

  gtk_editable_set_text (child (fixture, "custom_url_row"), "http://proxy.example.com");
  TW_TEST_SPIN_UNTIL (gtk_widget_get_visible (child (fixture, "custom_url_problems")), WAIT_MS);
  g_assert_false (can_register (fixture));

  gtk_editable_set_text (child (fixture, "custom_url_row"), "https://proxy.example.com/tiki/");
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (child (fixture, "custom_url_problems")));
  g_assert_cmpstr (tw_register_page_get_custom_url (fixture->page), ==,
                   "https://proxy.example.com/tiki/");
  /* Without a profile nothing is compared with a last registration. */
  g_assert_false (gtk_widget_get_visible (child (fixture, "changes_row")));
}

/* The account group keeps the environment and the custom URL; the page's
 * getters, setters, properties and notifications are the group's. */
static void
test_environment_owner (Fixture       *fixture,
                        gconstpointer  data)
{
  TwAccountGroup *group = child (fixture, "account_group");
  g_autofree char *url = NULL;
  TwEnvironment environment;
  guint page_environment = 0;
  guint page_url = 0;
  guint group_environment = 0;

  g_signal_connect (fixture->page, "notify::environment", G_CALLBACK (tw_test_count_notify),
                    &page_environment);
  g_signal_connect (fixture->page, "notify::custom-url", G_CALLBACK (tw_test_count_notify),
                    &page_url);
  g_signal_connect (group, "notify::environment", G_CALLBACK (tw_test_count_notify),
                    &group_environment);

  tw_account_group_set_environment (group, TW_ENVIRONMENT_CUSTOM);
  g_assert_cmpint (tw_register_page_get_environment (fixture->page), ==, TW_ENVIRONMENT_CUSTOM);
  g_assert_cmpuint (page_environment, ==, 1);
  tw_register_page_set_environment (fixture->page, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpint (tw_account_group_get_environment (group), ==, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpint (tw_registration_get_flavour (registration (fixture)), ==, TW_API_FLAVOUR_LEGACY);
  g_assert_cmpuint (page_environment, ==, 2);
  g_assert_cmpuint (group_environment, ==, 2);
  /* Only a real change is told. */
  tw_register_page_set_environment (fixture->page, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpuint (page_environment, ==, 2);
  g_assert_cmpuint (group_environment, ==, 2);

  tw_account_group_set_custom_url (group, "https://proxy.example.com/");
  g_assert_cmpstr (tw_register_page_get_custom_url (fixture->page), ==,
                   "https://proxy.example.com/");
  tw_register_page_set_custom_url (fixture->page, "https://other.example.com/");
  g_assert_cmpstr (tw_account_group_get_custom_url (group), ==, "https://other.example.com/");
  tw_register_page_set_custom_url (fixture->page, "https://other.example.com/");
  g_assert_cmpuint (page_url, ==, 2);

  g_object_set (fixture->page, "environment", TW_ENVIRONMENT_DEMO, NULL);
  g_object_get (fixture->page, "environment", &environment, "custom-url", &url, NULL);
  g_assert_cmpint (environment, ==, TW_ENVIRONMENT_DEMO);
  g_assert_cmpint (tw_account_group_get_environment (group), ==, TW_ENVIRONMENT_DEMO);
  g_assert_cmpstr (url, ==, "https://other.example.com/");
  g_assert_cmpuint (page_environment, ==, 3);
}

/* A page starts with the environment and the custom URL of the settings. */
static void
test_environment_defaults (Fixture       *fixture,
                           gconstpointer  data)
{
  GSettings *settings = tw_context_get_settings (fixture->context);
  g_autoptr(TwRegisterPage) page = NULL;
  gpointer group;

  g_settings_set_enum (settings, "default-environment", TW_ENVIRONMENT_CUSTOM);
  g_settings_set_string (settings, "custom-base-url", "https://proxy.example.com/");
  page = g_object_ref_sink (TW_REGISTER_PAGE (tw_register_page_new (fixture->context)));
  group = tw_test_get_child (page, TW_TYPE_REGISTER_PAGE, "account_group");

  g_assert_cmpint (tw_register_page_get_environment (page), ==, TW_ENVIRONMENT_CUSTOM);
  g_assert_cmpstr (tw_register_page_get_custom_url (page), ==, "https://proxy.example.com/");
  g_assert_cmpstr (gtk_editable_get_text (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP,
                                                             "custom_url_row")),
                   ==, "https://proxy.example.com/");
  g_assert_true (gtk_widget_get_visible (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP,
                                                            "custom_url_row")));
  /* Made when first needed, where the form has it. */
  tw_test_assert_in_order (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "environment_row"),
                           tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "custom_url_row"),
                           tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP,
                                              "custom_url_problems"),
                           tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "mode_row"),
                           NULL);
}

static char *
preview_text (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (child (fixture, "preview_view"));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
assert_preview_matches (Fixture *fixture)
{
  g_autofree char *shown = preview_text (fixture);
  g_autofree char *expected = tw_registration_to_json (registration (fixture),
                                                       TW_JSON_PRETTY | TW_JSON_MASK_SECRETS);

  g_assert_cmpstr (shown, ==, expected);
}

static void
test_preview (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *shown = NULL;

  assert_preview_matches (fixture);
  fill_form (fixture);
  assert_preview_matches (fixture);

  shown = preview_text (fixture);
  g_assert_null (strstr (shown, tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER))));

  gtk_editable_set_text (child (fixture, "partner_row"), "another-shop");
  assert_preview_matches (fixture);
  tw_hook_set_enabled (hook (fixture, TW_HOOK_STOCK), FALSE);
  assert_preview_matches (fixture);
}

static void
assert_no_secret (const char *text,
                  Fixture    *fixture)
{
  for (TwHookKind kind = TW_HOOK_ORDER; kind <= TW_HOOK_STOCK; kind++)
    g_assert_null (strstr (text, tw_hook_get_secret_key (hook (fixture, kind))));
}

static void
test_copy_curl (Fixture       *fixture,
                gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->page));
  g_autofree char *text = NULL;
  g_autofree char *fingerprint = NULL;
  int lock;

  fill_form (fixture);
  lock = tw_test_lock_clipboard ();
  activate (fixture, "register.copy-curl");
  text = tw_test_read_clipboard (clipboard);

  g_assert_true (g_str_has_prefix (text, "curl 'http://127.0.0.1:"));
  g_assert_nonnull (strstr (text, TW_API_REGISTER_PATH));
  g_assert_null (strstr (text, TOKEN));
  g_assert_nonnull (strstr (text, "${TIKI_WEBHOOKS_TOKEN}"));
  assert_no_secret (text, fixture);
  fingerprint = tw_secret_fingerprint (tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER)));
  g_assert_nonnull (strstr (text, fingerprint));
  g_assert_false (tw_clipboard_holds_secret (clipboard));

  /* The explicit choice keeps the keys, never the token, and is cleared. */
  activate (fixture, "register.copy-curl-secrets");
  g_clear_pointer (&text, g_free);
  text = tw_test_read_clipboard (clipboard);
  g_assert_nonnull (strstr (text, tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER))));
  g_assert_nonnull (strstr (text, tw_hook_get_secret_key (hook (fixture, TW_HOOK_STOCK))));
  g_assert_null (strstr (text, TOKEN));
  g_assert_true (tw_clipboard_holds_secret (clipboard));
  tw_test_unlock_clipboard (lock);
}

static void
test_share_secret (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *order_secret;

  fill_form (fixture);
  activate (fixture, "register.share-secret");
  order_secret = tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER));
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture, TW_HOOK_STOCK)), ==, order_secret);
  /* Aftersale is off: left alone. */
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture, TW_HOOK_AFTERSALE)), ==, "");

  /* Allowed, but the reuse is pointed out. */
  TW_TEST_SPIN_UNTIL (tw_problem_row_get_n_problems (editor_child (fixture, TW_HOOK_STOCK,
                                                                   "secret_problems")) > 0,
                      WAIT_MS);
  g_assert_false (tw_problem_row_has_errors (editor_child (fixture, TW_HOOK_STOCK,
                                                           "secret_problems")));
  g_assert_true (can_register (fixture));
}

static gboolean
has_shortcut (GtkWidget  *widget,
              const char *trigger,
              const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger_object = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *triggers = gtk_shortcut_trigger_to_string (trigger_object);
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (named) && strstr (triggers, trigger) != NULL &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *editor = child (fixture, "order_editor");

  g_assert_true (has_shortcut (GTK_WIDGET (fixture->page), "<Control>Return", "register.send"));
  g_assert_true (has_shortcut (GTK_WIDGET (fixture->page), "Escape", "register.cancel"));
  g_assert_true (has_shortcut (editor, "<Control>g", "editor.generate"));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/tw/register-page/fresh", test_fresh_page);
  ADD ("/tw/register-page/send-follows-validity", test_send_follows_validity);
  ADD ("/tw/register-page/full-flow", test_full_flow);
  ADD ("/tw/register-page/expired-token", test_expired_token);
  ADD ("/tw/register-page/client-credentials", test_client_credentials);
  ADD ("/tw/register-page/cancel", test_cancel_slow_response);
  ADD ("/tw/register-page/legacy-rules", test_legacy_rules);
  ADD ("/tw/register-page/custom-url", test_custom_url);
  ADD ("/tw/register-page/environment-owner", test_environment_owner);
  ADD ("/tw/register-page/environment-defaults", test_environment_defaults);
  ADD ("/tw/register-page/preview", test_preview);
  ADD ("/tw/register-page/copy-curl", test_copy_curl);
  ADD ("/tw/register-page/share-secret", test_share_secret);
  ADD ("/tw/register-page/shortcuts", test_shortcuts);

  return g_test_run ();
}
