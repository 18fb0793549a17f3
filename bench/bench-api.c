/* bench-api.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost of TwApiClient over plain libsoup (DESIGN §6):
 *   bench-api RUNS N   N sequential registrations against the simulator
 *                      through (a) a bare libsoup loop sending the same
 *                      request body and token and (b) TwApiClient, in RUNS
 *                      rounds of N / RUNS each, the two taking turns, after
 *                      a warm-up round; prints the wall time of each round.
 * The simulator runs in a thread of its own, like a server in another
 * process, so that its work is the same for every client. */

#define G_LOG_DOMAIN "bench-api"

#include "config.h"

#include <libsoup/soup.h>

#include "bench-util.h"
#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-i18n.h"

#define TOKEN "bench-api-token"

typedef struct
{
  GMutex        mutex;
  GCond         cond;
  GMainContext *context;
  GMainLoop    *loop;
  TwDemoServer *server;
  char         *base_url;
} ServerThread;

typedef struct
{
  guint     remaining;
  gboolean  done;
  double    started;
  double    elapsed;
  /* Bare loop */
  SoupSession *session;
  char        *url;
  GBytes      *body;
  /* Client loop */
  TwApiClient    *client;
  TwRegistration *registration;
  TwAuth         *auth;
  const char     *base_url;
} Round;

static gpointer
server_thread_run (gpointer data)
{
  ServerThread *thread = data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (thread->context);
  thread->server = tw_demo_server_new ();
  if (!tw_demo_server_start (thread->server, 0, &error))
    bench_fail ("the simulator did not start: %s", error->message);

  g_mutex_lock (&thread->mutex);
  thread->base_url = g_strdup (tw_demo_server_get_base_url (thread->server));
  g_cond_signal (&thread->cond);
  g_mutex_unlock (&thread->mutex);

  g_main_loop_run (thread->loop);
  tw_demo_server_stop (thread->server);
  g_clear_object (&thread->server);
  g_main_context_pop_thread_default (thread->context);
  return NULL;
}

/* The simulator keeps every request it received: forget them between
 * rounds, in its thread. */
static gboolean
clear_requests_cb (gpointer data)
{
  ServerThread *thread = data;

  tw_demo_server_clear_requests (thread->server);
  return G_SOURCE_REMOVE;
}

static void
finish_round (Round *round)
{
  round->elapsed = bench_now_ms () - round->started;
  round->done = TRUE;
}

static void send_bare (Round *round);

static void
bare_sent_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Round *round = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessage *message;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    bench_fail ("libsoup: %s", error->message);
  message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  if (soup_message_get_status (message) != SOUP_STATUS_OK)
    bench_fail ("libsoup: HTTP %u", soup_message_get_status (message));

  if (--round->remaining == 0)
    finish_round (round);
  else
    send_bare (round);
}

static void
send_bare (Round *round)
{
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_POST, round->url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Authorization", "Bearer " TOKEN);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_set_request_body_from_bytes (message, "application/json", round->body);
  soup_session_send_and_read_async (round->session, message, G_PRIORITY_DEFAULT, NULL,
                                    bare_sent_cb, round);
}

static void send_client (Round *round);

static void
client_registered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Round *round = user_data;
  g_autoptr(TwApiResult) api_result = NULL;
  g_autoptr(GError) error = NULL;

  api_result = tw_api_client_register_finish (TW_API_CLIENT (source), result, &error);
  if (api_result == NULL)
    bench_fail ("TwApiClient: %s", error->message);
  if (!tw_api_result_get_ok (api_result))
    bench_fail ("TwApiClient: %s", tw_api_result_get_outcome (api_result));

  if (--round->remaining == 0)
    finish_round (round);
  else
    send_client (round);
}

static void
send_client (Round *round)
{
  tw_api_client_register_async (round->client, "bench", round->base_url, round->registration,
                                round->auth, NULL, client_registered_cb, round);
}

static double
run_round (Round  *round,
           guint   n,
           void  (*send) (Round *round))
{
  round->remaining = n;
  round->done = FALSE;
  round->started = bench_now_ms ();
  send (round);
  bench_spin_until (&round->done, 600000, "a round of registrations");
  return round->elapsed;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) client = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(TwApiClient) api_client = NULL;
  g_autofree char *json = NULL;
  ServerThread thread = { 0 };
  GThread *server_thread;
  Round round = { 0 };
  guint runs;
  guint n;

  if (argc != 3)
    {
      g_printerr ("usage: bench-api RUNS N\n");
      return 2;
    }
  runs = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  n = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  if (runs == 0 || n < runs)
    {
      g_printerr ("bench-api: N must be at least RUNS\n");
      return 2;
    }
  n /= runs;
  tw_i18n_init ();

  g_mutex_init (&thread.mutex);
  g_cond_init (&thread.cond);
  thread.context = g_main_context_new ();
  thread.loop = g_main_loop_new (thread.context, FALSE);
  server_thread = g_thread_new ("bench-server", server_thread_run, &thread);
  g_mutex_lock (&thread.mutex);
  while (thread.base_url == NULL)
    g_cond_wait (&thread.cond, &thread.mutex);
  g_mutex_unlock (&thread.mutex);

  round.registration = bench_make_registration ();
  round.auth = tw_auth_new_for_token (TOKEN);
  round.base_url = thread.base_url;
  round.session = soup_session_new ();
  round.url = g_strconcat (thread.base_url, TW_API_REGISTER_PATH, NULL);
  json = tw_registration_to_json (round.registration, TW_JSON_DEFAULT);
  round.body = g_bytes_new (json, strlen (json));

  /* As the CLI uses it, without a history: the bare loop keeps none. */
  api_client = tw_api_client_new ();
  round.client = api_client;

  for (guint run = 0; run <= runs; run++)
    {
      double t_bare;
      double t_client;

      /* Neither always goes first. */
      if (run % 2 == 0)
        {
          t_bare = run_round (&round, n, send_bare);
          t_client = run_round (&round, n, send_client);
        }
      else
        {
          t_client = run_round (&round, n, send_client);
          t_bare = run_round (&round, n, send_bare);
        }
      g_main_context_invoke (thread.context, clear_requests_cb, &thread);

      if (run == 0)
        continue;
      g_array_append_val (bare, t_bare);
      g_array_append_val (client, t_client);
    }

  bench_print_result ("api_bare_libsoup", "ms", bare);
  bench_print_result ("api_client", "ms", client);

  g_main_loop_quit (thread.loop);
  g_thread_join (server_thread);
  g_main_loop_unref (thread.loop);
  g_main_context_unref (thread.context);
  g_free (thread.base_url);
  g_mutex_clear (&thread.mutex);
  g_cond_clear (&thread.cond);

  g_clear_object (&round.registration);
  g_clear_object (&round.auth);
  g_clear_object (&round.session);
  g_free (round.url);
  g_bytes_unref (round.body);
  return 0;
}
