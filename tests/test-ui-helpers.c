/* test-ui-helpers.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-ui-helpers"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-scroll.h"
#include "tw-test-ui.h"
#include "tw-title-block.h"
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

/* Title blocks */

#define LONG_DESCRIPTION "TikiNOW calls these addresses and signs each call with the " \
                         "hook’s secret key, which your server needs to check the calls."

typedef struct
{
  GtkWindow *window;
  GtkWidget *group;
  GtkWidget *block;
  GtkWidget *suffix;
} Header;

/* A group as the Register page has them: the block as its header
 * suffix, over one row, in a window @width pixels wide. */
static void
header_set_up (Header           *h,
               const char       *description,
               int               width,
               GtkTextDirection  direction)
{
  GtkWidget *row = adw_action_row_new ();

  h->block = tw_title_block_new (TW_TITLE_BLOCK_GROUP);
  h->suffix = gtk_button_new_with_label ("Use One Key");
  gtk_widget_set_valign (h->suffix, GTK_ALIGN_END);
  tw_title_block_set_title (TW_TITLE_BLOCK (h->block), "Webhooks");
  tw_title_block_set_description (TW_TITLE_BLOCK (h->block), description);
  tw_title_block_set_suffix (TW_TITLE_BLOCK (h->block), h->suffix);

  h->group = adw_preferences_group_new ();
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (h->group), h->block);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Order status");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (h->group), row);
  gtk_widget_set_valign (h->group, GTK_ALIGN_START);
  gtk_widget_set_direction (h->group, direction);
  gtk_widget_set_direction (h->block, direction);
  h->window = tw_test_window_new (h->group, width, 400);
  tw_test_wait_frames (h->group, 2);
}

static graphene_rect_t
bounds_in_group (Header    *h,
                 GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, h->group, &bounds));
  return bounds;
}

/* The suffix ends where the group's list ends, however short the text,
 * and the text wraps beside it. */
static void
test_title_block_group (void)
{
  Header h = { 0 };
  GtkWidget *title, *description;
  graphene_rect_t suffix, title_bounds, description_bounds;

  header_set_up (&h, "Optional.", 500, GTK_TEXT_DIR_LTR);
  suffix = bounds_in_group (&h, h.suffix);
  title_bounds = bounds_in_group (&h, tw_test_find_label (h.block, "Webhooks"));
  g_assert_cmpfloat_with_epsilon (title_bounds.origin.x, 0, 1);
  g_assert_cmpfloat_with_epsilon (suffix.origin.x + suffix.size.width,
                                  gtk_widget_get_width (h.group), 1);
  gtk_window_destroy (h.window);

  header_set_up (&h, LONG_DESCRIPTION, 360, GTK_TEXT_DIR_LTR);
  title = tw_test_find_label (h.block, "Webhooks");
  description = tw_test_find_label (h.block, LONG_DESCRIPTION);
  g_assert_nonnull (title);
  g_assert_nonnull (description);
  suffix = bounds_in_group (&h, h.suffix);
  title_bounds = bounds_in_group (&h, title);
  description_bounds = bounds_in_group (&h, description);
  g_assert_cmpfloat_with_epsilon (suffix.origin.x + suffix.size.width,
                                  gtk_widget_get_width (h.group), 1);
  g_assert_cmpfloat (description_bounds.origin.x + description_bounds.size.width, <=,
                     suffix.origin.x);
  /* Over the title, on several lines. */
  g_assert_cmpfloat (description_bounds.origin.y, >=,
                     title_bounds.origin.y + title_bounds.size.height);
  g_assert_cmpfloat (description_bounds.size.height, >=, 2.5 * title_bounds.size.height);
  g_assert_cmpfloat (gtk_widget_get_height (h.block), >=,
                     description_bounds.origin.y + description_bounds.size.height);

  /* A screen reader names the group by its header. */
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (h.group),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (h.group),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  gtk_window_destroy (h.window);
}

/* What spares GTK 4.8's searches: the width asked at any height is the
 * width at none, while the height follows the width. */
static void
test_title_block_measure (void)
{
  GtkWidget *block = g_object_ref_sink (tw_title_block_new (TW_TITLE_BLOCK_GROUP));
  int min, nat, min_at, nat_at, narrow, wide;

  tw_title_block_set_title (TW_TITLE_BLOCK (block), "Webhooks");
  tw_title_block_set_description (TW_TITLE_BLOCK (block), LONG_DESCRIPTION);
  g_assert_cmpint (gtk_widget_get_request_mode (block), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);

  gtk_widget_measure (block, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_assert_cmpint (min, >, 0);
  g_assert_cmpint (nat, >, 2 * min);
  gtk_widget_measure (block, GTK_ORIENTATION_HORIZONTAL, 10, &min_at, &nat_at, NULL, NULL);
  g_assert_cmpint (min_at, ==, min);
  g_assert_cmpint (nat_at, ==, nat);

  gtk_widget_measure (block, GTK_ORIENTATION_VERTICAL, min, &narrow, NULL, NULL, NULL);
  gtk_widget_measure (block, GTK_ORIENTATION_VERTICAL, nat, &wide, NULL, NULL, NULL);
  g_assert_cmpint (narrow, >, wide);

  /* Without a description, one line. */
  tw_title_block_set_description (TW_TITLE_BLOCK (block), NULL);
  g_assert_false (gtk_widget_get_visible (tw_test_find_label (block, "")));
  gtk_widget_measure (block, GTK_ORIENTATION_VERTICAL, nat, &narrow, NULL, NULL, NULL);
  g_assert_cmpint (narrow, <, wide);
  g_object_unref (block);
}

/* Right to left, the suffix comes first. */
static void
test_title_block_rtl (void)
{
  Header h = { 0 };
  graphene_rect_t suffix, title;

  header_set_up (&h, "Optional.", 500, GTK_TEXT_DIR_RTL);
  suffix = bounds_in_group (&h, h.suffix);
  title = bounds_in_group (&h, tw_test_find_label (h.block, "Webhooks"));
  g_assert_cmpfloat_with_epsilon (suffix.origin.x, 0, 1);
  g_assert_cmpfloat (title.origin.x, >=, suffix.origin.x + suffix.size.width);
  gtk_window_destroy (h.window);
}

/* A row's block puts its prefix before the text, and the row is named
 * by the title for screen readers. */
static void
test_title_block_row (void)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *block = tw_title_block_new (TW_TITLE_BLOCK_ROW);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-information-symbolic");
  GtkWindow *window;
  graphene_rect_t icon_bounds, text_bounds;

  tw_title_block_set_title (TW_TITLE_BLOCK (block), "Trying it out");
  tw_title_block_set_description (TW_TITLE_BLOCK (block), "Any token works.");
  tw_title_block_set_prefix (TW_TITLE_BLOCK (block), icon);
  g_assert_true (tw_title_block_get_prefix (TW_TITLE_BLOCK (block)) == icon);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), block);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  window = tw_test_window_new (list, 400, 200);
  tw_test_wait_frames (list, 2);

  g_assert_true (gtk_widget_compute_bounds (icon, block, &icon_bounds));
  g_assert_true (gtk_widget_compute_bounds (tw_test_find_label (block, "Any token works."),
                                            block, &text_bounds));
  g_assert_cmpfloat (text_bounds.origin.x, >=, icon_bounds.origin.x + icon_bounds.size.width);
  g_assert_cmpstr (tw_title_block_get_description (TW_TITLE_BLOCK (block)), ==,
                   "Any token works.");
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (row),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  /* Accessible relations are kept by the test backend, not by none. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/toast/escaped", test_toast_escaped);
  g_test_add_func ("/tw/toast/on-overlay", test_toast_on_overlay);
  g_test_add_func ("/tw/toast/without-overlay", test_toast_without_overlay);
  g_test_add_func ("/tw/scroll/into-view", test_scroll_into_view);
  g_test_add_func ("/tw/scroll/tall-target", test_scroll_tall_target);
  g_test_add_func ("/tw/scroll/cancel", test_scroll_cancel);
  g_test_add_func ("/tw/title-block/group", test_title_block_group);
  g_test_add_func ("/tw/title-block/measure", test_title_block_measure);
  g_test_add_func ("/tw/title-block/rtl", test_title_block_rtl);
  g_test_add_func ("/tw/title-block/row", test_title_block_row);

  return g_test_run ();
}
