/* fuzz-envelope.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The reader of a TNSL or OAuth server's answer: any bytes a server (or a
 * proxy in front of it) sends go through tw_api_parse_object() and then
 * tw_api_parse_envelope(), as in tw-api-client.c. */

#include "config.h"

#include "tw-api-parse.h"
#include "tw-api-result-private.h"
#include "tw-fuzz.h"

/* How deep json-glib nested to build @node. */
static guint
node_depth (JsonNode *node)
{
  guint deepest = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        deepest = MAX (deepest, node_depth (member));
      return deepest + 1;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        deepest = MAX (deepest, node_depth (json_array_get_element (array, i)));
      return deepest + 1;
    }

  return 0;
}

static void
fuzz_one (const uint8_t *data,
          size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(TwApiResult) result = NULL;

  root = tw_api_parse_object ((const char *) data, size);
  if (root == NULL)
    return;
  TW_FUZZ_CHECK (JSON_NODE_HOLDS_OBJECT (root));

  /* The depth limit is only safe if tw_json_check_shape() sees at least
   * the nesting json-glib builds: one level less must be too deep. */
  TW_FUZZ_CHECK (tw_json_check_shape ((const char *) data, size, node_depth (root) - 1) ==
                 TW_JSON_SHAPE_TOO_DEEP);

  result = tw_api_result_new (TW_API_KIND_REGISTRATION);
  tw_api_parse_envelope (result, json_node_get_object (root));

  /* What the envelope gave is shown in labels, toasts and history. */
  tw_fuzz_check_text (tw_api_result_get_message_code (result));
  tw_fuzz_check_text (tw_api_result_get_message (result));
  tw_fuzz_check_text (tw_api_result_get_message_en (result));
  tw_fuzz_check_text (tw_api_result_get_request_id (result));
  tw_fuzz_check_text (tw_api_result_get_outcome (result));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  tw_fuzz_init ();
  tw_fuzz_run_on_small_stack (fuzz_one, data, size);
  return 0;
}
