/* tw-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-error"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-error.h"

G_DEFINE_QUARK (tw-error-quark, tw_error)

/**
 * tw_error_explain:
 * @code: a #TwErrorCode
 *
 * Returns: (transfer none): a translated, plain-language sentence that says
 *   what went wrong and what the user can do next.
 */
const char *
tw_error_explain (TwErrorCode code)
{
  switch (code)
    {
    case TW_ERROR_INVALID_TOKEN:
      return _("The access token was refused. It may have expired: get a new token and try again.");
    case TW_ERROR_REJECTED:
      return _("TikiNOW rejected the request. Check the message below, correct the form and try again.");
    case TW_ERROR_RATE_LIMITED:
      return _("Too many requests were sent. Wait a moment before trying again.");
    case TW_ERROR_SERVER_ERROR:
      return _("The TikiNOW server had a problem. Try again later; if it persists, contact Tiki support with the request ID.");
    case TW_ERROR_CANNOT_CONNECT:
      return _("Could not connect to the server. Check your internet connection and the server address.");
    case TW_ERROR_TLS:
      return _("The server’s security certificate could not be verified, so nothing was sent. Check the server address.");
    case TW_ERROR_TIMED_OUT:
      return _("The server did not answer in time. Try again, or raise the timeout in Preferences.");
    case TW_ERROR_CANCELLED:
      return _("The request was cancelled.");
    case TW_ERROR_BAD_RESPONSE:
      return _("The server sent an answer that could not be understood. Try again later.");
    case TW_ERROR_INVALID_INPUT:
      return _("Some fields are not valid. Correct them and try again.");
    case TW_ERROR_BUSY:
      return _("A registration for this profile is already running. Wait for it to finish or cancel it.");
    case TW_ERROR_AUTH_FAILED:
      return _("Could not get an access token. Check the client ID, client secret and authentication method.");
    case TW_ERROR_INCOMPLETE_RESPONSE:
      return _("The server’s answer was cut off: the connection closed before all of it arrived. The request did reach the server, so it was not sent again automatically.");
    default:
      return _("Something went wrong.");
    }
}

/**
 * tw_error_nick:
 * @code: a #TwErrorCode
 *
 * Returns: (transfer none): a stable, untranslated identifier such as
 *   `"invalid-token"`, for JSON output and history.
 */
const char *
tw_error_nick (TwErrorCode code)
{
  static const char * const nicks[] = {
    [TW_ERROR_INVALID_TOKEN] = "invalid-token",
    [TW_ERROR_REJECTED] = "rejected",
    [TW_ERROR_RATE_LIMITED] = "rate-limited",
    [TW_ERROR_SERVER_ERROR] = "server-error",
    [TW_ERROR_CANNOT_CONNECT] = "cannot-connect",
    [TW_ERROR_TLS] = "tls",
    [TW_ERROR_TIMED_OUT] = "timed-out",
    [TW_ERROR_CANCELLED] = "cancelled",
    [TW_ERROR_BAD_RESPONSE] = "bad-response",
    [TW_ERROR_INVALID_INPUT] = "invalid-input",
    [TW_ERROR_BUSY] = "busy",
    [TW_ERROR_AUTH_FAILED] = "auth-failed",
    [TW_ERROR_INCOMPLETE_RESPONSE] = "incomplete-response",
  };

  if ((guint) code < G_N_ELEMENTS (nicks))
    return nicks[code];
  return "unknown";
}
