/* bench-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "tw-profile-switcher.h"
#include "tw-secret.h"

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

void
bench_print_result (const char *name,
                    const char *unit,
                    GArray     *samples)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "RESULT %s %s", name, unit);
  for (guint i = 0; i < samples->len; i++)
    g_string_append_printf (line, " %.3f", g_array_index (samples, double, i));
  g_print ("%s\n", line->str);
}

void
bench_fail (const char *format,
            ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "bench: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

void
bench_spin_for (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake_id = g_timeout_add (5, wake_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
}

void
bench_spin_until (gboolean   *flag,
                  guint       timeout_ms,
                  const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake_id = g_timeout_add (10, wake_cb, NULL);

  while (!*flag)
    {
      if (g_get_monotonic_time () > deadline)
        bench_fail ("timed out waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_id);
}

typedef struct
{
  gboolean painted;
  gboolean done;
  double   end_ms;
} FrameWait;

static void
on_paint (GdkFrameClock *clock,
          FrameWait     *wait)
{
  wait->painted = TRUE;
}

static void
on_after_paint (GdkFrameClock *clock,
                FrameWait     *wait)
{
  if (!wait->painted || wait->done)
    return;
  wait->end_ms = bench_now_ms ();
  wait->done = TRUE;
}

static gboolean
on_idle (gpointer user_data)
{
  FrameWait *wait = user_data;

  wait->done = TRUE;
  return G_SOURCE_REMOVE;
}

static double
wait_frame (GtkWidget *window,
            gboolean   unless_idle)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  FrameWait wait = { FALSE, FALSE, -1 };
  gulong paint_id;
  gulong after_paint_id;
  guint idle_id = 0;

  if (clock == NULL)
    bench_fail ("the window has no frame clock");

  paint_id = g_signal_connect_after (clock, "paint", G_CALLBACK (on_paint), &wait);
  after_paint_id = g_signal_connect_after (clock, "after-paint", G_CALLBACK (on_after_paint),
                                           &wait);
  /* Below the frame clock's priority: it runs once nothing else is due. */
  if (unless_idle)
    idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, on_idle, &wait, NULL);
  bench_spin_until (&wait.done, 10000, "a frame");
  if (idle_id != 0 && wait.end_ms >= 0)
    g_source_remove (idle_id);
  g_signal_handler_disconnect (clock, paint_id);
  g_signal_handler_disconnect (clock, after_paint_id);
  return wait.end_ms;
}

double
bench_wait_painted_frame (GtkWidget *window)
{
  return wait_frame (window, FALSE);
}

double
bench_wait_painted_frame_if_any (GtkWidget *window)
{
  return wait_frame (window, TRUE);
}

static void
on_ready (GObject    *switcher,
          GParamSpec *pspec,
          gboolean   *ready)
{
  *ready = tw_profile_switcher_get_ready (TW_PROFILE_SWITCHER (switcher));
}

void
bench_show_window (TwWindow *window)
{
  TwProfileSwitcher *switcher = TW_PROFILE_SWITCHER (
    gtk_widget_get_template_child (GTK_WIDGET (window), TW_TYPE_WINDOW, "profile_switcher"));
  gboolean ready = tw_profile_switcher_get_ready (switcher);
  gulong ready_id = g_signal_connect (switcher, "notify::ready", G_CALLBACK (on_ready), &ready);

  gtk_window_present (GTK_WINDOW (window));
  bench_wait_painted_frame (GTK_WIDGET (window));
  bench_spin_until (&ready, 10000, "the profile to open");
  g_signal_handler_disconnect (switcher, ready_id);
}

static guint64
read_status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, field);
  if (line == NULL)
    return 0;
  return g_ascii_strtoull (line + strlen (field), NULL, 10);
}

guint64
bench_peak_rss_kib (void)
{
  return read_status_kib ("VmHWM:");
}

guint64
bench_rss_kib (void)
{
  return read_status_kib ("VmRSS:");
}

TwHistoryRecord *
bench_make_record (guint  i,
                   gint64 time_ms)
{
  TwHistoryRecord *record = tw_history_record_new ();
  gboolean failed = i % 10 == 7;
  gboolean token = i % 25 == 3;

  record->time_ms = time_ms;
  g_free (record->profile);
  record->profile = g_strdup (i % 3 == 0 ? "shop-b" : "shop-a");
  record->base_url = g_strdup ("https://api.tikinow.vn");
  record->kind = g_strdup (token ? "token" : "registration");
  record->method = g_strdup ("POST");
  record->url = g_strdup (token ? "https://api.tikinow.vn/sc/oauth2/token"
                                : "https://api.tikinow.vn/business/v1/register-webhooks");
  record->outcome = g_strdup (failed ? "invalid-token" : "success");
  record->http_status = failed ? 401 : 200;
  record->message_code = failed ? g_strdup ("INVALID_TOKEN") : NULL;
  record->message = failed ? g_strdup ("The access token is invalid") : NULL;
  record->request_id = g_strdup_printf ("%08x%024x", g_str_hash (record->profile) ^ i, i);
  record->duration_ms = 60 + i % 240;
  record->attempt = 1;
  if (!token)
    record->request_body =
      g_strdup ("{\"sync_inventory_location\":[\"sgn\",\"hn5\"],\"sync_webhook\":{\"order\":"
                "{\"url\":\"https://shop.example.com/hooks/order\",\"secret_key\":"
                "\"sha256:3f9a…\"},\"stock\":{\"url\":\"https://shop.example.com/hooks/stock\","
                "\"secret_key\":\"sha256:81c2…\"}}}");
  record->response_body = g_strdup_printf ("{\"request_id\":\"%s\",\"message_code\":\"%s\"}",
                                           record->request_id, failed ? "INVALID_TOKEN" : "OK");
  return record;
}

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  if (!tw_history_flush_finish (TW_HISTORY (source), result, &error))
    bench_fail ("could not write the history: %s", error->message);
  *done = TRUE;
}

void
bench_flush_history (TwHistory *history)
{
  gboolean done = FALSE;

  tw_history_flush_async (history, NULL, flushed_cb, &done);
  bench_spin_until (&done, 120000, "the history to be written");
}

TwRegistration *
bench_make_registration (void)
{
  TwRegistration *registration = tw_registration_new ();
  const char * const codes[] = { "sgn", "hn5", NULL };
  const TwHookKind kinds[] = { TW_HOOK_ORDER, TW_HOOK_STOCK };
  const char * const urls[] = { "https://shop.example.com/hooks/order",
                                "https://shop.example.com/hooks/stock" };
  g_autoptr(GError) error = NULL;

  tw_registration_set_warehouses (registration, codes);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      TwHook *hook = tw_registration_get_hook (registration, kinds[i]);
      g_autoptr(TwSecretString) secret = tw_secret_generate (&error);

      if (secret == NULL)
        bench_fail ("no random secret: %s", error->message);
      tw_hook_set_enabled (hook, TRUE);
      tw_hook_set_url (hook, urls[i]);
      tw_hook_set_secret_key (hook, secret);
    }
  return registration;
}
