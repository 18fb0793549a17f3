/* test-ui-helpers.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-ui-helpers"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-scroll.h"
#include "tw-test-ui.h"
#include "tw-toast.h"

#define WAIT_MS 5000

/* Markup that would not parse, or would be shown bold, if not escaped. */
#define MARKUP_TEXT "<b>Tom & Jerry</b> <i>"

/* Toasts */

static void
test_toast_escaped (void)
{
  GtkWidget *label = gtk_label_new ("Page");
  GtkWindow *window = tw_test_window_new (label, 400, 300);

  tw_show_toast (label, MARKUP_TEXT);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (GTK_WIDGET (window), MARKUP_TEXT) != NULL, WAIT_MS);

  gtk_window_destroy (window);
}

/* The overlay itself may be given: the request details hold their own. */
static void
test_toast_on_overlay (void)
{
  GtkWidget *label = gtk_label_new ("Page");
  GtkWindow *window = tw_test_window_new (label, 400, 300);
  GtkWidget *overlay = gtk_window_get_child (window);

  g_assert_true (ADW_IS_TOAST_OVERLAY (overlay));
  tw_show_toast_with_timeout (overlay, "Kept until dismissed", 0);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (overlay, "Kept until dismissed") != NULL, WAIT_MS);

  gtk_window_destroy (window);
}

static void
test_toast_without_overlay (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *label = gtk_label_new ("Page");

  gtk_window_set_child (window, label);
  gtk_window_set_default_size (window, 400, 300);
  tw_test_window_show (window);
  /* Nothing to show it in: nothing happens, and nothing is left behind. */
  tw_show_toast (label, "Nobody sees this");
  tw_test_spin_for (100);
  g_assert_null (tw_test_find_label (GTK_WIDGET (window), "Nobody sees this"));

  gtk_window_destroy (window);
}

/* Scrolling into view */

typedef struct
{
  GtkWindow     *window;
  GtkWidget     *box;
  GtkWidget     *target;
  GtkAdjustment *adjustment;
  guint          tick_id;
} Scroll;

/* A view 300 pixels high over a 2000-pixel spacer and, below it, a hidden
 * target @target_height pixels high. */
static void
scroll_set_up (Scroll *s,
               int     target_height)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *spacer = gtk_label_new ("Top");

  s->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  s->target = gtk_label_new ("Result");
  gtk_widget_set_size_request (spacer, -1, 2000);
  gtk_widget_set_size_request (s->target, -1, target_height);
  gtk_widget_set_visible (s->target, FALSE);
  gtk_box_append (GTK_BOX (s->box), spacer);
  gtk_box_append (GTK_BOX (s->box), s->target);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), s->box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  s->adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  s->window = tw_test_window_new (scrolled, 400, 300);
  g_assert_cmpfloat (gtk_adjustment_get_value (s->adjustment), ==, 0);
}

static void
scroll_tear_down (Scroll *s)
{
  tw_scroll_cancel (s->box, &s->tick_id);
  gtk_window_destroy (s->window);
}

/* Where the target's top is in the scrolled content. */
static double
target_y (Scroll *s)
{
  double y = -1;

  g_assert_true (gtk_widget_translate_coordinates (s->target, s->box, 0, 0, NULL, &y));
  return y;
}

static void
test_scroll_into_view (void)
{
  Scroll s = { 0 };
  double value, page, y;
  guint first;

  scroll_set_up (&s, 50);
  /* Shown, but not laid out yet: the scroll waits for a frame. */
  gtk_widget_set_visible (s.target, TRUE);
  tw_scroll_into_view_later (s.box, s.target, &s.tick_id);
  first = s.tick_id;
  g_assert_cmpuint (first, !=, 0);
  tw_scroll_into_view_later (s.box, s.target, &s.tick_id);
  g_assert_cmpuint (s.tick_id, ==, first);

  TW_TEST_SPIN_UNTIL (s.tick_id == 0, WAIT_MS);
  value = gtk_adjustment_get_value (s.adjustment);
  page = gtk_adjustment_get_page_size (s.adjustment);
  y = target_y (&s);
  g_assert_cmpfloat (y, >=, 2000);
  g_assert_cmpfloat (value, <=, y);
  g_assert_cmpfloat (y + gtk_widget_get_height (s.target), <=, value + page);

  scroll_tear_down (&s);
}

/* A target taller than the view shows its top. */
static void
test_scroll_tall_target (void)
{
  Scroll s = { 0 };

  scroll_set_up (&s, 1000);
  gtk_widget_set_visible (s.target, TRUE);
  tw_scroll_into_view_later (s.box, s.target, &s.tick_id);
  TW_TEST_SPIN_UNTIL (s.tick_id == 0, WAIT_MS);
  g_assert_cmpfloat (gtk_adjustment_get_value (s.adjustment), ==, target_y (&s));

  scroll_tear_down (&s);
}

/* A target never laid out is waited for until cancelled (as in the
 * owner's dispose); cancelling frees what was waiting. */
static void
test_scroll_cancel (void)
{
  Scroll s = { 0 };

  scroll_set_up (&s, 50);
  tw_scroll_into_view_later (s.box, s.target, &s.tick_id);
  tw_test_spin_for (200);
  g_assert_cmpuint (s.tick_id, !=, 0);
  g_assert_cmpfloat (gtk_adjustment_get_value (s.adjustment), ==, 0);

  tw_scroll_cancel (s.box, &s.tick_id);
  g_assert_cmpuint (s.tick_id, ==, 0);
  gtk_widget_set_visible (s.target, TRUE);
  tw_test_spin_for (200);
  g_assert_cmpfloat (gtk_adjustment_get_value (s.adjustment), ==, 0);

  scroll_tear_down (&s);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/toast/escaped", test_toast_escaped);
  g_test_add_func ("/tw/toast/on-overlay", test_toast_on_overlay);
  g_test_add_func ("/tw/toast/without-overlay", test_toast_without_overlay);
  g_test_add_func ("/tw/scroll/into-view", test_scroll_into_view);
  g_test_add_func ("/tw/scroll/tall-target", test_scroll_tall_target);
  g_test_add_func ("/tw/scroll/cancel", test_scroll_cancel);

  return g_test_run ();
}
