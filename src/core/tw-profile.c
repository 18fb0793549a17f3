/* tw-profile.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-profile"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tw-api-parse.h"
#include "tw-enums.h"
#include "tw-error.h"
#include "tw-profile-private.h"
#include "tw-secret.h"

/* Written in every file; a file of a later format is left alone. */
#define PROFILE_FORMAT 1
/* json-glib recurses per level: bounding the depth bounds the stack. */
#define MAX_DEPTH 16
#define MAX_STRING_LENGTH 8192
#define MAX_WAREHOUSES 1000

/* The non-secret part of a registration. */
typedef struct
{
  GStrv     warehouses;
  gboolean  enabled[TW_N_HOOKS];
  char     *urls[TW_N_HOOKS];
  char     *partner_id;
} Document;

/* What was sent in the last successful registration. */
typedef struct
{
  Document       doc;
  char          *fingerprints[TW_N_HOOKS];
  TwEnvironment  environment;
  char          *base_url;
  char          *request_id;
  GDateTime     *time;
} Snapshot;

struct _TwProfile
{
  GObject        parent_instance;

  char          *name;
  TwEnvironment  environment;
  char          *base_url;
  TwAuthMode     auth_mode;
  char          *client_id;
  TwAuthMethod   auth_method;
  char          *redirect_uri;
  char          *scopes;
  GDateTime     *token_expires_at;
  Document       doc;
  Snapshot      *snapshot;
  char          *problem;
  GFile         *file;
};

G_DEFINE_FINAL_TYPE (TwProfile, tw_profile, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (TwChange, tw_change, tw_change_copy, tw_change_free)

enum {
  PROP_0,
  PROP_NAME,
  PROP_ENVIRONMENT,
  PROP_BASE_URL,
  PROP_AUTH_MODE,
  PROP_CLIENT_ID,
  PROP_AUTH_METHOD,
  PROP_REDIRECT_URI,
  PROP_SCOPES,
  PROP_TOKEN_EXPIRES_AT,
  PROP_LAST_REGISTERED,
  PROP_LAST_REQUEST_ID,
  PROP_PROBLEM,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const auth_mode_names[] = {
  [TW_AUTH_MODE_ACCESS_TOKEN] = "access-token",
  [TW_AUTH_MODE_CLIENT_CREDENTIALS] = "client-credentials",
  [TW_AUTH_MODE_PUBLIC_APP] = "public-app",
};

/* Documents */

static void
document_init (Document *doc)
{
  doc->warehouses = g_new0 (char *, 1);
  doc->enabled[TW_HOOK_ORDER] = TRUE;
  for (guint i = 0; i < TW_N_HOOKS; i++)
    doc->urls[i] = g_strdup ("");
  doc->partner_id = g_strdup ("");
}

static void
document_clear (Document *doc)
{
  g_clear_pointer (&doc->warehouses, g_strfreev);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    g_clear_pointer (&doc->urls[i], g_free);
  g_clear_pointer (&doc->partner_id, g_free);
}

static void
document_copy (Document       *dest,
               const Document *src)
{
  document_clear (dest);
  dest->warehouses = g_strdupv (src->warehouses);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      dest->enabled[i] = src->enabled[i];
      dest->urls[i] = g_strdup (src->urls[i]);
    }
  dest->partner_id = g_strdup (src->partner_id);
}

static void
document_capture (Document       *doc,
                  TwRegistration *registration)
{
  document_clear (doc);
  doc->warehouses = g_strdupv ((GStrv) tw_registration_get_warehouses (registration));
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      TwHook *hook = tw_registration_get_hook (registration, i);

      doc->enabled[i] = tw_hook_get_enabled (hook);
      doc->urls[i] = g_strdup (tw_hook_get_url (hook));
    }
  doc->partner_id = g_strdup (tw_registration_get_partner_id (registration));
}

static Snapshot *
snapshot_new (void)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);

  document_init (&snapshot->doc);
  snapshot->base_url = g_strdup ("");
  return snapshot;
}

static void
snapshot_free (Snapshot *snapshot)
{
  document_clear (&snapshot->doc);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    g_free (snapshot->fingerprints[i]);
  g_free (snapshot->base_url);
  g_free (snapshot->request_id);
  g_clear_pointer (&snapshot->time, g_date_time_unref);
  g_free (snapshot);
}

/* An empty secret has no fingerprint: it was not set. */
static char *
fingerprint_or_null (const char *secret)
{
  return secret != NULL && *secret != '\0' ? tw_secret_fingerprint (secret) : NULL;
}

/* Writing */

static void
add_string_member (JsonBuilder *builder,
                   const char  *key,
                   const char  *value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_string_value (builder, value != NULL ? value : "");
}

static void
add_document_members (JsonBuilder    *builder,
                      const Document *doc,
                      char * const   *fingerprints)
{
  json_builder_set_member_name (builder, "sync_inventory_location");
  json_builder_begin_array (builder);
  for (guint i = 0; doc->warehouses[i] != NULL; i++)
    json_builder_add_string_value (builder, doc->warehouses[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "sync_webhook");
  json_builder_begin_object (builder);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      json_builder_set_member_name (builder, tw_hook_kind_to_string (i));
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, doc->enabled[i]);
      add_string_member (builder, "url", doc->urls[i]);
      if (fingerprints != NULL && fingerprints[i] != NULL)
        add_string_member (builder, "secret_fingerprint", fingerprints[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  add_string_member (builder, "external_partner_id", doc->partner_id);
}

static void
add_snapshot_member (JsonBuilder *builder,
                     Snapshot    *snapshot)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (snapshot->time);
  g_autofree char *time = g_date_time_format_iso8601 (utc);

  json_builder_set_member_name (builder, "last_registration");
  json_builder_begin_object (builder);
  add_string_member (builder, "time", time);
  if (snapshot->request_id != NULL)
    add_string_member (builder, "request_id", snapshot->request_id);
  add_string_member (builder, "environment", tw_environment_to_string (snapshot->environment));
  add_string_member (builder, "base_url", snapshot->base_url);
  add_document_members (builder, &snapshot->doc, snapshot->fingerprints);
  json_builder_end_object (builder);
}

static void
add_auth_member (JsonBuilder *builder,
                 TwProfile   *self)
{
  json_builder_set_member_name (builder, "auth");
  json_builder_begin_object (builder);
  add_string_member (builder, "mode", auth_mode_names[self->auth_mode]);
  add_string_member (builder, "client_id", self->client_id);
  add_string_member (builder, "method", tw_auth_method_to_string (self->auth_method));
  /* Only when set, so older files read back unchanged. */
  if (*self->redirect_uri != '\0')
    add_string_member (builder, "redirect_uri", self->redirect_uri);
  if (*self->scopes != '\0')
    add_string_member (builder, "scopes", self->scopes);
  if (self->token_expires_at != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (self->token_expires_at);
      g_autofree char *time = g_date_time_format_iso8601 (utc);

      add_string_member (builder, "token_expires_at", time);
    }
  json_builder_end_object (builder);
}

static JsonNode *
build_json (TwProfile  *self,
            const char *name)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_int_value (builder, PROFILE_FORMAT);
  add_string_member (builder, "name", name);
  add_string_member (builder, "environment", tw_environment_to_string (self->environment));
  add_string_member (builder, "base_url", self->base_url);
  add_auth_member (builder, self);
  add_document_members (builder, &self->doc, NULL);
  if (self->snapshot != NULL)
    add_snapshot_member (builder, self->snapshot);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Reading: every helper names the field path in its error. */

static gboolean fail (GError     **error,
                      const char  *format,
                      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (TW_ERROR, TW_ERROR_INVALID_INPUT, format, args));
  va_end (args);
  return FALSE;
}

static char *
join_path (const char *prefix,
           const char *key)
{
  return prefix != NULL ? g_strconcat (prefix, ".", key, NULL) : g_strdup (key);
}

/* Finds @key in @object; a missing optional member gives TRUE and NULL. */
static gboolean
find_member (JsonObject  *object,
             const char  *prefix,
             const char  *key,
             GType        value_type,
             gboolean     required,
             JsonNode   **node,
             GError     **error)
{
  g_autofree char *path = join_path (prefix, key);
  JsonNode *member = json_object_get_member (object, key);

  *node = NULL;
  if (member == NULL)
    /* Translators: %s is a field of a profile file, e.g. "name" */
    return required ? fail (error, _("“%s” is missing"), path) : TRUE;

  if (value_type == JSON_TYPE_OBJECT && !JSON_NODE_HOLDS_OBJECT (member))
    /* Translators: %s is a field of a profile file, e.g. "auth" */
    return fail (error, _("“%s” must be an object"), path);
  if (value_type == JSON_TYPE_ARRAY && !JSON_NODE_HOLDS_ARRAY (member))
    /* Translators: %s is a field of a profile file */
    return fail (error, _("“%s” must be a list"), path);
  if (value_type != JSON_TYPE_OBJECT && value_type != JSON_TYPE_ARRAY &&
      (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != value_type))
    {
      if (value_type == G_TYPE_STRING)
        /* Translators: %s is a field of a profile file */
        return fail (error, _("“%s” must be text"), path);
      if (value_type == G_TYPE_BOOLEAN)
        /* Translators: %s is a field of a profile file */
        return fail (error, _("“%s” must be true or false"), path);
      /* Translators: %s is a field of a profile file */
      return fail (error, _("“%s” must be a whole number"), path);
    }

  *node = member;
  return TRUE;
}

static gboolean
check_string (const char  *value,
              const char  *path,
              GError     **error)
{
  if (strlen (value) > MAX_STRING_LENGTH)
    /* Translators: %s is a field of a profile file */
    return fail (error, _("“%s” is too long"), path);
  return TRUE;
}

/* Replaces *@out when the member is present. */
static gboolean
read_string (JsonObject  *object,
             const char  *prefix,
             const char  *key,
             gboolean     required,
             char       **out,
             GError     **error)
{
  g_autofree char *path = join_path (prefix, key);
  JsonNode *node;

  if (!find_member (object, prefix, key, G_TYPE_STRING, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!check_string (json_node_get_string (node), path, error))
    return FALSE;

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_boolean (JsonObject  *object,
              const char  *prefix,
              const char  *key,
              gboolean    *out,
              GError     **error)
{
  JsonNode *node;

  if (!find_member (object, prefix, key, G_TYPE_BOOLEAN, FALSE, &node, error))
    return FALSE;
  if (node != NULL)
    *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
unknown_value (const char  *path,
               const char  *value,
               GError     **error)
{
  g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
               /* Translators: the first %s is a field of a profile file, the
                * second the value found there */
               _("“%s” has an unknown value “%s”"), path, value);
  return FALSE;
}

static gboolean
read_environment (JsonObject     *object,
                  const char     *prefix,
                  TwEnvironment  *out,
                  GError        **error)
{
  g_autofree char *value = NULL;
  g_autofree char *path = join_path (prefix, "environment");

  if (!read_string (object, prefix, "environment", FALSE, &value, error))
    return FALSE;
  if (value != NULL && !tw_environment_from_string (value, out))
    return unknown_value (path, value, error);
  return TRUE;
}

static gboolean
read_warehouses (JsonObject  *object,
                 const char  *prefix,
                 GStrv       *out,
                 GError     **error)
{
  g_autofree char *path = join_path (prefix, "sync_inventory_location");
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonNode *node;
  JsonArray *array;

  if (!find_member (object, prefix, "sync_inventory_location", JSON_TYPE_ARRAY, FALSE,
                    &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) > MAX_WAREHOUSES)
    return fail (error, _("“%s” is too long"), path);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        /* Translators: %s is a field of a profile file */
        return fail (error, _("“%s” must be a list of text"), path);
      if (!check_string (json_node_get_string (item), path, error))
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (item));
    }

  g_strfreev (*out);
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_hook (JsonObject  *hooks,
           const char  *prefix,
           TwHookKind   kind,
           Document    *doc,
           char       **fingerprint,
           GError     **error)
{
  const char *key = tw_hook_kind_to_string (kind);
  g_autofree char *path = join_path (prefix, key);
  JsonNode *node;
  JsonObject *hook;

  if (!find_member (hooks, prefix, key, JSON_TYPE_OBJECT, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  hook = json_node_get_object (node);
  if (!read_boolean (hook, path, "enabled", &doc->enabled[kind], error) ||
      !read_string (hook, path, "url", FALSE, &doc->urls[kind], error))
    return FALSE;
  if (kind == TW_HOOK_ORDER)
    doc->enabled[kind] = TRUE;

  return fingerprint == NULL ||
         read_string (hook, path, "secret_fingerprint", FALSE, fingerprint, error);
}

static gboolean
read_document (JsonObject  *object,
               const char  *prefix,
               Document    *doc,
               char       **fingerprints,
               GError     **error)
{
  g_autofree char *hooks_path = join_path (prefix, "sync_webhook");
  JsonNode *node;

  if (!read_warehouses (object, prefix, &doc->warehouses, error) ||
      !find_member (object, prefix, "sync_webhook", JSON_TYPE_OBJECT, FALSE, &node, error))
    return FALSE;

  for (guint i = 0; node != NULL && i < TW_N_HOOKS; i++)
    {
      if (!read_hook (json_node_get_object (node), hooks_path, i, doc,
                      fingerprints != NULL ? &fingerprints[i] : NULL, error))
        return FALSE;
    }

  return read_string (object, prefix, "external_partner_id", FALSE, &doc->partner_id, error);
}

/* In UTC, as it is written back; NULL when @text is no ISO 8601 time or
 * leaves the years 1 to 9999 once in UTC ("0001-01-01T00:00+01:00"), which
 * GDateTime cannot hold: saving the profile would then fail. */
static GDateTime *
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  return time != NULL ? g_date_time_to_utc (time) : NULL;
}

static gboolean
read_time (JsonObject  *object,
           const char  *prefix,
           GDateTime  **out,
           GError     **error)
{
  g_autofree char *path = join_path (prefix, "time");
  g_autofree char *value = NULL;

  if (!read_string (object, prefix, "time", TRUE, &value, error))
    return FALSE;

  *out = parse_time (value);
  if (*out == NULL)
    /* Translators: %s is a field of a profile file */
    return fail (error, _("“%s” is not a date and time"), path);
  return TRUE;
}

static gboolean
read_snapshot (JsonObject  *root,
               Snapshot   **out,
               GError     **error)
{
  const char *prefix = "last_registration";
  g_autoptr(GError) local_error = NULL;
  Snapshot *snapshot;
  JsonNode *node;

  if (!find_member (root, NULL, prefix, JSON_TYPE_OBJECT, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  snapshot = snapshot_new ();
  if (!read_time (json_node_get_object (node), prefix, &snapshot->time, &local_error) ||
      !read_string (json_node_get_object (node), prefix, "request_id", FALSE,
                    &snapshot->request_id, &local_error) ||
      !read_environment (json_node_get_object (node), prefix, &snapshot->environment,
                         &local_error) ||
      !read_string (json_node_get_object (node), prefix, "base_url", FALSE,
                    &snapshot->base_url, &local_error) ||
      !read_document (json_node_get_object (node), prefix, &snapshot->doc,
                      snapshot->fingerprints, &local_error))
    {
      snapshot_free (snapshot);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *out = snapshot;
  return TRUE;
}

static gboolean
read_auth (JsonObject  *root,
           TwProfile   *self,
           GError     **error)
{
  g_autofree char *mode = NULL;
  g_autofree char *method = NULL;
  g_autofree char *expires = NULL;
  JsonNode *node;
  JsonObject *auth;
  guint i;

  if (!find_member (root, NULL, "auth", JSON_TYPE_OBJECT, FALSE, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  auth = json_node_get_object (node);
  if (!read_string (auth, "auth", "mode", FALSE, &mode, error) ||
      !read_string (auth, "auth", "client_id", FALSE, &self->client_id, error) ||
      !read_string (auth, "auth", "method", FALSE, &method, error) ||
      !read_string (auth, "auth", "redirect_uri", FALSE, &self->redirect_uri, error) ||
      !read_string (auth, "auth", "scopes", FALSE, &self->scopes, error) ||
      !read_string (auth, "auth", "token_expires_at", FALSE, &expires, error))
    return FALSE;

  for (i = 0; mode != NULL && i < G_N_ELEMENTS (auth_mode_names); i++)
    {
      if (g_strcmp0 (mode, auth_mode_names[i]) == 0)
        break;
    }
  if (mode != NULL && i == G_N_ELEMENTS (auth_mode_names))
    return unknown_value ("auth.mode", mode, error);
  if (mode != NULL)
    self->auth_mode = i;

  if (expires != NULL)
    {
      self->token_expires_at = parse_time (expires);
      if (self->token_expires_at == NULL)
        /* Translators: %s is a field of a profile file */
        return fail (error, _("“%s” is not a date and time"), "auth.token_expires_at");
    }

  if (method != NULL && !tw_auth_method_from_string (method, &self->auth_method))
    return unknown_value ("auth.method", method, error);

  return TRUE;
}

static gboolean
read_format (JsonObject  *root,
             GError     **error)
{
  JsonNode *node;
  gint64 format;

  if (!find_member (root, NULL, "format", G_TYPE_INT64, TRUE, &node, error))
    return FALSE;

  format = json_node_get_int (node);
  if (format > PROFILE_FORMAT)
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %d is a version number of the file format */
                   _("The profile was written by a newer version of Tiki Webhooks (format %d)"),
                   (int) MIN (format, G_MAXINT));
      return FALSE;
    }
  if (format < 1)
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, format);

      return unknown_value ("format", value, error);
    }
  return TRUE;
}

static gboolean
read_name (JsonObject  *root,
           TwProfile   *self,
           GError     **error)
{
  g_autofree char *problem = NULL;

  if (!read_string (root, NULL, "name", TRUE, &self->name, error))
    return FALSE;

  problem = tw_profile_check_name (self->name);
  if (problem != NULL)
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s explains what is wrong with a name */
                   _("“name”: %s"), problem);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_profile (JsonObject  *root,
              TwProfile   *self,
              GError     **error)
{
  return read_format (root, error) &&
         read_name (root, self, error) &&
         read_environment (root, NULL, &self->environment, error) &&
         read_string (root, NULL, "base_url", FALSE, &self->base_url, error) &&
         read_auth (root, self, error) &&
         read_document (root, NULL, &self->doc, NULL, error) &&
         read_snapshot (root, &self->snapshot, error);
}

static gboolean
check_data (const char  *data,
            gsize        length,
            GError     **error)
{
  const char *message = NULL;
  TwJsonShape shape;

  if (length > TW_PROFILE_MAX_FILE_SIZE)
    message = _("The file is too large to be a profile");
  else if (length == 0)
    message = _("The file is empty");
  else if (!g_utf8_validate_len (data, length, NULL))
    message = _("The file is not valid UTF-8 text");
  else if ((shape = tw_json_check_shape (data, length, MAX_DEPTH)) == TW_JSON_SHAPE_TOO_DEEP)
    message = _("The file is nested too deeply to be a profile");
  else if (shape == TW_JSON_SHAPE_NOT_PLAIN)
    /* json-glib would take comments and single quotes, where a bracket
     * may or may not nest: only plain JSON is measured right. */
    message = _("The file is not plain JSON: it has comments, single quotes or a broken string");

  if (message != NULL)
    g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT, message);
  return message == NULL;
}

static JsonNode *
parse_json (const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      /* json-glib cuts the text it quotes at a byte count, maybe inside a
       * character; the message goes to labels and to JSON output. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is the parser's description of the error */
                   _("The file is not valid JSON: %s"), detail);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The file is not a profile: it does not hold a JSON object"));
      return NULL;
    }

  return json_node_ref (root);
}

/* Diffs */

static void
add_change (GPtrArray    *changes,
            const char   *field,
            TwChangeKind  kind,
            const char   *old_value,
            const char   *new_value,
            char         *description)
{
  TwChange *change = g_new0 (TwChange, 1);

  change->field = g_strdup (field);
  change->kind = kind;
  change->old_value = g_strdup (old_value);
  change->new_value = g_strdup (new_value);
  change->description = description;
  g_ptr_array_add (changes, change);
}

static void
diff_environment (TwProfile *self,
                  GPtrArray *changes)
{
  Snapshot *snapshot = self->snapshot;

  if (snapshot->environment != self->environment)
    add_change (changes, "environment", TW_CHANGE_CHANGED,
                tw_environment_to_string (snapshot->environment),
                tw_environment_to_string (self->environment),
                /* Translators: both %s are environments, e.g. "Production" */
                g_strdup_printf (_("Environment changed from %s to %s"),
                                 tw_environment_get_title (snapshot->environment),
                                 tw_environment_get_title (self->environment)));
  else if (self->environment == TW_ENVIRONMENT_CUSTOM &&
           g_strcmp0 (snapshot->base_url, self->base_url) != 0)
    add_change (changes, "environment", TW_CHANGE_CHANGED,
                snapshot->base_url, self->base_url,
                /* Translators: both %s are URLs */
                g_strdup_printf (_("Custom API address changed from “%s” to “%s”"),
                                 snapshot->base_url, self->base_url));
}

static gboolean
strv_has_code (const char * const *codes,
               const char         *code)
{
  for (guint i = 0; codes[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (codes[i], code) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
diff_warehouses (const char * const *before,
                 const char * const *now,
                 GPtrArray          *changes)
{
  for (guint i = 0; before[i] != NULL; i++)
    {
      if (!strv_has_code (now, before[i]))
        add_change (changes, "sync_inventory_location", TW_CHANGE_REMOVED, before[i], NULL,
                    /* Translators: %s is a warehouse code, e.g. "sgn" */
                    g_strdup_printf (_("Warehouse “%s” removed"), before[i]));
    }

  for (guint i = 0; now[i] != NULL; i++)
    {
      if (!strv_has_code (before, now[i]))
        add_change (changes, "sync_inventory_location", TW_CHANGE_ADDED, NULL, now[i],
                    /* Translators: %s is a warehouse code, e.g. "sgn" */
                    g_strdup_printf (_("Warehouse “%s” added"), now[i]));
    }
}

static char *
describe_secret_change (const char *title,
                        const char *before,
                        const char *now)
{
  if (before == NULL)
    /* Translators: the first %s is a webhook ("Stock"), the second a
     * fingerprint of a secret key, e.g. "sjYK…1a2b3c4d" */
    return g_strdup_printf (_("%s webhook: secret key set (%s)"), title, now);
  if (now == NULL)
    /* Translators: the first %s is a webhook ("Stock"), the second a
     * fingerprint of a secret key, e.g. "sjYK…1a2b3c4d" */
    return g_strdup_printf (_("%s webhook: secret key %s removed"), title, before);

  /* Translators: the first %s is a webhook ("Stock"), the others are
   * fingerprints of secret keys, e.g. "sjYK…1a2b3c4d" */
  return g_strdup_printf (_("%s webhook: secret key changed from %s to %s"),
                          title, before, now);
}

static TwChangeKind
presence_change (const char *before,
                 const char *now)
{
  if (before == NULL || *before == '\0')
    return TW_CHANGE_ADDED;
  if (now == NULL || *now == '\0')
    return TW_CHANGE_REMOVED;
  return TW_CHANGE_CHANGED;
}

static void
diff_live_hook (Snapshot   *snapshot,
                TwHook     *hook,
                GPtrArray  *changes)
{
  TwHookKind kind = tw_hook_get_kind (hook);
  const char *title = tw_hook_kind_get_title (kind);
  const char *before_url = snapshot->doc.urls[kind];
  const char *now_url = tw_hook_get_url (hook);
  const char *before_fp = snapshot->fingerprints[kind];
  g_autofree char *now_fp = fingerprint_or_null (tw_hook_get_secret_key (hook));
  const char *url_field = tw_hook_field_name (kind, TW_HOOK_FIELD_URL);
  const char *key_field = tw_hook_field_name (kind, TW_HOOK_FIELD_SECRET_KEY);

  if (g_strcmp0 (before_url, now_url) != 0)
    add_change (changes, url_field, TW_CHANGE_CHANGED, before_url, now_url,
                /* Translators: the first %s is a webhook ("Stock"), the
                 * others are URLs */
                g_strdup_printf (_("%s webhook: URL changed from “%s” to “%s”"),
                                 title, before_url, now_url));

  if (g_strcmp0 (before_fp, now_fp) != 0)
    add_change (changes, key_field, presence_change (before_fp, now_fp), before_fp, now_fp,
                describe_secret_change (title, before_fp, now_fp));
}

static void
diff_hook (Snapshot   *snapshot,
           TwHook     *hook,
           GPtrArray  *changes)
{
  TwHookKind kind = tw_hook_get_kind (hook);
  const char *title = tw_hook_kind_get_title (kind);
  g_autofree char *field = g_strdup_printf ("sync_webhook.%s", tw_hook_kind_to_string (kind));
  gboolean before = snapshot->doc.enabled[kind];
  gboolean now = tw_hook_get_enabled (hook);

  if (before && now)
    diff_live_hook (snapshot, hook, changes);
  else if (now)
    add_change (changes, field, TW_CHANGE_ENABLED, NULL, tw_hook_get_url (hook),
                /* Translators: %s is a webhook, e.g. "Stock" */
                g_strdup_printf (_("%s webhook switched on"), title));
  else if (before)
    add_change (changes, field, TW_CHANGE_DISABLED, snapshot->doc.urls[kind], NULL,
                /* Translators: %s is a webhook, e.g. "Stock" */
                g_strdup_printf (_("%s webhook switched off"), title));
}

static void
diff_partner_id (const char *before,
                 const char *now,
                 GPtrArray  *changes)
{
  TwChangeKind kind = presence_change (before, now);
  char *description;

  if (g_strcmp0 (before, now) == 0)
    return;

  if (kind == TW_CHANGE_ADDED)
    /* Translators: %s is the seller's shop ID or shop code */
    description = g_strdup_printf (_("Shop ID set to “%s”"), now);
  else if (kind == TW_CHANGE_REMOVED)
    /* Translators: %s is the seller's shop ID or shop code */
    description = g_strdup_printf (_("Shop ID “%s” removed"), before);
  else
    /* Translators: both %s are shop IDs or shop codes */
    description = g_strdup_printf (_("Shop ID changed from “%s” to “%s”"), before, now);

  add_change (changes, "external_partner_id", kind,
              *before != '\0' ? before : NULL, *now != '\0' ? now : NULL, description);
}

/* Properties */

static void
notify (TwProfile *self,
        guint      prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string (TwProfile   *self,
            char       **field,
            const char  *value,
            guint        prop_id)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  notify (self, prop_id);
}

static void
tw_profile_finalize (GObject *object)
{
  TwProfile *self = TW_PROFILE (object);

  g_free (self->name);
  g_free (self->base_url);
  g_free (self->client_id);
  g_free (self->redirect_uri);
  g_free (self->scopes);
  g_clear_pointer (&self->token_expires_at, g_date_time_unref);
  document_clear (&self->doc);
  g_clear_pointer (&self->snapshot, snapshot_free);
  g_free (self->problem);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (tw_profile_parent_class)->finalize (object);
}

static void
tw_profile_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TwProfile *self = TW_PROFILE (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_enum (value, self->environment);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_AUTH_MODE:
      g_value_set_enum (value, self->auth_mode);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_AUTH_METHOD:
      g_value_set_enum (value, self->auth_method);
      break;
    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;
    case PROP_SCOPES:
      g_value_set_string (value, self->scopes);
      break;
    case PROP_TOKEN_EXPIRES_AT:
      g_value_set_boxed (value, self->token_expires_at);
      break;
    case PROP_LAST_REGISTERED:
      g_value_set_boxed (value, tw_profile_get_last_registered (self));
      break;
    case PROP_LAST_REQUEST_ID:
      g_value_set_string (value, tw_profile_get_last_request_id (self));
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_profile_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TwProfile *self = TW_PROFILE (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      tw_profile_set_environment (self, g_value_get_enum (value));
      break;
    case PROP_BASE_URL:
      tw_profile_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_AUTH_MODE:
      tw_profile_set_auth_mode (self, g_value_get_enum (value));
      break;
    case PROP_CLIENT_ID:
      tw_profile_set_client_id (self, g_value_get_string (value));
      break;
    case PROP_AUTH_METHOD:
      tw_profile_set_auth_method (self, g_value_get_enum (value));
      break;
    case PROP_REDIRECT_URI:
      tw_profile_set_redirect_uri (self, g_value_get_string (value));
      break;
    case PROP_SCOPES:
      tw_profile_set_scopes (self, g_value_get_string (value));
      break;
    case PROP_TOKEN_EXPIRES_AT:
      tw_profile_set_token_expires_at (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_param (const char  *name,
              GParamFlags  access)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              access | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
tw_profile_class_init (TwProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tw_profile_finalize;
  object_class->get_property = tw_profile_get_property;
  object_class->set_property = tw_profile_set_property;

  properties[PROP_NAME] = string_param ("name", G_PARAM_READABLE);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL,
                       TW_TYPE_ENVIRONMENT, TW_ENVIRONMENT_PRODUCTION, rw);
  properties[PROP_BASE_URL] = string_param ("base-url", G_PARAM_READWRITE);
  properties[PROP_AUTH_MODE] =
    g_param_spec_enum ("auth-mode", NULL, NULL,
                       TW_TYPE_AUTH_MODE, TW_AUTH_MODE_ACCESS_TOKEN, rw);
  properties[PROP_CLIENT_ID] = string_param ("client-id", G_PARAM_READWRITE);
  properties[PROP_AUTH_METHOD] =
    g_param_spec_enum ("auth-method", NULL, NULL,
                       TW_TYPE_AUTH_METHOD, TW_AUTH_METHOD_BASIC, rw);
  properties[PROP_REDIRECT_URI] = string_param ("redirect-uri", G_PARAM_READWRITE);
  properties[PROP_SCOPES] = string_param ("scopes", G_PARAM_READWRITE);
  properties[PROP_TOKEN_EXPIRES_AT] =
    g_param_spec_boxed ("token-expires-at", NULL, NULL, G_TYPE_DATE_TIME, rw);
  properties[PROP_LAST_REGISTERED] =
    g_param_spec_boxed ("last-registered", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_REQUEST_ID] = string_param ("last-request-id", G_PARAM_READABLE);
  properties[PROP_PROBLEM] = string_param ("problem", G_PARAM_READABLE);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_profile_init (TwProfile *self)
{
  self->name = g_strdup ("");
  self->base_url = g_strdup ("");
  self->client_id = g_strdup ("");
  self->redirect_uri = g_strdup ("");
  self->scopes = g_strdup ("");
  self->environment = TW_ENVIRONMENT_PRODUCTION;
  document_init (&self->doc);
}

/* TwChange */

TwChange *
tw_change_copy (const TwChange *change)
{
  TwChange *copy;

  g_return_val_if_fail (change != NULL, NULL);

  copy = g_new0 (TwChange, 1);
  copy->field = g_strdup (change->field);
  copy->kind = change->kind;
  copy->old_value = g_strdup (change->old_value);
  copy->new_value = g_strdup (change->new_value);
  copy->description = g_strdup (change->description);
  return copy;
}

void
tw_change_free (TwChange *change)
{
  if (change == NULL)
    return;

  g_free (change->field);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change->description);
  g_free (change);
}

/* Private API */

TwProfile *
tw_profile_new_broken (GFile      *file,
                       const char *problem)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (basename);
  TwProfile *self = g_object_new (TW_TYPE_PROFILE, NULL);

  g_free (self->name);
  self->name = g_steal_pointer (&display);
  self->problem = g_strdup (problem);
  self->file = g_object_ref (file);
  return self;
}

void
tw_profile_set_name (TwProfile  *self,
                     const char *name)
{
  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail (name != NULL);

  set_string (self, &self->name, name, PROP_NAME);
}

void
tw_profile_set_file (TwProfile *self,
                     GFile     *file)
{
  g_return_if_fail (TW_IS_PROFILE (self));

  if (g_set_object (&self->file, file))
    notify (self, PROP_FILE);
}

/* Public API */

/**
 * tw_profile_new:
 * @name: a valid name (see tw_profile_check_name())
 *
 * Returns: (transfer full): a profile for Production, pasted-token mode,
 *   with the defaults of a new registration and never registered
 */
TwProfile *
tw_profile_new (const char *name)
{
  TwProfile *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (TW_TYPE_PROFILE, NULL);
  g_free (self->name);
  self->name = g_strdup (name);
  return self;
}

/**
 * tw_profile_new_from_json:
 * @data: the contents of a profile file
 * @length: its length, or -1 when it ends with a NUL
 * @error: return location for a TW_ERROR_INVALID_INPUT
 *
 * Returns: (transfer full) (nullable): the profile, or %NULL with @error set
 */
TwProfile *
tw_profile_new_from_json (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(TwProfile) self = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);

  if (!check_data (data, length, error))
    return NULL;

  root = parse_json (data, length, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (TW_TYPE_PROFILE, NULL);
  if (!read_profile (json_node_get_object (root), self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * tw_profile_to_json:
 * @self: a #TwProfile
 *
 * Returns: (transfer full): the contents of its file, with no secret
 */
char *
tw_profile_to_json (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return tw_profile_to_json_named (self, self->name);
}

/* The file of @self once renamed to @name. */
char *
tw_profile_to_json_named (TwProfile  *self,
                          const char *name)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  root = build_json (self, name);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}

/**
 * tw_profile_duplicate:
 * @self: a #TwProfile, not broken
 * @name: the name of the copy
 *
 * Returns: (transfer full): a copy that was never registered nor saved
 */
TwProfile *
tw_profile_duplicate (TwProfile  *self,
                      const char *name)
{
  TwProfile *copy;

  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  copy = tw_profile_new (name);
  copy->environment = self->environment;
  g_free (copy->base_url);
  copy->base_url = g_strdup (self->base_url);
  copy->auth_mode = self->auth_mode;
  g_free (copy->client_id);
  copy->client_id = g_strdup (self->client_id);
  copy->auth_method = self->auth_method;
  g_free (copy->redirect_uri);
  copy->redirect_uri = g_strdup (self->redirect_uri);
  g_free (copy->scopes);
  copy->scopes = g_strdup (self->scopes);
  /* The login's expiry stays behind: the copy has no tokens. */
  document_copy (&copy->doc, &self->doc);
  return copy;
}

const char *
tw_profile_get_name (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->name;
}

TwEnvironment
tw_profile_get_environment (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), TW_ENVIRONMENT_PRODUCTION);

  return self->environment;
}

void
tw_profile_set_environment (TwProfile     *self,
                            TwEnvironment  environment)
{
  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail ((guint) environment < TW_N_ENVIRONMENTS);

  if (self->environment == environment)
    return;
  self->environment = environment;
  notify (self, PROP_ENVIRONMENT);
}

const char *
tw_profile_get_base_url (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->base_url;
}

void
tw_profile_set_base_url (TwProfile  *self,
                         const char *base_url)
{
  g_return_if_fail (TW_IS_PROFILE (self));

  set_string (self, &self->base_url, base_url, PROP_BASE_URL);
}

TwAuthMode
tw_profile_get_auth_mode (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), TW_AUTH_MODE_ACCESS_TOKEN);

  return self->auth_mode;
}

void
tw_profile_set_auth_mode (TwProfile  *self,
                          TwAuthMode  mode)
{
  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail (mode == TW_AUTH_MODE_ACCESS_TOKEN ||
                    mode == TW_AUTH_MODE_CLIENT_CREDENTIALS ||
                    mode == TW_AUTH_MODE_PUBLIC_APP);

  if (self->auth_mode == mode)
    return;
  self->auth_mode = mode;
  notify (self, PROP_AUTH_MODE);
}

const char *
tw_profile_get_client_id (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->client_id;
}

void
tw_profile_set_client_id (TwProfile  *self,
                          const char *client_id)
{
  g_return_if_fail (TW_IS_PROFILE (self));

  set_string (self, &self->client_id, client_id, PROP_CLIENT_ID);
}

TwAuthMethod
tw_profile_get_auth_method (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), TW_AUTH_METHOD_BASIC);

  return self->auth_method;
}

void
tw_profile_set_auth_method (TwProfile    *self,
                            TwAuthMethod  method)
{
  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail (method == TW_AUTH_METHOD_BASIC || method == TW_AUTH_METHOD_POST);

  if (self->auth_method == method)
    return;
  self->auth_method = method;
  notify (self, PROP_AUTH_METHOD);
}

const char *
tw_profile_get_redirect_uri (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->redirect_uri;
}

void
tw_profile_set_redirect_uri (TwProfile  *self,
                             const char *redirect_uri)
{
  g_return_if_fail (TW_IS_PROFILE (self));

  set_string (self, &self->redirect_uri, redirect_uri, PROP_REDIRECT_URI);
}

const char *
tw_profile_get_scopes (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->scopes;
}

void
tw_profile_set_scopes (TwProfile  *self,
                       const char *scopes)
{
  g_return_if_fail (TW_IS_PROFILE (self));

  set_string (self, &self->scopes, scopes, PROP_SCOPES);
}

/**
 * tw_profile_get_token_expires_at:
 *
 * Returns: (transfer none) (nullable): when the login's access token
 *   expires
 */
GDateTime *
tw_profile_get_token_expires_at (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->token_expires_at;
}

void
tw_profile_set_token_expires_at (TwProfile *self,
                                 GDateTime *expires_at)
{
  g_return_if_fail (TW_IS_PROFILE (self));

  if (self->token_expires_at == expires_at ||
      (self->token_expires_at != NULL && expires_at != NULL &&
       g_date_time_equal (self->token_expires_at, expires_at)))
    return;

  g_clear_pointer (&self->token_expires_at, g_date_time_unref);
  if (expires_at != NULL)
    self->token_expires_at = g_date_time_ref (expires_at);
  notify (self, PROP_TOKEN_EXPIRES_AT);
}

const char * const *
tw_profile_get_warehouses (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return (const char * const *) self->doc.warehouses;
}

const char *
tw_profile_get_hook_url (TwProfile  *self,
                         TwHookKind  kind)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);
  g_return_val_if_fail ((guint) kind < TW_N_HOOKS, NULL);

  return self->doc.urls[kind];
}

gboolean
tw_profile_get_hook_enabled (TwProfile  *self,
                             TwHookKind  kind)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), FALSE);
  g_return_val_if_fail ((guint) kind < TW_N_HOOKS, FALSE);

  return self->doc.enabled[kind];
}

const char *
tw_profile_get_partner_id (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->doc.partner_id;
}

/**
 * tw_profile_get_last_registered:
 *
 * Returns: (transfer none) (nullable): when the last successful
 *   registration happened, or %NULL if there was none
 */
GDateTime *
tw_profile_get_last_registered (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->snapshot != NULL ? self->snapshot->time : NULL;
}

const char *
tw_profile_get_last_request_id (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->snapshot != NULL ? self->snapshot->request_id : NULL;
}

const char *
tw_profile_get_problem (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->problem;
}

gboolean
tw_profile_is_broken (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), FALSE);

  return self->problem != NULL;
}

/**
 * tw_profile_get_file:
 *
 * Returns: (transfer none) (nullable): the file of the profile
 */
GFile *
tw_profile_get_file (TwProfile *self)
{
  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);

  return self->file;
}

void
tw_profile_apply (TwProfile      *self,
                  TwAuth         *auth,
                  TwRegistration *registration)
{
  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail (auth == NULL || TW_IS_AUTH (auth));
  g_return_if_fail (registration == NULL || TW_IS_REGISTRATION (registration));

  if (auth != NULL)
    {
      tw_auth_set_mode (auth, self->auth_mode);
      tw_auth_set_client_id (auth, *self->client_id != '\0' ? self->client_id : NULL);
      tw_auth_set_auth_method (auth, self->auth_method);
      tw_auth_set_redirect_uri (auth, self->redirect_uri);
      tw_auth_set_scopes (auth, self->scopes);
      if (self->auth_mode == TW_AUTH_MODE_PUBLIC_APP)
        tw_auth_set_expires_at (auth, self->token_expires_at);
    }

  if (registration == NULL)
    return;

  tw_registration_set_flavour (registration, tw_environment_get_flavour (self->environment));
  tw_registration_set_warehouses (registration, (const char * const *) self->doc.warehouses);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      TwHook *hook = tw_registration_get_hook (registration, i);

      tw_hook_set_enabled (hook, self->doc.enabled[i]);
      tw_hook_set_url (hook, self->doc.urls[i]);
    }
  tw_registration_set_partner_id (registration, self->doc.partner_id);
}

void
tw_profile_capture (TwProfile      *self,
                    TwAuth         *auth,
                    TwRegistration *registration)
{
  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail (auth == NULL || TW_IS_AUTH (auth));
  g_return_if_fail (registration == NULL || TW_IS_REGISTRATION (registration));

  if (auth != NULL)
    {
      tw_profile_set_auth_mode (self, tw_auth_get_mode (auth));
      tw_profile_set_client_id (self, tw_auth_get_client_id (auth));
      tw_profile_set_auth_method (self, tw_auth_get_auth_method (auth));
      tw_profile_set_redirect_uri (self, tw_auth_get_redirect_uri (auth));
      tw_profile_set_scopes (self, tw_auth_get_scopes (auth));
      /* Only a login's expiry is worth keeping: its token is in the
       * keyring, a granted one is not. */
      tw_profile_set_token_expires_at (self, tw_auth_get_mode (auth) == TW_AUTH_MODE_PUBLIC_APP &&
                                       tw_auth_has_token (auth)
                                       ? tw_auth_get_expires_at (auth) : NULL);
    }

  if (registration != NULL)
    document_capture (&self->doc, registration);
}

void
tw_profile_record_registration (TwProfile      *self,
                                TwRegistration *registration,
                                const char     *request_id,
                                GDateTime      *time)
{
  Snapshot *snapshot;

  g_return_if_fail (TW_IS_PROFILE (self));
  g_return_if_fail (TW_IS_REGISTRATION (registration));

  snapshot = snapshot_new ();
  document_capture (&snapshot->doc, registration);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      TwHook *hook = tw_registration_get_hook (registration, i);

      snapshot->fingerprints[i] = fingerprint_or_null (tw_hook_get_secret_key (hook));
    }
  snapshot->environment = self->environment;
  g_free (snapshot->base_url);
  snapshot->base_url = g_strdup (self->base_url);
  snapshot->request_id = g_strdup (request_id);
  snapshot->time = time != NULL ? g_date_time_ref (time) : g_date_time_new_now_utc ();

  g_clear_pointer (&self->snapshot, snapshot_free);
  self->snapshot = snapshot;
  notify (self, PROP_LAST_REGISTERED);
  notify (self, PROP_LAST_REQUEST_ID);
}

GPtrArray *
tw_profile_diff (TwProfile      *self,
                 TwRegistration *registration)
{
  GPtrArray *changes;

  g_return_val_if_fail (TW_IS_PROFILE (self), NULL);
  g_return_val_if_fail (TW_IS_REGISTRATION (registration), NULL);

  if (self->snapshot == NULL)
    return NULL;

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_change_free);
  diff_environment (self, changes);
  diff_warehouses ((const char * const *) self->snapshot->doc.warehouses,
                   tw_registration_get_warehouses (registration), changes);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    diff_hook (self->snapshot, tw_registration_get_hook (registration, i), changes);
  diff_partner_id (self->snapshot->doc.partner_id,
                   tw_registration_get_partner_id (registration), changes);

  return changes;
}

char *
tw_profile_describe_diff (GPtrArray *changes)
{
  if (changes == NULL)
    return g_strdup (_("Never registered with this profile"));
  if (changes->len == 0)
    return g_strdup (_("No changes since the last registration"));

  return g_strdup_printf (ngettext ("%u change since the last registration",
                                    "%u changes since the last registration",
                                    changes->len),
                          changes->len);
}

char *
tw_profile_check_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return g_strdup (_("The name is empty"));
  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup (_("The name is not valid UTF-8 text"));
  if (g_utf8_strlen (name, -1) > TW_PROFILE_MAX_NAME_LENGTH)
    return g_strdup_printf (ngettext ("The name is longer than %d character",
                                      "The name is longer than %d characters",
                                      TW_PROFILE_MAX_NAME_LENGTH),
                            TW_PROFILE_MAX_NAME_LENGTH);

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT ||
          c == 0x2028 || c == 0x2029)
        return g_strdup (_("The name contains control characters"));
    }

  if (g_unichar_isspace (g_utf8_get_char (name)) ||
      g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (name + strlen (name)))))
    return g_strdup (_("The name starts or ends with a space"));

  return NULL;
}
