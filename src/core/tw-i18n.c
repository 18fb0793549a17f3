/* tw-i18n.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "tw-i18n.h"

void
tw_i18n_init (void)
{
  const char *localedir = g_getenv ("TIKI_WEBHOOKS_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  /* Also what makes dates and numbers follow the user's locale. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/* "C", "POSIX", "C.UTF-8", "C.utf8": the locales of no one in particular,
 * whose %x is the ambiguous "11/28/26". */
static gboolean
time_locale_is_c (void)
{
  const char *name = setlocale (LC_TIME, NULL);

  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX") ||
         g_str_has_prefix (name, "C.");
}

/* The local time zone, looked up again at most once a second or when TZ
 * changes: GLib 2.74 reads the system's zone file on every
 * g_time_zone_new_local() when TZ is unset, and a History search or a
 * `history` listing formats hundreds of times at once. */
static GTimeZone *
ref_local_zone (void)
{
  G_LOCK_DEFINE_STATIC (local_zone);
  static GTimeZone *zone;
  static char *zone_tz;
  static gint64 read_at;
  const char *tz = g_getenv ("TZ");
  gint64 now = g_get_monotonic_time ();
  GTimeZone *result;

  G_LOCK (local_zone);
  if (zone == NULL || now - read_at > G_USEC_PER_SEC || g_strcmp0 (tz, zone_tz) != 0)
    {
      g_clear_pointer (&zone, g_time_zone_unref);
      g_free (zone_tz);
      zone = g_time_zone_new_local ();
      zone_tz = g_strdup (tz);
      read_at = now;
    }
  result = g_time_zone_ref (zone);
  G_UNLOCK (local_zone);
  return result;
}

char *
tw_format_date_time (GDateTime *time,
                     GTimeZone *zone)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) shown = NULL;
  char *text;

  g_return_val_if_fail (time != NULL, NULL);

  if (zone == NULL)
    zone = local = ref_local_zone ();
  shown = g_date_time_to_timezone (time, zone);
  if (shown == NULL)
    shown = g_date_time_ref (time);

  text = g_date_time_format (shown, time_locale_is_c () ? "%Y-%m-%d %H:%M:%S %Z" : "%x %X %Z");
  /* GLib refuses formats it cannot convert from the locale's charset. */
  return text != NULL ? text : g_date_time_format (shown, "%Y-%m-%d %H:%M:%S %Z");
}

char *
tw_format_date_time_ms (gint64     unix_ms,
                        GTimeZone *zone)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_ms / 1000);

  if (utc == NULL)
    utc = g_date_time_new_from_unix_utc (0);
  return tw_format_date_time (utc, zone);
}

char *
tw_format_count (guint64 count)
{
  char buffer[64];
  int length;

  /* The ' flag is POSIX printf, not GLib's: the C library applies the
   * grouping of LC_NUMERIC. */
  length = snprintf (buffer, sizeof buffer, "%'" G_GUINT64_FORMAT, count);
  g_assert (length > 0 && (gsize) length < sizeof buffer);
  return g_strdup (buffer);
}

char *
tw_format_duration (gint64 duration_ms)
{
  if (duration_ms < 1000)
    /* Translators: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) MAX (duration_ms, 0));

  /* Translators: a duration in seconds, with one decimal (printf writes the
   * decimal sign of the locale: "1,5 s" in Vietnamese) */
  return g_strdup_printf (_("%.1f s"), (double) duration_ms / 1000.0);
}
