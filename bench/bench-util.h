/* bench-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

#include "tw-history.h"
#include "tw-registration.h"
#include "tw-window.h"

G_BEGIN_DECLS

/* Shared by the in-process benchmarks of bench/. Each prints its figures
 * as lines the driver (bench/bench.py) reads:
 *   RESULT <name> <unit> <sample> <sample>…
 * and fails (exit status 1, a message on stderr) when something it waits
 * for does not happen. */

/* Monotonic time in milliseconds, with microsecond resolution. */
double           bench_now_ms            (void);
void             bench_print_result      (const char *name,
                                          const char *unit,
                                          GArray     *samples);
G_GNUC_NORETURN
void             bench_fail              (const char *format,
                                          ...) G_GNUC_PRINTF (1, 2);
/* Runs the default main context for @ms milliseconds. */
void             bench_spin_for          (guint       ms);
/* Runs the default main context until *@flag is TRUE; fails after
 * @timeout_ms. */
void             bench_spin_until        (gboolean   *flag,
                                          guint       timeout_ms,
                                          const char *what);
/* Runs the main context until the end ("after-paint") of the next frame
 * of @window that drew something; returns when it ended, in
 * bench_now_ms() time. */
double           bench_wait_painted_frame (GtkWidget *window);
/* The same, but returns -1 when the main context runs out of work before
 * a frame starts: nothing asked for one. The frame clock must not be
 * holding a frame back, i.e. the last one ended a refresh interval ago. */
double           bench_wait_painted_frame_if_any (GtkWidget *window);
/* Presents @window and returns once it has drawn a frame and opened its
 * profile (which it reads after its first frame): the window a user gets
 * to work with. */
void             bench_show_window       (TwWindow   *window);
/* The peak and current resident set size of this process, in KiB. */
guint64          bench_peak_rss_kib      (void);
guint64          bench_rss_kib           (void);
/* A plausible request: @i makes the request id unique; one in ten failed
 * with INVALID_TOKEN; every URL is on api.tikinow.vn. */
TwHistoryRecord *bench_make_record       (guint       i,
                                          gint64      time_ms);
/* A valid registration (two warehouses, order and stock hooks with fresh
 * random secret keys), as the Register page would send it. */
TwRegistration  *bench_make_registration (void);
/* Waits until everything recorded in @history so far is committed. */
void             bench_flush_history     (TwHistory  *history);

G_END_DECLS
