/* tw-webhook-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-webhook-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-clipboard.h"
#include "tw-enums.h"
#include "tw-list-rows.h"
#include "tw-problem-row.h"
#include "tw-resources.h"
#include "tw-secret.h"
#include "tw-toast.h"
#include "tw-title-block.h"
#include "tw-webhook-editor.h"

struct _TwWebhookEditor
{
  AdwPreferencesGroup  parent_instance;

  TwHook              *hook;
  TwApiFlavour         flavour;
  GBinding            *bindings[3];

  /* template children */
  TwTitleBlock        *header;
  GtkSwitch           *enabled_switch;
  TwProblemRow        *hook_problems;

  /* built by ensure_fields(), NULL until then */
  AdwEntryRow         *url_row;
  TwProblemRow        *url_problems;
  AdwPasswordEntryRow *secret_row;
  GtkLabel            *length_label;
  TwProblemRow        *secret_problems;
};

G_DEFINE_FINAL_TYPE (TwWebhookEditor, tw_webhook_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_HOOK,
  PROP_FLAVOUR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static TwHookKind
get_kind (TwWebhookEditor *self)
{
  return self->hook != NULL ? tw_hook_get_kind (self->hook) : TW_HOOK_ORDER;
}

static const char *
describe_hook (TwWebhookEditor *self)
{
  gboolean legacy = self->flavour == TW_API_FLAVOUR_LEGACY;

  switch (get_kind (self))
    {
    case TW_HOOK_ORDER:
      return _("TikiNOW calls this address when the status of an order changes. Required.");
    case TW_HOOK_STOCK:
      return legacy ? _("Called when the salable stock of a product changes. "
                        "The Legacy host requires this webhook.")
                    : _("Called when the salable stock of a product changes. Optional.");
    case TW_HOOK_AFTERSALE:
      return legacy ? _("The Legacy host does not support after-sales webhooks: "
                        "switch to Production to use one.")
                    : _("Called when a failed delivery (FD) or customer return (CR) "
                        "changes status. Optional.");
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
update_length (TwWebhookEditor *self)
{
  const char *secret = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  glong length = g_utf8_strlen (secret, -1);
  g_autofree char *text = NULL;

  /* Translators: the length of a secret key against the required length,
   * e.g. "12 / 32" */
  text = g_strdup_printf (_("%ld / %d"), length, TW_SECRET_LENGTH);
  gtk_label_set_text (self->length_label, text);

  if (length == TW_SECRET_LENGTH)
    gtk_widget_remove_css_class (GTK_WIDGET (self->length_label), "warning");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->length_label), "warning");
}

static gboolean
get_enabled (TwWebhookEditor *self)
{
  return self->hook != NULL && tw_hook_get_enabled (self->hook);
}

/* AdwPreferencesGroup hides its boxed list only when it has no rows at
 * all: the list (the rows' parent) goes with the rows of a webhook that is
 * off, lest an empty card be drawn, unless the webhook itself has a problem
 * to show, such as the legacy host requiring it. A webhook that is off
 * shows only its header, as an AdwExpanderRow with an enable switch does;
 * its address and key are kept. */
static void
update_visibility (TwWebhookEditor *self)
{
  gboolean enabled = get_enabled (self);

  if (self->url_row != NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->url_row), enabled);
      gtk_widget_set_visible (GTK_WIDGET (self->secret_row), enabled);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->hook_problems)),
                          enabled || tw_problem_row_get_n_problems (self->hook_problems) > 0);
}

static void
bind_fields (TwWebhookEditor *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  self->bindings[0] = g_object_bind_property (self->hook, "url", self->url_row, "text", flags);
  self->bindings[1] = g_object_bind_property (self->hook, "secret-key", self->secret_row, "text",
                                              flags);
}

/* The address and key rows with their problems, built when first needed
 * (the webhook switched on, or a problem to show under them): two of the
 * three webhooks of a new registration are off, and their rows were some
 * 70 hidden widgets made at start-up. */
static void
ensure_fields (TwWebhookEditor *self)
{
  static const char * const rows[] = {
    "url_row", "url_problems", "secret_row", "secret_problems", NULL
  };
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->url_row != NULL)
    return;

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/tw-webhook-fields.ui");
#define GET(field) self->field = (gpointer) gtk_builder_get_object (builder, #field)
  GET (url_row);
  GET (url_problems);
  GET (secret_row);
  GET (length_label);
  GET (secret_problems);
#undef GET
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->url_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->url_problems, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->secret_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->secret_problems,
                                  self->length_label, NULL,
                                  -1);
  g_signal_connect_swapped (self->secret_row, "changed", G_CALLBACK (update_length), self);
  if (self->hook != NULL)
    bind_fields (self);
  update_length (self);

  /* In once bound: an entry row given its text on screen animates its
   * title. */
  tw_list_box_insert_after (GTK_WIDGET (self->hook_problems), builder, rows);
}

static void
update_state (TwWebhookEditor *self)
{
  TwHookKind kind = get_kind (self);
  gboolean locked = tw_webhook_editor_get_locked (self);
  gboolean enabled = get_enabled (self);
  g_autofree char *switch_label = NULL;

  if (enabled)
    ensure_fields (self);

  tw_title_block_set_title (self->header, tw_hook_kind_get_title (kind));
  tw_title_block_set_description (self->header, describe_hook (self));

  /* Translators: the accessible name of a switch; %s is a webhook kind
   * such as "Stock" */
  switch_label = g_strdup_printf (_("Register the %s webhook"), tw_hook_kind_get_title (kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, switch_label, -1);

  gtk_widget_set_visible (GTK_WIDGET (self->enabled_switch), kind != TW_HOOK_ORDER);
  gtk_widget_set_sensitive (GTK_WIDGET (self->enabled_switch), !locked);
  update_visibility (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.generate", enabled);
}

static void
mark_field (GtkWidget    *row,
            TwProblemRow *problems)
{
  if (tw_problem_row_has_errors (problems))
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

static void
unbind_hook (TwWebhookEditor *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    {
      if (self->bindings[i] != NULL)
        g_binding_unbind (self->bindings[i]);
      self->bindings[i] = NULL;
    }

  if (self->hook != NULL)
    g_signal_handlers_disconnect_by_data (self->hook, self);
  g_clear_object (&self->hook);
}

static void
on_hook_enabled_changed (TwWebhookEditor *self)
{
  update_state (self);
}

static void
bind_hook (TwWebhookEditor *self,
           TwHook          *hook)
{
  self->hook = g_object_ref (hook);
  if (self->url_row != NULL)
    bind_fields (self);
  self->bindings[2] = g_object_bind_property (hook, "enabled", self->enabled_switch, "active",
                                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (hook, "notify::enabled",
                            G_CALLBACK (on_hook_enabled_changed), self);
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TwWebhookEditor *self = TW_WEBHOOK_EDITOR (widget);
  g_autoptr(TwSecretString) secret = NULL;
  g_autoptr(GError) error = NULL;

  if (self->hook == NULL)
    return;

  secret = tw_secret_generate (&error);
  if (secret == NULL)
    {
      tw_show_toast (GTK_WIDGET (self), _("Could not generate a secret key"));
      g_warning ("Could not generate a secret key: %s", error->message);
      return;
    }

  tw_hook_set_secret_key (self->hook, secret);
}

static void
copy_secret_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwWebhookEditor *self = TW_WEBHOOK_EDITOR (widget);
  g_autofree char *toast = NULL;
  const char *secret;
  guint delay;

  if (self->hook == NULL)
    return;

  secret = tw_hook_get_secret_key (self->hook);
  if (*secret == '\0')
    {
      tw_show_toast (GTK_WIDGET (self), _("There is no secret key to copy"));
      return;
    }

  delay = tw_clipboard_get_clear_delay (widget);
  tw_clipboard_copy_secret (gtk_widget_get_clipboard (widget), secret, delay * 1000);
  /* Translators: %u is a number of seconds */
  toast = g_strdup_printf (ngettext ("Secret key copied; the clipboard is cleared in %u second",
                                     "Secret key copied; the clipboard is cleared in %u seconds",
                                     delay),
                           delay);
  tw_show_toast (GTK_WIDGET (self), toast);
}

static void
tw_webhook_editor_dispose (GObject *object)
{
  TwWebhookEditor *self = TW_WEBHOOK_EDITOR (object);

  unbind_hook (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_WEBHOOK_EDITOR);

  G_OBJECT_CLASS (tw_webhook_editor_parent_class)->dispose (object);
}

static void
tw_webhook_editor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TwWebhookEditor *self = TW_WEBHOOK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_HOOK:
      g_value_set_object (value, self->hook);
      break;
    case PROP_FLAVOUR:
      g_value_set_enum (value, self->flavour);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_webhook_editor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TwWebhookEditor *self = TW_WEBHOOK_EDITOR (object);

  switch (prop_id)
    {
    case PROP_HOOK:
      tw_webhook_editor_set_hook (self, g_value_get_object (value));
      break;
    case PROP_FLAVOUR:
      tw_webhook_editor_set_flavour (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_webhook_editor_class_init (TwWebhookEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tw_webhook_editor_dispose;
  object_class->get_property = tw_webhook_editor_get_property;
  object_class->set_property = tw_webhook_editor_set_property;

  properties[PROP_HOOK] =
    g_param_spec_object ("hook", NULL, NULL,
                         TW_TYPE_HOOK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAVOUR] =
    g_param_spec_enum ("flavour", NULL, NULL,
                       TW_TYPE_API_FLAVOUR, TW_API_FLAVOUR_CURRENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TW_TYPE_PROBLEM_ROW);
  g_type_ensure (TW_TYPE_TITLE_BLOCK);
  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-webhook-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TwWebhookEditor, header);
  gtk_widget_class_bind_template_child (widget_class, TwWebhookEditor, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, TwWebhookEditor, hook_problems);

  gtk_widget_class_install_action (widget_class, "editor.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "editor.copy-secret", NULL, copy_secret_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK,
                                       "editor.generate", NULL);
}

static void
tw_webhook_editor_init (TwWebhookEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

GtkWidget *
tw_webhook_editor_new (void)
{
  return g_object_new (TW_TYPE_WEBHOOK_EDITOR, NULL);
}

TwHook *
tw_webhook_editor_get_hook (TwWebhookEditor *self)
{
  g_return_val_if_fail (TW_IS_WEBHOOK_EDITOR (self), NULL);

  return self->hook;
}

void
tw_webhook_editor_set_hook (TwWebhookEditor *self,
                            TwHook          *hook)
{
  g_return_if_fail (TW_IS_WEBHOOK_EDITOR (self));
  g_return_if_fail (hook == NULL || TW_IS_HOOK (hook));

  if (self->hook == hook)
    return;

  unbind_hook (self);
  if (hook != NULL)
    bind_hook (self, hook);

  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOOK]);
}

TwApiFlavour
tw_webhook_editor_get_flavour (TwWebhookEditor *self)
{
  g_return_val_if_fail (TW_IS_WEBHOOK_EDITOR (self), TW_API_FLAVOUR_CURRENT);

  return self->flavour;
}

void
tw_webhook_editor_set_flavour (TwWebhookEditor *self,
                               TwApiFlavour     flavour)
{
  g_return_if_fail (TW_IS_WEBHOOK_EDITOR (self));

  if (self->flavour == flavour)
    return;

  self->flavour = flavour;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOUR]);
}

gboolean
tw_webhook_editor_get_locked (TwWebhookEditor *self)
{
  g_return_val_if_fail (TW_IS_WEBHOOK_EDITOR (self), FALSE);

  return self->flavour == TW_API_FLAVOUR_LEGACY && get_kind (self) != TW_HOOK_ORDER;
}

void
tw_webhook_editor_set_problems (TwWebhookEditor *self,
                                GPtrArray       *problems)
{
  TwHookKind kind;
  g_autoptr(GPtrArray) hook_matches = NULL;
  g_autoptr(GPtrArray) url_matches = NULL;
  g_autoptr(GPtrArray) secret_matches = NULL;

  g_return_if_fail (TW_IS_WEBHOOK_EDITOR (self));

  kind = get_kind (self);
  hook_matches = tw_problems_filter (problems, tw_hook_field_name (kind, TW_HOOK_FIELD_SELF),
                                     FALSE);
  url_matches = tw_problems_filter (problems, tw_hook_field_name (kind, TW_HOOK_FIELD_URL),
                                    TRUE);
  secret_matches = tw_problems_filter (problems,
                                       tw_hook_field_name (kind, TW_HOOK_FIELD_SECRET_KEY),
                                       TRUE);

  tw_problem_row_set_problems (self->hook_problems, hook_matches);
  if (url_matches->len > 0 || secret_matches->len > 0)
    ensure_fields (self);
  if (self->url_row != NULL)
    {
      tw_problem_row_set_problems (self->url_problems, url_matches);
      tw_problem_row_set_problems (self->secret_problems, secret_matches);
      mark_field (GTK_WIDGET (self->url_row), self->url_problems);
      mark_field (GTK_WIDGET (self->secret_row), self->secret_problems);
    }
  update_visibility (self);
}
