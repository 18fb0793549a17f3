/* tw-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-application"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-application.h"
#include "tw-preferences.h"
#include "tw-resources.h"
#include "tw-window.h"

struct _TwApplication
{
  AdwApplication  parent_instance;

  TwContext      *context;
};

G_DEFINE_FINAL_TYPE (TwApplication, tw_application, ADW_TYPE_APPLICATION)

static const struct
{
  const char *action;
  const char *accels[3];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", "<Control><Shift>question", NULL } },
};

#define PROJECT_URL "https://github.com/tikiwebhooks/tiki-webhooks"

static const char * const developers[] = { "Tiki Webhooks contributors", NULL };
static const char * const artists[] = { "Tiki Webhooks contributors", NULL };

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Tiki Webhooks"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("Tiki Webhooks contributors"),
                        "developers", developers,
                        "artists", artists,
                        "version", PACKAGE_VERSION,
                        "comments", _("Register the webhooks of TikiNOW Smart Logistics by "
                                      "pointing and clicking. Not affiliated with Tiki."),
                        "website", PROJECT_URL,
                        "issue-url", PROJECT_URL "/issues",
                        "copyright", _("© 2026 Tiki Webhooks contributors"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: replace with your names, one a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TwApplication *self = TW_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (tw_preferences_new (parent, self->context)));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "quit", .activate = quit_action },
};

static void
tw_application_startup (GApplication *app)
{
  TwApplication *self = TW_APPLICATION (app);

  /* Keeps the resource bundle linked from the static library, so the
   * style sheet and gtk/help-overlay.ui are found at the base path. */
  (void) tw_get_resource ();

  G_APPLICATION_CLASS (tw_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);

  self->context = tw_context_new (NULL);
}

static void
tw_application_activate (GApplication *app)
{
  TwApplication *self = TW_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (tw_window_new (GTK_APPLICATION (app), self->context));

  gtk_window_present (window);
}

static void
tw_application_dispose (GObject *object)
{
  TwApplication *self = TW_APPLICATION (object);

  g_clear_object (&self->context);

  G_OBJECT_CLASS (tw_application_parent_class)->dispose (object);
}

static void
tw_application_class_init (TwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tw_application_dispose;
  app_class->startup = tw_application_startup;
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
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

TwContext *
tw_application_get_context (TwApplication *self)
{
  g_return_val_if_fail (TW_IS_APPLICATION (self), NULL);

  return self->context;
}
