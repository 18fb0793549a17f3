/* tw-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TW_ERROR (tw_error_quark ())

/**
 * TwErrorCode:
 *
 * The small set of failures the UI and the CLI explain to the user.
 *
 * @TW_ERROR_INCOMPLETE_RESPONSE: the server began to answer, then the
 *   connection closed before the answer was complete. Unlike
 *   @TW_ERROR_CANNOT_CONNECT the request reached the server, which may have
 *   acted on it, so it is never sent again automatically.
 */
typedef enum
{
  TW_ERROR_INVALID_TOKEN,
  TW_ERROR_REJECTED,
  TW_ERROR_RATE_LIMITED,
  TW_ERROR_SERVER_ERROR,
  TW_ERROR_CANNOT_CONNECT,
  TW_ERROR_TLS,
  TW_ERROR_TIMED_OUT,
  TW_ERROR_CANCELLED,
  TW_ERROR_BAD_RESPONSE,
  TW_ERROR_INVALID_INPUT,
  TW_ERROR_BUSY,
  TW_ERROR_AUTH_FAILED,
  TW_ERROR_INCOMPLETE_RESPONSE,
} TwErrorCode;

GQuark      tw_error_quark   (void);
const char *tw_error_explain (TwErrorCode code);
const char *tw_error_nick    (TwErrorCode code);

G_END_DECLS
