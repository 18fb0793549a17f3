/* tw-cli-offline.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tw-cli.h"
#include "tw-error.h"
#include "tw-registration.h"
#include "tw-secret.h"
#include "tw-warehouses.h"

#define MAX_SECRET_COUNT 1000
#define MAX_BODY_SIZE (16 * 1024 * 1024)
#define SECRET_ENV "TIKI_WEBHOOKS_SECRET"

typedef struct
{
  const char         *name;
  const char         *summary;
  const GOptionEntry *entries;
} CommandSpec;

/* Secrets and bodies */

/* From a file (or "-") when @path is set, else from the environment; never
 * from the command line, where any user could read it in `ps`. */
static TwSecretString *
read_secret (const char  *path,
             GError     **error)
{
  g_autoptr(TwSecretString) secret = NULL;

  if (path != NULL)
    {
      secret = tw_cli_read_secret_file (path, error);
      if (secret == NULL)
        return NULL;
    }
  else if (g_getenv (SECRET_ENV) != NULL)
    secret = g_strdup (g_getenv (SECRET_ENV));
  else
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is the name of an environment variable */
                   _("no secret given: use --secret-file FILE or set %s"), SECRET_ENV);
      return NULL;
    }

  if (*secret == '\0')
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("the secret is empty"));
      return NULL;
    }

  return g_steal_pointer (&secret);
}

static gboolean
check_one_stdin (const char  *secret_file,
                 const char  *body_file,
                 GError     **error)
{
  if (g_strcmp0 (secret_file, "-") == 0 && g_strcmp0 (body_file, "-") == 0)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("the secret and the body cannot both come from standard input"));
      return FALSE;
    }

  return TRUE;
}

/* Only a missing or empty secret is a usage problem worth a pointer to
 * --help; a file that cannot be read says all there is to say. */
static void
print_input_error (const char   *command,
                   const GError *error)
{
  if (error->domain == TW_ERROR)
    tw_cli_usage_error (command, error->message);
  else
    tw_cli_print_error ("%s", error->message);
}

/* Reads the secret and the raw body; prints the problem and returns FALSE
 * on failure. */
static gboolean
read_secret_and_body (const char      *command,
                      const char      *secret_file,
                      const char      *body_file,
                      TwSecretString **secret,
                      GBytes         **body)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!check_one_stdin (secret_file, body_file, &error))
    {
      tw_cli_usage_error (command, error->message);
      return FALSE;
    }

  *secret = read_secret (secret_file, &error);
  if (*secret == NULL)
    {
      print_input_error (command, error);
      return FALSE;
    }

  data = tw_cli_read_file (body_file, MAX_BODY_SIZE, &length, &error);
  if (data == NULL)
    {
      tw_cli_print_error ("%s", error->message);
      g_clear_pointer (secret, tw_secret_free);
      return FALSE;
    }

  *body = g_bytes_new_take (g_steal_pointer (&data), length);
  return TRUE;
}

/* gen-secret */

int
tw_cli_gen_secret (int    argc,
                   char **argv)
{
  int count = 1;
  const GOptionEntry entries[] = {
    { "count", 'n', 0, G_OPTION_ARG_INT, &count,
      N_("How many keys to generate (1 to 1000)"), N_("N") },
    { NULL }
  };
  const CommandSpec spec = {
    "gen-secret", N_("Prints random 32-character keys over A–Z, a–z and 0–9, one per line."),
    entries
  };
  int status = tw_cli_parse_options (spec.name, spec.summary, spec.entries, argc, argv);

  if (status >= 0)
    return status;

  if (count < 1 || count > MAX_SECRET_COUNT)
    {
      g_autofree char *message =
        /* Translators: %d is the largest number of keys gen-secret makes at once */
        g_strdup_printf (_("--count must be between 1 and %d"), MAX_SECRET_COUNT);

      return tw_cli_usage_error (spec.name, message);
    }

  for (int i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TwSecretString) key = tw_secret_generate (&error);

      if (key == NULL)
        {
          tw_cli_print_error ("%s", error->message);
          return TW_CLI_EXIT_FAILED;
        }
      printf ("%s\n", key);
    }

  return tw_cli_finish_output ();
}

/* payload */

int
tw_cli_payload (int    argc,
                char **argv)
{
  g_autofree char *config = NULL;
  gboolean legacy = FALSE;
  gboolean pretty = FALSE;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config,
      N_("The configuration: a JSON file shaped like the request body "
         "(“-” for standard input)"),
      N_("FILE") },
    { "legacy", 0, 0, G_OPTION_ARG_NONE, &legacy,
      N_("Check against the legacy host’s rules (stock required, no aftersale)"), NULL },
    { "pretty", 0, 0, G_OPTION_ARG_NONE, &pretty, N_("Indent the JSON output"), NULL },
    { NULL }
  };
  const CommandSpec spec = {
    "payload",
    N_("Validates a webhook configuration and prints the exact body that registering it sends. "
       "Problems go to standard error, one per line."),
    entries
  };
  g_autoptr(TwRegistration) registration = NULL;
  g_autofree char *body = NULL;
  int status = tw_cli_parse_options (spec.name, spec.summary, spec.entries, argc, argv);

  if (status >= 0)
    return status;
  if (config == NULL)
    return tw_cli_usage_error (spec.name, _("--config FILE is required"));

  registration = tw_cli_load_config (config, legacy);
  if (registration == NULL)
    return TW_CLI_EXIT_USAGE;

  body = tw_registration_to_json (registration, pretty ? TW_JSON_PRETTY : TW_JSON_DEFAULT);
  printf ("%s\n", body);
  explicit_bzero (body, strlen (body));

  return tw_cli_finish_output ();
}

/* sign */

int
tw_cli_sign (int    argc,
             char **argv)
{
  g_autofree char *secret_file = NULL;
  g_autofree char *body_file = NULL;
  const GOptionEntry entries[] = {
    { "secret-file", 's', 0, G_OPTION_ARG_FILENAME, &secret_file,
      N_("Read the secret key from FILE (“-” for standard input); without it, from "
         "TIKI_WEBHOOKS_SECRET"), N_("FILE") },
    { "body-file", 'b', 0, G_OPTION_ARG_FILENAME, &body_file,
      N_("Read the body from FILE instead of standard input"), N_("FILE") },
    { NULL }
  };
  const CommandSpec spec = {
    "sign",
    N_("Prints the x-signature header value (sha1= and the HMAC-SHA1 of the body's raw bytes) "
       "that TikiNOW sends with a webhook."),
    entries
  };
  g_autoptr(TwSecretString) secret = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *signature = NULL;
  gsize length = 0;
  const guint8 *data;
  int status = tw_cli_parse_options (spec.name, spec.summary, spec.entries, argc, argv);

  if (status >= 0)
    return status;
  if (!read_secret_and_body (spec.name, secret_file, body_file ? body_file : "-",
                             &secret, &body))
    return TW_CLI_EXIT_USAGE;

  data = g_bytes_get_data (body, &length);
  signature = tw_secret_sign (secret, data, length);
  printf ("%s\n", signature);

  return tw_cli_finish_output ();
}

/* verify */

int
tw_cli_verify (int    argc,
               char **argv)
{
  g_autofree char *secret_file = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *signature = NULL;
  const GOptionEntry entries[] = {
    { "secret-file", 's', 0, G_OPTION_ARG_FILENAME, &secret_file,
      N_("Read the secret key from FILE (“-” for standard input); without it, from "
         "TIKI_WEBHOOKS_SECRET"), N_("FILE") },
    { "signature", 'S', 0, G_OPTION_ARG_STRING, &signature,
      N_("The x-signature header value received"), N_("VALUE") },
    { "body-file", 'b', 0, G_OPTION_ARG_FILENAME, &body_file,
      N_("Read the body from FILE instead of standard input"), N_("FILE") },
    { NULL }
  };
  const CommandSpec spec = {
    "verify",
    N_("Checks an x-signature header value against a body. Exits with 0 when it is valid, "
       "1 when it is not, 2 when the value cannot be read as a signature."),
    entries
  };
  g_autoptr(TwSecretString) secret = NULL;
  g_autoptr(GBytes) body = NULL;
  guint8 digest[20];
  gsize length = 0;
  const guint8 *data;
  gboolean valid;
  int status = tw_cli_parse_options (spec.name, spec.summary, spec.entries, argc, argv);

  if (status >= 0)
    return status;
  if (signature == NULL)
    return tw_cli_usage_error (spec.name, _("--signature VALUE is required"));
  if (!tw_signature_parse (signature, digest))
    {
      /* Translators: %s is what the user gave as a signature */
      tw_cli_print_error (_("“%s” is not a signature: expected sha1= and 40 hex digits"),
                          signature);
      return TW_CLI_EXIT_USAGE;
    }
  if (!read_secret_and_body (spec.name, secret_file, body_file ? body_file : "-",
                             &secret, &body))
    return TW_CLI_EXIT_USAGE;

  data = g_bytes_get_data (body, &length);
  valid = tw_secret_verify (secret, data, length, signature);
  /* Translators: the verdict of "verify" on a signature */
  printf ("%s\n", valid ? _("valid") : _("invalid"));

  status = tw_cli_finish_output ();
  return status != TW_CLI_EXIT_OK ? status : valid ? TW_CLI_EXIT_OK : TW_CLI_EXIT_FAILED;
}

/* warehouses */

static guint
name_column_width (GListModel *model)
{
  /* Translators: the heading of the warehouse name column of "warehouses" */
  guint width = g_utf8_strlen (_("NAME"), -1);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwWarehouse) warehouse = g_list_model_get_item (model, i);

      width = MAX (width, (guint) g_utf8_strlen (tw_warehouse_get_name (warehouse), -1));
    }

  return width;
}

static void
print_warehouse_table (GListModel *model)
{
  guint name_width = name_column_width (model);
  gboolean any_legacy = FALSE;

  /* Translators: the heading of the warehouse code column of "warehouses" */
  tw_cli_print_padded (_("CODE"), 8);
  tw_cli_print_padded (_("NAME"), name_width + 2);
  /* Translators: the heading of the region column of "warehouses" */
  printf ("%s\n", _("REGION"));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwWarehouse) warehouse = g_list_model_get_item (model, i);
      gboolean legacy = !tw_warehouse_get_documented (warehouse);
      g_autofree char *code = g_strconcat (tw_warehouse_get_code (warehouse),
                                           legacy ? "*" : "", NULL);

      any_legacy |= legacy;
      tw_cli_print_padded (code, 8);
      tw_cli_print_padded (tw_warehouse_get_name (warehouse), name_width + 2);
      printf ("%s\n", tw_warehouse_get_region_title (warehouse));
    }

  if (any_legacy)
    printf ("\n%s\n", _("* only in the legacy marketplace list, not in the TikiNOW documentation"));
}

static void
add_warehouse_object (JsonBuilder *builder,
                      TwWarehouse *warehouse)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, tw_warehouse_get_code (warehouse));
  json_builder_set_member_name (builder, "name_vi");
  json_builder_add_string_value (builder, tw_warehouse_get_name_vi (warehouse));
  json_builder_set_member_name (builder, "name_en");
  json_builder_add_string_value (builder, tw_warehouse_get_name_en (warehouse));
  json_builder_set_member_name (builder, "region");
  json_builder_add_string_value (builder, tw_warehouse_get_region (warehouse));
  json_builder_set_member_name (builder, "documented");
  json_builder_add_boolean_value (builder, tw_warehouse_get_documented (warehouse));
  json_builder_end_object (builder);
}

static void
print_warehouse_json (GListModel *model)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwWarehouse) warehouse = g_list_model_get_item (model, i);

      add_warehouse_object (builder, warehouse);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

int
tw_cli_warehouses (int    argc,
                   char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print a JSON array of {code, name_vi, name_en, region, documented}"), NULL },
    { NULL }
  };
  const CommandSpec spec = {
    "warehouses",
    N_("Lists the warehouse codes this tool knows, with their names and regions."),
    entries
  };
  int status = tw_cli_parse_options (spec.name, spec.summary, spec.entries, argc, argv);

  if (status >= 0)
    return status;

  if (as_json)
    print_warehouse_json (tw_warehouses_get_default ());
  else
    print_warehouse_table (tw_warehouses_get_default ());

  return tw_cli_finish_output ();
}
