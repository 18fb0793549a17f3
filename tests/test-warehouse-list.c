/* test-warehouse-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-warehouse-list"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-error.h"
#include "tw-problem-row.h"
#include "tw-registration.h"
#include "tw-test-ui.h"
#include "tw-warehouse-list.h"
#include "tw-warehouses.h"

typedef struct
{
  TwRegistration  *registration;
  TwWarehouseList *list;
  GtkWindow       *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *page = adw_preferences_page_new ();

  fixture->registration = tw_registration_new ();
  fixture->list = TW_WAREHOUSE_LIST (tw_warehouse_list_new ());
  tw_warehouse_list_set_registration (fixture->list, fixture->registration);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (fixture->list));
  fixture->window = tw_test_window_new (page, 600, 700);
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
  return tw_test_get_child (fixture->list, TW_TYPE_WAREHOUSE_LIST, name);
}

/* A row's lines of text: its title, then its subtitle. */
static const char *
row_line (GtkListBoxRow *row,
          guint          line)
{
  GtkWidget *check = tw_test_find_descendant (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);
  GtkWidget *label = gtk_widget_get_first_child (gtk_widget_get_next_sibling (check));

  for (; line > 0 && label != NULL; line--)
    label = gtk_widget_get_next_sibling (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_text (GTK_LABEL (label));
}

/* The row of @code among those shown, or NULL. */
static GtkListBoxRow *
find_row (Fixture    *fixture,
          const char *code)
{
  GtkListBox *list_box = child (fixture, "list_box");
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    {
      const char *title = row_line (row, 0);
      g_autofree char *prefix = g_strconcat (code, " — ", NULL);

      if (g_strcmp0 (title, code) == 0 || g_str_has_prefix (title, prefix))
        return row;
    }
  return NULL;
}

static GtkCheckButton *
find_check (Fixture    *fixture,
            const char *code)
{
  GtkListBoxRow *row = find_row (fixture, code);

  g_assert_nonnull (row);
  return GTK_CHECK_BUTTON (tw_test_find_descendant (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON));
}

static const char *
count_text (Fixture *fixture)
{
  return gtk_label_get_text (child (fixture, "count_label"));
}

static void
test_lists_catalogue (Fixture       *fixture,
                      gconstpointer  data)
{
  GListModel *catalogue = tw_warehouses_get_default ();
  GtkListBoxRow *row;

  g_assert_cmpuint (tw_warehouse_list_get_n_visible (fixture->list), ==,
                    g_list_model_get_n_items (catalogue));
  row = find_row (fixture, "sgn");
  g_assert_nonnull (row);
  g_assert_cmpstr (row_line (row, 0), ==, "sgn — Saigon");
  g_assert_cmpstr (row_line (row, 1), ==, "Ho Chi Minh City");
  g_assert_cmpstr (count_text (fixture), ==, "0 selected");
}

static void
test_legacy_codes_marked (Fixture       *fixture,
                          gconstpointer  data)
{
  GtkWidget *marker;

  /* In words, with a tooltip that explains, not by colour alone. */
  marker = tw_test_find_label (GTK_WIDGET (find_row (fixture, "ct")), "Legacy list");
  g_assert_nonnull (marker);
  g_assert_nonnull (gtk_widget_get_tooltip_text (gtk_widget_get_parent (marker)));
  g_assert_null (tw_test_find_label (GTK_WIDGET (find_row (fixture, "sgn")), "Legacy list"));
}

/* Activating a row (a click anywhere on it, Enter or Space on it) ticks its
 * box, and again unticks it. */
static void
test_row_activation_ticks (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkListBox *list_box = child (fixture, "list_box");
  GtkListBoxRow *row = find_row (fixture, "hn5");

  g_assert_true (gtk_list_box_row_get_activatable (row));
  g_signal_emit_by_name (list_box, "row-activated", row);
  g_assert_true (gtk_check_button_get_active (find_check (fixture, "hn5")));
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "hn5"));
  g_assert_cmpstr (count_text (fixture), ==, "1 selected");

  g_signal_emit_by_name (list_box, "row-activated", row);
  g_assert_false (tw_registration_has_warehouse (fixture->registration, "hn5"));
}

/* Names stay on one line, cut with an ellipsis when narrow: wrapping labels
 * in rows cost most of the start-up's text layout (bench/ANALYSIS.md). */
static void
test_row_lines_do_not_wrap (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkListBoxRow *row = find_row (fixture, "bfsgn");
  GtkWidget *check = tw_test_find_descendant (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON);

  for (GtkWidget *label = gtk_widget_get_first_child (gtk_widget_get_next_sibling (check));
       label != NULL; label = gtk_widget_get_next_sibling (label))
    {
      g_assert_false (gtk_label_get_wrap (GTK_LABEL (label)));
      g_assert_cmpint (gtk_label_get_ellipsize (GTK_LABEL (label)), ==, PANGO_ELLIPSIZE_END);
      g_assert_cmpint (gtk_widget_get_request_mode (label), ==, GTK_SIZE_REQUEST_CONSTANT_SIZE);
    }
}

static void
test_check_binds_model (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *codes[] = { "sgn", "hn5", "tbn1", NULL };

  gtk_check_button_set_active (find_check (fixture, "sgn3"), TRUE);
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "sgn3"));
  g_assert_cmpstr (count_text (fixture), ==, "1 selected");

  tw_registration_set_warehouses (fixture->registration, codes);
  g_assert_false (gtk_check_button_get_active (find_check (fixture, "sgn3")));
  g_assert_true (gtk_check_button_get_active (find_check (fixture, "hn5")));
  g_assert_cmpstr (count_text (fixture), ==, "3 selected");

  gtk_check_button_set_active (find_check (fixture, "hn5"), FALSE);
  g_assert_false (tw_registration_has_warehouse (fixture->registration, "hn5"));
  g_assert_cmpstr (count_text (fixture), ==, "2 selected");
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  tw_warehouse_list_set_filter_text (fixture->list, "sgn");
  g_assert_nonnull (find_row (fixture, "sgn3"));
  g_assert_nonnull (find_row (fixture, "bfsgn"));
  g_assert_null (find_row (fixture, "hn5"));

  /* By name and region, case and accents aside. */
  tw_warehouse_list_set_filter_text (fixture->list, "HANOI");
  g_assert_nonnull (find_row (fixture, "hn4"));
  g_assert_null (find_row (fixture, "sgn"));

  tw_warehouse_list_set_filter_text (fixture->list, "no such warehouse");
  g_assert_cmpuint (tw_warehouse_list_get_n_visible (fixture->list), ==, 0);

  tw_warehouse_list_set_filter_text (fixture->list, "");
  g_assert_cmpuint (tw_warehouse_list_get_n_visible (fixture->list), ==,
                    g_list_model_get_n_items (tw_warehouses_get_default ()));
}

static void
test_select_all_none_follow_filter (Fixture       *fixture,
                                    gconstpointer  data)
{
  const char * const *selected;
  guint n_hn;

  tw_registration_add_warehouse (fixture->registration, "sgn");
  tw_warehouse_list_set_filter_text (fixture->list, "hn");
  n_hn = tw_warehouse_list_get_n_visible (fixture->list);
  g_assert_cmpuint (n_hn, >=, 3);

  gtk_widget_activate_action (GTK_WIDGET (fixture->list), "warehouses.select-all", NULL);
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "hn"));
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "hn5"));
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "sgn"));
  g_assert_false (tw_registration_has_warehouse (fixture->registration, "sgn3"));
  selected = tw_registration_get_warehouses (fixture->registration);
  g_assert_cmpuint (g_strv_length ((char **) selected), ==, n_hn + 1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->list), "warehouses.select-none", NULL);
  g_assert_false (tw_registration_has_warehouse (fixture->registration, "hn5"));
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "sgn"));
  g_assert_cmpstr (count_text (fixture), ==, "1 selected");
}

static void
test_add_code (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *row;

  g_assert_false (tw_warehouse_list_add_code (fixture->list, "a", &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (tw_warehouse_list_add_code (fixture->list, "hn-6", &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (tw_warehouse_list_add_code (fixture->list, "abcdefghijklmnopq", &error));
  g_clear_error (&error);
  g_assert_cmpstr (count_text (fixture), ==, "0 selected");

  g_assert_true (tw_warehouse_list_add_code (fixture->list, " HN6 ", &error));
  g_assert_no_error (error);
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "hn6"));

  /* An unknown code gets a row of its own, marked in words. */
  row = find_row (fixture, "hn6");
  g_assert_nonnull (row);
  g_assert_true (gtk_check_button_get_active (find_check (fixture, "hn6")));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (row), "Unknown"));

  /* Unticked, it stays listed so it can be ticked again. */
  gtk_check_button_set_active (find_check (fixture, "hn6"), FALSE);
  g_assert_false (tw_registration_has_warehouse (fixture->registration, "hn6"));
  g_assert_nonnull (find_row (fixture, "hn6"));
}

static void
test_add_code_action (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkEditable *entry = child (fixture, "add_entry");
  GtkWidget *error_label = child (fixture, "add_error");

  gtk_editable_set_text (entry, "no!");
  gtk_widget_activate_action (GTK_WIDGET (fixture->list), "warehouses.add-code", NULL);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_false (tw_registration_has_warehouse (fixture->registration, "no!"));

  gtk_editable_set_text (entry, "zzz");
  gtk_widget_activate_action (GTK_WIDGET (fixture->list), "warehouses.add-code", NULL);
  g_assert_true (tw_registration_has_warehouse (fixture->registration, "zzz"));
}

static void
test_problems (Fixture       *fixture,
               gconstpointer  data)
{
  TwProblemRow *problems_row = child (fixture, "problems_row");
  g_autoptr(GPtrArray) problems = tw_registration_validate (fixture->registration);

  tw_warehouse_list_set_problems (fixture->list, problems);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problems_row)));
  g_assert_true (tw_problem_row_has_errors (problems_row));

  tw_registration_add_warehouse (fixture->registration, "zzz");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tw_registration_validate (fixture->registration);
  tw_warehouse_list_set_problems (fixture->list, problems);
  g_assert_false (tw_problem_row_has_errors (problems_row));
  /* The unknown code is a warning. */
  g_assert_cmpuint (tw_problem_row_get_n_problems (problems_row), ==, 1);

  tw_registration_set_warehouses (fixture->registration, (const char *[]) { "sgn", NULL });
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = tw_registration_validate (fixture->registration);
  tw_warehouse_list_set_problems (fixture->list, problems);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (problems_row)));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  ADD ("/tw/warehouse-list/catalogue", test_lists_catalogue);
  ADD ("/tw/warehouse-list/legacy-marked", test_legacy_codes_marked);
  ADD ("/tw/warehouse-list/row-activation", test_row_activation_ticks);
  ADD ("/tw/warehouse-list/rows-one-line", test_row_lines_do_not_wrap);
  ADD ("/tw/warehouse-list/check-binds-model", test_check_binds_model);
  ADD ("/tw/warehouse-list/filter", test_filter);
  ADD ("/tw/warehouse-list/select-all-none", test_select_all_none_follow_filter);
  ADD ("/tw/warehouse-list/add-code", test_add_code);
  ADD ("/tw/warehouse-list/add-code-action", test_add_code_action);
  ADD ("/tw/warehouse-list/problems", test_problems);

  return g_test_run ();
}
