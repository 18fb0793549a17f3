/* tw-send-shortcuts.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A shortcut controller of a page that sends something: Ctrl+Enter (main
 * or keypad) activates @send_action, Escape @cancel_action (both detailed
 * action names such as "register.send"). The caller sets its scope or
 * propagation phase and adds it to the page. */
GtkEventController *tw_send_shortcuts_new (const char *send_action,
                                           const char *cancel_action);

G_END_DECLS
