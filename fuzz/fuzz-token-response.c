/* fuzz-token-response.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The reader of an OAuth token endpoint's answer, as take_token() of
 * tw-api-client.c uses it: parse, keep the token, redact the body for the
 * history, wipe. */

#include "config.h"

#include "tw-api-parse.h"
#include "tw-fuzz.h"

#define REDACTED "[redacted]"

/* The redacted body keeps no secret member with its value. */
static void
check_redacted (const char *text)
{
  static const char * const secret_members[] = { "access_token", "refresh_token", "id_token" };
  g_autoptr(JsonNode) again = tw_api_parse_object (text, strlen (text));
  JsonObject *object;

  /* json-glib writes an infinite number as "inf.0", which it cannot read
   * back; then there is nothing to look at. */
  if (again == NULL)
    return;

  object = json_node_get_object (again);
  for (guint i = 0; i < G_N_ELEMENTS (secret_members); i++)
    {
      JsonNode *member = json_object_get_member (object, secret_members[i]);

      if (member != NULL)
        TW_FUZZ_CHECK (g_strcmp0 (json_node_get_string (member), REDACTED) == 0);
    }
}

static void
fuzz_one (const uint8_t *data,
          size_t         size)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *redacted = NULL;
  TwTokenResponse token = { 0 };
  gboolean parsed;

  root = tw_api_parse_object ((const char *) data, size);
  if (root == NULL)
    return;

  parsed = tw_token_response_parse (json_node_get_object (root), &token);
  if (parsed)
    {
      TW_FUZZ_CHECK (token.access_token != NULL && *token.access_token != '\0');
      TW_FUZZ_CHECK (token.refresh_token == NULL || *token.refresh_token != '\0');
      TW_FUZZ_CHECK (token.expires_in >= 0);
      tw_fuzz_check_text (token.access_token);
      tw_fuzz_check_text (token.token_type);
      tw_fuzz_check_text (token.scope);
    }
  else
    {
      /* A refused response leaves nothing behind to leak. */
      TW_FUZZ_CHECK (token.access_token == NULL && token.refresh_token == NULL);
      TW_FUZZ_CHECK (token.token_type == NULL && token.scope == NULL);
    }

  redacted = tw_token_response_redact (root);
  TW_FUZZ_CHECK (redacted != NULL);
  tw_fuzz_check_text (redacted);
  check_redacted (redacted);

  tw_token_response_clear (&token);
  TW_FUZZ_CHECK (token.access_token == NULL && token.refresh_token == NULL);
  TW_FUZZ_CHECK (token.token_type == NULL && token.scope == NULL && token.expires_in == 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  tw_fuzz_init ();
  tw_fuzz_run_on_small_stack (fuzz_one, data, size);
  return 0;
}
