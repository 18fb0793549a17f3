/* tw-test-ui.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-context.h"
#include "tw-window.h"

G_BEGIN_DECLS

/* Runs one iteration of the default main context, waking at least every
 * 10 ms; FALSE once @deadline (monotonic, µs) has passed. */
gboolean      tw_test_spin_step          (gint64        deadline);
/* Spins the main loop for @ms milliseconds (for "still not happened"). */
void          tw_test_spin_for           (guint         ms);

/* How much longer waits may take: TW_TEST_TIMEOUT_MULTIPLIER, set by
 * build-aux/run-tests.sh for the (slower) sanitizer build; 1 otherwise. */
guint         tw_test_timeout_multiplier (void);

/* Spins the main loop until @cond holds; fails the test after @timeout_ms
 * (times the multiplier). */
#define TW_TEST_SPIN_UNTIL(cond, timeout_ms)                                   \
  G_STMT_START {                                                               \
    gint64 tw_deadline_ = g_get_monotonic_time () +                            \
      (gint64) (timeout_ms) * 1000 * tw_test_timeout_multiplier ();           \
    while (!(cond))                                                            \
      {                                                                        \
        if (!tw_test_spin_step (tw_deadline_))                                 \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond);    \
      }                                                                        \
  } G_STMT_END

/* Spins the main loop until *@slot (filled by tw_test_keep_result_cb()) is
 * set and returns it, still owned by *@slot; fails the test after
 * @timeout_ms (times the multiplier). */
GAsyncResult *tw_test_spin_until_result  (GAsyncResult **slot,
                                          guint          timeout_ms);

/* A context of its own: in-memory settings, a fresh API client. */
TwContext    *tw_test_context_new        (void);
/* A toplevel holding @child in a toast overlay, presented at @width ×
 * @height and drawn at least once. */
GtkWindow    *tw_test_window_new         (GtkWidget    *child,
                                          int           width,
                                          int           height);
/* Lets @widget's frame clock tick @n times: layout, then paint. */
void          tw_test_wait_frames        (GtkWidget    *widget,
                                          guint         n);
/* Asserts that each widget of the NULL-terminated list after @first is
 * the next sibling of the one before it: rows in the order of a form. */
void          tw_test_assert_in_order    (GtkWidget    *first,
                                          ...) G_GNUC_NULL_TERMINATED;
/* Asserts that @widget's height, once drawn, is what a restyle from
 * scratch (forced by a CSS class) gives: a row put into a list later is
 * styled for its place (a row with rows after it has a separator). */
void          tw_test_assert_styled_in_place (GtkWidget *widget);
/* Presents @window and waits until it is drawn at its size. */
void          tw_test_window_show        (GtkWindow    *window);
/* The app's main window on @context, sized @width × @height through the
 * settings it reads them from, shown as by tw_test_window_show(). */
TwWindow     *tw_test_main_window_show   (TwContext    *context,
                                          int           width,
                                          int           height);
/* Renders @widget into @name (PNG) in the test build directory and
 * returns the path. */
char         *tw_test_save_screenshot    (GtkWidget    *widget,
                                          const char   *name);
/* The test programs share one X server, hence one clipboard: a test that
 * copies and reads back holds this lock (a file lock in the build
 * directory) so that another program cannot take the clipboard meanwhile. */
int           tw_test_lock_clipboard     (void);
void          tw_test_unlock_clipboard   (int           lock);
/* Reads the text on @clipboard back through the asynchronous API. */
char         *tw_test_read_clipboard     (GdkClipboard *clipboard);
/* The first GtkLabel or TwTextCell below @root (inclusive) whose text is
 * @text. */
GtkWidget    *tw_test_find_label         (GtkWidget    *root,
                                          const char   *text);
/* The first widget of @type below @root (inclusive), or NULL. */
GtkWidget    *tw_test_find_descendant    (GtkWidget    *root,
                                          GType         type);
/* The first widget below @root (inclusive) built from a builder file with
 * the id @id, or NULL. */
GtkWidget    *tw_test_find_by_id         (GtkWidget    *root,
                                          const char   *id);
/* A template child, or a part built later from a builder file of its own
 * (found by its id), failing the test when it is missing. */
gpointer      tw_test_get_child          (gpointer      widget,
                                          GType         template_type,
                                          const char   *name);
/* The text of a GtkEditable, the subtitle of an AdwActionRow or the
 * description of a TwTitleBlock. */
const char   *tw_test_row_subtitle       (gpointer      row);

G_END_DECLS
