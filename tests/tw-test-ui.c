/* tw-test-ui.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-test-ui"

#include "config.h"

#include <glib/gi18n.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "tw-test-ui.h"
#include "tw-text-cell.h"
#include "tw-title-block.h"

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
tw_test_spin_step (gint64 deadline)
{
  guint wake_id;

  if (g_get_monotonic_time () > deadline)
    return FALSE;

  wake_id = g_timeout_add (10, wake_cb, NULL);
  g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
  return TRUE;
}

void
tw_test_spin_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (tw_test_spin_step (deadline))
    ;
}

GAsyncResult *
tw_test_spin_until_result (GAsyncResult **slot,
                           guint          timeout_ms)
{
  TW_TEST_SPIN_UNTIL (*slot != NULL, timeout_ms);
  return *slot;
}

TwContext *
tw_test_context_new (void)
{
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  g_autoptr(GSettings) settings = g_settings_new_with_backend (APPLICATION_ID, backend);

  return tw_context_new (settings);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

void
tw_test_wait_frames (GtkWidget *widget,
                     guint      n)
{
  guint frames = 0;
  guint tick_id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  TW_TEST_SPIN_UNTIL (frames >= n, 5000);
  gtk_widget_remove_tick_callback (widget, tick_id);
}

guint
tw_test_timeout_multiplier (void)
{
  const char *value = g_getenv ("TW_TEST_TIMEOUT_MULTIPLIER");
  guint64 multiplier = value != NULL ? g_ascii_strtoull (value, NULL, 10) : 1;

  return multiplier >= 1 && multiplier <= 20 ? (guint) multiplier : 1;
}

void
tw_test_window_show (GtkWindow *window)
{
  int width;
  int height;
  GdkSurface *surface;

  gtk_window_get_default_size (window, &width, &height);
  gtk_window_present (window);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (window)), 5000);

  /* Two frames: one to allocate at the final size, one to draw it. */
  tw_test_wait_frames (GTK_WIDGET (window), 2);
  /* The surface: client-side decorations take a few pixels of it. */
  surface = gtk_native_get_surface (GTK_NATIVE (window));
  TW_TEST_SPIN_UNTIL (gdk_surface_get_width (surface) == width, 5000);
}

TwWindow *
tw_test_main_window_show (TwContext *context,
                          int        width,
                          int        height)
{
  GSettings *settings = tw_context_get_settings (context);
  TwWindow *window;

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  window = tw_window_new (NULL, context);
  tw_test_window_show (GTK_WINDOW (window));
  return window;
}

GtkWindow *
tw_test_window_new (GtkWidget *child,
                    int        width,
                    int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = adw_toast_overlay_new ();

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), child);
  gtk_window_set_child (window, overlay);
  gtk_window_set_default_size (window, width, height);
  tw_test_window_show (window);
  return window;
}

void
tw_test_assert_in_order (GtkWidget *first,
                         ...)
{
  GtkWidget *previous = first;
  GtkWidget *widget;
  va_list args;

  va_start (args, first);
  while ((widget = va_arg (args, GtkWidget *)) != NULL)
    {
      if (gtk_widget_get_next_sibling (previous) != widget)
        g_error ("%s %s does not follow %s %s", G_OBJECT_TYPE_NAME (widget),
                 gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)),
                 G_OBJECT_TYPE_NAME (previous),
                 gtk_buildable_get_buildable_id (GTK_BUILDABLE (previous)));
      previous = widget;
    }
  va_end (args);
}

void
tw_test_assert_styled_in_place (GtkWidget *widget)
{
  int restyled_height;
  int height;

  tw_test_wait_frames (widget, 2);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  gtk_widget_add_css_class (widget, "tw-test-restyle");
  tw_test_wait_frames (widget, 2);
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, -1, &restyled_height, NULL, NULL, NULL);
  gtk_widget_remove_css_class (widget, "tw-test-restyle");
  g_assert_cmpint (height, ==, restyled_height);
}

char *
tw_test_save_screenshot (GtkWidget  *widget,
                         const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  guint frames = 0;
  guint tick_id;
  int width;
  int height;

  /* A widget waiting for a new allocation paints nothing: let a frame pass. */
  tick_id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);
  TW_TEST_SPIN_UNTIL (frames >= 2, 5000);
  gtk_widget_remove_tick_callback (widget, tick_id);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);

  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot saved to %s", path);
  return path;
}

int
tw_test_lock_clipboard (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "clipboard.lock", NULL);
  int lock = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  g_assert_cmpint (lock, >=, 0);
  g_assert_no_errno (flock (lock, LOCK_EX));
  return lock;
}

void
tw_test_unlock_clipboard (int lock)
{
  g_assert_no_errno (close (lock));
}

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  if (*text == NULL)
    *text = g_strdup_printf ("(read failed: %s)", error->message);
}

char *
tw_test_read_clipboard (GdkClipboard *clipboard)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &text);
  TW_TEST_SPIN_UNTIL (text != NULL, 5000);
  return text;
}

GtkWidget *
tw_test_find_label (GtkWidget  *root,
                    const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  if (TW_IS_TEXT_CELL (root) && g_strcmp0 (tw_text_cell_get_text (TW_TEXT_CELL (root)), text) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tw_test_find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
tw_test_find_descendant (GtkWidget *root,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tw_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
tw_test_find_by_id (GtkWidget  *root,
                    const char *id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tw_test_find_by_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gpointer
tw_test_get_child (gpointer    widget,
                   GType       template_type,
                   const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (widget), template_type, name);

  /* A part built later, from a builder file of its own. */
  if (child == NULL)
    child = G_OBJECT (tw_test_find_by_id (GTK_WIDGET (widget), name));
  if (child == NULL)
    g_error ("%s has no template child “%s”", G_OBJECT_TYPE_NAME (widget), name);
  return child;
}

const char *
tw_test_row_subtitle (gpointer row)
{
  if (GTK_IS_EDITABLE (row))
    return gtk_editable_get_text (GTK_EDITABLE (row));
  if (TW_IS_TITLE_BLOCK (row))
    return tw_title_block_get_description (row);
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
}
