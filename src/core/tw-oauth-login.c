/* tw-oauth-login.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-oauth-login"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tw-api-result-private.h"
#include "tw-error.h"
#include "tw-oauth-login.h"
#include "tw-secret.h"

/* After the answer page is handed to libsoup, how long the listener may
 * stay open for the browser to read it. */
#define PAGE_GRACE_SECONDS 3
/* Text from the callback's URL shown to the seller is cut to this. */
#define MAX_SERVER_TEXT 500

struct _TwOAuthLogin
{
  GObject            parent_instance;

  TwApiClient       *client;
  TwAuth            *auth;
  char              *profile;
  guint              timeout;

  gboolean           started;
  char              *redirect_uri;
  char              *callback_path;
  char              *state;
  char              *verifier;
  char              *authorize_url;
  SoupServer        *server;

  GTask             *task;
  GSource           *timeout_source;
  gulong             cancelled_id;
  GCancellable      *exchange_cancellable;

  /* The browser's callback: its request waits (paused) for the outcome,
   * so the page can tell whether the login worked. */
  SoupServerMessage *callback_message;
  gulong             finished_id;
  GSource           *grace_source;
  char              *code;
  char              *returned_state;
  char              *error_code;
  char              *error_description;
  char              *error_hint;
  GError            *outcome;
  gboolean           concluded;
};

G_DEFINE_FINAL_TYPE (TwOAuthLogin, tw_oauth_login, G_TYPE_OBJECT)

static void process_callback (TwOAuthLogin *self);

static void
destroy_source (GSource **source)
{
  if (*source == NULL)
    return;

  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static void
close_listener (TwOAuthLogin *self)
{
  if (self->callback_message != NULL)
    {
      g_clear_signal_handler (&self->finished_id, self->callback_message);
      g_clear_object (&self->callback_message);
    }

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_clear_object (&self->server);
      g_debug ("Loopback listener closed");
    }
}

static void
tw_oauth_login_dispose (GObject *object)
{
  TwOAuthLogin *self = TW_OAUTH_LOGIN (object);

  destroy_source (&self->timeout_source);
  destroy_source (&self->grace_source);
  close_listener (self);
  if (self->exchange_cancellable != NULL)
    g_cancellable_cancel (self->exchange_cancellable);
  g_clear_object (&self->exchange_cancellable);
  g_clear_object (&self->client);
  g_clear_object (&self->auth);

  G_OBJECT_CLASS (tw_oauth_login_parent_class)->dispose (object);
}

static void
tw_oauth_login_finalize (GObject *object)
{
  TwOAuthLogin *self = TW_OAUTH_LOGIN (object);

  g_free (self->profile);
  g_free (self->redirect_uri);
  g_free (self->callback_path);
  g_clear_pointer (&self->state, tw_secret_free);
  g_clear_pointer (&self->verifier, tw_secret_free);
  g_free (self->authorize_url);
  g_clear_pointer (&self->code, tw_secret_free);
  g_free (self->returned_state);
  g_free (self->error_code);
  g_free (self->error_description);
  g_free (self->error_hint);
  g_clear_error (&self->outcome);

  G_OBJECT_CLASS (tw_oauth_login_parent_class)->finalize (object);
}

static void
tw_oauth_login_class_init (TwOAuthLoginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tw_oauth_login_dispose;
  object_class->finalize = tw_oauth_login_finalize;
}

static void
tw_oauth_login_init (TwOAuthLogin *self)
{
  self->timeout = TW_OAUTH_LOGIN_TIMEOUT_SECONDS;
}

TwOAuthLogin *
tw_oauth_login_new (TwApiClient *client,
                    TwAuth      *auth,
                    const char  *profile)
{
  TwOAuthLogin *self;

  g_return_val_if_fail (TW_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (TW_IS_AUTH (auth), NULL);

  self = g_object_new (TW_TYPE_OAUTH_LOGIN, NULL);
  self->client = g_object_ref (client);
  self->auth = g_object_ref (auth);
  self->profile = g_strdup (profile);
  return self;
}

void
tw_oauth_login_set_timeout (TwOAuthLogin *self,
                            guint         seconds)
{
  g_return_if_fail (TW_IS_OAUTH_LOGIN (self));
  g_return_if_fail (seconds > 0);

  self->timeout = seconds;
}

const char *
tw_oauth_login_get_authorize_url (TwOAuthLogin *self)
{
  g_return_val_if_fail (TW_IS_OAUTH_LOGIN (self), NULL);

  return self->authorize_url;
}

/* Helpers */

char *
tw_oauth_pkce_challenge (const char *verifier)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length = sizeof digest;
  char *text;
  gsize end;

  g_return_val_if_fail (verifier != NULL, NULL);

  g_checksum_update (checksum, (const guchar *) verifier, strlen (verifier));
  g_checksum_get_digest (checksum, digest, &length);

  /* base64url: the URL-safe alphabet, no padding. */
  text = g_base64_encode (digest, length);
  g_strdelimit (text, "+", '-');
  g_strdelimit (text, "/", '_');
  end = strcspn (text, "=");
  text[end] = '\0';
  return text;
}

char *
tw_oauth_format_logged_in (GDateTime *expires_at)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *time = NULL;

  if (expires_at == NULL)
    return g_strdup (_("Logged in"));

  local = g_date_time_to_local (expires_at);
  time = g_date_time_format (local, "%H:%M");
  /* Translators: %s is a time of day such as “14:35” */
  return g_strdup_printf (_("Logged in — valid until %s"), time);
}

/* Whether two secrets match, in time that does not depend on where they
 * differ. */
static gboolean
secrets_equal (const char *a,
               const char *b)
{
  gsize length;
  guint8 diff = 0;

  if (a == NULL || b == NULL)
    return FALSE;

  length = strlen (a);
  if (strlen (b) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}

static void
append_query_field (GString    *query,
                    const char *name,
                    const char *value)
{
  g_string_append_c (query, query->len > 0 ? '&' : '?');
  g_string_append_uri_escaped (query, name, NULL, FALSE);
  g_string_append_c (query, '=');
  g_string_append_uri_escaped (query, value, NULL, FALSE);
}

/* Start */

static gboolean
bad_redirect_uri (const char  *redirect_uri,
                  GError     **error)
{
  g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
               /* Translators: %s is the redirect URI typed by the user */
               _("Redirect URI: “%s” cannot be used. Use http://127.0.0.1:PORT/PATH (or "
                 "localhost), exactly as registered in the Tiki console, e.g. "
                 "http://127.0.0.1:8765/callback."), redirect_uri);
  return FALSE;
}

/* Only a loopback http URI with a port and a path: the answer must come
 * to the listener of this app, never leave the machine. */
static gboolean
check_redirect_uri (TwOAuthLogin  *self,
                    guint         *port,
                    GError       **error)
{
  g_autoptr(GUri) uri = g_uri_parse (self->redirect_uri, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 ||
      g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL || g_uri_get_port (uri) <= 0 ||
      g_uri_get_port (uri) > G_MAXUINT16 || g_uri_get_path (uri)[0] != '/')
    return bad_redirect_uri (self->redirect_uri, error);

  host = g_uri_get_host (uri);
  if (g_strcmp0 (host, "127.0.0.1") != 0 && g_ascii_strcasecmp (host, "localhost") != 0)
    return bad_redirect_uri (self->redirect_uri, error);

  *port = (guint) g_uri_get_port (uri);
  self->callback_path = g_strdup (g_uri_get_path (uri));
  return TRUE;
}

static void on_request (SoupServer        *server,
                        SoupServerMessage *message,
                        const char        *path,
                        GHashTable        *query,
                        gpointer           user_data);

static gboolean
listen_loopback (TwOAuthLogin  *self,
                 guint          port,
                 GError       **error)
{
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;

  soup_server_add_handler (server, NULL, on_request, self, NULL);

  /* 127.0.0.1 only: nothing on the network may answer in the seller's
   * name. */
  address = g_inet_socket_address_new_from_string ("127.0.0.1", port);
  if (!soup_server_listen (server, address, 0, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                     /* Translators: %u is a TCP port number */
                     _("Port %u is already in use by another program: close it or choose "
                       "another port, and register the new redirect URI in the Tiki "
                       "console."), port);
      else
        g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                     /* Translators: %u is a TCP port number, %s the system's message */
                     _("Could not wait for the browser on port %u: %s"), port,
                     local_error->message);
      return FALSE;
    }

  g_debug ("Waiting for the browser on 127.0.0.1:%u%s", port, self->callback_path);
  self->server = g_steal_pointer (&server);
  return TRUE;
}

static char *
build_authorize_url (TwOAuthLogin *self)
{
  g_autofree char *base = tw_auth_resolve_base (tw_auth_get_auth_base (self->auth));
  g_autofree char *challenge = tw_oauth_pkce_challenge (self->verifier);
  g_autoptr(GString) query = g_string_new (NULL);

  append_query_field (query, "response_type", "code");
  append_query_field (query, "client_id", tw_auth_get_client_id (self->auth));
  append_query_field (query, "redirect_uri", self->redirect_uri);
  append_query_field (query, "scope", tw_auth_get_effective_scopes (self->auth));
  append_query_field (query, "state", self->state);
  append_query_field (query, "code_challenge", challenge);
  append_query_field (query, "code_challenge_method", "S256");

  return g_strconcat (base, TW_OAUTH_AUTHORIZE_PATH, query->str, NULL);
}

gboolean
tw_oauth_login_start (TwOAuthLogin  *self,
                      GError       **error)
{
  const char *client_id;
  const char *client_secret;
  g_autoptr(TwSecretString) first = NULL;
  g_autoptr(TwSecretString) second = NULL;
  guint port = 0;

  g_return_val_if_fail (TW_IS_OAUTH_LOGIN (self), FALSE);
  g_return_val_if_fail (!self->started, FALSE);

  client_id = tw_auth_get_client_id (self->auth);
  client_secret = tw_auth_get_client_secret (self->auth);
  if (client_id == NULL || *client_id == '\0')
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("Client ID: enter the client ID of your public app."));
      return FALSE;
    }
  if (client_secret == NULL || *client_secret == '\0')
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("Client secret: enter the client secret of your public app."));
      return FALSE;
    }

  self->redirect_uri = tw_auth_dup_effective_redirect_uri (self->auth);
  if (!check_redirect_uri (self, &port, error))
    return FALSE;

  /* 190 bits of state, and a 64-character verifier of unreserved
   * characters (RFC 7636 wants 43 to 128). */
  self->state = tw_secret_generate (error);
  first = self->state != NULL ? tw_secret_generate (error) : NULL;
  second = first != NULL ? tw_secret_generate (error) : NULL;
  if (second == NULL)
    return FALSE;
  self->verifier = g_strconcat (first, second, NULL);

  if (!listen_loopback (self, port, error))
    return FALSE;

  self->authorize_url = build_authorize_url (self);
  self->started = TRUE;
  return TRUE;
}

/* The page for the browser */

static char *
build_page (const GError *error)
{
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *heading = NULL;

  title = g_markup_escape_text (_("Tiki Webhooks"), -1);
  if (error == NULL)
    {
      heading = g_markup_escape_text (_("You are logged in to Tiki Webhooks."), -1);
      text = g_markup_escape_text (_("You can close this tab."), -1);
    }
  else
    {
      heading = g_markup_escape_text (_("The login to Tiki Webhooks did not succeed."), -1);
      text = g_markup_escape_text (error->message, -1);
    }

  return g_strdup_printf ("<!DOCTYPE html>\n"
                          "<html><head><meta charset=\"utf-8\">"
                          "<meta name=\"viewport\" content=\"width=device-width\">"
                          "<title>%s</title></head>\n"
                          "<body style=\"font-family: sans-serif; margin: 3em auto; "
                          "max-width: 40em; white-space: pre-line\">\n"
                          "<h1>%s</h1>\n<p>%s</p>\n</body></html>\n",
                          title, heading, text);
}

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const GError      *error)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);
  char *page = build_page (error);

  /* The URL held the authorization code: nothing of it may be cached or
   * passed on. */
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, "Referrer-Policy", "no-referrer");
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_TAKE,
                                    page, strlen (page));
}

/* Outcome */

static void
complete (TwOAuthLogin *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  destroy_source (&self->grace_source);
  close_listener (self);

  if (self->outcome != NULL)
    g_task_return_error (task, g_steal_pointer (&self->outcome));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
on_page_done (gpointer user_data)
{
  TwOAuthLogin *self = user_data;

  g_clear_pointer (&self->grace_source, g_source_unref);
  complete (self);
  return G_SOURCE_REMOVE;
}

static void
on_page_finished (SoupServerMessage *message,
                  gpointer           user_data)
{
  TwOAuthLogin *self = user_data;

  /* Not from within libsoup's own signal: the listener is torn down. */
  g_clear_signal_handler (&self->finished_id, message);
  destroy_source (&self->grace_source);
  self->grace_source = g_idle_source_new ();
  /* Not below the frame clock: an animating window must not starve it. */
  g_source_set_priority (self->grace_source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->grace_source, on_page_done, self, NULL);
  g_source_attach (self->grace_source, g_task_get_context (self->task));
}

/* Ends the attempt with @error (taken; NULL for success): the browser gets
 * its page first, when it is waiting for one. */
static void
conclude (TwOAuthLogin *self,
          GError       *error)
{
  GCancellable *cancellable = g_task_get_cancellable (self->task);

  g_return_if_fail (!self->concluded);

  self->concluded = TRUE;
  self->outcome = error;
  destroy_source (&self->timeout_source);
  if (self->cancelled_id != 0)
    g_clear_signal_handler (&self->cancelled_id, cancellable);

  if (error != NULL)
    g_debug ("Login failed: %s", error->message);

  if (self->callback_message == NULL)
    {
      complete (self);
      return;
    }

  respond_page (self->callback_message, error == NULL ? SOUP_STATUS_OK
                : SOUP_STATUS_BAD_REQUEST, error);
  self->finished_id = g_signal_connect (self->callback_message, "finished",
                                        G_CALLBACK (on_page_finished), self);
  self->grace_source = g_timeout_source_new_seconds (PAGE_GRACE_SECONDS);
  g_source_set_callback (self->grace_source, on_page_done, self, NULL);
  g_source_attach (self->grace_source, g_task_get_context (self->task));
  soup_server_message_unpause (self->callback_message);
}

static gboolean
on_timeout (gpointer user_data)
{
  TwOAuthLogin *self = user_data;
  guint seconds = self->timeout;

  g_clear_pointer (&self->timeout_source, g_source_unref);

  if (seconds % 60 == 0)
    conclude (self, g_error_new (TW_ERROR, TW_ERROR_TIMED_OUT,
                                 /* Translators: %u is a number of minutes */
                                 ngettext ("Nobody logged in within %u minute, so the login "
                                           "was stopped. Start it again when you are ready.",
                                           "Nobody logged in within %u minutes, so the login "
                                           "was stopped. Start it again when you are ready.",
                                           seconds / 60), seconds / 60));
  else
    conclude (self, g_error_new (TW_ERROR, TW_ERROR_TIMED_OUT,
                                 /* Translators: %u is a number of seconds */
                                 ngettext ("Nobody logged in within %u second, so the login "
                                           "was stopped. Start it again when you are ready.",
                                           "Nobody logged in within %u seconds, so the login "
                                           "was stopped. Start it again when you are ready.",
                                           seconds), seconds));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  TwOAuthLogin *self = user_data;

  /* The exchange in flight ends as cancelled, and concludes. */
  if (self->exchange_cancellable != NULL)
    {
      g_cancellable_cancel (self->exchange_cancellable);
      return;
    }

  conclude (self, g_error_new_literal (TW_ERROR, TW_ERROR_CANCELLED,
                                       tw_error_explain (TW_ERROR_CANCELLED)));
}

/* The callback */

/* Text from the URL, as shown to the seller: valid UTF-8, bounded. */
static char *
server_text (const char *text)
{
  g_autofree char *valid = NULL;
  const char *end;

  if (text == NULL || *text == '\0')
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) <= MAX_SERVER_TEXT)
    return g_steal_pointer (&valid);

  end = g_utf8_offset_to_pointer (valid, MAX_SERVER_TEXT);
  return g_strdup_printf ("%.*s…", (int) (end - valid), valid);
}

/* What an error callback means, in words (RFC 6749 §4.1.2.1 codes). */
static char *
explain_callback_error (TwOAuthLogin *self)
{
  const char *code = self->error_code;
  g_autofree char *shown_code = server_text (code);
  g_autofree char *description = server_text (self->error_description);
  g_autofree char *hint = server_text (self->error_hint);
  GString *text;

  if (g_strcmp0 (code, "access_denied") == 0)
    text = g_string_new (_("Access was not allowed in the browser, so you are not logged in. "
                           "Log in again and allow access to continue."));
  else if (g_strcmp0 (code, "invalid_scope") == 0)
    text = g_string_new (_("Tiki does not accept the requested scopes: compare them with the "
                           "scopes of your app in the Tiki console."));
  else if (g_strcmp0 (code, "unauthorized_client") == 0 ||
           g_strcmp0 (code, "invalid_client") == 0)
    text = g_string_new (_("Tiki does not allow this app to log in: check the client ID, "
                           "and that the app is a public app in the Tiki console."));
  else if (g_strcmp0 (code, "invalid_request") == 0)
    text = g_string_new (_("Tiki found the login request invalid: check that the redirect "
                           "URI is registered exactly like this in the Tiki console."));
  else if (g_strcmp0 (code, "server_error") == 0 ||
           g_strcmp0 (code, "temporarily_unavailable") == 0)
    text = g_string_new (_("Tiki could not handle the login just now: try again in a few "
                           "minutes."));
  else
    {
      text = g_string_new (NULL);
      /* Translators: %s is an OAuth error code such as “unsupported_response_type” */
      g_string_printf (text, _("Tiki refused the login (%s)."), shown_code);
    }

  /* Tiki's own words, in English, for a search or a support request. */
  if (description != NULL)
    g_string_append_printf (text, "\n%s", description);
  if (hint != NULL && g_strcmp0 (hint, description) != 0)
    g_string_append_printf (text, "\n%s", hint);

  return g_string_free (text, FALSE);
}

static void
exchange_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TwOAuthLogin) self = user_data;
  g_autoptr(TwApiResult) api_result = NULL;
  GError *error = NULL;

  api_result = tw_api_client_exchange_code_finish (TW_API_CLIENT (source), result, &error);
  g_clear_object (&self->exchange_cancellable);

  if (api_result != NULL && !tw_api_result_propagate_error (api_result, &error))
    {
      if (g_error_matches (error, TW_ERROR, TW_ERROR_AUTH_FAILED))
        {
          g_autofree char *detail = NULL;

          if (api_result->message_code != NULL && api_result->message != NULL)
            detail = g_strdup_printf ("%s: %s", api_result->message_code, api_result->message);
          else
            detail = g_strdup (api_result->message != NULL ? api_result->message
                               : api_result->message_code);

          g_clear_error (&error);
          error = g_error_new (TW_ERROR, TW_ERROR_AUTH_FAILED, "%s%s%s",
                               _("Tiki refused to complete the login. Check the client "
                                 "secret, the authentication method and that the redirect URI "
                                 "is registered in the Tiki console, then log in again."),
                               detail != NULL ? "\n" : "", detail != NULL ? detail : "");
        }
    }

  conclude (self, error);
}

static void
process_callback (TwOAuthLogin *self)
{
  if (self->returned_state != NULL && !secrets_equal (self->returned_state, self->state))
    conclude (self, g_error_new_literal (TW_ERROR, TW_ERROR_AUTH_FAILED,
                                         _("The browser's answer does not belong to this "
                                           "login (its state does not match), so it was "
                                           "refused for your safety. Log in again.")));
  else if (self->error_code != NULL)
    {
      g_autofree char *explanation = explain_callback_error (self);

      conclude (self, g_error_new_literal (TW_ERROR, TW_ERROR_AUTH_FAILED, explanation));
    }
  else if (self->returned_state == NULL)
    conclude (self, g_error_new_literal (TW_ERROR, TW_ERROR_AUTH_FAILED,
                                         _("The browser's answer has no state, so it cannot "
                                           "be checked and was refused for your safety. Log "
                                           "in again.")));
  else if (self->code == NULL)
    conclude (self, g_error_new_literal (TW_ERROR, TW_ERROR_AUTH_FAILED,
                                         _("The browser came back without an authorization "
                                           "code. Log in again.")));
  else
    {
      self->exchange_cancellable = g_cancellable_new ();
      tw_api_client_exchange_code_async (self->client, self->profile, self->auth, self->code,
                                         self->redirect_uri, self->verifier,
                                         self->exchange_cancellable, exchange_cb,
                                         g_object_ref (self));
      tw_secret_free (g_steal_pointer (&self->code));
    }
}

static char *
dup_param (GHashTable *query,
           const char *name)
{
  const char *value = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

static void
on_request (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  TwOAuthLogin *self = user_data;
  const char *method = soup_server_message_get_method (message);

  /* Favicons and other strays do not end the wait. */
  if (g_strcmp0 (path, self->callback_path) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (g_strcmp0 (method, SOUP_METHOD_GET) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  /* One callback per attempt; a second one (a reload) finds it taken. */
  if (self->callback_message != NULL || self->concluded)
    {
      soup_server_message_set_status (message, SOUP_STATUS_CONFLICT, NULL);
      return;
    }

  g_debug ("Callback from the browser");
  self->callback_message = g_object_ref (message);
  self->code = dup_param (query, "code");
  self->returned_state = dup_param (query, "state");
  self->error_code = dup_param (query, "error");
  self->error_description = dup_param (query, "error_description");
  self->error_hint = dup_param (query, "error_hint");
  soup_server_message_pause (message);

  /* The wait for the seller is over; the exchange has its own timeout. */
  destroy_source (&self->timeout_source);

  if (self->task != NULL)
    process_callback (self);
}

/* Waiting */

void
tw_oauth_login_wait_async (TwOAuthLogin        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (TW_IS_OAUTH_LOGIN (self));
  g_return_if_fail (self->started);
  g_return_if_fail (self->task == NULL && !self->concluded);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, tw_oauth_login_wait_async);
  /* TW_ERROR_CANCELLED, and only once the listener is closed. */
  g_task_set_check_cancellable (self->task, FALSE);

  if (g_cancellable_is_cancelled (cancellable))
    {
      conclude (self, g_error_new_literal (TW_ERROR, TW_ERROR_CANCELLED,
                                           tw_error_explain (TW_ERROR_CANCELLED)));
      return;
    }

  if (cancellable != NULL)
    self->cancelled_id = g_signal_connect (cancellable, "cancelled",
                                           G_CALLBACK (on_cancelled), self);

  /* The browser may have been quicker than this call. */
  if (self->callback_message != NULL)
    {
      process_callback (self);
      return;
    }

  self->timeout_source = g_timeout_source_new_seconds (self->timeout);
  g_source_set_name (self->timeout_source, "[tw-oauth-login] timeout");
  g_source_set_callback (self->timeout_source, on_timeout, self, NULL);
  g_source_attach (self->timeout_source, g_task_get_context (self->task));
}

gboolean
tw_oauth_login_wait_finish (TwOAuthLogin  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (TW_IS_OAUTH_LOGIN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tw_oauth_login_wait_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
