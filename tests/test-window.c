/* test-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-api-client.h"
#include "tw-application.h"
#include "tw-history-page.h"
#include "tw-register-page.h"
#include "tw-tester-page.h"
#include "tw-test-ui.h"
#include "tw-window.h"

static void
test_template (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_test_main_window_show (context, 900, 700);
  GtkWidget *page = tw_window_get_page (window, "register");

  g_assert_true (TW_IS_REGISTER_PAGE (page));
  g_assert_true (tw_register_page_get_context (TW_REGISTER_PAGE (page)) == context);
  g_assert_true (tw_window_get_context (window) == context);
  g_assert_null (tw_window_get_page (window, "no-such-page"));
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==, 900);

  /* A wide window switches pages in its header; the bottom bar of narrow
   * windows is not even built. */
  g_assert_null (adw_view_switcher_bar_get_stack (tw_test_get_child (window, TW_TYPE_WINDOW,
                                                                     "switcher_bar")));

  /* A fresh machine opens in Demo, and says so. */
  g_assert_true (gtk_widget_get_visible (tw_test_get_child (window, TW_TYPE_WINDOW, "demo_badge")));
  tw_register_page_set_environment (TW_REGISTER_PAGE (page), TW_ENVIRONMENT_PRODUCTION);
  g_assert_false (gtk_widget_get_visible (tw_test_get_child (window, TW_TYPE_WINDOW,
                                                             "demo_badge")));

  /* The context's API client follows the timeout setting. */
  g_settings_set_uint (tw_context_get_settings (context), "request-timeout", 7);
  g_assert_cmpuint (tw_api_client_get_timeout (tw_context_get_api_client (context)), ==, 7);

  tw_window_add_toast (window, adw_toast_new ("Hello"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The main menu is built when first opened (F10 or a click), then kept. */
static void
test_main_menu (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_test_main_window_show (context, 900, 700);
  GtkMenuButton *button = tw_test_get_child (window, TW_TYPE_WINDOW, "menu_button");
  GtkPopover *popover;

  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (button)));
  g_assert_true (gtk_menu_button_get_primary (button));

  gtk_menu_button_popup (button);
  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (popover)), 5000);
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (popover), "Keyboard Shortcuts"));
  gtk_menu_button_popdown (button);

  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Start-up builds only the page the first frame shows; the others are
 * built on their first visit, under the same name, title and icon. */
static void
test_lazy_pages (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_test_main_window_show (context, 900, 700);
  AdwViewStack *stack = tw_test_get_child (window, TW_TYPE_WINDOW, "stack");
  g_autoptr(GtkSelectionModel) stack_pages = adw_view_stack_get_pages (stack);
  GtkWidget *register_page;
  GtkWidget *tester;
  GtkWidget *history;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stack_pages)), ==, 3);
  g_assert_true (tw_window_has_page_built (window, "register"));
  g_assert_false (tw_window_has_page_built (window, "tester"));
  g_assert_false (tw_window_has_page_built (window, "history"));
  g_assert_false (tw_window_has_page_built (window, "no-such-page"));
  /* The view switcher shows all three all the same. */
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (window), C_("page", "Test receiver")));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (window), C_("page", "History")));
  g_assert_cmpstr (adw_view_stack_page_get_icon_name
                     (adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name
                                                        (stack, "history"))),
                   ==, "document-open-recent-symbolic");

  /* Visiting a page builds it, wired to the Register page, and only it. */
  adw_view_stack_set_visible_child_name (stack, "tester");
  g_assert_true (tw_window_has_page_built (window, "tester"));
  g_assert_false (tw_window_has_page_built (window, "history"));
  register_page = tw_window_get_page (window, "register");
  tester = tw_window_get_page (window, "tester");
  g_assert_true (TW_IS_TESTER_PAGE (tester));
  g_assert_true (gtk_widget_get_ancestor (tester, ADW_TYPE_VIEW_STACK) == GTK_WIDGET (stack));
  g_assert_true (gtk_widget_get_mapped (tester));
  g_assert_true (tw_tester_page_get_registration (TW_TESTER_PAGE (tester)) ==
                 tw_register_page_get_registration (TW_REGISTER_PAGE (register_page)));

  /* Asking for a page by name builds it too, without switching to it. */
  history = tw_window_get_page (window, "history");
  g_assert_true (TW_IS_HISTORY_PAGE (history));
  g_assert_true (tw_window_has_page_built (window, "history"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "tester");
  /* Once, and for good. */
  g_assert_true (tw_window_get_page (window, "history") == history);
  adw_view_stack_set_visible_child_name (stack, "history");
  g_assert_true (tw_window_get_page (window, "history") == history);
  g_assert_true (tw_window_get_page (window, "tester") == tester);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_narrow (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_test_main_window_show (context, 360, 640);
  AdwViewSwitcherBar *bar;
  int minimum;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==, 360);

  /* The pages are switched from the bottom bar, which got its buttons. */
  bar = tw_test_get_child (window, TW_TYPE_WINDOW, "switcher_bar");
  TW_TEST_SPIN_UNTIL (adw_view_switcher_bar_get_reveal (bar), 5000);
  g_assert_true (adw_view_switcher_bar_get_stack (bar) ==
                 tw_test_get_child (window, TW_TYPE_WINDOW, "stack"));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (bar), C_("page", "History")));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_size_saved (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  GSettings *settings = tw_context_get_settings (context);
  TwWindow *window = tw_test_main_window_show (context, 700, 500);
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 500);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
test_help_overlay_resource (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/tw-shortcuts-window.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static gboolean
has_accel (GtkApplication *app,
           const char     *action,
           const char     *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

  return g_strv_contains ((const char * const *) accels, accel);
}

static gboolean
about_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        return TRUE;
    }
  return FALSE;
}

static void
check_application (GApplication *app,
                   gpointer      user_data)
{
  gboolean *checked = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkShortcutsWindow *overlay;

  g_assert_true (TW_IS_WINDOW (window));
  g_assert_true (tw_window_get_context (TW_WINDOW (window)) ==
                 tw_application_get_context (TW_APPLICATION (app)));
  /* The Keyboard Shortcuts window is built when first shown, then kept. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)), 5000);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (overlay)) == window);
  gtk_window_close (GTK_WINDOW (overlay));
  TW_TEST_SPIN_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (overlay)), 5000);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) ==
                 overlay);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (overlay)), 5000);
  gtk_window_close (GTK_WINDOW (overlay));
  g_assert_true (has_accel (GTK_APPLICATION (app), "win.show-help-overlay", "<Control>question"));
  g_assert_true (has_accel (GTK_APPLICATION (app), "app.quit", "<Control>q"));

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  TW_TEST_SPIN_UNTIL (about_shown (), 5000);

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

static void
take_screenshot (int         width,
                 int         height,
                 const char *name,
                 const char *content_name)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_test_main_window_show (context, width, height);
  g_autofree char *path = tw_test_save_screenshot (GTK_WIDGET (window), name);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* The scrolled content at its full height, to check nothing overflows
   * below the fold. */
  if (content_name != NULL)
    {
      GtkWidget *viewport = tw_test_find_descendant (tw_window_get_page (window, "register"),
                                                     GTK_TYPE_VIEWPORT);
      g_autofree char *content_path = NULL;

      g_assert_nonnull (viewport);
      content_path = tw_test_save_screenshot (gtk_widget_get_first_child (viewport), content_name);
      g_assert_true (g_file_test (content_path, G_FILE_TEST_IS_REGULAR));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (void)
{
  take_screenshot (1280, 800, "register-page-1280x800.png", "register-page-1280-content.png");
  take_screenshot (360, 800, "register-page-360x800.png", "register-page-360-content.png");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/window/template", test_template);
  g_test_add_func ("/tw/window/main-menu", test_main_menu);
  g_test_add_func ("/tw/window/lazy-pages", test_lazy_pages);
  g_test_add_func ("/tw/window/narrow", test_narrow);
  g_test_add_func ("/tw/window/size-saved", test_size_saved);
  g_test_add_func ("/tw/window/help-overlay", test_help_overlay_resource);
  g_test_add_func ("/tw/window/application", test_application);
  g_test_add_func ("/tw/window/screenshots", test_screenshots);

  return g_test_run ();
}
