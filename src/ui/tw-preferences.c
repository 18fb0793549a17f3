/* tw-preferences.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-preferences.h"

struct _TwPreferences
{
  AdwPreferencesWindow  parent_instance;

  TwContext            *context;

  AdwComboRow          *environment_row;
  GtkSpinButton        *timeout_spin;
  GtkSpinButton        *clipboard_spin;
  AdwComboRow          *retention_row;
};

G_DEFINE_FINAL_TYPE (TwPreferences, tw_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The history-retention-days values the combo row offers, in its order. */
static const guint retention_days[] = { 0, 90, 365 };

static guint
retention_index_for_days (guint days)
{
  /* A value set elsewhere (the schema allows any) shows as the nearest
   * limited option, never as "Forever", which would hide that old
   * requests are being deleted. */
  if (days == 0)
    return 0;
  return days <= (retention_days[1] + retention_days[2]) / 2 ? 1 : 2;
}

static gboolean
get_retention_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_uint (value, retention_index_for_days (g_variant_get_uint32 (variant)));
  return TRUE;
}

static GVariant *
set_retention_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (retention_days))
    return NULL;
  return g_variant_new_uint32 (retention_days[index]);
}

static gboolean
get_environment_mapping (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  TwEnvironment environment;

  if (!tw_environment_from_string (g_variant_get_string (variant, NULL), &environment))
    return FALSE;
  g_value_set_uint (value, environment);
  return TRUE;
}

static GVariant *
set_environment_mapping (const GValue       *value,
                         const GVariantType *expected_type,
                         gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= TW_N_ENVIRONMENTS)
    return NULL;
  return g_variant_new_string (tw_environment_to_string (index));
}

static void
fill_environments (TwPreferences *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);

  /* In enum order, so a row's position is the TwEnvironment value. */
  for (guint i = 0; i < TW_N_ENVIRONMENTS; i++)
    gtk_string_list_append (titles, tw_environment_get_title (i));
  adw_combo_row_set_model (self->environment_row, G_LIST_MODEL (titles));
}

static void
bind_settings (TwPreferences *self)
{
  GSettings *settings = tw_context_get_settings (self->context);

  g_settings_bind (settings, "request-timeout", self->timeout_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "clipboard-clear-seconds", self->clipboard_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "default-environment",
                                self->environment_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                get_environment_mapping, set_environment_mapping, NULL, NULL);
  g_settings_bind_with_mapping (settings, "history-retention-days",
                                self->retention_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                get_retention_mapping, set_retention_mapping, NULL, NULL);
}

static void
tw_preferences_constructed (GObject *object)
{
  TwPreferences *self = TW_PREFERENCES (object);

  G_OBJECT_CLASS (tw_preferences_parent_class)->constructed (object);

  g_assert (TW_IS_CONTEXT (self->context));
  fill_environments (self);
  bind_settings (self);
}

static void
tw_preferences_dispose (GObject *object)
{
  TwPreferences *self = TW_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_PREFERENCES);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tw_preferences_parent_class)->dispose (object);
}

static void
tw_preferences_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwPreferences *self = TW_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_preferences_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TwPreferences *self = TW_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_preferences_class_init (TwPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tw_preferences_constructed;
  object_class->dispose = tw_preferences_dispose;
  object_class->get_property = tw_preferences_get_property;
  object_class->set_property = tw_preferences_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         TW_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, TwPreferences, environment_row);
  gtk_widget_class_bind_template_child (widget_class, TwPreferences, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, TwPreferences, clipboard_spin);
  gtk_widget_class_bind_template_child (widget_class, TwPreferences, retention_row);
}

static void
tw_preferences_init (TwPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TwPreferences *
tw_preferences_new (GtkWindow *parent,
                    TwContext *context)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TW_IS_CONTEXT (context), NULL);

  return g_object_new (TW_TYPE_PREFERENCES,
                       "transient-for", parent,
                       "context", context,
                       NULL);
}

TwContext *
tw_preferences_get_context (TwPreferences *self)
{
  g_return_val_if_fail (TW_IS_PREFERENCES (self), NULL);

  return self->context;
}
