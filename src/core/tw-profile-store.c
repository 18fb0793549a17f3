/* tw-profile-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-profile-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "tw-api-parse.h"
#include "tw-error.h"
#include "tw-profile-private.h"
#include "tw-profile-store.h"

#define STATE_FORMAT 1
#define STATE_MAX_SIZE (64 * 1024)
/* Leaves room for "-NNN.json" and the temporary suffix of an atomic write
 * within the 255 bytes of a file name. */
#define MAX_SLUG_LENGTH 48
#define MAX_SLUG_TRIES 1000

typedef enum
{
  JOB_LOAD,
  JOB_CREATE,
  JOB_SAVE,
  JOB_RENAME,
  JOB_DELETE,
  JOB_STATE,
} JobType;

/* The work of one operation. The thread reads the paths and contents and
 * fills the results; the profiles are only touched on the main thread. */
typedef struct
{
  JobType     type;
  char       *dir;
  char       *path;
  char       *slug;
  char       *contents;
  char       *state_path;
  char       *state_contents;
  TwProfile  *profile;
  char       *old_name;
  char       *new_name;
  /* Results */
  char       *new_path;
  GPtrArray  *loaded;
  char       *last_used;
} Job;

struct _TwProfileStore
{
  GObject        parent_instance;

  GFile         *config_dir;
  TwCredentials *credentials;
  GPtrArray     *profiles;
  char          *last_used;
  GQueue         jobs;
  gboolean       running;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwProfileStore, tw_profile_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_CONFIG_DIR,
  PROP_CREDENTIALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void run_next_job (TwProfileStore *self);

static void
job_free (Job *job)
{
  g_free (job->dir);
  g_free (job->path);
  g_free (job->slug);
  g_free (job->contents);
  g_free (job->state_path);
  g_free (job->state_contents);
  g_clear_object (&job->profile);
  g_free (job->old_name);
  g_free (job->new_name);
  g_free (job->new_path);
  g_clear_pointer (&job->loaded, g_ptr_array_unref);
  g_free (job->last_used);
  g_free (job);
}

/* Names */

static gboolean
names_equal (const char *a,
             const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb) == 0;
}

static int
compare_profiles (gconstpointer a,
                  gconstpointer b)
{
  TwProfile *pa = *(TwProfile **) a;
  TwProfile *pb = *(TwProfile **) b;
  g_autofree char *fa = g_utf8_casefold (tw_profile_get_name (pa), -1);
  g_autofree char *fb = g_utf8_casefold (tw_profile_get_name (pb), -1);
  int result = g_utf8_collate (fa, fb);

  return result != 0 ? result : strcmp (tw_profile_get_name (pa), tw_profile_get_name (pb));
}

/* Lowercase ASCII letters and digits with single dashes: safe in any file
 * system, whatever the name. Uniqueness is added by the thread. */
static char *
make_slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *slug = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && slug->len < MAX_SLUG_LENGTH; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "profile");

  return g_string_free (slug, FALSE);
}

/* Files, in the thread */

/* The first of slug.json, slug-2.json, … that does not exist or is @own. */
static char *
pick_free_path (const char  *dir,
                const char  *slug,
                const char  *own,
                GError     **error)
{
  for (guint i = 1; i <= MAX_SLUG_TRIES; i++)
    {
      g_autofree char *basename = i == 1 ? g_strconcat (slug, ".json", NULL)
                                         : g_strdup_printf ("%s-%u.json", slug, i);
      g_autofree char *path = g_build_filename (dir, basename, NULL);

      if (g_strcmp0 (path, own) == 0 || !g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
               _("Too many profile files have similar names"));
  return NULL;
}

/* Why a write failed, in words the user can act on for the causes met in
 * practice (a full disk may show as EFBIG under a file size limit). */
static const char *
describe_errno (int saved_errno)
{
  switch (saved_errno)
    {
    case EACCES:
    case EPERM:
    case EROFS:
      return _("the folder cannot be written to");
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
      return _("the disk is full");
    default:
      return g_strerror (saved_errno);
    }
}

static gboolean
ensure_directory (const char  *dir,
                  GError     **error)
{
  int saved_errno;

  if (g_mkdir_with_parents (dir, 0700) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: %s is a folder, then the reason, e.g. “the disk is full” */
               _("Cannot create the folder “%s”: %s"), dir, describe_errno (saved_errno));
  return FALSE;
}

static gboolean
write_all (int         fd,
           const char *contents,
           gsize       length)
{
  while (length > 0)
    {
      gssize written = write (fd, contents, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written <= 0)
        return FALSE;
      contents += written;
      length -= (gsize) written;
    }
  return fsync (fd) == 0;
}

/* Atomic: a temporary file next to @path, synced, then renamed over it,
 * so that a crash or a full disk leaves either the old contents or the
 * new ones, and no temporary file. Done by hand rather than with
 * g_file_set_contents_full() to keep errno: its message names the
 * temporary file and says little about why. */
static gboolean
write_file (const char  *path,
            const char  *contents,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  int saved_errno = 0;
  int fd;

  if (!ensure_directory (dir, error))
    return FALSE;

  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    saved_errno = errno;
  else
    {
      if (!write_all (fd, contents, strlen (contents)))
        saved_errno = errno != 0 ? errno : EIO;
      if (close (fd) != 0 && saved_errno == 0)
        saved_errno = errno;
      if (saved_errno == 0 && g_rename (tmp_path, path) != 0)
        saved_errno = errno;
      if (saved_errno != 0)
        g_unlink (tmp_path);
    }

  if (saved_errno == 0)
    return TRUE;

  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: %s is a file, then the reason, e.g. “the disk is full” */
               _("Cannot save “%s”: %s"), path, describe_errno (saved_errno));
  return FALSE;
}

static gboolean
rename_file (const char  *from,
             const char  *to,
             GError     **error)
{
  int saved_errno;

  if (g_rename (from, to) == 0)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: both %s are files, then the system's error */
               _("Cannot rename “%s” to “%s”: %s"), from, to, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
delete_file (const char  *path,
             GError     **error)
{
  int saved_errno;

  if (g_unlink (path) == 0 || errno == ENOENT)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               /* Translators: %s is a file, then the system's error */
               _("Cannot delete “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

/* Reads at most @max_size bytes; more is an error, not a truncation. */
static char *
read_bounded (GFile   *file,
              gsize    max_size,
              gsize   *length,
              GError **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree char *buffer = NULL;
  gsize read = 0;

  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;

  buffer = g_malloc (max_size + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), buffer, max_size + 1, &read,
                                NULL, error))
    return NULL;

  if (read > max_size)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The file is too large to be a profile"));
      return NULL;
    }

  *length = read;
  return g_steal_pointer (&buffer);
}

static TwProfile *
read_profile_file (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  TwProfile *profile = NULL;
  gsize length = 0;

  data = read_bounded (file, TW_PROFILE_MAX_FILE_SIZE, &length, &error);
  if (data != NULL)
    profile = tw_profile_new_from_json (data, length, &error);

  if (profile == NULL)
    return tw_profile_new_broken (file, error->message);

  tw_profile_set_file (profile, file);
  return profile;
}

static gboolean
is_profile_file (GFileInfo *info)
{
  const char *name = g_file_info_get_name (info);

  return g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
         name[0] != '.' && g_str_has_suffix (name, ".json");
}

static int
compare_basenames (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The names of the profile files in @dir, sorted, so that of two files
 * claiming one name the same one always wins. */
static GPtrArray *
list_profile_files (GFile   *dir,
                    GError **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  GFileInfo *info;

  enumerator = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (enumerator == NULL && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_steal_pointer (&names);
  if (enumerator == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  while (g_file_enumerator_iterate (enumerator, &info, NULL, NULL, &local_error) &&
         info != NULL)
    {
      if (is_profile_file (info))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_ptr_array_sort (names, compare_basenames);
  return g_steal_pointer (&names);
}

static gboolean
name_is_taken (GPtrArray  *profiles,
               const char *name)
{
  for (guint i = 0; i < profiles->len; i++)
    {
      TwProfile *other = g_ptr_array_index (profiles, i);

      if (!tw_profile_is_broken (other) && names_equal (tw_profile_get_name (other), name))
        return TRUE;
    }
  return FALSE;
}

static GPtrArray *
load_profiles (const char  *dir_path,
               GError     **error)
{
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(GPtrArray) names = list_profile_files (dir, error);
  g_autoptr(GPtrArray) profiles = g_ptr_array_new_with_free_func (g_object_unref);

  if (names == NULL)
    return NULL;

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) file = g_file_get_child (dir, g_ptr_array_index (names, i));
      g_autoptr(TwProfile) profile = read_profile_file (file);

      if (!tw_profile_is_broken (profile) &&
          name_is_taken (profiles, tw_profile_get_name (profile)))
        {
          g_autofree char *problem =
            /* Translators: %s is the name of a profile */
            g_strdup_printf (_("Another profile file already has the name “%s”"),
                             tw_profile_get_name (profile));

          g_clear_object (&profile);
          profile = tw_profile_new_broken (file, problem);
        }
      g_ptr_array_add (profiles, g_steal_pointer (&profile));
    }

  return g_steal_pointer (&profiles);
}

/* The state is ours alone and holds nothing a user wrote: a damaged one is
 * simply ignored (and replaced on the next change). */
static char *
load_last_used (const char *state_path)
{
  g_autoptr(GFile) file = g_file_new_for_path (state_path);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  JsonNode *member;
  gsize length = 0;

  data = read_bounded (file, STATE_MAX_SIZE, &length, &error);
  if (data == NULL || !tw_json_parse (data, (gssize) length, &root, &error))
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_debug ("Ignoring %s: %s", state_path, error->message);
      return NULL;
    }

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  member = json_object_get_member (json_node_get_object (root), "last_profile");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (member));
}

static char *
build_state (const char *last_used)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, STATE_FORMAT);
  json_builder_set_member_name (builder, "last_profile");
  if (last_used != NULL)
    json_builder_add_string_value (builder, last_used);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

static gboolean
run_load (Job     *job,
          GError **error)
{
  job->loaded = load_profiles (job->dir, error);
  if (job->loaded == NULL)
    return FALSE;

  job->last_used = load_last_used (job->state_path);
  return TRUE;
}

static gboolean
run_create (Job     *job,
            GError **error)
{
  job->new_path = pick_free_path (job->dir, job->slug, NULL, error);

  return job->new_path != NULL && write_file (job->new_path, job->contents, error);
}

/* The new name goes into the old file first: if renaming the file fails,
 * the profile is still whole, under its new name. */
static gboolean
run_rename (Job     *job,
            GError **error)
{
  job->new_path = pick_free_path (job->dir, job->slug, job->path, error);

  return job->new_path != NULL &&
         write_file (job->path, job->contents, error) &&
         (strcmp (job->path, job->new_path) == 0 ||
          rename_file (job->path, job->new_path, error));
}

static gboolean
run_job (Job     *job,
         GError **error)
{
  gboolean ok;

  switch (job->type)
    {
    case JOB_LOAD:
      return run_load (job, error);
    case JOB_CREATE:
      ok = run_create (job, error);
      break;
    case JOB_SAVE:
      ok = write_file (job->path, job->contents, error);
      break;
    case JOB_RENAME:
      ok = run_rename (job, error);
      break;
    case JOB_DELETE:
      ok = delete_file (job->path, error);
      break;
    case JOB_STATE:
      ok = TRUE;
      break;
    default:
      g_assert_not_reached ();
    }

  return ok && (job->state_contents == NULL ||
                write_file (job->state_path, job->state_contents, error));
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (run_job (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The model, on the main thread */

static void
insert_sorted (TwProfileStore *self,
               TwProfile      *profile)
{
  guint position = 0;

  while (position < self->profiles->len &&
         compare_profiles (&g_ptr_array_index (self->profiles, position), &profile) <= 0)
    position++;

  g_ptr_array_insert (self->profiles, position, g_object_ref (profile));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

static void
remove_profile (TwProfileStore *self,
                TwProfile      *profile)
{
  guint position;

  if (!g_ptr_array_find (self->profiles, profile, &position))
    return;

  g_ptr_array_remove_index (self->profiles, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static void
replace_all (TwProfileStore *self,
             GPtrArray      *loaded,
             const char     *last_used)
{
  guint removed = self->profiles->len;

  g_ptr_array_set_size (self->profiles, 0);
  for (guint i = 0; i < loaded->len; i++)
    g_ptr_array_add (self->profiles, g_object_ref (g_ptr_array_index (loaded, i)));
  g_ptr_array_sort (self->profiles, compare_profiles);

  g_free (self->last_used);
  self->last_used = g_strdup (last_used);
  if (removed > 0 || self->profiles->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->profiles->len);
}

static void
set_last_used_name (TwProfileStore *self,
                    const char     *name)
{
  g_free (self->last_used);
  self->last_used = g_strdup (name);
}

static void
finish_rename (TwProfileStore *self,
               Job            *job)
{
  g_autoptr(GFile) file = g_file_new_for_path (job->new_path);
  g_autoptr(TwProfile) profile = g_object_ref (job->profile);

  remove_profile (self, profile);
  tw_profile_set_name (profile, job->new_name);
  tw_profile_set_file (profile, file);
  insert_sorted (self, profile);
  if (job->state_contents != NULL)
    set_last_used_name (self, job->new_name);
}

static void
apply_job (TwProfileStore *self,
           Job            *job)
{
  g_autoptr(GFile) file = NULL;

  switch (job->type)
    {
    case JOB_LOAD:
      replace_all (self, job->loaded, job->last_used);
      break;
    case JOB_CREATE:
      file = g_file_new_for_path (job->new_path);
      tw_profile_set_file (job->profile, file);
      insert_sorted (self, job->profile);
      break;
    case JOB_RENAME:
      finish_rename (self, job);
      break;
    case JOB_DELETE:
      remove_profile (self, job->profile);
      if (job->state_contents != NULL)
        set_last_used_name (self, NULL);
      break;
    case JOB_STATE:
      set_last_used_name (self, job->new_name);
      break;
    case JOB_SAVE:
    default:
      break;
    }
}

/* Secrets follow a profile renamed, duplicated or deleted. */
static gboolean
start_credentials_step (TwProfileStore      *self,
                        Job                 *job,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  if (self->credentials == NULL || job->profile == NULL || tw_profile_is_broken (job->profile))
    return FALSE;

  if (job->type == JOB_RENAME && strcmp (job->old_name, job->new_name) != 0)
    tw_credentials_copy_profile_async (self->credentials, job->old_name, job->new_name, TRUE,
                                       cancellable, callback, user_data);
  else if (job->type == JOB_CREATE && job->old_name != NULL)
    tw_credentials_copy_profile_async (self->credentials, job->old_name, job->new_name, FALSE,
                                       cancellable, callback, user_data);
  else if (job->type == JOB_DELETE)
    tw_credentials_forget_profile_async (self->credentials, job->old_name,
                                         cancellable, callback, user_data);
  else
    return FALSE;

  return TRUE;
}

static void
return_job (GTask *task)
{
  TwProfileStore *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);

  if (job->type == JOB_CREATE)
    g_task_return_pointer (task, g_object_ref (job->profile), g_object_unref);
  else
    g_task_return_boolean (task, TRUE);

  self->running = FALSE;
  run_next_job (self);
}

static void
credentials_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  TwProfileStore *self = g_task_get_source_object (task);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      self->running = FALSE;
      run_next_job (self);
      return;
    }

  return_job (task);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TwProfileStore *self = g_task_get_source_object (task);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      self->running = FALSE;
      run_next_job (self);
      return;
    }

  apply_job (self, job);
  if (!start_credentials_step (self, job, g_task_get_cancellable (task),
                               credentials_done_cb, task))
    {
      return_job (task);
      return;
    }
  g_steal_pointer (&task);
}

static void
run_next_job (TwProfileStore *self)
{
  g_autoptr(GTask) thread_task = NULL;
  GTask *task;

  if (self->running)
    return;

  task = g_queue_pop_head (&self->jobs);
  if (task == NULL)
    return;

  /* The thread's task has no source object, so the store is never
   * finalized in the thread; it reports what happened on disk even when
   * the caller cancelled meanwhile, so that the model follows the files. */
  self->running = TRUE;
  thread_task = g_task_new (NULL, g_task_get_cancellable (task), job_done_cb, task);
  g_task_set_check_cancellable (thread_task, FALSE);
  g_task_set_task_data (thread_task, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (thread_task, job_thread);
}

/* Public helpers */

static Job *
job_new (TwProfileStore *self,
         JobType         type)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(GFile) dir = g_file_get_child (self->config_dir, "profiles");
  g_autoptr(GFile) state = g_file_get_child (self->config_dir, "state.json");

  job->type = type;
  job->dir = g_file_get_path (dir);
  job->state_path = g_file_get_path (state);
  return job;
}

static void
queue_job (TwProfileStore      *self,
           Job                 *job,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_queue_push_tail (&self->jobs, task);
  run_next_job (self);
}

static gboolean
refuse (TwProfileStore      *self,
        const char          *message,
        gpointer             source_tag,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_new_error (task, TW_ERROR, TW_ERROR_INVALID_INPUT, "%s", message);
  return FALSE;
}

/* NULL when @name can be given to a profile (@except being renamed). */
static char *
check_new_name (TwProfileStore *self,
                const char     *name,
                TwProfile      *except)
{
  char *problem = tw_profile_check_name (name);

  if (problem != NULL)
    return problem;

  for (guint i = 0; i < self->profiles->len; i++)
    {
      TwProfile *other = g_ptr_array_index (self->profiles, i);

      if (other != except && !tw_profile_is_broken (other) &&
          names_equal (tw_profile_get_name (other), name))
        /* Translators: %s is the name of a profile */
        return g_strdup_printf (_("A profile named “%s” already exists"),
                                tw_profile_get_name (other));
    }

  return NULL;
}

static gboolean
check_name_or_refuse (TwProfileStore      *self,
                      const char          *name,
                      TwProfile           *except,
                      gpointer             source_tag,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *problem = check_new_name (self, name, except);

  return problem == NULL || refuse (self, problem, source_tag, callback, user_data);
}

static gboolean
check_member_or_refuse (TwProfileStore      *self,
                        TwProfile           *profile,
                        gboolean             allow_broken,
                        gpointer             source_tag,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  if (!g_ptr_array_find (self->profiles, profile, NULL) || tw_profile_get_file (profile) == NULL)
    return refuse (self, _("The profile is not one of the saved profiles"),
                   source_tag, callback, user_data);

  if (!allow_broken && tw_profile_is_broken (profile))
    return refuse (self, _("The profile file cannot be read, so it is not written over"),
                   source_tag, callback, user_data);

  return TRUE;
}

static gboolean
finish_boolean (TwProfileStore  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static TwProfile *
finish_profile (TwProfileStore  *self,
                GAsyncResult    *result,
                gpointer         source_tag,
                GError         **error)
{
  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GListModel */

static GType
tw_profile_store_get_item_type (GListModel *model)
{
  return TW_TYPE_PROFILE;
}

static guint
tw_profile_store_get_n_items (GListModel *model)
{
  return TW_PROFILE_STORE (model)->profiles->len;
}

static gpointer
tw_profile_store_get_item (GListModel *model,
                           guint       position)
{
  TwProfileStore *self = TW_PROFILE_STORE (model);

  if (position >= self->profiles->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->profiles, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tw_profile_store_get_item_type;
  iface->get_n_items = tw_profile_store_get_n_items;
  iface->get_item = tw_profile_store_get_item;
}

/* GObject */

static void
tw_profile_store_constructed (GObject *object)
{
  TwProfileStore *self = TW_PROFILE_STORE (object);

  G_OBJECT_CLASS (tw_profile_store_parent_class)->constructed (object);

  if (self->config_dir == NULL)
    self->config_dir = g_file_new_build_filename (g_get_user_config_dir (),
                                                  "tiki-webhooks", NULL);
}

static void
tw_profile_store_dispose (GObject *object)
{
  TwProfileStore *self = TW_PROFILE_STORE (object);

  g_clear_object (&self->credentials);

  G_OBJECT_CLASS (tw_profile_store_parent_class)->dispose (object);
}

static void
tw_profile_store_finalize (GObject *object)
{
  TwProfileStore *self = TW_PROFILE_STORE (object);

  g_clear_object (&self->config_dir);
  g_clear_pointer (&self->profiles, g_ptr_array_unref);
  g_free (self->last_used);

  G_OBJECT_CLASS (tw_profile_store_parent_class)->finalize (object);
}

static void
tw_profile_store_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwProfileStore *self = TW_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_CONFIG_DIR:
      g_value_set_object (value, self->config_dir);
      break;
    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_profile_store_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TwProfileStore *self = TW_PROFILE_STORE (object);

  switch (prop_id)
    {
    case PROP_CONFIG_DIR:
      self->config_dir = g_value_dup_object (value);
      break;
    case PROP_CREDENTIALS:
      tw_profile_store_set_credentials (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_profile_store_class_init (TwProfileStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tw_profile_store_constructed;
  object_class->dispose = tw_profile_store_dispose;
  object_class->finalize = tw_profile_store_finalize;
  object_class->get_property = tw_profile_store_get_property;
  object_class->set_property = tw_profile_store_set_property;

  properties[PROP_CONFIG_DIR] =
    g_param_spec_object ("config-dir", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL,
                         TW_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_profile_store_init (TwProfileStore *self)
{
  self->profiles = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->jobs);
}

/* Public API */

/**
 * tw_profile_store_new:
 * @config_dir: (nullable): the configuration folder; %NULL for
 *   `$XDG_CONFIG_HOME/tiki-webhooks`
 *
 * Returns: (transfer full): an empty store: load it with
 *   tw_profile_store_load_async()
 */
TwProfileStore *
tw_profile_store_new (GFile *config_dir)
{
  g_return_val_if_fail (config_dir == NULL || G_IS_FILE (config_dir), NULL);

  return g_object_new (TW_TYPE_PROFILE_STORE, "config-dir", config_dir, NULL);
}

/**
 * tw_profile_store_get_config_dir:
 *
 * Returns: (transfer none): the configuration folder
 */
GFile *
tw_profile_store_get_config_dir (TwProfileStore *self)
{
  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), NULL);

  return self->config_dir;
}

/**
 * tw_profile_store_get_credentials:
 *
 * Returns: (transfer none) (nullable): the credentials kept in step
 */
TwCredentials *
tw_profile_store_get_credentials (TwProfileStore *self)
{
  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), NULL);

  return self->credentials;
}

void
tw_profile_store_set_credentials (TwProfileStore *self,
                                  TwCredentials  *credentials)
{
  g_return_if_fail (TW_IS_PROFILE_STORE (self));
  g_return_if_fail (credentials == NULL || TW_IS_CREDENTIALS (credentials));

  if (g_set_object (&self->credentials, credentials))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDENTIALS]);
}

void
tw_profile_store_load_async (TwProfileStore      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TW_IS_PROFILE_STORE (self));

  queue_job (self, job_new (self, JOB_LOAD), tw_profile_store_load_async,
             cancellable, callback, user_data);
}

gboolean
tw_profile_store_load_finish (TwProfileStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return finish_boolean (self, result, tw_profile_store_load_async, error);
}

/**
 * tw_profile_store_load:
 * @self: a #TwProfileStore with no operation in flight
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the profiles in the calling thread: for the command-line tool,
 * which has no window to keep responsive.
 *
 * Returns: %TRUE on success
 */
gboolean
tw_profile_store_load (TwProfileStore  *self,
                       GCancellable    *cancellable,
                       GError         **error)
{
  Job *job;
  gboolean ok;

  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), FALSE);
  g_return_val_if_fail (!self->running, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  job = job_new (self, JOB_LOAD);
  ok = run_load (job, error);
  if (ok)
    apply_job (self, job);
  job_free (job);

  return ok;
}

TwProfile *
tw_profile_store_find (TwProfileStore *self,
                       const char     *name)
{
  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->profiles->len; i++)
    {
      TwProfile *profile = g_ptr_array_index (self->profiles, i);

      if (!tw_profile_is_broken (profile) && names_equal (tw_profile_get_name (profile), name))
        return profile;
    }

  return NULL;
}

TwProfile *
tw_profile_store_get_last_used (TwProfileStore *self)
{
  g_return_val_if_fail (TW_IS_PROFILE_STORE (self), NULL);

  return self->last_used != NULL ? tw_profile_store_find (self, self->last_used) : NULL;
}

void
tw_profile_store_create_async (TwProfileStore      *self,
                               const char          *name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TW_IS_PROFILE_STORE (self));

  if (!check_name_or_refuse (self, name, NULL, tw_profile_store_create_async,
                             callback, user_data))
    return;

  job = job_new (self, JOB_CREATE);
  job->profile = tw_profile_new (name);
  job->new_name = g_strdup (name);
  job->slug = make_slug (name);
  job->contents = tw_profile_to_json (job->profile);
  queue_job (self, job, tw_profile_store_create_async, cancellable, callback, user_data);
}

TwProfile *
tw_profile_store_create_finish (TwProfileStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_profile (self, result, tw_profile_store_create_async, error);
}

void
tw_profile_store_save_async (TwProfileStore      *self,
                             TwProfile           *profile,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TW_IS_PROFILE_STORE (self));
  g_return_if_fail (TW_IS_PROFILE (profile));

  if (!check_member_or_refuse (self, profile, FALSE, tw_profile_store_save_async,
                               callback, user_data))
    return;

  job = job_new (self, JOB_SAVE);
  job->path = g_file_get_path (tw_profile_get_file (profile));
  job->contents = tw_profile_to_json (profile);
  queue_job (self, job, tw_profile_store_save_async, cancellable, callback, user_data);
}

gboolean
tw_profile_store_save_finish (TwProfileStore  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  return finish_boolean (self, result, tw_profile_store_save_async, error);
}

void
tw_profile_store_rename_async (TwProfileStore      *self,
                               TwProfile           *profile,
                               const char          *new_name,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TW_IS_PROFILE_STORE (self));
  g_return_if_fail (TW_IS_PROFILE (profile));

  if (!check_member_or_refuse (self, profile, FALSE, tw_profile_store_rename_async,
                               callback, user_data) ||
      !check_name_or_refuse (self, new_name, profile, tw_profile_store_rename_async,
                             callback, user_data))
    return;

  job = job_new (self, JOB_RENAME);
  job->profile = g_object_ref (profile);
  job->path = g_file_get_path (tw_profile_get_file (profile));
  job->old_name = g_strdup (tw_profile_get_name (profile));
  job->new_name = g_strdup (new_name);
  job->slug = make_slug (new_name);
  job->contents = tw_profile_to_json_named (profile, new_name);
  if (self->last_used != NULL && names_equal (self->last_used, job->old_name))
    job->state_contents = build_state (new_name);
  queue_job (self, job, tw_profile_store_rename_async, cancellable, callback, user_data);
}

gboolean
tw_profile_store_rename_finish (TwProfileStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_boolean (self, result, tw_profile_store_rename_async, error);
}

void
tw_profile_store_duplicate_async (TwProfileStore      *self,
                                  TwProfile           *profile,
                                  const char          *new_name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TW_IS_PROFILE_STORE (self));
  g_return_if_fail (TW_IS_PROFILE (profile));

  if (!check_member_or_refuse (self, profile, FALSE, tw_profile_store_duplicate_async,
                               callback, user_data) ||
      !check_name_or_refuse (self, new_name, NULL, tw_profile_store_duplicate_async,
                             callback, user_data))
    return;

  /* A create job, with secrets to copy from the original. */
  job = job_new (self, JOB_CREATE);
  job->profile = tw_profile_duplicate (profile, new_name);
  job->old_name = g_strdup (tw_profile_get_name (profile));
  job->new_name = g_strdup (new_name);
  job->slug = make_slug (new_name);
  job->contents = tw_profile_to_json (job->profile);
  queue_job (self, job, tw_profile_store_duplicate_async, cancellable, callback, user_data);
}

TwProfile *
tw_profile_store_duplicate_finish (TwProfileStore  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  return finish_profile (self, result, tw_profile_store_duplicate_async, error);
}

void
tw_profile_store_delete_async (TwProfileStore      *self,
                               TwProfile           *profile,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TW_IS_PROFILE_STORE (self));
  g_return_if_fail (TW_IS_PROFILE (profile));

  if (!check_member_or_refuse (self, profile, TRUE, tw_profile_store_delete_async,
                               callback, user_data))
    return;

  job = job_new (self, JOB_DELETE);
  job->profile = g_object_ref (profile);
  job->path = g_file_get_path (tw_profile_get_file (profile));
  job->old_name = g_strdup (tw_profile_get_name (profile));
  if (!tw_profile_is_broken (profile) && self->last_used != NULL &&
      names_equal (self->last_used, job->old_name))
    job->state_contents = build_state (NULL);
  queue_job (self, job, tw_profile_store_delete_async, cancellable, callback, user_data);
}

gboolean
tw_profile_store_delete_finish (TwProfileStore  *self,
                                GAsyncResult    *result,
                                GError         **error)
{
  return finish_boolean (self, result, tw_profile_store_delete_async, error);
}

void
tw_profile_store_set_last_used_async (TwProfileStore      *self,
                                      TwProfile           *profile,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  Job *job;

  g_return_if_fail (TW_IS_PROFILE_STORE (self));
  g_return_if_fail (profile == NULL || TW_IS_PROFILE (profile));

  if (profile != NULL &&
      !check_member_or_refuse (self, profile, FALSE, tw_profile_store_set_last_used_async,
                               callback, user_data))
    return;

  job = job_new (self, JOB_STATE);
  job->new_name = profile != NULL ? g_strdup (tw_profile_get_name (profile)) : NULL;
  job->state_contents = build_state (job->new_name);
  queue_job (self, job, tw_profile_store_set_last_used_async, cancellable, callback, user_data);
}

gboolean
tw_profile_store_set_last_used_finish (TwProfileStore  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  return finish_boolean (self, result, tw_profile_store_set_last_used_async, error);
}
