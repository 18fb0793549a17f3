/* tw-api-result.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-api-result"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-api-result-private.h"
#include "tw-enums.h"

G_DEFINE_FINAL_TYPE (TwApiResult, tw_api_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_OK,
  PROP_OUTCOME,
  PROP_HTTP_STATUS,
  PROP_SUCCESS,
  PROP_MESSAGE_CODE,
  PROP_MESSAGE,
  PROP_MESSAGE_EN,
  PROP_REQUEST_ID,
  PROP_DURATION_MS,
  PROP_ATTEMPTS,
  PROP_ERROR_MESSAGE,
  PROP_VERDICT,
  PROP_FORGED,
  PROP_TLS_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tw_api_result_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TwApiResult *self = TW_API_RESULT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_OK:
      g_value_set_boolean (value, tw_api_result_get_ok (self));
      break;
    case PROP_OUTCOME:
      g_value_set_string (value, tw_api_result_get_outcome (self));
      break;
    case PROP_HTTP_STATUS:
      g_value_set_uint (value, self->http_status);
      break;
    case PROP_SUCCESS:
      g_value_set_boolean (value, self->success);
      break;
    case PROP_MESSAGE_CODE:
      g_value_set_string (value, self->message_code);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_MESSAGE_EN:
      g_value_set_string (value, self->message_en);
      break;
    case PROP_REQUEST_ID:
      g_value_set_string (value, self->request_id);
      break;
    case PROP_DURATION_MS:
      g_value_set_int64 (value, self->duration_ms);
      break;
    case PROP_ATTEMPTS:
      g_value_set_uint (value, self->attempts);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    case PROP_VERDICT:
      g_value_set_enum (value, self->verdict);
      break;
    case PROP_FORGED:
      g_value_set_boolean (value, self->forged);
      break;
    case PROP_TLS_PROBLEM:
      g_value_set_string (value, self->tls_problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_api_result_finalize (GObject *object)
{
  TwApiResult *self = TW_API_RESULT (object);

  g_clear_error (&self->error);
  g_free (self->message_code);
  g_free (self->message);
  g_free (self->message_en);
  g_free (self->request_id);
  g_free (self->request_method);
  g_free (self->request_url);
  g_free (self->request_headers);
  g_free (self->request_body);
  g_free (self->response_headers);
  g_clear_pointer (&self->response_body, g_bytes_unref);
  g_free (self->response_text);
  g_free (self->tls_problem);

  G_OBJECT_CLASS (tw_api_result_parent_class)->finalize (object);
}

static GParamSpec *
string_pspec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
tw_api_result_class_init (TwApiResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = tw_api_result_get_property;
  object_class->finalize = tw_api_result_finalize;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, TW_TYPE_API_KIND, TW_API_KIND_REGISTRATION, flags);
  properties[PROP_OK] = g_param_spec_boolean ("ok", NULL, NULL, FALSE, flags);
  properties[PROP_OUTCOME] = string_pspec ("outcome");
  properties[PROP_HTTP_STATUS] =
    g_param_spec_uint ("http-status", NULL, NULL, 0, 999, 0, flags);
  properties[PROP_SUCCESS] = g_param_spec_boolean ("success", NULL, NULL, FALSE, flags);
  properties[PROP_MESSAGE_CODE] = string_pspec ("message-code");
  properties[PROP_MESSAGE] = string_pspec ("message");
  properties[PROP_MESSAGE_EN] = string_pspec ("message-en");
  properties[PROP_REQUEST_ID] = string_pspec ("request-id");
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ATTEMPTS] =
    g_param_spec_uint ("attempts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ERROR_MESSAGE] = string_pspec ("error-message");
  properties[PROP_VERDICT] =
    g_param_spec_enum ("verdict", NULL, NULL, TW_TYPE_TEST_VERDICT, TW_TEST_VERDICT_NONE, flags);
  properties[PROP_FORGED] = g_param_spec_boolean ("forged", NULL, NULL, FALSE, flags);
  properties[PROP_TLS_PROBLEM] = string_pspec ("tls-problem");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_api_result_init (TwApiResult *self)
{
}

/* Private constructor: only the API client makes results. */
TwApiResult *
tw_api_result_new (TwApiKind kind)
{
  TwApiResult *self = g_object_new (TW_TYPE_API_RESULT, NULL);

  self->kind = kind;
  return self;
}

TwApiKind
tw_api_result_get_kind (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), TW_API_KIND_REGISTRATION);

  return self->kind;
}

gboolean
tw_api_result_get_ok (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), FALSE);

  return self->error == NULL;
}

const char *
tw_api_result_get_outcome (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  if (self->error == NULL)
    return "success";
  return tw_error_nick (self->error->code);
}

/**
 * tw_api_result_get_error:
 * @self: a #TwApiResult
 *
 * Returns: (transfer none) (nullable): the failure, %NULL when ok
 */
const GError *
tw_api_result_get_error (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->error;
}

gboolean
tw_api_result_propagate_error (TwApiResult  *self,
                               GError      **error)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), FALSE);

  if (self->error == NULL)
    return TRUE;

  g_propagate_error (error, g_error_copy (self->error));
  return FALSE;
}

guint
tw_api_result_get_http_status (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), 0);

  return self->http_status;
}

gboolean
tw_api_result_get_success (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), FALSE);

  return self->success;
}

const char *
tw_api_result_get_message_code (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->message_code;
}

const char *
tw_api_result_get_message (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->message;
}

const char *
tw_api_result_get_message_en (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->message_en;
}

const char *
tw_api_result_get_request_id (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->request_id;
}

gint64
tw_api_result_get_duration_ms (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), 0);

  return self->duration_ms;
}

guint
tw_api_result_get_attempts (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), 0);

  return self->attempts;
}

const char *
tw_api_result_get_request_method (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->request_method;
}

const char *
tw_api_result_get_request_url (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->request_url;
}

const char *
tw_api_result_get_request_headers (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->request_headers;
}

const char *
tw_api_result_get_request_body (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->request_body;
}

const char *
tw_api_result_get_response_headers (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->response_headers;
}

/**
 * tw_api_result_get_response_body:
 * @self: a #TwApiResult
 *
 * Returns: (transfer none) (nullable): the response body as received
 */
GBytes *
tw_api_result_get_response_body (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->response_body;
}

const char *
tw_api_result_get_response_text (TwApiResult *self)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  if (self->response_body == NULL)
    return NULL;

  if (self->response_text == NULL)
    {
      data = g_bytes_get_data (self->response_body, &length);
      self->response_text = g_utf8_make_valid (data != NULL ? data : "", length);
    }

  return self->response_text;
}

TwTestVerdict
tw_api_result_get_verdict (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), TW_TEST_VERDICT_NONE);

  return self->verdict;
}

gboolean
tw_api_result_get_forged (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), FALSE);

  return self->forged;
}

GTlsCertificateFlags
tw_api_result_get_tls_errors (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), 0);

  return self->tls_errors;
}

const char *
tw_api_result_get_tls_problem (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), NULL);

  return self->tls_problem;
}

gboolean
tw_api_result_get_response_truncated (TwApiResult *self)
{
  g_return_val_if_fail (TW_IS_API_RESULT (self), FALSE);

  return self->response_truncated;
}

/**
 * tw_test_verdict_explain:
 * @verdict: a #TwTestVerdict
 *
 * Returns: (transfer none): a translated sentence for the seller
 */
const char *
tw_test_verdict_explain (TwTestVerdict verdict)
{
  switch (verdict)
    {
    case TW_TEST_VERDICT_ACCEPTED:
      return _("Your receiver accepted the correctly signed delivery.");
    case TW_TEST_VERDICT_REJECTED_FORGED:
      return _("Good: your receiver refused the delivery with a wrong signature.");
    case TW_TEST_VERDICT_ACCEPTED_FORGED:
      return _("Security problem: your receiver accepted a delivery with a wrong signature. "
               "It must check the x-signature header and refuse deliveries that fail the "
               "check, or anyone can send it fake orders and stock levels.");
    case TW_TEST_VERDICT_FAILED:
      return _("Your receiver refused a genuine, correctly signed delivery. Check that it "
               "computes HMAC-SHA1 over the raw body with this webhook’s secret key, and "
               "look at its logs.");
    case TW_TEST_VERDICT_UNREACHABLE:
      return _("Your receiver could not be reached, so nothing was delivered.");
    case TW_TEST_VERDICT_NONE:
    default:
      return "";
    }
}

const char *
tw_test_verdict_to_string (TwTestVerdict verdict)
{
  static const char * const names[] = {
    [TW_TEST_VERDICT_NONE] = "none",
    [TW_TEST_VERDICT_ACCEPTED] = "accepted",
    [TW_TEST_VERDICT_REJECTED_FORGED] = "rejected-forged",
    [TW_TEST_VERDICT_ACCEPTED_FORGED] = "accepted-forged",
    [TW_TEST_VERDICT_FAILED] = "failed",
    [TW_TEST_VERDICT_UNREACHABLE] = "unreachable",
  };

  if ((guint) verdict < G_N_ELEMENTS (names))
    return names[verdict];
  return "none";
}

gboolean
tw_test_verdict_is_good (TwTestVerdict verdict)
{
  return verdict == TW_TEST_VERDICT_ACCEPTED || verdict == TW_TEST_VERDICT_REJECTED_FORGED;
}

static const char *
describe_tls_flag (GTlsCertificateFlags flag)
{
  switch (flag)
    {
    case G_TLS_CERTIFICATE_UNKNOWN_CA:
      return _("it is not signed by a certificate authority this computer trusts "
               "(an unknown or self-signed authority)");
    case G_TLS_CERTIFICATE_BAD_IDENTITY:
      return _("it was issued for another host name than the one in the address");
    case G_TLS_CERTIFICATE_NOT_ACTIVATED:
      return _("it is not valid yet");
    case G_TLS_CERTIFICATE_EXPIRED:
      return _("it has expired");
    case G_TLS_CERTIFICATE_REVOKED:
      return _("it has been revoked");
    case G_TLS_CERTIFICATE_INSECURE:
      return _("it uses an insecure algorithm");
    case G_TLS_CERTIFICATE_GENERIC_ERROR:
    default:
      return _("it could not be checked");
    }
}

/**
 * tw_tls_errors_describe:
 * @flags: problems of a peer certificate
 *
 * Returns: (transfer full) (nullable): the problems in words, joined by
 *   "; ", or %NULL when @flags is 0
 */
char *
tw_tls_errors_describe (GTlsCertificateFlags flags)
{
  GString *text;

  if (flags == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint bit = 1; bit <= G_TLS_CERTIFICATE_GENERIC_ERROR; bit <<= 1)
    {
      if ((flags & bit) == 0)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, describe_tls_flag (bit));
    }

  return g_string_free (text, FALSE);
}
