/* test-shortcuts.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The Keyboard Shortcuts window lists every shortcut of the app, and only
 * those: the accelerators of the application's actions, and the shortcuts
 * our widgets install (class bindings and shortcut controllers whose
 * action is one of ours, a GtkNamedAction), found by walking the real
 * window and a request details window. */

#define G_LOG_DOMAIN "test-shortcuts"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-application.h"
#include "tw-history-private.h"
#include "tw-request-details.h"
#include "tw-test-ui.h"
#include "tw-window.h"

typedef struct
{
  guint           keyval;
  GdkModifierType modifiers;
  /* The accelerator of an application action, not of a widget. */
  gboolean        of_action;
} Key;

/* The keys the shortcuts window shows, from its accelerator properties
 * and the accelerators of the actions it names. */
typedef struct
{
  GArray     *keys;
  GPtrArray  *actions;
  GHashTable *used;
} Listed;

static void
add_accelerators (GArray     *keys,
                  const char *accelerators,
                  gboolean    of_action)
{
  g_auto(GStrv) each = g_strsplit (accelerators, " ", -1);

  for (guint i = 0; each[i] != NULL; i++)
    {
      Key key = { 0, 0, of_action };

      if (*each[i] == '\0')
        continue;
      if (!gtk_accelerator_parse (each[i], &key.keyval, &key.modifiers))
        g_error ("The shortcuts window has an invalid accelerator “%s”", each[i]);
      g_array_append_val (keys, key);
    }
}

static void
collect_listed (GtkWidget      *widget,
                GtkApplication *app,
                Listed         *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;

      g_object_get (widget, "accelerator", &accelerator, "action-name", &action, NULL);
      if (accelerator != NULL)
        add_accelerators (listed->keys, accelerator, FALSE);
      if (action != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, action);

          g_assert_true (accels[0] != NULL);
          for (guint i = 0; accels[i] != NULL; i++)
            add_accelerators (listed->keys, accels[i], TRUE);
          g_ptr_array_add (listed->actions, g_steal_pointer (&action));
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_listed (child, app, listed);
}

/* Marks every listing of the key as bound: a key may do one thing on
 * each page (Ctrl+Return registers, or sends the test delivery). */
static gboolean
key_listed (Listed          *listed,
            guint            keyval,
            GdkModifierType  modifiers)
{
  gboolean found = FALSE;

  for (guint i = 0; i < listed->keys->len; i++)
    {
      Key *key = &g_array_index (listed->keys, Key, i);

      if (key->keyval == gdk_keyval_to_lower (keyval) && key->modifiers == modifiers)
        {
          g_hash_table_add (listed->used, GUINT_TO_POINTER (i + 1));
          found = TRUE;
        }
    }
  return found;
}

/* TRUE when @trigger, or one of its alternatives, is listed. */
static gboolean
trigger_listed (Listed             *listed,
                GtkShortcutTrigger *trigger)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      gboolean first = trigger_listed (listed,
                                       gtk_alternative_trigger_get_first (
                                         GTK_ALTERNATIVE_TRIGGER (trigger)));
      gboolean second = trigger_listed (listed,
                                        gtk_alternative_trigger_get_second (
                                          GTK_ALTERNATIVE_TRIGGER (trigger)));

      return first || second;
    }
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return key_listed (listed,
                       gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)));
  return FALSE;
}

static gboolean
is_ours (GtkWidget *widget)
{
  return g_str_has_prefix (G_OBJECT_TYPE_NAME (widget), "Tw");
}

static void
check_controller (GtkWidget             *widget,
                  GtkShortcutController *controller,
                  Listed                *listed,
                  GString               *missing)
{
  GListModel *shortcuts = G_LIST_MODEL (controller);

  for (guint i = 0; i < g_list_model_get_n_items (shortcuts); i++)
    {
      g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, i);
      GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
      GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
      g_autofree char *text = NULL;

      /* Our bindings name actions; GTK's own (focus moves, the inspector)
       * emit signals or call functions. */
      if (!GTK_IS_NAMED_ACTION (action) || trigger_listed (listed, trigger))
        continue;
      text = gtk_shortcut_trigger_to_string (trigger);
      g_string_append_printf (missing, "#   %s (%s) of %s\n", text,
                              gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)),
                              G_OBJECT_TYPE_NAME (widget));
    }
}

static void
check_widgets (GtkWidget *widget,
               Listed    *listed,
               GString   *missing)
{
  if (is_ours (widget))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_SHORTCUT_CONTROLLER (controller))
            check_controller (widget, GTK_SHORTCUT_CONTROLLER (controller), listed, missing);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_widgets (child, listed, missing);
}

/* Every action of the application that has accelerators is listed. */
static void
check_app_accels (GtkApplication *app,
                  Listed         *listed,
                  GString        *missing)
{
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (app);

  for (guint i = 0; actions[i] != NULL; i++)
    {
      if (!g_ptr_array_find_with_equal_func (listed->actions, actions[i], g_str_equal, NULL))
        g_string_append_printf (missing, "#   the accelerators of %s\n", actions[i]);
    }
}

static GtkWidget *
details_window (void)
{
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();
  g_autoptr(TwHistoryEntry) entry = NULL;

  record->time_ms = 1;
  record->kind = g_strdup ("registration");
  record->outcome = g_strdup ("success");
  entry = tw_history_entry_new (1, record);
  return GTK_WIDGET (tw_request_details_new (NULL, entry));
}

static void
check_application (GApplication *app,
                   gpointer      user_data)
{
  gboolean *checked = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkShortcutsWindow *overlay;
  GtkWidget *details = details_window ();
  g_autoptr(GString) missing = g_string_new (NULL);
  Listed listed = {
    g_array_new (FALSE, TRUE, sizeof (Key)),
    g_ptr_array_new_with_free_func (g_free),
    g_hash_table_new (NULL, NULL),
  };

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  collect_listed (GTK_WIDGET (overlay), GTK_APPLICATION (app), &listed);
  g_assert_cmpuint (listed.keys->len, >, 0);

  check_app_accels (GTK_APPLICATION (app), &listed, missing);
  /* Pages are built on their first visit; build them all, so that every
   * page's shortcuts are in the window's widgets. */
  g_assert_nonnull (tw_window_get_page (TW_WINDOW (window), "tester"));
  g_assert_nonnull (tw_window_get_page (TW_WINDOW (window), "history"));
  check_widgets (GTK_WIDGET (window), &listed, missing);
  check_widgets (details, &listed, missing);
  if (missing->len > 0)
    g_error ("Not in the Keyboard Shortcuts window:\n%s", missing->str);

  /* And nothing is listed that no widget binds. */
  for (guint i = 0; i < listed.keys->len; i++)
    {
      Key *key = &g_array_index (listed.keys, Key, i);
      g_autofree char *name = gtk_accelerator_name (key->keyval, key->modifiers);

      if (!key->of_action && !g_hash_table_contains (listed.used, GUINT_TO_POINTER (i + 1)))
        g_error ("The Keyboard Shortcuts window lists %s, which nothing binds", name);
    }

  gtk_window_destroy (GTK_WINDOW (details));
  g_array_unref (listed.keys);
  g_ptr_array_unref (listed.actions);
  g_hash_table_unref (listed.used);
  *checked = TRUE;
  g_application_quit (app);
}

static void
test_listed (void)
{
  g_autoptr(TwApplication) app = tw_application_new ();
  gboolean checked = FALSE;

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (check_application), &checked);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_assert_true (checked);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/tw/shortcuts/listed", test_listed);

  return g_test_run ();
}
