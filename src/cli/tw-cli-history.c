/* tw-cli-history.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tw-cli.h"
#include "tw-history.h"
#include "tw-history-private.h"
#include "tw-i18n.h"

#define DEFAULT_LIMIT 50

typedef struct
{
  char     *search;
  char     *outcome;
  int       limit;
  gboolean  json;
  gboolean  help;
} Options;

static void
options_clear (Options *options)
{
  g_clear_pointer (&options->search, g_free);
  g_clear_pointer (&options->outcome, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static GOptionContext *
build_context (Options *options)
{
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &options->search,
      N_("Only requests whose request ID, message code or URL contains TEXT"), N_("TEXT") },
    { "outcome", 'o', 0, G_OPTION_ARG_STRING, &options->outcome,
      N_("Only successful or failed requests"), N_("success|failed") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &options->limit,
      N_("Show at most N requests (default 50, 0 for all)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print a JSON array with every field"), NULL },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->help,
      N_("Show the options of this command"), NULL },
    { NULL }
  };
  GOptionContext *context;

  /* The usage line of --help shows the program name: make it the whole
   * command a user types. */
  g_set_prgname ("tiki-webhooks-cli history");

  context = g_option_context_new (NULL);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Show the history of requests, newest first."));
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

static int
usage_error (const char *message)
{
  tw_cli_print_error ("%s", message);
  fprintf (stderr, "%s\n", _("Run “tiki-webhooks-cli history --help” to see its options."));
  return TW_CLI_EXIT_USAGE;
}

/* Returns -1 when the command should run, otherwise its exit status. */
static int
parse_options (Options  *options,
               int       argc,
               char    **argv)
{
  g_autoptr(GOptionContext) context = build_context (options);
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);

  if (options->help)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fputs (help, stdout);
      return TW_CLI_EXIT_OK;
    }

  if (argc > 1)
    {
      /* Translators: %s is an argument the command did not expect */
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s”"), argv[1]);

      return usage_error (message);
    }

  if (options->limit < 0)
    return usage_error (_("--limit must be 0 or more"));

  if (options->outcome != NULL && strcmp (options->outcome, "success") != 0 &&
      strcmp (options->outcome, "failed") != 0)
    {
      /* Translators: %s is what the user gave; keep “success” and “failed” */
      g_autofree char *message = g_strdup_printf (_("--outcome must be “success” or “failed”, "
                                                    "not “%s”"), options->outcome);

      return usage_error (message);
    }

  return -1;
}

static TwHistoryOutcomeFilter
outcome_filter (const char *outcome)
{
  if (g_strcmp0 (outcome, "success") == 0)
    return TW_HISTORY_OUTCOME_SUCCESS;
  if (g_strcmp0 (outcome, "failed") == 0)
    return TW_HISTORY_OUTCOME_FAILED;
  return TW_HISTORY_OUTCOME_ANY;
}

/* Pads to a width in characters, not bytes: labels are translated. */
static void
append_cell (GString    *line,
             const char *text,
             guint       width)
{
  glong length;

  if (text == NULL || *text == '\0')
    text = "-";

  length = g_utf8_strlen (text, -1);
  g_string_append (line, text);
  for (glong i = length; i < (glong) width + 2; i++)
    g_string_append_c (line, ' ');
}

static char *
format_time (TwHistoryEntry *entry)
{
  return tw_format_date_time_ms (tw_history_entry_get_time_ms (entry), NULL);
}

/* The locale decides how long a time is: "2024-05-01 14:03:00 +07" in C,
 * "05/01/2024 02:03:00 PM +07" in en_US. */
static guint
time_width (GPtrArray *entries)
{
  guint width = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      g_autofree char *time = format_time (g_ptr_array_index (entries, i));

      width = MAX (width, (guint) g_utf8_strlen (time, -1));
    }
  return width;
}

static void
print_header (guint time_column)
{
  g_autoptr(GString) line = g_string_new (NULL);

  append_cell (line, C_("history column", "Time"), time_column);
  append_cell (line, C_("history column", "Kind"), 12);
  append_cell (line, C_("history column", "Outcome"), 14);
  append_cell (line, C_("history column", "HTTP"), 4);
  append_cell (line, C_("history column", "Message code"), 16);
  append_cell (line, C_("history column", "Request ID"), 32);
  g_string_append (line, C_("history column", "URL"));
  puts (line->str);
}

static void
print_entry (TwHistoryEntry *entry,
             guint           time_column)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *time = format_time (entry);
  g_autofree char *status = g_strdup_printf ("%u", tw_history_entry_get_http_status (entry));

  append_cell (line, time, time_column);
  append_cell (line, tw_history_entry_get_kind (entry), 12);
  append_cell (line, tw_history_entry_get_outcome (entry), 14);
  append_cell (line, tw_history_entry_get_http_status (entry) > 0 ? status : NULL, 4);
  append_cell (line, tw_history_entry_get_message_code (entry), 16);
  append_cell (line, tw_history_entry_get_request_id (entry), 32);
  g_string_append (line, tw_history_entry_get_url (entry) != NULL
                   ? tw_history_entry_get_url (entry) : "-");
  puts (line->str);
}

static void
print_json (GPtrArray *entries)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) array = json_array_sized_new (entries->len);
  g_autofree char *text = NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      TwHistoryEntry *entry = g_ptr_array_index (entries, i);
      const TwHistoryRecord *record = tw_history_entry_get_record (entry);

      json_array_add_element (array,
                              tw_history_record_to_json (tw_history_entry_get_id (entry), record));
    }

  json_node_set_array (root, array);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  puts (text);
}

static void
print_entries (GPtrArray             *entries,
               const TwHistoryFilter *filter,
               gboolean               json)
{
  if (json)
    print_json (entries);
  else if (entries->len == 0 && tw_history_filter_is_empty (filter))
    puts (_("No history yet"));
  else if (entries->len == 0)
    puts (_("No request matches"));
  else
    {
      guint time_column = time_width (entries);

      print_header (time_column);
      for (guint i = 0; i < entries->len; i++)
        print_entry (g_ptr_array_index (entries, i), time_column);
    }
}

static int
finish_output (void)
{
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      tw_cli_print_error ("%s", _("cannot write to standard output"));
      return TW_CLI_EXIT_FAILED;
    }

  return TW_CLI_EXIT_OK;
}

/* Reads the database without creating it: a user who never sent a
 * request has no history, not an empty file. */
static int
show_history (const Options *options)
{
  TwHistoryFilter filter = { options->search, outcome_filter (options->outcome), NULL };
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  history = tw_history_open_existing (NULL, &error);
  if (history != NULL)
    entries = tw_history_query (history, &filter, 1, G_MAXINT64, 0, (guint) options->limit,
                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      puts (options->json ? "[]" : _("No history yet"));
      return finish_output ();
    }
  if (entries == NULL)
    {
      tw_cli_print_error ("%s", error->message);
      return TW_CLI_EXIT_FAILED;
    }

  print_entries (entries, &filter, options->json);
  return finish_output ();
}

int
tw_cli_history (int    argc,
                char **argv)
{
  g_auto(Options) options = { NULL, NULL, DEFAULT_LIMIT, FALSE, FALSE };
  int status = parse_options (&options, argc, argv);

  if (status >= 0)
    return status;

  return show_history (&options);
}
