/* tw-profile-switcher.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-register-page.h"

G_BEGIN_DECLS

#define TW_TYPE_PROFILE_SWITCHER (tw_profile_switcher_get_type ())

G_DECLARE_FINAL_TYPE (TwProfileSwitcher, tw_profile_switcher, TW, PROFILE_SWITCHER, GtkWidget)

/* The header-bar menu button of profiles: a popover listing the profile
 * store of the page's context, with New, Rename, Duplicate and Delete.
 *
 * Once given the Register page ("page", set once), it reads the store and
 * opens the last used profile, else the first one, else creates "Demo
 * shop" in the Demo environment; "ready" (read-only) turns TRUE then.
 *
 * Actions (disabled while the page registers, and the popover says why):
 * "profiles.switch" (s: a profile name; the profile left is saved first),
 * "profiles.create", "profiles.rename", "profiles.duplicate" (each asks
 * for a name), "profiles.delete" (asks for confirmation, then opens
 * another profile). */

GtkWidget      *tw_profile_switcher_new       (void);
TwRegisterPage *tw_profile_switcher_get_page  (TwProfileSwitcher *self);
void            tw_profile_switcher_set_page  (TwProfileSwitcher *self,
                                               TwRegisterPage    *page);
gboolean        tw_profile_switcher_get_ready (TwProfileSwitcher *self);

G_END_DECLS
