/* tw-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-context.h"

G_BEGIN_DECLS

#define TW_TYPE_WINDOW (tw_window_get_type ())

G_DECLARE_FINAL_TYPE (TwWindow, tw_window, TW, WINDOW, AdwApplicationWindow)

/* The main window: a view stack of pages under a view switcher, a main
 * menu and a toast overlay. Property "context" (TwContext, construct-only)
 * is handed to every page. The size and maximized state are restored from
 * and saved to the context's settings. */

TwWindow  *tw_window_new       (GtkApplication *application,
                                TwContext      *context);
TwContext *tw_window_get_context (TwWindow     *self);
/* The page named @name ("register"), or NULL; a page not built yet
 * ("tester" and "history" are built on their first visit) is built now.
 * (transfer none) */
GtkWidget *tw_window_get_page  (TwWindow       *self,
                                const char     *name);
/* Whether the page named @name has been built, without building it. */
gboolean   tw_window_has_page_built (TwWindow  *self,
                                     const char *name);
void       tw_window_add_toast (TwWindow       *self,
                                AdwToast       *toast);

G_END_DECLS
