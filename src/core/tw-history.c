/* tw-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <sqlite3.h>
#include <string.h>

#include "tw-history.h"
#include "tw-history-private.h"

/* PRAGMA application_id, "TWH1": tells our files from other SQLite files. */
#define HISTORY_APPLICATION_ID 0x54574831
#define BUSY_TIMEOUT_MS 5000
#define MAX_BATCH 2000
#define MAX_PENDING 10000
#define MAX_PENDING_BYTES (16 * 1024 * 1024)
#define EXPORT_CHUNK (64 * 1024)

/* Size caps applied by the store itself, whatever the client sent. */
#define MAX_SHORT 256
#define MAX_URL 8192
#define MAX_MESSAGE 4096
#define MAX_BODY TW_HISTORY_RECORD_MAX_BODY

/* Schema. Version 1 kept the bodies in `requests`; version 2 moved them to
 * `bodies` so that a scan of `requests` (a search, a count) stays small,
 * and added the base URL, the error and a lower-case search key covered by
 * `requests_filter`. Migrations must stay additive in meaning: an older
 * build opening a newer file (user_version above ours) keeps using it. */
#define REQUESTS_COLUMNS \
  "id INTEGER PRIMARY KEY AUTOINCREMENT, time_ms INTEGER NOT NULL," \
  " profile TEXT NOT NULL DEFAULT '', base_url TEXT, kind TEXT NOT NULL, method TEXT," \
  " url TEXT, outcome TEXT NOT NULL, http_status INTEGER NOT NULL DEFAULT 0," \
  " message_code TEXT, message TEXT, request_id TEXT," \
  " duration_ms INTEGER NOT NULL DEFAULT 0, attempt INTEGER NOT NULL DEFAULT 1," \
  " error_domain TEXT, error_code INTEGER NOT NULL DEFAULT 0," \
  " search_text TEXT NOT NULL DEFAULT ''"

#define BODIES_TABLE \
  "CREATE TABLE bodies (id INTEGER PRIMARY KEY, request_body TEXT, response_body TEXT);"

#define INDEXES \
  "CREATE INDEX requests_time ON requests (time_ms);" \
  "CREATE INDEX requests_filter ON requests (outcome, kind, search_text);"

#define CREATE_SQL \
  "CREATE TABLE requests (" REQUESTS_COLUMNS ");" BODIES_TABLE INDEXES

#define MIGRATE_1_TO_2_SQL \
  "CREATE TABLE requests_v2 (" REQUESTS_COLUMNS ");" \
  "INSERT INTO requests_v2 (id, time_ms, profile, kind, method, url, outcome, http_status," \
  " message_code, message, request_id, duration_ms, attempt, search_text)" \
  " SELECT id, time_ms, profile, kind, method, tw_redact (url), outcome, http_status," \
  " message_code, tw_redact (message), request_id, duration_ms, attempt," \
  " tw_search_key (request_id, message_code, url) FROM requests;" \
  BODIES_TABLE \
  "INSERT INTO bodies SELECT id, tw_redact (request_body), tw_redact (response_body)" \
  " FROM requests WHERE request_body IS NOT NULL OR response_body IS NOT NULL;" \
  "DROP TABLE requests;" \
  "ALTER TABLE requests_v2 RENAME TO requests;" \
  INDEXES

typedef struct
{
  gint64      from_version;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1, MIGRATE_1_TO_2_SQL },
};

#define ENTRY_COLUMNS \
  "id, time_ms, profile, base_url, kind, method, url, outcome, http_status, message_code," \
  " message, request_id, duration_ms, attempt, error_domain, error_code"
#define N_ENTRY_COLUMNS 16

#define INSERT_REQUEST_SQL \
  "INSERT INTO requests (time_ms, profile, base_url, kind, method, url, outcome, http_status," \
  " message_code, message, request_id, duration_ms, attempt, error_domain, error_code," \
  " search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define INSERT_BODIES_SQL \
  "INSERT INTO bodies (id, request_body, response_body) VALUES (?, ?, ?)"

typedef enum
{
  DB_FRESH,
  DB_OURS,
  DB_FOREIGN,
  DB_DAMAGED,
} DbKind;

typedef enum
{
  OPEN_CREATE = 1 << 0,
  OPEN_REPAIR = 1 << 1,
} OpenFlags;

typedef enum
{
  JOB_RECORD,
  JOB_FLUSH,
  JOB_CLEAR,
  JOB_RETENTION,
  JOB_STOP,
} JobKind;

typedef struct
{
  JobKind          kind;
  TwHistoryRecord *record;
  GTask           *task;
  guint            retention_days;
} Job;

/* Lets reports find the store without keeping it alive. */
typedef struct
{
  GWeakRef history;
} Link;

typedef struct
{
  GTask  *task;
  GError *error;
} TaskResult;

/* What one round of the writer did, handled on the main thread. */
typedef struct
{
  Link      *link;
  guint      n_jobs;
  gboolean   changed;
  gboolean   opened;
  char      *damaged_path;
  GError    *error;
  GArray    *results;
} Report;

/* Owned by the writer thread once started. */
typedef struct
{
  char         *path;
  sqlite3      *db;
  sqlite3_stmt *insert_request;
  sqlite3_stmt *insert_bodies;
  GAsyncQueue  *queue;
  GMainContext *context;
  Link         *link;
  GPtrArray    *pending;
  gsize         pending_bytes;
  GError       *last_error;
  guint         retention_days;
} Writer;

struct _TwHistory
{
  GObject       parent_instance;

  char         *path;
  char         *damaged_path;
  gboolean      read_only;
  guint         retention_days;

  sqlite3      *read_db;
  GError       *open_error;

  GMainContext *context;
  Link         *link;
  GAsyncQueue  *queue;
  GThread      *writer_thread;
  Writer       *writer;
};

static void tw_history_sink_iface_init (TwHistorySinkInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwHistory, tw_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TW_TYPE_HISTORY_SINK,
                                                      tw_history_sink_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_READ_ONLY,
  PROP_RETENTION_DAYS,
  PROP_DAMAGED_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ROWS_CHANGED,
  WRITE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Errors */

static int
io_error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return G_IO_ERROR_NO_SPACE;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return G_IO_ERROR_PERMISSION_DENIED;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return G_IO_ERROR_INVALID_DATA;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return G_IO_ERROR_BUSY;
    default:
      return G_IO_ERROR_FAILED;
    }
}

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* SQLite's words for a full disk ("disk I/O error" when a write fails
 * for want of space under a file size limit) or a read-only folder do not
 * tell the user what to do: say it. */
static const char *
describe_disk_failure (int rc)
{
  if ((rc & 0xff) == SQLITE_FULL || rc == SQLITE_IOERR_WRITE)
    return _("the disk is full");
  if ((rc & 0xff) == SQLITE_READONLY)
    return _("the folder cannot be written to");
  return NULL;
}

static gboolean
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  const char *what)
{
  const char *detail = describe_disk_failure (rc);

  if (detail == NULL)
    detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  /* Translators: the first %s says what failed, the second is the reason:
   * “the disk is full”, or else the database's words (in English) */
  g_set_error (error, G_IO_ERROR, io_error_code (rc), _("%s: %s"), what, detail);
  return FALSE;
}

/* Sanitising records: caps and redaction */

static const char * const redaction_patterns[][2] = {
  /* An Authorization header in a dump or a JSON object: the rest of the line. */
  { "(authorization[\"']?\\s*[:=]\\s*)[^\\r\\n]*", "\\1<redacted>" },
  /* A bearer token anywhere else. */
  { "\\b(bearer)\\s+(?!<redacted>)[^\\s\"',;]+", "\\1 <redacted>" },
  /* JSON members holding a secret, unless the value is a fingerprint. */
  { "(\"(?:access_token|refresh_token|id_token|client_secret|secret_key|secret|password)\""
    "\\s*:\\s*)\"(?![^\"]{4}(?:…|\\\\u2026)[0-9a-f]{8}\")(?:[^\"\\\\]|\\\\.)*\"",
    "\\1\"<redacted>\"" },
  /* Form or query parameters holding a secret, unless a fingerprint. */
  { "\\b((?:access_token|refresh_token|id_token|client_secret|password)=)"
    "(?![^&\\s\"']{4,12}?(?:…|%e2%80%a6)[0-9a-f]{8}(?:[&\\s\"']|$))[^&\\s\"']*",
    "\\1<redacted>" },
};

static GRegex **
get_redaction_regexes (void)
{
  static GRegex **regexes = NULL;

  if (g_once_init_enter (&regexes))
    {
      GRegex **compiled = g_new0 (GRegex *, G_N_ELEMENTS (redaction_patterns));

      for (guint i = 0; i < G_N_ELEMENTS (redaction_patterns); i++)
        compiled[i] = g_regex_new (redaction_patterns[i][0],
                                   G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
      g_once_init_leave (&regexes, compiled);
    }

  return regexes;
}

/* The regular expressions only run on text that may hold a credential. */
static gboolean
may_hold_credential (const char *text)
{
  static const char * const words[] = { "auth", "bearer", "token", "secret", "password" };
  g_autofree char *lower = g_ascii_strdown (text, -1);

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strstr (lower, words[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

static char *
redact_text (const char *text)
{
  GRegex **regexes;
  char *result;

  if (text == NULL)
    return NULL;
  if (!may_hold_credential (text))
    return g_strdup (text);

  regexes = get_redaction_regexes ();
  result = g_strdup (text);
  for (guint i = 0; i < G_N_ELEMENTS (redaction_patterns); i++)
    {
      char *next = g_regex_replace (regexes[i], result, -1, 0,
                                    redaction_patterns[i][1], 0, NULL);

      /* A failed replacement must not let the original through. */
      g_free (result);
      if (next == NULL)
        return g_strdup ("<redacted>");
      result = next;
    }

  return result;
}

/* Valid UTF-8, cut at a character boundary to at most @cap bytes. */
static void
clean_text (char  **text,
            gsize   cap)
{
  char *valid;
  gsize length;

  if (*text == NULL)
    return;

  length = strlen (*text);
  valid = g_utf8_make_valid (*text, MIN (length, cap + 4));
  if (strlen (valid) > cap)
    {
      char *end = valid + cap;

      while (end > valid && (*end & 0xc0) == 0x80)
        end--;
      *end = '\0';
    }

  g_free (*text);
  *text = valid;
}

static void
redact_field (char  **text,
              gsize   cap)
{
  char *redacted;

  clean_text (text, cap);
  redacted = redact_text (*text);
  g_free (*text);
  *text = redacted;
  /* Redaction can only shorten what it replaces, but stay within the cap. */
  clean_text (text, cap);
}

/* "https://user:password@host/…" loses its user information. */
static void
strip_userinfo (char **url)
{
  g_autoptr(GUri) uri = NULL;

  if (*url == NULL || strchr (*url, '@') == NULL)
    return;

  uri = g_uri_parse (*url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL || g_uri_get_userinfo (uri) == NULL)
    return;

  g_free (*url);
  *url = g_uri_join (G_URI_FLAGS_ENCODED, g_uri_get_scheme (uri), NULL,
                     g_uri_get_host (uri), g_uri_get_port (uri), g_uri_get_path (uri),
                     g_uri_get_query (uri), g_uri_get_fragment (uri));
}

static void
sanitize_record (TwHistoryRecord *record)
{
  char **short_fields[] = {
    &record->profile, &record->kind, &record->method, &record->outcome,
    &record->message_code, &record->request_id, &record->error_domain,
  };

  for (guint i = 0; i < G_N_ELEMENTS (short_fields); i++)
    redact_field (short_fields[i], MAX_SHORT);

  strip_userinfo (&record->url);
  strip_userinfo (&record->base_url);
  redact_field (&record->url, MAX_URL);
  redact_field (&record->base_url, MAX_URL);
  redact_field (&record->message, MAX_MESSAGE);
  redact_field (&record->request_body, MAX_BODY);
  redact_field (&record->response_body, MAX_BODY);

  if (record->profile == NULL)
    record->profile = g_strdup ("");
  if (record->kind == NULL)
    record->kind = g_strdup ("");
  if (record->outcome == NULL)
    record->outcome = g_strdup ("");
}

static gsize
record_size (const TwHistoryRecord *record)
{
  return sizeof *record +
         (record->request_body != NULL ? strlen (record->request_body) : 0) +
         (record->response_body != NULL ? strlen (record->response_body) : 0) +
         (record->url != NULL ? strlen (record->url) : 0) +
         (record->message != NULL ? strlen (record->message) : 0);
}

/* What a search looks into, lower-cased; the newlines keep a needle from
 * matching across two fields. */
static char *
make_search_key (const char *request_id,
                 const char *message_code,
                 const char *url)
{
  g_autofree char *joined = g_strjoin ("\n", request_id != NULL ? request_id : "",
                                       message_code != NULL ? message_code : "",
                                       url != NULL ? url : "", NULL);

  return g_utf8_strdown (joined, -1);
}

/* SQL helpers */

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Could not update the request history"));
  return TRUE;
}

static int
query_int64 (sqlite3    *db,
             const char *sql,
             gint64     *value)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }

  sqlite3_finalize (stmt);
  return rc;
}

static const char *
arg_text (sqlite3_value *value)
{
  return (const char *) sqlite3_value_text (value);
}

static void
search_key_func (sqlite3_context  *context,
                 int               argc,
                 sqlite3_value   **argv)
{
  g_autofree char *key = make_search_key (arg_text (argv[0]), arg_text (argv[1]),
                                          arg_text (argv[2]));

  sqlite3_result_text (context, key, -1, SQLITE_TRANSIENT);
}

static void
redact_func (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  g_autofree char *text = g_strdup (arg_text (argv[0]));

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  redact_field (&text, MAX_BODY);
  sqlite3_result_text (context, text, -1, SQLITE_TRANSIENT);
}

/* tw_contains (text, part): whether @part occurs in @text, bytewise.
 * SQLite's instr() compares at every character with memcmp(); a search
 * runs this over every row, and libc's strstr() is several times faster.
 * Texts come from SQLite NUL-terminated, and hold no NUL (search keys). */
static void
contains_func (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text = arg_text (argv[0]);
  const char *part = arg_text (argv[1]);

  if (text == NULL || part == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_int (context, strstr (text, part) != NULL);
}

/* Used by the migrations, so that old rows meet today's rules. */
static void
register_functions (sqlite3 *db)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

  sqlite3_create_function (db, "tw_search_key", 3, flags, NULL, search_key_func, NULL, NULL);
  sqlite3_create_function (db, "tw_redact", 1, flags, NULL, redact_func, NULL, NULL);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* A row of ENTRY_COLUMNS, from @first. */
static TwHistoryRecord *
record_from_row (sqlite3_stmt *stmt,
                 gint64       *id)
{
  TwHistoryRecord *record = tw_history_record_new ();

  *id = sqlite3_column_int64 (stmt, 0);
  record->time_ms = sqlite3_column_int64 (stmt, 1);
  g_free (record->profile);
  record->profile = dup_column (stmt, 2);
  if (record->profile == NULL)
    record->profile = g_strdup ("");
  record->base_url = dup_column (stmt, 3);
  record->kind = dup_column (stmt, 4);
  record->method = dup_column (stmt, 5);
  record->url = dup_column (stmt, 6);
  record->outcome = dup_column (stmt, 7);
  record->http_status = (guint) sqlite3_column_int64 (stmt, 8);
  record->message_code = dup_column (stmt, 9);
  record->message = dup_column (stmt, 10);
  record->request_id = dup_column (stmt, 11);
  record->duration_ms = sqlite3_column_int64 (stmt, 12);
  record->attempt = (guint) sqlite3_column_int64 (stmt, 13);
  record->error_domain = dup_column (stmt, 14);
  record->error_code = sqlite3_column_int (stmt, 15);

  return record;
}

/* Opening, checking and migrating the file */

static sqlite3 *
open_connection (const char  *path,
                 gboolean     create,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      /* Translators: %s is a file name */
      g_autofree char *what = g_strdup_printf (_("Could not open the request history “%s”"),
                                               path);

      set_sqlite_error (error, NULL, rc, what);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  /* Every connection's searches (append_filter()). */
  sqlite3_create_function (db, "tw_contains", 2,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                           contains_func, NULL, NULL);
  return db;
}

static gboolean
ensure_parent (const char  *path,
               GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: %s is a folder, then the system's error */
               _("Could not create the folder “%s”: %s"), dir, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
inspect_database (sqlite3  *db,
                  DbKind   *kind,
                  gint64   *version,
                  GError  **error)
{
  gint64 app_id = 0;
  gint64 n_objects = 0;
  gint64 has_requests = 0;
  int rc;

  *version = 0;
  rc = query_int64 (db, "PRAGMA application_id", &app_id);
  if (rc == SQLITE_OK)
    rc = query_int64 (db, "PRAGMA user_version", version);
  if (rc == SQLITE_OK)
    rc = query_int64 (db, "SELECT count(*) FROM sqlite_master", &n_objects);
  if (rc == SQLITE_OK)
    rc = query_int64 (db, "SELECT count(*) FROM sqlite_master"
                      " WHERE type = 'table' AND name = 'requests'", &has_requests);

  if (is_damage (rc))
    *kind = DB_DAMAGED;
  else if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Could not read the request history"));
  else if (app_id == HISTORY_APPLICATION_ID && *version >= 1 && has_requests)
    *kind = DB_OURS;
  else if (app_id == 0 && *version == 0 && n_objects == 0)
    *kind = DB_FRESH;
  else
    *kind = DB_FOREIGN;

  return TRUE;
}

static gboolean
move_file (const char  *from,
           const char  *to,
           GError     **error)
{
  int saved_errno;

  if (g_rename (from, to) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               /* Translators: the first %s is a file name, the second the system's error */
               _("Could not move the damaged request history “%s” aside: %s"),
               from, g_strerror (saved_errno));
  return FALSE;
}

/* Moves @path (and its -wal and -shm, which must never meet a fresh file)
 * to "@path.broken-<UTC time>". Returns the new path. */
static char *
move_aside (const char  *path,
            GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *target = g_strdup_printf ("%s.broken-%s", path, stamp);

  for (guint i = 2; g_file_test (target, G_FILE_TEST_EXISTS); i++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.broken-%s-%u", path, stamp, i);
    }

  if (!move_file (path, target, error))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS) && !move_file (from, to, error))
        return NULL;
    }

  g_message ("The request history %s was unreadable and was moved to %s", path, target);
  return g_steal_pointer (&target);
}

static gboolean
run_migrations (sqlite3  *db,
                gint64    version,
                GError  **error)
{
  if (version == 0)
    return exec_sql (db, CREATE_SQL, error);

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      if (migrations[i].from_version != version)
        continue;
      if (!exec_sql (db, migrations[i].sql, error))
        return FALSE;
      version++;
    }

  if (version != TW_HISTORY_SCHEMA_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: %d is a version number */
                   _("The request history has an unknown version %d"), (int) version);
      return FALSE;
    }

  return TRUE;
}

/* Creates or migrates the schema in one transaction. The version is read
 * again under the write lock: another process may have done it. */
static gboolean
upgrade_schema (sqlite3  *db,
                GError  **error)
{
  g_autofree char *stamp = NULL;
  gint64 version = 0;
  int rc;

  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  rc = query_int64 (db, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK)
    set_sqlite_error (error, db, rc, _("Could not read the request history"));
  else if (version < TW_HISTORY_SCHEMA_VERSION && run_migrations (db, version, error))
    {
      stamp = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d",
                               HISTORY_APPLICATION_ID, TW_HISTORY_SCHEMA_VERSION);
      if (exec_sql (db, stamp, error) && exec_sql (db, "COMMIT", error))
        return TRUE;
    }
  else if (version >= TW_HISTORY_SCHEMA_VERSION)
    return exec_sql (db, "COMMIT", error);

  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* page_size, for a new file only (before WAL fixes it): a search scans
 * the whole filter index, and with 16 KiB pages SQLite reads it in a
 * quarter as many calls: 16 -> 9 ms for 100 000 requests
 * (bench/ANALYSIS.md). WAL: readers never wait for the writer and a
 * killed writer loses only its open transaction; a checkpoint every 250
 * pages keeps the WAL at SQLite's usual 4 MiB. FULL: a committed row
 * survives a power cut too. secure_delete: Clear history overwrites what
 * it deletes. */
static void
configure_connection (sqlite3 *db)
{
  sqlite3_exec (db, "PRAGMA page_size = 16384; PRAGMA journal_mode = WAL;"
                " PRAGMA wal_autocheckpoint = 250; PRAGMA synchronous = FULL;"
                " PRAGMA secure_delete = ON", NULL, NULL, NULL);
}

/* A file that is not ours is moved aside (when @flags allow) and a new one
 * takes its place. */
static sqlite3 *
replace_damaged (const char  *path,
                 OpenFlags    flags,
                 char       **damaged_path,
                 GError     **error)
{
  if ((flags & OPEN_REPAIR) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: %s is a file name */
                   _("“%s” is damaged or is not a Tiki Webhooks request history"), path);
      return NULL;
    }

  *damaged_path = move_aside (path, error);
  if (*damaged_path == NULL)
    return NULL;
  return open_connection (path, TRUE, error);
}

static sqlite3 *
open_database (const char  *path,
               OpenFlags    flags,
               char       **damaged_path,
               GError     **error)
{
  sqlite3 *db;
  DbKind kind = DB_FRESH;
  gint64 version = 0;

  if ((flags & OPEN_CREATE) != 0 && !ensure_parent (path, error))
    return NULL;

  db = open_connection (path, (flags & OPEN_CREATE) != 0, error);
  if (db == NULL || !inspect_database (db, &kind, &version, error))
    goto fail;

  if (kind == DB_DAMAGED || kind == DB_FOREIGN)
    {
      g_clear_pointer (&db, sqlite3_close);
      version = 0;
      db = replace_damaged (path, flags, damaged_path, error);
      if (db == NULL)
        return NULL;
    }

  register_functions (db);
  configure_connection (db);
  if (version < TW_HISTORY_SCHEMA_VERSION && !upgrade_schema (db, error))
    goto fail;

  return db;

fail:
  g_clear_pointer (&db, sqlite3_close);
  return NULL;
}

/* A connection that only reads: the main thread's, an export's. */
static sqlite3 *
open_reader (const char  *path,
             GError     **error)
{
  sqlite3 *db = open_connection (path, FALSE, error);

  if (db != NULL)
    sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  return db;
}

/* Filters in SQL */

static char *
normalize_search (const char *search)
{
  g_autofree char *copy = g_strdup (search);

  if (copy == NULL || *g_strstrip (copy) == '\0')
    return NULL;
  return g_utf8_strdown (copy, -1);
}

/* Each term is followed by " AND ". SQLite tests the terms an index does
 * not answer in the order written: the id range must come after these, or
 * a scan of `requests_filter` decodes every entry's rowid before its
 * search text (about a quarter of a search's time, bench/ANALYSIS.md). */
static void
append_filter (GString               *sql,
               const TwHistoryFilter *filter)
{
  g_autofree char *search = NULL;

  if (filter == NULL)
    return;

  if (filter->outcome == TW_HISTORY_OUTCOME_SUCCESS)
    g_string_append (sql, "outcome = 'success' AND ");
  else if (filter->outcome == TW_HISTORY_OUTCOME_FAILED)
    g_string_append (sql, "outcome <> 'success' AND ");

  if (filter->kind != NULL)
    g_string_append (sql, "kind = :kind AND ");

  search = normalize_search (filter->search);
  if (search != NULL)
    g_string_append (sql, "tw_contains (search_text, :search) AND ");
}

static void
bind_text_parameter (sqlite3_stmt *stmt,
                     const char   *name,
                     const char   *value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
}

static void
bind_int64_parameter (sqlite3_stmt *stmt,
                      const char   *name,
                      gint64        value)
{
  int index = sqlite3_bind_parameter_index (stmt, name);

  if (index > 0)
    sqlite3_bind_int64 (stmt, index, value);
}

static void
bind_filter (sqlite3_stmt          *stmt,
             const TwHistoryFilter *filter)
{
  g_autofree char *search = NULL;

  if (filter == NULL)
    return;

  bind_text_parameter (stmt, ":kind", filter->kind);
  search = normalize_search (filter->search);
  bind_text_parameter (stmt, ":search", search);
}

/* "SELECT @columns FROM @from WHERE id BETWEEN :min AND :max <filter> @tail" */
static sqlite3_stmt *
prepare_filtered (sqlite3                *db,
                  const char             *columns,
                  const char             *from,
                  const TwHistoryFilter  *filter,
                  const char             *tail,
                  GError                **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_append_printf (sql, "SELECT %s FROM %s WHERE ", columns, from);
  append_filter (sql, filter);
  g_string_append_printf (sql, "id BETWEEN :min AND :max%s", tail);

  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, db, rc, _("Could not read the request history"));
      sqlite3_finalize (stmt);
      return NULL;
    }

  bind_filter (stmt, filter);
  bind_int64_parameter (stmt, ":min", G_MININT64);
  bind_int64_parameter (stmt, ":max", G_MAXINT64);
  return stmt;
}

/* The writer thread */

static Link *
link_new (TwHistory *history)
{
  Link *link = g_atomic_rc_box_new0 (Link);

  g_weak_ref_init (&link->history, history);
  return link;
}

static void
link_clear (Link *link)
{
  g_weak_ref_clear (&link->history);
}

static void
link_unref (Link *link)
{
  g_atomic_rc_box_release_full (link, (GDestroyNotify) link_clear);
}

static Job *
job_new (JobKind kind)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  return job;
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->record, tw_history_record_free);
  g_clear_object (&job->task);
  g_free (job);
}

static void
clear_task_result (TaskResult *result)
{
  g_clear_object (&result->task);
  g_clear_error (&result->error);
}

static Report *
report_new (Writer *writer)
{
  Report *report = g_new0 (Report, 1);

  report->link = g_atomic_rc_box_acquire (writer->link);
  report->results = g_array_new (FALSE, TRUE, sizeof (TaskResult));
  g_array_set_clear_func (report->results, (GDestroyNotify) clear_task_result);
  return report;
}

static void
report_free (Report *report)
{
  g_clear_pointer (&report->link, link_unref);
  g_clear_pointer (&report->damaged_path, g_free);
  g_clear_error (&report->error);
  g_clear_pointer (&report->results, g_array_unref);
  g_free (report);
}

static void
report_add_result (Report *report,
                   GTask  *task,
                   GError *error)
{
  TaskResult result = { task, error };

  g_array_append_val (report->results, result);
}

static void
report_set_error (Report       *report,
                  const GError *error)
{
  g_clear_error (&report->error);
  report->error = g_error_copy (error);
}

static void
writer_close (Writer *writer)
{
  g_clear_pointer (&writer->insert_request, sqlite3_finalize);
  g_clear_pointer (&writer->insert_bodies, sqlite3_finalize);
  g_clear_pointer (&writer->db, sqlite3_close);
}

static void
writer_free (Writer *writer)
{
  writer_close (writer);
  g_clear_pointer (&writer->path, g_free);
  g_clear_pointer (&writer->queue, g_async_queue_unref);
  g_clear_pointer (&writer->context, g_main_context_unref);
  g_clear_pointer (&writer->link, link_unref);
  g_clear_pointer (&writer->pending, g_ptr_array_unref);
  g_clear_error (&writer->last_error);
  g_free (writer);
}

/* The file could not be opened when the store was made (or was lost):
 * try again, so that a folder made writable later works. */
static gboolean
writer_ensure_open (Writer  *writer,
                    Report  *report,
                    GError **error)
{
  int rc;

  if (writer->db == NULL)
    {
      writer->db = open_database (writer->path, OPEN_CREATE | OPEN_REPAIR,
                                  &report->damaged_path, error);
      if (writer->db == NULL)
        return FALSE;
      report->opened = TRUE;
      report->changed = TRUE;
    }

  if (writer->insert_request != NULL)
    return TRUE;

  rc = sqlite3_prepare_v2 (writer->db, INSERT_REQUEST_SQL, -1, &writer->insert_request, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (writer->db, INSERT_BODIES_SQL, -1, &writer->insert_bodies, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, writer->db, rc, _("Could not save the request history"));
      g_clear_pointer (&writer->insert_request, sqlite3_finalize);
      g_clear_pointer (&writer->insert_bodies, sqlite3_finalize);
      return FALSE;
    }

  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

static int
step_and_reset (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
insert_bodies (Writer                *writer,
               const TwHistoryRecord *record)
{
  sqlite3_stmt *stmt = writer->insert_bodies;

  if (record->request_body == NULL && record->response_body == NULL)
    return SQLITE_OK;

  sqlite3_bind_int64 (stmt, 1, sqlite3_last_insert_rowid (writer->db));
  bind_text (stmt, 2, record->request_body);
  bind_text (stmt, 3, record->response_body);
  return step_and_reset (stmt);
}

static int
insert_record (Writer                *writer,
               const TwHistoryRecord *record)
{
  sqlite3_stmt *stmt = writer->insert_request;
  g_autofree char *key = make_search_key (record->request_id, record->message_code,
                                          record->url);
  int rc;

  sqlite3_bind_int64 (stmt, 1, record->time_ms);
  bind_text (stmt, 2, record->profile);
  bind_text (stmt, 3, record->base_url);
  bind_text (stmt, 4, record->kind);
  bind_text (stmt, 5, record->method);
  bind_text (stmt, 6, record->url);
  bind_text (stmt, 7, record->outcome);
  sqlite3_bind_int64 (stmt, 8, record->http_status);
  bind_text (stmt, 9, record->message_code);
  bind_text (stmt, 10, record->message);
  bind_text (stmt, 11, record->request_id);
  sqlite3_bind_int64 (stmt, 12, record->duration_ms);
  sqlite3_bind_int64 (stmt, 13, record->attempt);
  bind_text (stmt, 14, record->error_domain);
  sqlite3_bind_int (stmt, 15, record->error_code);
  bind_text (stmt, 16, key);

  rc = step_and_reset (stmt);
  if (rc == SQLITE_OK)
    rc = insert_bodies (writer, record);
  return rc;
}

static int
exec_with_time (sqlite3    *db,
                const char *sql,
                gint64      cutoff_ms)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, cutoff_ms);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }

  sqlite3_finalize (stmt);
  return rc;
}

/* Inside the caller's transaction. Sets @changed when rows went. */
static int
apply_retention (Writer   *writer,
                 gboolean *changed)
{
  gint64 cutoff_ms;
  int rc;

  if (writer->retention_days == 0)
    return SQLITE_OK;

  cutoff_ms = g_get_real_time () / 1000 - (gint64) writer->retention_days * 86400 * 1000;
  rc = exec_with_time (writer->db, "DELETE FROM bodies WHERE id IN"
                       " (SELECT id FROM requests WHERE time_ms < ?)", cutoff_ms);
  if (rc == SQLITE_OK)
    rc = exec_with_time (writer->db, "DELETE FROM requests WHERE time_ms < ?", cutoff_ms);
  if (rc == SQLITE_OK && sqlite3_changes (writer->db) > 0)
    *changed = TRUE;
  return rc;
}

static int
insert_pending (Writer   *writer,
                gboolean *changed)
{
  int rc = SQLITE_OK;

  for (guint i = 0; rc == SQLITE_OK && i < writer->pending->len; i++)
    rc = insert_record (writer, g_ptr_array_index (writer->pending, i));
  if (rc == SQLITE_OK)
    rc = apply_retention (writer, changed);
  if (rc == SQLITE_OK)
    *changed = TRUE;
  return rc;
}

static int
delete_all (Writer   *writer,
            gboolean *changed)
{
  int rc = sqlite3_exec (writer->db, "DELETE FROM bodies; DELETE FROM requests",
                         NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    *changed = TRUE;
  return rc;
}

typedef int (*WriteFunc) (Writer   *writer,
                          gboolean *changed);

/* The error is taken before ROLLBACK, which would replace its message. */
static gboolean
write_in_transaction (Writer      *writer,
                      WriteFunc    func,
                      gboolean    *changed,
                      const char  *what,
                      GError     **error)
{
  int rc = sqlite3_exec (writer->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    rc = func (writer, changed);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (writer->db, "COMMIT", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    return TRUE;

  *changed = FALSE;
  set_sqlite_error (error, writer->db, rc, what);
  sqlite3_exec (writer->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
writer_fail (Writer *writer,
             Report *report,
             GError *error)
{
  g_debug ("Writing the history failed: %s", error->message);
  report_set_error (report, error);
  g_clear_error (&writer->last_error);
  writer->last_error = error;
}

/* One transaction for everything pending. On failure the records stay
 * pending for the next round. */
static void
store_pending (Writer *writer,
               Report *report)
{
  GError *error = NULL;
  gboolean changed = FALSE;

  if (!writer_ensure_open (writer, report, &error))
    {
      writer_fail (writer, report, error);
      return;
    }

  if (!write_in_transaction (writer, insert_pending, &changed,
                             _("Could not save the request history"), &error))
    {
      /* A damaged file is checked again when it is next opened; a file
       * SQLite could only open read-only stays so until reopened, even
       * once its folder is writable again. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        writer_close (writer);
      writer_fail (writer, report, error);
      return;
    }

  report->changed = TRUE;
  g_ptr_array_set_size (writer->pending, 0);
  writer->pending_bytes = 0;
  g_clear_error (&writer->last_error);
}

/* Keeps memory bounded when writes keep failing: the oldest go first. */
static void
add_pending (Writer          *writer,
             TwHistoryRecord *record)
{
  writer->pending_bytes += record_size (record);
  g_ptr_array_add (writer->pending, record);

  while (writer->pending->len > 1 &&
         (writer->pending->len > MAX_PENDING || writer->pending_bytes > MAX_PENDING_BYTES))
    {
      TwHistoryRecord *oldest = g_ptr_array_index (writer->pending, 0);

      writer->pending_bytes -= record_size (oldest);
      g_ptr_array_remove_index (writer->pending, 0);
      g_debug ("A history record could not be stored and was dropped");
    }
}

/* Moves the records at the head of the queue to the pending batch;
 * returns the first other job, or NULL. */
static Job *
collect_records (Writer *writer,
                 Job    *job,
                 Report *report)
{
  guint n_records = 0;

  while (job != NULL && job->kind == JOB_RECORD)
    {
      TwHistoryRecord *record = g_steal_pointer (&job->record);

      sanitize_record (record);
      add_pending (writer, record);
      job_free (job);
      report->n_jobs++;
      if (++n_records >= MAX_BATCH)
        return NULL;
      job = g_async_queue_try_pop (writer->queue);
    }

  return job;
}

static void
clear_all (Writer *writer,
           Report *report,
           GTask  *task)
{
  GError *error = NULL;
  gboolean changed = FALSE;

  g_ptr_array_set_size (writer->pending, 0);
  writer->pending_bytes = 0;
  g_clear_error (&writer->last_error);

  if (!writer_ensure_open (writer, report, &error))
    {
      report_add_result (report, task, error);
      return;
    }

  if (!write_in_transaction (writer, delete_all, &changed,
                             _("Could not clear the request history"), &error))
    {
      report_add_result (report, task, error);
      return;
    }

  /* Best effort: a reader may still use the frames holding old rows. */
  sqlite3_wal_checkpoint_v2 (writer->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  report->changed = TRUE;
  report_add_result (report, task, NULL);
}

static void
change_retention (Writer *writer,
                  Report *report,
                  guint   days)
{
  GError *error = NULL;
  gboolean changed = FALSE;

  writer->retention_days = days;
  if (days == 0 || !writer_ensure_open (writer, report, &error))
    {
      g_clear_error (&error);
      return;
    }

  if (!write_in_transaction (writer, apply_retention, &changed,
                             _("Could not update the request history"), &error))
    {
      writer_fail (writer, report, error);
      return;
    }

  report->changed = report->changed || changed;
}

/* Returns TRUE when the thread must end. */
static gboolean
run_job (Writer *writer,
         Job    *job,
         Report *report)
{
  gboolean stop = FALSE;

  switch (job->kind)
    {
    case JOB_FLUSH:
      report_add_result (report, g_steal_pointer (&job->task),
                         writer->pending->len > 0 && writer->last_error != NULL
                         ? g_error_copy (writer->last_error) : NULL);
      break;
    case JOB_CLEAR:
      clear_all (writer, report, g_steal_pointer (&job->task));
      break;
    case JOB_RETENTION:
      change_retention (writer, report, job->retention_days);
      break;
    case JOB_STOP:
      stop = TRUE;
      break;
    case JOB_RECORD:
    default:
      g_assert_not_reached ();
    }

  if (job->kind != JOB_STOP)
    report->n_jobs++;
  job_free (job);
  return stop;
}

static gboolean report_dispatch (gpointer data);

static void
send_report (Writer *writer,
             Report *report)
{
  GSource *source = g_idle_source_new ();

  /* Not g_main_context_invoke(): it would run the report on this thread
   * when the main context is not being iterated. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, report_dispatch, report, (GDestroyNotify) report_free);
  g_source_set_static_name (source, "[tw-history] report");
  g_source_attach (source, writer->context);
  g_source_unref (source);
}

static gpointer
writer_thread_run (gpointer data)
{
  Writer *writer = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      Job *job = g_async_queue_pop (writer->queue);
      Report *report = report_new (writer);

      job = collect_records (writer, job, report);
      if (writer->pending->len > 0)
        store_pending (writer, report);
      if (job != NULL)
        stop = run_job (writer, job, report);

      if (report->n_jobs > 0)
        send_report (writer, report);
      else
        report_free (report);
    }

  return NULL;
}

/* The main thread's side */

static void
push_job (TwHistory *self,
          Job       *job)
{
  g_async_queue_push (self->queue, job);
}

static void
set_damaged_path (TwHistory  *self,
                  const char *path)
{
  if (g_strcmp0 (self->damaged_path, path) == 0)
    return;

  g_free (self->damaged_path);
  self->damaged_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DAMAGED_PATH]);
}

static void
apply_report (TwHistory *self,
              Report    *report)
{
  /* The writer opened the file late, maybe after moving a damaged one
   * aside: read the new file. */
  if (report->damaged_path != NULL)
    {
      set_damaged_path (self, report->damaged_path);
      g_clear_pointer (&self->read_db, sqlite3_close);
    }
  if (report->opened && self->read_db == NULL)
    {
      g_clear_error (&self->open_error);
      self->read_db = open_reader (self->path, &self->open_error);
    }

  if (report->error != NULL)
    g_signal_emit (self, signals[WRITE_FAILED], 0, report->error);
  if (report->changed)
    g_signal_emit (self, signals[ROWS_CHANGED], 0);
}

static gboolean
report_dispatch (gpointer data)
{
  Report *report = data;
  g_autoptr(TwHistory) self = g_weak_ref_get (&report->link->history);

  if (self != NULL)
    apply_report (self, report);

  for (guint i = 0; i < report->results->len; i++)
    {
      TaskResult *result = &g_array_index (report->results, TaskResult, i);

      if (result->error != NULL)
        g_task_return_error (result->task, g_steal_pointer (&result->error));
      else
        g_task_return_boolean (result->task, TRUE);
    }

  return G_SOURCE_REMOVE;
}

static void
open_initial (TwHistory *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged_path = NULL;
  OpenFlags flags = self->read_only ? 0 : OPEN_CREATE | OPEN_REPAIR;
  sqlite3 *db;

  if (self->read_only && !g_file_test (self->path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (&self->open_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is a file name */
                   _("There is no request history at “%s”"), self->path);
      return;
    }

  db = open_database (self->path, flags, &damaged_path, &error);
  self->damaged_path = g_steal_pointer (&damaged_path);

  if (db == NULL)
    {
      g_debug ("Cannot open the history: %s", error->message);
      self->open_error = g_steal_pointer (&error);
      return;
    }

  if (self->read_only)
    {
      sqlite3_exec (db, "PRAGMA query_only = ON", NULL, NULL, NULL);
      self->read_db = db;
      return;
    }

  self->writer->db = db;
  self->read_db = open_reader (self->path, &self->open_error);
}

static void
start_writer (TwHistory *self)
{
  Writer *writer = g_new0 (Writer, 1);

  writer->path = g_strdup (self->path);
  writer->queue = g_async_queue_ref (self->queue);
  writer->context = g_main_context_ref (self->context);
  writer->link = g_atomic_rc_box_acquire (self->link);
  writer->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_history_record_free);
  self->writer = writer;
}

static void
stop_writer (TwHistory *self)
{
  if (self->writer_thread == NULL)
    return;

  g_async_queue_push (self->queue, job_new (JOB_STOP));
  g_thread_join (g_steal_pointer (&self->writer_thread));
  g_clear_pointer (&self->writer, writer_free);
}

static void
push_retention (TwHistory *self)
{
  Job *job = job_new (JOB_RETENTION);

  job->retention_days = self->retention_days;
  push_job (self, job);
}

/* Export, in a thread with its own connection */

typedef struct
{
  char                  *db_path;
  char                  *search;
  char                  *kind;
  TwHistoryOutcomeFilter outcome;
  GFile                 *file;
  TwHistoryExportFormat  format;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->db_path);
  g_free (data->search);
  g_free (data->kind);
  g_clear_object (&data->file);
  g_free (data);
}

/* RFC 4180 quoting, and a leading quote for what a spreadsheet would run
 * as a formula. */
static void
append_csv_text (GString    *out,
                 const char *text)
{
  gboolean formula = strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0';
  gboolean quote = formula || strpbrk (text, ",\"\r\n") != NULL;

  if (quote)
    g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

static void
append_csv_value (GString  *out,
                  JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    append_csv_text (out, json_node_get_string (node));
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
}

static void
append_csv_header (GString *out)
{
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();
  g_autoptr(JsonNode) node = tw_history_record_to_json (0, record);
  g_autoptr(GList) names = json_object_get_members (json_node_get_object (node));

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (l != names)
        g_string_append_c (out, ',');
      append_csv_text (out, l->data);
    }
  g_string_append (out, "\r\n");
}

static void
append_csv_row (GString  *out,
                JsonNode *node)
{
  JsonObject *object = json_node_get_object (node);
  g_autoptr(GList) names = json_object_get_members (object);

  for (GList *l = names; l != NULL; l = l->next)
    {
      if (l != names)
        g_string_append_c (out, ',');
      append_csv_value (out, json_object_get_member (object, l->data));
    }
  g_string_append (out, "\r\n");
}

static void
append_json_row (GString  *out,
                 JsonNode *node,
                 gboolean  first)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_string_append (out, first ? "\n  " : ",\n  ");
  g_string_append (out, text);
}

static void
append_export_row (GString               *out,
                   sqlite3_stmt          *stmt,
                   TwHistoryExportFormat  format,
                   gboolean               first)
{
  g_autoptr(TwHistoryRecord) record = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 id;

  record = record_from_row (stmt, &id);
  record->request_body = dup_column (stmt, N_ENTRY_COLUMNS);
  record->response_body = dup_column (stmt, N_ENTRY_COLUMNS + 1);
  node = tw_history_record_to_json (id, record);

  if (format == TW_HISTORY_EXPORT_CSV)
    append_csv_row (out, node);
  else
    append_json_row (out, node, first);
}

static gboolean
write_chunk (GOutputStream  *stream,
             GString        *buffer,
             GCancellable   *cancellable,
             GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, buffer->str, buffer->len, NULL,
                                           cancellable, error);

  g_string_truncate (buffer, 0);
  return ok;
}

static gboolean
write_export (ExportData     *data,
              sqlite3        *db,
              sqlite3_stmt   *stmt,
              GOutputStream  *stream,
              GCancellable   *cancellable,
              GError        **error)
{
  g_autoptr(GString) buffer = g_string_new (NULL);
  gboolean csv = data->format == TW_HISTORY_EXPORT_CSV;
  gboolean first = TRUE;
  int rc;

  if (csv)
    append_csv_header (buffer);
  else
    g_string_append_c (buffer, '[');

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      append_export_row (buffer, stmt, data->format, first);
      first = FALSE;
      if (buffer->len >= EXPORT_CHUNK && !write_chunk (stream, buffer, cancellable, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, _("Could not read the request history"));

  if (!csv)
    g_string_append (buffer, first ? "]\n" : "\n]\n");
  return write_chunk (stream, buffer, cancellable, error);
}

/* Closing with a cancelled cancellable leaves the destination untouched. */
static void
abandon_stream (GOutputStream *stream)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close (stream, cancelled, NULL);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  TwHistoryFilter filter = { data->search, data->outcome, data->kind };
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;

  db = open_reader (data->db_path, &error);
  if (db != NULL)
    stmt = prepare_filtered (db, ENTRY_COLUMNS ", request_body, response_body",
                             "requests LEFT JOIN bodies USING (id)", &filter,
                             " ORDER BY id DESC", &error);
  if (stmt != NULL)
    stream = g_file_replace (data->file, NULL, FALSE,
                             G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                             cancellable, &error);

  if (stream != NULL &&
      (!write_export (data, db, stmt, G_OUTPUT_STREAM (stream), cancellable, &error) ||
       !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error)))
    abandon_stream (G_OUTPUT_STREAM (stream));

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Main-thread reads */

static sqlite3 *
get_reader (TwHistory  *self,
            GError    **error)
{
  if (self->read_db != NULL)
    return self->read_db;

  if (self->open_error != NULL)
    g_propagate_error (error, g_error_copy (self->open_error));
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("The request history is not available"));
  return NULL;
}

static GPtrArray *
read_entries (TwHistory     *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id;
      TwHistoryRecord *record = record_from_row (stmt, &id);

      g_ptr_array_add (entries, tw_history_entry_new_take (id, record, self, FALSE));
    }

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->read_db, rc, _("Could not read the request history"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}

/* Interface and GObject */

static void
tw_history_record_sink (TwHistorySink         *sink,
                        const TwHistoryRecord *record)
{
  TwHistory *self = TW_HISTORY (sink);
  Job *job;

  if (self->read_only)
    {
      g_debug ("A read-only history ignores records");
      return;
    }

  job = job_new (JOB_RECORD);
  job->record = tw_history_record_copy (record);
  push_job (self, job);
}

static void
tw_history_sink_iface_init (TwHistorySinkInterface *iface)
{
  iface->record = tw_history_record_sink;
}

static void
tw_history_constructed (GObject *object)
{
  TwHistory *self = TW_HISTORY (object);

  G_OBJECT_CLASS (tw_history_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = tw_history_get_default_path ();

  if (!self->read_only)
    start_writer (self);
  open_initial (self);

  if (self->read_only)
    return;

  self->writer_thread = g_thread_new ("tw-history-writer", writer_thread_run, self->writer);
  if (self->retention_days > 0)
    push_retention (self);
}

static void
tw_history_dispose (GObject *object)
{
  TwHistory *self = TW_HISTORY (object);

  stop_writer (self);
  g_clear_pointer (&self->read_db, sqlite3_close);

  G_OBJECT_CLASS (tw_history_parent_class)->dispose (object);
}

static void
tw_history_finalize (GObject *object)
{
  TwHistory *self = TW_HISTORY (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->damaged_path, g_free);
  g_clear_error (&self->open_error);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->link, link_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (tw_history_parent_class)->finalize (object);
}

static void
tw_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TwHistory *self = TW_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;
    case PROP_RETENTION_DAYS:
      g_value_set_uint (value, self->retention_days);
      break;
    case PROP_DAMAGED_PATH:
      g_value_set_string (value, self->damaged_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TwHistory *self = TW_HISTORY (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_READ_ONLY:
      self->read_only = g_value_get_boolean (value);
      break;
    case PROP_RETENTION_DAYS:
      tw_history_set_retention_days (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_class_init (TwHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct_flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                G_PARAM_STATIC_STRINGS;

  object_class->constructed = tw_history_constructed;
  object_class->dispose = tw_history_dispose;
  object_class->finalize = tw_history_finalize;
  object_class->get_property = tw_history_get_property;
  object_class->set_property = tw_history_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, construct_flags);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE, construct_flags);
  properties[PROP_RETENTION_DAYS] =
    g_param_spec_uint ("retention-days", NULL, NULL, 0, 36500, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DAMAGED_PATH] =
    g_param_spec_string ("damaged-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ROWS_CHANGED] =
    g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tw_history_init (TwHistory *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->queue = g_async_queue_new_full ((GDestroyNotify) job_free);
  self->link = link_new (self);
}

/* Public API */

/**
 * tw_history_get_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/tiki-webhooks/history.db`
 */
char *
tw_history_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tiki-webhooks", "history.db", NULL);
}

/**
 * tw_history_new:
 * @path: (nullable): the database file, or %NULL for the default
 *
 * Returns: (transfer full): the store, never %NULL
 */
TwHistory *
tw_history_new (const char *path)
{
  return g_object_new (TW_TYPE_HISTORY, "path", path, NULL);
}

/**
 * tw_history_open_existing:
 * @path: (nullable): the database file, or %NULL for the default
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): a read-only store, or %NULL
 */
TwHistory *
tw_history_open_existing (const char  *path,
                          GError     **error)
{
  g_autoptr(TwHistory) self = g_object_new (TW_TYPE_HISTORY, "path", path, "read-only", TRUE,
                                            NULL);

  if (self->read_db == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->open_error));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
tw_history_get_path (TwHistory *self)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), NULL);

  return self->path;
}

gboolean
tw_history_get_read_only (TwHistory *self)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);

  return self->read_only;
}

guint
tw_history_get_retention_days (TwHistory *self)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), 0);

  return self->retention_days;
}

void
tw_history_set_retention_days (TwHistory *self,
                               guint      days)
{
  g_return_if_fail (TW_IS_HISTORY (self));

  if (self->retention_days == days)
    return;

  self->retention_days = days;
  /* Before constructed(), the writer takes it when it starts. */
  if (self->writer_thread != NULL)
    push_retention (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION_DAYS]);
}

const char *
tw_history_get_damaged_path (TwHistory *self)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), NULL);

  return self->damaged_path;
}

static void
queue_task_job (TwHistory           *self,
                JobKind              kind,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Job *job;

  g_task_set_source_tag (task, source_tag);

  if (self->read_only)
    {
      if (kind == JOB_FLUSH)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                                 _("The request history was opened read-only"));
      return;
    }

  job = job_new (kind);
  job->task = g_steal_pointer (&task);
  push_job (self, job);
}

void
tw_history_flush_async (TwHistory           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (TW_IS_HISTORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  queue_task_job (self, JOB_FLUSH, tw_history_flush_async, cancellable, callback, user_data);
}

gboolean
tw_history_flush_finish (TwHistory     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tw_history_clear_async (TwHistory           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_return_if_fail (TW_IS_HISTORY (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  queue_task_job (self, JOB_CLEAR, tw_history_clear_async, cancellable, callback, user_data);
}

gboolean
tw_history_clear_finish (TwHistory     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tw_history_export_async (TwHistory             *self,
                         const TwHistoryFilter *filter,
                         GFile                 *file,
                         TwHistoryExportFormat  format,
                         GCancellable          *cancellable,
                         GAsyncReadyCallback    callback,
                         gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (TW_IS_HISTORY (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExportData, 1);
  data->db_path = g_strdup (self->path);
  data->file = g_object_ref (file);
  data->format = format;
  if (filter != NULL)
    {
      data->search = g_strdup (filter->search);
      data->kind = g_strdup (filter->kind);
      data->outcome = filter->outcome;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_history_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
tw_history_export_finish (TwHistory     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
tw_history_count (TwHistory              *self,
                  const TwHistoryFilter  *filter,
                  guint                  *n_rows,
                  GError                **error)
{
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (n_rows != NULL, FALSE);

  *n_rows = 0;
  db = get_reader (self, error);
  if (db == NULL)
    return FALSE;

  stmt = prepare_filtered (db, "count(*)", tw_history_filter_is_empty (filter)
                           ? "requests" : "requests INDEXED BY requests_filter",
                           filter, "", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *n_rows = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, db, rc, _("Could not read the request history"));
  return TRUE;
}

/**
 * tw_history_query:
 *
 * Returns: (transfer container) (element-type TwHistoryEntry) (nullable):
 *   the entries, or %NULL and @error set
 */
GPtrArray *
tw_history_query (TwHistory              *self,
                  const TwHistoryFilter  *filter,
                  gint64                  min_id,
                  gint64                  max_id,
                  guint                   offset,
                  guint                   limit,
                  GError                **error)
{
  sqlite3_stmt *stmt;
  GPtrArray *entries;
  sqlite3 *db;

  g_return_val_if_fail (TW_IS_HISTORY (self), NULL);

  db = get_reader (self, error);
  if (db == NULL)
    return NULL;

  stmt = prepare_filtered (db, ENTRY_COLUMNS, "requests", filter,
                           " ORDER BY id DESC LIMIT :limit OFFSET :offset", error);
  if (stmt == NULL)
    return NULL;

  bind_int64_parameter (stmt, ":min", min_id);
  bind_int64_parameter (stmt, ":max", max_id);
  bind_int64_parameter (stmt, ":limit", limit > 0 ? (gint64) limit : -1);
  bind_int64_parameter (stmt, ":offset", offset);

  entries = read_entries (self, stmt, error);
  sqlite3_finalize (stmt);
  return entries;
}

/* Private API (tw-history-private.h) */

gboolean
tw_history_filter_is_empty (const TwHistoryFilter *filter)
{
  g_autofree char *search = NULL;

  if (filter == NULL)
    return TRUE;

  search = normalize_search (filter->search);
  return search == NULL && filter->kind == NULL && filter->outcome == TW_HISTORY_OUTCOME_ANY;
}

gboolean
tw_history_load_bodies (TwHistory  *self,
                        gint64      id,
                        char      **request_body,
                        char      **response_body,
                        GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);

  *request_body = *response_body = NULL;
  db = get_reader (self, error);
  if (db == NULL)
    return FALSE;

  rc = sqlite3_prepare_v2 (db, "SELECT request_body, response_body FROM bodies WHERE id = ?",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    {
      *request_body = dup_column (stmt, 0);
      *response_body = dup_column (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, _("Could not read the request history"));
  return TRUE;
}

gboolean
tw_history_read_totals (TwHistory  *self,
                        guint      *n_rows,
                        gint64     *min_id,
                        gint64     *max_id,
                        GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (TW_IS_HISTORY (self), FALSE);

  *n_rows = 0;
  *min_id = *max_id = 0;
  db = get_reader (self, error);
  if (db == NULL)
    return FALSE;

  /* Sub-queries, so that each uses its fast path (b-tree count, first and
   * last rowid), in one statement, so one snapshot. */
  rc = sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM requests),"
                           " (SELECT min(id) FROM requests), (SELECT max(id) FROM requests)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *n_rows = (guint) sqlite3_column_int64 (stmt, 0);
      *min_id = sqlite3_column_int64 (stmt, 1);
      *max_id = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, db, rc, _("Could not read the request history"));
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Ids come in index order. They are unique and usually dense, so a bitmap
 * over their range sorts 100 000 of them in well under a millisecond,
 * where qsort() takes about ten. */
static void
sort_ids (GArray *ids)
{
  g_autofree guint8 *bitmap = NULL;
  gint64 low = G_MAXINT64;
  gint64 high = G_MININT64;
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    {
      low = MIN (low, g_array_index (ids, gint64, i));
      high = MAX (high, g_array_index (ids, gint64, i));
    }

  if (ids->len < 64 || (guint64) (high - low) >= 16 * (guint64) ids->len)
    {
      g_array_sort (ids, compare_ids);
      return;
    }

  bitmap = g_new0 (guint8, (high - low) / 8 + 1);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 bit = g_array_index (ids, gint64, i) - low;

      bitmap[bit / 8] |= 1 << (bit % 8);
    }

  for (gint64 bit = 0; bit <= high - low; bit++)
    {
      if (bitmap[bit / 8] & (1 << (bit % 8)))
        g_array_index (ids, gint64, n++) = low + bit;
    }
}

GArray *
tw_history_collect_ids (TwHistory              *self,
                        const TwHistoryFilter  *filter,
                        gint64                  after_id,
                        gint64                  max_id,
                        GError                **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (TW_IS_HISTORY (self), NULL);

  db = get_reader (self, error);
  if (db == NULL)
    return NULL;

  /* A search scans the narrow covering index rather than the table; the
   * new rows of an update are a short range of the table instead. */
  stmt = prepare_filtered (db, "id", after_id == 0 && !tw_history_filter_is_empty (filter)
                           ? "requests INDEXED BY requests_filter" : "requests",
                           filter, "", error);
  if (stmt == NULL)
    return NULL;

  bind_int64_parameter (stmt, ":min", after_id + 1);
  bind_int64_parameter (stmt, ":max", max_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, db, rc, _("Could not read the request history"));
      return NULL;
    }

  sort_ids (ids);
  return g_steal_pointer (&ids);
}

GPtrArray *
tw_history_read_ids (TwHistory     *self,
                     const gint64  *ids,
                     guint          n_ids,
                     GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " ENTRY_COLUMNS " FROM requests WHERE id IN (");
  sqlite3_stmt *stmt = NULL;
  GPtrArray *entries;
  sqlite3 *db;
  int rc;

  g_return_val_if_fail (TW_IS_HISTORY (self), NULL);

  db = get_reader (self, error);
  if (db == NULL)
    return NULL;

  for (guint i = 0; i < n_ids; i++)
    g_string_append (sql, i == 0 ? "?" : ", ?");
  g_string_append (sql, ") ORDER BY id DESC");

  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      set_sqlite_error (error, db, rc, _("Could not read the request history"));
      return NULL;
    }

  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, (int) i + 1, ids[i]);

  entries = read_entries (self, stmt, error);
  sqlite3_finalize (stmt);
  return entries;
}
