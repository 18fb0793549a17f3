/* test-hygiene.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-hygiene"
/* memmem() */
#define _GNU_SOURCE

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tw-account-group.h"
#include "tw-api-client.h"
#include "tw-auth.h"
#include "tw-context.h"
#include "tw-demo-server.h"
#include "tw-history-page.h"
#include "tw-profile-store.h"
#include "tw-register-page.h"
#include "tw-tester-page.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-warehouse-list.h"
#include "tw-webhook-editor.h"

/* The credential hygiene audit: a scripted session through the GUI (a
 * pasted token, client credentials, generated webhook keys, a test
 * delivery, a public-app refresh token, history exports) and the CLI
 * (register, test-delivery, history, profiles), every log message
 * enabled. Then every file under this session's HOME and XDG folders and
 * every byte it printed are searched for every secret it used, also
 * JSON-escaped and base64-encoded (at any alignment). Only the keyring may
 * hold them; it lives with the keyring daemon, outside these folders.
 *
 * To audit a new kind of secret, add_secret() it where the session
 * learns it. */

#define TOKEN "hygiene-gui-token-Vx93kQ2mZr7pL1"
#define CLI_TOKEN "hygiene-cli-token-Jd84nB2cXw6sM0"
#define REFRESH_TOKEN "hygiene-refresh-Tq57hW3sNe9uY4"
#define CLI_ORDER_SECRET "Hq3vW8nK2pL6xR9tZ4mB7cY1dF5gJ0sA"
#define CLI_STOCK_SECRET "Pz6tN1qW9eR4yU7iO3aS8dF2gH5jK0lX"
#define GUI_PROFILE "Hygiene shop"
#define CLI_PROFILE "CLI shop"
#define WAIT_MS 10000

typedef struct
{
  char *name;
  char *value;
  /* The value as it could appear: plain, JSON-escaped, base64 cores. */
  GPtrArray *forms;
} Secret;

typedef struct
{
  char           *root;      /* HOME and the XDG folders: what is searched */
  char           *inputs;    /* files the user hands to the CLI, outside root */
  GPtrArray      *secrets;
  GString        *printed;   /* every byte printed: logs, CLI output */
  TwContext      *context;
  TwDemoServer   *server;
  SoupServer     *receiver;
  char           *receiver_url;
  TwRegisterPage *page;
  GtkWindow      *window;
} Session;

/* Every log message of this process, as G_MESSAGES_DEBUG=all shows them. */
static GMutex log_lock;
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  g_mutex_lock (&log_lock);
  for (gsize i = 0; captured_log != NULL && i < n_fields; i++)
    {
      gssize length = fields[i].length;

      if (length < 0)
        length = (gssize) strlen (fields[i].value);
      g_string_append_printf (captured_log, "%s=", fields[i].key);
      g_string_append_len (captured_log, fields[i].value, length);
      g_string_append_c (captured_log, '\n');
    }
  g_mutex_unlock (&log_lock);

  return g_log_writer_default (level, fields, n_fields, user_data);
}

/* Secrets and their forms */

static void
secret_free (Secret *secret)
{
  g_free (secret->name);
  g_free (secret->value);
  g_ptr_array_unref (secret->forms);
  g_free (secret);
}

/* The part of base64 (standard and URL-safe) that does not depend on what
 * surrounds @value, when it starts at @offset modulo 3 of a stream. */
static void
add_base64_forms (GPtrArray  *forms,
                  const char *value,
                  guint       offset)
{
  gsize length = strlen (value);
  g_autofree guchar *data = g_malloc0 (offset + length);
  g_autofree char *encoded = NULL;
  gsize start, end;

  memcpy (data + offset, value, length);
  encoded = g_base64_encode (data, offset + length);
  start = offset > 0 ? 4 : 0;
  end = strlen (encoded) - ((offset + length) % 3 != 0 ? 4 : 0);
  g_assert_cmpuint (end, >, start + 8);

  g_ptr_array_add (forms, g_strndup (encoded + start, end - start));
  g_strdelimit (encoded, "+", '-');
  g_strdelimit (encoded, "/", '_');
  g_ptr_array_add (forms, g_strndup (encoded + start, end - start));
}

static char *
json_escaped (const char *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *quoted = NULL;

  json_node_set_string (node, value);
  quoted = json_to_string (node, FALSE);
  return g_strndup (quoted + 1, strlen (quoted) - 2);
}

static void
add_secret (Session    *s,
            const char *name,
            const char *value)
{
  Secret *secret;

  g_assert_nonnull (value);
  g_assert_cmpuint (strlen (value), >=, 10);
  for (guint i = 0; i < s->secrets->len; i++)
    if (g_str_equal (((Secret *) s->secrets->pdata[i])->value, value))
      return;

  secret = g_new0 (Secret, 1);
  secret->name = g_strdup (name);
  secret->value = g_strdup (value);
  secret->forms = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (secret->forms, g_strdup (value));
  g_ptr_array_add (secret->forms, json_escaped (value));
  for (guint offset = 0; offset < 3; offset++)
    add_base64_forms (secret->forms, value, offset);
  g_ptr_array_add (s->secrets, secret);
}

/* (nullable): the name of the first secret found in @data. */
static const char *
find_secret (Session       *s,
             gconstpointer  data,
             gsize          length)
{
  for (guint i = 0; i < s->secrets->len; i++)
    {
      Secret *secret = s->secrets->pdata[i];

      for (guint j = 0; j < secret->forms->len; j++)
        {
          const char *form = secret->forms->pdata[j];

          if (memmem (data, length, form, strlen (form)) != NULL)
            return secret->name;
        }
    }
  return NULL;
}

/* Searches every file below @path; returns how many were read. */
static guint
scan_tree (Session    *s,
           const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;
      const char *found;

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          n_files += scan_tree (s, child);
          continue;
        }
      if (!g_file_test (child, G_FILE_TEST_IS_REGULAR))
        continue;

      g_assert_true (g_file_get_contents (child, &contents, &length, NULL));
      found = find_secret (s, contents, length);
      if (found != NULL)
        g_error ("The %s is in %s", found, child);
      n_files++;
    }
  return n_files;
}

/* The test delivery's receiver: accepts anything. */

static void
receive (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    "{\"success\": true}", 17);
  soup_server_message_set_status (msg, 200, NULL);
}

/* The GUI */

static gpointer
account_child (Session    *s,
               const char *name)
{
  return tw_test_get_child (tw_test_get_child (s->page, TW_TYPE_REGISTER_PAGE, "account_group"),
                            TW_TYPE_ACCOUNT_GROUP, name);
}

static gpointer
page_child (Session    *s,
            const char *name)
{
  return tw_test_get_child (s->page, TW_TYPE_REGISTER_PAGE, name);
}

static void
fill_hook (Session    *s,
           const char *editor_name,
           TwHookKind  kind,
           const char *url)
{
  GtkWidget *editor = page_child (s, editor_name);
  TwRegistration *registration = tw_register_page_get_registration (s->page);

  tw_hook_set_enabled (tw_registration_get_hook (registration, kind), TRUE);
  gtk_editable_set_text (tw_test_get_child (editor, TW_TYPE_WEBHOOK_EDITOR, "url_row"), url);
  gtk_widget_activate_action (editor, "editor.generate", NULL);
}

static void
gui_register (Session *s)
{
  TW_TEST_SPIN_UNTIL (gtk_widget_get_sensitive (page_child (s, "register_button")), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (s->page), "register.send", NULL));
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (s->page), WAIT_MS);
  g_assert_true (tw_api_result_get_ok (tw_register_page_get_last_result (s->page)));
}

static void
gui_save_profile (Session *s)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_register_page_save_profile_async (s->page, NULL, tw_test_keep_result_cb, &result);
  tw_register_page_save_profile_finish (s->page, tw_test_spin_until_result (&result, WAIT_MS),
                                        &error);
  g_assert_no_error (error);
}

static void
gui_open_profile (Session *s)
{
  TwProfileStore *store = tw_context_get_profile_store (s->context);
  g_autoptr(GAsyncResult) created = NULL, opened = NULL;
  g_autoptr(TwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  tw_profile_store_create_async (store, GUI_PROFILE, NULL, tw_test_keep_result_cb, &created);
  profile = tw_profile_store_create_finish (store, tw_test_spin_until_result (&created, WAIT_MS),
                                            &error);
  g_assert_no_error (error);
  tw_register_page_open_profile_async (s->page, profile, FALSE, NULL, tw_test_keep_result_cb,
                                       &opened);
  tw_register_page_open_profile_finish (s->page, tw_test_spin_until_result (&opened, WAIT_MS),
                                        &error);
  g_assert_no_error (error);
  /* A new profile is for Production: this session stays on this computer. */
  tw_register_page_set_environment (s->page, TW_ENVIRONMENT_DEMO);
}

/* Registers with a pasted token, then as an in-house app. */
static void
gui_registrations (Session *s)
{
  TwRegistration *registration = tw_register_page_get_registration (s->page);
  TwWarehouseList *list = page_child (s, "warehouse_list");
  TwAuth *auth = tw_register_page_get_auth (s->page);

  tw_warehouse_list_set_filter_text (list, "sgn3");
  gtk_widget_activate_action (GTK_WIDGET (list), "warehouses.select-all", NULL);
  tw_warehouse_list_set_filter_text (list, "");
  fill_hook (s, "order_editor", TW_HOOK_ORDER, "https://shop.example.com/hooks/order");
  fill_hook (s, "stock_editor", TW_HOOK_STOCK, "https://shop.example.com/hooks/stock");
  gtk_editable_set_text (page_child (s, "partner_row"), "shop-42");
  gtk_editable_set_text (account_child (s, "token_row"), TOKEN);
  add_secret (s, "GUI order secret key",
              tw_hook_get_secret_key (tw_registration_get_hook (registration, TW_HOOK_ORDER)));
  add_secret (s, "GUI stock secret key",
              tw_hook_get_secret_key (tw_registration_get_hook (registration, TW_HOOK_STOCK)));
  gui_register (s);
  gui_save_profile (s);

  adw_combo_row_set_selected (account_child (s, "mode_row"), TW_AUTH_MODE_CLIENT_CREDENTIALS);
  gtk_editable_set_text (account_child (s, "client_id_row"), TW_DEMO_CLIENT_ID);
  gtk_editable_set_text (account_child (s, "client_secret_row"), TW_DEMO_CLIENT_SECRET);
  gui_register (s);
  add_secret (s, "GUI granted access token", tw_auth_get_access_token (auth));
  gui_save_profile (s);
}

static void
gui_test_delivery (Session *s)
{
  TwTesterPage *tester = TW_TESTER_PAGE (tw_tester_page_new (s->context));
  GtkWindow *window = tw_test_window_new (GTK_WIDGET (tester), 1000, 800);
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  TwRegistration *form = tw_register_page_get_registration (s->page);
  TwHook *hook = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  g_autofree char *url = g_strconcat (s->receiver_url, "/hooks/order", NULL);

  tw_hook_set_url (hook, url);
  tw_hook_set_secret_key (hook, tw_hook_get_secret_key (tw_registration_get_hook (form,
                                                                                  TW_HOOK_ORDER)));
  tw_tester_page_set_registration (tester, registration);
  TW_TEST_SPIN_UNTIL (gtk_widget_activate_action (GTK_WIDGET (tester), "tester.send", NULL),
                      WAIT_MS);
  TW_TEST_SPIN_UNTIL (tw_tester_page_get_last_result (tester) != NULL &&
                      !tw_tester_page_get_busy (tester), WAIT_MS);
  g_assert_true (tw_api_result_get_ok (tw_tester_page_get_last_result (tester)));
  gtk_window_destroy (window);
}

/* A public-app login as the account ends it: a refresh token, which goes
 * to the keyring with the profile and nowhere else. */
static void
gui_public_app (Session *s)
{
  TwAuth *auth = tw_register_page_get_auth (s->page);

  tw_auth_set_mode (auth, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_client_id (auth, TW_DEMO_CLIENT_ID);
  tw_auth_set_refresh_token (auth, REFRESH_TOKEN);
  add_secret (s, "refresh token", REFRESH_TOKEN);
  gui_save_profile (s);
}

static void
gui_export (Session      *s,
            const char   *name,
            TwHistoryExportFormat format)
{
  TwHistoryPage *page = TW_HISTORY_PAGE (tw_history_page_new (s->context));
  GtkWindow *window = tw_test_window_new (GTK_WIDGET (page), 1000, 700);
  g_autofree char *path = g_build_filename (s->root, "home", "Documents", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  tw_history_page_export_async (page, file, format, NULL, tw_test_keep_result_cb, &result);
  tw_history_page_export_finish (page, tw_test_spin_until_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  gtk_window_destroy (window);
}

/* The CLI */

static char *
write_input (Session    *s,
             const char *name,
             const char *contents)
{
  char *path = g_build_filename (s->inputs, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* Runs the CLI with @args while this main loop serves the simulator;
 * keeps what it printed. Returns its standard output. */
static char *
run_cli (Session            *s,
         int                 expected_status,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "TIKI_WEBHOOKS_TOKEN");
  g_strv_builder_add (builder, g_getenv ("TW_CLI"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (process, NULL, NULL, tw_test_keep_result_cb, &result);
  TW_TEST_SPIN_UNTIL (result != NULL, 30000);
  g_subprocess_communicate_utf8_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);

  g_string_append_printf (s->printed, "$ %s\n%s\n%s\n", args[0], out, err);
  if (g_subprocess_get_exit_status (process) != expected_status)
    g_error ("tiki-webhooks-cli %s ended with %d:\n%s", args[0],
             g_subprocess_get_exit_status (process), err);
  return g_steal_pointer (&out);
}

static void
cli_session (Session *s)
{
  const char *base = tw_demo_server_get_base_url (s->server);
  g_autofree char *config = NULL, *delivery = NULL, *token = NULL, *client_secret = NULL;
  g_autofree char *hooks = NULL, *receiver_hook = NULL, *history = NULL;
  g_autofree char *export_path = g_build_filename (s->root, "home", "cli-history.json", NULL);

  add_secret (s, "CLI access token", CLI_TOKEN);
  add_secret (s, "CLI order secret key", CLI_ORDER_SECRET);
  add_secret (s, "CLI stock secret key", CLI_STOCK_SECRET);
  hooks = g_strdup_printf ("{\"sync_inventory_location\": [\"sgn\"], \"sync_webhook\": {"
                           "\"order\": {\"url\": \"https://seller.example/o\", "
                           "\"secret_key\": \"%s\"}, "
                           "\"stock\": {\"url\": \"https://seller.example/s\", "
                           "\"secret_key\": \"%s\"}}}", CLI_ORDER_SECRET, CLI_STOCK_SECRET);
  config = write_input (s, "config.json", hooks);
  receiver_hook = g_strdup_printf ("{\"sync_inventory_location\": [\"sgn\"], \"sync_webhook\": {"
                                   "\"order\": {\"url\": \"%s/hooks/order\", "
                                   "\"secret_key\": \"%s\"}}}", s->receiver_url,
                                   CLI_ORDER_SECRET);
  delivery = write_input (s, "delivery.json", receiver_hook);
  token = write_input (s, "token", CLI_TOKEN "\n");
  client_secret = write_input (s, "client-secret", TW_DEMO_CLIENT_SECRET "\n");

  {
    const char * const with_token[] = {
      "register", "--config", config, "--api-base", base, "--token-file", token,
      "--profile", CLI_PROFILE, NULL
    };
    const char * const with_client[] = {
      "register", "--config", config, "--api-base", base, "--auth-base", base,
      "--client-id", TW_DEMO_CLIENT_ID, "--client-secret-file", client_secret, "--json", NULL
    };
    const char * const test_delivery[] = {
      "test-delivery", "--config", delivery, "--hook", "order", "--json", NULL
    };
    const char * const history_json[] = { "history", "--json", "--limit", "0", NULL };
    const char * const history_text[] = { "history", NULL };
    const char * const profiles_json[] = { "profiles", "--json", NULL };
    const char * const profiles_text[] = { "profiles", NULL };

    g_free (run_cli (s, 0, with_token));
    g_free (run_cli (s, 0, with_client));
    g_free (run_cli (s, 0, test_delivery));
    history = run_cli (s, 0, history_json);
    g_free (run_cli (s, 0, history_text));
    g_free (run_cli (s, 0, profiles_json));
    g_free (run_cli (s, 0, profiles_text));
  }

  /* G_MESSAGES_DEBUG=all reached the CLI: the audit sees its debug output. */
  g_assert_nonnull (strstr (s->printed->str, "tw-api-client-DEBUG: "));

  /* As `… history --json > cli-history.json` would. */
  g_assert_true (g_file_set_contents (export_path, history, -1, NULL));
  g_assert_nonnull (strstr (history, "test delivery"));
}

/* Every credential the simulator was shown, whoever sent it. */
static void
add_credentials_seen (Session *s)
{
  for (guint i = 0; i < tw_demo_server_get_n_requests (s->server); i++)
    {
      const TwDemoRequest *request = tw_demo_server_get_request (s->server, i);
      const char *authorization = soup_message_headers_get_one (request->headers,
                                                                "Authorization");

      if (authorization != NULL && g_str_has_prefix (authorization, "Bearer "))
        add_secret (s, "access token sent to the simulator", authorization + 7);
    }
}

/* The test */

static void
check_scanner (Session *s)
{
  g_autofree char *encoded = NULL;
  g_autofree char *padded = g_strconcat ("xy:", TOKEN, "!", NULL);

  /* The search finds a secret hidden in base64 at an odd offset. */
  encoded = g_base64_encode ((const guchar *) padded, strlen (padded));
  g_assert_cmpstr (find_secret (s, encoded, strlen (encoded)), ==, "GUI pasted access token");
  g_assert_null (find_secret (s, "nothing to see", 14));
}

static void
test_session (void)
{
  Session session = { 0 }, *s = &session;
  g_autoptr(GError) error = NULL;
  guint n_files;

  s->root = g_strdup (g_getenv ("TW_HYGIENE_ROOT"));
  s->inputs = g_dir_make_tmp ("tw-hygiene-inputs-XXXXXX", &error);
  g_assert_no_error (error);
  s->secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) secret_free);
  s->printed = g_string_new (NULL);
  add_secret (s, "GUI pasted access token", TOKEN);
  add_secret (s, "client secret", TW_DEMO_CLIENT_SECRET);
  check_scanner (s);

  s->receiver = soup_server_new (NULL, NULL);
  soup_server_add_handler (s->receiver, NULL, receive, NULL, NULL);
  s->receiver_url = tw_test_soup_server_listen (s->receiver, 0);

  s->context = tw_test_context_new ();
  s->server = tw_context_ensure_demo_server (s->context, &error);
  g_assert_no_error (error);
  s->page = TW_REGISTER_PAGE (tw_register_page_new (s->context));
  s->window = tw_test_window_new (GTK_WIDGET (s->page), 800, 900);

  gui_open_profile (s);
  gui_registrations (s);
  gui_test_delivery (s);
  cli_session (s);
  gui_public_app (s);
  gui_export (s, "history.json", TW_HISTORY_EXPORT_JSON);
  gui_export (s, "history.csv", TW_HISTORY_EXPORT_CSV);
  add_credentials_seen (s);
  g_test_message ("%u secrets, %u requests to the simulator", s->secrets->len,
                  tw_demo_server_get_n_requests (s->server));

  gtk_window_destroy (s->window);
  g_clear_object (&s->context);

  /* Everything written, everything printed. */
  n_files = scan_tree (s, s->root);
  g_test_message ("%u files searched", n_files);
  g_assert_cmpuint (n_files, >=, 6);
  g_mutex_lock (&log_lock);
  g_string_append (s->printed, captured_log->str);
  g_mutex_unlock (&log_lock);
  g_assert_nonnull (strstr (s->printed->str, "tw-api-client"));
  g_assert_null (find_secret (s, s->printed->str, s->printed->len));

  soup_server_disconnect (s->receiver);
  g_clear_object (&s->receiver);
  g_free (s->receiver_url);
  g_string_free (s->printed, TRUE);
  g_ptr_array_unref (s->secrets);
  g_free (s->root);
  tw_test_remove_tree (s->inputs);
  g_free (s->inputs);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *root = g_dir_make_tmp ("tw-hygiene-XXXXXX", NULL);
  const char * const folders[][2] = {
    { "HOME", "home" }, { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" },
    { "XDG_CACHE_HOME", "cache" }, { "XDG_STATE_HOME", "state" },
  };
  int status;

  /* This session's own folders, before GLib reads the variables. */
  g_assert_nonnull (root);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *path = g_build_filename (root, folders[i][1], NULL);

      g_mkdir (path, 0700);
      g_setenv (folders[i][0], path, TRUE);
    }
  g_setenv ("TW_HYGIENE_ROOT", root, TRUE);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_unsetenv ("TIKI_WEBHOOKS_TOKEN");
  g_unsetenv ("TIKI_WEBHOOKS_API_BASE");
  g_unsetenv ("TIKI_WEBHOOKS_AUTH_BASE");
  captured_log = g_string_new (NULL);
  /* Shown on stderr: debug lines on stdout would break the TAP output. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/hygiene/full-session", test_session);
  status = g_test_run ();

  tw_test_remove_tree (root);
  g_string_free (captured_log, TRUE);
  return status;
}
