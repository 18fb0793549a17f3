/* tw-cli-test-delivery.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-cli.h"
#include "tw-history.h"
#include "tw-error.h"
#include "tw-registration.h"
#include "tw-sample-payloads.h"

#define COMMAND "test-delivery"
#define MAX_TIMEOUT 3600
#define MAX_BODY_FILE (1024 * 1024)
#define SHOWN_BODY_LINES 10

typedef struct
{
  char     *config;
  char     *hook;
  char     *body_file;
  char     *variant;
  char     *profile;
  gboolean  forged;
  gboolean  json;
  int       timeout;
} TestOptions;

typedef struct
{
  TwApiResult *result;
  GError      *error;
} Outcome;

/* The --variant names, stable for scripts. */
static const struct
{
  const char      *name;
  TwSampleVariant  variant;
} variant_names[] = {
  { "ready-for-pickup", TW_SAMPLE_ORDER_READY_FOR_PICKUP },
  { "delivery-failed", TW_SAMPLE_ORDER_DELIVERY_FAILED },
  { "canceled", TW_SAMPLE_ORDER_CANCELED },
  { "stock", TW_SAMPLE_STOCK },
  { "cr", TW_SAMPLE_AFTERSALE_CR },
  { "fd", TW_SAMPLE_AFTERSALE_FD },
};

static gboolean
variant_from_string (const char      *name,
                     TwSampleVariant *variant)
{
  for (guint i = 0; i < G_N_ELEMENTS (variant_names); i++)
    {
      if (g_str_equal (name, variant_names[i].name))
        {
          *variant = variant_names[i].variant;
          return TRUE;
        }
    }
  return FALSE;
}

static void
clear_options (TestOptions *options)
{
  g_free (options->config);
  g_free (options->hook);
  g_free (options->body_file);
  g_free (options->variant);
  g_free (options->profile);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestOptions, clear_options)

/* The hook of the configuration, which need not pass TNSL's rules: a
 * receiver under development may well be http://localhost. */
static TwHook *
load_hook (const TestOptions  *options,
           TwHookKind          kind,
           TwRegistration    **registration_out,
           GError            **error)
{
  g_autoptr(TwRegistration) registration = NULL;
  g_autofree char *data = NULL;
  TwHook *hook;
  gsize length = 0;

  data = tw_cli_read_file (options->config, TW_REGISTRATION_MAX_FILE_SIZE, &length, error);
  if (data == NULL)
    return NULL;

  registration = tw_registration_new_from_json (data, (gssize) length, error);
  explicit_bzero (data, length);
  if (registration == NULL)
    return NULL;

  hook = tw_registration_get_hook (registration, kind);
  if (!tw_hook_get_enabled (hook) || *tw_hook_get_url (hook) == '\0')
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is a hook name: order, stock or aftersale */
                   _("the configuration has no “%s” webhook URL"),
                   tw_hook_kind_to_string (kind));
      return NULL;
    }

  *registration_out = g_steal_pointer (&registration);
  return hook;
}

static char *
load_body (const TestOptions  *options,
           TwSampleVariant     variant,
           TwRegistration     *registration,
           GError            **error)
{
  if (options->body_file == NULL)
    return tw_sample_payload_new_variant (variant, registration);

  return tw_cli_read_file (options->body_file, MAX_BODY_FILE, NULL, error);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

static void
print_json (TwApiResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  TwTestVerdict verdict = tw_api_result_get_verdict (result);
  const GError *error = tw_api_result_get_error (result);

  json_builder_begin_object (builder);
  tw_cli_add_string_member (builder, "verdict", tw_test_verdict_to_string (verdict));
  add_boolean (builder, "good", tw_test_verdict_is_good (verdict));
  add_boolean (builder, "forged", tw_api_result_get_forged (result));
  tw_cli_add_string_member (builder, "url", tw_api_result_get_request_url (result));
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, tw_api_result_get_http_status (result));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, tw_api_result_get_duration_ms (result));
  tw_cli_add_string_member (builder, "message", tw_api_result_get_message (result));
  tw_cli_add_string_member (builder, "outcome", tw_api_result_get_outcome (result));
  tw_cli_add_string_member (builder, "error", error != NULL ? error->message : NULL);
  tw_cli_add_string_member (builder, "tls_problem", tw_api_result_get_tls_problem (result));
  tw_cli_add_string_member (builder, "response_headers",
                            tw_api_result_get_response_headers (result));
  tw_cli_add_string_member (builder, "response_body", tw_api_result_get_response_text (result));
  add_boolean (builder, "response_truncated", tw_api_result_get_response_truncated (result));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

static void
print_body_start (TwApiResult *result)
{
  const char *text = tw_api_result_get_response_text (result);
  g_auto(GStrv) lines = NULL;
  guint n;

  if (text == NULL || *text == '\0')
    return;

  lines = g_strsplit (text, "\n", SHOWN_BODY_LINES + 1);
  n = g_strv_length (lines);
  /* Translators: the label above the start of the receiver's answer */
  printf ("%s\n", _("Response body:"));
  for (guint i = 0; i < MIN (n, SHOWN_BODY_LINES); i++)
    printf ("  %s\n", lines[i]);
  if (n > SHOWN_BODY_LINES || tw_api_result_get_response_truncated (result))
    printf ("  %s\n", _("[…]"));
}

static void
print_text (TwApiResult *result)
{
  g_autofree char *status = g_strdup_printf ("%u", tw_api_result_get_http_status (result));
  g_autofree char *timing = NULL;

  /* Translators: %lld is a duration in milliseconds */
  timing = g_strdup_printf (_("%lld ms"), (long long) tw_api_result_get_duration_ms (result));

  printf ("%s\n\n", tw_api_result_get_message (result));
  /* Translators: the labels of the test-delivery command's output; keep them short */
  tw_cli_print_field (_("Verdict:"),
                      tw_test_verdict_to_string (tw_api_result_get_verdict (result)));
  tw_cli_print_field (_("HTTP status:"),
                      tw_api_result_get_http_status (result) != 0 ? status : NULL);
  tw_cli_print_field (_("Time:"), timing);
  print_body_start (result);
}

static int
report (const Outcome *outcome,
        gboolean       json)
{
  if (outcome->result == NULL)
    {
      fprintf (stderr, "error: %s\n", outcome->error->message);
      return g_error_matches (outcome->error, TW_ERROR, TW_ERROR_INVALID_INPUT)
             ? TW_CLI_EXIT_USAGE : TW_CLI_EXIT_FAILED;
    }

  if (json)
    print_json (outcome->result);
  else
    print_text (outcome->result);

  if (fflush (stdout) != 0 || ferror (stdout))
    {
      tw_cli_print_error ("%s", _("cannot write to standard output"));
      return TW_CLI_EXIT_FAILED;
    }

  return tw_test_verdict_is_good (tw_api_result_get_verdict (outcome->result))
         ? TW_CLI_EXIT_OK : TW_CLI_EXIT_FAILED;
}

static int
test_with (const TestOptions *options,
           TwSampleVariant    variant)
{
  TwHookKind kind = tw_sample_variant_get_hook (variant);
  g_autoptr(TwRegistration) registration = NULL;
  g_autoptr(TwApiClient) client = NULL;
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *note = NULL;
  g_auto(TwCliWait) wait = { NULL };
  Outcome outcome = { NULL, NULL };
  TwHook *hook;
  int status;

  hook = load_hook (options, kind, &registration, &error);
  if (hook != NULL)
    body = load_body (options, variant, registration, &error);
  if (body == NULL)
    {
      fprintf (stderr, "error: %s\n", error->message);
      return TW_CLI_EXIT_USAGE;
    }

  note = tw_sample_payload_url_note (tw_hook_get_url (hook));
  if (note != NULL)
    fprintf (stderr, "note: %s\n", note);

  client = tw_api_client_new ();
  /* Every exchange is recorded, as in the app; the last reference,
   * dropped on return, writes what is still queued. */
  history = tw_history_new (NULL);
  tw_api_client_set_history_sink (client, TW_HISTORY_SINK (history));
  if (options->timeout > 0)
    tw_api_client_set_timeout (client, (guint) options->timeout);

  tw_api_client_send_test_async (client, options->profile, hook, body, -1, options->forged,
                                 tw_cli_wait_get_cancellable (&wait), tw_cli_wait_done, &wait);
  outcome.result = tw_api_client_send_test_finish (client, tw_cli_wait_run (&wait),
                                                   &outcome.error);
  status = report (&outcome, options->json);

  g_clear_object (&outcome.result);
  g_clear_error (&outcome.error);
  return status;
}

/* The sample to send from --hook and --variant (either gives the hook);
 * a usage status on a bad combination, -1 when fine. */
static int
check_target (const TestOptions *options,
              TwSampleVariant   *variant)
{
  TwHookKind kind;

  if (options->variant != NULL && !variant_from_string (options->variant, variant))
    /* Translators: keep the names as they are */
    return tw_cli_usage_error (COMMAND, _("unknown variant: use ready-for-pickup, "
                                          "delivery-failed, canceled, stock, cr or fd"));
  if (options->variant != NULL && options->body_file != NULL)
    return tw_cli_usage_error (COMMAND, _("--variant and --body-file cannot be used together"));
  if (options->hook == NULL && options->variant == NULL)
    return tw_cli_usage_error (COMMAND, _("--hook HOOK is required: order, stock or aftersale"));
  if (options->hook == NULL)
    return -1;
  if (!tw_hook_kind_from_string (options->hook, &kind))
    /* Translators: keep order, stock and aftersale */
    return tw_cli_usage_error (COMMAND, _("unknown hook: use order, stock or aftersale"));
  if (options->variant == NULL)
    *variant = tw_sample_variant_default (kind);
  else if (tw_sample_variant_get_hook (*variant) != kind)
    {
      /* Translators: the first %s is a variant name, the second a hook name */
      g_autofree char *message = g_strdup_printf (_("the variant “%s” is not a sample of the "
                                                    "“%s” webhook"),
                                                  options->variant, options->hook);

      return tw_cli_usage_error (COMMAND, message);
    }
  return -1;
}

int
tw_cli_test_delivery (int    argc,
                      char **argv)
{
  g_auto(TestOptions) options = { NULL };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config,
      N_("The configuration, as for register: its hook gives the URL and secret key "
         "(“-” for standard input)"), N_("FILE") },
    { "hook", 0, 0, G_OPTION_ARG_STRING, &options.hook,
      N_("The webhook to test: order, stock or aftersale"), N_("HOOK") },
    { "forged", 0, 0, G_OPTION_ARG_NONE, &options.forged,
      N_("Sign with a wrong key: the receiver must refuse the delivery"), NULL },
    { "variant", 0, 0, G_OPTION_ARG_STRING, &options.variant,
      N_("The sample to send: ready-for-pickup, delivery-failed or canceled (order), "
         "stock, cr or fd (aftersale); the hook's first by default"), N_("NAME") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &options.body_file,
      N_("Send the JSON in FILE instead of a sample delivery (“-” for standard input)"),
      N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout,
      N_("Give up after SECONDS (default 30)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print the result as one JSON object"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options.profile,
      N_("The profile name the test is recorded under"), N_("NAME") },
    { NULL }
  };
  int status = tw_cli_parse_options (COMMAND,
                                     N_("Sends a sample delivery, signed like TikiNOW signs it, to "
                                        "the URL of one webhook of a configuration, and tells whether "
                                        "the receiver answered as it should. With --forged the "
                                        "signature is deliberately wrong and the receiver must refuse "
                                        "it. Exit status: 0 the receiver behaved correctly, 1 it did "
                                        "not or could not be reached, 2 invalid input."),
                                     entries, argc, argv);
  TwSampleVariant variant = TW_SAMPLE_ORDER_READY_FOR_PICKUP;

  if (status >= 0)
    return status;
  if (options.config == NULL)
    return tw_cli_usage_error (COMMAND, _("--config FILE is required"));
  status = check_target (&options, &variant);
  if (status >= 0)
    return status;
  if (options.timeout < 0 || options.timeout > MAX_TIMEOUT)
    return tw_cli_usage_error (COMMAND, _("--timeout must be between 1 and 3600 seconds"));
  if (g_strcmp0 (options.config, "-") == 0 && g_strcmp0 (options.body_file, "-") == 0)
    return tw_cli_usage_error (COMMAND, _("--config and --body-file cannot both read standard input"));

  return test_with (&options, variant);
}
