/* tw-api-parse.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-api-parse"

#include "config.h"

#include <string.h>

#include "tw-api-parse.h"
#include "tw-api-result-private.h"
#include "tw-secret.h"

#define REDACTED "[redacted]"

JsonNode *
tw_api_parse_object (const char *data,
                     gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (data == NULL || length == 0 || length > G_MAXSSIZE)
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_node_ref (root);
}

static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (node));
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
parse_error_list (TwApiResult *result,
                  JsonObject  *object)
{
  JsonNode *node = json_object_get_member (object, "errors");
  JsonArray *errors;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  errors = json_node_get_array (node);
  first = json_array_get_length (errors) > 0 ? json_array_get_element (errors, 0) : NULL;
  if (first == NULL || !JSON_NODE_HOLDS_OBJECT (first))
    return;

  result->message_code = dup_string_member (json_node_get_object (first), "code");
  result->message = dup_string_member (json_node_get_object (first), "message");
  result->message_en = dup_string_member (json_node_get_object (first), "message_en");
}

void
tw_api_parse_envelope (TwApiResult *result,
                       JsonObject  *object)
{
  JsonObject *error = get_object_member (object, "error");
  JsonObject *meta = get_object_member (object, "meta_data");
  JsonNode *success = json_object_get_member (object, "success");

  if (meta == NULL)
    meta = get_object_member (object, "metadata");

  result->success = success != NULL && json_node_get_value_type (success) == G_TYPE_BOOLEAN &&
                    json_node_get_boolean (success);
  result->request_id = dup_string_member (meta, "request_id");

  if (error != NULL)
    {
      result->message_code = dup_string_member (error, "message_code");
      result->message = dup_string_member (error, "message");
    }
  else if (json_object_has_member (object, "errors"))
    parse_error_list (result, object);
  else
    {
      result->message_code = dup_string_member (object, "error");
      result->message = dup_string_member (object, "error_description");
    }
}

static gint64
get_seconds_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = json_object_get_member (object, name);
  double seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return MAX (json_node_get_int (node), 0);
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return 0;

  /* Out-of-range doubles are undefined behaviour when converted. */
  seconds = json_node_get_double (node);
  if (!(seconds > 0) || seconds > (double) G_MAXINT32)
    return 0;
  return (gint64) seconds;
}

gboolean
tw_token_response_parse (JsonObject      *object,
                         TwTokenResponse *response)
{
  g_return_val_if_fail (object != NULL, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  response->access_token = dup_string_member (object, "access_token");
  if (response->access_token == NULL || *response->access_token == '\0')
    {
      tw_token_response_clear (response);
      return FALSE;
    }

  response->refresh_token = dup_string_member (object, "refresh_token");
  if (response->refresh_token != NULL && *response->refresh_token == '\0')
    g_clear_pointer (&response->refresh_token, tw_secret_free);
  response->expires_in = get_seconds_member (object, "expires_in");
  response->token_type = dup_string_member (object, "token_type");
  response->scope = dup_string_member (object, "scope");
  return TRUE;
}

void
tw_token_response_clear (TwTokenResponse *response)
{
  g_clear_pointer (&response->access_token, tw_secret_free);
  g_clear_pointer (&response->refresh_token, tw_secret_free);
  g_clear_pointer (&response->token_type, g_free);
  g_clear_pointer (&response->scope, g_free);
  response->expires_in = 0;
}

char *
tw_token_response_redact (JsonNode *root)
{
  static const char * const secret_members[] = { "access_token", "refresh_token", "id_token" };
  JsonObject *object;

  g_return_val_if_fail (root != NULL && JSON_NODE_HOLDS_OBJECT (root), NULL);

  object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (secret_members); i++)
    if (json_object_has_member (object, secret_members[i]))
      json_object_set_string_member (object, secret_members[i], REDACTED);

  return json_to_string (root, FALSE);
}
