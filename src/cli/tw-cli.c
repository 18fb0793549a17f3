/* tw-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tw-cli.h"

#define TW_CLI_MAX_SECRET_FILE 4096

static const TwCliCommand commands[] = {
  { "register",     N_("Register the webhooks of a configuration with TikiNOW"), tw_cli_register },
  { "payload",      N_("Validate a configuration and print the request body"), tw_cli_payload },
  { "gen-secret",   N_("Generate 32-character secret keys"), tw_cli_gen_secret },
  { "sign",         N_("Compute the x-signature header of a body"), tw_cli_sign },
  { "verify",       N_("Check an x-signature header against a body"), tw_cli_verify },
  { "warehouses",   N_("List the known warehouse codes"), tw_cli_warehouses },
  { "demo-server",  N_("Run the TikiNOW simulator in the foreground"), tw_cli_demo_server },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: tiki-webhooks-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “tiki-webhooks-cli COMMAND --help” for the options of a command."));
}

void
tw_cli_print_error (const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the prefix of every error message of the command-line tool */
  fprintf (stderr, _("tiki-webhooks-cli: %s\n"), message);
}

char *
tw_cli_read_file (const char  *path,
                  gsize        max_size,
                  gsize       *length,
                  GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  FILE *stream;
  gboolean is_stdin = g_strcmp0 (path, "-") == 0;
  guint8 buffer[8192];
  size_t n;

  stream = is_stdin ? stdin : fopen (path, "rb");
  if (stream == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   /* Translators: %s is a file name, then the system's error */
                   _("Cannot read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  while ((n = fread (buffer, 1, sizeof buffer, stream)) > 0)
    {
      if (bytes->len + n > max_size)
        {
          if (!is_stdin)
            fclose (stream);
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                       /* Translators: %s is a file name, %lu a size in bytes */
                       _("“%s” is too large: at most %lu bytes are read"),
                       path, (gulong) max_size);
          return NULL;
        }
      g_byte_array_append (bytes, buffer, n);
    }

  if (!is_stdin)
    fclose (stream);

  if (length != NULL)
    *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);

  return (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

/* Reads into one fixed buffer that is wiped afterwards, so no copy of the
 * secret is left behind in memory freed by a growing array. */
char *
tw_cli_read_secret_file (const char  *path,
                         GError     **error)
{
  char buffer[TW_CLI_MAX_SECRET_FILE + 1];
  gboolean is_stdin = g_strcmp0 (path, "-") == 0;
  FILE *stream;
  size_t length;
  char *secret;

  stream = is_stdin ? stdin : fopen (path, "rb");
  if (stream == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("Cannot read “%s”: %s"), path, g_strerror (saved_errno));
      return NULL;
    }

  length = fread (buffer, 1, sizeof buffer, stream);
  if (!is_stdin)
    fclose (stream);

  if (length > TW_CLI_MAX_SECRET_FILE)
    {
      explicit_bzero (buffer, sizeof buffer);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("“%s” is too large: at most %lu bytes are read"),
                   path, (gulong) TW_CLI_MAX_SECRET_FILE);
      return NULL;
    }

  if (length > 0 && buffer[length - 1] == '\n')
    length--;
  if (length > 0 && buffer[length - 1] == '\r')
    length--;

  secret = g_strndup (buffer, length);
  explicit_bzero (buffer, sizeof buffer);

  return secret;
}

int
tw_cli_main (int    argc,
             char **argv)
{
  if (argc < 2)
    {
      print_usage (stderr);
      return TW_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return TW_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("tiki-webhooks-cli %s\n", PACKAGE_VERSION);
      return TW_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].run (argc - 1, argv + 1);
    }

  /* Translators: %s is what the user typed as a command */
  tw_cli_print_error (_("unknown command “%s”"), argv[1]);
  print_usage (stderr);
  return TW_CLI_EXIT_USAGE;
}
