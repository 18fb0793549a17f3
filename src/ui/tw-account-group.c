/* tw-account-group.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-account-group"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-account-group.h"
#include "tw-api-client.h"
#include "tw-clipboard.h"
#include "tw-credentials.h"
#include "tw-demo-server.h"
#include "tw-error.h"
#include "tw-list-rows.h"
#include "tw-oauth-login.h"
#include "tw-problem-row.h"
#include "tw-resources.h"
#include "tw-title-block.h"
#include "tw-toast.h"

/* How often the token line is refreshed while a token has a known expiry,
 * so that "valid until" turns into "expired" on time. */
#define STATUS_REFRESH_SECONDS 15

struct _TwAccountGroup
{
  AdwPreferencesGroup  parent_instance;

  TwContext           *context;
  TwAuth              *auth;
  TwEnvironment        environment;
  char                *custom_url;
  char                *profile_name;
  char                *token_status;
  char                *grant_error;
  gboolean             granting;
  GCancellable        *cancellable;
  guint                refresh_id;

  /* The running "Log in with Tiki", while the browser is awaited. */
  TwOAuthLogin        *login;
  GCancellable        *login_cancellable;

  /* template children */
  GtkWidget           *demo_badge;
  AdwComboRow         *environment_row;
  GtkStringList       *environment_model;
  AdwComboRow         *mode_row;
  AdwPasswordEntryRow *token_row;
  TwTitleBlock        *token_status_block;
  GtkImage            *token_status_icon;
  GtkSpinner          *grant_spinner;
  GtkWidget           *get_token_button;
  GtkWidget           *login_button;
  GtkWidget           *cancel_login_button;
  TwProblemRow        *grant_problems;
  AdwPreferencesRow   *demo_row;
  TwTitleBlock        *demo_block;
  TwTitleBlock        *storage_block;
  GtkImage            *storage_icon;

  /* From tw-account-rows.ui, NULL until first needed (ensure_rows()):
   * the Custom environment's base URL */
  AdwEntryRow         *custom_url_row;
  TwProblemRow        *custom_url_problems;
  /* the in-house and public apps' credentials */
  AdwEntryRow         *client_id_row;
  AdwPasswordEntryRow *client_secret_row;
  AdwComboRow         *method_row;
  AdwActionRow        *redirect_row;
  GtkEntry            *redirect_entry;
  TwProblemRow        *redirect_problems;
  AdwEntryRow         *scopes_row;
  TwProblemRow        *scopes_problems;
  /* the login page's address, while a login waits */
  AdwActionRow        *login_url_row;
  GtkImage            *login_url_icon;
};

G_DEFINE_FINAL_TYPE (TwAccountGroup, tw_account_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_AUTH,
  PROP_ENVIRONMENT,
  PROP_CUSTOM_URL,
  PROP_PROFILE_NAME,
  PROP_GRANTING,
  PROP_LOGGING_IN,
  PROP_TOKEN_STATUS,
  N_PROPS
};

enum {
  FORGET,
  OPEN_URI,
  LOGGED_IN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

static gboolean
is_client_mode (TwAccountGroup *self)
{
  return tw_auth_get_mode (self->auth) == TW_AUTH_MODE_CLIENT_CREDENTIALS;
}

static gboolean
is_public_mode (TwAccountGroup *self)
{
  return tw_auth_get_mode (self->auth) == TW_AUTH_MODE_PUBLIC_APP;
}

static gboolean
is_logging_in (TwAccountGroup *self)
{
  return self->login != NULL;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static char *
format_local_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%H:%M");
}

/* A login renews its token by itself as long as the refresh token lasts. */
static char *
describe_login (TwAccountGroup *self)
{
  gboolean refreshable = tw_auth_get_refresh_token (self->auth) != NULL;

  if (is_logging_in (self))
    return g_strdup (_("Waiting for you to log in and approve in the browser…"));
  if (tw_auth_has_token (self->auth) && !tw_auth_is_expired (self->auth))
    return tw_oauth_format_logged_in (tw_auth_get_expires_at (self->auth));
  if (refreshable)
    return g_strdup (_("Logged in — a new token is requested before the next registration"));
  if (tw_auth_has_token (self->auth))
    return g_strdup (_("Expired: log in with Tiki again"));
  return g_strdup (_("Not logged in: press Log in with Tiki"));
}

static char *
describe_token (TwAccountGroup *self)
{
  GDateTime *expires = tw_auth_get_expires_at (self->auth);
  g_autofree char *until = NULL;

  if (is_public_mode (self))
    return describe_login (self);
  if (!tw_auth_has_token (self->auth))
    return g_strdup (is_client_mode (self)
                     ? _("none yet: one is requested when you register, or press Get Token")
                     : _("none: paste an access token"));
  if (expires == NULL)
    /* Translators: a pasted token, whose expiry the app cannot know */
    return g_strdup (is_client_mode (self) ? _("valid, expiry unknown") : _("unknown (pasted)"));
  if (tw_auth_is_expired (self->auth))
    return g_strdup (is_client_mode (self)
                     ? _("expired: a new one is requested before the next registration")
                     : _("expired"));

  until = format_local_time (expires);
  /* Translators: %s is a local time such as 14:05 */
  return g_strdup_printf (_("valid until %s"), until);
}

static gboolean
refresh_status_cb (gpointer user_data);

static void
update_token_status (TwAccountGroup *self)
{
  g_autofree char *status = describe_token (self);
  gboolean expired = tw_auth_has_token (self->auth) && tw_auth_is_expired (self->auth);

  tw_title_block_set_description (self->token_status_block, status);
  gtk_image_set_from_icon_name (self->token_status_icon,
                                expired ? "dialog-warning-symbolic" : "dialog-password-symbolic");

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (tw_auth_get_expires_at (self->auth) != NULL && !expired)
    self->refresh_id = g_timeout_add_seconds (STATUS_REFRESH_SECONDS, refresh_status_cb, self);

  if (g_strcmp0 (self->token_status, status) == 0)
    return;
  g_free (self->token_status);
  self->token_status = g_steal_pointer (&status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOKEN_STATUS]);
}

static void
update_actions (TwAccountGroup *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean public_app = self->auth != NULL && is_public_mode (self);

  gtk_widget_action_set_enabled (widget, "account.get-token",
                                 self->auth != NULL && is_client_mode (self) &&
                                 tw_auth_can_grant (self->auth) && !self->granting);
  gtk_widget_action_set_enabled (widget, "account.login",
                                 public_app && !is_logging_in (self) &&
                                 !is_empty (tw_auth_get_client_id (self->auth)) &&
                                 !is_empty (tw_auth_get_client_secret (self->auth)));
  gtk_widget_action_set_enabled (widget, "account.cancel-login",
                                 is_logging_in (self) &&
                                 !g_cancellable_is_cancelled (self->login_cancellable));
  gtk_widget_action_set_enabled (widget, "account.copy-login-url", is_logging_in (self));
  gtk_widget_action_set_enabled (widget, "account.forget", self->profile_name != NULL);
}

static const char *
describe_demo (TwAccountGroup *self)
{
  if (is_client_mode (self))
    /* Translators: keep “demo” and “demo-secret”: what to type */
    return _("The simulator’s in-house app is client ID “demo” with the secret "
             "“demo-secret”, with either method.");
  if (is_public_mode (self))
    /* Translators: keep “demo”, “demo-secret” and “deny”: what to type */
    return _("The simulator plays Tiki’s login page and approves at once: client ID “demo” "
             "with the secret “demo-secret”. The client ID “deny” simulates a refusal.");
  return _("In Demo any token works, and the token “expired” simulates an expired token.");
}

static gboolean
selected_to_enum (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint selected = g_value_get_uint (from);
  guint n_values = GPOINTER_TO_UINT (user_data);

  if (selected >= n_values)
    return FALSE;
  g_value_set_enum (to, (int) selected);
  return TRUE;
}

static gboolean
enum_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, (guint) g_value_get_enum (from));
  return TRUE;
}

static gboolean
null_to_empty (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text != NULL ? text : "");
  return TRUE;
}

/* An unset redirect URI or scope list means the default: shown as such,
 * so that it can be copied into the Tiki console. */
static gboolean
redirect_uri_to_text (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  TwAccountGroup *self = user_data;

  g_value_take_string (to, tw_auth_dup_effective_redirect_uri (self->auth));
  return TRUE;
}

static gboolean
scopes_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  TwAccountGroup *self = user_data;

  g_value_set_string (to, tw_auth_get_effective_scopes (self->auth));
  return TRUE;
}

/* Rows built when first needed: a new profile is in Demo with a pasted
 * token, and the rows of the other environments and modes were about 100
 * hidden widgets made at start-up. A part of tw-account-rows.ui is built,
 * bound while out of the window (an entry row given its text on screen
 * animates its title), then put into the group's list. */
static GtkBuilder *
build_rows (const char * const *ids)
{
  GtkBuilder *builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;

  if (!gtk_builder_add_objects_from_resource (builder, RESOURCE_PREFIX "/ui/tw-account-rows.ui",
                                              (const char **) ids, &error))
    g_error ("Cannot build the account rows: %s", error->message);
  return builder;
}

#define GET_ROW(field) self->field = (gpointer) gtk_builder_get_object (builder, #field)

static void
ensure_custom_url_rows (TwAccountGroup *self)
{
  static const char * const ids[] = { "custom_url_row", "custom_url_problems", NULL };
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->custom_url_row != NULL)
    return;

  builder = build_rows (ids);
  GET_ROW (custom_url_row);
  GET_ROW (custom_url_problems);
  g_object_bind_property_full (self, "custom-url", self->custom_url_row, "text",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               null_to_empty, null_to_empty, NULL, NULL);
  tw_list_box_insert_after (GTK_WIDGET (self->environment_row), builder, ids);
}

/* Only in the in-house and public app modes, so with services set. */
static void
ensure_app_rows (TwAccountGroup *self)
{
  static const char * const ids[] = {
    "client_id_row", "client_secret_row", "method_row", "redirect_row", "redirect_problems",
    "scopes_row", "scopes_problems", NULL
  };
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  g_autoptr(GtkBuilder) builder = NULL;
  g_autofree char *placeholder = NULL;

  if (self->client_id_row != NULL)
    return;

  builder = build_rows (ids);
  GET_ROW (client_id_row);
  GET_ROW (client_secret_row);
  GET_ROW (method_row);
  GET_ROW (redirect_row);
  GET_ROW (redirect_entry);
  GET_ROW (redirect_problems);
  GET_ROW (scopes_row);
  GET_ROW (scopes_problems);

  placeholder = g_strdup_printf ("http://127.0.0.1:%d/callback", TW_OAUTH_DEFAULT_PORT);
  gtk_entry_set_placeholder_text (self->redirect_entry, placeholder);
  g_object_bind_property_full (self->auth, "auth-method", self->method_row, "selected", flags,
                               enum_to_selected, selected_to_enum, GUINT_TO_POINTER (2), NULL);
  g_object_bind_property_full (self->auth, "client-id", self->client_id_row, "text", flags,
                               null_to_empty, NULL, NULL, NULL);
  g_object_bind_property_full (self->auth, "client-secret", self->client_secret_row, "text",
                               flags, null_to_empty, NULL, NULL, NULL);
  g_object_bind_property_full (self->auth, "redirect-uri", self->redirect_entry, "text", flags,
                               redirect_uri_to_text, NULL, self, NULL);
  g_object_bind_property_full (self->auth, "scopes", self->scopes_row, "text", flags,
                               scopes_to_text, NULL, self, NULL);
  tw_list_box_insert_after (GTK_WIDGET (self->token_row), builder, ids);
}

static void
ensure_login_url_row (TwAccountGroup *self)
{
  static const char * const ids[] = { "login_url_row", NULL };
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->login_url_row != NULL)
    return;

  builder = build_rows (ids);
  GET_ROW (login_url_row);
  GET_ROW (login_url_icon);
  tw_list_box_insert_after (gtk_widget_get_ancestor (GTK_WIDGET (self->token_status_block),
                                                   GTK_TYPE_LIST_BOX_ROW),
                            builder, ids);
}

#undef GET_ROW

/* While the browser is awaited the form stays as the login started: the
 * code is exchanged with the client ID, secret and redirect URI it began
 * with. The wait is for the user, up to minutes, so the status line and
 * Cancel tell it rather than the spinner: an animation that long would also
 * hold back idle work on a slow display. */
static void
update_login_widgets (TwAccountGroup *self)
{
  gboolean waiting = is_logging_in (self);
  GtkWidget *frozen[] = {
    GTK_WIDGET (self->environment_row), GTK_WIDGET (self->custom_url_row),
    GTK_WIDGET (self->mode_row), GTK_WIDGET (self->client_id_row),
    GTK_WIDGET (self->client_secret_row), GTK_WIDGET (self->method_row),
    GTK_WIDGET (self->redirect_row), GTK_WIDGET (self->scopes_row),
  };

  if (waiting)
    ensure_login_url_row (self);
  for (guint i = 0; i < G_N_ELEMENTS (frozen); i++)
    {
      if (frozen[i] != NULL)
        gtk_widget_set_sensitive (frozen[i], !waiting);
    }
  gtk_widget_set_visible (self->login_button, is_public_mode (self) && !waiting);
  gtk_widget_set_visible (self->cancel_login_button, waiting);
  if (self->login_url_row != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->login_url_row), waiting);
  gtk_widget_set_visible (GTK_WIDGET (self->grant_spinner), self->granting);
  gtk_spinner_set_spinning (self->grant_spinner, self->granting);
}

static void
update_scopes_problem (TwAccountGroup *self)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);
  g_auto(GStrv) scopes = g_strsplit_set (tw_auth_get_effective_scopes (self->auth), " \t", -1);

  if (is_public_mode (self) && !g_strv_contains ((const char * const *) scopes, "offline"))
    g_ptr_array_add (problems,
                     tw_problem_new ("scopes", TW_SEVERITY_WARNING, "no-offline",
                                     _("Without “offline” Tiki gives no refresh token: you will "
                                       "have to log in again whenever the token expires.")));
  if (self->scopes_problems != NULL)
    tw_problem_row_set_problems (self->scopes_problems, problems);
}

static void
set_redirect_problem (TwAccountGroup *self,
                      const char     *text)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);

  if (self->redirect_problems == NULL)
    return;
  if (text != NULL)
    g_ptr_array_add (problems, tw_problem_new ("redirect_uri", TW_SEVERITY_ERROR, "login", text));
  tw_problem_row_set_problems (self->redirect_problems, problems);
  if (text != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->redirect_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->redirect_entry), "error");
}

static void
update_mode (TwAccountGroup *self)
{
  gboolean client = is_client_mode (self);
  gboolean public_app = is_public_mode (self);

  gtk_widget_set_visible (GTK_WIDGET (self->token_row), !client && !public_app);
  if (client || public_app)
    ensure_app_rows (self);
  if (self->client_id_row != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->client_id_row), client || public_app);
      gtk_widget_set_visible (GTK_WIDGET (self->client_secret_row), client || public_app);
      gtk_widget_set_visible (GTK_WIDGET (self->method_row), client || public_app);
      gtk_widget_set_visible (GTK_WIDGET (self->redirect_row), public_app);
      gtk_widget_set_visible (GTK_WIDGET (self->scopes_row), public_app);
    }
  gtk_widget_set_visible (self->get_token_button, client);
  if (!public_app)
    set_redirect_problem (self, NULL);
  update_scopes_problem (self);
  update_login_widgets (self);
  tw_title_block_set_description (self->demo_block, describe_demo (self));
}

static void
update_storage (TwAccountGroup *self)
{
  TwCredentials *credentials = tw_context_get_credentials (self->context);
  gboolean persistent = tw_credentials_get_persistent (credentials);

  if (persistent)
    tw_title_block_set_description (self->storage_block,
                                 _("Saved in the keyring with the profile after each successful "
                                   "registration and when you switch profiles; never in a file."));
  else
    tw_title_block_set_description (self->storage_block,
                                 _("No keyring is available: secrets are kept in memory until "
                                   "Tiki Webhooks quits, and never written to a file."));
  gtk_image_set_from_icon_name (self->storage_icon,
                                persistent ? "channel-secure-symbolic" : "dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->storage_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  persistent ? _("Keyring") : _("Warning"), -1);
}

static void
show_custom_url_problem (TwAccountGroup *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);
  gboolean empty = self->custom_url == NULL || *self->custom_url == '\0';

  if (self->custom_url_row == NULL)
    return;

  /* An empty box has not been touched yet: its title says what to type. */
  if (self->environment == TW_ENVIRONMENT_CUSTOM &&
      !tw_environment_check_base_url (self->custom_url, &error) && !empty)
    g_ptr_array_add (problems, tw_problem_new ("base_url", TW_SEVERITY_ERROR, "base-url",
                                               error->message));

  tw_problem_row_set_problems (self->custom_url_problems, problems);
  if (problems->len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->custom_url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->custom_url_row), "error");
}

static const char *
describe_environment (TwEnvironment environment)
{
  switch (environment)
    {
    case TW_ENVIRONMENT_PRODUCTION:
      return TW_API_BASE_PRODUCTION;
    case TW_ENVIRONMENT_LEGACY:
      return _("https://tikinowapi.tiki.vn — older rules: stock required, no after-sales");
    case TW_ENVIRONMENT_CUSTOM:
      return _("A proxy or staging server, with the rules of Production");
    case TW_ENVIRONMENT_DEMO:
      return _("A simulator on this computer: nothing is sent to Tiki");
    default:
      g_return_val_if_reached (NULL);
    }
}

/* In Demo the simulator also plays Tiki's OAuth server, so that "Get
 * Token" and automatic grants work without an account. */
static void
apply_auth_base (TwAccountGroup *self)
{
  TwDemoServer *server = NULL;
  g_autoptr(GError) error = NULL;

  if (self->environment == TW_ENVIRONMENT_DEMO)
    {
      server = tw_context_ensure_demo_server (self->context, &error);
      if (server == NULL)
        g_warning ("Cannot start the simulator: %s", error->message);
    }
  tw_auth_set_auth_base (self->auth, server != NULL ? tw_demo_server_get_base_url (server) : NULL);
}

static void
apply_environment (TwAccountGroup *self)
{
  gboolean demo = self->environment == TW_ENVIRONMENT_DEMO;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->environment_row),
                               describe_environment (self->environment));
  if (self->environment == TW_ENVIRONMENT_CUSTOM)
    ensure_custom_url_rows (self);
  if (self->custom_url_row != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->custom_url_row),
                            self->environment == TW_ENVIRONMENT_CUSTOM);
  gtk_widget_set_visible (GTK_WIDGET (self->demo_row), demo);
  gtk_widget_set_visible (self->demo_badge, demo);
  show_custom_url_problem (self);
  if (self->auth != NULL)
    apply_auth_base (self);
}

static void
set_granting (TwAccountGroup *self,
              gboolean        granting)
{
  if (self->granting == granting)
    return;

  self->granting = granting;
  update_login_widgets (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRANTING]);
}

static void
set_grant_error (TwAccountGroup *self,
                 const char     *text)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);

  g_free (self->grant_error);
  self->grant_error = g_strdup (text);
  if (text != NULL)
    g_ptr_array_add (problems, tw_problem_new ("auth", TW_SEVERITY_ERROR, "grant", text));
  tw_problem_row_set_problems (self->grant_problems, problems);
}

/* The authorisation server names the method it wants in its refusal, e.g.
 * "supports client authentication method 'client_secret_post'". */
static char *
explain_auth_failure (TwAccountGroup *self,
                      const char     *message)
{
  const char *code = NULL;

  if (message != NULL)
    code = strstr (message, "supports client authentication method");

  if (code != NULL && strstr (code, "client_secret_post") != NULL)
    return g_strdup (_("The app uses the other authentication method: choose "
                       "client_secret_post and try again."));
  if (code != NULL && strstr (code, "client_secret_basic") != NULL)
    return g_strdup (_("The app uses the other authentication method: choose "
                       "client_secret_basic and try again."));
  if (self->environment == TW_ENVIRONMENT_DEMO)
    return g_strdup (_("The client ID or client secret was not accepted. In Demo they are "
                       "“demo” and “demo-secret”."));
  return g_strdup (_("The client ID or client secret was not accepted, or the app uses the "
                     "other authentication method. Check them in the Tiki seller center."));
}

static char *
explain_grant_error (TwAccountGroup *self,
                     const GError   *error,
                     TwApiResult    *result)
{
  const char *server_message = result != NULL ? tw_api_result_get_message (result) : NULL;

  if (error->domain != TW_ERROR)
    return g_strdup (error->message);

  switch (error->code)
    {
    case TW_ERROR_AUTH_FAILED:
      return explain_auth_failure (self, server_message != NULL ? server_message : error->message);
    case TW_ERROR_INVALID_INPUT:
      return g_strdup (error->message);
    case TW_ERROR_CANNOT_CONNECT:
      /* Translators: the text after the colon explains a network failure */
      return g_strdup_printf (_("Could not reach Tiki’s sign-in server: %s"),
                              tw_error_explain (error->code));
    default:
      return g_strdup (tw_error_explain (error->code));
    }
}

static void
set_login (TwAccountGroup *self,
           TwOAuthLogin   *login)
{
  if (!g_set_object (&self->login, login))
    return;

  if (login == NULL)
    g_clear_object (&self->login_cancellable);
  update_login_widgets (self);
  update_token_status (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGING_IN]);
}

/* The wait ends in its callback, which puts the form back. */
static void
cancel_login (TwAccountGroup *self)
{
  if (!is_logging_in (self))
    return;

  g_cancellable_cancel (self->login_cancellable);
  update_actions (self);
}

/* The address stays on show during the whole wait: the browser may have
 * opened on another screen, or the user may prefer another browser. */
static void
show_login_url (TwAccountGroup *self,
                gboolean        opened)
{
  ensure_login_url_row (self);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->login_url_row),
                                 opened ? _("The login page is open in your browser; if it did "
                                            "not appear, copy its address into one")
                                        : _("No browser could be opened: copy this address "
                                            "into a browser to log in"));
  adw_action_row_set_subtitle (self->login_url_row,
                               tw_oauth_login_get_authorize_url (self->login));
  gtk_image_set_from_icon_name (self->login_url_icon,
                                opened ? "web-browser-symbolic" : "dialog-warning-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->login_url_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  opened ? _("Browser") : _("Warning"), -1);
}

static char *
explain_login_error (TwAccountGroup *self,
                     const GError   *error)
{
  guint minutes = TW_OAUTH_LOGIN_TIMEOUT_SECONDS / 60;

  if (error->domain != TW_ERROR)
    return g_strdup (error->message);

  switch (error->code)
    {
    case TW_ERROR_TIMED_OUT:
      /* Translators: %u is a number of minutes */
      return g_strdup_printf (ngettext ("No login came back from the browser within %u minute. "
                                        "Press Log in with Tiki to try again.",
                                        "No login came back from the browser within %u minutes. "
                                        "Press Log in with Tiki to try again.",
                                        minutes),
                              minutes);
    case TW_ERROR_CANNOT_CONNECT:
      return g_strdup_printf (_("Could not reach Tiki’s sign-in server: %s"),
                              tw_error_explain (error->code));
    case TW_ERROR_AUTH_FAILED:
    case TW_ERROR_INVALID_INPUT:
      return g_strdup (error->message);
    default:
      return g_strdup (tw_error_explain (error->code));
    }
}

/* Signal callbacks */

static void
on_auth_changed (TwAccountGroup *self)
{
  update_token_status (self);
  update_actions (self);
}

static gboolean
refresh_status_cb (gpointer user_data)
{
  TwAccountGroup *self = user_data;

  self->refresh_id = 0;
  update_token_status (self);
  return G_SOURCE_REMOVE;
}

/* A token belongs to the way it was obtained: a granted token must not be
 * kept as if pasted, nor a pasted one sent as if granted. */
static void
on_auth_mode_changed (TwAccountGroup *self)
{
  tw_auth_forget_token (self->auth);
  if (!is_public_mode (self))
    {
      cancel_login (self);
      tw_auth_set_refresh_token (self->auth, NULL);
    }
  set_grant_error (self, NULL);
  update_mode (self);
  on_auth_changed (self);
}

/* The explanation was about the previous address. */
static void
on_redirect_uri_changed (TwAccountGroup *self)
{
  set_redirect_problem (self, NULL);
}

static void
on_credentials_unavailable (TwAccountGroup *self,
                            const char     *message)
{
  update_storage (self);
  tw_show_toast (GTK_WIDGET (self), message);
}

static void
granted_cb (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(TwAccountGroup) self = user_data;
  g_autoptr(TwApiResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;

  result = tw_api_client_token_finish (TW_API_CLIENT (source), res, &error);
  if (g_error_matches (error, TW_ERROR, TW_ERROR_CANCELLED) || self->context == NULL)
    return;

  set_granting (self, FALSE);
  if (result != NULL && tw_api_result_get_ok (result))
    {
      set_grant_error (self, NULL);
      /* Translators: %s is the token line, e.g. "valid until 14:05" */
      explanation = g_strdup_printf (_("Token received: %s"), self->token_status);
      tw_show_toast (GTK_WIDGET (self), explanation);
      return;
    }

  explanation = explain_grant_error (self, result != NULL ? tw_api_result_get_error (result)
                                                          : error, result);
  set_grant_error (self, explanation);
  tw_show_toast (GTK_WIDGET (self), _("Could not get a token"));
}

static void
logged_in_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(TwAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *explanation = NULL;
  gboolean ok;
  gboolean cancelled;

  ok = tw_oauth_login_wait_finish (TW_OAUTH_LOGIN (source), res, &error);
  /* Disposed, or a login that was cancelled and replaced meanwhile. */
  if (self->context == NULL || self->login != TW_OAUTH_LOGIN (source))
    return;

  /* A success that was already on its way when the profile changed must
   * not be saved into the profile now being opened. */
  cancelled = g_cancellable_is_cancelled (self->login_cancellable);
  set_login (self, NULL);
  if (ok && !cancelled)
    {
      set_grant_error (self, NULL);
      tw_show_toast (GTK_WIDGET (self), self->token_status);
      g_signal_emit (self, signals[LOGGED_IN], 0);
      return;
    }
  if (cancelled || g_error_matches (error, TW_ERROR, TW_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      tw_show_toast (GTK_WIDGET (self), _("Login cancelled"));
      return;
    }

  explanation = explain_login_error (self, error);
  set_grant_error (self, explanation);
  tw_show_toast (GTK_WIDGET (self), _("Could not log in with Tiki"));
}

static void
uri_launched_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(TwAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (g_app_info_launch_default_for_uri_finish (res, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->context == NULL || !is_logging_in (self))
    return;

  g_debug ("Cannot open the login page in a browser: %s", error->message);
  show_login_url (self, FALSE);
  tw_show_toast (GTK_WIDGET (self),
                 _("No browser could be opened: copy the address of the login page"));
}

/* The default handler of "open-uri". */
static gboolean
real_open_uri (TwAccountGroup *self,
               const char     *uri)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  g_autoptr(GdkAppLaunchContext) launch = gdk_display_get_app_launch_context (display);

  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (launch),
                                           self->login_cancellable, uri_launched_cb,
                                           g_object_ref (self));
  return TRUE;
}

static void
forget_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    TwAccountGroup   *self)
{
  if (g_strcmp0 (response, "forget") == 0)
    g_signal_emit (self, signals[FORGET], 0);
}

/* Action handlers */

static void
get_token_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (widget);

  if (self->granting || !tw_auth_can_grant (self->auth))
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_grant_error (self, NULL);
  set_granting (self, TRUE);

  tw_api_client_token_async (tw_context_get_api_client (self->context), self->profile_name,
                             self->auth, self->cancellable, granted_cb, g_object_ref (self));
}

static void
login_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (widget);
  g_autoptr(TwOAuthLogin) login = NULL;
  g_autoptr(GError) error = NULL;
  gboolean opened = FALSE;

  if (is_logging_in (self) || !is_public_mode (self))
    return;

  set_grant_error (self, NULL);
  login = tw_oauth_login_new (tw_context_get_api_client (self->context), self->auth,
                              self->profile_name);
  /* A busy port or a malformed redirect URI: said under the field. */
  if (!tw_oauth_login_start (login, &error))
    {
      set_redirect_problem (self, error->message);
      tw_show_toast (GTK_WIDGET (self), _("Could not start the login"));
      return;
    }

  set_redirect_problem (self, NULL);
  self->login_cancellable = g_cancellable_new ();
  set_login (self, login);
  tw_oauth_login_wait_async (login, self->login_cancellable, logged_in_cb, g_object_ref (self));
  g_signal_emit (self, signals[OPEN_URI], 0, tw_oauth_login_get_authorize_url (login), &opened);
  if (self->login == login)
    show_login_url (self, opened);
}

static void
cancel_login_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cancel_login (TW_ACCOUNT_GROUP (widget));
}

static void
copy_login_url_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (widget);

  if (!is_logging_in (self))
    return;

  tw_clipboard_copy_text (gtk_widget_get_clipboard (widget),
                          tw_oauth_login_get_authorize_url (self->login));
  tw_show_toast (GTK_WIDGET (self), _("Address copied: open it in a browser to log in"));
}

static void
forget_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwMessageDialog *dialog;

  if (self->profile_name == NULL)
    return;

  /* Translators: %s is a profile name */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                                       NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Forget the credentials of “%s”?"),
                                     self->profile_name);
  adw_message_dialog_set_body (dialog,
                               _("The access token, the refresh token, the client secret and the "
                                 "webhook secret keys of this profile are removed from the keyring "
                                 "and from the form: you will have to log in again. Registrations "
                                 "already made with TikiNOW stay as they are."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "forget", _("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject overrides */

static void
tw_account_group_dispose (GObject *object)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->login_cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->auth != NULL)
    g_signal_handlers_disconnect_by_data (self->auth, self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (tw_context_get_credentials (self->context), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_ACCOUNT_GROUP);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->login);
  g_clear_object (&self->login_cancellable);
  g_clear_object (&self->auth);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tw_account_group_parent_class)->dispose (object);
}

static void
tw_account_group_finalize (GObject *object)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (object);

  g_free (self->custom_url);
  g_free (self->profile_name);
  g_free (self->token_status);
  g_free (self->grant_error);

  G_OBJECT_CLASS (tw_account_group_parent_class)->finalize (object);
}

static void
tw_account_group_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_AUTH:
      g_value_set_object (value, self->auth);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_enum (value, self->environment);
      break;
    case PROP_CUSTOM_URL:
      g_value_set_string (value, self->custom_url);
      break;
    case PROP_PROFILE_NAME:
      g_value_set_string (value, self->profile_name);
      break;
    case PROP_GRANTING:
      g_value_set_boolean (value, self->granting);
      break;
    case PROP_LOGGING_IN:
      g_value_set_boolean (value, is_logging_in (self));
      break;
    case PROP_TOKEN_STATUS:
      g_value_set_string (value, self->token_status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_account_group_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TwAccountGroup *self = TW_ACCOUNT_GROUP (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENT:
      tw_account_group_set_environment (self, g_value_get_enum (value));
      break;
    case PROP_CUSTOM_URL:
      tw_account_group_set_custom_url (self, g_value_get_string (value));
      break;
    case PROP_PROFILE_NAME:
      tw_account_group_set_profile_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_CONTEXT] = g_param_spec_object ("context", NULL, NULL, TW_TYPE_CONTEXT, ro);
  properties[PROP_AUTH] = g_param_spec_object ("auth", NULL, NULL, TW_TYPE_AUTH, ro);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL, TW_TYPE_ENVIRONMENT, TW_ENVIRONMENT_DEMO, rw);
  properties[PROP_CUSTOM_URL] = g_param_spec_string ("custom-url", NULL, NULL, NULL, rw);
  properties[PROP_PROFILE_NAME] = g_param_spec_string ("profile-name", NULL, NULL, NULL, rw);
  properties[PROP_GRANTING] = g_param_spec_boolean ("granting", NULL, NULL, FALSE, ro);
  properties[PROP_LOGGING_IN] = g_param_spec_boolean ("logging-in", NULL, NULL, FALSE, ro);
  properties[PROP_TOKEN_STATUS] = g_param_spec_string ("token-status", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  g_type_ensure (TW_TYPE_PROBLEM_ROW);
  g_type_ensure (TW_TYPE_TITLE_BLOCK);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-account-group.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TwAccountGroup, name)
  BIND (demo_badge);
  BIND (environment_row);
  BIND (environment_model);
  BIND (mode_row);
  BIND (token_row);
  BIND (token_status_block);
  BIND (token_status_icon);
  BIND (grant_spinner);
  BIND (get_token_button);
  BIND (login_button);
  BIND (cancel_login_button);
  BIND (grant_problems);
  BIND (demo_row);
  BIND (demo_block);
  BIND (storage_block);
  BIND (storage_icon);
#undef BIND
}

static void
tw_account_group_class_init (TwAccountGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tw_account_group_dispose;
  object_class->finalize = tw_account_group_finalize;
  object_class->get_property = tw_account_group_get_property;
  object_class->set_property = tw_account_group_set_property;

  install_properties (object_class);
  signals[FORGET] = g_signal_new ("forget", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The first handler decides, so that one connected before the default
   * handler replaces it. */
  signals[OPEN_URI] = g_signal_new_class_handler ("open-uri", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST, G_CALLBACK (real_open_uri),
                                                  g_signal_accumulator_first_wins, NULL, NULL,
                                                  G_TYPE_BOOLEAN, 1,
                                                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[LOGGED_IN] = g_signal_new ("logged-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  bind_template (widget_class);
  gtk_widget_class_install_action (widget_class, "account.get-token", NULL, get_token_action);
  gtk_widget_class_install_action (widget_class, "account.login", NULL, login_action);
  gtk_widget_class_install_action (widget_class, "account.cancel-login", NULL,
                                   cancel_login_action);
  gtk_widget_class_install_action (widget_class, "account.copy-login-url", NULL,
                                   copy_login_url_action);
  gtk_widget_class_install_action (widget_class, "account.forget", NULL, forget_action);
}

static void
tw_account_group_init (TwAccountGroup *self)
{
  self->environment = TW_ENVIRONMENT_DEMO;

  gtk_widget_init_template (GTK_WIDGET (self));
  for (TwEnvironment env = 0; env < TW_N_ENVIRONMENTS; env++)
    gtk_string_list_append (self->environment_model, tw_environment_get_title (env));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.get-token", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.login", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.cancel-login", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.copy-login-url", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.forget", FALSE);
}

/* Public API */

static void
bind_rows (TwAccountGroup *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  g_object_bind_property_full (self, "environment", self->environment_row, "selected", flags,
                               enum_to_selected, selected_to_enum,
                               GUINT_TO_POINTER (TW_N_ENVIRONMENTS), NULL);
  g_object_bind_property_full (self->auth, "mode", self->mode_row, "selected", flags,
                               enum_to_selected, selected_to_enum, GUINT_TO_POINTER (3), NULL);
  g_object_bind_property_full (self->auth, "access-token", self->token_row, "text", flags,
                               null_to_empty, NULL, NULL, NULL);
}

void
tw_account_group_set_services (TwAccountGroup *self,
                               TwContext      *context,
                               TwAuth         *auth)
{
  const char * const auth_properties[] = {
    "notify::access-token", "notify::expires-at", "notify::client-id",
    "notify::client-secret", "notify::refresh-token",
  };

  g_return_if_fail (TW_IS_ACCOUNT_GROUP (self));
  g_return_if_fail (TW_IS_CONTEXT (context));
  g_return_if_fail (TW_IS_AUTH (auth));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  self->auth = g_object_ref (auth);

  bind_rows (self);
  for (guint i = 0; i < G_N_ELEMENTS (auth_properties); i++)
    g_signal_connect_swapped (auth, auth_properties[i], G_CALLBACK (on_auth_changed), self);
  g_signal_connect_swapped (auth, "notify::mode", G_CALLBACK (on_auth_mode_changed), self);
  g_signal_connect_swapped (auth, "notify::scopes", G_CALLBACK (update_scopes_problem), self);
  g_signal_connect_swapped (auth, "notify::redirect-uri", G_CALLBACK (on_redirect_uri_changed),
                            self);
  g_signal_connect_swapped (tw_context_get_credentials (context), "unavailable",
                            G_CALLBACK (on_credentials_unavailable), self);
  g_signal_connect_swapped (tw_context_get_credentials (context), "notify::persistent",
                            G_CALLBACK (update_storage), self);

  apply_environment (self);
  update_mode (self);
  update_storage (self);
  on_auth_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTH]);
}

TwContext *
tw_account_group_get_context (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), NULL);

  return self->context;
}

TwAuth *
tw_account_group_get_auth (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), NULL);

  return self->auth;
}

TwEnvironment
tw_account_group_get_environment (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), TW_ENVIRONMENT_DEMO);

  return self->environment;
}

void
tw_account_group_set_environment (TwAccountGroup *self,
                                  TwEnvironment   environment)
{
  g_return_if_fail (TW_IS_ACCOUNT_GROUP (self));
  g_return_if_fail ((guint) environment < TW_N_ENVIRONMENTS);

  if (self->environment == environment)
    return;

  self->environment = environment;
  /* The code would be exchanged with another server than it came from. */
  cancel_login (self);
  apply_environment (self);
  if (self->auth != NULL)
    {
      set_grant_error (self, NULL);
      update_mode (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

const char *
tw_account_group_get_custom_url (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), NULL);

  return self->custom_url;
}

void
tw_account_group_set_custom_url (TwAccountGroup *self,
                                 const char     *custom_url)
{
  g_return_if_fail (TW_IS_ACCOUNT_GROUP (self));

  if (g_strcmp0 (self->custom_url, custom_url) == 0)
    return;

  g_free (self->custom_url);
  self->custom_url = g_strdup (custom_url);
  show_custom_url_problem (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM_URL]);
}

const char *
tw_account_group_get_profile_name (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), NULL);

  return self->profile_name;
}

void
tw_account_group_set_profile_name (TwAccountGroup *self,
                                   const char     *name)
{
  g_return_if_fail (TW_IS_ACCOUNT_GROUP (self));

  if (g_strcmp0 (self->profile_name, name) == 0)
    return;

  g_free (self->profile_name);
  self->profile_name = g_strdup (name);
  /* The login belongs to the profile it was started for. */
  cancel_login (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE_NAME]);
}

gboolean
tw_account_group_get_granting (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), FALSE);

  return self->granting;
}

gboolean
tw_account_group_get_logging_in (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), FALSE);

  return is_logging_in (self);
}

const char *
tw_account_group_get_token_status (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), NULL);

  return self->token_status;
}

const char *
tw_account_group_get_grant_error (TwAccountGroup *self)
{
  g_return_val_if_fail (TW_IS_ACCOUNT_GROUP (self), NULL);

  return self->grant_error;
}
