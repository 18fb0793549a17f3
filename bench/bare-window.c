/* bare-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The baseline of bench/: the smallest libadwaita app, built with the same
 * flags as tiki-webhooks. It opens one window of the app's default size
 * (a header bar over an empty page) and, like `tiki-webhooks
 * --quit-after-first-frame`, quits at the end of the first frame that drew. */

#include "config.h"

#include <adwaita.h>

#define BARE_APPLICATION_ID APPLICATION_ID ".BenchBareWindow"
/* The defaults of window-width and window-height in the app's schema. */
#define BARE_WIDTH 960
#define BARE_HEIGHT 720

static gboolean painted;

static void
on_paint (GdkFrameClock *clock,
          gpointer       user_data)
{
  painted = TRUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                GApplication  *app)
{
  if (!painted)
    return;

  g_signal_handlers_disconnect_by_data (clock, app);
  g_signal_handlers_disconnect_by_func (clock, on_paint, NULL);
  g_application_quit (app);
}

static void
on_realize (GtkWidget    *window,
            GApplication *app)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_after (clock, "paint", G_CALLBACK (on_paint), NULL);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint), app);
}

static void
on_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (page), "Bare window");
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), page);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Bare window");
  gtk_window_set_default_size (GTK_WINDOW (window), BARE_WIDTH, BARE_HEIGHT);

  g_signal_connect (window, "realize", G_CALLBACK (on_realize), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new (BARE_APPLICATION_ID,
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
