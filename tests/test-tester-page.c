/* test-tester-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-tester-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <unistd.h>

#include "tw-api-client.h"
#include "tw-context.h"
#include "tw-history-sink.h"
#include "tw-register-page.h"
#include "tw-tester-page.h"
#include "tw-test-ui.h"
#include "tw-window.h"

#define SECRET "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define WAIT_MS 5000

typedef struct
{
  TwContext         *context;
  TwMemorySink      *sink;
  TwRegistration    *registration;
  TwTesterPage      *page;
  GtkWindow         *window;

  /* The seller's receivers: /verify checks x-signature with GLib's own
   * HMAC (200 or 401), /trust answers 200 to anything. */
  SoupServer        *server;
  char              *base;
  guint              n_requests;
  GBytes            *body;
  char              *signature;
  /* Accepts connections (the kernel does) but never answers. */
  GSocketListener   *silent;
  guint16            silent_port;
} Fixture;

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

static void
receive (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  gboolean ok;

  f->n_requests++;
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->signature);
  f->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  f->signature = g_strdup (soup_message_headers_get_one (headers, "x-signature"));

  ok = g_str_equal (path, "/trust") || receiver_signature_is_valid (f->body, f->signature);
  soup_message_headers_append (soup_server_message_get_response_headers (msg),
                               "X-Receiver", "test-tester-page");
  if (ok)
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"success\": true}", 17);
  else
    soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                      "{\"error\": \"bad signature\"}", 26);
  soup_server_message_set_status (msg, ok ? 200 : 401, NULL);
}

static void
start_receivers (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, receive, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);

  f->silent = g_socket_listener_new ();
  f->silent_port = g_socket_listener_add_any_inet_port (f->silent, NULL, &error);
  g_assert_no_error (error);
}

static void
set_hook (Fixture    *f,
          TwHookKind  kind,
          const char *path)
{
  TwHook *hook = tw_registration_get_hook (f->registration, kind);
  g_autofree char *url = g_strconcat (f->base, path, NULL);

  tw_hook_set_enabled (hook, TRUE);
  tw_hook_set_url (hook, url);
  tw_hook_set_secret_key (hook, SECRET);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char * const warehouses[] = { "hn5", NULL };

  start_receivers (f);
  f->context = tw_test_context_new ();
  f->sink = tw_memory_sink_new ();
  tw_api_client_set_history_sink (tw_context_get_api_client (f->context),
                                  TW_HISTORY_SINK (f->sink));

  f->registration = tw_registration_new ();
  tw_registration_set_warehouses (f->registration, warehouses);
  tw_registration_set_partner_id (f->registration, "shop-42");
  set_hook (f, TW_HOOK_ORDER, "/verify");
  set_hook (f, TW_HOOK_STOCK, "/trust");

  f->page = TW_TESTER_PAGE (tw_tester_page_new (f->context));
  tw_tester_page_set_registration (f->page, f->registration);
  f->window = tw_test_window_new (GTK_WIDGET (f->page), 1280, 800);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->registration);
  g_clear_object (&f->context);
  g_clear_object (&f->sink);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_socket_listener_close (f->silent);
  g_clear_object (&f->silent);
  g_clear_pointer (&f->body, g_bytes_unref);
  g_free (f->signature);
  g_free (f->base);
}

static gpointer
child (Fixture    *f,
       const char *name)
{
  return tw_test_get_child (f->page, TW_TYPE_TESTER_PAGE, name);
}

static gboolean
can_send (Fixture *f)
{
  return gtk_widget_get_sensitive (child (f, "send_button")) &&
         gtk_widget_get_sensitive (child (f, "forged_button"));
}

static const char *
outcome_title (Fixture *f)
{
  return adw_preferences_row_get_title (child (f, "outcome_row"));
}

static char *
view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* The "data" object of the payload shown. */
static JsonObject *
payload_data (Fixture *f)
{
  g_autofree char *text = tw_tester_page_dup_payload (f->page);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *data;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  data = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "data");
  return json_object_ref (data);
}

static TwApiResult *
send_and_wait (Fixture    *f,
               const char *action)
{
  TW_TEST_SPIN_UNTIL (can_send (f), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), action, NULL));
  g_assert_true (tw_tester_page_get_busy (f->page));
  g_assert_true (gtk_widget_get_visible (child (f, "spinner")));
  g_assert_false (can_send (f));
  TW_TEST_SPIN_UNTIL (!tw_tester_page_get_busy (f->page), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (child (f, "spinner")));
  return tw_tester_page_get_last_result (f->page);
}

static void
test_instantiate (Fixture       *f,
                  gconstpointer  data)
{
  AdwComboRow *variant_row = child (f, "variant_row");

  g_assert_true (tw_tester_page_get_registration (f->page) == f->registration);
  g_assert_cmpint (tw_tester_page_get_hook (f->page), ==, TW_HOOK_ORDER);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (variant_row)), ==, 3);
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "hook_row")), ==,
                   tw_hook_get_url (tw_registration_get_hook (f->registration, TW_HOOK_ORDER)));
  /* A loopback http:// address: fine here, not for TikiNOW. */
  g_assert_true (gtk_widget_get_visible (child (f, "note_row")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (f, "note_row")), "https://"));
  g_assert_true (tw_tester_page_get_payload_valid (f->page));
  TW_TEST_SPIN_UNTIL (can_send (f), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (child (f, "result_group")));
}

/* The window works from 360 px wide. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  int minimum;

  g_autofree char *shot = NULL;

  gtk_widget_measure (GTK_WIDGET (f->page), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  gtk_window_set_default_size (f->window, 360, 800);
  tw_test_window_show (f->window);
  shot = tw_test_save_screenshot (GTK_WIDGET (f->window), "tester-page-narrow.png");
}

static void
test_prefill (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) stock = NULL;
  g_autoptr(JsonObject) order = NULL;
  g_autoptr(JsonObject) failed = NULL;
  const char * const warehouses[] = { "dn1", NULL };
  g_autoptr(JsonObject) followed = NULL;

  tw_tester_page_set_hook (f->page, TW_HOOK_STOCK);
  g_assert_cmpuint (tw_tester_page_get_variant (f->page), ==, TW_SAMPLE_STOCK);
  stock = payload_data (f);
  g_assert_cmpstr (json_object_get_string_member (stock, "warehouse"), ==, "hn5");
  g_assert_cmpstr (json_object_get_string_member (stock, "partner_id"), ==, "shop-42");

  /* An untouched payload follows the form. */
  tw_registration_set_warehouses (f->registration, warehouses);
  followed = payload_data (f);
  g_assert_cmpstr (json_object_get_string_member (followed, "warehouse"), ==, "dn1");

  /* The variant chooser of the order hook. */
  adw_combo_row_set_selected (child (f, "hook_row"), TW_HOOK_ORDER);
  g_assert_cmpint (tw_tester_page_get_hook (f->page), ==, TW_HOOK_ORDER);
  order = payload_data (f);
  g_assert_cmpstr (json_object_get_string_member (order, "main_substate"), ==, "ready_for_pickup");
  adw_combo_row_set_selected (child (f, "variant_row"), 1);
  g_assert_cmpuint (tw_tester_page_get_variant (f->page), ==, TW_SAMPLE_ORDER_DELIVERY_FAILED);
  failed = payload_data (f);
  g_assert_cmpstr (json_object_get_string_member (failed, "main_substate"), ==,
                   "delivery_failed_1");
  g_assert_true (json_object_has_member (failed, "reason_code"));
}

static void
test_edited_payload_kept (Fixture       *f,
                          gconstpointer  data)
{
  const char *mine = "{\"data\": {\"sku\": \"mine\"}}";
  g_autofree char *after_edit = NULL;
  g_autofree char *fresh = NULL;

  tw_tester_page_set_payload (f->page, mine);
  tw_registration_set_partner_id (f->registration, "shop-43");
  after_edit = tw_tester_page_dup_payload (f->page);
  g_assert_cmpstr (after_edit, ==, mine);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "tester.new-sample", NULL));
  fresh = tw_tester_page_dup_payload (f->page);
  g_assert_nonnull (strstr (fresh, "main_state"));
}

static void
test_invalid_json (Fixture       *f,
                   gconstpointer  data)
{
  GtkLabel *label = child (f, "json_error_label");

  TW_TEST_SPIN_UNTIL (can_send (f), WAIT_MS);
  tw_tester_page_set_payload (f->page, "{\n  \"data\": {\n  \"sku\": }\n}");
  g_assert_false (tw_tester_page_get_payload_valid (f->page));
  g_assert_false (can_send (f));
  g_assert_true (gtk_widget_get_visible (child (f, "json_error_box")));
  g_assert_nonnull (strstr (gtk_label_get_text (label), "line 3, column 10"));

  /* Even a shortcut sends nothing. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "tester.send", NULL);
  tw_test_spin_for (100);
  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_false (tw_tester_page_get_busy (f->page));

  tw_tester_page_set_payload (f->page, "");
  g_assert_false (can_send (f));
  g_assert_cmpstr (gtk_label_get_text (label), !=, "");

  tw_tester_page_set_payload (f->page, "{\"data\": {\"sku\": \"1\"}}");
  g_assert_true (tw_tester_page_get_payload_valid (f->page));
  g_assert_false (gtk_widget_get_visible (child (f, "json_error_box")));
  g_assert_true (can_send (f));
}

static void
test_disabled_hook (Fixture       *f,
                    gconstpointer  data)
{
  tw_tester_page_set_hook (f->page, TW_HOOK_AFTERSALE);
  g_assert_cmpuint (tw_tester_page_get_variant (f->page), ==, TW_SAMPLE_AFTERSALE_CR);
  g_assert_false (can_send (f));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "hook_row")), ==,
                   _("Switched off on the Register page"));
  g_assert_nonnull (strstr (gtk_label_get_text (child (f, "send_hint")), "switched off"));

  set_hook (f, TW_HOOK_AFTERSALE, "/verify");
  TW_TEST_SPIN_UNTIL (can_send (f), WAIT_MS);
}

static void
test_genuine_accepted (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *payload = tw_tester_page_dup_payload (f->page);
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  const TwHistoryRecord *record;
  TwApiResult *result;

  result = send_and_wait (f, "tester.send");
  g_assert_nonnull (result);
  g_assert_cmpint (tw_api_result_get_verdict (result), ==, TW_TEST_VERDICT_ACCEPTED);
  g_assert_cmpstr (outcome_title (f), ==, _("Delivery accepted"));
  g_assert_true (gtk_widget_has_css_class (child (f, "outcome_icon"), "success"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "status_row")), ==, "200 OK");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (f, "time_row")), "ms"));
  g_assert_false (gtk_widget_get_visible (child (f, "tls_row")));

  /* The receiver got exactly the payload shown. */
  g_assert_cmpuint (f->n_requests, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (f->body, NULL), g_bytes_get_size (f->body),
                   payload, strlen (payload));

  headers = view_text (child (f, "headers_view"));
  body = view_text (child (f, "body_view"));
  g_assert_nonnull (strstr (headers, "X-Receiver: test-tester-page"));
  g_assert_cmpstr (body, ==, "{\"success\": true}");

  /* Recorded through the API client's history sink. */
  g_assert_cmpuint (tw_memory_sink_get_n_records (f->sink), ==, 1);
  record = tw_memory_sink_get_record (f->sink, 0);
  g_assert_cmpstr (record->kind, ==, "test delivery");
  g_assert_cmpuint (record->http_status, ==, 200);
  g_assert_cmpstr (record->request_body, ==, payload);
}

static void
test_forged_rejected (Fixture       *f,
                      gconstpointer  data)
{
  TwApiResult *result = send_and_wait (f, "tester.send-forged");

  g_assert_cmpint (tw_api_result_get_verdict (result), ==, TW_TEST_VERDICT_REJECTED_FORGED);
  g_assert_cmpstr (outcome_title (f), ==, _("Wrong signature refused"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "status_row")), ==, "401 Unauthorized");
  /* The receiver saw a well-formed, wrong signature. */
  g_assert_nonnull (f->signature);
  g_assert_cmpuint (strlen (f->signature), ==, 45);
  g_assert_false (receiver_signature_is_valid (f->body, f->signature));
}

static void
test_forged_accepted (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *icon = child (f, "outcome_icon");
  g_autofree char *shot = NULL;
  TwApiResult *result;

  tw_tester_page_set_hook (f->page, TW_HOOK_STOCK);
  result = send_and_wait (f, "tester.send-forged");

  g_assert_cmpint (tw_api_result_get_verdict (result), ==, TW_TEST_VERDICT_ACCEPTED_FORGED);
  /* Said in words, not by colour. */
  g_assert_true (g_str_has_prefix (outcome_title (f), _("Security problem")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (f, "outcome_row")),
                            "Security problem"));
  g_assert_true (gtk_widget_has_css_class (icon, "error"));
  g_assert_false (gtk_widget_has_css_class (icon, "success"));

  tw_test_spin_for (500);
  shot = tw_test_save_screenshot (GTK_WIDGET (f->window), "tester-page.png");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));
}

static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint16 port;
  TwApiResult *result;

  /* A port that was free a moment ago and is closed now. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/hook", port);
  tw_hook_set_url (tw_registration_get_hook (f->registration, TW_HOOK_ORDER), url);

  result = send_and_wait (f, "tester.send");
  g_assert_cmpint (tw_api_result_get_verdict (result), ==, TW_TEST_VERDICT_UNREACHABLE);
  g_assert_cmpstr (outcome_title (f), ==, _("Receiver not reached"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "status_row")), ==, _("No response"));
  g_assert_false (gtk_widget_get_visible (child (f, "response_box")));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/hook", f->silent_port);

  tw_hook_set_url (tw_registration_get_hook (f->registration, TW_HOOK_ORDER), url);
  TW_TEST_SPIN_UNTIL (can_send (f), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "tester.send", NULL));
  g_assert_true (gtk_widget_get_visible (child (f, "cancel_button")));
  tw_test_spin_for (100);
  g_assert_true (tw_tester_page_get_busy (f->page));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "tester.cancel", NULL));
  TW_TEST_SPIN_UNTIL (!tw_tester_page_get_busy (f->page), WAIT_MS);
  g_assert_cmpstr (outcome_title (f), ==, _("Test cancelled"));
  g_assert_null (tw_tester_page_get_last_result (f->page));
  g_assert_false (gtk_widget_get_visible (child (f, "cancel_button")));
  TW_TEST_SPIN_UNTIL (can_send (f), WAIT_MS);
}

/* openssl's HMAC-SHA1 of @body under SECRET, as "sha1=<hex>". */
static char *
openssl_signature (const char *body)
{
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *hex;
  int fd = g_file_open_tmp ("tw-tester-XXXXXX", &path, &error);
  int status = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, body, -1, &error));
  g_assert_no_error (error);
  close (fd);
  {
    const char *argv[] = { "openssl", "dgst", "-sha1", "-hmac", SECRET, path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, &out, NULL, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_unlink (path);

  /* "HMAC-SHA1(path)= <hex>\n" */
  hex = strrchr (out, ' ');
  g_assert_nonnull (hex);
  return g_strconcat ("sha1=", g_strstrip ((char *) hex + 1), NULL);
}

static void
scroll_to_end (Fixture *f)
{
  GtkWidget *scrolled = tw_test_find_descendant (GTK_WIDGET (f->page), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
}

static const char *
verify_title (Fixture *f)
{
  return adw_preferences_row_get_title (child (f, "verify_row"));
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  const char *body = "{\"data\":{\"sku\":\"2718281\",\"warehouse\":\"hn5\",\"qty_salable\":7}}";
  g_autofree char *signature = openssl_signature (body);
  g_autofree char *changed = g_strdup (body);
  g_autofree char *shot = NULL;

  set_view_text (child (f, "verify_body_view"), body);
  gtk_editable_set_text (child (f, "signature_row"), signature);
  adw_combo_row_set_selected (child (f, "key_row"), TW_HOOK_ORDER);
  TW_TEST_SPIN_UNTIL (g_strcmp0 (verify_title (f), _("Valid signature")) == 0, WAIT_MS);
  g_assert_true (gtk_widget_has_css_class (child (f, "verify_icon"), "success"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "expected_row")), ==, signature);

  /* One byte changed. */
  changed[strlen (changed) - 3] = '8';
  set_view_text (child (f, "verify_body_view"), changed);
  TW_TEST_SPIN_UNTIL (g_strcmp0 (verify_title (f), _("Invalid signature")) == 0, WAIT_MS);
  g_assert_true (gtk_widget_has_css_class (child (f, "verify_icon"), "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (f, "expected_row")), !=, signature);

  /* A pasted key and the bare hex. */
  set_view_text (child (f, "verify_body_view"), body);
  adw_combo_row_set_selected (child (f, "key_row"), TW_N_HOOKS);
  g_assert_true (gtk_widget_get_visible (child (f, "secret_row")));
  TW_TEST_SPIN_UNTIL (g_strcmp0 (verify_title (f), _("Choose a secret key")) == 0, WAIT_MS);
  gtk_editable_set_text (child (f, "secret_row"), SECRET);
  gtk_editable_set_text (child (f, "signature_row"), signature + 5);
  TW_TEST_SPIN_UNTIL (g_strcmp0 (verify_title (f), _("Valid signature")) == 0, WAIT_MS);

  gtk_editable_set_text (child (f, "signature_row"), "sha1=xyz");
  TW_TEST_SPIN_UNTIL (g_strcmp0 (verify_title (f), _("Not a signature")) == 0, WAIT_MS);

  gtk_editable_set_text (child (f, "signature_row"), signature);
  TW_TEST_SPIN_UNTIL (g_strcmp0 (verify_title (f), _("Valid signature")) == 0, WAIT_MS);
  scroll_to_end (f);
  shot = tw_test_save_screenshot (GTK_WIDGET (f->window), "tester-page-verify.png");
}

/* In the window, the tester tests the Register page's form and comes
 * right after it. */
static void
check_in_window (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_window_new (NULL, context);
  GtkWidget *register_page = tw_window_get_page (window, "register");
  GtkWidget *tester = tw_window_get_page (window, "tester");
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_ancestor (tester, ADW_TYPE_VIEW_STACK));
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (stack);
  g_autoptr(AdwViewStackPage) second = g_list_model_get_item (G_LIST_MODEL (pages), 1);

  g_assert_true (tw_tester_page_get_registration (TW_TESTER_PAGE (tester)) ==
                 tw_register_page_get_registration (TW_REGISTER_PAGE (register_page)));
  g_assert_cmpstr (adw_view_stack_page_get_name (second), ==, "tester");
  g_assert_cmpstr (adw_view_stack_page_get_title (second), ==, C_("page", "Test receiver"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In a process of its own: the whole window after the other tests makes
 * more than 2048 quarks, and GLib then drops its first quark block on
 * purpose, which LeakSanitizer reports as a leak. */
static void
test_in_window (void)
{
  if (g_test_subprocess ())
    {
      check_in_window ();
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

#define ADD(path, func) \
  g_test_add ("/tw/tester-page/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("instantiate", test_instantiate);
  ADD ("narrow", test_narrow);
  ADD ("prefill", test_prefill);
  ADD ("edited-payload-kept", test_edited_payload_kept);
  ADD ("invalid-json", test_invalid_json);
  ADD ("disabled-hook", test_disabled_hook);
  ADD ("genuine-accepted", test_genuine_accepted);
  ADD ("forged-rejected", test_forged_rejected);
  ADD ("forged-accepted", test_forged_accepted);
  ADD ("unreachable", test_unreachable);
  ADD ("cancel", test_cancel);
  ADD ("verify", test_verify);
  g_test_add_func ("/tw/tester-page/window", test_in_window);

  return g_test_run ();
}
