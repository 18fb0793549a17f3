/* tw-i18n.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* setlocale + bindtextdomain; TIKI_WEBHOOKS_LOCALEDIR overrides the
 * installed locale directory (uninstalled runs and tests). */
void tw_i18n_init (void);

G_END_DECLS
