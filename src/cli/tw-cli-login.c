/* tw-cli-login.c — tiki-webhooks-cli login
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tw-api-client.h"
#include "tw-cli.h"
#include "tw-credentials.h"
#include "tw-error.h"
#include "tw-history.h"
#include "tw-oauth-login.h"
#include "tw-profile-store.h"
#include "tw-secret.h"

#define MAX_LOGIN_TIMEOUT 3600

typedef struct
{
  char *profile;
  char *client_secret_file;
  char *auth_base;
  int   port;
  int   timeout;
} LoginOptions;

static void
login_options_clear (LoginOptions *options)
{
  g_free (options->profile);
  g_free (options->client_secret_file);
  g_free (options->auth_base);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LoginOptions, login_options_clear)

static void
on_keyring_unavailable (TwCredentials *credentials,
                        const char    *message)
{
  fprintf (stderr, "warning: %s\n", message);
}

gboolean
tw_cli_save_login (TwProfileStore  *store,
                   TwProfile       *profile,
                   TwAuth          *auth,
                   GError         **error)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new ();
  g_auto(TwCliWait) keyring_wait = { NULL };
  g_auto(TwCliWait) file_wait = { NULL };

  /* The tokens to the keyring, the rest (redirect URI, expiry) to the
   * profile's file. */
  g_signal_connect (credentials, "unavailable", G_CALLBACK (on_keyring_unavailable), NULL);
  tw_credentials_save_profile_async (credentials, tw_profile_get_name (profile), auth, NULL,
                                     NULL, tw_cli_wait_done, &keyring_wait);
  if (!tw_credentials_save_profile_finish (credentials, tw_cli_wait_run (&keyring_wait), error))
    return FALSE;

  tw_profile_capture (profile, auth, NULL);
  tw_profile_store_save_async (store, profile, NULL, tw_cli_wait_done, &file_wait);
  return tw_profile_store_save_finish (store, tw_cli_wait_run (&file_wait), error);
}

/* The profile's redirect URI with another port. */
static gboolean
set_port (TwAuth  *auth,
          int      port,
          GError **error)
{
  g_autofree char *current = tw_auth_dup_effective_redirect_uri (auth);
  g_autoptr(GUri) uri = g_uri_parse (current, G_URI_FLAGS_NONE, error);
  g_autoptr(GUri) moved = NULL;
  g_autofree char *text = NULL;

  if (uri == NULL)
    return FALSE;

  moved = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                       port, g_uri_get_path (uri), NULL, NULL);
  text = g_uri_to_string (moved);
  tw_auth_set_redirect_uri (auth, text);
  return TRUE;
}

static int
fail (const GError *error)
{
  tw_cli_print_error ("%s", error->message);
  return TW_CLI_EXIT_FAILED;
}

static int
login_with (const LoginOptions *options)
{
  g_autoptr(TwProfileStore) store = tw_profile_store_new (NULL);
  g_autoptr(TwCredentials) credentials = NULL;
  g_autoptr(TwApiClient) client = NULL;
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(TwAuth) auth = tw_auth_new ();
  g_autoptr(TwOAuthLogin) login = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *logged_in = NULL;
  g_auto(TwCliWait) wait = { NULL };
  TwProfile *profile;
  const char *name = options->profile;

  if (!tw_profile_store_load (store, NULL, &error))
    return fail (error);

  profile = tw_profile_store_find (store, name);
  if (profile == NULL)
    return tw_cli_usage_error ("login", _("no saved profile has this name (see "
                                          "“tiki-webhooks-cli profiles”)"));
  if (tw_profile_get_auth_mode (profile) != TW_AUTH_MODE_PUBLIC_APP)
    return tw_cli_usage_error ("login", _("the profile does not use a public app: choose "
                                          "“Public app — log in with Tiki” in its account "
                                          "settings first"));

  tw_profile_apply (profile, auth, NULL);
  credentials = tw_credentials_new ();
  g_signal_connect (credentials, "unavailable", G_CALLBACK (on_keyring_unavailable), NULL);
  if (!tw_credentials_load_profile (credentials, name, auth, NULL, NULL, &error))
    return fail (error);
  g_clear_object (&credentials);

  if (options->client_secret_file != NULL)
    {
      g_autoptr(TwSecretString) secret = tw_cli_read_secret_file (options->client_secret_file,
                                                                  &error);

      if (secret == NULL)
        return tw_cli_usage_error ("login", error->message);
      tw_auth_set_client_secret (auth, secret);
    }
  if (options->port > 0 && !set_port (auth, options->port, &error))
    return tw_cli_usage_error ("login", error->message);
  if (options->auth_base != NULL)
    tw_auth_set_auth_base (auth, options->auth_base);

  client = tw_api_client_new ();
  /* The code exchange is recorded, as in the app. */
  history = tw_history_new (NULL);
  tw_api_client_set_history_sink (client, TW_HISTORY_SINK (history));

  login = tw_oauth_login_new (client, auth, name);
  if (options->timeout > 0)
    tw_oauth_login_set_timeout (login, (guint) options->timeout);
  if (!tw_oauth_login_start (login, &error))
    return fail (error);

  /* The address alone on standard output, for scripts; the words around
   * it on standard error. */
  fprintf (stderr, "%s\n", _("Open this address in your web browser to log in with Tiki:"));
  printf ("%s\n", tw_oauth_login_get_authorize_url (login));
  fflush (stdout);
  fprintf (stderr, "%s\n", _("Waiting for the browser… (Ctrl+C cancels)"));

  tw_oauth_login_wait_async (login, tw_cli_wait_get_cancellable (&wait), tw_cli_wait_done,
                             &wait);
  if (!tw_oauth_login_wait_finish (login, tw_cli_wait_run (&wait), &error))
    return fail (error);

  if (!tw_cli_save_login (store, profile, auth, &error))
    {
      tw_cli_print_error ("%s: %s", _("the login could not be saved"), error->message);
      return TW_CLI_EXIT_FAILED;
    }

  logged_in = tw_oauth_format_logged_in (tw_auth_get_expires_at (auth));
  printf ("%s\n", logged_in);
  return tw_cli_finish_output ();
}

int
tw_cli_login (int    argc,
              char **argv)
{
  g_auto(LoginOptions) options = { NULL };
  const GOptionEntry entries[] = {
    { "profile", 0, 0, G_OPTION_ARG_STRING, &options.profile,
      N_("The saved profile to log in (a public app, see “profiles”)"), N_("NAME") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &options.port,
      N_("Wait for the browser on this port of 127.0.0.1 instead of the one of the "
         "profile’s redirect URI; it must be registered in the Tiki console too"),
      N_("PORT") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &options.timeout,
      N_("Give up after SECONDS without an answer from the browser (default 300)"),
      N_("SECONDS") },
    { "client-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &options.client_secret_file,
      N_("Read the app’s client secret from FILE (“-” for standard input) and keep it in "
         "the keyring"), N_("FILE") },
    { "auth-base", 0, 0, G_OPTION_ARG_STRING, &options.auth_base,
      N_("The OAuth server address (default: TIKI_WEBHOOKS_AUTH_BASE, else https://api.tiki.vn)"),
      N_("URL") },
    { NULL }
  };
  int status = tw_cli_parse_options ("login",
                              N_("Logs a public-app profile in with Tiki: prints the address "
                                 "to open in a web browser, waits for the seller to allow "
                                 "access, and keeps the tokens in the keyring. Exit status: 0 "
                                 "logged in, 1 refused or failed, 2 invalid input."),
                              entries, argc, argv);

  if (status >= 0)
    return status;
  if (options.profile == NULL)
    return tw_cli_usage_error ("login", _("--profile NAME is required"));
  if (options.port < 0 || options.port > G_MAXUINT16)
    return tw_cli_usage_error ("login", _("--port must be between 0 and 65535"));
  if (options.timeout < 0 || options.timeout > MAX_LOGIN_TIMEOUT)
    return tw_cli_usage_error ("login", _("--timeout must be between 1 and 3600 seconds"));

  return login_with (&options);
}
