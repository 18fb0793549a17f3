/* test-webhook-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-webhook-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-clipboard.h"
#include "tw-problem-row.h"
#include "tw-registration.h"
#include "tw-secret.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-title-block.h"
#include "tw-webhook-editor.h"

#define SECRET_A "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"

typedef struct
{
  TwRegistration  *registration;
  TwWebhookEditor *editor;
  GtkWindow       *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  TwHookKind kind = GPOINTER_TO_INT (data);
  GtkWidget *page = adw_preferences_page_new ();

  fixture->registration = tw_registration_new ();
  fixture->editor = TW_WEBHOOK_EDITOR (tw_webhook_editor_new ());
  tw_webhook_editor_set_hook (fixture->editor,
                              tw_registration_get_hook (fixture->registration, kind));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (fixture->editor));
  fixture->window = tw_test_window_new (page, 600, 500);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->registration);
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return tw_test_get_child (fixture->editor, TW_TYPE_WEBHOOK_EDITOR, name);
}

static TwHook *
hook (Fixture *fixture)
{
  return tw_webhook_editor_get_hook (fixture->editor);
}

static void
test_binds_both_ways (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkEditable *url_row = child (fixture, "url_row");
  GtkEditable *secret_row = child (fixture, "secret_row");

  tw_hook_set_url (hook (fixture), "https://shop.example.com/hooks/order");
  g_assert_cmpstr (gtk_editable_get_text (url_row), ==, "https://shop.example.com/hooks/order");

  gtk_editable_set_text (url_row, "https://other.example.com/h");
  g_assert_cmpstr (tw_hook_get_url (hook (fixture)), ==, "https://other.example.com/h");

  gtk_editable_set_text (secret_row, SECRET_A);
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture)), ==, SECRET_A);
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "length_label")), ==, "32 / 32");

  gtk_editable_set_text (secret_row, "short");
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "length_label")), ==, "5 / 32");
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *first = NULL;

  /* A switched-off hook is left alone. */
  g_assert_false (tw_hook_get_enabled (hook (fixture)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.generate", NULL);
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture)), ==, "");

  tw_hook_set_enabled (hook (fixture), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.generate", NULL);
  first = g_strdup (tw_hook_get_secret_key (hook (fixture)));
  g_assert_cmpuint (strlen (first), ==, TW_SECRET_LENGTH);
  g_assert_cmpstr (gtk_editable_get_text (child (fixture, "secret_row")), ==, first);
  g_assert_cmpstr (gtk_label_get_text (child (fixture, "length_label")), ==, "32 / 32");

  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.generate", NULL);
  g_assert_cmpstr (tw_hook_get_secret_key (hook (fixture)), !=, first);
}

static void
test_order_switch_hidden (Fixture       *fixture,
                          gconstpointer  data)
{
  g_assert_false (gtk_widget_get_visible (child (fixture, "enabled_switch")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "url_row")));
  g_assert_cmpstr (tw_title_block_get_title (child (fixture, "header")), ==,
                   tw_hook_kind_get_title (TW_HOOK_ORDER));
}

static void
test_switch_follows_hook (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkSwitch *toggle = child (fixture, "enabled_switch");

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (toggle)));
  g_assert_false (gtk_switch_get_active (toggle));

  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->editor), "url_row"));
  tw_hook_set_enabled (hook (fixture), TRUE);
  g_assert_true (gtk_switch_get_active (toggle));
  /* The address and key rows are made when first switched on, in the
   * form's order. */
  tw_test_assert_in_order (child (fixture, "hook_problems"), child (fixture, "url_row"),
                           child (fixture, "url_problems"), child (fixture, "secret_row"),
                           child (fixture, "secret_problems"), NULL);
  /* Styled as a row with a row after it (its separator). */
  tw_test_assert_styled_in_place (child (fixture, "url_row"));
  gtk_editable_set_text (child (fixture, "url_row"), "https://shop.example.com/hooks/stock");
  tw_hook_set_enabled (hook (fixture), FALSE);
  g_assert_false (gtk_switch_get_active (toggle));
  /* Off: only the header shows; the address and key are kept. */
  g_assert_false (gtk_widget_get_visible (child (fixture, "url_row")));
  g_assert_false (gtk_widget_get_visible (child (fixture, "secret_row")));
  /* No empty card is left under the header. */
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (child (fixture, "url_row"),
                                                                   GTK_TYPE_LIST_BOX)));

  gtk_switch_set_active (toggle, TRUE);
  g_assert_true (tw_hook_get_enabled (hook (fixture)));
  g_assert_true (gtk_widget_get_visible (child (fixture, "url_row")));
  g_assert_true (gtk_widget_get_visible (child (fixture, "secret_row")));
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (child (fixture, "url_row"),
                                                                  GTK_TYPE_LIST_BOX)));
  g_assert_cmpstr (gtk_editable_get_text (child (fixture, "url_row")), ==,
                   "https://shop.example.com/hooks/stock");
}

static void
test_legacy_locks (Fixture       *fixture,
                   gconstpointer  data)
{
  TwHookKind kind = GPOINTER_TO_INT (data);
  GtkSwitch *toggle = child (fixture, "enabled_switch");
  const char *description;

  tw_webhook_editor_set_flavour (fixture->editor, TW_API_FLAVOUR_LEGACY);
  g_assert_true (tw_webhook_editor_get_locked (fixture->editor));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));

  description = tw_title_block_get_description (child (fixture, "header"));
  g_assert_nonnull (strstr (description, "Legacy host"));
  if (kind == TW_HOOK_AFTERSALE)
    g_assert_nonnull (strstr (description, "does not support"));
  else
    g_assert_nonnull (strstr (description, "requires"));

  tw_webhook_editor_set_flavour (fixture->editor, TW_API_FLAVOUR_CURRENT);
  g_assert_false (tw_webhook_editor_get_locked (fixture->editor));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (toggle)));
}

static void
test_flavour_notifies_once (Fixture       *fixture,
                            gconstpointer  data)
{
  guint count = 0;

  g_signal_connect (fixture->editor, "notify::flavour", G_CALLBACK (tw_test_count_notify), &count);
  tw_webhook_editor_set_flavour (fixture->editor, TW_API_FLAVOUR_LEGACY);
  tw_webhook_editor_set_flavour (fixture->editor, TW_API_FLAVOUR_LEGACY);
  g_assert_cmpuint (count, ==, 1);
  g_signal_handlers_disconnect_by_func (fixture->editor, tw_test_count_notify, &count);
}

static void
test_problems_under_fields (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) problems = NULL;
  TwProblemRow *url_problems = child (fixture, "url_problems");
  TwProblemRow *secret_problems = child (fixture, "secret_problems");
  g_autofree char *url_text = NULL;
  g_autofree char *spoken = NULL;

  tw_hook_set_url (hook (fixture), "http://shop.example.com/order");
  tw_hook_set_secret_key (hook (fixture), "tooshort");
  problems = tw_registration_validate (fixture->registration);
  tw_webhook_editor_set_problems (fixture->editor, problems);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (url_problems)));
  g_assert_true (tw_problem_row_has_errors (url_problems));
  g_assert_true (tw_problem_row_has_errors (secret_problems));
  g_assert_true (gtk_widget_has_css_class (child (fixture, "url_row"), "error"));
  url_text = tw_problem_row_dup_text (url_problems);
  g_assert_nonnull (strstr (url_text, "https"));
  /* The severity is said in words, not by colour alone. */
  spoken = g_strdup_printf ("Error: %s", url_text);
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (url_problems), spoken));

  tw_hook_set_url (hook (fixture), "https://shop.example.com/order");
  tw_hook_set_secret_key (hook (fixture), SECRET_A);
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tw_registration_validate (fixture->registration);
  tw_webhook_editor_set_problems (fixture->editor, problems);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (url_problems)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (secret_problems)));
  g_assert_false (gtk_widget_has_css_class (child (fixture, "url_row"), "error"));
}

static void
test_copy_secret (Fixture       *fixture,
                  gconstpointer  data)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->editor));
  g_autofree char *text = NULL;
  int lock = tw_test_lock_clipboard ();

  tw_hook_set_secret_key (hook (fixture), SECRET_A);
  gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "editor.copy-secret", NULL);

  g_assert_true (tw_clipboard_holds_secret (clipboard));
  text = tw_test_read_clipboard (clipboard);
  g_assert_cmpstr (text, ==, SECRET_A);
  tw_test_unlock_clipboard (lock);
}

static void
test_clipboard_clears_secret (void)
{
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  g_autofree char *text = NULL;
  int lock = tw_test_lock_clipboard ();

  tw_clipboard_copy_secret (clipboard, SECRET_A, 100);
  g_assert_true (tw_clipboard_holds_secret (clipboard));
  TW_TEST_SPIN_UNTIL (!tw_clipboard_holds_secret (clipboard), 2000);
  text = tw_test_read_clipboard (clipboard);
  g_assert_cmpstr (text, ==, "");
  tw_test_unlock_clipboard (lock);
}

static void
test_clipboard_keeps_newer_copy (void)
{
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  g_autofree char *text = NULL;
  int lock = tw_test_lock_clipboard ();

  tw_clipboard_copy_secret (clipboard, SECRET_A, 100);
  tw_clipboard_copy_text (clipboard, "something the user copied later");
  g_assert_false (tw_clipboard_holds_secret (clipboard));
  tw_test_spin_for (300);

  text = tw_test_read_clipboard (clipboard);
  g_assert_cmpstr (text, ==, "something the user copied later");
  tw_test_unlock_clipboard (lock);
}

/* A webhook that is off still shows a problem of its own: on the legacy
 * host, that the Stock webhook is required. */
static void
test_off_shows_own_problem (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *list = gtk_widget_get_ancestor (child (fixture, "hook_problems"), GTK_TYPE_LIST_BOX);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *text = NULL;

  g_assert_false (tw_hook_get_enabled (hook (fixture)));
  g_assert_false (gtk_widget_get_visible (list));
  /* Off from the start: the address and key rows are not even made. */
  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->editor), "url_row"));

  tw_registration_set_flavour (fixture->registration, TW_API_FLAVOUR_LEGACY);
  problems = tw_registration_validate (fixture->registration);
  tw_webhook_editor_set_problems (fixture->editor, problems);
  text = tw_problem_row_dup_text (child (fixture, "hook_problems"));
  g_assert_nonnull (strstr (text, "requires the Stock webhook"));
  g_assert_true (gtk_widget_get_visible (list));
  g_assert_true (gtk_widget_get_visible (child (fixture, "hook_problems")));
  g_assert_null (tw_test_find_by_id (GTK_WIDGET (fixture->editor), "url_row"));

  tw_webhook_editor_set_problems (fixture->editor, none);
  g_assert_false (gtk_widget_get_visible (list));
}

#define ADD(path, func, kind) \
  g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/tw/webhook-editor/binds-both-ways", test_binds_both_ways, TW_HOOK_ORDER);
  ADD ("/tw/webhook-editor/generate", test_generate, TW_HOOK_STOCK);
  ADD ("/tw/webhook-editor/order-always-on", test_order_switch_hidden, TW_HOOK_ORDER);
  ADD ("/tw/webhook-editor/switch-follows-hook", test_switch_follows_hook, TW_HOOK_STOCK);
  ADD ("/tw/webhook-editor/off-shows-own-problem", test_off_shows_own_problem, TW_HOOK_STOCK);
  ADD ("/tw/webhook-editor/legacy/stock", test_legacy_locks, TW_HOOK_STOCK);
  ADD ("/tw/webhook-editor/legacy/aftersale", test_legacy_locks, TW_HOOK_AFTERSALE);
  ADD ("/tw/webhook-editor/flavour-notifies-once", test_flavour_notifies_once, TW_HOOK_STOCK);
  ADD ("/tw/webhook-editor/problems", test_problems_under_fields, TW_HOOK_ORDER);
  ADD ("/tw/webhook-editor/copy-secret", test_copy_secret, TW_HOOK_ORDER);
  g_test_add_func ("/tw/clipboard/clears-secret", test_clipboard_clears_secret);
  g_test_add_func ("/tw/clipboard/keeps-newer-copy", test_clipboard_keeps_newer_copy);

  return g_test_run ();
}
