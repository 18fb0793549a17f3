/* test-i18n-ui.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The window in Vietnamese (LANGUAGE=vi, LANG=C.UTF-8: tests/meson.build),
 * translated from the build's compiled catalogue, and nothing cut off at
 * the narrowest supported width, 360 px.
 *
 * "Cut off" means either of:
 * - a widget that needs more width than the window has (gtk_widget_measure).
 *   Content that scrolls sideways (a scrolled window whose horizontal
 *   scrollbar is not NEVER) is exempt: it is reachable, not cut;
 * - a label shortened with an ellipsis (pango_layout_is_ellipsized) whose
 *   full text is not in the tooltip of the label or of a widget around it.
 *   Ellipsizing with a tooltip is accepted: it is how GTK shows long
 *   values (a URL in a table cell) in a narrow column.
 * Toasts are left out: they come and go with the environment (a slow
 * keyring says so in one), and libadwaita 1.2 always shows them on one
 * line, cut at any width.
 * The title bar has GNOME's (and Phosh's) button layout, a close button
 * only: a 360 px screen is a phone's, where no window is minimized. */

#define G_LOG_DOMAIN "test-i18n-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tw-error.h"
#include "tw-history.h"
#include "tw-history-page.h"
#include "tw-history-private.h"
#include "tw-history-sink.h"
#include "tw-i18n.h"
#include "tw-register-page.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-window.h"

#define NARROW 360
#define WAIT_MS 5000

typedef struct
{
  const char *page;
  const char *msgid;
  const char *vietnamese;
} PageTitle;

/* The msgstr of po/vi.po: the test fails if the catalogue is not the
 * build's, or if a translation changes without the test knowing. */
static const PageTitle page_titles[] = {
  { "register", "Register", "Đăng ký" },
  { "tester", "Test receiver", "Thử máy chủ nhận" },
  { "history", "History", "Lịch sử" },
};

static AdwViewStack *
get_stack (TwWindow *window)
{
  return tw_test_get_child (window, TW_TYPE_WINDOW, "stack");
}

static void
test_catalogue (void)
{
  const char *button;

  for (guint i = 0; i < G_N_ELEMENTS (page_titles); i++)
    {
      const char *translated = g_dpgettext2 (GETTEXT_PACKAGE, "page", page_titles[i].msgid);

      g_assert_cmpstr (translated, !=, page_titles[i].msgid);
      g_assert_cmpstr (translated, ==, page_titles[i].vietnamese);
    }

  button = g_dpgettext2 (GETTEXT_PACKAGE, "button", "_Register");
  g_assert_cmpstr (button, !=, "_Register");
  g_assert_cmpstr (button, ==, "Đăng _ký");
}

static void
test_vietnamese_window (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwWindow *window = tw_test_main_window_show (context, 1000, 760);
  AdwViewStack *stack = get_stack (window);
  GtkWidget *register_page = tw_window_get_page (window, "register");
  GtkButton *button = tw_test_get_child (register_page, TW_TYPE_REGISTER_PAGE,
                                         "register_button");

  for (guint i = 0; i < G_N_ELEMENTS (page_titles); i++)
    {
      /* The stack's child may be the placeholder of a page not built yet. */
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, page_titles[i].page);
      AdwViewStackPage *stack_page = adw_view_stack_get_page (stack, child);

      g_assert_cmpstr (adw_view_stack_page_get_title (stack_page), ==,
                       page_titles[i].vietnamese);
      /* And on screen, in the view switcher of the header bar. */
      g_assert_nonnull (tw_test_find_label (GTK_WIDGET (window), page_titles[i].vietnamese));
    }

  g_assert_cmpstr (gtk_button_get_label (button), ==, "Đăng _ký");
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (button), "Đăng ký"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Truncation checks */

static gboolean
scrolls_sideways (GtkWidget *widget)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkPolicyType policy;

      if (!GTK_IS_SCROLLED_WINDOW (w))
        continue;
      gtk_scrolled_window_get_policy (GTK_SCROLLED_WINDOW (w), &policy, NULL);
      if (policy != GTK_POLICY_NEVER)
        return TRUE;
    }
  return FALSE;
}

static gboolean
text_in_tooltip (GtkWidget  *widget,
                 const char *text)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (w);

      if (tooltip != NULL && strstr (tooltip, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
      g_string_prepend_c (path, '/');
    }
  return g_string_free (path, FALSE);
}

static void
check_label (GtkLabel *label,
             GString  *problems)
{
  const char *text = gtk_label_get_text (label);
  g_autofree char *where = NULL;

  if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE || *text == '\0')
    return;
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return;
  if (text_in_tooltip (GTK_WIDGET (label), text))
    return;

  where = describe (GTK_WIDGET (label));
  g_string_append_printf (problems, "#   “%s” is ellipsized, with no tooltip: %s\n", text,
                          where);
}

static void
check_tree (GtkWidget *widget,
            int        width,
            GString   *problems)
{
  int minimum = 0;

  if (!gtk_widget_get_mapped (widget) ||
      g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget"))
    return;

  if (!scrolls_sideways (widget))
    {
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
      if (minimum > width)
        {
          g_autofree char *where = describe (widget);

          g_string_append_printf (problems, "#   needs %d px: %s\n", minimum, where);
        }
    }
  if (GTK_IS_LABEL (widget))
    check_label (GTK_LABEL (widget), problems);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      /* A squeezer shows the one child that fits (the view switcher or
       * the title); the others are not shown, however wide. */
      if (ADW_IS_SQUEEZER (widget) &&
          child != adw_squeezer_get_visible_child (ADW_SQUEEZER (widget)))
        continue;
      check_tree (child, width, problems);
    }
}

static void
check_page (TwWindow   *window,
            const char *name)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *shot = g_strdup_printf ("i18n-vi-360-%s.png", name);

  g_autofree char *content_shot = g_strdup_printf ("i18n-vi-360-%s-content.png", name);
  GtkWidget *page = tw_window_get_page (window, name);
  GtkWidget *viewport = tw_test_find_descendant (page, GTK_TYPE_VIEWPORT);

  adw_view_stack_set_visible_child_name (get_stack (window), name);
  /* Past the transitions of the switcher and the squeezers. */
  tw_test_spin_for (500);
  g_free (tw_test_save_screenshot (GTK_WIDGET (window), shot));
  /* The whole of a scrolled page, to look at what lies below the fold. */
  if (viewport != NULL && gtk_widget_get_mapped (viewport))
    g_free (tw_test_save_screenshot (gtk_widget_get_first_child (viewport), content_shot));
  check_tree (GTK_WIDGET (window), NARROW, problems);

  if (problems->len > 0)
    g_error ("The %s page is cut off at %d px:\n%s", name, NARROW, problems->str);
}

/* Some history, so that the History page shows its table. */
static void
record_request (TwHistory  *history,
                gint64      time_ms,
                gboolean    success,
                const char *request_id)
{
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();

  record->time_ms = time_ms;
  record->base_url = g_strdup ("https://api.tikinow.vn");
  record->kind = g_strdup ("registration");
  record->method = g_strdup ("POST");
  record->url = g_strdup ("https://api.tikinow.vn/business/v1/register-webhooks");
  record->outcome = g_strdup (success ? "success" : tw_error_nick (TW_ERROR_INVALID_TOKEN));
  record->http_status = success ? 200 : 401;
  record->message_code = success ? NULL : g_strdup ("INVALID_TOKEN");
  record->request_id = g_strdup (request_id);
  record->duration_ms = 1250;
  record->attempt = 1;
  tw_history_sink_record (TW_HISTORY_SINK (history), record);
}

static void
test_narrow (void)
{
  g_autoptr(TwContext) context = tw_test_context_new ();
  TwHistory *history = tw_context_get_history (context);
  TwHistoryModel *model;
  TwWindow *window;

  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  record_request (history, G_GINT64_CONSTANT (1795874585250), FALSE,
                  "0123456789abcdef0123456789abcdef");
  record_request (history, G_GINT64_CONSTANT (1795874645250), TRUE,
                  "fedcba9876543210fedcba9876543210");
  window = tw_test_main_window_show (context, NARROW, 720);
  g_assert_cmpint (gdk_surface_get_width (gtk_native_get_surface (GTK_NATIVE (window))), ==,
                   NARROW);

  check_page (window, "register");
  check_page (window, "tester");
  model = tw_history_page_get_model (TW_HISTORY_PAGE (tw_window_get_page (window, "history")));
  TW_TEST_SPIN_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 2, WAIT_MS);
  check_page (window, "history");
  /* Local time (TZ, set in main()) with the zone, as the locale writes
   * it: C.UTF-8 states no preference, so ISO 8601. */
  g_assert_nonnull (tw_test_find_label (tw_window_get_page (window, "history"),
                                        "2026-11-28 21:03:05 +07"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("tw-i18n-ui-XXXXXX", NULL);
  int status;

  /* Before GLib reads them: a history of this program's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", data_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  tw_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/i18n-ui/catalogue", test_catalogue);
  g_test_add_func ("/tw/i18n-ui/vietnamese-window", test_vietnamese_window);
  g_test_add_func ("/tw/i18n-ui/narrow", test_narrow);

  status = g_test_run ();
  tw_test_remove_tree (data_home);
  return status;
}
