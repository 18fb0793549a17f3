/* test-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-history"

#include "config.h"

#define _GNU_SOURCE
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-history.h"
#include "tw-history-model.h"
#include "tw-registration.h"
#include "tw-test-http.h"

#define DAY_MS (G_GINT64_CONSTANT (86400) * 1000)
/* 2024-05-01T07:00:00Z */
#define T0 G_GINT64_CONSTANT (1714546800000)
#define FINGERPRINT_JSON "abcd…1a2b3c4d"
#define FINGERPRINT_FORM "wxyz%E2%80%A689abcdef"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

/* Files and SQLite, independently of the store */

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tw-history-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "history.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  drain_main_context ();
  tw_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* The database and its -wal and -shm, as bytes on disk. */
static gboolean
database_files_contain (const char *db,
                        const char *needle)
{
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  return file_contains (db, needle) || file_contains (wal, needle) || file_contains (shm, needle);
}

static void
sqlite_exec (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static char *
sqlite_text (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static gint64
sqlite_int (const char *path,
            const char *sql)
{
  g_autofree char *text = sqlite_text (path, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* The store, synchronously */

static void
clear_ok (TwHistory *history)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_history_clear_async (history, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_history_clear_finish (history, tw_test_wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static char *
export_to_text (TwHistory             *history,
                const TwHistoryFilter *filter,
                TwHistoryExportFormat  format,
                const char            *dir)
{
  g_autofree char *path = g_build_filename (dir, format == TW_HISTORY_EXPORT_CSV
                                            ? "export.csv" : "export.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  tw_history_export_async (history, filter, file, format, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_history_export_finish (history, tw_test_wait_for_result (&result), &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static guint
count_rows (TwHistory             *history,
            const TwHistoryFilter *filter)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (tw_history_count (history, filter, &n, &error));
  g_assert_no_error (error);
  return n;
}

static TwHistoryRecord *
make_record (gint64      time_ms,
             const char *outcome,
             const char *request_id)
{
  TwHistoryRecord *record = tw_history_record_new ();
  gboolean success = g_strcmp0 (outcome, "success") == 0;

  record->time_ms = time_ms;
  g_free (record->profile);
  record->profile = g_strdup ("shop-a");
  record->base_url = g_strdup ("https://api.tikinow.vn");
  record->kind = g_strdup ("registration");
  record->method = g_strdup ("POST");
  record->url = g_strdup ("https://api.tikinow.vn/business/v1/register-webhooks");
  record->outcome = g_strdup (outcome);
  record->http_status = success ? 200 : 400;
  record->message_code = success ? NULL : g_strdup ("BAD_REQUEST");
  record->request_id = g_strdup (request_id);
  record->duration_ms = 42;
  record->attempt = 1;
  return record;
}

static void
add_record (TwHistory       *history,
            TwHistoryRecord *record)
{
  tw_history_sink_record (TW_HISTORY_SINK (history), record);
  tw_history_record_free (record);
}

static TwHistoryEntry *
model_item (GListModel *model,
            guint       position)
{
  TwHistoryEntry *entry = g_list_model_get_item (model, position);

  g_assert_nonnull (entry);
  /* The caller's reference is the model's cache's: fine for a test. */
  g_object_unref (entry);
  return entry;
}

/* Schema */

static void
test_schema_create (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "history.db", NULL);
  g_autofree char *parent = g_path_get_dirname (nested);
  g_autoptr(TwHistory) history = tw_history_new (nested);
  g_autofree char *mode = NULL;
  GStatBuf st;

  g_assert_null (tw_history_get_damaged_path (history));
  g_assert_cmpstr (tw_history_get_path (history), ==, nested);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (parent, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (sqlite_int (nested, "PRAGMA user_version"), ==, TW_HISTORY_SCHEMA_VERSION);
  g_assert_cmpint (sqlite_int (nested, "PRAGMA application_id"), ==, 0x54574831);
  mode = sqlite_text (nested, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  /* Large pages: a search reads the filter index in fewer calls. */
  g_assert_cmpint (sqlite_int (nested, "PRAGMA page_size"), ==, 16384);
  g_assert_cmpint (sqlite_int (nested, "SELECT count(*) FROM sqlite_master WHERE name IN"
                               " ('requests', 'bodies', 'requests_time', 'requests_filter')"),
                   ==, 4);
  g_assert_cmpuint (count_rows (history, NULL), ==, 0);
}

#define V1_SCHEMA \
  "PRAGMA application_id = 1415006257; PRAGMA user_version = 1;" \
  "CREATE TABLE requests (id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL," \
  " profile TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL, method TEXT, url TEXT," \
  " outcome TEXT NOT NULL, http_status INTEGER NOT NULL DEFAULT 0, message_code TEXT," \
  " message TEXT, request_id TEXT, duration_ms INTEGER NOT NULL DEFAULT 0," \
  " attempt INTEGER NOT NULL DEFAULT 1, request_body TEXT, response_body TEXT);" \
  "CREATE INDEX requests_time ON requests (time_ms);"

static void
test_schema_migrate (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(TwHistoryModel) model = NULL;
  TwHistoryEntry *entry;

  sqlite_exec (f->db, V1_SCHEMA
               "INSERT INTO requests (time_ms, kind, method, url, outcome, http_status,"
               " message_code, request_id, request_body, response_body) VALUES"
               " (1714546800000, 'registration', 'POST', 'https://tikinowapi.tiki.vn/x',"
               "  'success', 200, NULL, 'AAAA0001', '{\"a\":1}', '{\"success\":true}'),"
               " (1714546860000, 'registration', 'POST', 'https://api.tikinow.vn/x',"
               "  'rejected', 400, 'BAD_REQUEST', 'BBBB0002',"
               "  'Authorization: Bearer PLANTEDv1TOKEN', NULL),"
               " (1714546920000, 'token', 'POST', 'https://api.tiki.vn/token',"
               "  'success', 200, NULL, NULL, NULL, NULL);");
  g_assert_cmpint (sqlite_int (f->db, "PRAGMA user_version"), ==, 1);

  history = tw_history_new (f->db);
  g_assert_null (tw_history_get_damaged_path (history));
  g_assert_cmpint (sqlite_int (f->db, "PRAGMA user_version"), ==, TW_HISTORY_SCHEMA_VERSION);
  /* A file made with SQLite's default pages keeps them, and works. */
  g_assert_cmpint (sqlite_int (f->db, "PRAGMA page_size"), ==, 4096);

  model = tw_history_model_new (history);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  entry = model_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (tw_history_entry_get_kind (entry), ==, "token");
  entry = model_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (tw_history_entry_get_request_id (entry), ==, "BBBB0002");
  g_assert_cmpstr (tw_history_entry_get_request_body (entry), ==, "Authorization: <redacted>");
  entry = model_item (G_LIST_MODEL (model), 2);
  g_assert_cmpstr (tw_history_entry_get_response_body (entry), ==, "{\"success\":true}");
  g_assert_cmpint (tw_history_entry_get_error_code (entry), ==, 0);
  g_assert_null (tw_history_entry_get_base_url (entry));

  /* Migrated rows are searchable, without regard to case. */
  tw_history_model_set_search (model, "aaaa00");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tw_history_model_set_search (model, "TIKINOWAPI");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* New rows continue the old ids. */
  add_record (history, make_record (T0, "success", "new"));
  tw_test_flush_history (history);
  g_assert_cmpint (sqlite_int (f->db, "SELECT max(id) FROM requests"), ==, 4);

  /* The old table was overwritten, not just unlinked. */
  g_clear_object (&model);
  g_clear_object (&history);
  drain_main_context ();
  g_assert_false (database_files_contain (f->db, "PLANTEDv1TOKEN"));
}

/* Records */

static TwHistoryRecord *
make_full_record (void)
{
  TwHistoryRecord *record = tw_history_record_new ();

  record->time_ms = T0 + 123;
  g_free (record->profile);
  record->profile = g_strdup ("Cửa hàng A");
  record->base_url = g_strdup ("https://api.tikinow.vn");
  record->kind = g_strdup ("registration");
  record->method = g_strdup ("POST");
  record->url = g_strdup ("https://api.tikinow.vn/business/v1/register-webhooks");
  record->outcome = g_strdup ("rejected");
  record->http_status = 400;
  record->message_code = g_strdup ("BAD_REQUEST");
  record->message = g_strdup ("Kho không hợp lệ");
  record->request_id = g_strdup ("c00433cc7e5b25e390a6920052f7fedf");
  record->duration_ms = 321;
  record->attempt = 2;
  record->request_body = g_strdup ("{\"sync_inventory_location\":[\"zzz\"]}");
  record->response_body = g_strdup ("{\"success\":false}");
  record->error_domain = g_strdup ("tw-error-quark");
  record->error_code = 1;
  return record;
}

static void
test_record_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryRecord) record = make_full_record ();
  g_autoptr(TwHistoryModel) model = NULL;
  g_autofree char *local = NULL;
  g_autofree char *url = NULL;
  g_autofree char *body = NULL;
  TwHistoryEntry *entry;
  gint64 time_ms = 0;
  guint status = 0;
  gboolean success = TRUE;

  tw_history_sink_record (TW_HISTORY_SINK (history), record);
  tw_test_flush_history (history);
  model = tw_history_model_new (history);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TW_TYPE_HISTORY_ENTRY);

  entry = model_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (tw_history_entry_get_id (entry), ==, 1);
  g_assert_cmpint (tw_history_entry_get_time_ms (entry), ==, T0 + 123);
  g_assert_cmpstr (tw_history_entry_get_profile (entry), ==, "Cửa hàng A");
  g_assert_cmpstr (tw_history_entry_get_base_url (entry), ==, record->base_url);
  g_assert_cmpstr (tw_history_entry_get_kind (entry), ==, "registration");
  g_assert_cmpstr (tw_history_entry_get_method (entry), ==, "POST");
  g_assert_cmpstr (tw_history_entry_get_url (entry), ==, record->url);
  g_assert_cmpstr (tw_history_entry_get_outcome (entry), ==, "rejected");
  g_assert_cmpuint (tw_history_entry_get_http_status (entry), ==, 400);
  g_assert_cmpstr (tw_history_entry_get_message_code (entry), ==, "BAD_REQUEST");
  g_assert_cmpstr (tw_history_entry_get_message (entry), ==, "Kho không hợp lệ");
  g_assert_cmpstr (tw_history_entry_get_request_id (entry), ==, record->request_id);
  g_assert_cmpint (tw_history_entry_get_duration_ms (entry), ==, 321);
  g_assert_cmpuint (tw_history_entry_get_attempt (entry), ==, 2);
  g_assert_cmpstr (tw_history_entry_get_error_domain (entry), ==, "tw-error-quark");
  g_assert_cmpint (tw_history_entry_get_error_code (entry), ==, 1);
  g_assert_cmpstr (tw_history_entry_get_request_body (entry), ==, record->request_body);
  g_assert_cmpstr (tw_history_entry_get_response_body (entry), ==, record->response_body);
  g_assert_false (tw_history_entry_get_success (entry));

  /* The properties a list factory binds. */
  g_object_get (entry, "time-ms", &time_ms, "http-status", &status, "success", &success,
                "url", &url, "time-local", &local, "response-body", &body, NULL);
  g_assert_cmpint (time_ms, ==, T0 + 123);
  g_assert_cmpuint (status, ==, 400);
  g_assert_false (success);
  g_assert_cmpstr (url, ==, record->url);
  g_assert_true (g_str_has_prefix (local, "2024-05-01 "));
  g_assert_cmpstr (body, ==, record->response_body);

  /* One row per call, nothing merged. */
  tw_history_sink_record (TW_HISTORY_SINK (history), record);
  tw_history_sink_record (TW_HISTORY_SINK (history), record);
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 3);
}

static TwHistoryRecord *
make_secret_record (void)
{
  TwHistoryRecord *record = make_record (T0, "invalid-token", "5ec2e75ec2e75ec2e75ec2e75ec2e75e");

  g_free (record->url);
  record->url = g_strdup ("https://user:PLANTED-D4@api.example.vn/x?access_token=PLANTED-E5&a=1");
  record->message = g_strdup ("the token Bearer PLANTED-C3 was refused");
  record->request_body =
    g_strdup ("POST /business/v1/register-webhooks HTTP/1.1\r\n"
              "Authorization: Bearer PLANTED-A1\r\n\r\n"
              "{\"sync_webhook\":{\"order\":{\"url\":\"https://shop.vn/o\","
              "\"secret_key\":\"" FINGERPRINT_JSON "\"},"
              "\"stock\":{\"url\":\"https://shop.vn/s\","
              "\"secret_key\":\"PLANTED-F6xxxxxxxxxxxxxxxxxxxxxx\"}}}"
              "\ngrant_type=client_credentials&client_secret=PLANTED-G7"
              "&client_secret=" FINGERPRINT_FORM);
  record->response_body = g_strdup ("{\"access_token\": \"PLANTED-B2\","
                                    " \"token_type\": \"bearer\"}");
  return record;
}

static void
test_secrets_never_stored (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *summary = NULL;

  add_record (history, make_secret_record ());
  tw_test_flush_history (history);

  g_assert_false (database_files_contain (f->db, "PLANTED"));
  g_assert_true (database_files_contain (f->db, "5ec2e75ec2e75ec2e75e"));
  g_assert_true (database_files_contain (f->db, FINGERPRINT_JSON));
  g_assert_true (database_files_contain (f->db, FINGERPRINT_FORM));

  json = export_to_text (history, NULL, TW_HISTORY_EXPORT_JSON, f->dir);
  csv = export_to_text (history, NULL, TW_HISTORY_EXPORT_CSV, f->dir);
  g_assert_null (strstr (json, "PLANTED"));
  g_assert_null (strstr (csv, "PLANTED"));
  g_assert_nonnull (strstr (json, FINGERPRINT_JSON));
  g_assert_nonnull (strstr (csv, FINGERPRINT_FORM));
  g_assert_nonnull (strstr (json, "Authorization: <redacted>"));

  model = tw_history_model_new (history);
  summary = tw_history_entry_get_support_summary (model_item (G_LIST_MODEL (model), 0));
  g_assert_null (strstr (summary, "PLANTED"));
  g_assert_nonnull (strstr (summary, "Authorization: Bearer <redacted>"));
  g_assert_cmpstr (tw_history_entry_get_url (model_item (G_LIST_MODEL (model), 0)), ==,
                   "https://api.example.vn/x?access_token=<redacted>&a=1");
}

static void
test_record_caps (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  TwHistoryRecord *record = make_record (T0, "success", "caps");
  TwHistoryEntry *entry;
  GString *body = g_string_new (NULL);

  /* 1 MiB of two-byte characters, so a cut can land inside one. */
  while (body->len < 1024 * 1024)
    g_string_append (body, "ệ");
  record->response_body = g_strdup (body->str);
  g_string_append (body, "\xff\xfe invalid");
  record->request_body = g_string_free (body, FALSE);
  g_free (record->message);
  record->message = g_strnfill (100000, 'm');
  g_free (record->request_id);
  record->request_id = g_strnfill (10000, 'r');
  add_record (history, record);
  tw_test_flush_history (history);

  model = tw_history_model_new (history);
  entry = model_item (G_LIST_MODEL (model), 0);
  g_assert_cmpuint (strlen (tw_history_entry_get_response_body (entry)), <=,
                    TW_HISTORY_RECORD_MAX_BODY);
  g_assert_cmpuint (strlen (tw_history_entry_get_response_body (entry)), >,
                    TW_HISTORY_RECORD_MAX_BODY - 4);
  g_assert_true (g_utf8_validate (tw_history_entry_get_response_body (entry), -1, NULL));
  g_assert_cmpuint (strlen (tw_history_entry_get_request_body (entry)), <=,
                    TW_HISTORY_RECORD_MAX_BODY);
  g_assert_true (g_utf8_validate (tw_history_entry_get_request_body (entry), -1, NULL));
  g_assert_cmpuint (strlen (tw_history_entry_get_message (entry)), <=, 4096);
  g_assert_cmpuint (strlen (tw_history_entry_get_request_id (entry)), <=, 256);
}

/* Scale */

static double
elapsed_ms (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static void
fill_many (TwHistory *history,
           guint      n_rows)
{
  const char *body = "{\"sync_inventory_location\":[\"sgn\",\"hn4\"],\"sync_webhook\":{\"order\":"
                     "{\"url\":\"https://shop.example.vn/webhooks/order\",\"secret_key\":\""
                     FINGERPRINT_JSON "\"}}}";

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *request_id = g_strdup_printf ("%08x%024x", i % 1000 == 7 ? 0xc0ffee : i, i);
      TwHistoryRecord *record = make_record (T0 + i, i % 3 == 0 ? "rejected" : "success",
                                             request_id);

      record->request_body = g_strdup (body);
      record->response_body = g_strdup ("{\"success\":true,\"meta_data\":{}}");
      add_record (history, record);
      if ((i + 1) % 10000 == 0)
        tw_test_flush_history (history);
    }
  tw_test_flush_history (history);
}

/* Four times the budgets, for loaded machines; more under sanitizers. */
#if defined(__SANITIZE_ADDRESS__)
#define BUDGET_FACTOR 12
#else
#define BUDGET_FACTOR 4
#endif

/* The best of three runs: the machine is shared. */
static double
time_search (TwHistoryModel *model,
             const char     *search,
             guint           n_expected)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      TwHistoryEntry *entry;

      tw_history_model_set_search (model, search);
      entry = model_item (G_LIST_MODEL (model), 0);
      best = MIN (best, elapsed_ms (start));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_expected);
      g_assert_nonnull (tw_history_entry_get_request_id (entry));
      tw_history_model_set_search (model, NULL);
    }

  return best;
}

static double
time_open (const char *db)
{
  double best = G_MAXDOUBLE;

  for (guint run = 0; run < 3; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(TwHistory) history = tw_history_new (db);
      g_autoptr(TwHistoryModel) model = tw_history_model_new (history);
      TwHistoryEntry *entry = model_item (G_LIST_MODEL (model), 0);

      best = MIN (best, elapsed_ms (start));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100000);
      g_assert_cmpint (tw_history_entry_get_id (entry), ==, 100000);
      /* Opening read two numbers and one page, not the rows. */
      g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 1);
    }

  return best;
}

static void
test_scale (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  TwHistoryEntry *entry;
  GStatBuf st;
  gint64 start;
  double open_ms, search_ms, wide_ms, deep_ms;

  start = g_get_monotonic_time ();
  fill_many (history, 100000);
  g_test_message ("100 000 records stored in %.0f ms", elapsed_ms (start));
  /* Checkpoints keep up with a stream of writes. */
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, <, 16 * 1024 * 1024);
  g_clear_object (&history);
  drain_main_context ();

  open_ms = time_open (f->db);
  drain_main_context ();

  history = tw_history_new (f->db);
  model = tw_history_model_new (history);
  search_ms = time_search (model, "C0FFEE", 100);
  wide_ms = time_search (model, "register", 100000);

  start = g_get_monotonic_time ();
  entry = model_item (G_LIST_MODEL (model), 99999);
  deep_ms = elapsed_ms (start);
  g_assert_cmpint (tw_history_entry_get_id (entry), ==, 1);

  g_test_message ("open + first page %.1f ms; search (100 hits) %.1f ms; "
                  "search (100 000 hits) %.1f ms; last page %.1f ms",
                  open_ms, search_ms, wide_ms, deep_ms);
  g_assert_cmpfloat (open_ms, <, 100 * BUDGET_FACTOR);
  g_assert_cmpfloat (search_ms, <, 50 * BUDGET_FACTOR);
  g_assert_cmpfloat (wide_ms, <, 50 * BUDGET_FACTOR);
  g_assert_cmpfloat (deep_ms, <, 50 * BUDGET_FACTOR);
}

/* A writer killed in the middle of a batch */

static guint
parse_committed (const char *line)
{
  g_assert_true (g_str_has_prefix (line, "committed "));
  return (guint) g_ascii_strtoull (line + strlen ("committed "), NULL, 10);
}

static void
test_kill_writer (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *writer = g_test_build_filename (G_TEST_BUILT, "history-writer", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *check = NULL;
  guint committed = 0;

  if (!g_file_test (writer, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("history-writer is not built");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, writer, "loop", f->db, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (line);
      committed = parse_committed (line);
    }

  /* The next batch is being queued or committed now. */
  g_usleep (g_random_int_range (0, 40000));
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_subprocess_get_if_exited (process));
  g_test_message ("killed after %u committed rows", committed);

  check = sqlite_text (f->db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");

  history = tw_history_new (f->db);
  g_assert_null (tw_history_get_damaged_path (history));
  g_assert_cmpuint (count_rows (history, NULL), >=, committed);
  g_test_message ("%u rows after reopening", count_rows (history, NULL));
}

/* Damage */

static void
assert_fresh_and_working (TwHistory  *history,
                          const char *db)
{
  g_assert_cmpuint (count_rows (history, NULL), ==, 0);
  add_record (history, make_record (T0, "success", "after-damage"));
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 1);
  g_assert_cmpint (sqlite_int (db, "PRAGMA user_version"), ==, TW_HISTORY_SCHEMA_VERSION);
}

static void
test_damage_not_sqlite (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *moved = NULL;
  char garbage[8192];

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = (char) g_random_int ();
  memcpy (garbage, "not a database", 14);
  g_assert_true (g_file_set_contents (f->db, garbage, sizeof garbage, NULL));

  /* A reader reports it and leaves it alone. */
  g_assert_null (tw_history_open_existing (f->db, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (file_contains (f->db, "not a database"));

  history = tw_history_new (f->db);
  g_assert_nonnull (tw_history_get_damaged_path (history));
  basename = g_path_get_basename (tw_history_get_damaged_path (history));
  g_assert_true (g_str_has_prefix (basename, "history.db.broken-"));
  g_assert_true (file_contains (tw_history_get_damaged_path (history), "not a database"));
  g_object_get (history, "damaged-path", &moved, NULL);
  g_assert_cmpstr (moved, ==, tw_history_get_damaged_path (history));
  assert_fresh_and_working (history, f->db);
}

static void
test_damage_foreign (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TwHistory) history = NULL;
  g_autofree char *notes = NULL;

  sqlite_exec (f->db, "PRAGMA user_version = 7; CREATE TABLE notes (text TEXT);"
               " INSERT INTO notes VALUES ('someone else''s data')");

  history = tw_history_new (f->db);
  g_assert_nonnull (tw_history_get_damaged_path (history));
  notes = sqlite_text (tw_history_get_damaged_path (history), "SELECT text FROM notes");
  g_assert_cmpstr (notes, ==, "someone else's data");
  assert_fresh_and_working (history, f->db);
}

static void
test_damage_corrupt_schema (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autofree char *contents = NULL;
  gsize length;

  add_record (history, make_record (T0, "success", "before"));
  tw_test_flush_history (history);
  g_clear_object (&history);
  drain_main_context ();

  /* Keep the SQLite header, ruin the schema page behind it. */
  g_assert_true (g_file_get_contents (f->db, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 4096);
  memset (contents + 100, 0xa5, 4096 - 100);
  g_assert_true (g_file_set_contents (f->db, contents, length, NULL));

  history = tw_history_new (f->db);
  g_assert_nonnull (tw_history_get_damaged_path (history));
  assert_fresh_and_working (history, f->db);
}

/* Failed writes */

static void
on_write_failed (TwHistory    *history,
                 const GError *error,
                 GError      **out)
{
  g_assert_nonnull (error);
  g_clear_error (out);
  *out = g_error_copy (error);
}

static void
test_write_failed_unusable_folder (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "data", NULL);
  g_autofree char *db = g_build_filename (blocker, "history.db", NULL);
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GError) signalled = NULL;
  g_autoptr(GError) error = NULL;
  guint n_notified = 0;
  guint n = 0;

  /* Root ignores permissions: a file where the folder should be fails
   * for everyone. */
  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  history = tw_history_new (db);
  g_signal_connect (history, "write-failed", G_CALLBACK (on_write_failed), &signalled);
  g_assert_false (tw_history_count (history, NULL, &n, NULL));

  add_record (history, make_record (T0, "success", "kept-1"));
  add_record (history, make_record (T0, "success", "kept-2"));
  g_assert_false (tw_test_try_flush_history (history, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (signalled);
  g_test_message ("write-failed: %s", signalled->message);

  /* Once the folder is there, the records kept in memory land, even if a
   * damaged file has to be moved aside first. */
  g_assert_cmpint (g_unlink (blocker), ==, 0);
  g_assert_cmpint (g_mkdir (blocker, 0700), ==, 0);
  g_assert_true (g_file_set_contents (db, "garbage, not SQLite", -1, NULL));
  g_signal_connect (history, "notify::damaged-path", G_CALLBACK (tw_test_count_notify),
                    &n_notified);
  tw_test_flush_history (history);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_true (file_contains (tw_history_get_damaged_path (history), "garbage"));
  g_assert_cmpuint (count_rows (history, NULL), ==, 2);
}

static void
test_write_failed_read_only_folder (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "ro", NULL);
  g_autofree char *db = g_build_filename (folder, "history.db", NULL);
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GError) signalled = NULL;
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root can write to a read-only folder");
      return;
    }

  g_assert_cmpint (g_mkdir (folder, 0500), ==, 0);
  history = tw_history_new (db);
  g_signal_connect (history, "write-failed", G_CALLBACK (on_write_failed), &signalled);
  add_record (history, make_record (T0, "success", "x"));
  g_assert_false (tw_test_try_flush_history (history, &error));
  g_assert_nonnull (signalled);
}

static void
test_write_failed_disk_full (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autofree char *wal = g_strconcat (f->db, "-wal", NULL);
  g_autofree char *check = NULL;
  g_autoptr(GError) signalled = NULL;
  g_autoptr(GError) error = NULL;
  struct rlimit saved, limit;
  GStatBuf db_st, wal_st;

  for (guint i = 0; i < 10; i++)
    add_record (history, make_record (T0 + i, "success", "stored"));
  tw_test_flush_history (history);
  g_signal_connect (history, "write-failed", G_CALLBACK (on_write_failed), &signalled);

  /* No file may grow any more: writes fail like on a full disk. */
  g_assert_cmpint (g_stat (f->db, &db_st), ==, 0);
  g_assert_cmpint (g_stat (wal, &wal_st), ==, 0);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = MAX (db_st.st_size, wal_st.st_size);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  for (guint i = 0; i < 50; i++)
    {
      TwHistoryRecord *record = make_record (T0 + 100 + i, "success", "big");

      record->response_body = g_strnfill (60000, 'z');
      add_record (history, record);
    }
  g_assert_false (tw_test_try_flush_history (history, &error));
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  g_assert_nonnull (signalled);
  g_test_message ("write-failed: %s", signalled->message);
  g_assert_cmpuint (count_rows (history, NULL), ==, 10);

  /* Space is back: the kept records are written with the next flush. */
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 60);
  check = sqlite_text (f->db, "PRAGMA integrity_check");
  g_assert_cmpstr (check, ==, "ok");
}

/* Retention, clear */

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  gint64 now = g_get_real_time () / 1000;
  guint notified = 0;

  add_record (history, make_record (now - 400 * DAY_MS, "success", "400"));
  add_record (history, make_record (now - 100 * DAY_MS, "success", "100"));
  add_record (history, make_record (now - 10 * DAY_MS, "success", "10"));
  add_record (history, make_record (now, "success", "0"));
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 4);

  g_signal_connect (history, "notify::retention-days", G_CALLBACK (tw_test_count_notify),
                    &notified);
  tw_history_set_retention_days (history, 365);
  tw_history_set_retention_days (history, 365);
  g_assert_cmpuint (notified, ==, 1);
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 3);

  /* After writes: an old record goes as soon as it is stored. */
  tw_history_set_retention_days (history, 90);
  add_record (history, make_record (now - 200 * DAY_MS, "success", "200"));
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 2);
  g_clear_object (&history);
  drain_main_context ();

  /* At open. */
  history = g_object_new (TW_TYPE_HISTORY, "path", f->db, "retention-days", 5, NULL);
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 1);

  /* 0 keeps everything. */
  tw_history_set_retention_days (history, 0);
  add_record (history, make_record (now - 4000 * DAY_MS, "success", "old"));
  tw_test_flush_history (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 2);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
  guint total_added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *changed)
{
  /* The model must already agree with what it announces. */
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->total_added += added;
  changed->count++;
}

static void
test_clear (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  ItemsChanged changed = { 0 };

  for (guint i = 0; i < 5; i++)
    add_record (history, make_record (T0 + i, "success", "CLEARMEc1ea4"));
  tw_test_flush_history (history);
  model = tw_history_model_new (history);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changed);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);

  clear_ok (history);
  g_assert_cmpuint (count_rows (history, NULL), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 5);
  g_assert_cmpuint (changed.added, ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  /* Still usable, and the old rows are gone from the file once closed. */
  add_record (history, make_record (T0, "success", "after"));
  tw_test_flush_history (history);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_clear_object (&model);
  g_clear_object (&history);
  drain_main_context ();
  g_assert_false (database_files_contain (f->db, "CLEARMEc1ea4"));
}

/* Export */

static void
add_export_records (TwHistory *history)
{
  TwHistoryRecord *record;

  record = make_record (T0, "success", "e1");
  record->message = g_strdup ("=HYPERLINK(\"http://evil\")");
  add_record (history, record);

  record = make_record (T0 + 1000, "rejected", "e2");
  record->message = g_strdup ("Kho \"zzz\", sai\r\nhãy kiểm tra");
  g_free (record->profile);
  record->profile = g_strdup ("@shop");
  add_record (history, record);

  record = make_record (T0 + 2000, "server-error", "e3");
  record->message = g_strdup ("-2+3");
  g_free (record->kind);
  record->kind = g_strdup ("token");
  add_record (history, record);
  tw_test_flush_history (history);
}

static void
test_export_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *empty = NULL;
  TwHistoryFilter filter = { NULL, TW_HISTORY_OUTCOME_FAILED, NULL };
  TwHistoryFilter nothing = { "no-such-request", TW_HISTORY_OUTCOME_ANY, NULL };
  JsonArray *array;
  JsonObject *object;

  add_export_records (history);
  text = export_to_text (history, NULL, TW_HISTORY_EXPORT_JSON, f->dir);
  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 3);

  object = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "request_id"), ==, "e3");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "token");
  object = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==,
                   "Kho \"zzz\", sai\r\nhãy kiểm tra");
  g_assert_cmpint (json_object_get_int_member (object, "http_status"), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (object, "time"), ==,
                   "2024-05-01T07:00:01.000Z");
  g_assert_true (json_object_get_null_member (object, "error_domain"));
  g_assert_null (strstr (text, "Authorization"));

  failed = export_to_text (history, &filter, TW_HISTORY_EXPORT_JSON, f->dir);
  g_assert_true (json_parser_load_from_data (parser, failed, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  empty = export_to_text (history, &nothing, TW_HISTORY_EXPORT_JSON, f->dir);
  g_assert_true (json_parser_load_from_data (parser, empty, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))),
                    ==, 0);
}

/* A strict RFC 4180 reader: fails the test on anything malformed. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *cell = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++; !(p[0] == '"' && p[1] != '"'); p++)
            {
              g_assert_true (*p != '\0');
              if (p[0] == '"')
                p++;
              g_string_append_c (cell, *p);
            }
          p++;
        }
      else
        {
          for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
            {
              g_assert_true (*p != '"' && *p != '\n');
              g_string_append_c (cell, *p);
            }
        }

      g_ptr_array_add (row, g_strdup (cell->str));
      g_string_truncate (cell, 0);
      if (*p == ',')
        p++;
      else
        {
          g_assert_true (p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
        }
    }

  g_assert_cmpuint (row->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (cell, TRUE);
  return rows;
}

static guint
column_of (GPtrArray  *header,
           const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (header, i), name) == 0)
        return i;
    }
  g_assert_not_reached ();
}

static const char *
cell_at (GPtrArray  *rows,
         guint       row,
         const char *name)
{
  GPtrArray *header = g_ptr_array_index (rows, 0);

  return g_ptr_array_index ((GPtrArray *) g_ptr_array_index (rows, row), column_of (header, name));
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;

  add_export_records (history);
  text = export_to_text (history, NULL, TW_HISTORY_EXPORT_CSV, f->dir);
  rows = parse_csv (text);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (rows, i))->len, ==,
                      ((GPtrArray *) g_ptr_array_index (rows, 0))->len);

  g_assert_cmpstr (cell_at (rows, 1, "request_id"), ==, "e3");
  g_assert_cmpstr (cell_at (rows, 1, "message"), ==, "'-2+3");
  g_assert_cmpstr (cell_at (rows, 2, "message"), ==, "Kho \"zzz\", sai\r\nhãy kiểm tra");
  g_assert_cmpstr (cell_at (rows, 2, "profile"), ==, "'@shop");
  g_assert_cmpstr (cell_at (rows, 2, "http_status"), ==, "400");
  g_assert_cmpstr (cell_at (rows, 2, "message_code"), ==, "BAD_REQUEST");
  g_assert_cmpstr (cell_at (rows, 3, "message"), ==, "'=HYPERLINK(\"http://evil\")");
  g_assert_cmpstr (cell_at (rows, 3, "error_domain"), ==, "");
}

/* The model */

static void
test_model_items_changed (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = tw_history_model_new (history);
  g_autoptr(TwHistoryModel) failed = tw_history_model_new (history);
  ItemsChanged changed = { 0 };
  ItemsChanged failed_changed = { 0 };
  guint n_notified = 0;

  tw_history_model_set_outcome (failed, TW_HISTORY_OUTCOME_FAILED);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changed);
  g_signal_connect (failed, "items-changed", G_CALLBACK (on_items_changed), &failed_changed);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (tw_test_count_notify), &n_notified);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  add_record (history, make_record (T0, "success", "first"));
  /* Nothing moves before the write is committed and reported. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  tw_test_flush_history (history);
  g_assert_cmpuint (changed.count, ==, 1);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.removed, ==, 0);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpuint (failed_changed.count, ==, 0);

  /* The writer may commit these two in one batch or in two. */
  add_record (history, make_record (T0 + 1, "rejected", "second"));
  add_record (history, make_record (T0 + 2, "success", "third"));
  tw_test_flush_history (history);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpuint (changed.total_added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpstr (tw_history_entry_get_request_id (model_item (G_LIST_MODEL (model), 0)), ==,
                   "third");
  g_assert_cmpstr (tw_history_entry_get_request_id (model_item (G_LIST_MODEL (model), 2)), ==,
                   "first");
  g_assert_cmpuint (failed_changed.count, ==, 1);
  g_assert_cmpuint (failed_changed.added, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (failed)), ==, 1);
  g_assert_cmpstr (tw_history_entry_get_request_id (model_item (G_LIST_MODEL (failed), 0)), ==,
                   "second");
}

static void
test_model_filters (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  TwHistoryRecord *record;
  TwHistoryFilter filter = { "ABC", TW_HISTORY_OUTCOME_ANY, NULL };

  add_record (history, make_record (T0, "success", "xxabcxx"));
  add_record (history, make_record (T0 + 1, "rejected", "yyy"));
  record = make_record (T0 + 2, "success", NULL);
  g_free (record->kind);
  record->kind = g_strdup ("token");
  g_free (record->url);
  record->url = g_strdup ("https://TikiNowApi.tiki.vn/%_token");
  add_record (history, record);
  tw_test_flush_history (history);

  model = tw_history_model_new (history);
  tw_history_model_set_search (model, "ABC");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpuint (count_rows (history, &filter), ==, 1);
  tw_history_model_set_search (model, "bad_req");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tw_history_model_set_search (model, "tikinowapi");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  /* LIKE wildcards are plain characters. */
  tw_history_model_set_search (model, "%_");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tw_history_model_set_search (model, "_");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  tw_history_model_set_search (model, "  ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  tw_history_model_set_outcome (model, TW_HISTORY_OUTCOME_SUCCESS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  tw_history_model_set_outcome (model, TW_HISTORY_OUTCOME_FAILED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  tw_history_model_set_outcome (model, TW_HISTORY_OUTCOME_ANY);
  tw_history_model_set_kind (model, "token");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpstr (tw_history_model_get_filter (model)->kind, ==, "token");
}

static void
test_model_paging (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  GListModel *list;
  guint n_failed;

  for (guint i = 0; i < 1000; i++)
    add_record (history, make_record (T0 + i, i % 3 == 0 ? "rejected" : "success", "p"));
  tw_test_flush_history (history);

  model = tw_history_model_new (history);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 0);
  g_assert_cmpint (tw_history_entry_get_id (model_item (list, 0)), ==, 1000);
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 1);
  g_assert_cmpint (tw_history_entry_get_id (model_item (list, 1)), ==, 999);
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 1);
  g_assert_cmpint (tw_history_entry_get_id (model_item (list, 999)), ==, 1);
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 2);
  g_assert_null (g_list_model_get_item (list, 1000));

  /* A walk reads each page once (the cache keeps a few). */
  for (guint i = 0; i < 1000; i++)
    g_assert_cmpint (tw_history_entry_get_id (model_item (list, i)), ==, 1000 - i);
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 2 + 4);
  /* Page 0 was evicted by pages 1 to 4. */
  model_item (list, 0);
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 7);

  tw_history_model_set_outcome (model, TW_HISTORY_OUTCOME_FAILED);
  n_failed = g_list_model_get_n_items (list);
  g_assert_cmpuint (n_failed, ==, 334);
  for (guint i = 0; i < n_failed; i++)
    {
      TwHistoryEntry *entry = model_item (list, i);

      g_assert_cmpstr (tw_history_entry_get_outcome (entry), ==, "rejected");
      g_assert_cmpint (tw_history_entry_get_id (entry), ==, 1000 - 3 * (gint64) i);
    }
}

/* Retention may leave gaps in the ids: pages are then read by offset and
 * just below the page before. */
static void
test_model_paging_gaps (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  gint64 now = g_get_real_time () / 1000;
  GListModel *list;
  gint64 expected = 1000;

  for (guint i = 1; i <= 1000; i++)
    add_record (history, make_record (i % 10 == 0 ? now - 400 * DAY_MS : now, "success", "g"));
  tw_test_flush_history (history);
  tw_history_set_retention_days (history, 365);
  tw_test_flush_history (history);

  model = tw_history_model_new (history);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 900);
  g_assert_cmpint (tw_history_entry_get_id (model_item (list, 899)), ==, 1);
  for (guint i = 0; i < 900; i++, expected--)
    {
      if (expected % 10 == 0)
        expected--;
      g_assert_cmpint (tw_history_entry_get_id (model_item (list, i)), ==, expected);
    }
  g_assert_cmpuint (tw_history_model_get_n_page_loads (model), ==, 1 + 5);
}

/* Rows deleted behind the model's back (here by a second store on the same
 * file) read as empty entries, never as NULL, until the next reset. */
static void
test_model_rows_deleted_elsewhere (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistory) other = NULL;
  g_autoptr(TwHistoryModel) model = NULL;
  g_autoptr(TwHistoryModel) failed = NULL;
  GListModel *list;

  for (guint i = 0; i < 300; i++)
    add_record (history, make_record (T0 + i, i % 2 == 0 ? "rejected" : "success", "d"));
  tw_test_flush_history (history);
  model = tw_history_model_new (history);
  failed = tw_history_model_new (history);
  tw_history_model_set_outcome (failed, TW_HISTORY_OUTCOME_FAILED);
  list = G_LIST_MODEL (model);

  other = tw_history_new (f->db);
  clear_ok (other);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 300);
  g_assert_cmpint (tw_history_entry_get_id (model_item (list, 0)), ==, 0);
  g_assert_cmpint (tw_history_entry_get_id (model_item (list, 299)), ==, 0);
  g_assert_null (g_list_model_get_item (list, 300));
  g_assert_cmpint (tw_history_entry_get_id (model_item (G_LIST_MODEL (failed), 149)), ==, 0);

  /* The next write of this store brings the model up to date. */
  add_record (history, make_record (T0, "success", "after"));
  tw_test_flush_history (history);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpstr (tw_history_entry_get_request_id (model_item (list, 0)), ==, "after");
}

/* With the real API client and the simulator */

#define ORDER_SECRET "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"

/* Registers with the client-credentials grant through @history. */
static TwApiResult *
register_with_demo (TwHistory *history,
                    char     **token)
{
  g_autoptr(TwDemoServer) server = tw_test_demo_server_new ();
  g_autoptr(TwApiClient) client = tw_api_client_new ();
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autoptr(TwAuth) auth = NULL;
  const char * const warehouses[] = { "sgn", NULL };
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  TwTestOutcome outcome = { 0 };

  tw_api_client_set_history_sink (client, TW_HISTORY_SINK (history));
  auth = tw_auth_new_for_client (TW_DEMO_CLIENT_ID, TW_DEMO_CLIENT_SECRET, TW_AUTH_METHOD_POST);
  tw_auth_set_auth_base (auth, tw_demo_server_get_base_url (server));
  tw_registration_set_warehouses (registration, warehouses);
  tw_hook_set_url (order, "https://seller.example/webhooks/order");
  tw_hook_set_secret_key (order, ORDER_SECRET);

  tw_api_client_register_async (client, "shop-a", tw_demo_server_get_base_url (server),
                                registration, auth, NULL, tw_test_outcome_registered_cb,
                                &outcome);
  tw_test_outcome_wait (&outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (tw_api_result_get_ok (outcome.result));
  *token = g_strdup (tw_auth_get_access_token (auth));
  g_assert_nonnull (*token);
  return outcome.result;
}

static void
test_api_client_records (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TwHistory) history = tw_history_new (f->db);
  g_autoptr(TwHistoryModel) model = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autofree char *token = NULL;
  TwHistoryEntry *entry;

  result = register_with_demo (history, &token);
  tw_test_flush_history (history);

  model = tw_history_model_new (history);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  entry = model_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (tw_history_entry_get_kind (entry), ==, "registration");
  g_assert_cmpstr (tw_history_entry_get_outcome (entry), ==, "success");
  g_assert_cmpstr (tw_history_entry_get_request_id (entry), ==,
                   tw_api_result_get_request_id (result));
  g_assert_cmpstr (tw_history_entry_get_profile (entry), ==, "shop-a");
  entry = model_item (G_LIST_MODEL (model), 1);
  g_assert_cmpstr (tw_history_entry_get_kind (entry), ==, "token");

  /* Neither the granted token, the client secret nor the webhook secret. */
  g_assert_false (database_files_contain (f->db, token));
  g_assert_false (database_files_contain (f->db, TW_DEMO_CLIENT_SECRET));
  g_assert_false (database_files_contain (f->db, ORDER_SECRET));
}

static void
test_api_client_unusable_history (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *blocker = g_build_filename (f->dir, "data", NULL);
  g_autofree char *db = g_build_filename (blocker, "history.db", NULL);
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GError) signalled = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;

  g_assert_true (g_file_set_contents (blocker, "", 0, NULL));
  history = tw_history_new (db);
  g_signal_connect (history, "write-failed", G_CALLBACK (on_write_failed), &signalled);

  /* The request completes whatever happens to its record. */
  result = register_with_demo (history, &token);
  g_assert_false (tw_test_try_flush_history (history, &error));
  g_assert_nonnull (signalled);
}

/* Summary, read-only use */

static void
test_support_summary (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TwHistoryRecord) record = make_full_record ();
  g_autoptr(TwHistoryEntry) entry = tw_history_entry_new (7, record);
  g_autofree char *summary = tw_history_entry_get_support_summary (entry);

  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "Time (UTC): 2024-05-01 07:00:00 UTC\n"));
  g_assert_nonnull (strstr (summary, "Time (local): 2024-05-01 "));
  g_assert_nonnull (strstr (summary, "Endpoint: POST https://api.tikinow.vn/business/v1/"
                            "register-webhooks\n"));
  g_assert_nonnull (strstr (summary, "HTTP status: 400\n"));
  g_assert_nonnull (strstr (summary, "Message code: BAD_REQUEST\n"));
  g_assert_nonnull (strstr (summary, "Request ID: c00433cc7e5b25e390a6920052f7fedf\n"));
  g_assert_nonnull (strstr (summary,
                            "curl 'https://api.tikinow.vn/business/v1/register-webhooks'"));
  g_assert_nonnull (strstr (summary, "-H 'Authorization: Bearer <redacted>'"));
  g_assert_nonnull (strstr (summary, "--data-raw '{\"sync_inventory_location\":[\"zzz\"]}'"));
  g_assert_cmpstr (tw_history_entry_get_outcome_label (entry), ==, "Rejected");
  g_assert_cmpstr (tw_history_entry_get_kind_label (entry), ==, "Registration");
}

static void
test_open_existing (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TwHistory) reader = NULL;
  g_autoptr(TwHistory) writer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  reader = tw_history_open_existing (f->db, &error);
  g_assert_null (reader);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  writer = tw_history_new (f->db);
  add_record (writer, make_full_record ());
  tw_test_flush_history (writer);

  reader = tw_history_open_existing (f->db, &error);
  g_assert_no_error (error);
  g_assert_true (tw_history_get_read_only (reader));
  entries = tw_history_query (reader, NULL, 1, G_MAXINT64, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (tw_history_entry_get_response_body (g_ptr_array_index (entries, 0)), ==,
                   "{\"success\":false}");

  /* A reader takes no records, and says so instead of failing later. */
  add_record (reader, make_full_record ());
  tw_test_flush_history (reader);
  g_assert_cmpuint (count_rows (writer, NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/tw/history/schema/create", test_schema_create);
  ADD ("/tw/history/schema/migrate-v1", test_schema_migrate);
  ADD ("/tw/history/record/fields", test_record_fields);
  ADD ("/tw/history/record/caps", test_record_caps);
  ADD ("/tw/history/record/no-secrets", test_secrets_never_stored);
  ADD ("/tw/history/scale/100k", test_scale);
  ADD ("/tw/history/crash/kill-writer", test_kill_writer);
  ADD ("/tw/history/damage/not-sqlite", test_damage_not_sqlite);
  ADD ("/tw/history/damage/foreign", test_damage_foreign);
  ADD ("/tw/history/damage/corrupt-schema", test_damage_corrupt_schema);
  ADD ("/tw/history/write-failed/unusable-folder", test_write_failed_unusable_folder);
  ADD ("/tw/history/write-failed/read-only-folder", test_write_failed_read_only_folder);
  ADD ("/tw/history/write-failed/disk-full", test_write_failed_disk_full);
  ADD ("/tw/history/retention", test_retention);
  ADD ("/tw/history/clear", test_clear);
  ADD ("/tw/history/export/json", test_export_json);
  ADD ("/tw/history/export/csv", test_export_csv);
  ADD ("/tw/history/model/items-changed", test_model_items_changed);
  ADD ("/tw/history/model/filters", test_model_filters);
  ADD ("/tw/history/model/paging", test_model_paging);
  ADD ("/tw/history/model/paging-gaps", test_model_paging_gaps);
  ADD ("/tw/history/model/deleted-elsewhere", test_model_rows_deleted_elsewhere);
  ADD ("/tw/history/entry/support-summary", test_support_summary);
  ADD ("/tw/history/api-client/records", test_api_client_records);
  ADD ("/tw/history/api-client/unusable-history", test_api_client_unusable_history);
  ADD ("/tw/history/open-existing", test_open_existing);

  return g_test_run ();
}
