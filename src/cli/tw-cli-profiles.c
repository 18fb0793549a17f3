/* tw-cli-profiles.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "tw-cli.h"
#include "tw-profile-store.h"

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    /* Translators: in the "last registered" column of "profiles" */
    return g_strdup (C_("registered", "never"));

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static const char *
environment_column (TwProfile *profile)
{
  if (tw_profile_get_environment (profile) == TW_ENVIRONMENT_CUSTOM)
    return tw_profile_get_base_url (profile);
  return tw_environment_get_title (tw_profile_get_environment (profile));
}

static guint
column_width (GListModel *model,
              const char *heading,
              gboolean    environment)
{
  guint width = g_utf8_strlen (heading, -1);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwProfile) profile = g_list_model_get_item (model, i);
      const char *text = environment ? environment_column (profile)
                                     : tw_profile_get_name (profile);

      if (!environment || !tw_profile_is_broken (profile))
        width = MAX (width, (guint) g_utf8_strlen (text, -1));
    }

  return width;
}

static void
print_row (TwProfile *profile,
           guint      name_width,
           guint      environment_width)
{
  g_autofree char *time = NULL;
  const char *request_id = tw_profile_get_last_request_id (profile);

  tw_cli_print_padded (tw_profile_get_name (profile), name_width + 2);
  if (tw_profile_is_broken (profile))
    {
      /* Translators: a profile file that could not be read; %s says why */
      printf (_("broken: %s"), tw_profile_get_problem (profile));
      fputc ('\n', stdout);
      return;
    }

  time = format_time (tw_profile_get_last_registered (profile));
  tw_cli_print_padded (environment_column (profile), environment_width + 2);
  tw_cli_print_padded (time, 18);
  printf ("%s\n", request_id != NULL ? request_id : "");
}

static void
print_table (GListModel *model)
{
  /* Translators: the headings of the columns of "profiles" */
  const char *name_heading = _("NAME");
  const char *environment_heading = _("ENVIRONMENT");
  guint name_width = column_width (model, name_heading, FALSE);
  guint environment_width = column_width (model, environment_heading, TRUE);

  if (g_list_model_get_n_items (model) == 0)
    {
      printf ("%s\n", _("No profiles yet. Profiles are made in Tiki Webhooks."));
      return;
    }

  tw_cli_print_padded (name_heading, name_width + 2);
  tw_cli_print_padded (environment_heading, environment_width + 2);
  tw_cli_print_padded (_("LAST REGISTERED"), 18);
  printf ("%s\n", _("REQUEST ID"));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwProfile) profile = g_list_model_get_item (model, i);

      print_row (profile, name_width, environment_width);
    }
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *key,
                     const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_profile_object (JsonBuilder *builder,
                    TwProfile   *profile,
                    gboolean     last_used)
{
  gboolean broken = tw_profile_is_broken (profile);
  GDateTime *time = tw_profile_get_last_registered (profile);
  g_autofree char *file = g_file_get_basename (tw_profile_get_file (profile));
  g_autofree char *iso_time = NULL;

  if (time != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (time);

      iso_time = g_date_time_format_iso8601 (utc);
    }

  json_builder_begin_object (builder);
  add_nullable_string (builder, "name", broken ? NULL : tw_profile_get_name (profile));
  add_nullable_string (builder, "file", file);
  add_nullable_string (builder, "environment", broken ? NULL :
                       tw_environment_to_string (tw_profile_get_environment (profile)));
  add_nullable_string (builder, "base_url", broken ? NULL : tw_profile_get_base_url (profile));
  add_nullable_string (builder, "last_registered", iso_time);
  add_nullable_string (builder, "request_id", tw_profile_get_last_request_id (profile));
  json_builder_set_member_name (builder, "last_used");
  json_builder_add_boolean_value (builder, last_used);
  json_builder_set_member_name (builder, "broken");
  json_builder_add_boolean_value (builder, broken);
  add_nullable_string (builder, "problem", tw_profile_get_problem (profile));
  json_builder_end_object (builder);
}

static void
print_json (TwProfileStore *store)
{
  GListModel *model = G_LIST_MODEL (store);
  TwProfile *last_used = tw_profile_store_get_last_used (store);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwProfile) profile = g_list_model_get_item (model, i);

      add_profile_object (builder, profile, profile == last_used);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

int
tw_cli_profiles (int    argc,
                 char **argv)
{
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 'j', 0, G_OPTION_ARG_NONE, &as_json,
      N_("Print a JSON array of {name, file, environment, base_url, last_registered, "
         "request_id, last_used, broken, problem}"), NULL },
    { NULL }
  };
  g_autoptr(TwProfileStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  status = tw_cli_parse_options ("profiles",
                                 N_("Lists the saved profiles (in $XDG_CONFIG_HOME/tiki-webhooks), "
                                    "with their environment and last registration."),
                                 entries, argc, argv);
  if (status >= 0)
    return status;

  store = tw_profile_store_new (NULL);
  if (!tw_profile_store_load (store, NULL, &error))
    {
      tw_cli_print_error ("%s", error->message);
      return TW_CLI_EXIT_FAILED;
    }

  if (as_json)
    print_json (store);
  else
    print_table (G_LIST_MODEL (store));

  return tw_cli_finish_output ();
}
