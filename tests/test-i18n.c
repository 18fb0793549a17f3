/* test-i18n.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Dates, times and numbers follow the locale. This machine may only have
 * C.UTF-8 compiled: when glibc's localedef and its locale sources are
 * there, vi_VN and en_US are compiled into a temporary LOCPATH for the
 * test, otherwise the test says so and checks C.UTF-8 only. */

#define G_LOG_DOMAIN "test-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "tw-i18n.h"
#include "tw-request-details.h"

/* 2026-11-28 14:03:05.250 UTC: 21:03:05 in Hồ Chí Minh City (+07). */
#define INSTANT_MS G_GINT64_CONSTANT (1795874585250)

static char *locale_dir;

static GTimeZone *
saigon (void)
{
  GTimeZone *zone = g_time_zone_new_identifier ("Asia/Ho_Chi_Minh");

  g_assert_nonnull (zone);
  return zone;
}

static void
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    g_error ("locale %s is not available", name);
}

static void
test_c_locale (void)
{
  g_autoptr(GTimeZone) zone = saigon ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *in_saigon = NULL;
  g_autofree char *in_utc = NULL;
  g_autofree char *local = NULL;
  g_autofree char *count = NULL;
  g_autofree char *duration = NULL;

  use_locale ("C.UTF-8");
  in_saigon = tw_format_date_time_ms (INSTANT_MS, zone);
  in_utc = tw_format_date_time_ms (INSTANT_MS, utc);
  /* main() set TZ: the local zone is Hồ Chí Minh City's. */
  local = tw_format_date_time_ms (INSTANT_MS, NULL);
  count = tw_format_count (1234567);
  duration = tw_format_duration (1500);

  /* No locale preference: ISO 8601, in the zone asked for, named. */
  g_assert_cmpstr (in_saigon, ==, "2026-11-28 21:03:05 +07");
  g_assert_cmpstr (in_utc, ==, "2026-11-28 14:03:05 UTC");
  g_assert_cmpstr (local, ==, in_saigon);
  g_assert_cmpstr (count, ==, "1234567");
  g_assert_cmpstr (duration, ==, "1.5 s");
}

static void
test_date_time_values (void)
{
  g_autoptr(GTimeZone) zone = saigon ();
  g_autoptr(GDateTime) time = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);
  g_autofree char *text = NULL;
  g_autofree char *epoch = NULL;

  use_locale ("C.UTF-8");
  text = tw_format_date_time (time, zone);
  g_assert_cmpstr (text, ==, "2026-01-02 10:04:05 +07");

  /* 2000-01-01 00:00:00 UTC */
  epoch = tw_format_date_time_ms (G_GINT64_CONSTANT (946684800000), zone);
  g_assert_cmpstr (epoch, ==, "2000-01-01 07:00:00 +07");
}

static gboolean
compile_locale (const char *name,
                const char *input)
{
  g_autofree char *output = g_build_filename (locale_dir, name, NULL);
  g_autofree char *ctype = g_build_filename (output, "LC_CTYPE", NULL);
  const char *argv[] = { "localedef", "-i", input, "-f", "UTF-8", output, NULL };
  g_autoptr(GError) error = NULL;

  /* localedef exits 1 for mere warnings: the files tell. */
  if (!g_spawn_sync (NULL, (char **) argv, NULL,
                     G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, NULL, &error))
    g_test_message ("localedef: %s", error->message);
  return g_file_test (ctype, G_FILE_TEST_IS_REGULAR);
}

/* vi_VN.UTF-8 and en_US.UTF-8, installed or compiled for the test. */
static gboolean
have_locales (void)
{
  g_autoptr(GError) error = NULL;

  if (setlocale (LC_ALL, "vi_VN.UTF-8") != NULL && setlocale (LC_ALL, "en_US.UTF-8") != NULL)
    return TRUE;

  locale_dir = g_dir_make_tmp ("tw-locales-XXXXXX", &error);
  g_assert_no_error (error);
  if (!compile_locale ("vi_VN.UTF-8", "vi_VN") || !compile_locale ("en_US.UTF-8", "en_US"))
    return FALSE;

  g_setenv ("LOCPATH", locale_dir, TRUE);
  return setlocale (LC_ALL, "vi_VN.UTF-8") != NULL && setlocale (LC_ALL, "en_US.UTF-8") != NULL;
}

static void
check_locale (const char *name,
              const char *expected_time,
              const char *expected_count,
              const char *expected_duration)
{
  g_autoptr(GTimeZone) zone = saigon ();
  g_autofree char *time = NULL;
  g_autofree char *count = NULL;
  g_autofree char *duration = NULL;

  use_locale (name);
  time = tw_format_date_time_ms (INSTANT_MS, zone);
  count = tw_format_count (1234567);
  duration = tw_format_duration (1500);

  g_assert_cmpstr (time, ==, expected_time);
  g_assert_cmpstr (count, ==, expected_count);
  g_assert_cmpstr (duration, ==, expected_duration);
}

static void
test_locales (void)
{
  if (!have_locales ())
    {
      /* Not a skip: C.UTF-8 was checked above, and this is said aloud. */
      g_test_message ("vi_VN.UTF-8 and en_US.UTF-8 are neither installed nor compilable here "
                      "(no localedef or no /usr/share/i18n/locales): only C.UTF-8 was checked");
      use_locale ("C.UTF-8");
      return;
    }

  check_locale ("vi_VN.UTF-8", "28/11/2026 21:03:05 +07", "1.234.567", "1,5 s");
  check_locale ("en_US.UTF-8", "11/28/2026 09:03:05 PM +07", "1,234,567", "1.5 s");
  use_locale ("C.UTF-8");
}

static void
remove_locale_dir (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (locale_dir == NULL)
    return;

  dir = g_dir_open (locale_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *locale = g_build_filename (locale_dir, name, NULL);
      g_autoptr(GDir) files = g_dir_open (locale, 0, NULL);
      const char *file;

      while (files != NULL && (file = g_dir_read_name (files)) != NULL)
        {
          g_autofree char *path = g_build_filename (locale, file, NULL);
          g_autofree char *messages = g_build_filename (path, "SYS_LC_MESSAGES", NULL);

          /* LC_MESSAGES is a folder of one file. */
          g_unlink (messages);
          if (g_remove (path) != 0)
            g_test_message ("could not remove %s", path);
        }
      g_rmdir (locale);
    }
  g_rmdir (locale_dir);
  g_clear_pointer (&locale_dir, g_free);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("TZ", "Asia/Ho_Chi_Minh", TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/i18n/c-locale", test_c_locale);
  g_test_add_func ("/tw/i18n/date-time-values", test_date_time_values);
  g_test_add_func ("/tw/i18n/locales", test_locales);

  status = g_test_run ();
  remove_locale_dir ();
  return status;
}
