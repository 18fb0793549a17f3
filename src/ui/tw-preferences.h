/* tw-preferences.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-context.h"

G_BEGIN_DECLS

#define TW_TYPE_PREFERENCES (tw_preferences_get_type ())

G_DECLARE_FINAL_TYPE (TwPreferences, tw_preferences, TW, PREFERENCES, AdwPreferencesWindow)

/* The Preferences window: request timeout, default environment, clipboard
 * clear delay and history retention, each row bound both ways to the
 * settings of the "context" property (TwContext, construct-only). */

/* @parent: (nullable): the window it is transient for. */
TwPreferences *tw_preferences_new         (GtkWindow     *parent,
                                           TwContext     *context);
TwContext     *tw_preferences_get_context (TwPreferences *self);

G_END_DECLS
