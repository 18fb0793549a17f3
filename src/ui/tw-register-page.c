/* tw-register-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-register-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tw-account-group.h"
#include "tw-api-client.h"
#include "tw-clipboard.h"
#include "tw-i18n.h"
#include "tw-problem-row.h"
#include "tw-profile-store.h"
#include "tw-register-page.h"
#include "tw-resources.h"
#include "tw-scroll.h"
#include "tw-secret.h"
#include "tw-send-shortcuts.h"
#include "tw-title-block.h"
#include "tw-toast.h"
#include "tw-warehouse-list.h"
#include "tw-webhook-editor.h"

/* Validation waits for a pause in typing. */
#define VALIDATE_DELAY_MS 300

struct _TwRegisterPage
{
  AdwPreferencesPage   parent_instance;

  TwContext           *context;
  TwRegistration      *registration;
  TwAuth              *auth;
  gboolean             busy;
  gboolean             form_valid;
  /* Errors shown, and errors held back on fields not edited yet. */
  guint                n_errors;
  guint                n_hidden_errors;
  GHashTable          *touched;
  TwApiResult         *last_result;
  /* The environment of the request in flight: the result says "Demo" by
   * what was sent, not by what is selected now. */
  TwEnvironment        sent_environment;
  GCancellable        *cancellable;
  guint                validate_id;
  guint                scroll_tick_id;
  /* The profile being edited, and its file and secrets being read or
   * written (the Cancel button does not stop those). */
  TwProfile           *profile;
  gboolean             loading;
  GCancellable        *profile_cancellable;
  GPtrArray           *changes;
  GPtrArray           *change_rows;

  /* template children */
  TwAccountGroup      *account_group;
  TwWarehouseList     *warehouse_list;
  AdwPreferencesGroup *webhooks_group;
  TwWebhookEditor     *editors[TW_N_HOOKS];
  AdwPreferencesGroup *shop_group;
  AdwEntryRow         *partner_row;
  TwProblemRow        *partner_problems;
  AdwPreferencesGroup *review_group;
  AdwActionRow        *changes_row;
  GtkTextView         *preview_view;
  GtkWidget           *register_button;
  GtkSpinner          *spinner;
  GtkWidget           *cancel_button;
  GtkLabel            *send_hint;

  /* The Result group: NULL until the first result. */
  struct {
    AdwPreferencesGroup *group;
    AdwActionRow        *outcome_row;
    GtkImage            *outcome_icon;
    AdwActionRow        *status_row;
    AdwActionRow        *code_row;
    AdwActionRow        *message_row;
    AdwActionRow        *request_id_row;
    AdwActionRow        *elapsed_row;
    AdwActionRow        *attempts_row;
  } result;
};

G_DEFINE_FINAL_TYPE (TwRegisterPage, tw_register_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_REGISTRATION,
  PROP_AUTH,
  PROP_ENVIRONMENT,
  PROP_CUSTOM_URL,
  PROP_BUSY,
  PROP_LAST_RESULT,
  PROP_PROFILE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Fields whose errors wait until the user has edited them, so that a fresh
 * form is not covered in red. */
static const char * const touchable_fields[] = {
  "sync_inventory_location",
  "sync_webhook.order.url", "sync_webhook.order.secret_key",
  "sync_webhook.stock.url", "sync_webhook.stock.secret_key",
  "sync_webhook.aftersale.url", "sync_webhook.aftersale.secret_key",
  "external_partner_id",
  NULL
};

/* Helpers */

static gboolean
custom_url_is_valid (TwRegisterPage  *self,
                     GError         **error)
{
  if (tw_register_page_get_environment (self) != TW_ENVIRONMENT_CUSTOM)
    return TRUE;
  return tw_environment_check_base_url (tw_register_page_get_custom_url (self), error);
}

/* A client-credentials profile gets its token when sending. */
static gboolean
has_credentials (TwRegisterPage *self)
{
  return tw_auth_has_token (self->auth) || tw_auth_can_grant (self->auth);
}

static void
update_send_hint (TwRegisterPage *self)
{
  g_autofree char *text = NULL;

  if (self->busy)
    text = g_strdup (_("Sending the registration…"));
  else if (self->loading)
    text = g_strdup (_("Opening the profile…"));
  else if (self->n_errors > 0)
    /* Translators: shown under the Register button while the form has errors */
    text = g_strdup_printf (ngettext ("Correct the error above to register.",
                                      "Correct the %u errors above to register.",
                                      self->n_errors), self->n_errors);
  else if (self->n_hidden_errors > 0)
    text = g_strdup (_("Tick at least one warehouse and fill in the order webhook to register."));
  else if (!has_credentials (self) &&
           tw_auth_get_mode (self->auth) == TW_AUTH_MODE_CLIENT_CREDENTIALS)
    text = g_strdup (_("Enter the client ID and client secret to register."));
  else if (!has_credentials (self))
    text = g_strdup (_("Enter an access token to register."));
  else if (tw_register_page_get_environment (self) == TW_ENVIRONMENT_DEMO)
    text = g_strdup (_("Ready. In Demo, nothing is sent to Tiki."));
  else
    text = g_strdup (_("Ready to register."));

  gtk_label_set_text (self->send_hint, text);
}

static void
update_actions (TwRegisterPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can_send = self->form_valid && has_credentials (self) && !self->busy && !self->loading;

  gtk_widget_action_set_enabled (widget, "register.send", can_send);
  gtk_widget_action_set_enabled (widget, "register.cancel", self->busy);
  gtk_widget_action_set_enabled (widget, "register.share-secret", !self->busy);
  gtk_widget_action_set_enabled (widget, "register.copy-request-id",
                                 self->last_result != NULL &&
                                 tw_api_result_get_request_id (self->last_result) != NULL);
  update_send_hint (self);
}

static gboolean
problem_is_shown (TwRegisterPage  *self,
                  const TwProblem *problem)
{
  g_autofree char *root = g_strndup (problem->field, strcspn (problem->field, "["));

  return problem->severity != TW_SEVERITY_ERROR ||
         !g_strv_contains (touchable_fields, root) ||
         g_hash_table_contains (self->touched, root);
}

/* The problems to show now (element-type TwProblem, borrowed), counting
 * the errors shown and held back. */
static GPtrArray *
select_shown_problems (TwRegisterPage *self,
                       GPtrArray      *problems)
{
  GPtrArray *shown = g_ptr_array_new ();

  self->n_errors = 0;
  self->n_hidden_errors = 0;
  for (guint i = 0; i < problems->len; i++)
    {
      TwProblem *problem = g_ptr_array_index (problems, i);
      gboolean visible = problem_is_shown (self, problem);

      if (visible)
        g_ptr_array_add (shown, problem);
      if (problem->severity == TW_SEVERITY_ERROR)
        {
          if (visible)
            self->n_errors++;
          else
            self->n_hidden_errors++;
        }
    }
  return shown;
}

static const char *
change_icon_name (TwChangeKind kind)
{
  switch (kind)
    {
    case TW_CHANGE_ADDED:
      return "list-add-symbolic";
    case TW_CHANGE_REMOVED:
      return "list-remove-symbolic";
    case TW_CHANGE_ENABLED:
      return "object-select-symbolic";
    case TW_CHANGE_DISABLED:
      return "window-close-symbolic";
    case TW_CHANGE_CHANGED:
    default:
      return "document-edit-symbolic";
    }
}

static void
clear_change_rows (TwRegisterPage *self)
{
  for (guint i = 0; i < self->change_rows->len; i++)
    adw_preferences_group_remove (self->review_group, g_ptr_array_index (self->change_rows, i));
  g_ptr_array_set_size (self->change_rows, 0);
}

/* The sentence says what happened; the icon only repeats it. */
static void
add_change_row (TwRegisterPage *self,
                const TwChange *change)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (change_icon_name (change->kind));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->description);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), change->field);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_group_add (self->review_group, row);
  g_ptr_array_add (self->change_rows, row);
}

/* What differs from the last successful registration of the profile,
 * field by field (secrets are compared by fingerprint): a summary row,
 * then a row per change under it. Not an AdwExpanderRow: its arrow is the
 * one SVG icon of the page, and loading the SVG reader for it cost 7 MiB
 * and a library load at start-up (bench/ANALYSIS.md). */
static void
update_changes (TwRegisterPage *self)
{
  g_autofree char *summary = NULL;
  gboolean any;

  clear_change_rows (self);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_row), self->profile != NULL);
  if (self->profile == NULL || self->loading)
    return;

  self->changes = tw_profile_diff (self->profile, self->registration);
  summary = tw_profile_describe_diff (self->changes);
  adw_action_row_set_subtitle (self->changes_row, summary);
  any = self->changes != NULL && self->changes->len > 0;
  for (guint i = 0; any && i < self->changes->len; i++)
    add_change_row (self, g_ptr_array_index (self->changes, i));
}

static void
validate_now (TwRegisterPage *self)
{
  g_autoptr(GPtrArray) problems = tw_registration_validate (self->registration);
  g_autoptr(GPtrArray) shown = select_shown_problems (self, problems);
  g_autoptr(GPtrArray) partner = tw_problems_filter (shown, "external_partner_id", TRUE);
  gboolean url_ok = custom_url_is_valid (self, NULL);

  g_clear_handle_id (&self->validate_id, g_source_remove);

  tw_warehouse_list_set_problems (self->warehouse_list, shown);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    tw_webhook_editor_set_problems (self->editors[i], shown);
  tw_problem_row_set_problems (self->partner_problems, partner);
  update_changes (self);

  self->n_errors += url_ok ? 0 : 1;
  self->form_valid = self->n_errors == 0 && self->n_hidden_errors == 0;
  update_actions (self);
}

static gboolean
validate_timeout_cb (gpointer user_data)
{
  TwRegisterPage *self = user_data;

  self->validate_id = 0;
  validate_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_validation (TwRegisterPage *self)
{
  g_clear_handle_id (&self->validate_id, g_source_remove);
  self->validate_id = g_timeout_add (VALIDATE_DELAY_MS, validate_timeout_cb, self);
}

static void
update_preview (TwRegisterPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->preview_view);
  g_autofree char *json = tw_registration_to_json (self->registration,
                                                   TW_JSON_PRETTY | TW_JSON_MASK_SECRETS);
  g_autofree char *shown = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (shown, json) != 0)
    gtk_text_buffer_set_text (buffer, json, -1);
}

/* The Legacy host requires the stock webhook and refuses the after-sales
 * one; the model is adjusted so that the form stays sendable. */
static void
apply_environment (TwRegisterPage *self)
{
  TwEnvironment environment = tw_register_page_get_environment (self);
  TwApiFlavour flavour = tw_environment_get_flavour (environment);

  tw_registration_set_flavour (self->registration, flavour);
  if (flavour == TW_API_FLAVOUR_LEGACY)
    {
      tw_hook_set_enabled (tw_registration_get_hook (self->registration, TW_HOOK_STOCK), TRUE);
      tw_hook_set_enabled (tw_registration_get_hook (self->registration, TW_HOOK_AFTERSALE), FALSE);
    }
  for (guint i = 0; i < TW_N_HOOKS; i++)
    tw_webhook_editor_set_flavour (self->editors[i], flavour);

  /* The profile's environment follows the form at once, so that the
   * changes since the last registration include it. */
  if (self->profile != NULL && !self->loading)
    {
      tw_profile_set_environment (self->profile, environment);
      tw_profile_set_base_url (self->profile, tw_register_page_get_custom_url (self));
    }
}

/* Read-only while a request runs or a profile is read. */
static void
update_form_sensitivity (TwRegisterPage *self)
{
  GtkWidget *form[] = {
    GTK_WIDGET (self->account_group), GTK_WIDGET (self->warehouse_list),
    GTK_WIDGET (self->webhooks_group), GTK_WIDGET (self->editors[TW_HOOK_ORDER]),
    GTK_WIDGET (self->editors[TW_HOOK_STOCK]), GTK_WIDGET (self->editors[TW_HOOK_AFTERSALE]),
    GTK_WIDGET (self->shop_group),
  };

  for (guint i = 0; i < G_N_ELEMENTS (form); i++)
    gtk_widget_set_sensitive (form[i], !self->busy && !self->loading);
}

static void
set_loading (TwRegisterPage *self,
             gboolean        loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  update_form_sensitivity (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_busy (TwRegisterPage *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_form_sensitivity (self);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_visible (self->cancel_button, busy);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* A value the server did not send is said to be missing (a request ID
 * support will ask for), or with @optional, its row is left out (the
 * message of a success). */
static void
set_value_row (AdwActionRow *row,
               const char   *value,
               gboolean      optional)
{
  gboolean known = value != NULL && *value != '\0';

  /* Translators: shown for a field the server did not send */
  adw_action_row_set_subtitle (row, known ? value : C_("result", "None"));
  gtk_widget_set_visible (GTK_WIDGET (row), known || !optional);
}

/* Most sessions that open the page never send: the group is built for the
 * first result, at the end of the page where the template had it. */
static void
ensure_result_group (TwRegisterPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->result.group != NULL)
    return;

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/tw-register-result.ui");
#define GET(field, name) self->result.field = (gpointer) gtk_builder_get_object (builder, name)
  GET (group, "result_group");
  GET (outcome_row, "outcome_row");
  GET (outcome_icon, "outcome_icon");
  GET (status_row, "status_row");
  GET (code_row, "code_row");
  GET (message_row, "message_row");
  GET (request_id_row, "request_id_row");
  GET (elapsed_row, "elapsed_row");
  GET (attempts_row, "attempts_row");
#undef GET
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->result.group);
}

static void
show_outcome (TwRegisterPage *self,
              const char     *icon_name,
              const char     *style,
              const char     *title,
              const char     *explanation)
{
  static const char * const styles[] = { "success", "warning", "error", "dim-label" };
  g_autofree char *spoken = g_strdup_printf ("%s. %s", title, explanation);
  GtkWidget *icon = GTK_WIDGET (self->result.outcome_icon);

  gtk_image_set_from_icon_name (self->result.outcome_icon, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (icon, styles[i]);
  gtk_widget_add_css_class (icon, style);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->result.outcome_row), title);
  adw_action_row_set_subtitle (self->result.outcome_row, explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->result.group), TRUE);

  /* GTK 4.8 has no announcements: a described, focused row is read out. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result.outcome_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->result.group),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->result.outcome_row));
  /* The result may have appeared below the fold, e.g. after Ctrl+Enter. */
  tw_scroll_into_view_later (GTK_WIDGET (self), GTK_WIDGET (self->result.group),
                             &self->scroll_tick_id);
}

static void
hide_details (TwRegisterPage *self)
{
  AdwActionRow *rows[] = {
    self->result.status_row, self->result.code_row, self->result.message_row,
    self->result.request_id_row, self->result.elapsed_row, self->result.attempts_row,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_visible (GTK_WIDGET (rows[i]), FALSE);
}

static void
show_details (TwRegisterPage *self,
              TwApiResult    *result)
{
  guint status = tw_api_result_get_http_status (result);
  g_autofree char *status_text = NULL;
  g_autofree char *elapsed = tw_format_duration (tw_api_result_get_duration_ms (result));
  g_autofree char *attempts = g_strdup_printf ("%u", tw_api_result_get_attempts (result));

  if (status != 0)
    status_text = g_strdup_printf ("%u %s", status, soup_status_get_phrase (status));
  else
    status_text = g_strdup (_("No response"));

  set_value_row (self->result.status_row, status_text, FALSE);
  set_value_row (self->result.code_row, tw_api_result_get_message_code (result), TRUE);
  set_value_row (self->result.message_row, tw_api_result_get_message (result), TRUE);
  set_value_row (self->result.request_id_row, tw_api_result_get_request_id (result), FALSE);
  set_value_row (self->result.elapsed_row, elapsed, FALSE);
  set_value_row (self->result.attempts_row, attempts, FALSE);
}

static void
show_result (TwRegisterPage *self,
             TwApiResult    *result)
{
  gboolean demo = self->sent_environment == TW_ENVIRONMENT_DEMO;
  const char *title;
  const char *explanation;
  g_autofree char *toast = NULL;

  ensure_result_group (self);
  g_set_object (&self->last_result, result);

  if (tw_api_result_get_ok (result))
    {
      title = demo ? _("Demo registration succeeded") : _("Registration succeeded");
      explanation = demo ? _("This answer came from the simulator on this computer; "
                             "nothing was sent to Tiki.")
                         : _("TikiNOW accepted the webhooks. Keep the request ID in case "
                             "you contact Tiki support.");
      show_outcome (self, "emblem-ok-symbolic", "success", title, explanation);
    }
  else if (g_error_matches (tw_api_result_get_error (result), TW_ERROR,
                            TW_ERROR_INCOMPLETE_RESPONSE))
    {
      /* The server may well have applied it: not "failed". */
      title = demo ? _("Demo registration outcome unknown") : _("Registration outcome unknown");
      explanation = tw_api_result_get_error (result)->message;
      show_outcome (self, "dialog-warning-symbolic", "warning", title, explanation);
    }
  else
    {
      title = demo ? _("Demo registration failed") : _("Registration failed");
      explanation = tw_api_result_get_error (result)->message;
      show_outcome (self, "dialog-error-symbolic", "error", title, explanation);
    }

  show_details (self, result);
  if (tw_api_result_get_message_code (result) != NULL)
    toast = g_strdup_printf ("%s: %s", title, tw_api_result_get_message_code (result));
  tw_show_toast (GTK_WIDGET (self), toast != NULL ? toast : title);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);
}

static void
show_failure (TwRegisterPage *self,
              const GError   *error)
{
  gboolean cancelled = g_error_matches (error, TW_ERROR, TW_ERROR_CANCELLED) ||
                       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  const char *title = cancelled ? _("Registration cancelled") : _("Nothing was sent");
  g_autofree char *explanation = NULL;

  ensure_result_group (self);
  if (cancelled)
    explanation = g_strdup_printf ("%s %s", tw_error_explain (TW_ERROR_CANCELLED),
                                   _("If the request had already reached the server, "
                                     "it may still have been applied."));
  else
    explanation = g_strdup (error->message);

  if (g_set_object (&self->last_result, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);

  hide_details (self);
  show_outcome (self, cancelled ? "dialog-information-symbolic" : "dialog-error-symbolic",
                cancelled ? "dim-label" : "error", title, explanation);
  tw_show_toast (GTK_WIDGET (self), title);
  update_actions (self);
}

static TwHook *
get_hook (TwRegisterPage *self,
          TwHookKind      kind)
{
  return tw_registration_get_hook (self->registration, kind);
}

static char *
resolve_base_for_display (TwRegisterPage *self)
{
  const char *custom_url = tw_register_page_get_custom_url (self);
  char *base = tw_context_resolve_base_url (self->context, tw_register_page_get_environment (self),
                                            custom_url, NULL);

  if (base == NULL)
    base = g_strdup (custom_url != NULL && *custom_url != '\0' ? custom_url : "https://BASE-URL");
  return base;
}

static const char *
profile_name (TwRegisterPage *self)
{
  return self->profile != NULL ? tw_profile_get_name (self->profile) : NULL;
}

static TwCredentials *
get_credentials (TwRegisterPage *self)
{
  return tw_context_get_credentials (self->context);
}

/* Empties every secret of the form, so that nothing of one profile is left
 * in another when reading the keyring fails half-way. */
static void
clear_secrets (TwRegisterPage *self)
{
  tw_auth_forget_token (self->auth);
  tw_auth_set_access_token (self->auth, NULL);
  tw_auth_set_refresh_token (self->auth, NULL);
  tw_auth_set_client_secret (self->auth, NULL);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    tw_hook_set_secret_key (get_hook (self, i), "");
}

static void
reset_result (TwRegisterPage *self)
{
  if (self->result.group != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->result.group), FALSE);
  if (g_set_object (&self->last_result, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);
}

/* Saving: the profile file and the keyring, at the same time */

typedef struct
{
  guint   pending;
  GError *error;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_error (&data->error);
  g_free (data);
}

static void
save_part_done (GTask  *task,
                GError *error)
{
  SaveData *data = g_task_get_task_data (task);

  if (error != NULL && data->error == NULL)
    data->error = g_error_copy (error);
  if (--data->pending > 0)
    return;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
profile_file_saved_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  tw_profile_store_save_finish (TW_PROFILE_STORE (source), result, &error);
  save_part_done (task, error);
}

static void
profile_secrets_saved_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  tw_credentials_save_profile_finish (TW_CREDENTIALS (source), result, &error);
  save_part_done (task, error);
}

/* Opening: save the profile left (unless asked not to), show the new one,
 * read its secrets, remember it as the last used */

/* Takes @task and @error. */
static void
finish_open (GTask  *task,
             GError *error)
{
  g_autoptr(GTask) owned = task;
  TwRegisterPage *self = g_task_get_source_object (task);

  /* Disposed meanwhile: the widgets are gone. */
  if (self->context != NULL)
    {
      set_loading (self, FALSE);
      validate_now (self);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
last_used_saved_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Only the choice at the next start is lost: not worth failing for. */
  if (!tw_profile_store_set_last_used_finish (TW_PROFILE_STORE (source), result, &error))
    g_debug ("Cannot remember the last used profile: %s", error->message);
  finish_open (g_steal_pointer (&task), NULL);
}

static void
profile_secrets_loaded_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TwRegisterPage *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  if (!tw_credentials_load_profile_finish (TW_CREDENTIALS (source), result, &error))
    {
      finish_open (g_steal_pointer (&task), error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  tw_profile_store_set_last_used_async (tw_context_get_profile_store (self->context),
                                        self->profile, cancellable,
                                        last_used_saved_cb, g_steal_pointer (&task));
}

static void
show_profile (TwRegisterPage *self,
              TwProfile      *profile)
{
  g_set_object (&self->profile, profile);
  tw_account_group_set_profile_name (TW_ACCOUNT_GROUP (self->account_group),
                                     tw_profile_get_name (profile));
  tw_register_page_set_environment (self, tw_profile_get_environment (profile));
  tw_register_page_set_custom_url (self, tw_profile_get_base_url (profile));
  clear_secrets (self);
  tw_profile_apply (profile, self->auth, self->registration);
  g_hash_table_remove_all (self->touched);
  reset_result (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

static void
load_profile (GTask *task)
{
  TwRegisterPage *self = g_task_get_source_object (task);
  TwProfile *profile = g_task_get_task_data (task);

  show_profile (self, profile);
  tw_credentials_load_profile_async (get_credentials (self), tw_profile_get_name (profile),
                                     self->auth, self->registration,
                                     g_task_get_cancellable (task),
                                     profile_secrets_loaded_cb, task);
}

static void
left_profile_saved_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* Switching anyway would lose what the user typed. */
  if (!tw_register_page_save_profile_finish (TW_REGISTER_PAGE (source), result, &error))
    {
      finish_open (g_steal_pointer (&task), error);
      return;
    }
  load_profile (g_steal_pointer (&task));
}

/* Saving the profile after a registration or a login */

typedef enum
{
  SAVED_AFTER_REGISTRATION,
  SAVED_AFTER_LOGIN,
} SavedAfter;

typedef struct
{
  TwRegisterPage *self;
  SavedAfter      after;
} SaveReport;

static void
saved_after_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree SaveReport *report = user_data;
  g_autoptr(TwRegisterPage) self = report->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (tw_register_page_save_profile_finish (self, result, &error) || self->context == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (report->after == SAVED_AFTER_LOGIN)
    /* Translators: %s says why, e.g. a disk error */
    text = g_strdup_printf (_("Logged in, but the profile could not be saved: %s"),
                            error->message);
  else
    /* Translators: %s says why, e.g. a disk error */
    text = g_strdup_printf (_("The registration succeeded, but the profile could not be saved: %s"),
                            error->message);
  tw_show_toast (GTK_WIDGET (self), text);
}

/* What the user just did is kept at once; a failure is told in a toast. */
static void
save_profile_after (TwRegisterPage *self,
                    SavedAfter      after)
{
  SaveReport *report = g_new0 (SaveReport, 1);

  report->self = g_object_ref (self);
  report->after = after;
  tw_register_page_save_profile_async (self, self->profile_cancellable, saved_after_cb, report);
}

static void
record_registration (TwRegisterPage *self,
                     TwApiResult    *result)
{
  if (self->profile == NULL || !tw_api_result_get_ok (result))
    return;

  tw_profile_record_registration (self->profile, self->registration,
                                  tw_api_result_get_request_id (result), NULL);
  save_profile_after (self, SAVED_AFTER_REGISTRATION);
  update_changes (self);
}

/* Signal callbacks */

static void
on_registration_changed (TwRegisterPage *self)
{
  update_preview (self);
  schedule_validation (self);
}

static void
on_auth_token_changed (TwRegisterPage *self)
{
  update_actions (self);
}

/* The account group owns the environment and the custom URL; the page
 * adapts the form to them and passes their notifications on. */
static void
on_environment_changed (TwRegisterPage *self)
{
  apply_environment (self);
  validate_now (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENT]);
}

static void
on_custom_url_changed (TwRegisterPage *self)
{
  if (self->profile != NULL && !self->loading)
    tw_profile_set_base_url (self->profile, tw_register_page_get_custom_url (self));
  schedule_validation (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOM_URL]);
}

static void
credentials_forgotten_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(TwRegisterPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tw_credentials_forget_profile_finish (TW_CREDENTIALS (source), result, &error) ||
      self->context == NULL)
    return;

  tw_show_toast (GTK_WIDGET (self),
                 _("The credentials were removed from the keyring and the form"));
}

static void
on_forget_requested (TwRegisterPage *self)
{
  if (self->profile == NULL)
    return;

  clear_secrets (self);
  tw_credentials_forget_profile_async (get_credentials (self), profile_name (self),
                                       self->profile_cancellable,
                                       credentials_forgotten_cb, g_object_ref (self));
}

/* The tokens of a login go to the keyring at once: the seller should not
 * have to log in again after quitting before the first registration. */
static void
on_logged_in (TwRegisterPage *self)
{
  save_profile_after (self, SAVED_AFTER_LOGIN);
}

static void
on_field_edited (GObject        *object,
                 GParamSpec     *pspec,
                 TwRegisterPage *self)
{
  const char *name = g_param_spec_get_name (pspec);
  char *field;

  if (TW_IS_HOOK (object))
    field = g_strdup (tw_hook_field_name (tw_hook_get_kind (TW_HOOK (object)),
                                          g_str_equal (name, "url") ? TW_HOOK_FIELD_URL
                                                                    : TW_HOOK_FIELD_SECRET_KEY));
  else if (g_str_equal (name, "warehouses"))
    field = g_strdup ("sync_inventory_location");
  else
    field = g_strdup ("external_partner_id");

  g_hash_table_add (self->touched, field);
}

static void
registered_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TwRegisterPage) self = user_data;
  g_autoptr(TwApiResult) api_result = NULL;
  g_autoptr(GError) error = NULL;

  api_result = tw_api_client_register_finish (TW_API_CLIENT (source), result, &error);

  /* Disposed meanwhile (the window closed): nothing left to show. */
  if (self->context == NULL)
    return;

  set_busy (self, FALSE);
  if (api_result != NULL)
    {
      show_result (self, api_result);
      record_registration (self, api_result);
    }
  else
    show_failure (self, error);
}

/* Action handlers */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (widget);
  g_autofree char *base = NULL;
  g_autoptr(GError) error = NULL;

  /* A shortcut may come before the debounced validation caught up. */
  validate_now (self);
  if (self->busy || self->loading || !self->form_valid || !has_credentials (self))
    return;

  base = tw_context_resolve_base_url (self->context, tw_register_page_get_environment (self),
                                      tw_register_page_get_custom_url (self), &error);
  if (base == NULL)
    {
      show_failure (self, error);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->sent_environment = tw_register_page_get_environment (self);
  set_busy (self, TRUE);

  /* The page's TwAuth: in client-credentials mode the API client grants a
   * token when there is none or it expired, and once more after a 401. */
  tw_api_client_register_async (tw_context_get_api_client (self->context), profile_name (self),
                                base, self->registration, self->auth, self->cancellable,
                                registered_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
}

static void
share_secret_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (widget);
  TwHook *order = get_hook (self, TW_HOOK_ORDER);
  g_autoptr(TwSecretString) generated = NULL;

  if (strlen (tw_hook_get_secret_key (order)) != TW_SECRET_LENGTH)
    {
      generated = tw_secret_generate (NULL);
      if (generated == NULL)
        return;
      tw_hook_set_secret_key (order, generated);
    }

  for (TwHookKind kind = TW_HOOK_STOCK; kind <= TW_HOOK_AFTERSALE; kind++)
    {
      if (tw_hook_get_enabled (get_hook (self, kind)))
        tw_hook_set_secret_key (get_hook (self, kind), tw_hook_get_secret_key (order));
    }

  tw_show_toast (GTK_WIDGET (self),
                 _("Every webhook now uses the secret key of the order webhook. "
                   "A separate key per webhook is safer."));
}

static void
copy_curl (TwRegisterPage *self,
           gboolean        with_secrets)
{
  g_autoptr(TwSecretString) command = tw_register_page_build_curl (self, with_secrets);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));

  if (with_secrets)
    {
      guint delay = tw_clipboard_get_clear_delay (GTK_WIDGET (self));
      g_autofree char *toast = NULL;

      tw_clipboard_copy_secret (clipboard, command, delay * 1000);
      /* Translators: %u is a number of seconds */
      toast = g_strdup_printf (ngettext ("Copied with the secret keys; the clipboard is cleared in %u second",
                                         "Copied with the secret keys; the clipboard is cleared in %u seconds",
                                         delay),
                               delay);
      tw_show_toast (GTK_WIDGET (self), toast);
    }
  else
    {
      tw_clipboard_copy_text (clipboard, command);
      tw_show_toast (GTK_WIDGET (self), _("Copied; secret keys and the access token are left out"));
    }
}

static void
copy_curl_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  copy_curl (TW_REGISTER_PAGE (widget), FALSE);
}

static void
copy_curl_secrets_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  copy_curl (TW_REGISTER_PAGE (widget), TRUE);
}

static void
copy_request_id_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (widget);
  const char *request_id;

  if (self->last_result == NULL)
    return;

  request_id = tw_api_result_get_request_id (self->last_result);
  if (request_id == NULL)
    return;

  tw_clipboard_copy_text (gtk_widget_get_clipboard (widget), request_id);
  tw_show_toast (GTK_WIDGET (self), _("Request ID copied"));
}

/* GObject overrides */

static void
bind_form (TwRegisterPage *self)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  GSettings *settings = tw_context_get_settings (self->context);
  g_autofree char *custom_url = g_settings_get_string (settings, "custom-base-url");

  tw_account_group_set_services (self->account_group, self->context, self->auth);
  /* Until a profile is opened; profiles then keep their own environment,
   * and these settings are what new profiles start with. */
  tw_account_group_set_environment (self->account_group,
                                    g_settings_get_enum (settings, "default-environment"));
  tw_account_group_set_custom_url (self->account_group, custom_url);
  g_signal_connect_swapped (self->account_group, "notify::environment",
                            G_CALLBACK (on_environment_changed), self);
  g_signal_connect_swapped (self->account_group, "notify::custom-url",
                            G_CALLBACK (on_custom_url_changed), self);
  g_signal_connect_swapped (self->account_group, "forget",
                            G_CALLBACK (on_forget_requested), self);
  g_signal_connect_swapped (self->account_group, "logged-in", G_CALLBACK (on_logged_in), self);
  g_object_bind_property (self->registration, "partner-id", self->partner_row, "text", flags);

  tw_warehouse_list_set_registration (self->warehouse_list, self->registration);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    tw_webhook_editor_set_hook (self->editors[i], get_hook (self, i));

  g_signal_connect_swapped (self->registration, "changed",
                            G_CALLBACK (on_registration_changed), self);
  g_signal_connect (self->registration, "notify::warehouses", G_CALLBACK (on_field_edited), self);
  g_signal_connect (self->registration, "notify::partner-id", G_CALLBACK (on_field_edited), self);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      g_signal_connect (get_hook (self, i), "notify::url", G_CALLBACK (on_field_edited), self);
      g_signal_connect (get_hook (self, i), "notify::secret-key",
                        G_CALLBACK (on_field_edited), self);
    }
  g_signal_connect_swapped (self->auth, "notify::access-token",
                            G_CALLBACK (on_auth_token_changed), self);
  g_signal_connect_swapped (self->auth, "notify::mode", G_CALLBACK (on_auth_token_changed), self);
  g_signal_connect_swapped (self->auth, "notify::client-id",
                            G_CALLBACK (on_auth_token_changed), self);
  g_signal_connect_swapped (self->auth, "notify::client-secret",
                            G_CALLBACK (on_auth_token_changed), self);
}

static void
tw_register_page_constructed (GObject *object)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (object);

  G_OBJECT_CLASS (tw_register_page_parent_class)->constructed (object);

  g_assert (TW_IS_CONTEXT (self->context));
  bind_form (self);

  apply_environment (self);
  update_preview (self);
  validate_now (self);
}

static void
tw_register_page_dispose (GObject *object)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->profile_cancellable);
  g_clear_handle_id (&self->validate_id, g_source_remove);
  tw_scroll_cancel (GTK_WIDGET (self), &self->scroll_tick_id);
  if (self->registration != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->registration, self);
      for (guint i = 0; i < TW_N_HOOKS; i++)
        g_signal_handlers_disconnect_by_data (get_hook (self, i), self);
    }
  if (self->auth != NULL)
    g_signal_handlers_disconnect_by_data (self->auth, self);
  if (self->account_group != NULL)
    g_signal_handlers_disconnect_by_data (self->account_group, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_REGISTER_PAGE);
  /* The page's box owns the Result group and disposes it. */
  memset (&self->result, 0, sizeof self->result);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->profile_cancellable);
  g_clear_object (&self->profile);
  g_clear_pointer (&self->changes, g_ptr_array_unref);
  g_clear_pointer (&self->change_rows, g_ptr_array_unref);
  g_clear_object (&self->last_result);
  g_clear_object (&self->registration);
  g_clear_object (&self->auth);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tw_register_page_parent_class)->dispose (object);
}

static void
tw_register_page_finalize (GObject *object)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (object);

  g_clear_pointer (&self->touched, g_hash_table_unref);

  G_OBJECT_CLASS (tw_register_page_parent_class)->finalize (object);
}

static void
tw_register_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_REGISTRATION:
      g_value_set_object (value, self->registration);
      break;
    case PROP_AUTH:
      g_value_set_object (value, self->auth);
      break;
    case PROP_ENVIRONMENT:
      g_value_set_enum (value, tw_register_page_get_environment (self));
      break;
    case PROP_CUSTOM_URL:
      g_value_set_string (value, tw_register_page_get_custom_url (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_LAST_RESULT:
      g_value_set_object (value, self->last_result);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_register_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TwRegisterPage *self = TW_REGISTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_ENVIRONMENT:
      tw_register_page_set_environment (self, g_value_get_enum (value));
      break;
    case PROP_CUSTOM_URL:
      tw_register_page_set_custom_url (self, g_value_get_string (value));
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

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, TW_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REGISTRATION] =
    g_param_spec_object ("registration", NULL, NULL, TW_TYPE_REGISTRATION, ro);
  properties[PROP_AUTH] = g_param_spec_object ("auth", NULL, NULL, TW_TYPE_AUTH, ro);
  properties[PROP_ENVIRONMENT] =
    g_param_spec_enum ("environment", NULL, NULL, TW_TYPE_ENVIRONMENT, TW_ENVIRONMENT_DEMO, rw);
  properties[PROP_CUSTOM_URL] = g_param_spec_string ("custom-url", NULL, NULL, NULL, rw);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_RESULT] =
    g_param_spec_object ("last-result", NULL, NULL, TW_TYPE_API_RESULT, ro);
  properties[PROP_PROFILE] = g_param_spec_object ("profile", NULL, NULL, TW_TYPE_PROFILE, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "register.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "register.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "register.share-secret", NULL,
                                   share_secret_action);
  gtk_widget_class_install_action (widget_class, "register.copy-curl", NULL, copy_curl_action);
  gtk_widget_class_install_action (widget_class, "register.copy-curl-secrets", NULL,
                                   copy_curl_secrets_action);
  gtk_widget_class_install_action (widget_class, "register.copy-request-id", NULL,
                                   copy_request_id_action);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  g_type_ensure (TW_TYPE_ACCOUNT_GROUP);
  g_type_ensure (TW_TYPE_PROBLEM_ROW);
  g_type_ensure (TW_TYPE_TITLE_BLOCK);
  g_type_ensure (TW_TYPE_WAREHOUSE_LIST);
  g_type_ensure (TW_TYPE_WEBHOOK_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-register-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TwRegisterPage, name)
  BIND (account_group);
  BIND (warehouse_list);
  BIND (webhooks_group);
  BIND (shop_group);
  BIND (partner_row);
  BIND (partner_problems);
  BIND (changes_row);
  BIND (review_group);
  BIND (preview_view);
  BIND (register_button);
  BIND (spinner);
  BIND (cancel_button);
  BIND (send_hint);
#undef BIND
#define BIND_EDITOR(name, kind) \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE, \
                                             G_STRUCT_OFFSET (TwRegisterPage, editors[kind]))
  BIND_EDITOR ("order_editor", TW_HOOK_ORDER);
  BIND_EDITOR ("stock_editor", TW_HOOK_STOCK);
  BIND_EDITOR ("aftersale_editor", TW_HOOK_AFTERSALE);
#undef BIND_EDITOR
}

static void
tw_register_page_class_init (TwRegisterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tw_register_page_constructed;
  object_class->dispose = tw_register_page_dispose;
  object_class->finalize = tw_register_page_finalize;
  object_class->get_property = tw_register_page_get_property;
  object_class->set_property = tw_register_page_set_property;

  install_properties (object_class);
  bind_template (widget_class);
  install_actions (widget_class);
}

static void
add_shortcuts (TwRegisterPage *self)
{
  GtkEventController *controller = tw_send_shortcuts_new ("register.send", "register.cancel");

  /* Managed: the window handles them wherever the focus is, and the
   * actions still resolve from this page. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
tw_register_page_init (TwRegisterPage *self)
{
  self->registration = tw_registration_new ();
  self->auth = tw_auth_new ();
  self->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->profile_cancellable = g_cancellable_new ();
  self->change_rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  add_shortcuts (self);
}

/* Public API */

GtkWidget *
tw_register_page_new (TwContext *context)
{
  g_return_val_if_fail (TW_IS_CONTEXT (context), NULL);

  return g_object_new (TW_TYPE_REGISTER_PAGE, "context", context, NULL);
}

TwContext *
tw_register_page_get_context (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  return self->context;
}

TwRegistration *
tw_register_page_get_registration (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  return self->registration;
}

TwAuth *
tw_register_page_get_auth (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  return self->auth;
}

TwEnvironment
tw_register_page_get_environment (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), TW_ENVIRONMENT_DEMO);

  /* NULL once disposed. */
  if (self->account_group == NULL)
    return TW_ENVIRONMENT_DEMO;
  return tw_account_group_get_environment (self->account_group);
}

void
tw_register_page_set_environment (TwRegisterPage *self,
                                  TwEnvironment   environment)
{
  g_return_if_fail (TW_IS_REGISTER_PAGE (self));
  g_return_if_fail (self->account_group != NULL);

  tw_account_group_set_environment (self->account_group, environment);
}

const char *
tw_register_page_get_custom_url (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  if (self->account_group == NULL)
    return NULL;
  return tw_account_group_get_custom_url (self->account_group);
}

void
tw_register_page_set_custom_url (TwRegisterPage *self,
                                 const char     *custom_url)
{
  g_return_if_fail (TW_IS_REGISTER_PAGE (self));
  g_return_if_fail (self->account_group != NULL);

  tw_account_group_set_custom_url (self->account_group, custom_url);
}

gboolean
tw_register_page_get_busy (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), FALSE);

  return self->busy;
}

TwApiResult *
tw_register_page_get_last_result (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  return self->last_result;
}

char *
tw_register_page_build_curl (TwRegisterPage *self,
                             gboolean        with_secrets)
{
  TwJsonFlags flags = TW_JSON_PRETTY | (with_secrets ? 0 : TW_JSON_MASK_SECRETS);
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *quoted_url = NULL;
  g_autoptr(TwSecretString) body = NULL;
  g_autoptr(TwSecretString) quoted_body = NULL;

  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  base = resolve_base_for_display (self);
  url = g_strconcat (base, TW_API_REGISTER_PATH, NULL);
  quoted_url = g_shell_quote (url);
  body = tw_registration_to_json (self->registration, flags);
  quoted_body = g_shell_quote (body);

  /* The token stays out of the clipboard: the command reads it from the
   * environment variable the CLI uses too. */
  return g_strdup_printf ("curl %s \\\n"
                          "  -H 'Content-Type: application/json' \\\n"
                          "  -H \"Authorization: Bearer ${TIKI_WEBHOOKS_TOKEN}\" \\\n"
                          "  --data %s\n",
                          quoted_url, quoted_body);
}

gboolean
tw_register_page_get_loading (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), FALSE);

  return self->loading;
}

TwProfile *
tw_register_page_get_profile (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  return self->profile;
}

const GPtrArray *
tw_register_page_get_changes (TwRegisterPage *self)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), NULL);

  return self->changes;
}

void
tw_register_page_open_profile_async (TwRegisterPage      *self,
                                     TwProfile           *profile,
                                     gboolean             save_current,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GCancellable) both = NULL;

  g_return_if_fail (TW_IS_REGISTER_PAGE (self));
  g_return_if_fail (TW_IS_PROFILE (profile));

  /* Closing the page stops the work too. */
  both = g_object_ref (cancellable != NULL ? cancellable : self->profile_cancellable);
  task = g_task_new (self, both, callback, user_data);
  g_task_set_source_tag (task, tw_register_page_open_profile_async);
  g_task_set_task_data (task, g_object_ref (profile), g_object_unref);

  if (self->busy)
    return g_task_return_new_error (task, TW_ERROR, TW_ERROR_BUSY, "%s",
                                    _("A registration is running. Wait for it to finish or "
                                      "cancel it before switching profiles."));
  if (self->loading)
    return g_task_return_new_error (task, TW_ERROR, TW_ERROR_BUSY, "%s",
                                    _("Another profile is being opened."));
  if (tw_profile_is_broken (profile))
    /* Translators: %s says why the profile file cannot be read */
    return g_task_return_new_error (task, TW_ERROR, TW_ERROR_INVALID_INPUT,
                                    _("This profile cannot be opened: %s"),
                                    tw_profile_get_problem (profile));

  set_loading (self, TRUE);
  if (save_current && self->profile != NULL && self->profile != profile &&
      !tw_profile_is_broken (self->profile))
    tw_register_page_save_profile_async (self, both, left_profile_saved_cb,
                                         g_steal_pointer (&task));
  else
    load_profile (g_steal_pointer (&task));
}

gboolean
tw_register_page_open_profile_finish (TwRegisterPage  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
tw_register_page_save_profile_async (TwRegisterPage      *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  g_return_if_fail (TW_IS_REGISTER_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_register_page_save_profile_async);
  data = g_new0 (SaveData, 1);
  data->pending = 2;
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  if (self->profile == NULL)
    return g_task_return_boolean (task, TRUE);

  tw_profile_capture (self->profile, self->auth, self->registration);
  tw_profile_set_environment (self->profile, tw_register_page_get_environment (self));
  tw_profile_set_base_url (self->profile, tw_register_page_get_custom_url (self));
  /* Both read the form now, so they store the same moment. */
  tw_profile_store_save_async (tw_context_get_profile_store (self->context), self->profile,
                               cancellable, profile_file_saved_cb, g_object_ref (task));
  tw_credentials_save_profile_async (get_credentials (self), profile_name (self), self->auth,
                                     self->registration, cancellable,
                                     profile_secrets_saved_cb, g_object_ref (task));
}

gboolean
tw_register_page_save_profile_finish (TwRegisterPage  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
