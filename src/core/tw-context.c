/* tw-context.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-context"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-context.h"
#include "tw-error.h"
#include "tw-profile-store.h"

struct _TwContext
{
  GObject       parent_instance;

  GSettings    *settings;
  TwApiClient  *api_client;
  TwDemoServer *demo_server;
  TwCredentials *credentials;
  TwProfileStore *profile_store;
  TwHistory    *history;
};

G_DEFINE_FINAL_TYPE (TwContext, tw_context, G_TYPE_OBJECT)

/* Nicks match the settings schema, so g_settings_bind() maps the
 * default-environment key onto properties of this type. */
G_DEFINE_ENUM_TYPE (TwEnvironment, tw_environment,
  G_DEFINE_ENUM_VALUE (TW_ENVIRONMENT_PRODUCTION, "production"),
  G_DEFINE_ENUM_VALUE (TW_ENVIRONMENT_LEGACY, "legacy"),
  G_DEFINE_ENUM_VALUE (TW_ENVIRONMENT_CUSTOM, "custom"),
  G_DEFINE_ENUM_VALUE (TW_ENVIRONMENT_DEMO, "demo"))

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_API_CLIENT,
  PROP_DEMO_SERVER,
  PROP_CREDENTIALS,
  PROP_PROFILE_STORE,
  PROP_HISTORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const environment_nicks[TW_N_ENVIRONMENTS] = {
  [TW_ENVIRONMENT_PRODUCTION] = "production",
  [TW_ENVIRONMENT_LEGACY] = "legacy",
  [TW_ENVIRONMENT_CUSTOM] = "custom",
  [TW_ENVIRONMENT_DEMO] = "demo",
};

static char *
strip_trailing_slashes (const char *url)
{
  char *copy = g_strdup (url);
  gsize len = strlen (copy);

  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

static void
tw_context_constructed (GObject *object)
{
  TwContext *self = TW_CONTEXT (object);

  G_OBJECT_CLASS (tw_context_parent_class)->constructed (object);

  if (self->settings == NULL)
    self->settings = g_settings_new (APPLICATION_ID);

  if (self->credentials == NULL)
    self->credentials = tw_credentials_new ();
  if (self->profile_store == NULL)
    self->profile_store = tw_profile_store_new (NULL);
  if (tw_profile_store_get_credentials (self->profile_store) == NULL)
    tw_profile_store_set_credentials (self->profile_store, self->credentials);

  g_settings_bind (self->settings, "request-timeout",
                   self->api_client, "timeout",
                   G_SETTINGS_BIND_GET);

  /* Every exchange of the GUI is recorded: the seller's only record of
   * what was registered (TNSL cannot read a registration back). */
  self->history = tw_history_new (NULL);
  g_settings_bind (self->settings, "history-retention-days",
                   self->history, "retention-days",
                   G_SETTINGS_BIND_GET);
  tw_api_client_set_history_sink (self->api_client, TW_HISTORY_SINK (self->history));
}

static void
tw_context_dispose (GObject *object)
{
  TwContext *self = TW_CONTEXT (object);

  if (self->demo_server != NULL)
    tw_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->profile_store);
  g_clear_object (&self->credentials);
  g_clear_object (&self->api_client);
  g_clear_object (&self->history);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tw_context_parent_class)->dispose (object);
}

static void
tw_context_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TwContext *self = TW_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_API_CLIENT:
      g_value_set_object (value, self->api_client);
      break;
    case PROP_DEMO_SERVER:
      g_value_set_object (value, self->demo_server);
      break;
    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;
    case PROP_PROFILE_STORE:
      g_value_set_object (value, self->profile_store);
      break;
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_context_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TwContext *self = TW_CONTEXT (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;
    case PROP_PROFILE_STORE:
      self->profile_store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_context_class_init (TwContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tw_context_constructed;
  object_class->dispose = tw_context_dispose;
  object_class->get_property = tw_context_get_property;
  object_class->set_property = tw_context_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL,
                         TW_TYPE_API_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEMO_SERVER] =
    g_param_spec_object ("demo-server", NULL, NULL,
                         TW_TYPE_DEMO_SERVER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL,
                         TW_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROFILE_STORE] =
    g_param_spec_object ("profile-store", NULL, NULL,
                         TW_TYPE_PROFILE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         TW_TYPE_HISTORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_context_init (TwContext *self)
{
  self->api_client = tw_api_client_new ();
}

TwContext *
tw_context_new (GSettings *settings)
{
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  return g_object_new (TW_TYPE_CONTEXT, "settings", settings, NULL);
}

GSettings *
tw_context_get_settings (TwContext *self)
{
  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  return self->settings;
}

TwApiClient *
tw_context_get_api_client (TwContext *self)
{
  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  return self->api_client;
}

TwCredentials *
tw_context_get_credentials (TwContext *self)
{
  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  return self->credentials;
}

TwProfileStore *
tw_context_get_profile_store (TwContext *self)
{
  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  return self->profile_store;
}

TwHistory *
tw_context_get_history (TwContext *self)
{
  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  return self->history;
}

TwDemoServer *
tw_context_get_demo_server (TwContext *self)
{
  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  return self->demo_server;
}

TwDemoServer *
tw_context_ensure_demo_server (TwContext  *self,
                               GError    **error)
{
  g_autoptr(TwDemoServer) server = NULL;

  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  if (self->demo_server != NULL)
    return self->demo_server;

  server = tw_demo_server_new ();
  if (!tw_demo_server_start (server, 0, error))
    return NULL;

  g_debug ("Demo simulator listening at %s", tw_demo_server_get_base_url (server));
  self->demo_server = g_steal_pointer (&server);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_SERVER]);
  return self->demo_server;
}

char *
tw_context_resolve_base_url (TwContext      *self,
                             TwEnvironment   environment,
                             const char     *custom_url,
                             GError        **error)
{
  TwDemoServer *server;

  g_return_val_if_fail (TW_IS_CONTEXT (self), NULL);

  switch (environment)
    {
    case TW_ENVIRONMENT_CUSTOM:
      if (!tw_environment_check_base_url (custom_url, error))
        return NULL;
      return strip_trailing_slashes (custom_url);
    case TW_ENVIRONMENT_DEMO:
      server = tw_context_ensure_demo_server (self, error);
      return server != NULL ? g_strdup (tw_demo_server_get_base_url (server)) : NULL;
    case TW_ENVIRONMENT_PRODUCTION:
    case TW_ENVIRONMENT_LEGACY:
      return tw_api_client_resolve_base (NULL, tw_environment_get_flavour (environment));
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
tw_environment_to_string (TwEnvironment environment)
{
  g_return_val_if_fail ((guint) environment < TW_N_ENVIRONMENTS, NULL);

  return environment_nicks[environment];
}

gboolean
tw_environment_from_string (const char    *str,
                            TwEnvironment *environment)
{
  g_return_val_if_fail (str != NULL, FALSE);

  for (guint i = 0; i < TW_N_ENVIRONMENTS; i++)
    {
      if (g_ascii_strcasecmp (str, environment_nicks[i]) == 0)
        {
          if (environment != NULL)
            *environment = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
tw_environment_get_title (TwEnvironment environment)
{
  switch (environment)
    {
    case TW_ENVIRONMENT_PRODUCTION:
      return C_("environment", "Production");
    case TW_ENVIRONMENT_LEGACY:
      return C_("environment", "Legacy host");
    case TW_ENVIRONMENT_CUSTOM:
      return C_("environment", "Custom URL");
    case TW_ENVIRONMENT_DEMO:
      /* Translators: the built-in simulator; nothing is sent to Tiki */
      return C_("environment", "Demo");
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
tw_environment_get_default_base (TwEnvironment environment)
{
  switch (environment)
    {
    case TW_ENVIRONMENT_PRODUCTION:
      return TW_API_BASE_PRODUCTION;
    case TW_ENVIRONMENT_LEGACY:
      return TW_API_BASE_LEGACY;
    case TW_ENVIRONMENT_CUSTOM:
    case TW_ENVIRONMENT_DEMO:
    default:
      return NULL;
    }
}

TwApiFlavour
tw_environment_get_flavour (TwEnvironment environment)
{
  return environment == TW_ENVIRONMENT_LEGACY ? TW_API_FLAVOUR_LEGACY : TW_API_FLAVOUR_CURRENT;
}

gboolean
tw_environment_check_base_url (const char  *url,
                               GError     **error)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("Enter the base URL of the API, starting with https://."));
      return FALSE;
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The base URL must be an absolute address starting with "
                             "https://, for example https://api.example.com."));
      return FALSE;
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL ||
      strpbrk (url, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The base URL must not contain spaces, a query (?…) "
                             "or a fragment (#…)."));
      return FALSE;
    }

  return TRUE;
}
