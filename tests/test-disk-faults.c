/* test-disk-faults.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-disk-faults"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <linux/capability.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-history.h"
#include "tw-i18n.h"
#include "tw-profile-store.h"
#include "tw-registration.h"
#include "tw-test-http.h"

/* The history and profile folders read-only or on a full disk: each write
 * fails with a clear, translated error, nothing stored before is lost,
 * and a registration still goes through. A full disk is RLIMIT_FSIZE (a
 * tmpfs needs privileges): no file of this process may grow past a few
 * bytes, and SIGXFSZ is ignored so that the write fails with EFBIG. */

#define TOKEN "disk-faults-token-Lw5c"
#define ORDER_SECRET "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define PROFILE "Shop A"
#define N_STORED 5

typedef struct
{
  char           *dir;
  char           *data_dir;
  char           *config_dir;
  char           *db;
  TwDemoServer   *server;
  TwApiClient    *client;
  TwHistory      *history;
  TwProfileStore *store;
  TwProfile      *profile;
  TwRegistration *registration;
  TwAuth         *auth;
  GError         *write_failed;
  struct rlimit   saved_limit;
  gboolean        limited;
} Fixture;

/* Helpers: files */

/* The names in @path, sorted, joined by spaces. */
static char *
list_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* Makes @path and everything directly in it read-only, and checks that
 * this process can then really not create a file there. */
static void
make_read_only (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autofree char *probe = g_build_filename (path, "probe", NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_chmod (child, 0400), ==, 0);
    }
  g_assert_cmpint (g_chmod (path, 0500), ==, 0);
  g_assert_false (g_file_set_contents (probe, "x", 1, NULL));
}

static void
make_writable (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_cmpint (g_chmod (path, 0700), ==, 0);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_chmod (child, 0600);
    }
}

/* No file may grow past a few bytes from now on: like a full disk. */
static void
fill_disk (Fixture *f)
{
  struct rlimit limit;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &f->saved_limit), ==, 0);
  limit = f->saved_limit;
  limit.rlim_cur = 16;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  f->limited = TRUE;
}

static void
free_disk (Fixture *f)
{
  if (!f->limited)
    return;
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &f->saved_limit), ==, 0);
  f->limited = FALSE;
}

/* Helpers: the services */

static void
on_write_failed (TwHistory    *history,
                 const GError *error,
                 Fixture      *f)
{
  g_clear_error (&f->write_failed);
  f->write_failed = g_error_copy (error);
}

static void
open_history (Fixture *f)
{
  g_clear_object (&f->history);
  f->history = tw_history_new (f->db);
  g_signal_connect (f->history, "write-failed", G_CALLBACK (on_write_failed), f);
  tw_api_client_set_history_sink (f->client, TW_HISTORY_SINK (f->history));
}

static gboolean
save_profile (Fixture  *f,
              GError  **error)
{
  g_autoptr(GAsyncResult) done = NULL;

  tw_profile_store_save_async (f->store, f->profile, NULL, tw_test_keep_result_cb, &done);
  return tw_profile_store_save_finish (f->store, tw_test_wait_for_result (&done), error);
}

static TwProfile *
create_profile (Fixture     *f,
                const char  *name,
                GError     **error)
{
  g_autoptr(GAsyncResult) done = NULL;

  tw_profile_store_create_async (f->store, name, NULL, tw_test_keep_result_cb, &done);
  return tw_profile_store_create_finish (f->store, tw_test_wait_for_result (&done), error);
}

static guint
count_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (tw_history_count (f->history, NULL, &n, &error));
  g_assert_no_error (error);
  return n;
}

static TwApiResult *
register_now (Fixture *f)
{
  TwTestOutcome outcome = { 0 };

  tw_api_client_register_async (f->client, PROFILE, tw_demo_server_get_base_url (f->server),
                                f->registration, f->auth, NULL,
                                tw_test_outcome_registered_cb, &outcome);
  tw_test_outcome_wait (&outcome);
  g_assert_no_error (outcome.error);
  return outcome.result;
}

/* Registers, records it in the profile, and checks that it went through
 * whatever the disk did. */
static void
register_ok (Fixture *f)
{
  g_autoptr(TwApiResult) result = register_now (f);

  g_assert_true (tw_api_result_get_ok (result));
  tw_profile_record_registration (f->profile, f->registration,
                                  tw_api_result_get_request_id (result), NULL);
}

/* A clear error in Vietnamese: a translated sentence, not only the
 * system's words. */
static void
assert_clear_error (const GError *error,
                    const char   *expected_start)
{
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_false (g_str_is_ascii (error->message));
  g_assert_true (g_str_has_prefix (error->message, expected_start));
}

/* The history says what failed and why, both through gettext. */
static void
assert_history_error (const GError *error,
                      gboolean      full)
{
  g_autofree char *expected = g_strdup_printf (_("%s: %s"),
                                               _("Could not save the request history"),
                                               full ? _("the disk is full")
                                                    : _("the folder cannot be written to"));

  assert_clear_error (error, _("Could not save the request history"));
  g_assert_cmpstr (error->message, ==, expected);
}

/* The profile store names the file and the cause, both through gettext. */
static void
assert_save_error (const GError *error,
                   const char   *path,
                   gboolean      full)
{
  g_autofree char *expected = NULL;

  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_true (error->domain == G_FILE_ERROR);
  expected = g_strdup_printf (_("Cannot save “%s”: %s"), path,
                              full ? _("the disk is full") : _("the folder cannot be written to"));
  g_assert_cmpstr (error->message, ==, expected);
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) config = NULL;
  const char * const warehouses[] = { "sgn", NULL };
  TwHook *order;

  f->dir = g_dir_make_tmp ("tw-disk-faults-XXXXXX", &error);
  g_assert_no_error (error);
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->config_dir = g_build_filename (f->dir, "config", NULL);
  f->db = g_build_filename (f->data_dir, "history.db", NULL);

  f->server = tw_test_demo_server_new ();
  f->client = tw_api_client_new ();
  tw_api_client_set_backoff_ms (f->client, 10);
  f->registration = tw_registration_new ();
  tw_registration_set_warehouses (f->registration, warehouses);
  order = tw_registration_get_hook (f->registration, TW_HOOK_ORDER);
  tw_hook_set_url (order, "https://seller.example/webhooks/order");
  tw_hook_set_secret_key (order, ORDER_SECRET);
  f->auth = tw_auth_new_for_token (TOKEN);

  /* What is already stored: registrations in the history, a profile. */
  open_history (f);
  config = g_file_new_for_path (f->config_dir);
  f->store = tw_profile_store_new (config);
  f->profile = create_profile (f, PROFILE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_STORED; i++)
    register_ok (f);
  g_assert_true (save_profile (f, &error));
  g_assert_true (tw_test_try_flush_history (f->history, &error));
  g_assert_cmpuint (count_rows (f), ==, N_STORED);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  free_disk (f);
  g_clear_object (&f->client);
  g_clear_object (&f->history);
  g_clear_object (&f->profile);
  g_clear_object (&f->store);
  g_clear_object (&f->registration);
  g_clear_object (&f->auth);
  g_clear_object (&f->server);
  g_clear_error (&f->write_failed);
  tw_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->config_dir);
  g_free (f->db);
}

/* Tests */

static void
test_history_read_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;

  /* Opened again on a folder it cannot write to, as at the next start. */
  g_clear_object (&f->history);
  before = list_dir (f->data_dir);
  make_read_only (f->data_dir);
  open_history (f);

  register_ok (f);
  g_assert_false (tw_test_try_flush_history (f->history, &error));
  assert_history_error (f->write_failed, FALSE);
  g_assert_nonnull (error);

  /* Writable again: the registration kept in memory lands, and the ones
   * stored before are all there. */
  make_writable (f->data_dir);
  g_clear_error (&error);
  g_assert_true (tw_test_try_flush_history (f->history, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_rows (f), ==, N_STORED + 1);
}

static void
test_history_full (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fill_disk (f);
  register_ok (f);
  register_ok (f);
  g_assert_false (tw_test_try_flush_history (f->history, &error));
  assert_history_error (f->write_failed, TRUE);
  /* Reading still works, and shows everything stored before. */
  g_assert_cmpuint (count_rows (f), ==, N_STORED);

  free_disk (f);
  g_clear_error (&error);
  g_assert_true (tw_test_try_flush_history (f->history, &error));
  g_assert_cmpuint (count_rows (f), ==, N_STORED + 2);
}

static void
assert_profile_intact (Fixture    *f,
                       const char *path,
                       const char *contents,
                       const char *listing)
{
  g_autofree char *now = read_text (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *names = list_dir (dir);

  g_assert_cmpstr (now, ==, contents);
  /* No temporary file left behind either. */
  g_assert_cmpstr (names, ==, listing);
}

static void
check_profile_fault (Fixture  *f,
                     gboolean  full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwProfile) other = NULL;
  g_autofree char *path = g_file_get_path (tw_profile_get_file (f->profile));
  g_autofree char *profiles_dir = g_path_get_dirname (path);
  g_autofree char *contents = read_text (path);
  g_autofree char *listing = list_dir (profiles_dir);
  g_autofree char *saved = NULL;

  if (full)
    fill_disk (f);
  else
    make_read_only (profiles_dir);

  /* The registration goes through; saving it in the profile cannot. */
  register_ok (f);
  g_assert_false (save_profile (f, &error));
  assert_save_error (error, path, full);
  assert_profile_intact (f, path, contents, listing);

  g_clear_error (&error);
  other = create_profile (f, "Shop B", &error);
  g_assert_null (other);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_suffix (error->message, full ? _("the disk is full")
                                                        : _("the folder cannot be written to")));
  assert_profile_intact (f, path, contents, listing);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->store)), ==, 1);

  /* Space or rights back: the same profile object saves what it holds. */
  if (full)
    free_disk (f);
  else
    make_writable (profiles_dir);
  g_clear_error (&error);
  g_assert_true (save_profile (f, &error));
  g_assert_no_error (error);
  saved = read_text (path);
  g_assert_cmpstr (saved, !=, contents);
  g_assert_nonnull (strstr (saved, tw_profile_get_last_request_id (f->profile)));
}

static void
test_profiles_read_only (Fixture       *f,
                         gconstpointer  data)
{
  check_profile_fault (f, FALSE);
}

static void
test_profiles_full (Fixture       *f,
                    gconstpointer  data)
{
  check_profile_fault (f, TRUE);
}

/* Both on a full disk at once, as the app does after a registration. */
static void
test_registration_full_disk (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwApiResult) result = NULL;
  g_autofree char *path = g_file_get_path (tw_profile_get_file (f->profile));

  fill_disk (f);
  result = register_now (f);
  g_assert_true (tw_api_result_get_ok (result));
  g_assert_true (tw_test_is_request_id (tw_api_result_get_request_id (result)));
  tw_profile_record_registration (f->profile, f->registration,
                                  tw_api_result_get_request_id (result), NULL);
  g_assert_false (save_profile (f, &error));
  assert_save_error (error, path, TRUE);
  g_clear_error (&error);
  g_assert_false (tw_test_try_flush_history (f->history, &error));
  assert_history_error (f->write_failed, TRUE);

  free_disk (f);
  g_clear_error (&error);
  g_assert_true (tw_test_try_flush_history (f->history, &error));
  g_assert_true (save_profile (f, &error));
  g_assert_cmpuint (count_rows (f), ==, N_STORED + 1);
}

/* Root ignores file modes: drop the capabilities that let it, so that a
 * read-only folder is read-only for this test too. Before any thread
 * starts, since capabilities belong to each thread. */
static void
drop_file_capabilities (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3] = { { 0 } };
  const int dropped[] = { CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER };

  if (geteuid () != 0)
    return;

  g_assert_cmpint (syscall (SYS_capget, &header, caps), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (dropped); i++)
    {
      caps[CAP_TO_INDEX (dropped[i])].effective &= ~CAP_TO_MASK (dropped[i]);
      caps[CAP_TO_INDEX (dropped[i])].permitted &= ~CAP_TO_MASK (dropped[i]);
    }
  g_assert_cmpint (syscall (SYS_capset, &header, caps), ==, 0);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int   argc,
      char *argv[])
{
  drop_file_capabilities ();
  /* A write past the limit then fails with EFBIG instead of killing us. */
  signal (SIGXFSZ, SIG_IGN);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("LANGUAGE", "vi", TRUE);
  tw_i18n_init ();
  g_test_init (&argc, &argv, NULL);

  ADD ("/tw/disk-faults/history/read-only", test_history_read_only);
  ADD ("/tw/disk-faults/history/full", test_history_full);
  ADD ("/tw/disk-faults/profiles/read-only", test_profiles_read_only);
  ADD ("/tw/disk-faults/profiles/full", test_profiles_full);
  ADD ("/tw/disk-faults/registration/full", test_registration_full_disk);

  return g_test_run ();
}
