/* tw-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tw-cli.h"
#include "tw-registration.h"

#define TW_CLI_MAX_SECRET_FILE 4096

static const TwCliCommand commands[] = {
  { "register",     N_("Register the webhooks of a configuration with TikiNOW"), tw_cli_register },
  { "payload",      N_("Validate a configuration and print the request body"), tw_cli_payload },
  { "gen-secret",   N_("Generate 32-character secret keys"), tw_cli_gen_secret },
  { "sign",         N_("Compute the x-signature header of a body"), tw_cli_sign },
  { "verify",       N_("Check an x-signature header against a body"), tw_cli_verify },
  { "warehouses",   N_("List the known warehouse codes"), tw_cli_warehouses },
  { "demo-server",  N_("Run the TikiNOW simulator in the foreground"), tw_cli_demo_server },
  { "history",      N_("Show the history of requests"), tw_cli_history },
  { "test-delivery", N_("Send a signed sample delivery to your receiver"), tw_cli_test_delivery },
  { "profiles",     N_("List the saved profiles"), tw_cli_profiles },
  { "login",        N_("Log a public-app profile in with Tiki, in the browser"), tw_cli_login },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n", _("Usage: tiki-webhooks-cli COMMAND [OPTION…]"));
  fprintf (stream, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
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
tw_cli_usage_error (const char *command,
                    const char *message)
{
  tw_cli_print_error ("%s", message);
  /* Translators: %s is a command name, e.g. "sign" */
  fprintf (stderr, _("Run “tiki-webhooks-cli %s --help” to see its options.\n"), command);
  return TW_CLI_EXIT_USAGE;
}

static GOptionContext *
build_context (const char         *command,
               const char         *summary,
               const GOptionEntry *entries,
               gboolean           *show_help)
{
  const GOptionEntry help_entries[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, show_help, N_("Show the options of this command"), NULL },
    { NULL }
  };
  g_autofree char *prgname = g_strdup_printf ("tiki-webhooks-cli %s", command);
  GOptionContext *context;

  /* The usage line of --help shows the program name: make it the whole
   * command a user types. */
  g_set_prgname (prgname);

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  /* Our own --help returns instead of calling exit(), so callers clean up. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, help_entries, GETTEXT_PACKAGE);

  return context;
}

int
tw_cli_parse_options (const char         *command,
                      const char         *summary,
                      const GOptionEntry *entries,
                      int                 argc,
                      char              **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  gboolean show_help = FALSE;

  context = build_context (command, summary, entries, &show_help);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tw_cli_usage_error (command, error->message);

  if (show_help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stdout);
      return TW_CLI_EXIT_OK;
    }

  if (argc > 1)
    {
      /* Translators: %s is an argument the command did not expect */
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), argv[1]);

      return tw_cli_usage_error (command, message);
    }

  return -1;
}

int
tw_cli_finish_output (void)
{
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      tw_cli_print_error ("%s", _("cannot write to standard output"));
      return TW_CLI_EXIT_FAILED;
    }

  return TW_CLI_EXIT_OK;
}

void
tw_cli_print_problems (GPtrArray *problems)
{
  /* The "error:" and "warning:" markers stay untranslated: scripts look
   * for them. The message itself is in the user's language. */
  for (guint i = 0; i < problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);
      const char *marker = problem->severity == TW_SEVERITY_ERROR ? "error" : "warning";

      fprintf (stderr, "%s: %s: %s\n", marker, problem->field, problem->message);
    }
}

TwRegistration *
tw_cli_load_config (const char *path,
                    gboolean    legacy)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(TwRegistration) registration = NULL;
  gsize length = 0;

  data = tw_cli_read_file (path, TW_REGISTRATION_MAX_FILE_SIZE, &length, &error);
  if (data != NULL)
    {
      registration = tw_registration_new_from_json (data, (gssize) length, &error);
      /* The config holds secret keys: leave no copy in freed memory. */
      explicit_bzero (data, length);
    }
  if (registration == NULL)
    {
      fprintf (stderr, "error: %s\n", error->message);
      return NULL;
    }

  if (legacy)
    tw_registration_set_flavour (registration, TW_API_FLAVOUR_LEGACY);

  problems = tw_registration_validate (registration);
  tw_cli_print_problems (problems);
  if (tw_problems_have_errors (problems))
    return NULL;

  return g_steal_pointer (&registration);
}

void
tw_cli_print_padded (const char *text,
                     guint       width)
{
  glong chars = g_utf8_strlen (text, -1);

  fputs (text, stdout);
  for (glong i = chars; i < (glong) width; i++)
    fputc (' ', stdout);
}

void
tw_cli_print_field (const char *label,
                    const char *value)
{
  if (value == NULL || *value == '\0')
    return;

  tw_cli_print_padded (label, 14);
  printf (" %s\n", value);
}

void
tw_cli_add_string_member (JsonBuilder *builder,
                          const char  *name,
                          const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

GCancellable *
tw_cli_wait_get_cancellable (TwCliWait *wait)
{
  if (wait->cancellable == NULL)
    wait->cancellable = g_cancellable_new ();

  return wait->cancellable;
}

void
tw_cli_wait_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TwCliWait *wait = user_data;

  g_set_object (&wait->result, result);
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

GAsyncResult *
tw_cli_wait_run (TwCliWait *wait)
{
  GCancellable *cancellable = tw_cli_wait_get_cancellable (wait);
  guint sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);

  while (wait->result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  return wait->result;
}

void
tw_cli_wait_clear (TwCliWait *wait)
{
  g_clear_object (&wait->cancellable);
  g_clear_object (&wait->result);
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
