/* tw-i18n.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* setlocale + bindtextdomain; TIKI_WEBHOOKS_LOCALEDIR overrides the
 * installed locale directory (uninstalled runs and tests). */
void  tw_i18n_init             (void);

/* The date and time of @time in @zone (NULL: the local zone), in the date
 * and time formats of the LC_TIME locale, then the zone's abbreviation:
 * "28/11/2026 21:03:05 +07" in vi_VN, "11/28/2026 09:03:05 PM +07" in
 * en_US. The C and POSIX locales state no preference and get ISO 8601,
 * "2026-11-28 21:03:05 +07", which no reader takes for another date.
 * (transfer full) */
char *tw_format_date_time      (GDateTime *time,
                                GTimeZone *zone);
/* The same for milliseconds since the Unix epoch. (transfer full) */
char *tw_format_date_time_ms   (gint64     unix_ms,
                                GTimeZone *zone);
/* @count with the digit grouping of the LC_NUMERIC locale: "1.234.567" in
 * vi_VN, "1,234,567" in en_US, "1234567" in C. (transfer full) */
char *tw_format_count          (guint64    count);
/* An elapsed time: "350 ms" under a second, else seconds with one decimal
 * and the LC_NUMERIC decimal sign ("1.5 s", "1,5 s" in vi_VN); negative
 * durations count as 0. (transfer full) */
char *tw_format_duration       (gint64     duration_ms);

G_END_DECLS
