/* history-writer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes request history through the real store, for tests:
 *   history-writer loop DB  — batches forever, printing "committed N" after
 *                             each one is committed (killed by test-history)
 *   history-writer fill DB  — a fixed set of requests for cli-history */

#define G_LOG_DOMAIN "history-writer"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tw-history.h"

#define LOOP_BATCH 2000
/* 2024-05-01T07:00:00Z */
#define FILL_T0 G_GINT64_CONSTANT (1714546800000)

static void
flushed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  if (!tw_history_flush_finish (TW_HISTORY (source), result, &error))
    {
      g_printerr ("history-writer: %s\n", error->message);
      exit (1);
    }
  *done = TRUE;
}

static void
flush (TwHistory *history)
{
  gboolean done = FALSE;

  tw_history_flush_async (history, NULL, flushed_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static TwHistoryRecord *
make_record (gint64      time_ms,
             const char *kind,
             const char *url,
             const char *outcome,
             guint       status,
             const char *code,
             const char *request_id)
{
  TwHistoryRecord *record = tw_history_record_new ();

  record->time_ms = time_ms;
  g_free (record->profile);
  record->profile = g_strdup ("shop-a");
  record->base_url = g_strdup ("https://api.tikinow.vn");
  record->kind = g_strdup (kind);
  record->method = g_strdup ("POST");
  record->url = g_strdup (url);
  record->outcome = g_strdup (outcome);
  record->http_status = status;
  record->message_code = g_strdup (code);
  record->request_id = g_strdup (request_id);
  record->duration_ms = 120;
  record->attempt = 1;
  return record;
}

static int
run_loop (TwHistory *history)
{
  g_autofree char *body = g_strnfill (2048, 'b');
  guint committed = 0;

  for (guint batch = 0; ; batch++)
    {
      for (guint i = 0; i < LOOP_BATCH; i++)
        {
          g_autofree char *request_id = g_strdup_printf ("%032x", committed + i);
          g_autoptr(TwHistoryRecord) record =
            make_record (g_get_real_time () / 1000, "registration",
                         "https://api.tikinow.vn/business/v1/register-webhooks",
                         "success", 200, NULL, request_id);

          record->request_body = g_strdup (body);
          tw_history_sink_record (TW_HISTORY_SINK (history), record);
        }

      flush (history);
      committed += LOOP_BATCH;
      printf ("committed %u\n", committed);
      fflush (stdout);
    }

  return 0;
}

static void
add (TwHistory       *history,
     TwHistoryRecord *record)
{
  tw_history_sink_record (TW_HISTORY_SINK (history), record);
  tw_history_record_free (record);
}

static int
run_fill (TwHistory *history)
{
  const char *register_url = "https://api.tikinow.vn/business/v1/register-webhooks";
  TwHistoryRecord *record;

  record = make_record (FILL_T0, "registration", register_url, "success", 200, NULL,
                        "aaaa1111aaaa1111aaaa1111aaaa1111");
  record->request_body = g_strdup ("{\"sync_inventory_location\":[\"sgn\"]}");
  add (history, record);

  record = make_record (FILL_T0 + 60000, "registration",
                        "https://tikinowapi.tiki.vn/business/v1/register-webhooks",
                        "rejected", 400, "BAD_REQUEST", "bbbb2222bbbb2222bbbb2222bbbb2222");
  record->message = g_strdup ("Kho \"zzz\" không tồn tại, hãy kiểm tra");
  add (history, record);

  record = make_record (FILL_T0 + 120000, "token", "https://api.tiki.vn/sc/oauth2/token",
                        "success", 200, NULL, NULL);
  record->request_body = g_strdup ("grant_type=client_credentials&client_id=app"
                                   "&client_secret=PLANTEDclientSECRET0123456789abcd");
  record->response_body = g_strdup ("{\"access_token\":\"PLANTEDaccessTOKEN0123\","
                                    "\"expires_in\":3600}");
  add (history, record);

  record = make_record (FILL_T0 + 180000, "registration", register_url,
                        "invalid-token", 401, "INVALID_TOKEN", "cccc3333cccc3333cccc3333cccc3333");
  record->request_body = g_strdup ("POST /business/v1/register-webhooks\n"
                                   "Authorization: Bearer PLANTEDbearerTOKEN0123\n\n{}");
  add (history, record);

  flush (history);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TwHistory) history = NULL;
  int status;

  if (argc != 3 || (strcmp (argv[1], "loop") != 0 && strcmp (argv[1], "fill") != 0))
    {
      g_printerr ("usage: history-writer loop|fill DB\n");
      return 2;
    }

  history = tw_history_new (argv[2]);
  status = strcmp (argv[1], "loop") == 0 ? run_loop (history) : run_fill (history);
  g_clear_object (&history);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return status;
}
