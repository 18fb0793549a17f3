/* tw-demo-server.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-demo-server"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-enums.h"
#include "tw-oauth-login.h"

#define TOKEN_LIFETIME 3600
#define DEMO_SCOPE "inventory order"
#define OVERSIZED_BODY_SIZE (3 * 512 * 1024)
#define TRUNCATED_LENGTH 256
/* The beginning of an answer that is cut off. */
#define PARTIAL_BODY "{\"success\": true, \"data\": {"

struct _TwDemoServer
{
  GObject            parent_instance;

  SoupServer        *server;
  char              *base_url;
  guint              port;
  TwApiFlavour       flavour;
  TwDemoAuthMethods  auth_methods;
  guint              retry_after;
  guint              delay_ms;
  GTlsCertificate   *tls_certificate;
  TwDemoFault        fault;
  guint              fault_count;
  GPtrArray         *requests;
  /* Pending slow answers and mid-response closes (GSource). */
  GPtrArray         *pending;
  /* Authorization codes not used yet: code → Grant. */
  GHashTable        *codes;
  /* Refresh tokens still valid (a set). */
  GHashTable        *refresh_tokens;
};

/* What an authorization code stands for. */
typedef struct
{
  char *client_id;
  char *redirect_uri;
  char *challenge;
  char *scope;
} Grant;

G_DEFINE_FINAL_TYPE (TwDemoServer, tw_demo_server, G_TYPE_OBJECT)

G_DEFINE_ENUM_TYPE (TwDemoAuthMethods, tw_demo_auth_methods,
  G_DEFINE_ENUM_VALUE (TW_DEMO_AUTH_ANY, "any"),
  G_DEFINE_ENUM_VALUE (TW_DEMO_AUTH_BASIC_ONLY, "basic-only"),
  G_DEFINE_ENUM_VALUE (TW_DEMO_AUTH_POST_ONLY, "post-only"))

enum {
  PROP_0,
  PROP_FLAVOUR,
  PROP_AUTH_METHODS,
  PROP_RETRY_AFTER,
  PROP_DELAY_MS,
  PROP_TLS_CERTIFICATE,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*PendingFunc) (SoupServerMessage *message);

typedef struct
{
  TwDemoServer      *self;
  SoupServerMessage *message;
  PendingFunc        func;
  gulong             disconnected_id;
  gboolean           gone;
} Pending;

static void
request_free (TwDemoRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_free (request);
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_clear_signal_handler (&pending->disconnected_id, pending->message);
  g_object_unref (pending->message);
  g_free (pending);
}

static void
grant_free (gpointer data)
{
  Grant *grant = data;

  g_free (grant->client_id);
  g_free (grant->redirect_uri);
  g_free (grant->challenge);
  g_free (grant->scope);
  g_free (grant);
}

static char *
new_request_id (void)
{
  return g_strdup_printf ("%08x%08x%08x%08x", g_random_int (), g_random_int (),
                          g_random_int (), g_random_int ());
}

static void
record_request (TwDemoServer      *self,
                SoupServerMessage *message)
{
  TwDemoRequest *request = g_new0 (TwDemoRequest, 1);
  GUri *uri = soup_server_message_get_uri (message);

  request->method = g_strdup (soup_server_message_get_method (message));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));
  request->headers = soup_message_headers_ref (soup_server_message_get_request_headers (message));
  request->body = soup_message_body_flatten (soup_server_message_get_request_body (message));

  g_ptr_array_add (self->requests, request);
}

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         char              *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_TAKE,
                                    body, strlen (body));
}

static char *
build_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
add_request_id (JsonBuilder *builder,
                const char  *member)
{
  g_autofree char *request_id = new_request_id ();

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "request_id");
  json_builder_add_string_value (builder, request_id);
  json_builder_end_object (builder);
}

/* TNSL's first envelope: error{status_code,message,message_code} + meta_data. */
static void
respond_error (SoupServerMessage *message,
               guint              status,
               const char        *message_code,
               const char        *text)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status_code");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "message_code");
  json_builder_add_string_value (builder, message_code);
  json_builder_end_object (builder);
  add_request_id (builder, "meta_data");
  json_builder_end_object (builder);

  respond (message, status, "application/json", build_json (builder));
}

/* The second envelope: errors[{message,message_en,code}] + metadata. */
static void
respond_errors_list (SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, FALSE);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, "Dữ liệu không hợp lệ");
  json_builder_set_member_name (builder, "message_en");
  json_builder_add_string_value (builder, "invalid data");
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, "BAD_REQUEST");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_request_id (builder, "metadata");
  json_builder_end_object (builder);

  respond (message, SOUP_STATUS_BAD_REQUEST, "application/json", build_json (builder));
}

static void
respond_success (SoupServerMessage *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "success");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  add_request_id (builder, "meta_data");
  json_builder_end_object (builder);

  respond (message, SOUP_STATUS_OK, "application/json", build_json (builder));
}

static void
respond_oauth_error (SoupServerMessage *message,
                     guint              status,
                     const char        *error,
                     const char        *description)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "error_description");
  json_builder_add_string_value (builder, description);
  json_builder_set_member_name (builder, "status_code");
  json_builder_add_int_value (builder, status);
  json_builder_end_object (builder);

  respond (message, status, "application/json", build_json (builder));
}

/* @refresh_token: NULL for none; @scope: NULL for DEMO_SCOPE. */
static void
respond_token (SoupServerMessage *message,
               const char        *refresh_token,
               const char        *scope)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = new_request_id ();
  g_autofree char *token = g_strconcat ("demo-", id, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "access_token");
  json_builder_add_string_value (builder, token);
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, TOKEN_LIFETIME);
  json_builder_set_member_name (builder, "token_type");
  json_builder_add_string_value (builder, "bearer");
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, scope != NULL ? scope : DEMO_SCOPE);
  if (refresh_token != NULL)
    {
      json_builder_set_member_name (builder, "refresh_token");
      json_builder_add_string_value (builder, refresh_token);
    }
  json_builder_end_object (builder);

  respond (message, SOUP_STATUS_OK, "application/json", build_json (builder));
}

/* NULL when the request carries no usable bearer token. */
static const char *
get_bearer_token (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", 7) != 0 || value[7] == '\0')
    return NULL;

  return value + 7;
}

/* The first blocking problem, as "field: message", or NULL. */
static char *
first_error (TwRegistration *registration)
{
  g_autoptr(GPtrArray) problems = tw_registration_validate (registration);

  for (guint i = 0; i < problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == TW_SEVERITY_ERROR)
        return g_strdup_printf ("%s: %s", problem->field, problem->message);
    }

  return NULL;
}

static void
answer_register (TwDemoServer      *self,
                 SoupServerMessage *message)
{
  const char *token = get_bearer_token (message);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TwRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *problem = NULL;
  gsize length;
  const char *data;

  if (token == NULL || strcmp (token, TW_DEMO_EXPIRED_TOKEN) == 0)
    {
      respond_error (message, SOUP_STATUS_UNAUTHORIZED, "INVALID_TOKEN", "Unauthorized");
      return;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  data = g_bytes_get_data (body, &length);
  registration = tw_registration_new_from_json (data != NULL ? data : "", length, &error);
  if (registration == NULL)
    {
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", error->message);
      return;
    }

  tw_registration_set_flavour (registration, self->flavour);
  problem = first_error (registration);
  if (problem != NULL)
    respond_error (message, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", problem);
  else if (tw_registration_has_warehouse (registration, TW_DEMO_UNKNOWN_WAREHOUSE))
    respond_error (message, SOUP_STATUS_BAD_REQUEST, "INVALID_WAREHOUSE",
                   "Warehouse code is not valid: " TW_DEMO_UNKNOWN_WAREHOUSE);
  else
    respond_success (message);
}

static void
on_pending_disconnected (SoupServerMessage *message,
                         gpointer           user_data)
{
  Pending *pending = user_data;

  pending->gone = TRUE;
}

static gboolean
on_pending_due (gpointer user_data)
{
  Pending *pending = user_data;

  /* The client may have gone: a message without I/O cannot resume. */
  if (!pending->gone)
    pending->func (pending->message);

  g_ptr_array_remove_fast (pending->self->pending, g_main_current_source ());
  return G_SOURCE_REMOVE;
}

static void
schedule (TwDemoServer      *self,
          SoupServerMessage *message,
          guint              delay_ms,
          PendingFunc        func)
{
  Pending *pending = g_new0 (Pending, 1);
  GSource *source = g_timeout_source_new (delay_ms);

  pending->self = self;
  pending->message = g_object_ref (message);
  pending->func = func;
  pending->disconnected_id = g_signal_connect (message, "disconnected",
                                               G_CALLBACK (on_pending_disconnected), pending);

  g_source_set_name (source, "[tw-demo-server] pending answer");
  g_source_set_callback (source, on_pending_due, pending, pending_free);
  g_source_attach (source, NULL);
  g_ptr_array_add (self->pending, source);
}

static void
resume (SoupServerMessage *message)
{
  soup_server_message_unpause (message);
}

/* The body stops before its announced Content-Length and the connection
 * closes: what a crashing server or a broken proxy looks like. */
static void
close_connection (SoupServerMessage *message)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (message);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
on_truncated_body_written (SoupServerMessage *message,
                           guint              chunk_size,
                           gpointer           user_data)
{
  TwDemoServer *self = user_data;

  g_signal_handlers_disconnect_by_func (message, on_truncated_body_written, user_data);
  schedule (self, message, 0, close_connection);
}

static void
respond_truncated (TwDemoServer      *self,
                   SoupServerMessage *message)
{
  g_autofree char *request_id = new_request_id ();
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_content_length (headers, TRUNCATED_LENGTH);
  soup_message_headers_replace (headers, "X-Request-Id", request_id);
  soup_message_body_append (soup_server_message_get_response_body (message),
                            SOUP_MEMORY_STATIC, PARTIAL_BODY, strlen (PARTIAL_BODY));
  g_signal_connect (message, "wrote-body-data",
                    G_CALLBACK (on_truncated_body_written), self);
}

typedef struct
{
  GIOStream *stream;
  char      *text;
} RawAnswer;

static void
raw_written_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RawAnswer *answer = user_data;

  g_autoptr(GIOStream) base = NULL;

  /* The client may have gone already: nothing to tell it then. */
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  /* A server that dies sends no TLS close_notify: the client sees the
   * connection end without it. */
  if (G_IS_TLS_CONNECTION (answer->stream))
    g_object_get (answer->stream, "base-io-stream", &base, NULL);
  g_io_stream_close (base != NULL ? base : answer->stream, NULL, NULL);
  g_object_unref (answer->stream);
  g_free (answer->text);
  g_free (answer);
}

/* Sends @text (taken) as the whole answer, then closes the connection:
 * answers cut where SoupServer never cuts them. */
static void
answer_raw_then_close (SoupServerMessage *message,
                       char              *text)
{
  RawAnswer *answer = g_new0 (RawAnswer, 1);

  answer->text = text;
  answer->stream = soup_server_message_steal_connection (message);
  if (answer->stream == NULL)
    {
      g_free (answer->text);
      g_free (answer);
      return;
    }

  g_output_stream_write_all_async (g_io_stream_get_output_stream (answer->stream),
                                   answer->text, strlen (answer->text), G_PRIORITY_DEFAULT,
                                   NULL, raw_written_cb, answer);
}

/* The head of a 200 with @headers ("Name: value\r\n" lines) added. */
static char *
raw_head (const char *headers)
{
  g_autofree char *request_id = new_request_id ();

  return g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "X-Request-Id: %s\r\n%s\r\n", request_id, headers);
}

static void
close_after_status_line (SoupServerMessage *message)
{
  answer_raw_then_close (message, g_strdup ("HTTP/1.1 200 OK\r\n"));
}

static void
close_after_headers (SoupServerMessage *message)
{
  answer_raw_then_close (message, raw_head ("Content-Length: " G_STRINGIFY (TRUNCATED_LENGTH)
                                            "\r\n"));
}

static void
close_mid_chunk (SoupServerMessage *message)
{
  g_autofree char *head = raw_head ("Transfer-Encoding: chunked\r\n");

  /* A chunk of 0x100 bytes announced, fewer sent. */
  answer_raw_then_close (message, g_strconcat (head, "100\r\n" PARTIAL_BODY, NULL));
}

static void
close_short_body (SoupServerMessage *message)
{
  g_autofree char *head = raw_head ("Connection: close\r\nContent-Length: "
                                    G_STRINGIFY (TRUNCATED_LENGTH) "\r\n");

  answer_raw_then_close (message, g_strconcat (head, PARTIAL_BODY, NULL));
}

/* The raw answers are written from the main loop, once the request is
 * done with. */
static void
answer_raw_later (TwDemoServer      *self,
                  SoupServerMessage *message,
                  PendingFunc        func)
{
  soup_server_message_pause (message);
  schedule (self, message, 0, func);
}

static void
respond_oversized (SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  SoupMessageBody *body = soup_server_message_get_response_body (message);
  GString *padding = g_string_new ("{\"success\": true, \"data\": {\"padding\": \"");
  gsize length;

  while (padding->len < OVERSIZED_BODY_SIZE)
    g_string_append (padding, "0123456789abcdef");
  g_string_append (padding, "\"}}");
  length = padding->len;

  /* Chunked, so that the client cannot tell the size in advance. */
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_body_append (body, SOUP_MEMORY_TAKE, g_string_free (padding, FALSE), length);
  soup_message_body_complete (body);
}

static void
respond_retry_later (TwDemoServer      *self,
                     SoupServerMessage *message,
                     guint              status,
                     const char        *message_code,
                     const char        *text)
{
  g_autofree char *seconds = g_strdup_printf ("%u", self->retry_after);

  respond_error (message, status, message_code, text);
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "Retry-After", seconds);
}

static void
respond_server_error (SoupServerMessage *message)
{
  g_autofree char *request_id = new_request_id ();

  respond (message, SOUP_STATUS_INTERNAL_SERVER_ERROR, "text/html",
           g_strdup ("<html><head><title>500 Internal Server Error</title></head>"
                     "<body><h1>Internal Server Error</h1></body></html>"));
  soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                "X-Request-Id", request_id);
}

static void
apply_fault (TwDemoServer      *self,
             SoupServerMessage *message,
             TwDemoFault        fault)
{
  switch (fault)
    {
    case TW_DEMO_FAULT_SERVER_ERROR:
      respond_server_error (message);
      break;
    case TW_DEMO_FAULT_UNAVAILABLE:
      respond_retry_later (self, message, SOUP_STATUS_SERVICE_UNAVAILABLE,
                           "SERVICE_UNAVAILABLE", "Service Unavailable");
      break;
    case TW_DEMO_FAULT_RATE_LIMITED:
      respond_retry_later (self, message, 429, "TOO_MANY_REQUESTS", "Too Many Requests");
      break;
    case TW_DEMO_FAULT_GARBLED:
      respond (message, SOUP_STATUS_OK, "application/json",
               g_strdup ("{\"success\": true, \"data\": {\"meta_"));
      break;
    case TW_DEMO_FAULT_OVERSIZED:
      respond_oversized (message);
      break;
    case TW_DEMO_FAULT_NO_RESPONSE:
      soup_server_message_pause (message);
      break;
    case TW_DEMO_FAULT_SLOW:
      answer_register (self, message);
      soup_server_message_pause (message);
      schedule (self, message, self->delay_ms, resume);
      break;
    case TW_DEMO_FAULT_CLOSE_MID_RESPONSE:
      respond_truncated (self, message);
      break;
    case TW_DEMO_FAULT_ERRORS_ENVELOPE:
      respond_errors_list (message);
      break;
    case TW_DEMO_FAULT_INVALID_TOKEN:
      respond_error (message, SOUP_STATUS_UNAUTHORIZED, "INVALID_TOKEN", "Unauthorized");
      break;
    case TW_DEMO_FAULT_CLOSE_AFTER_STATUS_LINE:
      answer_raw_later (self, message, close_after_status_line);
      break;
    case TW_DEMO_FAULT_CLOSE_AFTER_HEADERS:
      answer_raw_later (self, message, close_after_headers);
      break;
    case TW_DEMO_FAULT_CLOSE_MID_CHUNK:
      answer_raw_later (self, message, close_mid_chunk);
      break;
    case TW_DEMO_FAULT_SHORT_BODY:
      answer_raw_later (self, message, close_short_body);
      break;
    case TW_DEMO_FAULT_NONE:
    default:
      answer_register (self, message);
    }
}

static TwDemoFault
take_fault (TwDemoServer *self)
{
  if (self->fault_count == 0)
    return TW_DEMO_FAULT_NONE;

  self->fault_count--;
  return self->fault;
}

static gboolean
parse_basic (const char  *value,
             char       **client_id,
             char       **client_secret)
{
  g_autofree guchar *decoded = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;
  char *colon;

  decoded = g_base64_decode (value + strlen ("Basic "), &length);
  text = g_strndup ((const char *) decoded, length);
  colon = strchr (text, ':');
  if (colon == NULL)
    return FALSE;

  *client_id = g_strndup (text, colon - text);
  *client_secret = g_strdup (colon + 1);
  return TRUE;
}

static const char *
method_refusal (TwDemoServer *self,
                gboolean      basic)
{
  if (basic && self->auth_methods == TW_DEMO_AUTH_POST_ONLY)
    return "The OAuth 2.0 Client supports client authentication method 'client_secret_post', "
           "but method 'client_secret_basic' was requested.";
  if (!basic && self->auth_methods == TW_DEMO_AUTH_BASIC_ONLY)
    return "The OAuth 2.0 Client supports client authentication method 'client_secret_basic', "
           "but method 'client_secret_post' was requested.";
  return NULL;
}

static void
respond_invalid_grant (SoupServerMessage *message,
                       const char        *why)
{
  g_autofree char *description =
    g_strdup_printf ("The provided authorization grant (e.g., authorization code, resource "
                     "owner credentials) or refresh token is invalid, expired, revoked, does "
                     "not match the redirection URI used in the authorization request, or was "
                     "issued to another client. %s", why);

  respond_oauth_error (message, SOUP_STATUS_BAD_REQUEST, "invalid_grant", description);
}

/* A new refresh token, valid until it is used once. */
static char *
issue_refresh_token (TwDemoServer *self)
{
  g_autofree char *id = new_request_id ();
  char *token = g_strconcat ("demo-refresh-", id, NULL);

  g_hash_table_add (self->refresh_tokens, g_strdup (token));
  return token;
}

static gboolean
scope_has (const char *scope,
           const char *wanted)
{
  g_auto(GStrv) words = g_strsplit (scope != NULL ? scope : "", " ", -1);

  return g_strv_contains ((const char * const *) words, wanted);
}

static void
grant_authorization_code (TwDemoServer      *self,
                          SoupServerMessage *message,
                          const char        *client_id,
                          GHashTable        *form)
{
  const char *code = g_hash_table_lookup (form, "code");
  const char *redirect_uri = g_hash_table_lookup (form, "redirect_uri");
  const char *verifier = g_hash_table_lookup (form, "code_verifier");
  g_autofree char *refresh_token = NULL;
  g_autofree char *challenge = NULL;
  gpointer key = NULL, value = NULL;
  Grant *grant;

  /* Single use: a code is gone once presented, whatever comes next. */
  if (code == NULL || !g_hash_table_steal_extended (self->codes, code, &key, &value))
    {
      respond_invalid_grant (message, "The authorization code is unknown or was used.");
      return;
    }
  g_free (key);
  grant = value;

  if (g_strcmp0 (grant->client_id, client_id) != 0)
    respond_invalid_grant (message, "The code was issued to another client.");
  else if (g_strcmp0 (grant->redirect_uri, redirect_uri) != 0)
    respond_invalid_grant (message, "The redirect_uri does not match the authorization "
                                    "request.");
  else if (grant->challenge != NULL &&
           (verifier == NULL ||
            g_strcmp0 (challenge = tw_oauth_pkce_challenge (verifier), grant->challenge) != 0))
    respond_invalid_grant (message, "The PKCE code_verifier does not match the "
                                    "code_challenge.");
  else
    {
      if (scope_has (grant->scope, "offline"))
        refresh_token = issue_refresh_token (self);
      respond_token (message, refresh_token, grant->scope);
    }

  grant_free (grant);
}

static void
grant_refresh_token (TwDemoServer      *self,
                     SoupServerMessage *message,
                     GHashTable        *form)
{
  const char *old = g_hash_table_lookup (form, "refresh_token");
  g_autofree char *refresh_token = NULL;

  /* Refresh tokens rotate: the one presented is spent. */
  if (old == NULL || !g_hash_table_remove (self->refresh_tokens, old))
    {
      respond_invalid_grant (message, "The refresh token is unknown, was used or was revoked.");
      return;
    }

  refresh_token = issue_refresh_token (self);
  respond_token (message, refresh_token, NULL);
}

static void
answer_token (TwDemoServer      *self,
              SoupServerMessage *message,
              GHashTable        *form)
{
  const char *grant_type = g_hash_table_lookup (form, "grant_type");
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  gboolean basic = authorization != NULL && g_ascii_strncasecmp (authorization, "Basic ", 6) == 0;
  g_autofree char *client_id = NULL;
  g_autofree char *client_secret = NULL;
  const char *refusal;

  if (basic && !parse_basic (authorization, &client_id, &client_secret))
    basic = FALSE;
  if (!basic)
    {
      client_id = g_strdup (g_hash_table_lookup (form, "client_id"));
      client_secret = g_strdup (g_hash_table_lookup (form, "client_secret"));
    }

  refusal = client_secret != NULL ? method_refusal (self, basic) : NULL;
  if (refusal != NULL ||
      g_strcmp0 (client_id, TW_DEMO_CLIENT_ID) != 0 ||
      g_strcmp0 (client_secret, TW_DEMO_CLIENT_SECRET) != 0)
    {
      g_autofree char *description =
        g_strdup_printf ("Client authentication failed (e.g., unknown client, no client "
                         "authentication included, or unsupported authentication method).%s%s",
                         refusal != NULL ? " " : "", refusal != NULL ? refusal : "");

      respond_oauth_error (message, SOUP_STATUS_UNAUTHORIZED, "invalid_client", description);
      return;
    }

  if (g_strcmp0 (grant_type, "authorization_code") == 0)
    grant_authorization_code (self, message, client_id, form);
  else if (g_strcmp0 (grant_type, "refresh_token") == 0)
    grant_refresh_token (self, message, form);
  else
    respond_token (message, NULL, NULL);
}

static void
handle_token (TwDemoServer      *self,
              SoupServerMessage *message)
{
  g_autoptr(GBytes) body = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) form = NULL;
  gsize length;
  const char *data;

  body = soup_message_body_flatten (soup_server_message_get_request_body (message));
  data = g_bytes_get_data (body, &length);
  text = g_strndup (data != NULL ? data : "", length);
  form = soup_form_decode (text);

  if (!g_strv_contains ((const char * const[]) { "client_credentials", "authorization_code",
                                                 "refresh_token", NULL },
                        g_hash_table_lookup (form, "grant_type") != NULL
                        ? g_hash_table_lookup (form, "grant_type") : ""))
    respond_oauth_error (message, SOUP_STATUS_BAD_REQUEST, "unsupported_grant_type",
                         "The authorization grant type is not supported by the "
                         "authorization server.");
  else
    answer_token (self, message, form);
}

/* Sends the browser back to @redirect_uri with @fields (name, value pairs,
 * NULL-terminated; a NULL value leaves the pair out). */
static void
redirect_back (SoupServerMessage *message,
               const char        *redirect_uri,
               ...)
{
  g_autoptr(GString) location = g_string_new (redirect_uri);
  gboolean first = strchr (redirect_uri, '?') == NULL;
  const char *name;
  va_list args;

  va_start (args, redirect_uri);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        continue;
      g_string_append_c (location, first ? '?' : '&');
      first = FALSE;
      g_string_append_uri_escaped (location, name, NULL, FALSE);
      g_string_append_c (location, '=');
      g_string_append_uri_escaped (location, value, NULL, FALSE);
    }
  va_end (args);

  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location->str);
}

/* Tiki's consent page, minus the page: the seller approves at once, or
 * refuses for the client TW_DEMO_DENY_CLIENT_ID. Broken requests that
 * cannot be sent back get an error page, as Hydra does. */
static void
handle_authorize (TwDemoServer      *self,
                  SoupServerMessage *message,
                  GHashTable        *query)
{
  const char *client_id = query != NULL ? g_hash_table_lookup (query, "client_id") : NULL;
  const char *redirect_uri = query != NULL ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  const char *challenge = query != NULL ? g_hash_table_lookup (query, "code_challenge") : NULL;
  const char *method = query != NULL ? g_hash_table_lookup (query, "code_challenge_method")
                                     : NULL;
  const char *scope = query != NULL ? g_hash_table_lookup (query, "scope") : NULL;
  g_autoptr(GUri) uri = redirect_uri != NULL ? g_uri_parse (redirect_uri, G_URI_FLAGS_NONE, NULL)
                                             : NULL;
  g_autofree char *code = NULL;
  Grant *grant;

  if (g_strcmp0 (client_id, TW_DEMO_CLIENT_ID) != 0 &&
      g_strcmp0 (client_id, TW_DEMO_DENY_CLIENT_ID) != 0)
    {
      respond_oauth_error (message, SOUP_STATUS_UNAUTHORIZED, "invalid_client",
                           "Client authentication failed (e.g., unknown client, no client "
                           "authentication included, or unsupported authentication method).");
      return;
    }
  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      respond_oauth_error (message, SOUP_STATUS_BAD_REQUEST, "invalid_request",
                           "The request is missing a valid redirect_uri.");
      return;
    }

  if (g_strcmp0 (g_hash_table_lookup (query, "response_type"), "code") != 0)
    redirect_back (message, redirect_uri, "error", "unsupported_response_type",
                   "error_description", "The authorization server does not support obtaining "
                   "a token using this method.", "state", state, NULL);
  else if (challenge != NULL && g_strcmp0 (method, "S256") != 0)
    redirect_back (message, redirect_uri, "error", "invalid_request",
                   "error_description", "Only the S256 code_challenge_method is supported.",
                   "state", state, NULL);
  else if (strcmp (client_id, TW_DEMO_DENY_CLIENT_ID) == 0)
    redirect_back (message, redirect_uri, "error", "access_denied",
                   "error_description", "The resource owner or authorization server denied "
                   "the request.", "error_hint", "The seller did not allow access.",
                   "state", state, NULL);
  else
    {
      code = new_request_id ();
      grant = g_new0 (Grant, 1);
      grant->client_id = g_strdup (client_id);
      grant->redirect_uri = g_strdup (redirect_uri);
      grant->challenge = g_strdup (challenge);
      grant->scope = g_strdup (scope != NULL ? scope : DEMO_SCOPE);
      g_hash_table_replace (self->codes, g_strdup (code), grant);
      redirect_back (message, redirect_uri, "code", code, "scope", grant->scope,
                     "state", state, NULL);
    }
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TwDemoServer *self = user_data;
  gboolean is_post = strcmp (soup_server_message_get_method (message), SOUP_METHOD_POST) == 0;

  record_request (self, message);
  g_debug ("%s %s", soup_server_message_get_method (message), path);

  if (strcmp (path, TW_API_REGISTER_PATH) == 0 && is_post)
    apply_fault (self, message, take_fault (self));
  else if (strcmp (path, TW_AUTH_TOKEN_PATH) == 0 && is_post)
    handle_token (self, message);
  else if (strcmp (path, TW_OAUTH_AUTHORIZE_PATH) == 0 &&
           strcmp (soup_server_message_get_method (message), SOUP_METHOD_GET) == 0)
    handle_authorize (self, message, query);
  else if (strcmp (path, TW_API_REGISTER_PATH) == 0 || strcmp (path, TW_AUTH_TOKEN_PATH) == 0)
    respond_error (message, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                   "Method Not Allowed");
  else
    respond_error (message, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "Not Found");
}

static void
tw_demo_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwDemoServer *self = TW_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_FLAVOUR:
      g_value_set_enum (value, self->flavour);
      break;
    case PROP_AUTH_METHODS:
      g_value_set_enum (value, self->auth_methods);
      break;
    case PROP_RETRY_AFTER:
      g_value_set_uint (value, self->retry_after);
      break;
    case PROP_DELAY_MS:
      g_value_set_uint (value, self->delay_ms);
      break;
    case PROP_TLS_CERTIFICATE:
      g_value_set_object (value, self->tls_certificate);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_demo_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TwDemoServer *self = TW_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_FLAVOUR:
      tw_demo_server_set_flavour (self, g_value_get_enum (value));
      break;
    case PROP_AUTH_METHODS:
      tw_demo_server_set_auth_methods (self, g_value_get_enum (value));
      break;
    case PROP_RETRY_AFTER:
      tw_demo_server_set_retry_after (self, g_value_get_uint (value));
      break;
    case PROP_DELAY_MS:
      tw_demo_server_set_delay_ms (self, g_value_get_uint (value));
      break;
    case PROP_TLS_CERTIFICATE:
      tw_demo_server_set_tls_certificate (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_demo_server_dispose (GObject *object)
{
  TwDemoServer *self = TW_DEMO_SERVER (object);

  tw_demo_server_stop (self);
  g_clear_object (&self->tls_certificate);

  G_OBJECT_CLASS (tw_demo_server_parent_class)->dispose (object);
}

static void
tw_demo_server_finalize (GObject *object)
{
  TwDemoServer *self = TW_DEMO_SERVER (object);

  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->codes, g_hash_table_unref);
  g_clear_pointer (&self->refresh_tokens, g_hash_table_unref);

  G_OBJECT_CLASS (tw_demo_server_parent_class)->finalize (object);
}

static void
tw_demo_server_class_init (TwDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags =
    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = tw_demo_server_get_property;
  object_class->set_property = tw_demo_server_set_property;
  object_class->dispose = tw_demo_server_dispose;
  object_class->finalize = tw_demo_server_finalize;

  properties[PROP_FLAVOUR] =
    g_param_spec_enum ("flavour", NULL, NULL, TW_TYPE_API_FLAVOUR, TW_API_FLAVOUR_CURRENT, flags);
  properties[PROP_AUTH_METHODS] =
    g_param_spec_enum ("auth-methods", NULL, NULL, TW_TYPE_DEMO_AUTH_METHODS, TW_DEMO_AUTH_ANY,
                       flags);
  properties[PROP_RETRY_AFTER] =
    g_param_spec_uint ("retry-after", NULL, NULL, 0, 3600, 1, flags);
  properties[PROP_DELAY_MS] =
    g_param_spec_uint ("delay-ms", NULL, NULL, 0, 600000, 2000, flags);
  properties[PROP_TLS_CERTIFICATE] =
    g_param_spec_object ("tls-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE, flags);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_demo_server_init (TwDemoServer *self)
{
  self->flavour = TW_API_FLAVOUR_CURRENT;
  self->retry_after = 1;
  self->delay_ms = 2000;
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) request_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_source_unref);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, grant_free);
  self->refresh_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

TwDemoServer *
tw_demo_server_new (void)
{
  return g_object_new (TW_TYPE_DEMO_SERVER, NULL);
}

static void
set_base_url (TwDemoServer *self,
              char         *base_url)
{
  if (g_strcmp0 (self->base_url, base_url) == 0)
    {
      g_free (base_url);
      return;
    }

  g_free (self->base_url);
  self->base_url = base_url;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

gboolean
tw_demo_server_start (TwDemoServer  *self,
                      guint          port,
                      GError       **error)
{
  g_autoptr(SoupServer) server = NULL;
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  GSList *uris;

  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);

  server = soup_server_new ("tls-certificate", self->tls_certificate, NULL);
  soup_server_add_handler (server, NULL, on_request, self, NULL);
  if (self->tls_certificate != NULL)
    options |= SOUP_SERVER_LISTEN_HTTPS;

  if (!soup_server_listen_local (server, port, options, error))
    return FALSE;

  uris = soup_server_get_uris (server);
  self->port = uris != NULL ? (guint) g_uri_get_port (uris->data) : port;
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->server = g_steal_pointer (&server);
  set_base_url (self, g_strdup_printf ("%s://127.0.0.1:%u",
                                       self->tls_certificate != NULL ? "https" : "http",
                                       self->port));
  return TRUE;
}

void
tw_demo_server_stop (TwDemoServer *self)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  for (guint i = 0; i < self->pending->len; i++)
    g_source_destroy (g_ptr_array_index (self->pending, i));
  g_ptr_array_set_size (self->pending, 0);

  if (self->server == NULL)
    return;

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  self->port = 0;
  set_base_url (self, NULL);
}

const char *
tw_demo_server_get_base_url (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), NULL);

  return self->base_url;
}

guint
tw_demo_server_get_port (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), 0);

  return self->port;
}

TwApiFlavour
tw_demo_server_get_flavour (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), TW_API_FLAVOUR_CURRENT);

  return self->flavour;
}

void
tw_demo_server_set_flavour (TwDemoServer *self,
                            TwApiFlavour  flavour)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  if (self->flavour == flavour)
    return;

  self->flavour = flavour;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOUR]);
}

TwDemoAuthMethods
tw_demo_server_get_auth_methods (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), TW_DEMO_AUTH_ANY);

  return self->auth_methods;
}

void
tw_demo_server_set_auth_methods (TwDemoServer      *self,
                                 TwDemoAuthMethods  methods)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  if (self->auth_methods == methods)
    return;

  self->auth_methods = methods;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH_METHODS]);
}

guint
tw_demo_server_get_retry_after (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), 0);

  return self->retry_after;
}

void
tw_demo_server_set_retry_after (TwDemoServer *self,
                                guint         seconds)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  if (self->retry_after == seconds)
    return;

  self->retry_after = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AFTER]);
}

guint
tw_demo_server_get_delay_ms (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), 0);

  return self->delay_ms;
}

void
tw_demo_server_set_delay_ms (TwDemoServer *self,
                             guint         delay_ms)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  if (self->delay_ms == delay_ms)
    return;

  self->delay_ms = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELAY_MS]);
}

/**
 * tw_demo_server_get_tls_certificate:
 * @self: a #TwDemoServer
 *
 * Returns: (transfer none) (nullable): the certificate served over HTTPS
 */
GTlsCertificate *
tw_demo_server_get_tls_certificate (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), NULL);

  return self->tls_certificate;
}

void
tw_demo_server_set_tls_certificate (TwDemoServer    *self,
                                    GTlsCertificate *certificate)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  if (g_set_object (&self->tls_certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TLS_CERTIFICATE]);
}

void
tw_demo_server_set_fault (TwDemoServer *self,
                          TwDemoFault   fault,
                          guint         count)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  self->fault = fault;
  self->fault_count = fault == TW_DEMO_FAULT_NONE ? 0 : count;
}

guint
tw_demo_server_get_n_requests (TwDemoServer *self)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), 0);

  return self->requests->len;
}

/**
 * tw_demo_server_get_request:
 * @self: a #TwDemoServer
 * @position: the index, in arrival order
 *
 * Returns: (transfer none) (nullable): the request, %NULL past the end
 */
const TwDemoRequest *
tw_demo_server_get_request (TwDemoServer *self,
                            guint         position)
{
  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), NULL);

  if (position >= self->requests->len)
    return NULL;
  return g_ptr_array_index (self->requests, position);
}

guint
tw_demo_server_count_requests (TwDemoServer *self,
                               const char   *path)
{
  guint count = 0;

  g_return_val_if_fail (TW_IS_DEMO_SERVER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      const TwDemoRequest *request = g_ptr_array_index (self->requests, i);

      if (g_strcmp0 (request->path, path) == 0)
        count++;
    }

  return count;
}

void
tw_demo_server_clear_requests (TwDemoServer *self)
{
  g_return_if_fail (TW_IS_DEMO_SERVER (self));

  g_ptr_array_set_size (self->requests, 0);
}
