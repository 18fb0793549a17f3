/* test-account.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-account"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "tw-account-group.h"
#include "tw-api-client.h"
#include "tw-credentials.h"
#include "tw-demo-server.h"
#include "tw-oauth-login.h"
#include "tw-problem-row.h"
#include "tw-profile-store.h"
#include "tw-register-page.h"
#include "tw-secret.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-warehouse-list.h"
#include "tw-webhook-editor.h"

#define TOKEN "account-test-token-7c41"
#define WAIT_MS 8000
/* The first request of a test's own "browser" loads much of GIO, which is
 * slow under the sanitizers. */
#define BROWSER_WAIT_MS 30000

/* Every file the tests write goes below this folder. */
static char *test_root;

typedef struct
{
  char           *xdg;
  GFile          *config_dir;
  TwCredentials  *credentials;
  TwContext      *context;
  TwDemoServer   *server;
  TwRegisterPage *page;
  TwAccountGroup *group;
  GtkWindow      *window;
  GPtrArray      *names;
} Fixture;

/* Helpers */

static TwContext *
make_context (GFile         *config_dir,
              TwCredentials *credentials)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  g_autoptr(TwProfileStore) store = tw_profile_store_new (config_dir);

  return g_object_new (TW_TYPE_CONTEXT, "settings", settings, "credentials", credentials,
                       "profile-store", store, NULL);
}

/* A profile name of this process: the keyring is shared by every test. */
static char *
unique_name (Fixture    *fixture,
             const char *base)
{
  char *name = g_strdup_printf ("%s %d", base, (int) getpid ());

  g_ptr_array_add (fixture->names, g_strdup (name));
  return name;
}

static void
set_up_with (Fixture       *fixture,
             TwCredentials *credentials)
{
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  fixture->xdg = g_build_filename (test_root, "xdg-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (fixture->xdg));
  config = g_build_filename (fixture->xdg, "tiki-webhooks", NULL);
  fixture->config_dir = g_file_new_for_path (config);
  fixture->credentials = credentials;
  fixture->names = g_ptr_array_new_with_free_func (g_free);
  fixture->context = make_context (fixture->config_dir, credentials);
  fixture->server = tw_context_ensure_demo_server (fixture->context, &error);
  g_assert_no_error (error);
  fixture->page = TW_REGISTER_PAGE (tw_register_page_new (fixture->context));
  fixture->group = tw_test_get_child (fixture->page, TW_TYPE_REGISTER_PAGE, "account_group");
  fixture->window = tw_test_window_new (GTK_WIDGET (fixture->page), 800, 1000);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  set_up_with (fixture, tw_credentials_new ());
}

static void
forget_names (Fixture *fixture)
{
  for (guint i = 0; i < fixture->names->len; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      tw_credentials_forget_profile_async (fixture->credentials,
                                           g_ptr_array_index (fixture->names, i), NULL,
                                           tw_test_keep_result_cb, &result);
      tw_test_spin_until_result (&result, WAIT_MS);
      g_assert_true (tw_credentials_forget_profile_finish (fixture->credentials, result, NULL));
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  TwContext *context = fixture->context;

  gtk_window_destroy (fixture->window);
  forget_names (fixture);
  /* Pending work holds the page and the context only until it ends. */
  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  g_clear_object (&fixture->context);
  TW_TEST_SPIN_UNTIL (context == NULL, WAIT_MS);
  g_clear_object (&fixture->credentials);
  g_clear_object (&fixture->config_dir);
  g_clear_pointer (&fixture->names, g_ptr_array_unref);
  g_free (fixture->xdg);
}

static gpointer
group_child (Fixture    *fixture,
             const char *name)
{
  return tw_test_get_child (fixture->group, TW_TYPE_ACCOUNT_GROUP, name);
}

/* The row of the token's status line. */
static GtkWidget *
token_status_row (Fixture *fixture)
{
  return gtk_widget_get_ancestor (group_child (fixture, "token_status_block"),
                                  GTK_TYPE_LIST_BOX_ROW);
}

static gpointer
page_child (Fixture    *fixture,
            const char *name)
{
  return tw_test_get_child (fixture->page, TW_TYPE_REGISTER_PAGE, name);
}

static TwRegistration *
registration (Fixture *fixture)
{
  return tw_register_page_get_registration (fixture->page);
}

static TwAuth *
auth (Fixture *fixture)
{
  return tw_register_page_get_auth (fixture->page);
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

  return tw_test_get_child (page_child (fixture, editors[kind]), TW_TYPE_WEBHOOK_EDITOR, name);
}

static void
pick_warehouses (Fixture    *fixture,
                 const char *filter)
{
  TwWarehouseList *list = page_child (fixture, "warehouse_list");

  tw_warehouse_list_set_filter_text (list, filter);
  gtk_widget_activate_action (GTK_WIDGET (list), "warehouses.select-all", NULL);
  tw_warehouse_list_set_filter_text (list, "");
}

static void
fill_hook (Fixture    *fixture,
           TwHookKind  kind,
           const char *url)
{
  GtkWidget *url_row;

  tw_hook_set_enabled (hook (fixture, kind), TRUE);
  url_row = editor_child (fixture, kind, "url_row");
  gtk_editable_set_text (GTK_EDITABLE (url_row), url);
  gtk_widget_activate_action (gtk_widget_get_ancestor (url_row, TW_TYPE_WEBHOOK_EDITOR),
                              "editor.generate", NULL);
}

/* The warehouses, hooks and shop id, through the widgets. */
static void
fill_registration (Fixture *fixture)
{
  pick_warehouses (fixture, "sgn3");
  fill_hook (fixture, TW_HOOK_ORDER, "https://shop.example.com/hooks/order");
  fill_hook (fixture, TW_HOOK_STOCK, "https://shop.example.com/hooks/stock");
  gtk_editable_set_text (page_child (fixture, "partner_row"), "shop-42");
}

static void
use_client (Fixture      *fixture,
            const char   *secret,
            TwAuthMethod  method)
{
  adw_combo_row_set_selected (group_child (fixture, "mode_row"), 1);
  g_assert_cmpint (tw_auth_get_mode (auth (fixture)), ==, TW_AUTH_MODE_CLIENT_CREDENTIALS);
  gtk_editable_set_text (group_child (fixture, "client_id_row"), TW_DEMO_CLIENT_ID);
  gtk_editable_set_text (group_child (fixture, "client_secret_row"), secret);
  adw_combo_row_set_selected (group_child (fixture, "method_row"), method);
}

static gboolean
can_register (Fixture *fixture)
{
  return gtk_widget_get_sensitive (page_child (fixture, "register_button"));
}

static void
send_and_wait (Fixture *fixture)
{
  TW_TEST_SPIN_UNTIL (can_register (fixture), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "register.send", NULL));
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (fixture->page), WAIT_MS);
  g_assert_nonnull (tw_register_page_get_last_result (fixture->page));
}

static void
get_token (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group), "account.get-token",
                                             NULL));
  g_assert_true (tw_account_group_get_granting (fixture->group));
  TW_TEST_SPIN_UNTIL (!tw_account_group_get_granting (fixture->group), WAIT_MS);
}

static const TwDemoRequest *
last_request (Fixture    *fixture,
              const char *path)
{
  for (guint i = tw_demo_server_get_n_requests (fixture->server); i > 0; i--)
    {
      const TwDemoRequest *request = tw_demo_server_get_request (fixture->server, i - 1);

      if (g_str_equal (request->path, path))
        return request;
    }
  return NULL;
}

static char *
request_body (const TwDemoRequest *request)
{
  return g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
}

static TwProfile *
create_profile (Fixture    *fixture,
                const char *name)
{
  TwProfileStore *store = tw_context_get_profile_store (fixture->context);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(TwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  tw_profile_store_create_async (store, name, NULL, tw_test_keep_result_cb, &result);
  profile = tw_profile_store_create_finish (store, tw_test_spin_until_result (&result, WAIT_MS),
                                            &error);
  g_assert_no_error (error);
  /* The store keeps it. */
  return tw_profile_store_find (store, name);
}

static void
open_profile (Fixture   *fixture,
              TwProfile *profile,
              gboolean   save_current)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_register_page_open_profile_async (fixture->page, profile, save_current, NULL,
                                       tw_test_keep_result_cb, &result);
  g_assert_true (tw_register_page_open_profile_finish (fixture->page,
                                                       tw_test_spin_until_result (&result, WAIT_MS),
                                                       &error));
  g_assert_no_error (error);
  g_assert_true (tw_register_page_get_profile (fixture->page) == profile);
}

/* A Demo profile of this process, open in the page. */
static TwProfile *
open_new_profile (Fixture    *fixture,
                  const char *base)
{
  g_autofree char *name = unique_name (fixture, base);
  TwProfile *profile = create_profile (fixture, name);

  tw_profile_set_environment (profile, TW_ENVIRONMENT_DEMO);
  open_profile (fixture, profile, TRUE);
  return profile;
}

/* Looks in the keyring itself, through an object of its own. */
static char *
lookup_secret (const char       *profile,
               TwCredentialKind  kind)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  tw_credentials_lookup_async (credentials, profile, kind, NULL, tw_test_keep_result_cb, &result);
  secret = tw_credentials_lookup_finish (credentials, tw_test_spin_until_result (&result, WAIT_MS),
                                         &error);
  g_assert_no_error (error);
  g_assert_true (tw_credentials_get_persistent (credentials));
  return secret;
}

static gboolean
keyring_holds (const char       *profile,
               TwCredentialKind  kind,
               const char       *expected)
{
  g_autoptr(TwSecretString) secret = lookup_secret (profile, kind);

  return g_strcmp0 (secret, expected) == 0;
}

static void
assert_no_secret_in_dir (const char         *path,
                         const char * const *secrets)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          assert_no_secret_in_dir (child, secrets);
          continue;
        }
      g_assert_true (g_file_get_contents (child, &contents, &length, NULL));
      for (guint i = 0; secrets[i] != NULL; i++)
        {
          if (*secrets[i] != '\0' && g_strstr_len (contents, length, secrets[i]) != NULL)
            g_error ("%s holds the secret “%.4s…”", child, secrets[i]);
        }
    }
}

static char *
read_profile_file (TwProfile *profile)
{
  g_autofree char *path = g_file_get_path (tw_profile_get_file (profile));
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The client-credentials grant */

static void
test_grant (Fixture       *fixture,
            gconstpointer  data)
{
  TwAuthMethod method = GPOINTER_TO_INT (data);
  const TwDemoRequest *request;
  const char *authorization;
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GDateTime) local = NULL;

  tw_demo_server_set_auth_methods (fixture->server, method == TW_AUTH_METHOD_BASIC
                                                    ? TW_DEMO_AUTH_BASIC_ONLY
                                                    : TW_DEMO_AUTH_POST_ONLY);
  /* The Demo hint tells what to type. */
  adw_combo_row_set_selected (group_child (fixture, "mode_row"), 1);
  g_assert_nonnull (strstr (tw_test_row_subtitle (group_child (fixture, "demo_block")),
                            "demo-secret"));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "get_token_button")));
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "token_row")));
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group), "none"));

  use_client (fixture, TW_DEMO_CLIENT_SECRET, method);
  get_token (fixture);

  g_assert_null (tw_account_group_get_grant_error (fixture->group));
  g_assert_true (tw_auth_has_token (auth (fixture)));
  local = g_date_time_to_local (tw_auth_get_expires_at (auth (fixture)));
  expected = g_date_time_format (local, "valid until %H:%M");
  g_assert_cmpstr (tw_account_group_get_token_status (fixture->group), ==, expected);
  g_assert_cmpstr (tw_test_row_subtitle (group_child (fixture, "token_status_block")), ==, expected);

  request = last_request (fixture, TW_AUTH_TOKEN_PATH);
  g_assert_nonnull (request);
  authorization = soup_message_headers_get_one (request->headers, "Authorization");
  body = request_body (request);
  if (method == TW_AUTH_METHOD_BASIC)
    g_assert_true (g_str_has_prefix (authorization, "Basic "));
  else
    {
      g_assert_null (authorization);
      g_assert_nonnull (strstr (body, "client_secret=" TW_DEMO_CLIENT_SECRET));
    }

  g_free (tw_test_save_screenshot (GTK_WIDGET (fixture->group),
                                   method == TW_AUTH_METHOD_BASIC ? "account-client.png"
                                                                  : "account-client-post.png"));
}

static void
test_grant_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  tw_demo_server_set_auth_methods (fixture->server, TW_DEMO_AUTH_POST_ONLY);

  use_client (fixture, "not-the-secret", TW_AUTH_METHOD_POST);
  get_token (fixture);
  g_assert_nonnull (strstr (tw_account_group_get_grant_error (fixture->group), "not accepted"));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "grant_problems")));
  g_assert_false (tw_auth_has_token (auth (fixture)));
  g_assert_false (g_str_has_prefix (tw_account_group_get_token_status (fixture->group), "valid"));

  /* The right secret with the wrong method: the server says which one. */
  use_client (fixture, TW_DEMO_CLIENT_SECRET, TW_AUTH_METHOD_BASIC);
  get_token (fixture);
  g_assert_nonnull (strstr (tw_account_group_get_grant_error (fixture->group),
                            "choose client_secret_post"));

  /* Fixed: the explanation goes away. */
  adw_combo_row_set_selected (group_child (fixture, "method_row"), TW_AUTH_METHOD_POST);
  get_token (fixture);
  g_assert_null (tw_account_group_get_grant_error (fixture->group));
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "grant_problems")));
}

static void
test_grant_network (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Nothing listens on port 1 of the loopback. */
  g_setenv ("TIKI_WEBHOOKS_AUTH_BASE", "http://127.0.0.1:1", TRUE);
  tw_register_page_set_environment (fixture->page, TW_ENVIRONMENT_PRODUCTION);
  use_client (fixture, "some-secret", TW_AUTH_METHOD_BASIC);
  get_token (fixture);
  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");

  g_assert_nonnull (strstr (tw_account_group_get_grant_error (fixture->group),
                            "Could not reach Tiki’s sign-in server"));
}

/* The page hands its TwAuth to the API client, which grants again when
 * the token expired, and once after a 401. */
static void
test_regrant (Fixture       *fixture,
              gconstpointer  data)
{
  guint grants;
  g_autoptr(GDateTime) past = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) expired = g_date_time_add_minutes (past, -5);
  const TwDemoRequest *request;
  g_autofree char *bearer = NULL;

  fill_registration (fixture);
  use_client (fixture, TW_DEMO_CLIENT_SECRET, TW_AUTH_METHOD_BASIC);
  get_token (fixture);
  grants = tw_demo_server_count_requests (fixture->server, TW_AUTH_TOKEN_PATH);

  tw_auth_set_expires_at (auth (fixture), expired);
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group),
                                   "expired"));
  send_and_wait (fixture);
  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (fixture->page)));
  g_assert_cmpuint (tw_demo_server_count_requests (fixture->server, TW_AUTH_TOKEN_PATH), ==,
                    grants + 1);
  request = last_request (fixture, TW_API_REGISTER_PATH);
  bearer = g_strconcat ("Bearer ", tw_auth_get_access_token (auth (fixture)), NULL);
  g_assert_cmpstr (soup_message_headers_get_one (request->headers, "Authorization"), ==, bearer);
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group), "valid"));

  /* A 401 despite a fresh token: one new grant, one retry. */
  tw_demo_server_set_fault (fixture->server, TW_DEMO_FAULT_INVALID_TOKEN, 1);
  send_and_wait (fixture);
  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (fixture->page)));
  g_assert_cmpuint (tw_demo_server_count_requests (fixture->server, TW_AUTH_TOKEN_PATH), ==,
                    grants + 2);
}

/* Secrets in the keyring, profiles on disk */

static void
test_keyring_and_switch (Fixture       *fixture,
                         gconstpointer  data)
{
  TwProfile *shop_a = open_new_profile (fixture, "Account A");
  TwProfile *shop_b;
  const char *name_a = tw_profile_get_name (shop_a);
  g_autofree char *order_secret = NULL;
  g_autofree char *stock_secret = NULL;
  g_autofree char *file = NULL;
  const char *request_id;

  g_assert_cmpstr (tw_account_group_get_profile_name (fixture->group), ==, name_a);
  g_free (tw_test_save_screenshot (GTK_WIDGET (fixture->group), "account-token.png"));
  fill_registration (fixture);
  gtk_editable_set_text (group_child (fixture, "token_row"), TOKEN);
  order_secret = g_strdup (tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER)));
  stock_secret = g_strdup (tw_hook_get_secret_key (hook (fixture, TW_HOOK_STOCK)));
  g_assert_true (keyring_holds (name_a, TW_CREDENTIAL_ACCESS_TOKEN, NULL));

  send_and_wait (fixture);
  request_id = tw_api_result_get_request_id (tw_register_page_get_last_result (fixture->page));
  g_assert_cmpstr (tw_profile_get_last_request_id (shop_a), ==, request_id);

  /* Saved by the registration itself: the keyring and the file. */
  TW_TEST_SPIN_UNTIL (keyring_holds (name_a, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN), WAIT_MS);
  TW_TEST_SPIN_UNTIL (keyring_holds (name_a, TW_CREDENTIAL_ORDER_SECRET, order_secret), WAIT_MS);
  g_assert_true (keyring_holds (name_a, TW_CREDENTIAL_STOCK_SECRET, stock_secret));
  file = read_profile_file (shop_a);
  g_assert_nonnull (strstr (file, request_id));
  g_assert_nonnull (strstr (file, "https://shop.example.com/hooks/order"));

  /* Another profile: nothing of the first is left in the form. */
  shop_b = open_new_profile (fixture, "Account B");
  g_assert_true (tw_register_page_get_profile (fixture->page) == shop_b);
  g_assert_cmpstr (gtk_editable_get_text (group_child (fixture, "token_row")), ==, "");
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER)), ==, "");
  g_assert_cmpstr (tw_registration_get_warehouses (registration (fixture))[0], ==, NULL);

  /* Back: the secrets come from the keyring, the rest from the file. */
  open_profile (fixture, shop_a, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (group_child (fixture, "token_row")), ==, TOKEN);
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER)), ==, order_secret);
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture, TW_HOOK_STOCK)), ==, stock_secret);
  g_assert_cmpstr (tw_registration_get_partner_id (registration (fixture)), ==, "shop-42");
  g_assert_true (tw_hook_get_enabled (hook (fixture, TW_HOOK_STOCK)));

  {
    const char * const secrets[] = { TOKEN, order_secret, stock_secret, NULL };

    assert_no_secret_in_dir (fixture->xdg, secrets);
  }
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

static void
answer_dialog (const char *response)
{
  AdwMessageDialog *dialog;

  TW_TEST_SPIN_UNTIL (find_dialog () != NULL, WAIT_MS);
  dialog = find_dialog ();
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_forget (Fixture       *fixture,
             gconstpointer  data)
{
  TwProfile *shop = open_new_profile (fixture, "Account forget");
  const char *name = tw_profile_get_name (shop);
  g_autofree char *order_secret = NULL;

  fill_registration (fixture);
  gtk_editable_set_text (group_child (fixture, "token_row"), TOKEN);
  order_secret = g_strdup (tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER)));
  send_and_wait (fixture);
  TW_TEST_SPIN_UNTIL (keyring_holds (name, TW_CREDENTIAL_ORDER_SECRET, order_secret), WAIT_MS);
  g_assert_true (keyring_holds (name, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN));

  /* Cancelled: nothing happens. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group), "account.forget", NULL));
  answer_dialog ("cancel");
  tw_test_spin_for (200);
  g_assert_true (keyring_holds (name, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN));
  g_assert_cmpstr (gtk_editable_get_text (group_child (fixture, "token_row")), ==, TOKEN);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group), "account.forget", NULL));
  answer_dialog ("forget");
  TW_TEST_SPIN_UNTIL (keyring_holds (name, TW_CREDENTIAL_ACCESS_TOKEN, NULL), WAIT_MS);
  TW_TEST_SPIN_UNTIL (keyring_holds (name, TW_CREDENTIAL_ORDER_SECRET, NULL), WAIT_MS);
  g_assert_true (keyring_holds (name, TW_CREDENTIAL_STOCK_SECRET, NULL));
  g_assert_cmpstr (gtk_editable_get_text (group_child (fixture, "token_row")), ==, "");
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture, TW_HOOK_ORDER)), ==, "");
}

static gboolean
changes_are (Fixture    *fixture,
             guint       count,
             const char *field)
{
  const GPtrArray *changes = tw_register_page_get_changes (fixture->page);

  if (changes == NULL || changes->len != count)
    return FALSE;
  for (guint i = 0; i < changes->len; i++)
    {
      const TwChange *change = g_ptr_array_index (changes, i);

      if (g_str_equal (change->field, field))
        return TRUE;
    }
  return FALSE;
}

static void
test_changes (Fixture       *fixture,
              gconstpointer  data)
{
  AdwActionRow *row = page_child (fixture, "changes_row");
  GtkWidget *group = page_child (fixture, "review_group");
  g_autoptr(GStrvBuilder) shown = g_strv_builder_new ();
  g_auto(GStrv) descriptions = NULL;
  const GPtrArray *changes;

  open_new_profile (fixture, "Account diff");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==, "Never registered with this profile");
  g_assert_null (tw_register_page_get_changes (fixture->page));

  fill_registration (fixture);
  gtk_editable_set_text (group_child (fixture, "token_row"), TOKEN);
  send_and_wait (fixture);
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "No changes since the last registration");

  gtk_editable_set_text (editor_child (fixture, TW_HOOK_ORDER, "url_row"),
                         "https://shop.example.com/hooks/order-v2");
  TW_TEST_SPIN_UNTIL (changes_are (fixture, 1, "sync_webhook.order.url"), WAIT_MS);
  gtk_switch_set_active (editor_child (fixture, TW_HOOK_STOCK, "enabled_switch"), FALSE);
  TW_TEST_SPIN_UNTIL (changes_are (fixture, 2, "sync_webhook.stock"), WAIT_MS);

  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   "2 changes since the last registration");
  /* A row per change, under the summary. */
  changes = tw_register_page_get_changes (fixture->page);
  for (guint i = 0; i < changes->len; i++)
    {
      const TwChange *change = g_ptr_array_index (changes, i);
      GtkWidget *label = tw_test_find_label (group, change->description);

      g_assert_nonnull (label);
      g_assert_true (gtk_widget_is_visible (label));
      g_strv_builder_add (shown, change->description);
      if (g_str_equal (change->field, "sync_webhook.stock"))
        g_assert_cmpint (change->kind, ==, TW_CHANGE_DISABLED);
    }

  g_free (tw_test_save_screenshot (group, "account-changes.png"));

  /* Put back: no change again. */
  gtk_switch_set_active (editor_child (fixture, TW_HOOK_STOCK, "enabled_switch"), TRUE);
  gtk_editable_set_text (editor_child (fixture, TW_HOOK_ORDER, "url_row"),
                         "https://shop.example.com/hooks/order");
  TW_TEST_SPIN_UNTIL (tw_register_page_get_changes (fixture->page)->len == 0, WAIT_MS);
  /* And their rows go. */
  descriptions = g_strv_builder_end (shown);
  g_assert_cmpuint (g_strv_length (descriptions), ==, 2);
  for (guint i = 0; descriptions[i] != NULL; i++)
    g_assert_null (tw_test_find_label (group, descriptions[i]));
}

/* Without a keyring: secrets in memory, the user told, nothing written */

static void
count_cb (TwCredentials *credentials,
          const char    *message,
          guint         *count)
{
  (*count)++;
}

static void
run_without_keyring (void)
{
  Fixture fixture = { NULL };
  TwCredentials *credentials = tw_credentials_new ();
  TwProfile *shop_a;
  TwProfile *shop_b;
  g_autofree char *order_secret = NULL;
  guint unavailable = 0;

  g_signal_connect (credentials, "unavailable", G_CALLBACK (count_cb), &unavailable);
  set_up_with (&fixture, credentials);

  shop_a = open_new_profile (&fixture, "No keyring A");
  TW_TEST_SPIN_UNTIL (!tw_credentials_get_persistent (credentials), WAIT_MS);
  g_assert_cmpuint (unavailable, ==, 1);
  g_assert_nonnull (strstr (tw_test_row_subtitle (tw_test_get_child (fixture.group,
                                                                     TW_TYPE_ACCOUNT_GROUP,
                                                                     "storage_block")),
                            "No keyring is available"));
  g_free (tw_test_save_screenshot (GTK_WIDGET (fixture.group), "account-no-keyring.png"));

  fill_registration (&fixture);
  gtk_editable_set_text (group_child (&fixture, "token_row"), TOKEN);
  order_secret = g_strdup (tw_hook_get_secret_key (hook (&fixture, TW_HOOK_ORDER)));
  send_and_wait (&fixture);
  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (fixture.page)));

  /* Switching away and back still works, from memory. */
  shop_b = open_new_profile (&fixture, "No keyring B");
  (void) shop_b;
  open_profile (&fixture, shop_a, TRUE);
  g_assert_cmpstr (gtk_editable_get_text (group_child (&fixture, "token_row")), ==, TOKEN);
  g_assert_cmpstr (tw_hook_get_secret_key (hook (&fixture, TW_HOOK_ORDER)), ==, order_secret);
  g_assert_cmpuint (unavailable, ==, 1);

  {
    const char * const secrets[] = { TOKEN, order_secret, NULL };

    assert_no_secret_in_dir (fixture.xdg, secrets);
  }
  g_ptr_array_set_size (fixture.names, 0);
  fixture_tear_down (&fixture, NULL);
}

static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      run_without_keyring ();
      return;
    }

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The CLI registers a saved profile with its keyring secrets */

static TwProfile *
save_cli_profile (Fixture       *fixture,
                  const char    *base,
                  TwEnvironment  environment,
                  char         **order_secret)
{
  g_autofree char *name = unique_name (fixture, base);
  TwProfile *profile = create_profile (fixture, name);
  g_autoptr(TwRegistration) document = tw_registration_new ();
  g_autoptr(TwAuth) account = tw_auth_new_for_client (TW_DEMO_CLIENT_ID, TW_DEMO_CLIENT_SECRET,
                                                      TW_AUTH_METHOD_POST);
  TwHook *order = tw_registration_get_hook (document, TW_HOOK_ORDER);
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  const char * const warehouses[] = { "sgn", NULL };

  *order_secret = tw_secret_generate (NULL);
  tw_registration_set_warehouses (document, warehouses);
  tw_hook_set_url (order, "https://shop.example.com/hooks/order");
  tw_hook_set_secret_key (order, *order_secret);
  tw_profile_capture (profile, account, document);
  tw_profile_set_environment (profile, environment);

  tw_profile_store_save_async (tw_context_get_profile_store (fixture->context), profile, NULL,
                               tw_test_keep_result_cb, &saved);
  g_assert_true (tw_profile_store_save_finish (tw_context_get_profile_store (fixture->context),
                                               tw_test_spin_until_result (&saved, WAIT_MS), NULL));
  tw_credentials_save_profile_async (fixture->credentials, name, account, document, NULL,
                                     tw_test_keep_result_cb, &stored);
  g_assert_true (tw_credentials_save_profile_finish (fixture->credentials,
                                                     tw_test_spin_until_result (&stored, WAIT_MS),
                                                     NULL));
  return profile;
}

static char *
run_cli (Fixture            *fixture,
         const char * const *argv,
         int                *exit_status)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *data = g_build_filename (fixture->xdg, "data", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fixture->xdg, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  /* The simulator of this test answers on this main loop meanwhile. */
  g_subprocess_communicate_utf8_async (process, NULL, NULL, tw_test_keep_result_cb, &result);
  tw_test_spin_until_result (&result, WAIT_MS);
  g_assert_true (g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error));
  g_assert_no_error (error);
  if (err != NULL && *err != '\0')
    g_test_message ("CLI stderr: %s", err);
  *exit_status = g_subprocess_get_exit_status (process);
  return out;
}

static char *
json_member (const char *json,
             const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  return g_strdup (json_object_get_string_member_with_default (
                     json_node_get_object (json_parser_get_root (parser)), member, ""));
}

static void
test_cli_profile (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *order_secret = NULL;
  g_autofree char *demo_secret = NULL;
  TwProfile *profile = save_cli_profile (fixture, "CLI keyring", TW_ENVIRONMENT_PRODUCTION,
                                         &order_secret);
  TwProfile *demo = save_cli_profile (fixture, "CLI demo", TW_ENVIRONMENT_DEMO, &demo_secret);
  const char *base = tw_demo_server_get_base_url (fixture->server);
  const char *argv[] = {
    g_getenv ("TW_CLI"), "register", "--profile", tw_profile_get_name (profile), "--json",
    "--api-base", base, "--auth-base", base, NULL
  };
  const char *demo_argv[] = {
    g_getenv ("TW_CLI"), "register", "--profile", tw_profile_get_name (demo), "--json", NULL
  };
  g_autofree char *out = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *token_body = NULL;
  g_autofree char *file = NULL;
  guint requests;
  int status;

  out = run_cli (fixture, argv, &status);
  g_assert_cmpint (status, ==, 0);
  outcome = json_member (out, "outcome");
  g_assert_cmpstr (outcome, ==, "success");
  request_id = json_member (out, "request_id");

  /* The account and the hook key came from the keyring. */
  token_body = request_body (last_request (fixture, TW_AUTH_TOKEN_PATH));
  g_assert_nonnull (strstr (token_body, "client_secret=" TW_DEMO_CLIENT_SECRET));
  body = request_body (last_request (fixture, TW_API_REGISTER_PATH));
  g_assert_nonnull (strstr (body, order_secret));
  g_assert_nonnull (strstr (body, "https://shop.example.com/hooks/order"));

  /* And the registration is recorded in the profile's file. */
  file = read_profile_file (profile);
  g_assert_nonnull (strstr (file, request_id));

  /* A Demo profile uses a simulator of the CLI's own. */
  requests = tw_demo_server_get_n_requests (fixture->server);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&outcome, g_free);
  out = run_cli (fixture, demo_argv, &status);
  g_assert_cmpint (status, ==, 0);
  outcome = json_member (out, "outcome");
  g_assert_cmpstr (outcome, ==, "success");
  g_assert_cmpuint (tw_demo_server_get_n_requests (fixture->server), ==, requests);

  {
    const char * const secrets[] = { order_secret, demo_secret, TW_DEMO_CLIENT_SECRET, NULL };

    assert_no_secret_in_dir (fixture->xdg, secrets);
  }
}

/* "Log in with Tiki": the test plays the browser */

typedef struct
{
  SoupSession *session;
  gboolean     available;  /* FALSE: as if no browser could be opened */
  gboolean     tamper;     /* changes the state on the way back */
  guint        n_opened;
  char        *uri;
  guint        status;     /* of the loopback callback; 0 until it answered */
  char        *page;
  guint        n_pending;  /* requests in flight: they point at this */
} Browser;

/* The browser lives on the test's stack: its requests must be over. */
static void
browser_clear (Browser *browser)
{
  TW_TEST_SPIN_UNTIL (browser->n_pending == 0, BROWSER_WAIT_MS);
  g_clear_object (&browser->session);
  g_clear_pointer (&browser->uri, g_free);
  g_clear_pointer (&browser->page, g_free);
}

static void
called_back_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Browser *browser = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  browser->n_pending--;
  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_free (browser->page);
  browser->page = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  browser->status = soup_message_get_status (message);
}

/* Tiki's login page approved (or refused) at once: follow its redirect to
 * the app's loopback listener, as a browser would. */
static void
authorized_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Browser *browser = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) callback = NULL;
  g_autoptr(GString) location = NULL;
  SoupMessageHeaders *headers;

  browser->n_pending--;
  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  g_assert_true (SOUP_STATUS_IS_REDIRECTION (soup_message_get_status (message)));
  headers = soup_message_get_response_headers (message);
  location = g_string_new (soup_message_headers_get_one (headers, "Location"));
  g_assert_true (g_str_has_prefix (location->str, "http://127.0.0.1:"));
  if (browser->tamper)
    g_assert_cmpuint (g_string_replace (location, "state=", "state=forged", 1), ==, 1);

  callback = soup_message_new (SOUP_METHOD_GET, location->str);
  browser->n_pending++;
  soup_session_send_and_read_async (browser->session, callback, G_PRIORITY_DEFAULT, NULL,
                                    called_back_cb, browser);
}

static gboolean
open_uri_cb (TwAccountGroup *group,
             const char     *uri,
             Browser        *browser)
{
  g_autoptr(SoupMessage) message = NULL;

  browser->n_opened++;
  browser->status = 0;
  g_free (browser->uri);
  browser->uri = g_strdup (uri);
  if (!browser->available)
    return FALSE;

  if (browser->session == NULL)
    browser->session = soup_session_new ();
  message = soup_message_new (SOUP_METHOD_GET, uri);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  browser->n_pending++;
  soup_session_send_and_read_async (browser->session, message, G_PRIORITY_DEFAULT, NULL,
                                    authorized_cb, browser);
  return TRUE;
}

static void
set_redirect_port (Fixture *fixture,
                   guint    port)
{
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);

  gtk_editable_set_text (group_child (fixture, "redirect_entry"), uri);
  g_assert_cmpstr (tw_auth_get_redirect_uri (auth (fixture)), ==, uri);
}

/* Public-app mode through the widgets, on a port of its own. */
static void
use_public_app (Fixture    *fixture,
                const char *client_id,
                Browser    *browser)
{
  g_autofree char *default_uri = g_strdup_printf ("http://127.0.0.1:%d/callback",
                                                  TW_OAUTH_DEFAULT_PORT);

  adw_combo_row_set_selected (group_child (fixture, "mode_row"), 2);
  g_assert_cmpint (tw_auth_get_mode (auth (fixture)), ==, TW_AUTH_MODE_PUBLIC_APP);
  /* The defaults are shown, to be copied into the Tiki console. */
  g_assert_cmpstr (gtk_editable_get_text (group_child (fixture, "redirect_entry")), ==,
                   default_uri);
  g_assert_cmpstr (gtk_editable_get_text (group_child (fixture, "scopes_row")), ==,
                   "offline inventory");
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "token_row")));
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "get_token_button")));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "login_button")));

  gtk_editable_set_text (group_child (fixture, "client_id_row"), client_id);
  gtk_editable_set_text (group_child (fixture, "client_secret_row"), TW_DEMO_CLIENT_SECRET);
  /* Not the default port: tests of other programs use it at the same time. */
  set_redirect_port (fixture, tw_test_closed_port ());
  g_signal_connect (fixture->group, "open-uri", G_CALLBACK (open_uri_cb), browser);
}

static void
log_in (Fixture *fixture)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group), "account.login", NULL));
}

static gboolean
logging_in (Fixture *fixture)
{
  return tw_account_group_get_logging_in (fixture->group);
}

/* The form is usable: nothing frozen, the login can start again. */
static void
assert_form_usable (Fixture *fixture)
{
  GtkWidget *login_url_row;

  g_assert_false (logging_in (fixture));
  g_assert_true (gtk_widget_get_sensitive (group_child (fixture, "mode_row")));
  g_assert_true (gtk_widget_get_sensitive (group_child (fixture, "client_id_row")));
  g_assert_true (gtk_widget_get_sensitive (group_child (fixture, "redirect_row")));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "login_button")));
  g_assert_true (gtk_widget_is_sensitive (group_child (fixture, "login_button")));
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "cancel_login_button")));
  login_url_row = tw_test_find_by_id (GTK_WIDGET (fixture->group), "login_url_row");
  g_assert_true (login_url_row == NULL || !gtk_widget_get_visible (login_url_row));
}

static char *
problem_text (Fixture    *fixture,
              const char *row)
{
  return tw_problem_row_dup_text (group_child (fixture, row));
}

static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  TwProfile *shop = open_new_profile (fixture, "Login");
  const char *name = tw_profile_get_name (shop);
  Browser browser = { .available = TRUE };
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *file = NULL;
  g_autofree char *access = NULL;
  g_autofree char *refresh = NULL;
  const char *url;

  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->group), "login_url_row"));
  use_public_app (fixture, TW_DEMO_CLIENT_ID, &browser);
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group),
                                   "Not logged in"));
  /* Rows made when first needed go where the form has them. */
  tw_test_assert_in_order (group_child (fixture, "token_row"),
                           group_child (fixture, "client_id_row"),
                           group_child (fixture, "client_secret_row"),
                           group_child (fixture, "method_row"),
                           group_child (fixture, "redirect_row"),
                           group_child (fixture, "redirect_problems"),
                           group_child (fixture, "scopes_row"),
                           group_child (fixture, "scopes_problems"),
                           token_status_row (fixture),
                           group_child (fixture, "grant_problems"),
                           NULL);
  tw_test_assert_styled_in_place (group_child (fixture, "client_id_row"));
  tw_test_assert_styled_in_place (group_child (fixture, "redirect_row"));
  tw_test_assert_styled_in_place (group_child (fixture, "scopes_row"));
  log_in (fixture);

  /* Waiting: the address on show, Cancel offered, the form frozen. */
  g_assert_true (logging_in (fixture));
  tw_test_assert_in_order (token_status_row (fixture), group_child (fixture, "login_url_row"),
                           group_child (fixture, "grant_problems"), NULL);
  g_assert_cmpuint (browser.n_opened, ==, 1);
  url = tw_test_row_subtitle (group_child (fixture, "login_url_row"));
  g_assert_cmpstr (url, ==, browser.uri);
  g_assert_true (g_str_has_prefix (url, tw_demo_server_get_base_url (fixture->server)));
  g_assert_nonnull (strstr (url, TW_OAUTH_AUTHORIZE_PATH "?"));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "login_url_row")));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "cancel_login_button")));
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "login_button")));
  g_assert_false (gtk_widget_get_sensitive (group_child (fixture, "client_id_row")));
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group),
                                   "Waiting"));

  TW_TEST_SPIN_UNTIL (!logging_in (fixture), BROWSER_WAIT_MS);
  TW_TEST_SPIN_UNTIL (browser.status != 0, BROWSER_WAIT_MS);
  g_assert_cmpuint (browser.status, ==, SOUP_STATUS_OK);
  g_assert_nonnull (strstr (browser.page, "close this tab"));
  g_assert_null (tw_account_group_get_grant_error (fixture->group));
  g_assert_true (tw_auth_has_token (auth (fixture)));
  g_assert_nonnull (tw_auth_get_refresh_token (auth (fixture)));
  g_assert_true (tw_auth_is_logged_in (auth (fixture)));
  local = g_date_time_to_local (tw_auth_get_expires_at (auth (fixture)));
  expected = g_date_time_format (local, "Logged in — valid until %H:%M");
  g_assert_cmpstr (tw_account_group_get_token_status (fixture->group), ==, expected);
  g_assert_cmpstr (tw_test_row_subtitle (group_child (fixture, "token_status_block")), ==, expected);
  assert_form_usable (fixture);
  g_free (tw_test_save_screenshot (GTK_WIDGET (fixture->group), "account-public-app.png"));

  /* Saved at once: the tokens in the keyring, the rest in the file. */
  access = g_strdup (tw_auth_get_access_token (auth (fixture)));
  refresh = g_strdup (tw_auth_get_refresh_token (auth (fixture)));
  TW_TEST_SPIN_UNTIL (keyring_holds (name, TW_CREDENTIAL_REFRESH_TOKEN, refresh), WAIT_MS);
  TW_TEST_SPIN_UNTIL (keyring_holds (name, TW_CREDENTIAL_ACCESS_TOKEN, access), WAIT_MS);
  g_assert_true (keyring_holds (name, TW_CREDENTIAL_CLIENT_SECRET, TW_DEMO_CLIENT_SECRET));
  file = read_profile_file (shop);
  g_assert_nonnull (strstr (file, "public-app"));
  {
    const char * const secrets[] = { access, refresh, TW_DEMO_CLIENT_SECRET, NULL };

    assert_no_secret_in_dir (fixture->xdg, secrets);
  }

  /* "Forget…" ends the login too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group), "account.forget", NULL));
  answer_dialog ("forget");
  TW_TEST_SPIN_UNTIL (keyring_holds (name, TW_CREDENTIAL_REFRESH_TOKEN, NULL), WAIT_MS);
  g_assert_true (keyring_holds (name, TW_CREDENTIAL_ACCESS_TOKEN, NULL));
  g_assert_null (tw_auth_get_refresh_token (auth (fixture)));
  g_assert_false (tw_auth_is_logged_in (auth (fixture)));
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group),
                                   "Not logged in"));
  browser_clear (&browser);
}

static void
test_login_refused (Fixture       *fixture,
                    gconstpointer  data)
{
  Browser browser = { .available = TRUE };
  g_autofree char *denied = NULL;

  /* The seller refuses on Tiki's page. */
  use_public_app (fixture, TW_DEMO_DENY_CLIENT_ID, &browser);
  log_in (fixture);
  TW_TEST_SPIN_UNTIL (!logging_in (fixture), BROWSER_WAIT_MS);
  /* The browser tab is told too. */
  TW_TEST_SPIN_UNTIL (browser.status != 0, BROWSER_WAIT_MS);
  g_assert_cmpuint (browser.status, ==, SOUP_STATUS_BAD_REQUEST);
  denied = g_strdup (tw_account_group_get_grant_error (fixture->group));
  g_assert_nonnull (denied);
  g_assert_nonnull (strstr (denied, "not allowed"));
  g_assert_true (gtk_widget_get_visible (group_child (fixture, "grant_problems")));
  g_assert_false (tw_auth_has_token (auth (fixture)));
  g_assert_null (tw_auth_get_refresh_token (auth (fixture)));
  g_assert_true (g_str_has_prefix (tw_account_group_get_token_status (fixture->group),
                                   "Not logged in"));
  assert_form_usable (fixture);

  /* An answer that does not carry the state the app sent. */
  gtk_editable_set_text (group_child (fixture, "client_id_row"), TW_DEMO_CLIENT_ID);
  browser.tamper = TRUE;
  log_in (fixture);
  g_assert_null (tw_account_group_get_grant_error (fixture->group));
  TW_TEST_SPIN_UNTIL (!logging_in (fixture), BROWSER_WAIT_MS);
  g_assert_nonnull (tw_account_group_get_grant_error (fixture->group));
  g_assert_cmpstr (tw_account_group_get_grant_error (fixture->group), !=, denied);
  g_assert_nonnull (strstr (tw_account_group_get_grant_error (fixture->group),
                            "state does not match"));
  g_assert_false (tw_auth_has_token (auth (fixture)));
  assert_form_usable (fixture);
  browser_clear (&browser);
}

static void
test_login_port_in_use (Fixture       *fixture,
                        gconstpointer  data)
{
  Browser browser = { .available = TRUE };
  g_autoptr(GSocketListener) other = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *text = NULL;
  GtkWidget *entry;

  g_assert_true (g_socket_listener_add_address (other, any, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error));
  g_assert_no_error (error);
  use_public_app (fixture, TW_DEMO_CLIENT_ID, &browser);
  set_redirect_port (fixture, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  log_in (fixture);
  g_assert_false (logging_in (fixture));
  g_assert_cmpuint (browser.n_opened, ==, 0);
  port = g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  text = problem_text (fixture, "redirect_problems");
  g_assert_nonnull (strstr (text, port));
  g_assert_nonnull (strstr (text, "in use"));
  entry = group_child (fixture, "redirect_entry");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_free (tw_test_save_screenshot (GTK_WIDGET (fixture->group), "account-login-port.png"));

  /* Another port: the explanation goes, and the login works. */
  set_redirect_port (fixture, tw_test_closed_port ());
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "redirect_problems")));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  log_in (fixture);
  TW_TEST_SPIN_UNTIL (!logging_in (fixture), BROWSER_WAIT_MS);
  g_assert_true (tw_auth_is_logged_in (auth (fixture)));
  g_socket_listener_close (other);
  browser_clear (&browser);
}

static void
test_login_cancel (Fixture       *fixture,
                   gconstpointer  data)
{
  Browser browser = { .available = FALSE };
  g_autofree char *copied = NULL;
  const char *url;
  int lock;

  use_public_app (fixture, TW_DEMO_CLIENT_ID, &browser);
  log_in (fixture);
  g_assert_true (logging_in (fixture));

  /* No browser: the address is there to copy. */
  g_assert_nonnull (strstr (adw_preferences_row_get_title (group_child (fixture,
                                                                        "login_url_row")),
                            "No browser could be opened"));
  url = tw_test_row_subtitle (group_child (fixture, "login_url_row"));
  g_assert_cmpstr (url, ==, browser.uri);
  lock = tw_test_lock_clipboard ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group),
                                             "account.copy-login-url", NULL));
  copied = tw_test_read_clipboard (gtk_widget_get_clipboard (GTK_WIDGET (fixture->group)));
  tw_test_unlock_clipboard (lock);
  g_assert_cmpstr (copied, ==, browser.uri);
  g_free (tw_test_save_screenshot (GTK_WIDGET (fixture->group), "account-login-waiting.png"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->group), "account.cancel-login",
                                             NULL));
  TW_TEST_SPIN_UNTIL (!logging_in (fixture), WAIT_MS);
  g_assert_null (tw_account_group_get_grant_error (fixture->group));
  g_assert_false (tw_auth_is_logged_in (auth (fixture)));
  assert_form_usable (fixture);

  /* The same port is free again, and this time a browser answers. */
  browser.available = TRUE;
  log_in (fixture);
  g_assert_true (logging_in (fixture));
  TW_TEST_SPIN_UNTIL (!logging_in (fixture), BROWSER_WAIT_MS);
  g_assert_true (tw_auth_is_logged_in (auth (fixture)));
  g_assert_cmpuint (browser.n_opened, ==, 2);

  /* Leaving the mode ends the login. */
  adw_combo_row_set_selected (group_child (fixture, "mode_row"), 1);
  g_assert_null (tw_auth_get_refresh_token (auth (fixture)));
  g_assert_false (gtk_widget_get_visible (group_child (fixture, "redirect_row")));
  browser_clear (&browser);
}

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

static gboolean
is_subprocess (int    argc,
               char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--GTestSubprocess"))
        return TRUE;
    }
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* The child of the no-keyring test must not reach the session bus at
   * all, not even through libadwaita's settings portal at start-up. */
  if (is_subprocess (argc, argv))
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);

  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");
  g_unsetenv ("TIKI_WEBHOOKS_API_BASE");
  test_root = g_dir_make_tmp ("tw-test-account-XXXXXX", &error);
  g_assert_no_error (error);
  /* Anything resolved from the environment lands in the scratch folder. */
  g_setenv ("XDG_CONFIG_HOME", test_root, TRUE);
  g_setenv ("XDG_DATA_HOME", test_root, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/tw/account/grant/basic", test_grant, GINT_TO_POINTER (TW_AUTH_METHOD_BASIC));
  ADD ("/tw/account/grant/post", test_grant, GINT_TO_POINTER (TW_AUTH_METHOD_POST));
  ADD ("/tw/account/grant/refused", test_grant_refused, NULL);
  ADD ("/tw/account/grant/network", test_grant_network, NULL);
  ADD ("/tw/account/regrant", test_regrant, NULL);
  ADD ("/tw/account/keyring-and-switch", test_keyring_and_switch, NULL);
  ADD ("/tw/account/forget", test_forget, NULL);
  ADD ("/tw/account/changes", test_changes, NULL);
  ADD ("/tw/account/cli-profile", test_cli_profile, NULL);
  ADD ("/tw/account/login/success", test_login, NULL);
  ADD ("/tw/account/login/refused", test_login_refused, NULL);
  ADD ("/tw/account/login/port-in-use", test_login_port_in_use, NULL);
  ADD ("/tw/account/login/cancel", test_login_cancel, NULL);
  g_test_add_func ("/tw/account/no-keyring", test_no_keyring);

  status = g_test_run ();
  secret_service_disconnect ();
  tw_test_remove_tree (test_root);
  g_free (test_root);
  return status;
}
