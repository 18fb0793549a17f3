/* test-text-cell.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-text-cell"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-test-ui.h"
#include "tw-text-cell.h"

#define WAIT_MS 5000
/* Wider than the cells of a narrow row: ellipsized there. */
#define LONG_TEXT "https://api.tikinow.vn/business/v1/register-webhooks"

/* A TwTextCell and a GtkLabel side by side, each given the same width:
 * what the cell draws must be what a label draws. */
typedef struct
{
  GtkWindow *window;
  GtkWidget *cell;
  GtkWidget *label;
} Pair;

static void
pair_show (Pair       *pair,
           int         width,
           const char *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_box_set_homogeneous (GTK_BOX (box), TRUE);
  pair->cell = tw_text_cell_new ();
  pair->label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (pair->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (pair->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (pair->label), TRUE);
  if (css_class != NULL)
    {
      gtk_widget_add_css_class (pair->cell, css_class);
      gtk_widget_add_css_class (pair->label, css_class);
    }
  gtk_box_append (GTK_BOX (box), pair->cell);
  gtk_box_append (GTK_BOX (box), pair->label);
  pair->window = tw_test_window_new (box, 2 * width, 100);
}

static void
pair_set_text (Pair       *pair,
               const char *text)
{
  tw_text_cell_set_text (TW_TEXT_CELL (pair->cell), text);
  gtk_label_set_text (GTK_LABEL (pair->label), text);
  tw_test_wait_frames (GTK_WIDGET (pair->window), 2);
}

/* @widget drawn alone, as RGBA rows. */
static GBytes *
render (GtkWidget *widget)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gsize stride = (gsize) width * 4;
  guchar *data;

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);
  return g_bytes_new_take (data, stride * height);
}

static gboolean
has_ink (GBytes *pixels)
{
  gsize size;
  const guchar *data = g_bytes_get_data (pixels, &size);

  /* Alpha of anything drawn. */
  for (gsize i = 3; i < size; i += 4)
    {
      if (data[i] != 0)
        return TRUE;
    }
  return FALSE;
}

static void
assert_same_as_label (Pair *pair)
{
  g_autoptr(GBytes) cell = render (pair->cell);
  g_autoptr(GBytes) label = render (pair->label);

  g_assert_cmpint (gtk_widget_get_width (pair->cell), ==, gtk_widget_get_width (pair->label));
  g_assert_cmpint (gtk_widget_get_height (pair->cell), ==, gtk_widget_get_height (pair->label));
  g_assert_true (has_ink (cell));
  g_assert_true (g_bytes_equal (cell, label));
}

static void
assert_measures_like_label (GtkWidget *cell,
                            GtkWidget *label)
{
  int cell_min, cell_nat, label_min, label_nat, cell_baseline, label_baseline;

  gtk_widget_measure (cell, GTK_ORIENTATION_VERTICAL, -1, &cell_min, &cell_nat, &cell_baseline,
                      NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, &label_min, &label_nat,
                      &label_baseline, NULL);
  g_assert_cmpint (cell_nat, ==, label_nat);
  g_assert_cmpint (cell_min, ==, label_min);
  g_assert_cmpint (cell_baseline, ==, label_baseline);
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, &cell_min, &cell_nat, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, &label_min, &label_nat, NULL, NULL);
  g_assert_cmpint (cell_nat, ==, label_nat);
  g_assert_cmpint (cell_min, <=, cell_nat);
}

/* One line in the font's height and the text's width, as a label: the
 * rows of the History page keep their size. */
static void
test_measure (void)
{
  const char *texts[] = { "Succeeded", "INVALID_TOKEN", "Đăng ký thành công", "1.2 s", "" };
  const char *classes[] = { NULL, "monospace" };

  for (guint c = 0; c < G_N_ELEMENTS (classes); c++)
    {
      Pair pair = { 0 };

      pair_show (&pair, 400, classes[c]);
      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          pair_set_text (&pair, texts[t]);
          assert_measures_like_label (pair.cell, pair.label);
        }
      /* The same again, the widths now from the cache. */
      for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
        {
          pair_set_text (&pair, texts[t]);
          assert_measures_like_label (pair.cell, pair.label);
        }
      pair_set_text (&pair, "0123456789abcdef0123456789abcdef");
      assert_measures_like_label (pair.cell, pair.label);
      gtk_window_destroy (pair.window);
    }
}

/* What a relabelled cell draws is its new text. */
static void
test_draws_text (void)
{
  Pair pair = { 0 };
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  pair_show (&pair, 300, NULL);
  pair_set_text (&pair, "fedcba9876543210");
  assert_same_as_label (&pair);
  before = render (pair.cell);

  pair_set_text (&pair, "0123456789abcdef");
  assert_same_as_label (&pair);
  after = render (pair.cell);
  g_assert_false (g_bytes_equal (before, after));

  /* Non-ASCII, and a monospace font. */
  pair_set_text (&pair, "Đăng ký thất bại");
  assert_same_as_label (&pair);
  gtk_widget_add_css_class (pair.cell, "monospace");
  gtk_widget_add_css_class (pair.label, "monospace");
  pair_set_text (&pair, "aaaabbbbccccdddd");
  assert_same_as_label (&pair);
  gtk_window_destroy (pair.window);
}

/* Narrower than its text: "…" at the end, as a label, and at the start
 * of a right-to-left text. */
static void
test_ellipsized (void)
{
  Pair pair = { 0 };

  pair_show (&pair, 120, NULL);
  pair_set_text (&pair, "OK");
  g_assert_false (tw_text_cell_is_ellipsized (TW_TEXT_CELL (pair.cell)));
  assert_same_as_label (&pair);

  pair_set_text (&pair, LONG_TEXT);
  g_assert_cmpint (gtk_widget_get_width (pair.cell), ==, 120);
  g_assert_true (tw_text_cell_is_ellipsized (TW_TEXT_CELL (pair.cell)));
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (pair.label))));
  assert_same_as_label (&pair);

  /* Back to a short text: whole again. */
  pair_set_text (&pair, "Failed");
  g_assert_false (tw_text_cell_is_ellipsized (TW_TEXT_CELL (pair.cell)));
  assert_same_as_label (&pair);

  pair_set_text (&pair, "שלום עולם, זו בקשה ארוכה מאוד מאוד");
  g_assert_true (tw_text_cell_is_ellipsized (TW_TEXT_CELL (pair.cell)));
  assert_same_as_label (&pair);
  gtk_window_destroy (pair.window);
}

/* In a right-to-left locale the start is on the right, as for a label. */
static void
test_right_to_left (void)
{
  Pair pair = { 0 };

  pair_show (&pair, 300, NULL);
  gtk_widget_set_direction (pair.cell, GTK_TEXT_DIR_RTL);
  gtk_widget_set_direction (pair.label, GTK_TEXT_DIR_RTL);
  pair_set_text (&pair, "401");
  assert_same_as_label (&pair);
  pair_set_text (&pair, LONG_TEXT LONG_TEXT);
  assert_same_as_label (&pair);
  gtk_window_destroy (pair.window);
}

static void
count_notify (guint *n_notified)
{
  (*n_notified)++;
}

/* Every digit as wide as the widest: a time never needs more room than
 * its sample, whatever its digits. */
static void
test_width_sample (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *cell = tw_text_cell_new ();
  GtkWidget *label = gtk_label_new (NULL);
  GtkWindow *window;
  int sample_width;
  int width;
  guint n_notified = 0;

  gtk_box_append (GTK_BOX (box), cell);
  gtk_box_append (GTK_BOX (box), label);
  window = tw_test_window_new (box, 600, 100);
  tw_text_cell_set_width_sample (TW_TEXT_CELL (cell), "2026-01-28 10:58:58 +07\n"
                                                      "2026-07-28 22:58:58 +07");
  g_assert_cmpstr (tw_text_cell_get_width_sample (TW_TEXT_CELL (cell)), ==,
                   "2026-01-28 10:58:58 +07\n2026-07-28 22:58:58 +07");
  tw_text_cell_set_text (TW_TEXT_CELL (cell), "2024-05-01 07:00:00 +07");
  gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &sample_width, NULL, NULL);

  for (char digit = '0'; digit <= '9'; digit++)
    {
      g_autofree char *text = g_strdup ("2000-00-00 00:00:00 +00");

      g_strdelimit (text, "0", digit);
      gtk_label_set_text (GTK_LABEL (label), text);
      gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
      g_assert_cmpint (width, <=, sample_width);
    }

  /* Properties notify on a real change only. */
  g_signal_connect_swapped (cell, "notify::text", G_CALLBACK (count_notify), &n_notified);
  tw_text_cell_set_text (TW_TEXT_CELL (cell), "2024-05-01 07:00:00 +07");
  g_assert_cmpuint (n_notified, ==, 0);
  tw_text_cell_set_text (TW_TEXT_CELL (cell), "2024-05-01 07:00:01 +07");
  g_assert_cmpuint (n_notified, ==, 1);
  tw_text_cell_set_text (TW_TEXT_CELL (cell), NULL);
  g_assert_cmpstr (tw_text_cell_get_text (TW_TEXT_CELL (cell)), ==, "");
  g_assert_cmpuint (n_notified, ==, 2);
  g_signal_handlers_disconnect_by_func (cell, count_notify, &n_notified);
  gtk_window_destroy (window);
}

static void
test_accessible (void)
{
  GtkWidget *cell = tw_text_cell_new ();
  GtkWindow *window = tw_test_window_new (cell, 300, 100);

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_ROLE_LABEL);
  tw_text_cell_set_text (TW_TEXT_CELL (cell), "Invalid token");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Invalid token");
  /* Relabelled, it reads the new text. */
  tw_text_cell_set_text (TW_TEXT_CELL (cell), "Succeeded");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Succeeded");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The test accessibility backend, whose properties can be read back. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/text-cell/measure", test_measure);
  g_test_add_func ("/tw/text-cell/draws-text", test_draws_text);
  g_test_add_func ("/tw/text-cell/ellipsized", test_ellipsized);
  g_test_add_func ("/tw/text-cell/right-to-left", test_right_to_left);
  g_test_add_func ("/tw/text-cell/width-sample", test_width_sample);
  g_test_add_func ("/tw/text-cell/accessible", test_accessible);
  return g_test_run ();
}
