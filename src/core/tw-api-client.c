/* tw-api-client.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-api-client"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-api-parse.h"
#include "tw-api-result-private.h"
#include "tw-enums.h"
#include "tw-secret.h"

#define USER_AGENT "TikiWebhooks/" PACKAGE_VERSION " "
#define MAX_RETRIES 2
#define READ_CHUNK_SIZE (64 * 1024)
/* What one non-blocking read takes at most, into a buffer on the stack. */
#define POLL_CHUNK_SIZE (16 * 1024)
#define REDACTED "[redacted]"
/* Not in libsoup 3.2's SoupStatus. */
#define STATUS_TOO_MANY_REQUESTS 429

struct _TwApiClient
{
  GObject        parent_instance;

  SoupSession   *session;
  /* For loopback addresses, created when first needed: no proxies. */
  SoupSession   *direct_session;
  guint          timeout;
  guint          backoff_ms;
  guint          max_retry_after;
  TwHistorySink *history_sink;
  GTlsDatabase  *tls_database;
  /* Profiles with a registration in flight. */
  GHashTable    *busy_profiles;
};

G_DEFINE_FINAL_TYPE (TwApiClient, tw_api_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIMEOUT,
  PROP_BACKOFF_MS,
  PROP_MAX_RETRY_AFTER,
  PROP_HISTORY_SINK,
  PROP_TLS_DATABASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*CallDoneFunc) (GTask       *task,
                              TwApiResult *result);

/* What a token call asks for. */
typedef enum
{
  GRANT_CLIENT_CREDENTIALS,
  GRANT_REFRESH_TOKEN,
  GRANT_AUTHORIZATION_CODE,
} Grant;

/* The state of one register or token task. A task runs one or more calls
 * (a token grant, a registration), and each call one or more attempts. */
typedef struct
{
  TwApiClient    *client;
  char           *profile;
  char           *api_base;
  char           *register_url;
  char           *auth_base;
  char           *token_url;
  TwAuth         *auth;
  /* The registration's body as sent (secret) and as recorded, made once
   * when it is asked for: later edits of the form do not change it. */
  GBytes         *register_body;
  char           *register_redacted;
  GPtrArray      *problems;
  GCancellable   *cancellable;
  gulong          cancelled_id;
  gboolean        holds_profile;
  gboolean        regranted;
  gint64          started_us;

  /* Token calls: the grant of the call in progress, and for the
   * authorization-code grant its parameters (the code and the PKCE
   * verifier are secrets). */
  Grant           grant;
  char           *code;
  char           *redirect_uri;
  char           *code_verifier;

  /* The call in progress. */
  TwApiKind       kind;
  CallDoneFunc    done;
  guint           attempts[TW_API_KIND_TEST_DELIVERY + 1];
  guint           retries;
  GBytes         *body;
  char           *redacted_body;
  GSource        *wait_source;

  /* The attempt in progress. */
  TwApiResult    *attempt;
  SoupMessage    *message;
  GCancellable   *attempt_cancellable;
  GSource        *timeout_source;
  gboolean        timed_out;
  gint64          attempt_started_us;
  gint64          attempt_time_ms;
  gint64          retry_after;
  gboolean        oversized;
  GInputStream   *stream;
  GSource        *read_source;
  gboolean        at_eof;
  GByteArray     *received;

  /* A test delivery: the receiver's URL and the x-signature value, computed
   * once at the call so the secret key is not kept. */
  char           *test_url;
  char           *signature;
  gboolean        forged;
  GTlsCertificateFlags tls_errors;
} Exchange;

static void         attempt_send (GTask       *task);
static void         receive_done (GTask       *task);
static SoupSession *session_for  (TwApiClient *self,
                                  const char  *url);

/* Bodies may hold webhook secrets or the client secret. */
static void
wipe_bytes (gpointer data)
{
  GByteArray *array = data;

  memset (array->data, 0, array->len);
  g_byte_array_unref (array);
}

static GBytes *
bytes_take_secret_string (char *text)
{
  gsize length = strlen (text);
  GByteArray *array = g_byte_array_new_take ((guint8 *) text, length);

  return g_bytes_new_with_free_func (array->data, length, wipe_bytes, array);
}

static void
end_attempt (Exchange *ex)
{
  if (ex->timeout_source != NULL)
    {
      g_source_destroy (ex->timeout_source);
      g_clear_pointer (&ex->timeout_source, g_source_unref);
    }

  if (ex->read_source != NULL)
    {
      g_source_destroy (ex->read_source);
      g_clear_pointer (&ex->read_source, g_source_unref);
    }

  /* Closing finishes the message without reading the rest of the body.
   * A stream read to its end has nothing left to wait for: dropping it
   * closes it at once, without a main-loop turn. */
  if (ex->stream != NULL && !ex->at_eof)
    g_input_stream_close_async (ex->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);

  g_clear_object (&ex->stream);
  g_clear_object (&ex->message);
  g_clear_object (&ex->attempt_cancellable);
  /* An empty GByteArray has no data at all: memset (NULL, 0, 0) is
   * undefined behaviour. */
  if (ex->received != NULL && ex->received->len > 0)
    memset (ex->received->data, 0, ex->received->len);
  g_clear_pointer (&ex->received, g_byte_array_unref);
}

static void
release_exchange (Exchange *ex)
{
  end_attempt (ex);

  if (ex->wait_source != NULL)
    {
      g_source_destroy (ex->wait_source);
      g_clear_pointer (&ex->wait_source, g_source_unref);
    }

  /* A plain signal handler, not g_cancellable_connect(): disconnecting
   * must be possible while the cancellable emits "cancelled". */
  if (ex->cancelled_id != 0)
    g_clear_signal_handler (&ex->cancelled_id, ex->cancellable);

  if (ex->holds_profile)
    {
      g_hash_table_remove (ex->client->busy_profiles, ex->profile);
      ex->holds_profile = FALSE;
    }
}

static void
exchange_free (gpointer data)
{
  Exchange *ex = data;

  release_exchange (ex);
  g_clear_object (&ex->attempt);
  g_clear_object (&ex->client);
  g_free (ex->profile);
  g_free (ex->api_base);
  g_free (ex->register_url);
  g_free (ex->auth_base);
  g_free (ex->token_url);
  g_clear_pointer (&ex->code, tw_secret_free);
  g_free (ex->redirect_uri);
  g_clear_pointer (&ex->code_verifier, tw_secret_free);
  g_clear_object (&ex->auth);
  g_clear_pointer (&ex->register_body, g_bytes_unref);
  g_free (ex->register_redacted);
  g_clear_pointer (&ex->problems, g_ptr_array_unref);
  g_clear_object (&ex->cancellable);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_free (ex->redacted_body);
  g_free (ex->test_url);
  g_free (ex->signature);
  g_free (ex);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GCancellable) attempt = NULL;

  /* Cancelling may complete the task at once: touch nothing after it. */
  if (ex->attempt_cancellable != NULL)
    {
      attempt = g_object_ref (ex->attempt_cancellable);
      g_cancellable_cancel (attempt);
    }
}

static Exchange *
exchange_new (TwApiClient  *client,
              const char   *profile,
              TwAuth       *auth,
              GCancellable *cancellable)
{
  Exchange *ex = g_new0 (Exchange, 1);

  ex->client = g_object_ref (client);
  ex->profile = g_strdup (profile != NULL ? profile : "");
  /* Test deliveries need no authorisation. */
  if (auth != NULL)
    {
      ex->auth = g_object_ref (auth);
      ex->auth_base = tw_auth_resolve_base (tw_auth_get_auth_base (auth));
      ex->token_url = g_strconcat (ex->auth_base, TW_AUTH_TOKEN_PATH, NULL);
    }
  ex->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  ex->started_us = g_get_monotonic_time ();
  ex->retry_after = -1;

  return ex;
}

static void
watch_cancellable (Exchange *ex)
{
  if (ex->cancellable != NULL)
    ex->cancelled_id = g_signal_connect (ex->cancellable, "cancelled",
                                         G_CALLBACK (on_cancelled), ex);
}

/* Completes @task with @result, or with @error when @result is NULL. */
static void
complete (GTask       *task,
          TwApiResult *result,
          GError      *error)
{
  Exchange *ex = g_task_get_task_data (task);

  release_exchange (ex);

  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result->duration_ms = (g_get_monotonic_time () - ex->started_us) / 1000;
  result->attempts = ex->attempts[result->kind];
  g_task_return_pointer (task, g_object_ref (result), g_object_unref);
}

static void
complete_cancelled (GTask *task)
{
  complete (task, NULL,
            g_error_new_literal (TW_ERROR, TW_ERROR_CANCELLED,
                                 tw_error_explain (TW_ERROR_CANCELLED)));
}

static GError *
new_error (TwErrorCode  code,
           const char  *detail)
{
  if (detail == NULL || *detail == '\0')
    return g_error_new_literal (TW_ERROR, code, tw_error_explain (code));

  return g_error_new (TW_ERROR, code, "%s\n%s", tw_error_explain (code), detail);
}

static char *
strip_base (const char *base)
{
  gsize length = strlen (base);

  while (length > 0 && base[length - 1] == '/')
    length--;

  return g_strndup (base, length);
}

/* Only plain http(s) URLs: a base carrying credentials, a query or a
 * fragment would leak into logs and history or break the path. */
static gboolean
check_url (const char  *url,
           GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri != NULL &&
      (g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "http") == 0) &&
      g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
      g_uri_get_userinfo (uri) == NULL && g_uri_get_query (uri) == NULL &&
      g_uri_get_fragment (uri) == NULL)
    return TRUE;

  g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
               /* Translators: %s is a server address typed by the user */
               _("“%s” is not a valid server address: use an absolute https:// URL."), url);
  return FALSE;
}

static char *
format_problems (GPtrArray *problems)
{
  GString *text = g_string_new (tw_error_explain (TW_ERROR_INVALID_INPUT));

  for (guint i = 0; i < problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == TW_SEVERITY_ERROR)
        g_string_append_printf (text, "\n%s: %s", problem->field, problem->message);
    }

  return g_string_free (text, FALSE);
}

static const char *
public_app_missing_message (TwAuth *auth)
{
  if (tw_auth_get_refresh_token (auth) != NULL)
    return _("Enter the client ID and client secret of your public app.");
  if (tw_auth_has_token (auth))
    return _("Your login with Tiki has expired: log in with Tiki again.");
  return _("Log in with Tiki first: nobody is logged in to this account.");
}

static gboolean
check_auth (TwAuth  *auth,
            GError **error)
{
  if (tw_auth_get_mode (auth) == TW_AUTH_MODE_PUBLIC_APP)
    {
      /* A token with no known expiry is tried; a 401 then refreshes it. */
      if (tw_auth_can_grant (auth) ||
          (tw_auth_has_token (auth) && !tw_auth_is_expired (auth)))
        return TRUE;
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           public_app_missing_message (auth));
      return FALSE;
    }

  if (tw_auth_get_mode (auth) == TW_AUTH_MODE_CLIENT_CREDENTIALS)
    {
      if (tw_auth_can_grant (auth))
        return TRUE;
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("Enter the client ID and client secret of your in-house app."));
      return FALSE;
    }

  if (tw_auth_has_token (auth))
    return TRUE;

  g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                       _("Paste an access token, or use the client credentials of an "
                         "in-house app."));
  return FALSE;
}

static void
append_header (const char *name,
               const char *value,
               gpointer    user_data)
{
  GString *text = user_data;
  const char *space;

  if (text->len > 0)
    g_string_append_c (text, '\n');

  if (g_ascii_strcasecmp (name, "Authorization") != 0)
    {
      g_string_append_printf (text, "%s: %s", name, value);
      return;
    }

  /* Keep the scheme, so a reader can tell Bearer from Basic. */
  space = strchr (value, ' ');
  g_string_append_printf (text, "%s: %.*s%s" REDACTED, name,
                          space != NULL ? (int) (space - value) : 0, value,
                          space != NULL ? " " : "");
}

static char *
format_headers (SoupMessageHeaders *headers)
{
  GString *text = g_string_new (NULL);

  soup_message_headers_foreach (headers, append_header, text);
  return g_string_free (text, FALSE);
}

static SoupMessage *
new_post (const char *url)
{
  SoupMessage *message = soup_message_new ("POST", url);

  /* A redirect would carry the Authorization header to another place.
   * The metrics tell whether any of an answer arrived before a failure
   * (see answer_began()). */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_COLLECT_METRICS);
  return message;
}

static SoupMessage *
build_register_message (Exchange *ex)
{
  SoupMessage *message = new_post (ex->register_url);
  g_autoptr(TwSecretString) value = NULL;

  value = g_strconcat ("Bearer ", tw_auth_get_access_token (ex->auth), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "Authorization", value);
  soup_message_set_request_body_from_bytes (message, "application/json", ex->body);
  return message;
}

static SoupMessage *
build_token_message (Exchange *ex)
{
  SoupMessage *message = new_post (ex->token_url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_replace (headers, "Accept", "application/json");

  if (tw_auth_get_auth_method (ex->auth) == TW_AUTH_METHOD_BASIC)
    {
      g_autoptr(TwSecretString) pair = NULL;
      g_autoptr(TwSecretString) encoded = NULL;
      g_autoptr(TwSecretString) value = NULL;

      pair = g_strconcat (tw_auth_get_client_id (ex->auth), ":",
                          tw_auth_get_client_secret (ex->auth), NULL);
      encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      value = g_strconcat ("Basic ", encoded, NULL);
      soup_message_headers_replace (headers, "Authorization", value);
    }

  soup_message_set_request_body_from_bytes (message, "application/x-www-form-urlencoded",
                                            ex->body);
  return message;
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Exchange *ex = user_data;

  /* Only to tell the seller why; the certificate is still refused. */
  ex->tls_errors = errors;
  return FALSE;
}

static SoupMessage *
build_test_message (Exchange *ex)
{
  SoupMessage *message = new_post (ex->test_url);

  soup_message_headers_replace (soup_message_get_request_headers (message),
                                "x-signature", ex->signature);
  soup_message_set_request_body_from_bytes (message, "application/json", ex->body);
  g_signal_connect (message, "accept-certificate", G_CALLBACK (on_accept_certificate), ex);
  return message;
}

static SoupMessage *
build_message (Exchange *ex)
{
  switch (ex->kind)
    {
    case TW_API_KIND_TOKEN:
      return build_token_message (ex);
    case TW_API_KIND_TEST_DELIVERY:
      return build_test_message (ex);
    case TW_API_KIND_REGISTRATION:
    default:
      return build_register_message (ex);
    }
}

static const char *
target_url (Exchange *ex)
{
  switch (ex->kind)
    {
    case TW_API_KIND_TOKEN:
      return ex->token_url;
    case TW_API_KIND_TEST_DELIVERY:
      return ex->test_url;
    case TW_API_KIND_REGISTRATION:
    default:
      return ex->register_url;
    }
}

/* Test deliveries keep only the beginning of a long answer, for display. */
static gsize
max_response_size (Exchange *ex)
{
  return ex->kind == TW_API_KIND_TEST_DELIVERY ? TW_API_MAX_TEST_RESPONSE_SIZE
                                               : TW_API_MAX_RESPONSE_SIZE;
}

static void
prepare_register_call (Exchange *ex)
{
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_free (ex->redacted_body);

  ex->body = g_bytes_ref (ex->register_body);
  ex->redacted_body = g_strdup (ex->register_redacted);
}

static Grant
grant_for (Exchange *ex)
{
  if (ex->code != NULL)
    return GRANT_AUTHORIZATION_CODE;
  if (tw_auth_get_mode (ex->auth) == TW_AUTH_MODE_PUBLIC_APP)
    return GRANT_REFRESH_TOKEN;
  return GRANT_CLIENT_CREDENTIALS;
}

/* Appends name=value to the form sent and name=@shown to the one
 * recorded in the history (@shown: NULL for @value itself). */
static void
add_form_field (GString    *form,
                GString    *redacted,
                const char *name,
                const char *value,
                const char *shown)
{
  GString *forms[] = { form, redacted };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      if (forms[i]->len > 0)
        g_string_append_c (forms[i], '&');
      g_string_append_uri_escaped (forms[i], name, NULL, FALSE);
      g_string_append_c (forms[i], '=');
      /* "[redacted]" stays readable in the history. */
      if (i == 1 && g_strcmp0 (shown, REDACTED) == 0)
        g_string_append (forms[i], REDACTED);
      else
        g_string_append_uri_escaped (forms[i], i == 1 && shown != NULL ? shown : value,
                                     NULL, FALSE);
    }
}

/* The grants of a public app: the authorization code of a login, or the
 * refresh token. client_id is always in the form, as Tiki's docs list it
 * for both grants; the secret is in it only for client_secret_post. */
static void
prepare_public_app_call (Exchange *ex)
{
  TwAuth *auth = ex->auth;
  GString *form = g_string_new (NULL);
  GString *redacted = g_string_new (NULL);
  g_autofree char *fingerprint = NULL;

  if (ex->grant == GRANT_AUTHORIZATION_CODE)
    {
      add_form_field (form, redacted, "grant_type", "authorization_code", NULL);
      add_form_field (form, redacted, "code", ex->code, REDACTED);
      add_form_field (form, redacted, "redirect_uri", ex->redirect_uri, NULL);
      if (ex->code_verifier != NULL)
        add_form_field (form, redacted, "code_verifier", ex->code_verifier, REDACTED);
    }
  else
    {
      add_form_field (form, redacted, "grant_type", "refresh_token", NULL);
      add_form_field (form, redacted, "refresh_token", tw_auth_get_refresh_token (auth),
                      REDACTED);
    }

  add_form_field (form, redacted, "client_id", tw_auth_get_client_id (auth), NULL);
  if (tw_auth_get_auth_method (auth) == TW_AUTH_METHOD_POST)
    {
      fingerprint = tw_secret_fingerprint (tw_auth_get_client_secret (auth));
      add_form_field (form, redacted, "client_secret", tw_auth_get_client_secret (auth),
                      fingerprint);
    }

  ex->body = bytes_take_secret_string (g_string_free (form, FALSE));
  ex->redacted_body = g_string_free (redacted, FALSE);
}

static void
prepare_token_call (Exchange *ex)
{
  TwAuth *auth = ex->auth;

  g_clear_pointer (&ex->body, g_bytes_unref);
  g_free (ex->redacted_body);

  ex->grant = grant_for (ex);
  if (ex->grant != GRANT_CLIENT_CREDENTIALS)
    prepare_public_app_call (ex);
  else if (tw_auth_get_auth_method (auth) == TW_AUTH_METHOD_BASIC)
    {
      ex->body = bytes_take_secret_string (soup_form_encode ("grant_type", "client_credentials",
                                                             NULL));
      ex->redacted_body = g_strdup ("grant_type=client_credentials");
    }
  else
    {
      g_autofree char *fingerprint = tw_secret_fingerprint (tw_auth_get_client_secret (auth));

      ex->body = bytes_take_secret_string (
        soup_form_encode ("grant_type", "client_credentials",
                          "client_id", tw_auth_get_client_id (auth),
                          "client_secret", tw_auth_get_client_secret (auth),
                          NULL));
      ex->redacted_body = soup_form_encode ("grant_type", "client_credentials",
                                            "client_id", tw_auth_get_client_id (auth),
                                            "client_secret", fingerprint,
                                            NULL);
    }
}

static void
start_call (GTask        *task,
            TwApiKind     kind,
            CallDoneFunc  done)
{
  Exchange *ex = g_task_get_task_data (task);

  ex->kind = kind;
  ex->done = done;
  ex->retries = 0;

  /* A test delivery's body and signature were made at the call. */
  if (kind == TW_API_KIND_TOKEN)
    prepare_token_call (ex);
  else if (kind == TW_API_KIND_REGISTRATION)
    prepare_register_call (ex);

  attempt_send (task);
}

static const char *
kind_to_string (TwApiKind kind)
{
  switch (kind)
    {
    case TW_API_KIND_REGISTRATION:
      return "registration";
    case TW_API_KIND_TOKEN:
      return "token";
    case TW_API_KIND_TEST_DELIVERY:
      return "test delivery";
    default:
      g_assert_not_reached ();
    }
}

static char *
cap_text (GBytes *bytes)
{
  gsize length = 0;
  const char *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  return g_utf8_make_valid (data != NULL ? data : "",
                            MIN (length, TW_HISTORY_RECORD_MAX_BODY));
}

static void
record_attempt (Exchange    *ex,
                TwApiResult *attempt,
                gint64       duration_ms)
{
  g_autoptr(TwHistoryRecord) record = NULL;

  g_debug ("%s %s: attempt %u, %s, HTTP %u, %" G_GINT64_FORMAT " ms",
           attempt->request_method, attempt->request_url, ex->attempts[ex->kind],
           tw_api_result_get_outcome (attempt), attempt->http_status, duration_ms);

  if (ex->client->history_sink == NULL)
    return;

  record = tw_history_record_new ();
  record->time_ms = ex->attempt_time_ms;
  g_free (record->profile);
  record->profile = g_strdup (ex->profile);
  record->base_url = g_strdup (ex->kind == TW_API_KIND_TOKEN ? ex->auth_base : ex->api_base);
  record->kind = g_strdup (kind_to_string (ex->kind));
  record->method = g_strdup (attempt->request_method);
  record->url = g_strdup (attempt->request_url);
  record->outcome = g_strdup (tw_api_result_get_outcome (attempt));
  record->http_status = attempt->http_status;
  record->message_code = g_strdup (attempt->message_code);
  record->message = g_strdup (attempt->message != NULL ? attempt->message
                              : attempt->error != NULL ? attempt->error->message : NULL);
  record->request_id = g_strdup (attempt->request_id);
  record->duration_ms = duration_ms;
  record->attempt = ex->attempts[ex->kind];
  record->request_body = g_strdup (attempt->request_body);
  record->response_body = cap_text (attempt->response_body);
  if (attempt->error != NULL)
    {
      record->error_domain = g_strdup (g_quark_to_string (attempt->error->domain));
      record->error_code = attempt->error->code;
    }

  tw_history_sink_record (ex->client->history_sink, record);
}

static gboolean
should_retry (Exchange    *ex,
              TwApiResult *result,
              guint       *delay_ms)
{
  int code;

  /* A test shows what one delivery does: never retried. */
  if (result->error == NULL || ex->retries >= MAX_RETRIES ||
      ex->kind == TW_API_KIND_TEST_DELIVERY)
    return FALSE;

  /* The server may have acted on a request whose answer was cut off, even
   * with a 503 and a Retry-After: sending it again is the user's call. */
  code = result->error->code;
  if (code == TW_ERROR_INCOMPLETE_RESPONSE)
    return FALSE;

  if (code == TW_ERROR_RATE_LIMITED || result->http_status == SOUP_STATUS_SERVICE_UNAVAILABLE)
    {
      if (ex->retry_after > (gint64) ex->client->max_retry_after)
        return FALSE;
      if (ex->retry_after >= 0)
        {
          *delay_ms = (guint) ex->retry_after * 1000;
          return TRUE;
        }
      if (code == TW_ERROR_RATE_LIMITED)
        return FALSE;
    }

  if (code != TW_ERROR_SERVER_ERROR && code != TW_ERROR_CANNOT_CONNECT)
    return FALSE;

  *delay_ms = ex->client->backoff_ms << ex->retries;
  return TRUE;
}

static gboolean
on_wait_done (gpointer user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);

  g_clear_pointer (&ex->wait_source, g_source_unref);

  if (g_cancellable_is_cancelled (ex->cancellable))
    complete_cancelled (task);
  else
    attempt_send (task);

  return G_SOURCE_REMOVE;
}

/* A timeout that also fires, early, when the task is cancelled. */
static void
wait_then_retry (GTask *task,
                 guint  delay_ms)
{
  Exchange *ex = g_task_get_task_data (task);
  GSource *source = g_timeout_source_new (delay_ms);

  if (ex->cancellable != NULL)
    {
      GSource *cancelled = g_cancellable_source_new (ex->cancellable);

      g_source_set_dummy_callback (cancelled);
      g_source_add_child_source (source, cancelled);
      g_source_unref (cancelled);
    }

  g_source_set_name (source, "[tw-api-client] retry wait");
  g_source_set_callback (source, on_wait_done, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  ex->wait_source = source;
}

/* Every attempt ends here, whatever happened. */
static void
finish_attempt (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(TwApiResult) result = g_steal_pointer (&ex->attempt);
  gint64 duration_ms = (g_get_monotonic_time () - ex->attempt_started_us) / 1000;
  guint delay_ms = 0;

  result->request_headers = format_headers (soup_message_get_request_headers (ex->message));
  if (result->http_status != 0)
    result->response_headers = format_headers (soup_message_get_response_headers (ex->message));

  end_attempt (ex);
  record_attempt (ex, result, duration_ms);

  if (g_error_matches (result->error, TW_ERROR, TW_ERROR_CANCELLED))
    complete_cancelled (task);
  else if (should_retry (ex, result, &delay_ms))
    {
      ex->retries++;
      wait_then_retry (task, delay_ms);
    }
  else
    ex->done (task, result);
}

/* TRUE once a byte of the answer arrived: the request had reached the
 * server. libsoup sets the status only with the whole head, so a head cut
 * short shows only in the metrics. */
static gboolean
answer_began (SoupMessage *message)
{
  SoupMessageMetrics *metrics;

  if (message == NULL)
    return FALSE;
  if (soup_message_get_status (message) != SOUP_STATUS_NONE)
    return TRUE;

  metrics = soup_message_get_metrics (message);
  return metrics != NULL &&
         (soup_message_metrics_get_response_start (metrics) != 0 ||
          soup_message_metrics_get_response_header_bytes_received (metrics) > 0);
}

/* A connection lost once the answer began (its head or its body cut
 * short) is no connection failure: the server got the request. Before
 * that, nothing shows that it did. */
static TwErrorCode
error_for_transport (Exchange     *ex,
                     const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return ex->timed_out ? TW_ERROR_TIMED_OUT : TW_ERROR_CANCELLED;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return TW_ERROR_TIMED_OUT;
  if (error->domain == SOUP_SESSION_ERROR)
    return TW_ERROR_BAD_RESPONSE;
  if (answer_began (ex->message))
    return TW_ERROR_INCOMPLETE_RESPONSE;
  if (error->domain == G_TLS_ERROR)
    return TW_ERROR_TLS;
  return TW_ERROR_CANNOT_CONNECT;
}

static char *
describe_transport_failure (Exchange     *ex,
                            TwErrorCode   code,
                            const GError *error)
{
  TwApiResult *result = ex->attempt;

  if (code == TW_ERROR_TIMED_OUT)
    /* Translators: %u is a number of seconds */
    return g_strdup_printf (ngettext ("It did not answer within %u second.",
                                      "It did not answer within %u seconds.",
                                      ex->client->timeout),
                            ex->client->timeout);

  if (code == TW_ERROR_TLS)
    {
      g_autofree char *words = tw_tls_errors_describe (ex->tls_errors);

      result->tls_errors = ex->tls_errors;
      if (words != NULL)
        /* Translators: %s lists certificate problems, e.g. “it has expired” */
        result->tls_problem = g_strdup_printf (_("Its security certificate was refused: %s."),
                                               words);
      else
        /* Translators: %s is the TLS library's message */
        result->tls_problem = g_strdup_printf (_("The secure connection failed: %s"),
                                               error->message);
      return g_strdup (result->tls_problem);
    }

  return g_strdup (error->message);
}

/* UNREACHABLE: no HTTP answer came back. */
static void
judge_unreachable (Exchange     *ex,
                   TwErrorCode   code,
                   const GError *error)
{
  TwApiResult *result = ex->attempt;
  g_autofree char *detail = describe_transport_failure (ex, code, error);

  result->verdict = TW_TEST_VERDICT_UNREACHABLE;
  result->message = g_strdup_printf ("%s\n%s", tw_test_verdict_explain (result->verdict), detail);
  result->error = g_error_new_literal (TW_ERROR, code, result->message);
}

/* For a cut-off answer: what it means for a registration, then how far
 * the answer got. */
static char *
describe_cut_off (Exchange   *ex,
                  const char *what_happened)
{
  GString *text = g_string_new (NULL);

  if (ex->kind == TW_API_KIND_REGISTRATION)
    g_string_append_printf (text, "%s\n",
                            _("The registration may or may not have been applied. To be sure, "
                              "send it again; the History page shows what was sent."));
  g_string_append (text, what_happened);
  return g_string_free (text, FALSE);
}

/* How far an answer got before the connection was lost. */
static char *
describe_lost_connection (Exchange     *ex,
                          const GError *error)
{
  guint status = soup_message_get_status (ex->message);
  const char *reason = soup_message_get_reason_phrase (ex->message);

  if (status == SOUP_STATUS_NONE)
    return g_strdup (error->message);

  return g_strdup_printf (/* Translators: %u %s is an HTTP status such as “200 OK”, the
                           * last %s the network library's message */
                          _("The answer began with HTTP %u %s, then: %s"),
                          status, reason != NULL ? reason : "", error->message);
}

/* A test delivery's verdict rests on the status alone: once it came, a
 * cut-off body changes nothing. */
static gboolean
judge_cut_off_test (GTask       *task,
                    TwErrorCode  code)
{
  Exchange *ex = g_task_get_task_data (task);

  if (ex->kind != TW_API_KIND_TEST_DELIVERY || code != TW_ERROR_INCOMPLETE_RESPONSE ||
      ex->received == NULL || soup_message_get_status (ex->message) == SOUP_STATUS_NONE)
    return FALSE;

  receive_done (task);
  return TRUE;
}

/* An answer cut off: what arrived of it goes to the history, for support
 * (its request id and, but for a token answer that may hold the token,
 * its beginning), and the attempt fails as incomplete. */
static void
fail_cut_off (Exchange   *ex,
              const char *what_happened)
{
  TwApiResult *result = ex->attempt;
  SoupMessageHeaders *headers = soup_message_get_response_headers (ex->message);
  g_autofree char *detail = describe_cut_off (ex, what_happened);

  g_clear_pointer (&result->response_body, g_bytes_unref);
  if (ex->received != NULL && ex->kind != TW_API_KIND_TOKEN)
    result->response_body = g_bytes_new (ex->received->data, ex->received->len);
  g_free (result->request_id);
  result->request_id = g_strdup (soup_message_headers_get_one (headers, "X-Request-Id"));
  result->error = new_error (TW_ERROR_INCOMPLETE_RESPONSE, detail);
}

static void
fail_attempt (GTask        *task,
              const GError *error)
{
  Exchange *ex = g_task_get_task_data (task);
  TwErrorCode code = error_for_transport (ex, error);

  g_debug ("%s: %s", ex->attempt->request_url, error->message);

  if (judge_cut_off_test (task, code))
    return;

  if (ex->message != NULL && soup_message_get_status (ex->message) != 0)
    ex->attempt->http_status = soup_message_get_status (ex->message);

  if (ex->kind == TW_API_KIND_TEST_DELIVERY && code != TW_ERROR_CANCELLED)
    judge_unreachable (ex, code, error);
  else if (code == TW_ERROR_INCOMPLETE_RESPONSE)
    {
      g_autofree char *what_happened = describe_lost_connection (ex, error);

      fail_cut_off (ex, what_happened);
    }
  else
    ex->attempt->error = new_error (code, code == TW_ERROR_CANCELLED ? NULL : error->message);
  finish_attempt (task);
}

/* Takes the token into the TwAuth; the result keeps a copy of the body
 * with the secrets replaced. */
static gboolean
take_token (Exchange    *ex,
            TwApiResult *result,
            JsonNode    *root)
{
  TwTokenResponse token = { 0 };
  g_autofree char *redacted = NULL;

  if (!tw_token_response_parse (json_node_get_object (root), &token))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (ex->auth));
  tw_auth_set_granted_token (ex->auth, token.access_token, token.expires_in,
                             token.token_type, token.scope);
  /* A new login replaces the old one's refresh token, even by none; a
   * refresh keeps the old one unless the server rotated it. */
  if (ex->grant == GRANT_AUTHORIZATION_CODE ||
      (ex->grant == GRANT_REFRESH_TOKEN && token.refresh_token != NULL))
    tw_auth_set_refresh_token (ex->auth, token.refresh_token);
  g_object_thaw_notify (G_OBJECT (ex->auth));
  tw_token_response_clear (&token);

  redacted = tw_token_response_redact (root);
  g_clear_pointer (&result->response_body, g_bytes_unref);
  result->response_body = g_bytes_new (redacted, strlen (redacted));
  return TRUE;
}

/* Retry-After in seconds; the HTTP-date form is not used by TNSL. */
static gint64
parse_retry_after (SoupMessageHeaders *headers)
{
  g_autofree char *value = g_strdup (soup_message_headers_get_one (headers, "Retry-After"));
  guint64 seconds;

  if (value == NULL ||
      !g_ascii_string_to_unsigned (g_strstrip (value), 10, 0, G_MAXINT32, &seconds, NULL))
    return -1;

  return (gint64) seconds;
}

/* -1 for a 2xx, else the error of the status alone. */
static int
error_for_status (TwApiKind kind,
                  guint     status)
{
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return -1;
  if (status == STATUS_TOO_MANY_REQUESTS)
    return TW_ERROR_RATE_LIMITED;
  if (status >= 500)
    return TW_ERROR_SERVER_ERROR;
  if (status >= 400 && kind == TW_API_KIND_TOKEN)
    return TW_ERROR_AUTH_FAILED;
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return TW_ERROR_INVALID_TOKEN;
  if (status >= 400)
    return TW_ERROR_REJECTED;
  return TW_ERROR_BAD_RESPONSE;
}

/* A 2xx still fails when its body is unusable or says it failed. */
static int
error_for_body (Exchange    *ex,
                TwApiResult *result,
                JsonNode    *root)
{
  JsonObject *object;

  if (root == NULL)
    return TW_ERROR_BAD_RESPONSE;

  if (ex->kind == TW_API_KIND_TOKEN)
    return take_token (ex, result, root) ? -1 : TW_ERROR_BAD_RESPONSE;

  object = json_node_get_object (root);
  if (json_object_has_member (object, "success") && !result->success)
    return TW_ERROR_REJECTED;

  return -1;
}

static char *
describe_failure (TwApiResult *result,
                  SoupMessage *message,
                  gboolean     json)
{
  if (result->message_code != NULL && result->message != NULL)
    return g_strdup_printf ("%s: %s", result->message_code, result->message);
  if (result->message != NULL || result->message_code != NULL)
    return g_strdup (result->message != NULL ? result->message : result->message_code);
  if (!json && SOUP_STATUS_IS_SUCCESSFUL (result->http_status))
    return g_strdup (_("The answer is not valid JSON."));

  return g_strdup_printf ("HTTP %u %s", result->http_status,
                          soup_message_get_reason_phrase (message) != NULL
                          ? soup_message_get_reason_phrase (message) : "");
}

/* A server that closes the connection after its answer may end a body
 * early without libsoup noticing: it reads such a body to the end of the
 * connection. The Content-Length it announced tells, unless it counts
 * compressed bytes, which libsoup decompressed. */
static gboolean
fail_if_cut_short (Exchange           *ex,
                   SoupMessageHeaders *headers)
{
  const char *coding = soup_message_headers_get_one (headers, "Content-Encoding");
  goffset announced;
  g_autofree char *arrived = NULL;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      (coding != NULL && g_ascii_strcasecmp (coding, "identity") != 0))
    return FALSE;
  announced = soup_message_headers_get_content_length (headers);
  if ((goffset) ex->received->len >= announced)
    return FALSE;

  arrived = g_strdup_printf (/* Translators: the first %lu is a number of bytes received, the
                              * second the number the server announced */
                             ngettext ("Only %lu of the %lu byte the server announced arrived.",
                                       "Only %lu of the %lu bytes the server announced arrived.",
                                       (gulong) announced),
                             (gulong) ex->received->len, (gulong) announced);
  fail_cut_off (ex, arrived);
  return TRUE;
}

static void
interpret_response (Exchange *ex)
{
  TwApiResult *result = ex->attempt;
  SoupMessageHeaders *headers = soup_message_get_response_headers (ex->message);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *detail = NULL;
  gsize length = ex->received->len;
  int code;

  result->http_status = soup_message_get_status (ex->message);
  result->response_body = g_bytes_new (ex->received->data, length);
  ex->retry_after = parse_retry_after (headers);

  if (ex->oversized)
    {
      result->error = new_error (TW_ERROR_BAD_RESPONSE,
                                 _("The answer is larger than 1 MiB; it was not read."));
      return;
    }

  if (fail_if_cut_short (ex, headers))
    return;

  root = tw_api_parse_object ((const char *) ex->received->data, length);
  if (root != NULL)
    tw_api_parse_envelope (result, json_node_get_object (root));
  if (result->request_id == NULL)
    result->request_id = g_strdup (soup_message_headers_get_one (headers, "X-Request-Id"));

  code = error_for_status (ex->kind, result->http_status);
  if (code < 0)
    code = error_for_body (ex, result, root);
  if (code < 0)
    return;

  detail = describe_failure (result, ex->message, root != NULL);
  result->error = new_error (code, detail);
}

static TwErrorCode
error_for_test_status (guint status)
{
  if (status >= 500)
    return TW_ERROR_SERVER_ERROR;
  if (status >= 400)
    return TW_ERROR_REJECTED;
  return TW_ERROR_BAD_RESPONSE;
}

static TwTestVerdict
verdict_for (gboolean forged,
             guint    status)
{
  gboolean accepted = SOUP_STATUS_IS_SUCCESSFUL (status);

  if (forged)
    return accepted ? TW_TEST_VERDICT_ACCEPTED_FORGED : TW_TEST_VERDICT_REJECTED_FORGED;
  return accepted ? TW_TEST_VERDICT_ACCEPTED : TW_TEST_VERDICT_FAILED;
}

/* The receiver's body is its own business: only the status counts. */
static void
interpret_test_response (Exchange *ex)
{
  TwApiResult *result = ex->attempt;
  const char *reason = soup_message_get_reason_phrase (ex->message);
  g_autofree char *status = NULL;

  result->http_status = soup_message_get_status (ex->message);
  result->response_body = g_bytes_new (ex->received->data, ex->received->len);
  result->response_truncated = ex->oversized;
  result->request_id = g_strdup (soup_message_headers_get_one (
    soup_message_get_response_headers (ex->message), "X-Request-Id"));
  result->verdict = verdict_for (ex->forged, result->http_status);

  status = g_strdup_printf ("HTTP %u %s", result->http_status, reason != NULL ? reason : "");
  g_strchomp (status);
  /* Translators: the first %s is a sentence, the second an HTTP status
   * such as “HTTP 401 Unauthorized” */
  result->message = g_strdup_printf (_("%s (%s)"), tw_test_verdict_explain (result->verdict),
                                     status);

  if (result->verdict == TW_TEST_VERDICT_ACCEPTED_FORGED)
    result->error = g_error_new_literal (TW_ERROR, TW_ERROR_BAD_RESPONSE, result->message);
  else if (result->verdict == TW_TEST_VERDICT_FAILED)
    result->error = g_error_new_literal (TW_ERROR, error_for_test_status (result->http_status),
                                         result->message);
}

static void
receive_done (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  if (ex->kind == TW_API_KIND_TEST_DELIVERY)
    interpret_test_response (ex);
  else
    interpret_response (ex);
  finish_attempt (task);
}

static void read_next (GTask *task);

static void
read_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  gsize size, room;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res, &error);
  if (chunk == NULL)
    {
      fail_attempt (task, error);
      return;
    }

  size = g_bytes_get_size (chunk);
  if (size == 0)
    {
      ex->at_eof = TRUE;
      receive_done (task);
      return;
    }

  room = max_response_size (ex) - ex->received->len;
  g_byte_array_append (ex->received, g_bytes_get_data (chunk, NULL), MIN (size, room));
  if (size > room)
    {
      ex->oversized = TRUE;
      receive_done (task);
      return;
    }

  read_next (task);
}

static gboolean on_readable (GObject  *stream,
                             gpointer  user_data);

/* Reads what the stream holds without waiting, then waits for more with a
 * pollable source: a body that has already arrived (the usual case) is
 * read, to its end, in the turn that received the headers, where an
 * asynchronous read would take a main-loop turn per call. Never reads more
 * than one byte past the limit. */
static void
read_available (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  GPollableInputStream *stream = G_POLLABLE_INPUT_STREAM (ex->stream);
  guint8 buffer[POLL_CHUNK_SIZE];

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      gsize room = max_response_size (ex) - ex->received->len;
      gssize size;

      size = g_pollable_input_stream_read_nonblocking (stream, buffer,
                                                       MIN (sizeof buffer, room + 1),
                                                       ex->attempt_cancellable, &error);
      if (size < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          ex->read_source = g_pollable_input_stream_create_source (stream,
                                                                   ex->attempt_cancellable);
          g_source_set_name (ex->read_source, "[tw-api-client] response body");
          g_source_set_callback (ex->read_source, G_SOURCE_FUNC (on_readable),
                                 g_object_ref (task), g_object_unref);
          g_source_attach (ex->read_source, g_task_get_context (task));
          return;
        }
      if (size < 0)
        {
          fail_attempt (task, error);
          return;
        }
      if (size == 0)
        {
          ex->at_eof = TRUE;
          receive_done (task);
          return;
        }

      g_byte_array_append (ex->received, buffer, MIN ((gsize) size, room));
      /* Token answers hold secrets. */
      memset (buffer, 0, (gsize) size);
      if ((gsize) size > room)
        {
          ex->oversized = TRUE;
          receive_done (task);
          return;
        }
    }
}

static gboolean
on_readable (GObject  *stream,
             gpointer  user_data)
{
  GTask *task = user_data;
  Exchange *ex = g_task_get_task_data (task);

  /* The source ends with this call; the context still holds it. */
  g_clear_pointer (&ex->read_source, g_source_unref);
  read_available (task);
  return G_SOURCE_REMOVE;
}

static void
read_next (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);

  if (G_IS_POLLABLE_INPUT_STREAM (ex->stream) &&
      g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (ex->stream)))
    {
      read_available (task);
      return;
    }

  g_input_stream_read_bytes_async (ex->stream, READ_CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   ex->attempt_cancellable, read_cb, g_object_ref (task));
}

static void
sent_cb (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Exchange *ex = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  ex->stream = soup_session_send_finish (SOUP_SESSION (source), res, &error);
  if (ex->stream == NULL)
    {
      fail_attempt (task, error);
      return;
    }

  ex->received = g_byte_array_new ();
  headers = soup_message_get_response_headers (ex->message);
  if (ex->kind != TW_API_KIND_TEST_DELIVERY &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > TW_API_MAX_RESPONSE_SIZE)
    {
      ex->oversized = TRUE;
      receive_done (task);
      return;
    }

  read_next (task);
}

static gboolean
on_attempt_timeout (gpointer user_data)
{
  Exchange *ex = user_data;
  g_autoptr(GCancellable) cancellable = g_object_ref (ex->attempt_cancellable);

  /* Cancelling may complete the task at once: touch nothing after it. */
  ex->timed_out = TRUE;
  g_clear_pointer (&ex->timeout_source, g_source_unref);
  g_cancellable_cancel (cancellable);

  return G_SOURCE_REMOVE;
}

static void
attempt_send (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  TwApiResult *attempt;

  if (g_cancellable_is_cancelled (ex->cancellable))
    {
      complete_cancelled (task);
      return;
    }

  ex->attempts[ex->kind]++;
  ex->timed_out = FALSE;
  ex->oversized = FALSE;
  ex->at_eof = FALSE;
  ex->retry_after = -1;
  ex->attempt_started_us = g_get_monotonic_time ();
  ex->attempt_time_ms = g_get_real_time () / 1000;
  ex->attempt_cancellable = g_cancellable_new ();
  ex->tls_errors = 0;
  ex->message = build_message (ex);

  attempt = ex->attempt = tw_api_result_new (ex->kind);
  attempt->request_method = g_strdup (SOUP_METHOD_POST);
  attempt->request_url = g_strdup (target_url (ex));
  attempt->request_body = g_strdup (ex->redacted_body);
  attempt->forged = ex->forged;

  ex->timeout_source = g_timeout_source_new (ex->client->timeout * 1000);
  g_source_set_name (ex->timeout_source, "[tw-api-client] attempt timeout");
  g_source_set_callback (ex->timeout_source, on_attempt_timeout, ex, NULL);
  g_source_attach (ex->timeout_source, g_task_get_context (task));

  soup_session_send_async (session_for (ex->client, target_url (ex)), ex->message,
                           G_PRIORITY_DEFAULT, ex->attempt_cancellable, sent_cb,
                           g_object_ref (task));
}

static void registration_done (GTask       *task,
                               TwApiResult *result);

/* A refused refresh cannot be fixed by trying again: the seller has to log
 * in again, and a refresh token the server no longer knows is dropped so
 * it is not sent again. */
static void
explain_refused_refresh (Exchange    *ex,
                         TwApiResult *result)
{
  g_autofree char *detail = NULL;

  if (ex->kind != TW_API_KIND_TOKEN || ex->grant != GRANT_REFRESH_TOKEN ||
      !g_error_matches (result->error, TW_ERROR, TW_ERROR_AUTH_FAILED))
    return;

  if (g_strcmp0 (result->message_code, "invalid_grant") == 0)
    {
      g_object_freeze_notify (G_OBJECT (ex->auth));
      tw_auth_set_refresh_token (ex->auth, NULL);
      tw_auth_forget_token (ex->auth);
      g_object_thaw_notify (G_OBJECT (ex->auth));
    }

  if (result->message_code != NULL && result->message != NULL)
    detail = g_strdup_printf ("%s: %s", result->message_code, result->message);
  else
    detail = g_strdup (result->message != NULL ? result->message : result->message_code);

  g_clear_error (&result->error);
  if (detail != NULL)
    result->error = g_error_new (TW_ERROR, TW_ERROR_AUTH_FAILED, "%s\n%s",
                                 _("Tiki did not renew your login: log in with Tiki again."),
                                 detail);
  else
    result->error = g_error_new_literal (TW_ERROR, TW_ERROR_AUTH_FAILED,
                                         _("Tiki did not renew your login: log in with Tiki "
                                           "again."));
}

static void
grant_done (GTask       *task,
            TwApiResult *result)
{
  explain_refused_refresh (g_task_get_task_data (task), result);

  if (result->error != NULL)
    complete (task, result, NULL);
  else
    start_call (task, TW_API_KIND_REGISTRATION, registration_done);
}

static void
registration_done (GTask       *task,
                   TwApiResult *result)
{
  Exchange *ex = g_task_get_task_data (task);

  if (g_error_matches (result->error, TW_ERROR, TW_ERROR_INVALID_TOKEN) &&
      !ex->regranted && tw_auth_can_grant (ex->auth))
    {
      g_debug ("Token refused: getting a new one, once");
      ex->regranted = TRUE;
      tw_auth_forget_token (ex->auth);
      start_call (task, TW_API_KIND_TOKEN, grant_done);
      return;
    }

  complete (task, result, NULL);
}

static void
token_done (GTask       *task,
            TwApiResult *result)
{
  explain_refused_refresh (g_task_get_task_data (task), result);
  complete (task, result, NULL);
}

/* A loopback address names this machine, which a proxy elsewhere cannot
 * reach: GNOME's proxy settings bypass it by default (ignore-hosts), and
 * so do browsers. Such requests use a session without proxies, so that a
 * CLI run against the simulator does not load GIO's proxy modules, libproxy
 * and the C++ runtime (about 10 ms of CPU). Unless the environment names a
 * proxy (that is how a local debugging proxy such as mitmproxy is given):
 * then the system's resolver decides, as for every other address. */
static gboolean
environment_names_proxy (void)
{
  static const char * const names[] = {
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *value = g_getenv (names[i]);

      if (value != NULL && *value != '\0')
        return TRUE;
    }
  return FALSE;
}

static gboolean
goes_direct (const char *url)
{
  g_autoptr(GUri) parsed = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) address = NULL;
  const char *host;

  if (parsed == NULL || environment_names_proxy ())
    return FALSE;

  host = g_uri_get_host (parsed);
  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* Without a proxy-resolver, libsoup asks g_proxy_resolver_get_default()
 * when it first connects; a NULL one means no proxies. */
static SoupSession *
create_session (guint    timeout,
                gboolean direct)
{
  if (direct)
    return soup_session_new_with_options ("user-agent", USER_AGENT,
                                          "timeout", timeout,
                                          "proxy-resolver", NULL,
                                          NULL);

  return soup_session_new_with_options ("user-agent", USER_AGENT,
                                        "timeout", timeout,
                                        NULL);
}

static SoupSession *
session_for (TwApiClient *self,
             const char  *url)
{
  if (!goes_direct (url))
    return self->session;

  if (self->direct_session == NULL)
    {
      self->direct_session = create_session (self->timeout, TRUE);
      if (self->tls_database != NULL)
        soup_session_set_tls_database (self->direct_session, self->tls_database);
    }
  return self->direct_session;
}

static void
tw_api_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TwApiClient *self = TW_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    case PROP_BACKOFF_MS:
      g_value_set_uint (value, self->backoff_ms);
      break;
    case PROP_MAX_RETRY_AFTER:
      g_value_set_uint (value, self->max_retry_after);
      break;
    case PROP_HISTORY_SINK:
      g_value_set_object (value, self->history_sink);
      break;
    case PROP_TLS_DATABASE:
      g_value_set_object (value, self->tls_database);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_api_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TwApiClient *self = TW_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      tw_api_client_set_timeout (self, g_value_get_uint (value));
      break;
    case PROP_BACKOFF_MS:
      tw_api_client_set_backoff_ms (self, g_value_get_uint (value));
      break;
    case PROP_MAX_RETRY_AFTER:
      tw_api_client_set_max_retry_after (self, g_value_get_uint (value));
      break;
    case PROP_HISTORY_SINK:
      tw_api_client_set_history_sink (self, g_value_get_object (value));
      break;
    case PROP_TLS_DATABASE:
      tw_api_client_set_tls_database (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_api_client_dispose (GObject *object)
{
  TwApiClient *self = TW_API_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  if (self->direct_session != NULL)
    soup_session_abort (self->direct_session);
  g_clear_object (&self->session);
  g_clear_object (&self->direct_session);
  g_clear_object (&self->history_sink);
  g_clear_object (&self->tls_database);

  G_OBJECT_CLASS (tw_api_client_parent_class)->dispose (object);
}

static void
tw_api_client_finalize (GObject *object)
{
  TwApiClient *self = TW_API_CLIENT (object);

  g_clear_pointer (&self->busy_profiles, g_hash_table_unref);

  G_OBJECT_CLASS (tw_api_client_parent_class)->finalize (object);
}

static void
tw_api_client_class_init (TwApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags =
    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = tw_api_client_get_property;
  object_class->set_property = tw_api_client_set_property;
  object_class->dispose = tw_api_client_dispose;
  object_class->finalize = tw_api_client_finalize;

  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, TW_API_DEFAULT_TIMEOUT, flags);
  properties[PROP_BACKOFF_MS] =
    g_param_spec_uint ("backoff-ms", NULL, NULL, 0, 60000, 1000, flags);
  properties[PROP_MAX_RETRY_AFTER] =
    g_param_spec_uint ("max-retry-after", NULL, NULL, 0, 3600, 30, flags);
  properties[PROP_HISTORY_SINK] =
    g_param_spec_object ("history-sink", NULL, NULL, TW_TYPE_HISTORY_SINK, flags);
  properties[PROP_TLS_DATABASE] =
    g_param_spec_object ("tls-database", NULL, NULL, G_TYPE_TLS_DATABASE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_api_client_init (TwApiClient *self)
{
  self->timeout = TW_API_DEFAULT_TIMEOUT;
  self->backoff_ms = 1000;
  self->max_retry_after = 30;
  self->session = create_session (self->timeout, FALSE);
  self->busy_profiles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TwApiClient *
tw_api_client_new (void)
{
  return g_object_new (TW_TYPE_API_CLIENT, NULL);
}

/**
 * tw_api_client_get_session:
 * @self: a #TwApiClient
 *
 * Returns: (transfer none): the session every request of the app uses
 */
SoupSession *
tw_api_client_get_session (TwApiClient *self)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);

  return self->session;
}

guint
tw_api_client_get_timeout (TwApiClient *self)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), 0);

  return self->timeout;
}

void
tw_api_client_set_timeout (TwApiClient *self,
                           guint        seconds)
{
  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (seconds > 0);

  if (self->timeout == seconds)
    return;

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  if (self->direct_session != NULL)
    g_object_set (self->direct_session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
tw_api_client_get_backoff_ms (TwApiClient *self)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), 0);

  return self->backoff_ms;
}

void
tw_api_client_set_backoff_ms (TwApiClient *self,
                              guint        backoff_ms)
{
  g_return_if_fail (TW_IS_API_CLIENT (self));

  if (self->backoff_ms == backoff_ms)
    return;

  self->backoff_ms = backoff_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_MS]);
}

guint
tw_api_client_get_max_retry_after (TwApiClient *self)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), 0);

  return self->max_retry_after;
}

void
tw_api_client_set_max_retry_after (TwApiClient *self,
                                   guint        seconds)
{
  g_return_if_fail (TW_IS_API_CLIENT (self));

  if (self->max_retry_after == seconds)
    return;

  self->max_retry_after = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRY_AFTER]);
}

/**
 * tw_api_client_get_history_sink:
 * @self: a #TwApiClient
 *
 * Returns: (transfer none) (nullable): where attempts are recorded
 */
TwHistorySink *
tw_api_client_get_history_sink (TwApiClient *self)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);

  return self->history_sink;
}

void
tw_api_client_set_history_sink (TwApiClient   *self,
                                TwHistorySink *sink)
{
  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (sink == NULL || TW_IS_HISTORY_SINK (sink));

  if (g_set_object (&self->history_sink, sink))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_SINK]);
}

/**
 * tw_api_client_get_tls_database:
 * @self: a #TwApiClient
 *
 * Returns: (transfer none) (nullable): the custom database, %NULL when the
 *   system's is used
 */
GTlsDatabase *
tw_api_client_get_tls_database (TwApiClient *self)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);

  return self->tls_database;
}

void
tw_api_client_set_tls_database (TwApiClient  *self,
                                GTlsDatabase *database)
{
  GTlsDatabase *effective = database;

  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (database == NULL || G_IS_TLS_DATABASE (database));

  if (!g_set_object (&self->tls_database, database))
    return;

  /* NULL would make libsoup refuse every certificate: go back to the
   * system's database instead. */
  if (effective == NULL)
    effective = g_tls_backend_get_default_database (g_tls_backend_get_default ());
  soup_session_set_tls_database (self->session, effective);
  if (self->direct_session != NULL)
    soup_session_set_tls_database (self->direct_session, effective);
  if (database == NULL)
    g_clear_object (&effective);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_DATABASE]);
}

gboolean
tw_api_client_is_busy (TwApiClient *self,
                       const char  *profile)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), FALSE);

  return g_hash_table_contains (self->busy_profiles, profile != NULL ? profile : "");
}

static gboolean
check_register_input (Exchange  *ex,
                      GError   **error)
{
  if (tw_problems_have_errors (ex->problems))
    {
      g_autofree char *text = format_problems (ex->problems);

      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT, text);
      return FALSE;
    }

  if (!check_url (ex->register_url, error) || !check_auth (ex->auth, error))
    return FALSE;

  if (tw_auth_get_mode (ex->auth) != TW_AUTH_MODE_ACCESS_TOKEN &&
      !check_url (ex->token_url, error))
    return FALSE;

  if (g_hash_table_contains (ex->client->busy_profiles, ex->profile))
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_BUSY, tw_error_explain (TW_ERROR_BUSY));
      return FALSE;
    }

  return TRUE;
}

void
tw_api_client_register_async (TwApiClient         *self,
                              const char          *profile,
                              const char          *base_url,
                              TwRegistration      *registration,
                              TwAuth              *auth,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Exchange *ex;

  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (base_url != NULL);
  g_return_if_fail (TW_IS_REGISTRATION (registration));
  g_return_if_fail (TW_IS_AUTH (auth));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_api_client_register_async);
  /* TW_ERROR_CANCELLED, not G_IO_ERROR_CANCELLED, and a completed
   * exchange stays completed. */
  g_task_set_check_cancellable (task, FALSE);
  ex = exchange_new (self, profile, auth, cancellable);
  g_task_set_task_data (task, ex, exchange_free);

  ex->api_base = strip_base (base_url);
  ex->register_url = g_strconcat (ex->api_base, TW_API_REGISTER_PATH, NULL);
  ex->problems = tw_registration_validate (registration);

  if (!check_register_input (ex, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ex->register_body = bytes_take_secret_string (tw_registration_to_json (registration,
                                                                         TW_JSON_DEFAULT));
  ex->register_redacted = tw_registration_to_json (registration, TW_JSON_MASK_SECRETS);

  if (g_cancellable_is_cancelled (cancellable))
    {
      complete_cancelled (task);
      return;
    }

  g_hash_table_add (self->busy_profiles, g_strdup (ex->profile));
  ex->holds_profile = TRUE;
  watch_cancellable (ex);

  if (tw_auth_needs_grant (auth))
    start_call (task, TW_API_KIND_TOKEN, grant_done);
  else
    start_call (task, TW_API_KIND_REGISTRATION, registration_done);
}

/**
 * tw_api_client_register_finish:
 * @self: a #TwApiClient
 * @result: the #GAsyncResult
 * @error: for invalid input, busy and cancelled
 *
 * Returns: (transfer full) (nullable): the result of the exchange
 */
TwApiResult *
tw_api_client_register_finish (TwApiClient   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tw_api_client_register_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The common end of a token call once its input is checked: the token
 * URL, an already cancelled call, then the request. */
static void
start_token_call (GTask *task)
{
  Exchange *ex = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GError) error = NULL;

  if (!check_url (ex->token_url, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      complete_cancelled (task);
      return;
    }

  watch_cancellable (ex);
  start_call (task, TW_API_KIND_TOKEN, token_done);
}

void
tw_api_client_token_async (TwApiClient         *self,
                           const char          *profile,
                           TwAuth              *auth,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Exchange *ex;

  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (TW_IS_AUTH (auth));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_api_client_token_async);
  g_task_set_check_cancellable (task, FALSE);
  ex = exchange_new (self, profile, auth, cancellable);
  g_task_set_task_data (task, ex, exchange_free);

  if (!tw_auth_can_grant (auth))
    {
      g_task_return_new_error (task, TW_ERROR, TW_ERROR_INVALID_INPUT, "%s",
                               tw_auth_get_mode (auth) == TW_AUTH_MODE_PUBLIC_APP
                               ? public_app_missing_message (auth)
                               : _("Enter the client ID and client secret of your "
                                   "in-house app."));
      return;
    }

  start_token_call (task);
}

/**
 * tw_api_client_token_finish:
 * @self: a #TwApiClient
 * @result: the #GAsyncResult
 * @error: for invalid input and cancelled
 *
 * Returns: (transfer full) (nullable): the result of the grant
 */
TwApiResult *
tw_api_client_token_finish (TwApiClient   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tw_api_client_token_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tw_api_client_exchange_code_async (TwApiClient         *self,
                                   const char          *profile,
                                   TwAuth              *auth,
                                   const char          *code,
                                   const char          *redirect_uri,
                                   const char          *code_verifier,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Exchange *ex;

  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (TW_IS_AUTH (auth));
  g_return_if_fail (code != NULL && *code != '\0');
  g_return_if_fail (redirect_uri != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_api_client_exchange_code_async);
  g_task_set_check_cancellable (task, FALSE);
  ex = exchange_new (self, profile, auth, cancellable);
  g_task_set_task_data (task, ex, exchange_free);
  ex->code = g_strdup (code);
  ex->redirect_uri = g_strdup (redirect_uri);
  ex->code_verifier = g_strdup (code_verifier);

  if (tw_auth_get_client_id (auth) == NULL || *tw_auth_get_client_id (auth) == '\0' ||
      tw_auth_get_client_secret (auth) == NULL || *tw_auth_get_client_secret (auth) == '\0')
    {
      g_task_return_new_error (task, TW_ERROR, TW_ERROR_INVALID_INPUT, "%s",
                               _("Enter the client ID and client secret of your public app."));
      return;
    }

  start_token_call (task);
}

/**
 * tw_api_client_exchange_code_finish:
 * @self: a #TwApiClient
 * @result: the #GAsyncResult
 * @error: for invalid input and cancelled
 *
 * Returns: (transfer full) (nullable): the result of the grant
 */
TwApiResult *
tw_api_client_exchange_code_finish (TwApiClient   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        tw_api_client_exchange_code_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Plain http and private hosts are allowed: receivers under development
 * run on the seller's own machine. Credentials in the URL are not, since
 * the URL goes to history. */
static gboolean
check_test_url (const char  *url,
                GUri       **uri_out,
                GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (uri != NULL &&
      (g_strcmp0 (scheme, "https") == 0 || g_strcmp0 (scheme, "http") == 0) &&
      g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0' &&
      g_uri_get_userinfo (uri) == NULL && g_uri_get_fragment (uri) == NULL)
    {
      *uri_out = g_steal_pointer (&uri);
      return TRUE;
    }

  g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
               /* Translators: %s is a webhook URL typed by the user */
               _("“%s” is not a valid receiver address: use an absolute https:// or "
                 "http:// URL without a user name or fragment."), url);
  return FALSE;
}

static gboolean
check_test_body (const char  *body,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (length > TW_API_MAX_RESPONSE_SIZE)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The payload is larger than 1 MiB."));
      return FALSE;
    }

  if (!g_utf8_validate_len (body, length, NULL))
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The payload is not valid JSON: it is not valid UTF-8 text."));
      return FALSE;
    }

  if (!tw_json_parse (body, (gssize) length, &root, &parse_error))
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is the JSON parser's message, with line and column */
                   _("The payload is not valid JSON: %s"), parse_error->message);
      return FALSE;
    }

  if (root == NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The payload is empty: enter a JSON document."));
      return FALSE;
    }

  return TRUE;
}

/* A valid-looking signature made with a random key the receiver cannot
 * know. */
static char *
sign_forged (const char    *secret,
             const guint8  *body,
             gsize          length,
             GError       **error)
{
  g_autoptr(TwSecretString) key = NULL;

  do
    {
      g_clear_pointer (&key, tw_secret_free);
      key = tw_secret_generate (error);
      if (key == NULL)
        return NULL;
    }
  while (strcmp (key, secret) == 0);

  return tw_secret_sign (key, body, length);
}

static gboolean
prepare_test (Exchange    *ex,
              TwHook      *hook,
              const char  *body,
              gsize        length,
              GError     **error)
{
  const char *secret = tw_hook_get_secret_key (hook);
  g_autoptr(GUri) uri = NULL;

  if (!check_test_url (tw_hook_get_url (hook), &uri, error) ||
      !check_test_body (body, length, error))
    return FALSE;

  if (*secret == '\0')
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   /* Translators: %s is a webhook name such as “Stock” */
                   _("%s webhook: enter its secret key, to sign the delivery."),
                   tw_hook_kind_get_title (tw_hook_get_kind (hook)));
      return FALSE;
    }

  ex->test_url = g_strdup (tw_hook_get_url (hook));
  ex->api_base = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                             g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
  ex->body = g_bytes_new (body, length);
  ex->redacted_body = g_strndup (body, length);
  if (ex->forged)
    ex->signature = sign_forged (secret, (const guint8 *) body, length, error);
  else
    ex->signature = tw_secret_sign (secret, (const guint8 *) body, length);

  return ex->signature != NULL;
}

static void
test_done (GTask       *task,
           TwApiResult *result)
{
  complete (task, result, NULL);
}

void
tw_api_client_send_test_async (TwApiClient         *self,
                               const char          *profile,
                               TwHook              *hook,
                               const char          *body,
                               gssize               length,
                               gboolean             forged,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Exchange *ex;

  g_return_if_fail (TW_IS_API_CLIENT (self));
  g_return_if_fail (TW_IS_HOOK (hook));
  g_return_if_fail (body != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_api_client_send_test_async);
  g_task_set_check_cancellable (task, FALSE);
  ex = exchange_new (self, profile, NULL, cancellable);
  ex->forged = forged;
  g_task_set_task_data (task, ex, exchange_free);

  if (!prepare_test (ex, hook, body, length < 0 ? strlen (body) : (gsize) length, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      complete_cancelled (task);
      return;
    }

  watch_cancellable (ex);
  ex->kind = TW_API_KIND_TEST_DELIVERY;
  ex->done = test_done;
  attempt_send (task);
}

/**
 * tw_api_client_send_test_finish:
 * @self: a #TwApiClient
 * @result: the #GAsyncResult
 * @error: for invalid input and cancelled
 *
 * Returns: (transfer full) (nullable): the result, with its verdict
 */
TwApiResult *
tw_api_client_send_test_finish (TwApiClient   *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tw_api_client_send_test_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
tw_api_client_get_problems (TwApiClient  *self,
                            GAsyncResult *result)
{
  Exchange *ex;

  g_return_val_if_fail (TW_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  ex = g_task_get_task_data (G_TASK (result));
  return ex != NULL ? ex->problems : NULL;
}

char *
tw_api_client_resolve_base (const char   *option,
                            TwApiFlavour  flavour)
{
  const char *value = option;

  if (value == NULL || *value == '\0')
    value = g_getenv ("TIKI_WEBHOOKS_API_BASE");
  if (value == NULL || *value == '\0')
    value = flavour == TW_API_FLAVOUR_LEGACY ? TW_API_BASE_LEGACY : TW_API_BASE_PRODUCTION;

  return strip_base (value);
}
