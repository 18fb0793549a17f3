/* replay.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* A main() for a fuzz target without libFuzzer: runs every file given, and
 * every file under every directory given, once, as TAP. A crash, a failed
 * check or a sanitizer report ends the process, which fails the test. */

#include "config.h"

#include <glib.h>

#include "tw-fuzz.h"

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds @path, or the files directly under it when it is a directory, in
 * name order so that runs are reproducible. */
static gboolean
collect (const char  *path,
         GPtrArray   *files,
         GError     **error)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) found = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return TRUE;
    }

  dir = g_dir_open (path, 0, error);
  if (dir == NULL)
    return FALSE;

  found = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_REGULAR) && name[0] != '.')
        g_ptr_array_add (found, g_steal_pointer (&child));
    }
  g_ptr_array_sort (found, compare_paths);
  g_ptr_array_extend_and_steal (files, g_steal_pointer (&found));
  return TRUE;
}

/* Runs one input from a buffer of exactly its size, so that AddressSanitizer
 * sees a read past its end as libFuzzer would. */
static gboolean
replay (const char  *path,
        GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree uint8_t *exact = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return FALSE;

  exact = g_malloc (MAX (length, 1));
  memcpy (exact, contents, length);
  LLVMFuzzerTestOneInput (exact, length);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (int i = 1; i < argc; i++)
    {
      if (!collect (argv[i], files, &error))
        {
          printf ("Bail out! %s\n", error->message);
          return 1;
        }
    }

  if (files->len == 0)
    {
      printf ("Bail out! no input files under the paths given\n");
      return 1;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];

      /* The name first: if the input crashes, the log says which one. */
      printf ("# %s\n", path);
      fflush (stdout);
      if (!replay (path, &error))
        {
          printf ("not ok %u - %s: %s\n", i + 1, path, error->message);
          g_clear_error (&error);
          continue;
        }
      printf ("ok %u - %s\n", i + 1, path);
    }

  return 0;
}
