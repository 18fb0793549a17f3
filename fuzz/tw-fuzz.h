/* tw-fuzz.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

G_BEGIN_DECLS

/* The entry point of every target, called by libFuzzer or by replay.c. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* A broken invariant is a finding: abort, so that libFuzzer keeps the
 * input, whatever G_DISABLE_ASSERT says. */
#define TW_FUZZ_CHECK(cond)                                                  \
  G_STMT_START {                                                             \
    if (G_UNLIKELY (!(cond)))                                                \
      {                                                                      \
        fprintf (stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__,   \
                 #cond);                                                     \
        abort ();                                                            \
      }                                                                      \
  } G_STMT_END

/* A critical or a warning means a reader let a caller break a
 * precondition: a finding too. Done once, before the first input. */
static inline void
tw_fuzz_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      g_once_init_leave (&done, 1);
    }
}

/* A NUL-terminated copy of the input, for functions that take C strings
 * (the input may hold NUL bytes: the string then ends at the first). */
static inline char *
tw_fuzz_dup (const uint8_t *data,
             size_t         size)
{
  char *copy = g_malloc (size + 1);

  if (size > 0)
    memcpy (copy, data, size);
  copy[size] = '\0';
  return copy;
}

/* The stack of the thread that runs a recursive reader. json-glib takes
 * about 100 bytes per nesting level: the app's 8 MiB main thread overflows
 * at some 80 000 levels, this one at a few hundred, so that inputs of the
 * few kilobytes libFuzzer tries can show a missing depth limit. */
#define TW_FUZZ_STACK_SIZE (64 * 1024)

typedef void (*TwFuzzFunc) (const uint8_t *data,
                            size_t         size);

/* One thread for the whole run: starting one per input costs more under
 * ASan than most inputs take. */
typedef struct
{
  GMutex         lock;
  GCond          cond;
  TwFuzzFunc     func;
  const uint8_t *data;
  size_t         size;
  gboolean       pending;
} TwFuzzWorker;

static inline void *
tw_fuzz_worker_main (void *user_data)
{
  TwFuzzWorker *worker = user_data;

  g_mutex_lock (&worker->lock);
  for (;;)
    {
      while (!worker->pending)
        g_cond_wait (&worker->cond, &worker->lock);
      worker->func (worker->data, worker->size);
      worker->pending = FALSE;
      g_cond_broadcast (&worker->cond);
    }
  return NULL;
}

/* Runs @func on a thread with a TW_FUZZ_STACK_SIZE stack and waits. */
static inline void
tw_fuzz_run_on_small_stack (TwFuzzFunc     func,
                            const uint8_t *data,
                            size_t         size)
{
  static TwFuzzWorker worker;
  static gsize started = 0;

  if (g_once_init_enter (&started))
    {
      pthread_attr_t attr;
      pthread_t thread;

      TW_FUZZ_CHECK (pthread_attr_init (&attr) == 0);
      TW_FUZZ_CHECK (pthread_attr_setstacksize (&attr, TW_FUZZ_STACK_SIZE) == 0);
      TW_FUZZ_CHECK (pthread_create (&thread, &attr, tw_fuzz_worker_main, &worker) == 0);
      pthread_attr_destroy (&attr);
      g_once_init_leave (&started, 1);
    }

  g_mutex_lock (&worker.lock);
  worker.func = func;
  worker.data = data;
  worker.size = size;
  worker.pending = TRUE;
  g_cond_broadcast (&worker.cond);
  while (worker.pending)
    g_cond_wait (&worker.cond, &worker.lock);
  g_mutex_unlock (&worker.lock);
}

/* Checks that text a reader hands on is valid UTF-8: widgets and JSON
 * writers refuse anything else. */
static inline void
tw_fuzz_check_text (const char *text)
{
  TW_FUZZ_CHECK (text == NULL || g_utf8_validate (text, -1, NULL));
}

G_END_DECLS
