/* tw-request-details.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-request-details"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tw-api-parse.h"
#include "tw-clipboard.h"
#include "tw-i18n.h"
#include "tw-request-details.h"
#include "tw-resources.h"
#include "tw-toast.h"

struct _TwRequestDetails
{
  AdwWindow        parent_instance;

  TwHistoryEntry  *entry;

  /* template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  AdwActionRow    *outcome_row;
  GtkImage        *outcome_icon;
  AdwActionRow    *time_row;
  AdwActionRow    *profile_row;
  AdwActionRow    *kind_row;
  AdwActionRow    *url_row;
  AdwActionRow    *status_row;
  AdwActionRow    *code_row;
  AdwActionRow    *message_row;
  AdwActionRow    *request_id_row;
  AdwActionRow    *duration_row;
  AdwActionRow    *attempt_row;
  GtkWidget       *load_row;
  GtkTextView     *request_view;
  GtkTextView     *response_view;
};

G_DEFINE_FINAL_TYPE (TwRequestDetails, tw_request_details, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

enum {
  LOAD_INTO_EDITOR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Helpers */

/* A row shows a value, or is hidden when there is none. */
static void
set_value_row (AdwActionRow *row,
               const char   *value)
{
  gboolean shown = value != NULL && *value != '\0';

  adw_action_row_set_subtitle (row, shown ? value : "");
  gtk_widget_set_visible (GTK_WIDGET (row), shown);
}

/* Bodies are stored compact; indented JSON is what a person can read. */
static char *
pretty_body (const char *body)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) generator = NULL;

  if (body == NULL || *body == '\0')
    return g_strdup (_("(no body)"));
  /* A server's answer, as it came: anything at all. */
  if (!tw_json_parse (body, -1, &root, NULL) || root == NULL)
    return g_utf8_make_valid (body, -1);

  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
show_outcome (TwRequestDetails *self)
{
  gboolean success = tw_history_entry_get_success (self->entry);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row),
                                 tw_history_entry_get_outcome_label (self->entry));
  adw_action_row_set_subtitle (self->outcome_row,
                               success ? _("The server accepted the request.")
                                       : _("The request did not succeed."));
  gtk_image_set_from_icon_name (self->outcome_icon,
                                success ? "emblem-ok-symbolic" : "dialog-error-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->outcome_icon), success ? "success" : "error");
}

static void
show_status (TwRequestDetails *self)
{
  guint status = tw_history_entry_get_http_status (self->entry);
  g_autofree char *text = NULL;

  if (status > 0)
    text = g_strdup_printf ("%u %s", status, soup_status_get_phrase (status));
  else
    text = g_strdup (_("No response"));
  set_value_row (self->status_row, text);
}

static void
show_timing (TwRequestDetails *self)
{
  g_autofree char *time = tw_format_date_time_ms (tw_history_entry_get_time_ms (self->entry),
                                                  NULL);
  g_autofree char *duration = tw_format_duration (
    tw_history_entry_get_duration_ms (self->entry));
  guint attempt = tw_history_entry_get_attempt (self->entry);
  g_autofree char *attempt_text = NULL;

  if (attempt > 1)
    /* Translators: %u is the number of the try, 2 or more */
    attempt_text = g_strdup_printf (_("%u (a retry)"), attempt);
  else if (attempt == 1)
    attempt_text = g_strdup (_("1 (the first try)"));

  set_value_row (self->time_row, time);
  set_value_row (self->duration_row, duration);
  set_value_row (self->attempt_row, attempt_text);
}

static void
set_body (GtkTextView *view,
          const char  *body)
{
  g_autofree char *text = pretty_body (body);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static void
show_entry (TwRequestDetails *self)
{
  TwHistoryEntry *entry = self->entry;

  adw_window_title_set_subtitle (self->window_title, tw_history_entry_get_kind_label (entry));
  show_outcome (self);
  show_status (self);
  show_timing (self);
  set_value_row (self->profile_row, tw_history_entry_get_profile (entry));
  set_value_row (self->kind_row, tw_history_entry_get_kind_label (entry));
  set_value_row (self->url_row, tw_history_entry_get_url (entry));
  set_value_row (self->code_row, tw_history_entry_get_message_code (entry));
  set_value_row (self->message_row, tw_history_entry_get_message (entry));
  set_value_row (self->request_id_row, tw_history_entry_get_request_id (entry));
  set_body (self->request_view, tw_history_entry_get_request_body (entry));
  set_body (self->response_view, tw_history_entry_get_response_body (entry));
}

static void
update_actions (TwRequestDetails *self)
{
  const char *request_id = tw_history_entry_get_request_id (self->entry);
  gboolean loadable = g_strcmp0 (tw_history_entry_get_kind (self->entry), "registration") == 0 &&
                      tw_history_entry_get_request_body (self->entry) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.copy-request-id",
                                 request_id != NULL && *request_id != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "details.load-into-editor", loadable);
  gtk_widget_set_visible (self->load_row, loadable);
}

/* Action handlers */

static void
copy_request_id_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwRequestDetails *self = TW_REQUEST_DETAILS (widget);

  tw_clipboard_copy_text (gtk_widget_get_clipboard (widget),
                          tw_history_entry_get_request_id (self->entry));
  tw_request_details_add_toast (self, _("Request ID copied"));
}

static void
copy_summary_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TwRequestDetails *self = TW_REQUEST_DETAILS (widget);
  g_autofree char *summary = tw_history_entry_get_support_summary (self->entry);

  tw_clipboard_copy_text (gtk_widget_get_clipboard (widget), summary);
  tw_request_details_add_toast (self, _("Support summary copied"));
}

static void
load_into_editor_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  g_signal_emit (widget, signals[LOAD_INTO_EDITOR], 0);
}

/* GObject overrides */

static void
tw_request_details_constructed (GObject *object)
{
  TwRequestDetails *self = TW_REQUEST_DETAILS (object);

  G_OBJECT_CLASS (tw_request_details_parent_class)->constructed (object);

  g_assert (TW_IS_HISTORY_ENTRY (self->entry));
  show_entry (self);
  update_actions (self);
}

static void
tw_request_details_dispose (GObject *object)
{
  TwRequestDetails *self = TW_REQUEST_DETAILS (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_REQUEST_DETAILS);
  g_clear_object (&self->entry);

  G_OBJECT_CLASS (tw_request_details_parent_class)->dispose (object);
}

static void
tw_request_details_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TwRequestDetails *self = TW_REQUEST_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_request_details_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TwRequestDetails *self = TW_REQUEST_DETAILS (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      self->entry = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bind_children (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, outcome_icon);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, time_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, profile_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, kind_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, url_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, status_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, code_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, message_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, request_id_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, duration_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, attempt_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, load_row);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, request_view);
  gtk_widget_class_bind_template_child (widget_class, TwRequestDetails, response_view);
}

static void
tw_request_details_class_init (TwRequestDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tw_request_details_constructed;
  object_class->dispose = tw_request_details_dispose;
  object_class->get_property = tw_request_details_get_property;
  object_class->set_property = tw_request_details_set_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL,
                         TW_TYPE_HISTORY_ENTRY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[LOAD_INTO_EDITOR] =
    g_signal_new ("load-into-editor", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  (void) tw_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-request-details.ui");
  bind_children (widget_class);

  gtk_widget_class_install_action (widget_class, "details.copy-request-id", NULL,
                                   copy_request_id_cb);
  gtk_widget_class_install_action (widget_class, "details.copy-summary", NULL,
                                   copy_summary_cb);
  gtk_widget_class_install_action (widget_class, "details.load-into-editor", NULL,
                                   load_into_editor_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tw_request_details_init (TwRequestDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Public API */

TwRequestDetails *
tw_request_details_new (GtkWindow      *parent,
                        TwHistoryEntry *entry)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (entry), NULL);

  return g_object_new (TW_TYPE_REQUEST_DETAILS,
                       "transient-for", parent,
                       "entry", entry,
                       NULL);
}

TwHistoryEntry *
tw_request_details_get_entry (TwRequestDetails *self)
{
  g_return_val_if_fail (TW_IS_REQUEST_DETAILS (self), NULL);

  return self->entry;
}

void
tw_request_details_add_toast (TwRequestDetails *self,
                              const char       *text)
{
  g_return_if_fail (TW_IS_REQUEST_DETAILS (self));
  g_return_if_fail (text != NULL);

  tw_show_toast (GTK_WIDGET (self->toast_overlay), text);
}

char *
tw_request_details_format_http_status (guint http_status)
{
  if (http_status == 0)
    /* Translators: in the HTTP status column, when no response arrived */
    return g_strdup (C_("http status", "—"));

  return g_strdup_printf ("%u", http_status);
}
