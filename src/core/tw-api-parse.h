/* tw-api-parse.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "tw-api-result.h"

G_BEGIN_DECLS

/* Readers of untrusted server answers: pure functions without I/O, shared
 * by the API client and the fuzz targets in fuzz/. */

/* The root of @data (@length bytes, not necessarily NUL-terminated) when
 * it is a JSON object, else NULL. Free with json_node_unref(). */
JsonNode *tw_api_parse_object      (const char  *data,
                                    gsize        length);

/* Fills "success", "message-code", "message", "message-en" and
 * "request-id" of @result from either TNSL envelope
 * ({success, error{message_code, message}, meta_data|metadata{request_id}}
 * or {errors[{code, message, message_en}]}) or the OAuth server's error
 * shape ({error, error_description}). Members of the wrong type are
 * ignored. @result must be a fresh result of tw-api-client. */
void      tw_api_parse_envelope    (TwApiResult *result,
                                    JsonObject  *object);

/**
 * TwTokenResponse:
 * @access_token: (nullable): the access token (a secret)
 * @refresh_token: (nullable): the refresh token (a secret), when granted
 * @expires_in: lifetime in seconds, 0 when unknown
 * @token_type: (nullable): e.g. "bearer"
 * @scope: (nullable): the granted scopes, space-separated
 *
 * The members of an OAuth2 token response.
 */
typedef struct
{
  char   *access_token;
  char   *refresh_token;
  gint64  expires_in;
  char   *token_type;
  char   *scope;
} TwTokenResponse;

/* Reads a token response into @response (zeroed by the caller); FALSE,
 * with @response left empty, when there is no non-empty access token. */
gboolean  tw_token_response_parse  (JsonObject      *object,
                                    TwTokenResponse *response);
/* Wipes the secrets and frees the members. */
void      tw_token_response_clear  (TwTokenResponse *response);
/* @root serialised with every secret member (access, refresh and id
 * token) replaced by "[redacted]"; @root is changed. */
char     *tw_token_response_redact (JsonNode        *root);

G_END_DECLS
