/* tw-send-shortcuts.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tw-send-shortcuts.h"

GtkEventController *
tw_send_shortcuts_new (const char *send_action,
                       const char *cancel_action)
{
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());

  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_alternative_trigger_new (
                        gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                        gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                      gtk_named_action_new (send_action)));
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_named_action_new (cancel_action)));

  return GTK_EVENT_CONTROLLER (shortcuts);
}
