/* bench-loop.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Main-loop responsiveness (DESIGN §6: never blocked > 16 ms while a
 * request runs or history is written), in the real app's setting: a
 * TwWindow on its History page over the context's store, the context's
 * API client and its in-process simulator, all on one main loop.
 *
 *   bench-loop RUNS   prints, for RUNS runs after a warm-up, the longest
 *                     gap between two ticks of a 1 ms high-priority timeout
 *                     while (a) nothing happens, (b) a registration waits
 *                     0.7 s on the simulator's slow response, (c) 1 000 requests
 *                     are recorded in the history and shown by the list.
 * A gap longer than the tick is time the loop spent in something else. */

#define G_LOG_DOMAIN "bench-loop"

#include "config.h"

#include <adwaita.h>
#include <time.h>

#include "bench-util.h"
#include "tw-context.h"
#include "tw-history-page.h"
#include "tw-i18n.h"
#include "tw-window.h"

#define IDLE_MS 500
#define SLOW_MS 700
#define N_WRITES 1000
#define WRITE_BURST 50
#define WRITE_EVERY_MS 10

/* The wall-clock gap tells how long the loop did not come back; the CPU
 * time the main thread used between two ticks tells how much of that was
 * work of this process rather than waiting for a CPU (the machines these
 * run on are shared). */
typedef struct
{
  double last_ms;
  double last_cpu_ms;
  double longest_ms;
  double longest_cpu_ms;
} Monitor;

static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static gboolean
tick_cb (gpointer user_data)
{
  Monitor *monitor = user_data;
  double now = bench_now_ms ();
  double cpu = thread_cpu_ms ();

  if (monitor->last_ms > 0)
    {
      monitor->longest_ms = MAX (monitor->longest_ms, now - monitor->last_ms);
      monitor->longest_cpu_ms = MAX (monitor->longest_cpu_ms, cpu - monitor->last_cpu_ms);
    }
  monitor->last_ms = now;
  monitor->last_cpu_ms = cpu;
  return G_SOURCE_CONTINUE;
}

static guint
monitor_start (Monitor *monitor)
{
  monitor->last_ms = 0;
  monitor->longest_ms = 0;
  monitor->longest_cpu_ms = 0;
  return g_timeout_add_full (G_PRIORITY_HIGH, 1, tick_cb, monitor, NULL);
}

static void
registered_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TwApiResult) api_result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  api_result = tw_api_client_register_finish (TW_API_CLIENT (source), result, &error);
  if (api_result == NULL)
    bench_fail ("the registration failed: %s", error->message);
  if (!tw_api_result_get_ok (api_result))
    bench_fail ("the registration failed: %s", tw_api_result_get_outcome (api_result));
  *done = TRUE;
}

static void
measure_register (TwContext    *context,
                  TwDemoServer *server,
                  Monitor      *monitor)
{
  g_autoptr(TwRegistration) registration = bench_make_registration ();
  g_autoptr(TwAuth) auth = tw_auth_new_for_token ("bench-loop-token");
  gboolean done = FALSE;
  double started = bench_now_ms ();
  guint monitor_id;

  tw_demo_server_set_delay_ms (server, SLOW_MS);
  tw_demo_server_set_fault (server, TW_DEMO_FAULT_SLOW, 1);
  monitor_id = monitor_start (monitor);
  tw_api_client_register_async (tw_context_get_api_client (context), "bench",
                                tw_demo_server_get_base_url (server), registration, auth,
                                NULL, registered_cb, &done);
  bench_spin_until (&done, 10000, "the slow registration");
  g_source_remove (monitor_id);

  if (bench_now_ms () - started < SLOW_MS)
    bench_fail ("the simulator answered before its delay");
}

static void
measure_writes (TwContext *context,
                TwWindow  *window,
                Monitor   *monitor,
                guint      run)
{
  TwHistory *history = tw_context_get_history (context);
  GtkWidget *page = tw_window_get_page (window, "history");
  TwHistoryModel *model = tw_history_page_get_model (TW_HISTORY_PAGE (page));
  gint64 now_ms = g_get_real_time () / 1000;
  guint monitor_id;
  guint n_before;

  /* The registration's own record first, and its ::rows-changed. */
  bench_flush_history (history);
  bench_spin_for (100);
  n_before = g_list_model_get_n_items (G_LIST_MODEL (model));

  monitor_id = monitor_start (monitor);
  for (guint i = 0; i < N_WRITES; i++)
    {
      g_autoptr(TwHistoryRecord) record = bench_make_record (run * N_WRITES + i, now_ms + i);

      tw_history_sink_record (TW_HISTORY_SINK (history), record);
      if ((i + 1) % WRITE_BURST == 0)
        bench_spin_for (WRITE_EVERY_MS);
    }
  bench_flush_history (history);
  /* The last ::rows-changed and the frame showing the new rows. */
  bench_spin_for (200);
  g_source_remove (monitor_id);

  if (g_list_model_get_n_items (G_LIST_MODEL (model)) != n_before + N_WRITES)
    bench_fail ("the list shows %u requests, expected %u",
                g_list_model_get_n_items (G_LIST_MODEL (model)), n_before + N_WRITES);
}

int
main (int   argc,
      char *argv[])
{
  const char * const names[] = { "loop_idle", "loop_register", "loop_history" };
  GArray *gaps[G_N_ELEMENTS (names)];
  GArray *cpu[G_N_ELEMENTS (names)];
  g_autoptr(TwContext) context = NULL;
  g_autoptr(GError) error = NULL;
  TwDemoServer *server;
  TwWindow *window;
  GtkWidget *stack;
  guint runs;

  if (argc != 2)
    {
      g_printerr ("usage: bench-loop RUNS\n");
      return 2;
    }
  runs = (guint) g_ascii_strtoull (argv[1], NULL, 10);

  tw_i18n_init ();
  gtk_init ();
  adw_init ();

  context = tw_context_new (NULL);
  server = tw_context_ensure_demo_server (context, &error);
  if (server == NULL)
    bench_fail ("the simulator did not start: %s", error->message);

  window = tw_window_new (NULL, context);
  bench_show_window (window);
  stack = gtk_widget_get_ancestor (tw_window_get_page (window, "history"), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "history");
  bench_wait_painted_frame (GTK_WIDGET (window));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      gaps[i] = g_array_new (FALSE, FALSE, sizeof (double));
      cpu[i] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  for (guint run = 0; run <= runs; run++)
    {
      Monitor monitors[G_N_ELEMENTS (names)];
      guint monitor_id;

      monitor_id = monitor_start (&monitors[0]);
      bench_spin_for (IDLE_MS);
      g_source_remove (monitor_id);
      measure_register (context, server, &monitors[1]);
      measure_writes (context, window, &monitors[2], run);

      if (run == 0)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_array_append_val (gaps[i], monitors[i].longest_ms);
          g_array_append_val (cpu[i], monitors[i].longest_cpu_ms);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *cpu_name = g_strconcat (names[i], "_cpu", NULL);

      bench_print_result (names[i], "ms", gaps[i]);
      bench_print_result (cpu_name, "ms", cpu[i]);
      g_array_unref (gaps[i]);
      g_array_unref (cpu[i]);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
