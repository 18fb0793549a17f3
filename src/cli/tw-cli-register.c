/* tw-cli-register.c
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
#include "tw-auth.h"
#include "tw-cli.h"
#include "tw-credentials.h"
#include "tw-history.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-profile-store.h"
#include "tw-registration.h"
#include "tw-secret.h"

#define TOKEN_ENV "TIKI_WEBHOOKS_TOKEN"
#define MAX_TIMEOUT 3600

typedef struct
{
  char     *config;
  char     *token_file;
  char     *client_id;
  char     *client_secret_file;
  char     *auth_method;
  char     *api_base;
  char     *auth_base;
  char     *profile;
  gboolean  legacy;
  gboolean  json;
  int       timeout;
} RegisterOptions;

typedef struct
{
  TwApiResult *result;
  GError      *error;
} Outcome;

/* What a registration is made of, from the options, a saved profile or
 * both. */
typedef struct
{
  TwProfileStore *store;
  TwProfile      *profile;
  TwRegistration *registration;
  TwAuth         *auth;
  TwDemoServer   *demo_server;
  char           *base_url;
} Plan;

static void
clear_plan (Plan *plan)
{
  if (plan->demo_server != NULL)
    tw_demo_server_stop (plan->demo_server);
  g_clear_object (&plan->demo_server);
  g_clear_object (&plan->auth);
  g_clear_object (&plan->registration);
  g_clear_object (&plan->profile);
  g_clear_object (&plan->store);
  g_free (plan->base_url);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, clear_plan)

static void
clear_options (RegisterOptions *options)
{
  g_free (options->config);
  g_free (options->token_file);
  g_free (options->client_id);
  g_free (options->client_secret_file);
  g_free (options->auth_method);
  g_free (options->api_base);
  g_free (options->auth_base);
  g_free (options->profile);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RegisterOptions, clear_options)

static TwAuth *
auth_from_client (const RegisterOptions  *options,
                  GError                **error)
{
  g_autoptr(TwSecretString) secret = NULL;
  TwAuthMethod method = TW_AUTH_METHOD_BASIC;
  TwAuth *auth;

  if (options->client_secret_file == NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("--client-id needs --client-secret-file FILE"));
      return NULL;
    }

  if (options->auth_method != NULL &&
      !tw_auth_method_from_string (options->auth_method, &method))
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is what the user gave; keep "basic" and "post" */
                   _("unknown authentication method “%s”: use basic or post"),
                   options->auth_method);
      return NULL;
    }

  secret = tw_cli_read_secret_file (options->client_secret_file, error);
  if (secret == NULL)
    return NULL;

  auth = tw_auth_new_for_client (options->client_id, secret, method);
  tw_auth_set_auth_base (auth, options->auth_base);
  return auth;
}

/* From --token-file, else TIKI_WEBHOOKS_TOKEN; never from the command
 * line, where any user could read it in `ps`. */
static TwAuth *
auth_from_token (const RegisterOptions  *options,
                 GError                **error)
{
  g_autoptr(TwSecretString) token = NULL;

  if (options->token_file != NULL)
    token = tw_cli_read_secret_file (options->token_file, error);
  else if (g_getenv (TOKEN_ENV) != NULL)
    token = g_strdup (g_getenv (TOKEN_ENV));
  else
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("no credentials: give --token-file FILE, set TIKI_WEBHOOKS_TOKEN, "
                             "or give --client-id ID and --client-secret-file FILE"));
      return NULL;
    }

  if (token == NULL)
    return NULL;

  g_strstrip (token);
  if (*token == '\0')
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("the access token is empty"));
      return NULL;
    }

  return tw_auth_new_for_token (token);
}

static TwAuth *
build_auth (const RegisterOptions  *options,
            GError                **error)
{
  if (options->client_id != NULL && options->token_file != NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("give either --token-file or --client-id, not both"));
      return NULL;
    }

  if (options->client_id != NULL)
    return auth_from_client (options, error);

  if (options->client_secret_file != NULL || options->auth_method != NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("--client-secret-file and --auth-method need --client-id ID"));
      return NULL;
    }

  return auth_from_token (options, error);
}

static void
print_json (TwApiResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  const GError *error = tw_api_result_get_error (result);

  json_builder_begin_object (builder);
  tw_cli_add_string_member (builder, "outcome", tw_api_result_get_outcome (result));
  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, tw_api_result_get_ok (result));
  json_builder_set_member_name (builder, "http_status");
  json_builder_add_int_value (builder, tw_api_result_get_http_status (result));
  tw_cli_add_string_member (builder, "message_code", tw_api_result_get_message_code (result));
  tw_cli_add_string_member (builder, "message", tw_api_result_get_message (result));
  tw_cli_add_string_member (builder, "message_en", tw_api_result_get_message_en (result));
  tw_cli_add_string_member (builder, "request_id", tw_api_result_get_request_id (result));
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, tw_api_result_get_duration_ms (result));
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, tw_api_result_get_attempts (result));
  tw_cli_add_string_member (builder, "error", error != NULL ? error->message : NULL);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, TRUE);
  printf ("%s\n", text);
}

static void
print_text (TwApiResult *result)
{
  g_autofree char *status = g_strdup_printf ("%u", tw_api_result_get_http_status (result));
  guint attempts = tw_api_result_get_attempts (result);
  g_autofree char *timing = NULL;
  const GError *error = tw_api_result_get_error (result);

  /* Translators: %lld is a duration in milliseconds, %u a count of HTTP attempts */
  timing = g_strdup_printf (ngettext ("%lld ms, %u attempt", "%lld ms, %u attempts", attempts),
                            (long long) tw_api_result_get_duration_ms (result), attempts);

  /* Translators: the labels of the register command's output; keep them short */
  tw_cli_print_field (_("Outcome:"), tw_api_result_get_outcome (result));
  tw_cli_print_field (_("HTTP status:"),
                      tw_api_result_get_http_status (result) != 0 ? status : NULL);
  tw_cli_print_field (_("Message code:"), tw_api_result_get_message_code (result));
  tw_cli_print_field (_("Message:"), tw_api_result_get_message (result));
  tw_cli_print_field (_("Request ID:"), tw_api_result_get_request_id (result));
  tw_cli_print_field (_("Time:"), timing);

  if (error != NULL)
    fprintf (stderr, "error: %s\n", error->message);
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

  return tw_api_result_get_ok (outcome->result) ? TW_CLI_EXIT_OK : TW_CLI_EXIT_FAILED;
}

/* Saved profiles */

static void
on_keyring_unavailable (TwCredentials *credentials,
                        const char    *message)
{
  fprintf (stderr, "warning: %s\n", message);
}

/* The saved profile named by --profile, if there is one. */
static gboolean
find_profile (const RegisterOptions  *options,
              Plan                   *plan,
              GError                **error)
{
  if (options->profile == NULL)
    return TRUE;

  plan->store = tw_profile_store_new (NULL);
  if (!tw_profile_store_load (plan->store, NULL, error))
    return FALSE;

  plan->profile = tw_profile_store_find (plan->store, options->profile);
  if (plan->profile != NULL)
    g_object_ref (plan->profile);
  return TRUE;
}

static gboolean
profile_is_legacy (const Plan *plan)
{
  return plan->profile != NULL &&
         tw_profile_get_environment (plan->profile) == TW_ENVIRONMENT_LEGACY;
}

/* The profile's warehouses, hooks and partner id, validated like a
 * configuration file. */
static TwRegistration *
registration_from_profile (const RegisterOptions *options,
                           const Plan            *plan)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();

  tw_profile_apply (plan->profile, NULL, registration);
  if (options->legacy)
    tw_registration_set_flavour (registration, TW_API_FLAVOUR_LEGACY);
  return g_steal_pointer (&registration);
}

/* Reads the secrets the options do not replace from the keyring: the
 * account's unless --token-file or --client-id was given, the hooks' unless
 * --config was. */
static gboolean
load_profile_secrets (const RegisterOptions  *options,
                      Plan                   *plan,
                      gboolean                auth_from_profile,
                      GError                **error)
{
  g_autoptr(TwCredentials) credentials = NULL;
  const char *name = tw_profile_get_name (plan->profile);

  if (!auth_from_profile && options->config != NULL)
    return TRUE;

  credentials = tw_credentials_new ();
  g_signal_connect (credentials, "unavailable", G_CALLBACK (on_keyring_unavailable), NULL);
  if (!tw_credentials_load_profile (credentials, name, auth_from_profile ? plan->auth : NULL,
                                    options->config == NULL ? plan->registration : NULL,
                                    NULL, error))
    return FALSE;

  if (auth_from_profile && tw_auth_get_mode (plan->auth) == TW_AUTH_MODE_PUBLIC_APP &&
      !tw_auth_is_logged_in (plan->auth))
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: both %s are a profile name */
                   _("nobody is logged in to the profile “%s”: run "
                     "“tiki-webhooks-cli login --profile %s” first"), name, name);
      return FALSE;
    }
  if (auth_from_profile && !tw_auth_has_token (plan->auth) && !tw_auth_can_grant (plan->auth))
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is a profile name */
                   _("the profile “%s” has no access token or client secret in the keyring: "
                     "register once with it in Tiki Webhooks, or give --token-file or "
                     "--client-id"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
plan_auth (const RegisterOptions  *options,
           Plan                   *plan,
           GError                **error)
{
  gboolean from_profile = plan->profile != NULL && options->token_file == NULL &&
                          options->client_id == NULL;

  if (from_profile)
    {
      plan->auth = tw_auth_new ();
      tw_profile_apply (plan->profile, plan->auth, NULL);
      tw_auth_set_auth_base (plan->auth, options->auth_base);
    }
  else
    {
      plan->auth = build_auth (options, error);
      if (plan->auth == NULL)
        return FALSE;
    }

  return plan->profile == NULL || load_profile_secrets (options, plan, from_profile, error);
}

/* --api-base wins; a profile's environment otherwise: its custom URL, or
 * for Demo a simulator in this process (which also grants tokens). */
static gboolean
plan_base_url (const RegisterOptions  *options,
               Plan                   *plan,
               GError                **error)
{
  TwEnvironment environment = plan->profile != NULL ? tw_profile_get_environment (plan->profile)
                                                    : TW_ENVIRONMENT_PRODUCTION;
  TwApiFlavour flavour = tw_registration_get_flavour (plan->registration);

  if (options->api_base != NULL || environment == TW_ENVIRONMENT_PRODUCTION ||
      environment == TW_ENVIRONMENT_LEGACY)
    plan->base_url = tw_api_client_resolve_base (options->api_base, flavour);
  else if (environment == TW_ENVIRONMENT_CUSTOM)
    {
      if (!tw_environment_check_base_url (tw_profile_get_base_url (plan->profile), error))
        return FALSE;
      plan->base_url = tw_api_client_resolve_base (tw_profile_get_base_url (plan->profile),
                                                   flavour);
    }
  else
    {
      plan->demo_server = tw_demo_server_new ();
      tw_demo_server_set_flavour (plan->demo_server, flavour);
      if (!tw_demo_server_start (plan->demo_server, 0, error))
        return FALSE;
      plan->base_url = g_strdup (tw_demo_server_get_base_url (plan->demo_server));
      if (options->auth_base == NULL)
        tw_auth_set_auth_base (plan->auth, plan->base_url);
    }
  return TRUE;
}

/* Returns -1 when the plan is ready, else the exit status. */
static int
make_plan (const RegisterOptions *options,
           Plan                  *plan)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  if (!find_profile (options, plan, &error))
    {
      tw_cli_print_error ("%s", error->message);
      return TW_CLI_EXIT_FAILED;
    }
  if (plan->profile == NULL && options->config == NULL)
    return tw_cli_usage_error ("register",
                               options->profile != NULL
                               ? _("no saved profile has this name (see "
                                   "“tiki-webhooks-cli profiles”); give --config FILE")
                               : _("--config FILE is required"));

  if (options->config != NULL)
    plan->registration = tw_cli_load_config (options->config,
                                             options->legacy || profile_is_legacy (plan));
  else
    plan->registration = registration_from_profile (options, plan);
  if (plan->registration == NULL)
    return TW_CLI_EXIT_USAGE;

  if (!plan_auth (options, plan, &error) || !plan_base_url (options, plan, &error))
    return tw_cli_usage_error ("register", error->message);

  /* A configuration file was checked when read; the profile's secrets only
   * now that they are loaded. */
  problems = tw_registration_validate (plan->registration);
  if (options->config == NULL)
    tw_cli_print_problems (problems);
  if (tw_problems_have_errors (problems))
    return TW_CLI_EXIT_USAGE;
  return -1;
}

/* As the app does: the profile remembers what was registered, so that the
 * next changes can be shown. */
static void
record_in_profile (const Plan  *plan,
                   TwApiResult *result)
{
  g_auto(TwCliWait) wait = { NULL };
  g_autoptr(GError) error = NULL;

  if (plan->profile == NULL || !tw_api_result_get_ok (result))
    return;

  tw_profile_record_registration (plan->profile, plan->registration,
                                  tw_api_result_get_request_id (result), NULL);
  tw_profile_store_save_async (plan->store, plan->profile, NULL, tw_cli_wait_done, &wait);
  if (!tw_profile_store_save_finish (plan->store, tw_cli_wait_run (&wait), &error))
    fprintf (stderr, "warning: %s: %s\n",
             _("the registration could not be recorded in the profile"), error->message);
}

static void
on_refresh_token_changed (TwAuth     *auth,
                          GParamSpec *pspec,
                          gpointer    user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
keep_login (const Plan *plan)
{
  g_autoptr(GError) error = NULL;

  if (!tw_cli_save_login (plan->store, plan->profile, plan->auth, &error))
    fprintf (stderr, "warning: %s: %s\n",
             _("the renewed login could not be saved; log in again next time"),
             error->message);
}

static int
register_with (const RegisterOptions *options)
{
  g_auto(Plan) plan = { NULL };
  g_autoptr(TwApiClient) client = NULL;
  g_autoptr(TwHistory) history = NULL;
  g_auto(TwCliWait) wait = { NULL };
  Outcome outcome = { NULL, NULL };
  gboolean refreshed = FALSE;
  int status;

  status = make_plan (options, &plan);
  if (status >= 0)
    return status;

  client = tw_api_client_new ();
  if (options->timeout > 0)
    tw_api_client_set_timeout (client, (guint) options->timeout);
  /* Every exchange is recorded, as in the app; the last reference,
   * dropped on return, writes what is still queued. */
  history = tw_history_new (NULL);
  tw_api_client_set_history_sink (client, TW_HISTORY_SINK (history));

  /* A public app's refresh token rotates when used: the new one (or its
   * loss, when Tiki refused it) must reach the keyring. */
  g_signal_connect (plan.auth, "notify::refresh-token", G_CALLBACK (on_refresh_token_changed),
                    &refreshed);
  tw_api_client_register_async (client, options->profile, plan.base_url, plan.registration,
                                plan.auth, tw_cli_wait_get_cancellable (&wait), tw_cli_wait_done,
                                &wait);
  outcome.result = tw_api_client_register_finish (client, tw_cli_wait_run (&wait),
                                                  &outcome.error);
  if (refreshed && plan.profile != NULL)
    keep_login (&plan);
  status = report (&outcome, options->json);
  if (outcome.result != NULL)
    record_in_profile (&plan, outcome.result);

  g_clear_object (&outcome.result);
  g_clear_error (&outcome.error);
  return status;
}

int
tw_cli_register (int    argc,
                 char **argv)
{
  g_auto(RegisterOptions) options = { NULL };
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &options.config,
      N_("The configuration: a JSON file shaped like the request body "
         "(“-” for standard input)"),
      N_("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &options.token_file,
      N_("Read the access token from FILE (“-” for standard input); "
         "otherwise TIKI_WEBHOOKS_TOKEN is used"), N_("FILE") },
    { "client-id", 0, 0, G_OPTION_ARG_STRING, &options.client_id,
      N_("Get a token with the client credentials of this in-house app"), N_("ID") },
    { "client-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &options.client_secret_file,
      N_("Read the app’s client secret from FILE (“-” for standard input)"), N_("FILE") },
    { "auth-method", 0, 0, G_OPTION_ARG_STRING, &options.auth_method,
      N_("How the app authenticates: basic (default) or post"), N_("METHOD") },
    { "api-base", 0, 0, G_OPTION_ARG_STRING, &options.api_base,
      N_("The TikiNOW API address (default: TIKI_WEBHOOKS_API_BASE, else the host of the "
         "chosen rules)"), N_("URL") },
    { "auth-base", 0, 0, G_OPTION_ARG_STRING, &options.auth_base,
      N_("The OAuth server address (default: TIKI_WEBHOOKS_AUTH_BASE, else https://api.tiki.vn)"),
      N_("URL") },
    { "legacy", 0, 0, G_OPTION_ARG_NONE, &options.legacy,
      N_("Use the legacy host and its rules (stock required, no aftersale)"), NULL },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout,
      N_("Give up an attempt after SECONDS (default 30)"), N_("SECONDS") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print the result as one JSON object"), NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options.profile,
      N_("Register a saved profile (see “profiles”): its environment, account, warehouses, "
         "webhooks and shop ID, with its secrets from the keyring, and record the "
         "registration in it. --config replaces its warehouses, webhooks and shop ID; "
         "--token-file or --client-id its account; --api-base its address. Without a saved "
         "profile of that name, it only names the request in the history"), N_("NAME") },
    { NULL }
  };
  int status = tw_cli_parse_options ("register",
                              N_("Registers the webhooks of a configuration (--config) or of a "
                                 "saved profile (--profile) with TikiNOW and prints the "
                                 "outcome, HTTP status, message code, message and request ID. "
                                 "Exit status: 0 registered, 1 refused or failed, 2 invalid "
                                 "input."),
                              entries, argc, argv);

  if (status >= 0)
    return status;
  if (options.timeout < 0 || options.timeout > MAX_TIMEOUT)
    return tw_cli_usage_error ("register", _("--timeout must be between 1 and 3600 seconds"));

  return register_with (&options);
}

static gboolean
on_stop_signal (gpointer user_data)
{
  gboolean *running = user_data;

  *running = FALSE;
  return G_SOURCE_CONTINUE;
}

int
tw_cli_demo_server (int    argc,
                    char **argv)
{
  int port = 0;
  gboolean legacy = FALSE;
  gboolean running = TRUE;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Listen on this port of 127.0.0.1 (default: any free port)"), N_("PORT") },
    { "legacy", 0, 0, G_OPTION_ARG_NONE, &legacy,
      N_("Apply the legacy host’s rules (stock required, no aftersale)"), NULL },
    { NULL }
  };
  g_autoptr(TwDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint_id, sigterm_id;
  int status = tw_cli_parse_options ("demo-server",
                              N_("Runs the TikiNOW simulator on 127.0.0.1 until interrupted. "
                                 "The first line of output is its address, for "
                                 "--api-base and --auth-base."),
                              entries, argc, argv);

  if (status >= 0)
    return status;
  if (port < 0 || port > G_MAXUINT16)
    return tw_cli_usage_error ("demo-server", _("--port must be between 0 and 65535"));

  server = tw_demo_server_new ();
  tw_demo_server_set_flavour (server, legacy ? TW_API_FLAVOUR_LEGACY : TW_API_FLAVOUR_CURRENT);
  if (!tw_demo_server_start (server, (guint) port, &error))
    {
      tw_cli_print_error ("%s", error->message);
      return TW_CLI_EXIT_FAILED;
    }

  /* Scripts read the address from the first line: it must not wait in a
   * buffer. */
  printf ("%s\n", tw_demo_server_get_base_url (server));
  fflush (stdout);
  /* Translators: %s is the demo client ID; keep Ctrl+C */
  fprintf (stderr, _("TikiNOW simulator running; its demo client ID is “%s”. "
                     "Stop it with Ctrl+C.\n"), TW_DEMO_CLIENT_ID);

  sigint_id = g_unix_signal_add (SIGINT, on_stop_signal, &running);
  sigterm_id = g_unix_signal_add (SIGTERM, on_stop_signal, &running);
  while (running)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  tw_demo_server_stop (server);
  return TW_CLI_EXIT_OK;
}
