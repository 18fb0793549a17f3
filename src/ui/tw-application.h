/* tw-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-context.h"

G_BEGIN_DECLS

#define TW_TYPE_APPLICATION (tw_application_get_type ())

G_DECLARE_FINAL_TYPE (TwApplication, tw_application, TW, APPLICATION, AdwApplication)

/* Owns the TwContext (made at start-up) and hands it to each window.
 * Actions: app.about, app.preferences (Ctrl+comma), app.quit (Ctrl+Q). */

TwApplication *tw_application_new         (void);
/* NULL before start-up. (transfer none) */
TwContext     *tw_application_get_context (TwApplication *self);

G_END_DECLS
