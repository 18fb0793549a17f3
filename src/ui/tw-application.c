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
  /* --quit-after-first-frame: for bench/, which times start-up. */
  gboolean        quit_after_first_frame;
  gboolean        first_frame_painted;
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
   * style sheet is found at the base path. */
  (void) tw_get_resource ();

  G_APPLICATION_CLASS (tw_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);

  self->context = tw_context_new (NULL);
}

/* "paint" runs only in a frame that draws, "after-paint" in every frame:
 * quitting at the end of the first frame that drew means the window's
 * first frame is on screen. */
static void
on_frame_clock_paint (TwApplication *self,
                      GdkFrameClock *clock)
{
  self->first_frame_painted = TRUE;
}

static void
on_frame_clock_after_paint (TwApplication *self,
                            GdkFrameClock *clock)
{
  if (!self->first_frame_painted)
    return;

  g_signal_handlers_disconnect_by_data (clock, self);
  g_application_quit (G_APPLICATION (self));
}

static void
watch_first_frame (TwApplication *self,
                   GtkWidget     *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_handlers_disconnect_by_func (window, watch_first_frame, self);
  if (clock == NULL)
    {
      /* Not realized yet: the frame clock comes with the surface. */
      g_signal_connect_object (window, "realize", G_CALLBACK (watch_first_frame), self,
                               G_CONNECT_SWAPPED);
      return;
    }

  g_signal_connect_object (clock, "paint", G_CALLBACK (on_frame_clock_paint), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_frame_clock_after_paint), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

static void
tw_application_activate (GApplication *app)
{
  TwApplication *self = TW_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  gboolean created = window == NULL;

  if (created)
    window = GTK_WINDOW (tw_window_new (GTK_APPLICATION (app), self->context));

  if (created && self->quit_after_first_frame)
    watch_first_frame (self, GTK_WIDGET (window));

  gtk_window_present (window);
}

static int
tw_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  TwApplication *self = TW_APPLICATION (app);

  if (g_variant_dict_contains (options, "quit-after-first-frame"))
    self->quit_after_first_frame = TRUE;

  /* Go on: register, then activate. */
  return -1;
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
  app_class->handle_local_options = tw_application_handle_local_options;
}

static const GOptionEntry option_entries[] = {
  { "quit-after-first-frame", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Quit as soon as the window’s first frame is drawn (to measure start-up)"), NULL },
  { NULL },
};

static void
tw_application_init (TwApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
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
