/* tw-api-parse.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-api-parse"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tw-api-parse.h"
#include "tw-api-result-private.h"
#include "tw-error.h"
#include "tw-secret.h"

#define REDACTED "[redacted]"
/* Server answers nest a few levels; anything near this is hostile. */

static gint
hex4_value (const char *data,
            gsize       length,
            gsize       i)
{
  gint value = 0;

  if (length < 4 || i > length - 4)
    return -1;
  for (guint k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (data[i + k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The index after the "\u" escape whose "u" is at @i, or 0 when json-glib
 * may read it differently from JSON: it consumes characters that are not
 * hex digits, and after a high surrogate it reads on, past a closing
 * quote, for the low one. */
static gsize
skip_unicode_escape (const char *data,
                     gsize       length,
                     gsize       i)
{
  gint value = hex4_value (data, length, i + 1);
  gint low;

  if (value < 0 || (value >= 0xDC00 && value <= 0xDFFF))
    return 0;
  if (value < 0xD800 || value > 0xDBFF)
    return i + 5;

  if (i + 6 >= length || data[i + 5] != '\\' || data[i + 6] != 'u')
    return 0;
  low = hex4_value (data, length, i + 7);
  if (low < 0xDC00 || low > 0xDFFF)
    return 0;
  return i + 11;
}

/* The index after the string whose opening quote is at @i, or 0 when it
 * is unterminated or holds an escape JSON does not have. */
static gsize
skip_string (const char *data,
             gsize       length,
             gsize       i)
{
  for (i++; i < length; )
    {
      char c = data[i];

      if (c == '"')
        return i + 1;
      if (c == '\0')
        return 0;
      if (c != '\\')
        {
          i++;
          continue;
        }

      if (++i >= length)
        return 0;
      if (data[i] == 'u')
        i = skip_unicode_escape (data, length, i);
      else if (data[i] != '\0' && strchr ("\"\\/bfnrt", data[i]) != NULL)
        i++;
      else
        i = 0;
      if (i == 0)
        return 0;
    }

  return 0;
}

/**
 * tw_json_check_shape:
 * @data: (array length=length): the text
 * @length: its length in bytes
 * @max_depth: how many arrays and objects may nest
 *
 * Returns: %TW_JSON_SHAPE_PLAIN when json-glib can parse @data without
 *   recursing deeper than @max_depth
 */
TwJsonShape
tw_json_check_shape (const char *data,
                     gsize       length,
                     guint       max_depth)
{
  /* Outside strings: white space, punctuation, numbers, true/false/null.
   * Letters beyond those only make json-glib fail, so they may pass. */
  static const char token_chars[] =
    " \t\r\n{}[],:+-.0123456789"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  guint depth = 0;

  g_return_val_if_fail (data != NULL || length == 0, TW_JSON_SHAPE_NOT_PLAIN);

  for (gsize i = 0; i < length; )
    {
      char c = data[i];

      if (c == '"')
        {
          i = skip_string (data, length, i);
          if (i == 0)
            return TW_JSON_SHAPE_NOT_PLAIN;
          continue;
        }

      if (c == '\0' || strchr (token_chars, c) == NULL)
        return TW_JSON_SHAPE_NOT_PLAIN;
      if ((c == '{' || c == '[') && ++depth > max_depth)
        return TW_JSON_SHAPE_TOO_DEEP;
      if ((c == '}' || c == ']') && depth > 0)
        depth--;
      i++;
    }

  return TW_JSON_SHAPE_PLAIN;
}

gboolean
tw_json_parse (const char  *data,
               gssize       length,
               JsonNode   **root,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize size;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (root != NULL, FALSE);

  *root = NULL;
  size = length < 0 ? strlen (data) : (gsize) length;
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("Not valid JSON: it is not valid UTF-8 text."));
      return FALSE;
    }

  switch (tw_json_check_shape (data, size, TW_JSON_MAX_DEPTH))
    {
    case TW_JSON_SHAPE_PLAIN:
      break;
    case TW_JSON_SHAPE_TOO_DEEP:
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %d is a number of levels, e.g. 64 */
                   _("Not usable JSON: arrays and objects are nested more than %d levels deep."),
                   TW_JSON_MAX_DEPTH);
      return FALSE;
    case TW_JSON_SHAPE_NOT_PLAIN:
    default:
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("Not plain JSON: remove comments and single-quoted strings, "
                             "and close every string."));
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      /* json-glib cuts the text it quotes at a byte count, maybe inside a
       * character. */
      g_autofree char *message = g_utf8_make_valid (local_error->message, -1);

      g_set_error_literal (error, local_error->domain, local_error->code, message);
      return FALSE;
    }

  if (json_parser_get_root (parser) != NULL)
    *root = json_node_ref (json_parser_get_root (parser));
  return TRUE;
}

JsonNode *
tw_api_parse_object (const char *data,
                     gsize       length)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (data == NULL || length == 0 || length > G_MAXSSIZE)
    return NULL;
  if (tw_json_check_shape (data, length, TW_JSON_MAX_DEPTH) != TW_JSON_SHAPE_PLAIN)
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
