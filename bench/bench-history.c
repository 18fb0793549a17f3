/* bench-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The History page over a large history, in process (DESIGN §6):
 *   bench-history fill N    writes N requests through the real store
 *                           (TwHistory, its writer thread) to the default
 *                           path under $XDG_DATA_HOME
 *   bench-history ui RUNS   opens a real TwWindow on that history RUNS + 1
 *                           times (the first is a warm-up) and times, each
 *                           time, switching to the History page and four
 *                           searches typed as a user would, each from its
 *                           ::search-changed until the end of the first
 *                           frame drawn after it: then the list has its
 *                           items. */

#define G_LOG_DOMAIN "bench-history"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "bench-util.h"
#include "tw-context.h"
#include "tw-history-page.h"
#include "tw-i18n.h"
#include "tw-text-cell.h"
#include "tw-window.h"

/* Seconds between two generated requests: 100 000 of them span 23 days,
 * inside the default retention, so the app's start keeps them all. */
#define FILL_SPACING_MS 20000
#define FILL_BATCH 5000
/* What showing the first rows of a result needs, with room to spare. */
#define MAX_PAGES_PER_SEARCH 4

typedef struct
{
  const char *name;
  char       *text;
  guint       expected;
  GArray     *total;
  GArray     *sync;
  GArray     *model;
} Search;

static double emission_start_ms;
static double handlers_end_ms;
static gboolean search_emitted;

static int
fill (guint n)
{
  g_autofree char *path = tw_history_get_default_path ();
  g_autoptr(TwHistory) history = tw_history_new (path);
  gint64 now_ms = g_get_real_time () / 1000;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TwHistoryRecord) record = NULL;

      record = bench_make_record (i, now_ms - (gint64) (n - i) * FILL_SPACING_MS);
      tw_history_sink_record (TW_HISTORY_SINK (history), record);
      if ((i + 1) % FILL_BATCH == 0)
        bench_flush_history (history);
    }
  bench_flush_history (history);
  g_print ("filled %u %s\n", n, path);
  return 0;
}

static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  emission_start_ms = bench_now_ms ();
  return TRUE;
}

static void
on_search_changed_after (GtkSearchEntry *entry,
                         gpointer        user_data)
{
  handlers_end_ms = bench_now_ms ();
  search_emitted = TRUE;
}

/* Types @text into the search entry and waits for its ::search-changed,
 * after the entry's typing delay as for a user (an empty text applies at
 * once); returns the time from the emission to the end of the first frame
 * drawn after it, or to the end of the handlers when the search changed
 * nothing on screen, and in *@sync the time the handlers took (the
 * model's search, synchronous on the main loop). The frame showing the
 * typed text is drawn during the delay, long enough before the search that
 * the frame clock does not hold the result's frame back. */
static double
run_search (GtkWidget      *window,
            GtkSearchEntry *entry,
            const char     *text,
            double         *sync)
{
  double end_ms;

  search_emitted = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  bench_spin_until (&search_emitted, 10000, "the search");
  end_ms = *text == '\0' ? bench_wait_painted_frame (window)
                         : bench_wait_painted_frame_if_any (window);
  if (end_ms < 0)
    end_ms = handlers_end_ms;
  *sync = handlers_end_ms - emission_start_ms;
  return end_ms - emission_start_ms;
}

/* Rows the list shows: the mapped row widgets of its list view. */
static guint
count_mapped_rows (GtkWidget *widget)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkListItemWidget"))
    return 1;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_mapped_rows (child);
  return n;
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  if (TW_IS_TEXT_CELL (widget) &&
      g_strcmp0 (tw_text_cell_get_text (TW_TEXT_CELL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (shows_label (child, text))
        return TRUE;
    }
  return FALSE;
}

/* The request id of the model's newest item (NULL when empty). */
static char *
top_request_id (TwHistoryModel *model)
{
  g_autoptr(TwHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (model), 0);

  return entry != NULL ? g_strdup (tw_history_entry_get_request_id (entry)) : NULL;
}

/* The list shows the model's top row, and no longer the top row from
 * before the search when that one went: rows whose widgets are kept must
 * show their new request. */
static void
check_shown (GtkWidget      *view,
             TwHistoryModel *model,
             const char     *top_before,
             const char     *what)
{
  g_autofree char *top = top_request_id (model);

  if (top != NULL && !shows_label (view, top))
    bench_fail ("%s: the list does not show its first row (%s)", what, top);
  if (top_before != NULL && g_strcmp0 (top, top_before) != 0 && shows_label (view, top_before))
    bench_fail ("%s: the list still shows %s", what, top_before);
}

static guint n_model_changes;

static void
on_model_items_changed (void)
{
  n_model_changes++;
}

/* @changed: the model announced new items, which the list must then have
 * asked for (a search that matches the same rows announces nothing). */
static void
check_items (TwHistoryModel *model,
             guint           expected,
             guint           loads_before,
             gboolean        changed,
             const char     *what)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (n_items != expected)
    bench_fail ("%s: %u items, expected %u", what, n_items, expected);
  if (changed && expected > 0 && tw_history_model_get_n_page_loads (model) == loads_before)
    bench_fail ("%s: the list asked for no items", what);
}

/* The store's part of a search: a TwHistoryModel of its own, no list. */
static void
measure_model (guint   runs,
               Search *searches,
               guint   n_searches)
{
  g_autoptr(TwContext) context = tw_context_new (NULL);
  g_autoptr(TwHistoryModel) model = tw_history_model_new (tw_context_get_history (context));

  for (guint run = 0; run <= runs; run++)
    {
      for (guint s = 0; s < n_searches; s++)
        {
          double start = bench_now_ms ();
          double elapsed;

          tw_history_model_set_search (model, searches[s].text);
          elapsed = bench_now_ms () - start;
          if (g_list_model_get_n_items (G_LIST_MODEL (model)) != searches[s].expected)
            bench_fail ("%s: %u items, expected %u", searches[s].name,
                        g_list_model_get_n_items (G_LIST_MODEL (model)), searches[s].expected);
          if (run > 0)
            g_array_append_val (searches[s].model, elapsed);
          tw_history_model_set_search (model, NULL);
        }
    }
}

static int
ui (guint runs,
    guint n_rows)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rss_growth = g_array_new (FALSE, FALSE, sizeof (double));
  guint probe = n_rows / 2;
  Search searches[] = {
    /* Every URL is on api.tikinow.vn: the worst case, all rows match. */
    { "search_all", g_strdup ("tikinow"), n_rows, NULL, NULL, NULL },
    { "search_tenth", g_strdup ("invalid_token"), n_rows / 10, NULL, NULL, NULL },
    { "search_one", NULL, n_rows > 0 ? 1 : 0, NULL, NULL, NULL },
    { "search_none", g_strdup ("no-such-request"), 0, NULL, NULL, NULL },
  };
  guint hook_id;

  /* The request id bench_make_record() gives row @probe. */
  searches[2].text = g_strdup_printf ("%08x%024x", g_str_hash (probe % 3 == 0 ? "shop-b"
                                                                              : "shop-a") ^ probe,
                                      probe);
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      searches[s].total = g_array_new (FALSE, FALSE, sizeof (double));
      searches[s].sync = g_array_new (FALSE, FALSE, sizeof (double));
      searches[s].model = g_array_new (FALSE, FALSE, sizeof (double));
    }

  measure_model (runs, searches, G_N_ELEMENTS (searches));

  /* The signal exists once the class does. */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_SEARCH_ENTRY));
  hook_id = g_signal_add_emission_hook (g_signal_lookup ("search-changed",
                                                         GTK_TYPE_SEARCH_ENTRY),
                                        0, search_changed_hook, NULL, NULL);

  for (guint run = 0; run <= runs; run++)
    {
      g_autoptr(TwContext) context = tw_context_new (NULL);
      TwWindow *window = tw_window_new (NULL, context);
      GtkWidget *page = tw_window_get_page (window, "history");
      GtkWidget *stack = gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK);
      TwHistoryModel *model = tw_history_page_get_model (TW_HISTORY_PAGE (page));
      GtkSearchEntry *entry = GTK_SEARCH_ENTRY (
        gtk_widget_get_template_child (page, TW_TYPE_HISTORY_PAGE, "search_entry"));
      GtkColumnView *view = GTK_COLUMN_VIEW (
        gtk_widget_get_template_child (page, TW_TYPE_HISTORY_PAGE, "column_view"));
      GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
      guint64 rss_before;
      guint loads;
      double start;
      double end;

      bench_show_window (window);
      bench_spin_for (100);
      rss_before = bench_rss_kib ();

      loads = tw_history_model_get_n_page_loads (model);
      start = bench_now_ms ();
      adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "history");
      end = bench_wait_painted_frame (GTK_WIDGET (window));
      /* The page built its first rows with the window: its model has
       * read them already, the list now shows them. */
      check_items (model, n_rows, 0, TRUE, "opening the History page");
      if (n_rows > 0 && count_mapped_rows (page) == 0)
        bench_fail ("opening the History page: no rows shown");
      if (run > 0)
        g_array_append_val (open, (double) { end - start });

      g_signal_connect (model, "items-changed", G_CALLBACK (on_model_items_changed), NULL);
      g_signal_connect_after (entry, "search-changed", G_CALLBACK (on_search_changed_after),
                              NULL);
      for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
        {
          double sync;
          double total;
          guint changes = n_model_changes;
          g_autofree char *top_before = top_request_id (model);

          /* A selected row, as after a click: a search must not make the
           * selection look for it among every new item (every page). */
          if (n_rows > 0)
            gtk_single_selection_set_selected (selection, 0);
          loads = tw_history_model_get_n_page_loads (model);
          total = run_search (GTK_WIDGET (window), entry, searches[s].text, &sync);
          check_items (model, searches[s].expected, loads, n_model_changes != changes,
                       searches[s].name);
          if (tw_history_model_get_n_page_loads (model) - loads > MAX_PAGES_PER_SEARCH)
            bench_fail ("%s: %u pages read", searches[s].name,
                        tw_history_model_get_n_page_loads (model) - loads);
          check_shown (GTK_WIDGET (view), model, top_before, searches[s].name);
          if (run > 0)
            {
              g_array_append_val (searches[s].total, total);
              g_array_append_val (searches[s].sync, sync);
            }
          /* Back to every row (an empty search applies at once). */
          run_search (GTK_WIDGET (window), entry, "", &sync);
        }

      if (run > 0)
        g_array_append_val (rss_growth, (double) { (bench_rss_kib () - rss_before) / 1024.0 });

      gtk_window_destroy (GTK_WINDOW (window));
      bench_spin_for (50);
    }

  g_signal_remove_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY),
                                 hook_id);

  bench_print_result ("history_open", "ms", open);
  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    {
      g_autofree char *sync_name = g_strconcat (searches[s].name, "_sync", NULL);
      g_autofree char *model_name = g_strconcat (searches[s].name, "_model", NULL);

      bench_print_result (searches[s].name, "ms", searches[s].total);
      bench_print_result (sync_name, "ms", searches[s].sync);
      bench_print_result (model_name, "ms", searches[s].model);
      g_array_unref (searches[s].model);
      g_array_unref (searches[s].total);
      g_array_unref (searches[s].sync);
      g_free (searches[s].text);
    }
  bench_print_result ("history_inproc_rss_growth", "MiB", rss_growth);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  tw_i18n_init ();

  if (argc == 3 && g_str_equal (argv[1], "fill"))
    return fill ((guint) g_ascii_strtoull (argv[2], NULL, 10));

  if (argc == 4 && g_str_equal (argv[1], "ui"))
    {
      gtk_init ();
      adw_init ();
      return ui ((guint) g_ascii_strtoull (argv[2], NULL, 10),
                 (guint) g_ascii_strtoull (argv[3], NULL, 10));
    }

  g_printerr ("usage: bench-history fill N | ui RUNS N_ROWS\n");
  return 2;
}
