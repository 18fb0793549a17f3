/* tw-api-parse.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <json-glib/json-glib.h>

#include "tw-api-result.h"

G_BEGIN_DECLS

/* Readers of untrusted server answers: pure functions without I/O, shared
 * by the API client and the fuzz targets in fuzz/. */

/**
 * TwJsonShape:
 * @TW_JSON_SHAPE_PLAIN: only JSON tokens, nested at most as deep as asked
 * @TW_JSON_SHAPE_TOO_DEEP: arrays and objects nested deeper than asked
 * @TW_JSON_SHAPE_NOT_PLAIN: a comment, a single-quoted string, an escape
 *   that is not JSON's, a NUL byte or another character JSON has not
 *   outside strings, or an unterminated string
 *
 * json-glib parses recursively, without a depth limit: a megabyte of "["
 * overflows the stack. It also reads extensions of JSON (C comments,
 * single-quoted strings, lax escapes) in which a bracket may or may not
 * count, so only plain JSON can be measured reliably before it parses.
 */
typedef enum
{
  TW_JSON_SHAPE_PLAIN,
  TW_JSON_SHAPE_TOO_DEEP,
  TW_JSON_SHAPE_NOT_PLAIN,
} TwJsonShape;

/* Measures @data (@length bytes) without parsing it: check untrusted data
 * with this before json_parser_load_from_data(). */
TwJsonShape tw_json_check_shape   (const char  *data,
                                   gsize        length,
                                   guint        max_depth);

/* How deep a JSON document from outside (a server answer, a payload, a
 * history row) may nest; real TNSL answers nest 3 or 4 levels. */
#define TW_JSON_MAX_DEPTH 64

/* Parses untrusted JSON (@length bytes, or -1 when NUL-terminated):
 * refuses invalid UTF-8 and, before json-glib sees it, data that is not
 * plain or nested deeper than TW_JSON_MAX_DEPTH (TW_ERROR_INVALID_INPUT,
 * translated). json-glib's own errors keep their domain and code, their
 * message made valid UTF-8. *@root is NULL for an empty document. */
gboolean  tw_json_parse            (const char  *data,
                                    gssize       length,
                                    JsonNode   **root,
                                    GError     **error);

/* The root of @data (@length bytes, not necessarily NUL-terminated) when
 * it is plain JSON (see tw_json_check_shape()) nested at most 64 deep whose
 * root is an object, else NULL. Free with json_node_unref(). */
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
