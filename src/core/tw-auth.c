/* tw-auth.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-auth"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tw-auth.h"
#include "tw-enums.h"
#include "tw-oauth-login.h"
#include "tw-secret.h"

/* A token this close to its expiry is treated as expired: a request sent
 * with it could arrive after it lapsed. */
#define EXPIRY_MARGIN_SECONDS 60

struct _TwAuth
{
  GObject       parent_instance;

  TwAuthMode    mode;
  char         *access_token;
  GDateTime    *expires_at;
  char         *token_type;
  char         *scope;
  char         *client_id;
  char         *client_secret;
  TwAuthMethod  auth_method;
  char         *auth_base;
  char         *redirect_uri;
  char         *scopes;
  char         *refresh_token;
};

G_DEFINE_FINAL_TYPE (TwAuth, tw_auth, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MODE,
  PROP_ACCESS_TOKEN,
  PROP_EXPIRES_AT,
  PROP_TOKEN_TYPE,
  PROP_SCOPE,
  PROP_CLIENT_ID,
  PROP_CLIENT_SECRET,
  PROP_AUTH_METHOD,
  PROP_AUTH_BASE,
  PROP_REDIRECT_URI,
  PROP_SCOPES,
  PROP_REFRESH_TOKEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Replaces *@field by a copy of @value, wiping the old one when it is a
 * secret; returns whether it changed. */
static gboolean
replace_string (char       **field,
                const char  *value,
                gboolean     secret)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  if (secret)
    tw_secret_free (*field);
  else
    g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
notify (TwAuth *self,
        guint   prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
set_string_prop (TwAuth     *self,
                 char      **field,
                 const char *value,
                 gboolean    secret,
                 guint       prop_id)
{
  if (replace_string (field, value, secret))
    notify (self, prop_id);
}

static void
set_expiry (TwAuth    *self,
            GDateTime *expires_at)
{
  if (self->expires_at == expires_at ||
      (self->expires_at != NULL && expires_at != NULL &&
       g_date_time_equal (self->expires_at, expires_at)))
    return;

  g_clear_pointer (&self->expires_at, g_date_time_unref);
  if (expires_at != NULL)
    self->expires_at = g_date_time_ref (expires_at);
  notify (self, PROP_EXPIRES_AT);
}

/* A token obtained for other client settings is worthless now. The
 * refresh token of a public app is kept: it belongs to the seller's login,
 * and a refresh with the wrong client fails with a clear "log in again". */
static void
forget_granted_token (TwAuth *self)
{
  if (self->mode == TW_AUTH_MODE_CLIENT_CREDENTIALS)
    tw_auth_forget_token (self);
}

static void
tw_auth_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TwAuth *self = TW_AUTH (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_ACCESS_TOKEN:
      g_value_set_string (value, self->access_token);
      break;
    case PROP_EXPIRES_AT:
      g_value_set_boxed (value, self->expires_at);
      break;
    case PROP_TOKEN_TYPE:
      g_value_set_string (value, self->token_type);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_CLIENT_ID:
      g_value_set_string (value, self->client_id);
      break;
    case PROP_CLIENT_SECRET:
      g_value_set_string (value, self->client_secret);
      break;
    case PROP_AUTH_METHOD:
      g_value_set_enum (value, self->auth_method);
      break;
    case PROP_AUTH_BASE:
      g_value_set_string (value, self->auth_base);
      break;
    case PROP_REDIRECT_URI:
      g_value_set_string (value, self->redirect_uri);
      break;
    case PROP_SCOPES:
      g_value_set_string (value, self->scopes);
      break;
    case PROP_REFRESH_TOKEN:
      g_value_set_string (value, self->refresh_token);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_auth_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  TwAuth *self = TW_AUTH (object);

  switch (prop_id)
    {
    case PROP_MODE:
      tw_auth_set_mode (self, g_value_get_enum (value));
      break;
    case PROP_ACCESS_TOKEN:
      tw_auth_set_access_token (self, g_value_get_string (value));
      break;
    case PROP_EXPIRES_AT:
      tw_auth_set_expires_at (self, g_value_get_boxed (value));
      break;
    case PROP_TOKEN_TYPE:
      set_string_prop (self, &self->token_type, g_value_get_string (value), FALSE, prop_id);
      break;
    case PROP_SCOPE:
      set_string_prop (self, &self->scope, g_value_get_string (value), FALSE, prop_id);
      break;
    case PROP_CLIENT_ID:
      tw_auth_set_client_id (self, g_value_get_string (value));
      break;
    case PROP_CLIENT_SECRET:
      tw_auth_set_client_secret (self, g_value_get_string (value));
      break;
    case PROP_AUTH_METHOD:
      tw_auth_set_auth_method (self, g_value_get_enum (value));
      break;
    case PROP_AUTH_BASE:
      tw_auth_set_auth_base (self, g_value_get_string (value));
      break;
    case PROP_REDIRECT_URI:
      tw_auth_set_redirect_uri (self, g_value_get_string (value));
      break;
    case PROP_SCOPES:
      tw_auth_set_scopes (self, g_value_get_string (value));
      break;
    case PROP_REFRESH_TOKEN:
      tw_auth_set_refresh_token (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_auth_finalize (GObject *object)
{
  TwAuth *self = TW_AUTH (object);

  g_clear_pointer (&self->access_token, tw_secret_free);
  g_clear_pointer (&self->client_secret, tw_secret_free);
  g_clear_pointer (&self->refresh_token, tw_secret_free);
  g_clear_pointer (&self->expires_at, g_date_time_unref);
  g_free (self->token_type);
  g_free (self->scope);
  g_free (self->client_id);
  g_free (self->auth_base);
  g_free (self->redirect_uri);
  g_free (self->scopes);

  G_OBJECT_CLASS (tw_auth_parent_class)->finalize (object);
}

static void
tw_auth_class_init (TwAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags =
    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = tw_auth_get_property;
  object_class->set_property = tw_auth_set_property;
  object_class->finalize = tw_auth_finalize;

  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, TW_TYPE_AUTH_MODE, TW_AUTH_MODE_ACCESS_TOKEN, flags);
  properties[PROP_ACCESS_TOKEN] = g_param_spec_string ("access-token", NULL, NULL, NULL, flags);
  properties[PROP_EXPIRES_AT] =
    g_param_spec_boxed ("expires-at", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_TOKEN_TYPE] = g_param_spec_string ("token-type", NULL, NULL, NULL, flags);
  properties[PROP_SCOPE] = g_param_spec_string ("scope", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_ID] = g_param_spec_string ("client-id", NULL, NULL, NULL, flags);
  properties[PROP_CLIENT_SECRET] =
    g_param_spec_string ("client-secret", NULL, NULL, NULL, flags);
  properties[PROP_AUTH_METHOD] =
    g_param_spec_enum ("auth-method", NULL, NULL, TW_TYPE_AUTH_METHOD, TW_AUTH_METHOD_BASIC,
                       flags);
  properties[PROP_AUTH_BASE] = g_param_spec_string ("auth-base", NULL, NULL, NULL, flags);
  properties[PROP_REDIRECT_URI] = g_param_spec_string ("redirect-uri", NULL, NULL, NULL, flags);
  properties[PROP_SCOPES] = g_param_spec_string ("scopes", NULL, NULL, NULL, flags);
  properties[PROP_REFRESH_TOKEN] =
    g_param_spec_string ("refresh-token", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_auth_init (TwAuth *self)
{
}

TwAuth *
tw_auth_new (void)
{
  return g_object_new (TW_TYPE_AUTH, NULL);
}

TwAuth *
tw_auth_new_for_token (const char *access_token)
{
  TwAuth *self = tw_auth_new ();

  tw_auth_set_access_token (self, access_token);
  return self;
}

TwAuth *
tw_auth_new_for_client (const char   *client_id,
                        const char   *client_secret,
                        TwAuthMethod  method)
{
  TwAuth *self = tw_auth_new ();

  self->mode = TW_AUTH_MODE_CLIENT_CREDENTIALS;
  self->client_id = g_strdup (client_id);
  self->client_secret = g_strdup (client_secret);
  self->auth_method = method;
  return self;
}

TwAuthMode
tw_auth_get_mode (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), TW_AUTH_MODE_ACCESS_TOKEN);

  return self->mode;
}

void
tw_auth_set_mode (TwAuth     *self,
                  TwAuthMode  mode)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (self->mode == mode)
    return;

  self->mode = mode;
  notify (self, PROP_MODE);
}

const char *
tw_auth_get_access_token (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->access_token;
}

void
tw_auth_set_access_token (TwAuth     *self,
                          const char *access_token)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (access_token != NULL && *access_token == '\0')
    access_token = NULL;

  if (!replace_string (&self->access_token, access_token, TRUE))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_ACCESS_TOKEN);
  set_expiry (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tw_auth_get_expires_at:
 * @self: a #TwAuth
 *
 * Returns: (transfer none) (nullable): when the token expires, %NULL when
 *   unknown
 */
GDateTime *
tw_auth_get_expires_at (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->expires_at;
}

void
tw_auth_set_expires_at (TwAuth    *self,
                        GDateTime *expires_at)
{
  g_return_if_fail (TW_IS_AUTH (self));

  set_expiry (self, expires_at);
}

const char *
tw_auth_get_token_type (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->token_type;
}

const char *
tw_auth_get_scope (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->scope;
}

const char *
tw_auth_get_client_id (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->client_id;
}

void
tw_auth_set_client_id (TwAuth     *self,
                       const char *client_id)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (!replace_string (&self->client_id, client_id, FALSE))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_CLIENT_ID);
  forget_granted_token (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
tw_auth_get_client_secret (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->client_secret;
}

void
tw_auth_set_client_secret (TwAuth     *self,
                           const char *client_secret)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (!replace_string (&self->client_secret, client_secret, TRUE))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_CLIENT_SECRET);
  forget_granted_token (self);
  g_object_thaw_notify (G_OBJECT (self));
}

TwAuthMethod
tw_auth_get_auth_method (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), TW_AUTH_METHOD_BASIC);

  return self->auth_method;
}

void
tw_auth_set_auth_method (TwAuth       *self,
                         TwAuthMethod  method)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (self->auth_method == method)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->auth_method = method;
  notify (self, PROP_AUTH_METHOD);
  forget_granted_token (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
tw_auth_get_auth_base (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->auth_base;
}

void
tw_auth_set_auth_base (TwAuth     *self,
                       const char *auth_base)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (auth_base != NULL && *auth_base == '\0')
    auth_base = NULL;

  if (!replace_string (&self->auth_base, auth_base, FALSE))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  notify (self, PROP_AUTH_BASE);
  forget_granted_token (self);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
tw_auth_get_redirect_uri (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->redirect_uri;
}

void
tw_auth_set_redirect_uri (TwAuth     *self,
                          const char *redirect_uri)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (redirect_uri != NULL && *redirect_uri == '\0')
    redirect_uri = NULL;

  set_string_prop (self, &self->redirect_uri, redirect_uri, FALSE, PROP_REDIRECT_URI);
}

char *
tw_auth_dup_effective_redirect_uri (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  if (self->redirect_uri != NULL)
    return g_strdup (self->redirect_uri);

  return g_strdup_printf ("http://127.0.0.1:%d/callback", TW_OAUTH_DEFAULT_PORT);
}

const char *
tw_auth_get_scopes (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->scopes;
}

void
tw_auth_set_scopes (TwAuth     *self,
                    const char *scopes)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (scopes != NULL && *scopes == '\0')
    scopes = NULL;

  set_string_prop (self, &self->scopes, scopes, FALSE, PROP_SCOPES);
}

const char *
tw_auth_get_effective_scopes (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->scopes != NULL ? self->scopes : TW_OAUTH_DEFAULT_SCOPES;
}

const char *
tw_auth_get_refresh_token (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), NULL);

  return self->refresh_token;
}

void
tw_auth_set_refresh_token (TwAuth     *self,
                           const char *refresh_token)
{
  g_return_if_fail (TW_IS_AUTH (self));

  if (refresh_token != NULL && *refresh_token == '\0')
    refresh_token = NULL;

  set_string_prop (self, &self->refresh_token, refresh_token, TRUE, PROP_REFRESH_TOKEN);
}

void
tw_auth_set_granted_token (TwAuth     *self,
                           const char *access_token,
                           gint64      expires_in,
                           const char *token_type,
                           const char *scope)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) expires_at = NULL;

  g_return_if_fail (TW_IS_AUTH (self));

  if (expires_in > 0)
    {
      now = g_date_time_new_now_utc ();
      expires_at = g_date_time_add_seconds (now, (double) expires_in);
    }

  g_object_freeze_notify (G_OBJECT (self));
  tw_auth_set_access_token (self, access_token);
  set_expiry (self, expires_at);
  set_string_prop (self, &self->token_type, token_type, FALSE, PROP_TOKEN_TYPE);
  set_string_prop (self, &self->scope, scope, FALSE, PROP_SCOPE);
  g_object_thaw_notify (G_OBJECT (self));
}

void
tw_auth_forget_token (TwAuth *self)
{
  g_return_if_fail (TW_IS_AUTH (self));

  g_object_freeze_notify (G_OBJECT (self));
  tw_auth_set_access_token (self, NULL);
  set_expiry (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
tw_auth_has_token (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), FALSE);

  return self->access_token != NULL;
}

gboolean
tw_auth_is_expired (TwAuth *self)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (TW_IS_AUTH (self), FALSE);

  if (self->expires_at == NULL)
    return FALSE;

  now = g_date_time_new_now_utc ();
  return g_date_time_difference (self->expires_at, now) <
         EXPIRY_MARGIN_SECONDS * G_TIME_SPAN_SECOND;
}

static gboolean
has_client (TwAuth *self)
{
  return self->client_id != NULL && *self->client_id != '\0' &&
         self->client_secret != NULL && *self->client_secret != '\0';
}

gboolean
tw_auth_can_grant (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), FALSE);

  switch (self->mode)
    {
    case TW_AUTH_MODE_CLIENT_CREDENTIALS:
      return has_client (self);
    case TW_AUTH_MODE_PUBLIC_APP:
      return has_client (self) && self->refresh_token != NULL;
    case TW_AUTH_MODE_ACCESS_TOKEN:
    default:
      return FALSE;
    }
}

gboolean
tw_auth_needs_grant (TwAuth *self)
{
  gboolean stale;

  g_return_val_if_fail (TW_IS_AUTH (self), FALSE);

  stale = !tw_auth_has_token (self) || tw_auth_is_expired (self);

  switch (self->mode)
    {
    case TW_AUTH_MODE_CLIENT_CREDENTIALS:
      return stale;
    case TW_AUTH_MODE_PUBLIC_APP:
      return stale && self->refresh_token != NULL;
    case TW_AUTH_MODE_ACCESS_TOKEN:
    default:
      return FALSE;
    }
}

gboolean
tw_auth_is_logged_in (TwAuth *self)
{
  g_return_val_if_fail (TW_IS_AUTH (self), FALSE);

  return self->mode == TW_AUTH_MODE_PUBLIC_APP &&
         (self->access_token != NULL || self->refresh_token != NULL);
}

const char *
tw_auth_method_to_string (TwAuthMethod method)
{
  return method == TW_AUTH_METHOD_POST ? "post" : "basic";
}

gboolean
tw_auth_method_from_string (const char   *str,
                            TwAuthMethod *method)
{
  g_return_val_if_fail (method != NULL, FALSE);

  if (g_strcmp0 (str, "basic") == 0 || g_strcmp0 (str, "client_secret_basic") == 0)
    *method = TW_AUTH_METHOD_BASIC;
  else if (g_strcmp0 (str, "post") == 0 || g_strcmp0 (str, "client_secret_post") == 0)
    *method = TW_AUTH_METHOD_POST;
  else
    return FALSE;

  return TRUE;
}

/* Shared by the API base and the auth base: option, env, default. */
static char *
resolve_base (const char *option,
              const char *env_name,
              const char *fallback)
{
  const char *value = option;
  gsize length;

  if (value == NULL || *value == '\0')
    value = g_getenv (env_name);
  if (value == NULL || *value == '\0')
    value = fallback;

  length = strlen (value);
  while (length > 0 && value[length - 1] == '/')
    length--;

  return g_strndup (value, length);
}

char *
tw_auth_resolve_base (const char *option)
{
  return resolve_base (option, "TIKI_WEBHOOKS_AUTH_BASE", TW_AUTH_BASE_DEFAULT);
}
