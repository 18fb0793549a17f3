/* tw-hook.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-hook"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-enums.h"
#include "tw-hook.h"
#include "tw-secret.h"

struct _TwHook
{
  GObject     parent_instance;

  TwHookKind  kind;
  gboolean    enabled;
  char       *url;
  char       *secret_key;
};

G_DEFINE_FINAL_TYPE (TwHook, tw_hook, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ENABLED,
  PROP_URL,
  PROP_SECRET_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const kind_names[TW_N_HOOKS] = {
  [TW_HOOK_ORDER] = "order",
  [TW_HOOK_STOCK] = "stock",
  [TW_HOOK_AFTERSALE] = "aftersale",
};

static gboolean
kind_is_valid (TwHookKind kind)
{
  return (guint) kind < TW_N_HOOKS;
}

static void
tw_hook_constructed (GObject *object)
{
  TwHook *self = TW_HOOK (object);

  G_OBJECT_CLASS (tw_hook_parent_class)->constructed (object);

  /* The order hook is mandatory in every version of the API. */
  if (self->kind == TW_HOOK_ORDER)
    self->enabled = TRUE;
}

static void
tw_hook_finalize (GObject *object)
{
  TwHook *self = TW_HOOK (object);

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->secret_key, tw_secret_free);

  G_OBJECT_CLASS (tw_hook_parent_class)->finalize (object);
}

static void
tw_hook_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  TwHook *self = TW_HOOK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_SECRET_KEY:
      g_value_set_string (value, self->secret_key);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_hook_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  TwHook *self = TW_HOOK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_ENABLED:
      tw_hook_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_URL:
      tw_hook_set_url (self, g_value_get_string (value));
      break;
    case PROP_SECRET_KEY:
      tw_hook_set_secret_key (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_hook_class_init (TwHookClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tw_hook_constructed;
  object_class->finalize = tw_hook_finalize;
  object_class->get_property = tw_hook_get_property;
  object_class->set_property = tw_hook_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       TW_TYPE_HOOK_KIND, TW_HOOK_ORDER,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SECRET_KEY] =
    g_param_spec_string ("secret-key", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_hook_init (TwHook *self)
{
  self->url = g_strdup ("");
  self->secret_key = g_strdup ("");
}

/**
 * tw_hook_new:
 * @kind: which webhook this is
 *
 * Returns: (transfer full): a new hook with an empty URL and secret key;
 *   enabled only when @kind is %TW_HOOK_ORDER.
 */
TwHook *
tw_hook_new (TwHookKind kind)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  return g_object_new (TW_TYPE_HOOK, "kind", kind, NULL);
}

TwHookKind
tw_hook_get_kind (TwHook *self)
{
  g_return_val_if_fail (TW_IS_HOOK (self), TW_HOOK_ORDER);

  return self->kind;
}

gboolean
tw_hook_get_enabled (TwHook *self)
{
  g_return_val_if_fail (TW_IS_HOOK (self), FALSE);

  return self->enabled;
}

/**
 * tw_hook_set_enabled:
 * @self: a #TwHook
 * @enabled: whether the hook is part of the registration
 *
 * Turning the order hook off is ignored: TNSL requires it.
 */
void
tw_hook_set_enabled (TwHook   *self,
                     gboolean  enabled)
{
  g_return_if_fail (TW_IS_HOOK (self));

  enabled = !!enabled;
  if (self->kind == TW_HOOK_ORDER)
    enabled = TRUE;

  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

const char *
tw_hook_get_url (TwHook *self)
{
  g_return_val_if_fail (TW_IS_HOOK (self), "");

  return self->url;
}

void
tw_hook_set_url (TwHook     *self,
                 const char *url)
{
  g_return_if_fail (TW_IS_HOOK (self));

  if (url == NULL)
    url = "";

  if (g_strcmp0 (self->url, url) == 0)
    return;

  g_free (self->url);
  self->url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

const char *
tw_hook_get_secret_key (TwHook *self)
{
  g_return_val_if_fail (TW_IS_HOOK (self), "");

  return self->secret_key;
}

void
tw_hook_set_secret_key (TwHook     *self,
                        const char *secret_key)
{
  g_return_if_fail (TW_IS_HOOK (self));

  if (secret_key == NULL)
    secret_key = "";

  if (g_strcmp0 (self->secret_key, secret_key) == 0)
    return;

  /* Wipe the old key rather than leave it in freed memory. */
  tw_secret_free (self->secret_key);
  self->secret_key = g_strdup (secret_key);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET_KEY]);
}

/**
 * tw_hook_kind_to_string:
 * @kind: a #TwHookKind
 *
 * Returns: (transfer none): the JSON key under `sync_webhook`, also the
 *   value of the CLI's `--hook` option, or %NULL for an invalid @kind.
 */
const char *
tw_hook_kind_to_string (TwHookKind kind)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  return kind_names[kind];
}

/**
 * tw_hook_field_name:
 * @kind: a #TwHookKind
 * @field: which of the hook's fields
 *
 * Made once from the kind names (validation runs before every
 * registration, and may run in several threads, hence g_once).
 *
 * Returns: (transfer none): the field's name, interned
 */
const char *
tw_hook_field_name (TwHookKind  kind,
                    TwHookField field)
{
  static const char *names[TW_N_HOOKS][TW_HOOK_FIELD_SECRET_KEY + 1];
  static gsize made;

  g_return_val_if_fail (kind_is_valid (kind), NULL);
  g_return_val_if_fail (field <= TW_HOOK_FIELD_SECRET_KEY, NULL);

  if (g_once_init_enter (&made))
    {
      for (guint i = 0; i < TW_N_HOOKS; i++)
        {
          g_autofree char *hook = g_strconcat ("sync_webhook.", kind_names[i], NULL);
          g_autofree char *url = g_strconcat (hook, ".url", NULL);
          g_autofree char *secret_key = g_strconcat (hook, ".secret_key", NULL);

          names[i][TW_HOOK_FIELD_SELF] = g_intern_string (hook);
          names[i][TW_HOOK_FIELD_URL] = g_intern_string (url);
          names[i][TW_HOOK_FIELD_SECRET_KEY] = g_intern_string (secret_key);
        }
      g_once_init_leave (&made, 1);
    }

  return names[kind][field];
}

/**
 * tw_hook_kind_from_string:
 * @str: "order", "stock" or "aftersale", in any letter case
 * @kind: (out) (optional): where to store the kind
 *
 * Returns: %TRUE when @str names a hook kind
 */
gboolean
tw_hook_kind_from_string (const char *str,
                          TwHookKind *kind)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      if (g_ascii_strcasecmp (str, kind_names[i]) == 0)
        {
          if (kind != NULL)
            *kind = (TwHookKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * tw_hook_kind_get_title:
 * @kind: a #TwHookKind
 *
 * Returns: (transfer none): the translated name shown to the user
 */
const char *
tw_hook_kind_get_title (TwHookKind kind)
{
  switch (kind)
    {
    case TW_HOOK_ORDER:
      return C_("webhook", "Order status");
    case TW_HOOK_STOCK:
      return C_("webhook", "Stock");
    case TW_HOOK_AFTERSALE:
      return C_("webhook", "After-sales (FD/CR)");
    default:
      g_return_val_if_reached (NULL);
    }
}
