/* tw-toast.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Shows @text, plain text (not markup), in a toast of the AdwToastOverlay
 * holding @widget (or being it), for the default time; does nothing
 * outside one. */
void tw_show_toast              (GtkWidget  *widget,
                                 const char *text);
/* The same for @timeout seconds; 0 keeps it until it is dismissed. */
void tw_show_toast_with_timeout (GtkWidget  *widget,
                                 const char *text,
                                 guint       timeout);

G_END_DECLS
