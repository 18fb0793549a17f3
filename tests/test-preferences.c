/* test-preferences.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-application.h"
#include "tw-clipboard.h"
#include "tw-preferences.h"
#include "tw-test-ui.h"
#include "tw-window.h"

typedef struct
{
  TwContext     *context;
  GSettings     *settings;
  TwPreferences *preferences;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->context = tw_test_context_new ();
  fixture->settings = tw_context_get_settings (fixture->context);
  fixture->preferences = tw_preferences_new (NULL, fixture->context);
  tw_test_window_show (GTK_WINDOW (fixture->preferences));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->preferences));
  g_clear_object (&fixture->context);
}

static gpointer
get_child (Fixture    *fixture,
           const char *name)
{
  return tw_test_get_child (fixture->preferences, TW_TYPE_PREFERENCES, name);
}

static void
test_template (Fixture       *fixture,
               gconstpointer  user_data)
{
  AdwComboRow *environments = get_child (fixture, "environment_row");
  GListModel *titles = adw_combo_row_get_model (environments);

  g_assert_true (tw_preferences_get_context (fixture->preferences) == fixture->context);
  g_assert_cmpuint (g_list_model_get_n_items (titles), ==, TW_N_ENVIRONMENTS);
  for (guint i = 0; i < TW_N_ENVIRONMENTS; i++)
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (titles), i), ==,
                     tw_environment_get_title (i));

  /* A fresh machine: the schema's defaults are what the rows show. */
  g_assert_cmpuint (adw_combo_row_get_selected (environments), ==, TW_ENVIRONMENT_DEMO);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (get_child (fixture, "timeout_spin")), ==, 30);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (get_child (fixture, "clipboard_spin")), ==, 30);
  g_assert_cmpuint (adw_combo_row_get_selected (get_child (fixture, "retention_row")), ==, 0);
}

static void
check_spin_row (Fixture    *fixture,
                const char *spin_name,
                const char *key,
                guint       minimum,
                guint       maximum)
{
  GtkSpinButton *spin = get_child (fixture, spin_name);

  gtk_spin_button_set_value (spin, 45);
  TW_TEST_SPIN_UNTIL (g_settings_get_uint (fixture->settings, key) == 45, 2000);

  g_settings_set_uint (fixture->settings, key, 12);
  TW_TEST_SPIN_UNTIL (gtk_spin_button_get_value_as_int (spin) == 12, 2000);

  /* The spin button cannot leave the schema's range. */
  gtk_spin_button_set_value (spin, 100000);
  TW_TEST_SPIN_UNTIL (g_settings_get_uint (fixture->settings, key) == maximum, 2000);
  gtk_spin_button_set_value (spin, 0);
  TW_TEST_SPIN_UNTIL (g_settings_get_uint (fixture->settings, key) == minimum, 2000);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  user_data)
{
  check_spin_row (fixture, "timeout_spin", "request-timeout", 1, 600);
}

static void
test_clipboard_delay (Fixture       *fixture,
                      gconstpointer  user_data)
{
  check_spin_row (fixture, "clipboard_spin", "clipboard-clear-seconds", 5, 600);
}

static gboolean
environment_is (GSettings  *settings,
                const char *nick)
{
  g_autofree char *value = g_settings_get_string (settings, "default-environment");

  return g_strcmp0 (value, nick) == 0;
}

static void
test_environment (Fixture       *fixture,
                  gconstpointer  user_data)
{
  AdwComboRow *row = get_child (fixture, "environment_row");

  adw_combo_row_set_selected (row, TW_ENVIRONMENT_PRODUCTION);
  TW_TEST_SPIN_UNTIL (environment_is (fixture->settings, "production"), 2000);
  adw_combo_row_set_selected (row, TW_ENVIRONMENT_CUSTOM);
  TW_TEST_SPIN_UNTIL (environment_is (fixture->settings, "custom"), 2000);

  g_settings_set_string (fixture->settings, "default-environment", "legacy");
  TW_TEST_SPIN_UNTIL (adw_combo_row_get_selected (row) == TW_ENVIRONMENT_LEGACY, 2000);
  g_settings_set_string (fixture->settings, "default-environment", "demo");
  TW_TEST_SPIN_UNTIL (adw_combo_row_get_selected (row) == TW_ENVIRONMENT_DEMO, 2000);
}

static void
test_retention (Fixture       *fixture,
                gconstpointer  user_data)
{
  AdwComboRow *row = get_child (fixture, "retention_row");
  static const struct { guint days; guint row; } shown[] = {
    { 90, 1 }, { 365, 2 }, { 0, 0 },
    /* Values the row does not offer show as the nearest limited one. */
    { 1, 1 }, { 200, 1 }, { 300, 2 }, { 3650, 2 },
  };

  adw_combo_row_set_selected (row, 1);
  TW_TEST_SPIN_UNTIL (g_settings_get_uint (fixture->settings, "history-retention-days") == 90,
                      2000);
  adw_combo_row_set_selected (row, 2);
  TW_TEST_SPIN_UNTIL (g_settings_get_uint (fixture->settings, "history-retention-days") == 365,
                      2000);
  adw_combo_row_set_selected (row, 0);
  TW_TEST_SPIN_UNTIL (g_settings_get_uint (fixture->settings, "history-retention-days") == 0,
                      2000);

  for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
    {
      g_settings_set_uint (fixture->settings, "history-retention-days", shown[i].days);
      TW_TEST_SPIN_UNTIL (adw_combo_row_get_selected (row) == shown[i].row, 2000);
    }
}

/* A secret copied inside the main window stays on the clipboard for the
 * delay chosen in the Preferences window. */
static void
test_clipboard_uses_setting (Fixture       *fixture,
                             gconstpointer  user_data)
{
  TwWindow *window = tw_window_new (NULL, fixture->context);
  GtkWidget *page;
  g_autoptr(GtkWidget) loose = g_object_ref_sink (gtk_label_new ("x"));

  tw_test_window_show (GTK_WINDOW (window));
  page = tw_window_get_page (window, "register");
  g_assert_nonnull (page);
  g_assert_cmpuint (tw_clipboard_get_clear_delay (page), ==, 30);

  gtk_spin_button_set_value (get_child (fixture, "clipboard_spin"), 7);
  TW_TEST_SPIN_UNTIL (tw_clipboard_get_clear_delay (page) == 7, 2000);

  /* Outside a TwWindow there is no context: the documented default. */
  g_assert_cmpuint (tw_clipboard_get_clear_delay (loose), ==,
                    TW_CLIPBOARD_SECRET_LIFETIME_MS / 1000);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = NULL;

  /* The header's title cross-fades in once the window knows it has one page. */
  tw_test_spin_for (500);
  path = tw_test_save_screenshot (GTK_WIDGET (fixture->preferences), "preferences.png");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
has_accel (GtkApplication *app,
           const char     *action,
           const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  return g_strv_contains ((const char * const *) accels, accel);
}

static void
check_preferences_action (TwApplication *app)
{
  GtkWindow *main_window = gtk_application_get_active_window (GTK_APPLICATION (app));
  TwPreferences *preferences;

  g_assert_true (has_accel (GTK_APPLICATION (app), "app.preferences", "<Control>comma"));
  g_assert_null (find_toplevel (TW_TYPE_PREFERENCES));

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  TW_TEST_SPIN_UNTIL (find_toplevel (TW_TYPE_PREFERENCES) != NULL, 5000);
  preferences = find_toplevel (TW_TYPE_PREFERENCES);
  g_assert_true (tw_preferences_get_context (preferences) == tw_application_get_context (app));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (preferences)) == main_window);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (preferences)));
  gtk_window_destroy (GTK_WINDOW (preferences));
}

static void
check_about_action (TwApplication *app)
{
  AdwAboutWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  TW_TEST_SPIN_UNTIL (find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL, 5000);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);

  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Tiki Webhooks");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APPLICATION_ID);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (about), ==,
                   "https://github.com/tikiwebhooks/tiki-webhooks");
  g_assert_cmpstr (adw_about_window_get_issue_url (about), ==,
                   "https://github.com/tikiwebhooks/tiki-webhooks/issues");
  g_assert_nonnull (adw_about_window_get_developers (about));
  g_assert_nonnull (adw_about_window_get_translator_credits (about));
  gtk_window_destroy (GTK_WINDOW (about));
}

static void
check_application (GApplication *app,
                   gpointer      user_data)
{
  gboolean *checked = user_data;

  check_preferences_action (TW_APPLICATION (app));
  check_about_action (TW_APPLICATION (app));
  *checked = TRUE;
  g_application_quit (app);
}

static void
test_application (void)
{
  g_autoptr(TwApplication) app = tw_application_new ();
  gboolean checked = FALSE;
  int status;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (check_application), &checked);
  status = g_application_run (G_APPLICATION (app), 0, NULL);

  g_assert_cmpint (status, ==, 0);
  g_assert_true (checked);
}

#define ADD(path, func) \
  g_test_add ("/tw/preferences/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("template", test_template);
  ADD ("request-timeout", test_timeout);
  ADD ("clipboard-delay", test_clipboard_delay);
  ADD ("default-environment", test_environment);
  ADD ("history-retention", test_retention);
  ADD ("clipboard-uses-setting", test_clipboard_uses_setting);
  ADD ("screenshot", test_screenshot);
  g_test_add_func ("/tw/preferences/application", test_application);

  return g_test_run ();
}
