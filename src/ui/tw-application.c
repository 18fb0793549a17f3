/* tw-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-application.h"

struct _TwApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (TwApplication, tw_application, ADW_TYPE_APPLICATION)

static void
tw_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (adw_application_window_new (GTK_APPLICATION (app)));
      gtk_window_set_title (window, _("Tiki Webhooks"));
      gtk_window_set_default_size (window, 800, 600);
    }

  gtk_window_present (window);
}

static void
tw_application_class_init (TwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = tw_application_activate;
}

static void
tw_application_init (TwApplication *self)
{
}

TwApplication *
tw_application_new (void)
{
  return g_object_new (TW_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}
