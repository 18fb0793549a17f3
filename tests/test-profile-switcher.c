/* test-profile-switcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-profile-switcher"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "tw-account-group.h"
#include "tw-credentials.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-profile-store.h"
#include "tw-profile-switcher.h"
#include "tw-register-page.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-window.h"

#define WAIT_MS 8000

static char *test_root;

typedef struct
{
  char              *xdg;
  GFile             *config_dir;
  TwCredentials     *credentials;
  TwContext         *context;
  TwWindow          *window;
  TwProfileSwitcher *switcher;
  TwRegisterPage    *page;
} Fixture;

/* Helpers */

static TwContext *
make_context (GFile         *config_dir,
              TwCredentials *credentials)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APPLICATION_ID, backend);
  g_autoptr(TwProfileStore) store = tw_profile_store_new (config_dir);

  /* A small window: the view switcher title then leaves room. */
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 700);
  return g_object_new (TW_TYPE_CONTEXT, "settings", settings, "credentials", credentials,
                       "profile-store", store, NULL);
}

static void
open_window (Fixture *fixture)
{
  fixture->context = make_context (fixture->config_dir, fixture->credentials);
  fixture->window = tw_window_new (NULL, fixture->context);
  tw_test_window_show (GTK_WINDOW (fixture->window));
  fixture->switcher = tw_test_get_child (fixture->window, TW_TYPE_WINDOW, "profile_switcher");
  fixture->page = TW_REGISTER_PAGE (tw_window_get_page (fixture->window, "register"));
  TW_TEST_SPIN_UNTIL (tw_profile_switcher_get_ready (fixture->switcher), WAIT_MS);
  g_assert_nonnull (tw_register_page_get_profile (fixture->page));
}

/* Nothing may keep the context alive once the window is gone: pending
 * work holds it only until it is done or cancelled. */
static void
close_window (Fixture *fixture)
{
  TwContext *context = fixture->context;

  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &context);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->context);
  TW_TEST_SPIN_UNTIL (context == NULL, WAIT_MS);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *config = NULL;

  fixture->xdg = g_build_filename (test_root, "xdg-XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (fixture->xdg));
  config = g_build_filename (fixture->xdg, "tiki-webhooks", NULL);
  fixture->config_dir = g_file_new_for_path (config);
  /* Secrets in memory: the keyring has tests of its own in test-account. */
  fixture->credentials = tw_credentials_new_in_memory ();
  open_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  close_window (fixture);
  g_clear_object (&fixture->credentials);
  g_clear_object (&fixture->config_dir);
  g_free (fixture->xdg);
}

static const char *
current_name (Fixture *fixture)
{
  TwProfile *profile = tw_register_page_get_profile (fixture->page);

  return profile != NULL ? tw_profile_get_name (profile) : NULL;
}

/* Open, secrets read and all. */
static gboolean
current_is (Fixture    *fixture,
            const char *name)
{
  return g_strcmp0 (current_name (fixture), name) == 0 &&
         !tw_register_page_get_loading (fixture->page);
}

static gboolean
profile_file_exists (Fixture    *fixture,
                     const char *slug)
{
  g_autofree char *path = g_build_filename (fixture->xdg, "tiki-webhooks", "profiles", slug,
                                            NULL);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static guint
n_profiles (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (tw_context_get_profile_store (fixture->context)));
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), action, NULL));
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

static AdwMessageDialog *
wait_dialog (void)
{
  TW_TEST_SPIN_UNTIL (find_dialog () != NULL, WAIT_MS);
  return find_dialog ();
}

static GtkEditable *
dialog_entry (AdwMessageDialog *dialog)
{
  return GTK_EDITABLE (gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog)));
}

static const char *
dialog_problem (AdwMessageDialog *dialog)
{
  GtkWidget *entry = GTK_WIDGET (dialog_entry (dialog));

  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_next_sibling (entry)));
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Types @name in the name dialog the action opens and accepts it. */
static void
name_through_dialog (Fixture    *fixture,
                     const char *action,
                     const char *name)
{
  AdwMessageDialog *dialog;

  activate (fixture, action);
  dialog = wait_dialog ();
  gtk_editable_set_text (dialog_entry (dialog), name);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  respond (dialog, "ok");
}

/* Tests */

static void
test_first_start (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *label = tw_test_get_child (fixture->switcher, TW_TYPE_PROFILE_SWITCHER, "name_label");
  g_autofree char *state = NULL;
  g_autofree char *state_path = g_build_filename (fixture->xdg, "tiki-webhooks", "state.json",
                                                  NULL);

  /* No profile yet: one in Demo, so that the app still opens in Demo. */
  g_assert_true (current_is (fixture, "Demo shop"));
  g_assert_cmpint (tw_register_page_get_environment (fixture->page), ==, TW_ENVIRONMENT_DEMO);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "Demo shop");
  g_assert_true (profile_file_exists (fixture, "demo-shop.json"));
  TW_TEST_SPIN_UNTIL (g_file_get_contents (state_path, &state, NULL, NULL), WAIT_MS);
  g_assert_nonnull (strstr (state, "Demo shop"));
  g_assert_cmpuint (n_profiles (fixture), ==, 1);
}

static void
test_create_validates (Fixture       *fixture,
                       gconstpointer  data)
{
  AdwMessageDialog *dialog;

  activate (fixture, "profiles.create");
  dialog = wait_dialog ();
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));

  gtk_editable_set_text (dialog_entry (dialog), "Demo shop");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_cmpstr (dialog_problem (dialog), ==, "A profile with this name already exists");

  gtk_editable_set_text (dialog_entry (dialog), "bad\tname");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_cmpstr (dialog_problem (dialog), !=, "");

  /* Surrounding spaces are trimmed, not refused. */
  gtk_editable_set_text (dialog_entry (dialog), "  Shop B ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "ok"));
  g_assert_cmpstr (dialog_problem (dialog), ==, "");
  respond (dialog, "ok");

  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  g_assert_true (profile_file_exists (fixture, "shop-b.json"));
  g_assert_true (profile_file_exists (fixture, "demo-shop.json"));
  g_assert_cmpuint (n_profiles (fixture), ==, 2);
}

static void
test_switch_saves (Fixture       *fixture,
                   gconstpointer  data)
{
  TwRegistration *registration = tw_register_page_get_registration (fixture->page);
  TwAuth *auth = tw_register_page_get_auth (fixture->page);

  tw_registration_set_partner_id (registration, "demo-partner");
  tw_auth_set_access_token (auth, "demo-token");

  name_through_dialog (fixture, "profiles.create", "Shop B");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "");
  g_assert_false (tw_auth_has_token (auth));
  tw_registration_set_partner_id (registration, "b-partner");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Demo shop"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop"), WAIT_MS);
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "demo-partner");
  g_assert_cmpstr (tw_auth_get_access_token (auth), ==, "demo-token");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Shop B"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "b-partner");
}

static void
test_rename (Fixture       *fixture,
             gconstpointer  data)
{
  TwAuth *auth = tw_register_page_get_auth (fixture->page);
  AdwMessageDialog *dialog;

  name_through_dialog (fixture, "profiles.create", "Shop B");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  tw_auth_set_access_token (auth, "b-token");

  /* The dialog starts with the name, which is no change. */
  activate (fixture, "profiles.rename");
  dialog = wait_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog)), ==, "Shop B");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "ok"));
  gtk_editable_set_text (dialog_entry (dialog), "Shop C");
  respond (dialog, "ok");

  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop C") &&
                      profile_file_exists (fixture, "shop-c.json"), WAIT_MS);
  g_assert_false (profile_file_exists (fixture, "shop-b.json"));
  g_assert_cmpstr (gtk_label_get_label (tw_test_get_child (fixture->switcher,
                                                           TW_TYPE_PROFILE_SWITCHER,
                                                           "name_label")), ==, "Shop C");

  /* Its secrets follow the new name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Demo shop"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop"), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Shop C"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop C"), WAIT_MS);
  g_assert_cmpstr (tw_auth_get_access_token (auth), ==, "b-token");
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  TwRegistration *registration = tw_register_page_get_registration (fixture->page);
  AdwMessageDialog *dialog;

  /* Unsaved edits go into the copy. */
  tw_registration_set_partner_id (registration, "copied-partner");
  activate (fixture, "profiles.duplicate");
  dialog = wait_dialog ();
  g_assert_cmpstr (gtk_editable_get_text (dialog_entry (dialog)), ==, "Demo shop (copy)");
  respond (dialog, "ok");

  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop (copy)"), WAIT_MS);
  g_assert_true (profile_file_exists (fixture, "demo-shop-copy.json"));
  g_assert_true (profile_file_exists (fixture, "demo-shop.json"));
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "copied-partner");
  g_assert_cmpint (tw_register_page_get_environment (fixture->page), ==, TW_ENVIRONMENT_DEMO);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  AdwMessageDialog *dialog;

  name_through_dialog (fixture, "profiles.create", "Shop B");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);

  /* Cancelled: still there. */
  activate (fixture, "profiles.delete");
  respond (wait_dialog (), "cancel");
  tw_test_spin_for (200);
  g_assert_true (profile_file_exists (fixture, "shop-b.json"));

  activate (fixture, "profiles.delete");
  dialog = wait_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "Shop B"));
  respond (dialog, "delete");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop"), WAIT_MS);
  g_assert_false (profile_file_exists (fixture, "shop-b.json"));
  g_assert_cmpuint (n_profiles (fixture), ==, 1);

  /* The last one deleted: a fresh Demo profile takes its place. */
  activate (fixture, "profiles.delete");
  respond (wait_dialog (), "delete");
  TW_TEST_SPIN_UNTIL (n_profiles (fixture) == 1 && current_is (fixture, "Demo shop") &&
                      tw_register_page_get_profile (fixture->page) != NULL, WAIT_MS);
  TW_TEST_SPIN_UNTIL (profile_file_exists (fixture, "demo-shop.json"), WAIT_MS);
}

static void
test_last_used (Fixture       *fixture,
                gconstpointer  data)
{
  name_through_dialog (fixture, "profiles.create", "Shop B");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  tw_register_page_set_environment (fixture->page, TW_ENVIRONMENT_LEGACY);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Demo shop"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop"), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Shop B"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  /* The state file is written last, once the profile is open. */
  tw_test_spin_for (300);

  /* A new start, from the files only. */
  close_window (fixture);
  open_window (fixture);
  g_assert_true (current_is (fixture, "Shop B"));
  g_assert_cmpint (tw_register_page_get_environment (fixture->page), ==, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpuint (n_profiles (fixture), ==, 2);
}

static void
test_busy_blocks (Fixture       *fixture,
                  gconstpointer  data)
{
  TwDemoServer *server = tw_context_ensure_demo_server (fixture->context, NULL);
  TwRegistration *registration = tw_register_page_get_registration (fixture->page);
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  const char * const warehouses[] = { "sgn", NULL };
  GtkMenuButton *button = tw_test_get_child (fixture->switcher, TW_TYPE_PROFILE_SWITCHER,
                                             "menu_button");
  GtkWidget *busy_label;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TwProfile *demo = tw_register_page_get_profile (fixture->page);

  name_through_dialog (fixture, "profiles.create", "Shop B");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Shop B"), WAIT_MS);
  tw_register_page_set_environment (fixture->page, TW_ENVIRONMENT_DEMO);
  tw_registration_set_warehouses (registration, warehouses);
  tw_hook_set_url (order, "https://shop.example.com/hooks/order");
  tw_hook_set_secret_key (order, "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue");
  tw_auth_set_access_token (tw_register_page_get_auth (fixture->page), "busy-token");

  tw_demo_server_set_delay_ms (server, 20000);
  tw_demo_server_set_fault (server, TW_DEMO_FAULT_SLOW, 1);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_sensitive (tw_test_get_child (fixture->page,
                                                                   TW_TYPE_REGISTER_PAGE,
                                                                   "register_button")), WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "register.send", NULL));
  g_assert_true (tw_register_page_get_busy (fixture->page));

  /* The popover, first opened now, says why nothing can be done. */
  g_assert_null (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  busy_label = tw_test_find_label (GTK_WIDGET (gtk_menu_button_get_popover (button)),
                                   "Profiles cannot be changed while a registration is running.");
  g_assert_nonnull (busy_label);
  g_assert_true (gtk_widget_get_visible (busy_label));
  gtk_menu_button_popdown (button);

  /* Neither the actions nor the page switch now, and the page says why. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch", "s",
                              "Demo shop");
  gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.create", NULL);
  tw_test_spin_for (200);
  g_assert_null (find_dialog ());
  g_assert_true (current_is (fixture, "Shop B"));
  tw_register_page_open_profile_async (fixture->page, demo, TRUE, NULL, tw_test_keep_result_cb,
                                       &result);
  TW_TEST_SPIN_UNTIL (result != NULL, WAIT_MS);
  g_assert_false (tw_register_page_open_profile_finish (fixture->page, result, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_BUSY);
  g_assert_nonnull (strstr (error->message, "registration is running"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "register.cancel", NULL);
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (fixture->page), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (busy_label));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->switcher), "profiles.switch",
                                             "s", "Demo shop"));
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop"), WAIT_MS);
}

static void
test_popover (Fixture       *fixture,
              gconstpointer  data)
{
  GtkMenuButton *button = tw_test_get_child (fixture->switcher, TW_TYPE_PROFILE_SWITCHER,
                                             "menu_button");
  GtkWidget *popover;
  GtkWidget *list_view;

  name_through_dialog (fixture, "profiles.create", "Cửa hàng Sài Gòn");
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Cửa hàng Sài Gòn"), WAIT_MS);

  /* Built when first opened, with the profiles loaded meanwhile. */
  g_assert_null (gtk_menu_button_get_popover (button));
  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_nonnull (popover);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (popover), WAIT_MS);
  list_view = tw_test_find_descendant (popover, GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (list_view);
  g_assert_false (gtk_widget_get_visible (tw_test_find_label (
                    popover, "Profiles cannot be changed while a registration is running.")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (
                      GTK_LIST_VIEW (list_view)))), ==, 2);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (list_view, "Demo shop") != NULL, WAIT_MS);
  g_assert_nonnull (tw_test_find_label (list_view, "Cửa hàng Sài Gòn"));
  g_free (tw_test_save_screenshot (popover, "profile-switcher-popover.png"));

  /* Activating a row switches. */
  g_signal_emit_by_name (list_view, "activate", 1);
  TW_TEST_SPIN_UNTIL (current_is (fixture, "Demo shop"), WAIT_MS);
  g_assert_false (gtk_widget_get_visible (popover));
}

/* The profiles are read once the window has drawn: a window that is not
 * shown reads nothing, and then opens the last one when it is. */
static void
test_loads_when_drawn (Fixture       *fixture,
                       gconstpointer  data)
{
  close_window (fixture);
  fixture->context = make_context (fixture->config_dir, fixture->credentials);
  fixture->window = tw_window_new (NULL, fixture->context);
  fixture->switcher = tw_test_get_child (fixture->window, TW_TYPE_WINDOW, "profile_switcher");
  fixture->page = TW_REGISTER_PAGE (tw_window_get_page (fixture->window, "register"));

  tw_test_spin_for (300);
  g_assert_false (tw_profile_switcher_get_ready (fixture->switcher));
  g_assert_null (tw_register_page_get_profile (fixture->page));

  tw_test_window_show (GTK_WINDOW (fixture->window));
  TW_TEST_SPIN_UNTIL (tw_profile_switcher_get_ready (fixture->switcher), WAIT_MS);
  g_assert_true (current_is (fixture, "Demo shop"));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  test_root = g_dir_make_tmp ("tw-test-switcher-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CONFIG_HOME", test_root, TRUE);
  g_setenv ("XDG_DATA_HOME", test_root, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/tw/profile-switcher/first-start", test_first_start);
  ADD ("/tw/profile-switcher/loads-when-drawn", test_loads_when_drawn);
  ADD ("/tw/profile-switcher/create-validates", test_create_validates);
  ADD ("/tw/profile-switcher/switch-saves", test_switch_saves);
  ADD ("/tw/profile-switcher/rename", test_rename);
  ADD ("/tw/profile-switcher/duplicate", test_duplicate);
  ADD ("/tw/profile-switcher/delete", test_delete);
  ADD ("/tw/profile-switcher/last-used", test_last_used);
  ADD ("/tw/profile-switcher/busy-blocks", test_busy_blocks);
  ADD ("/tw/profile-switcher/popover", test_popover);

  status = g_test_run ();
  tw_test_remove_tree (test_root);
  g_free (test_root);
  return status;
}
