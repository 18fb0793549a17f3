/* tw-tester-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-tester-page"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "tw-api-client.h"
#include "tw-api-parse.h"
#include "tw-clipboard.h"
#include "tw-i18n.h"
#include "tw-enums.h"
#include "tw-resources.h"
#include "tw-secret.h"
#include "tw-scroll.h"
#include "tw-send-shortcuts.h"
#include "tw-tester-page.h"
#include "tw-title-block.h"
#include "tw-toast.h"

/* The verifier waits for a pause in typing or pasting. */
#define VERIFY_DELAY_MS 200
/* The last entry of the key chooser: a key typed in the page. */
#define KEY_PASTED TW_N_HOOKS

struct _TwTesterPage
{
  AdwPreferencesPage   parent_instance;

  TwContext           *context;
  TwRegistration      *registration;
  TwHookKind           hook;
  TwSampleVariant      variant;
  gboolean             busy;
  gboolean             payload_valid;
  /* The user changed the payload since the page generated it: a change
   * of the form then leaves it alone. */
  gboolean             payload_edited;
  /* The page itself is writing the payload or the variant list. */
  gboolean             filling;
  TwApiResult         *last_result;
  GCancellable        *cancellable;
  guint                verify_id;
  guint                scroll_tick_id;
  char                *expected;
  /* The variants offered for the hook, in chooser order. */
  TwSampleVariant      variants[TW_N_SAMPLE_VARIANTS];
  guint                n_variants;

  /* template children */
  AdwPreferencesGroup *target_group;
  AdwComboRow         *hook_row;
  GtkStringList       *hook_model;
  AdwComboRow         *variant_row;
  GtkStringList       *variant_model;
  AdwActionRow        *note_row;
  AdwPreferencesGroup *payload_group;
  GtkTextView         *payload_view;
  GtkWidget           *json_error_box;
  GtkLabel            *json_error_label;
  GtkWidget           *send_button;
  GtkWidget           *forged_button;
  GtkWidget           *busy_box;
  GtkSpinner          *spinner;
  GtkWidget           *cancel_button;
  GtkLabel            *send_hint;
  AdwPreferencesGroup *result_group;
  AdwActionRow        *outcome_row;
  GtkImage            *outcome_icon;
  AdwActionRow        *url_row;
  AdwActionRow        *status_row;
  AdwActionRow        *time_row;
  AdwActionRow        *tls_row;
  GtkWidget           *response_box;
  GtkTextView         *headers_view;
  GtkTextView         *body_view;
  GtkLabel            *truncated_label;
  GtkTextView         *verify_body_view;
  AdwEntryRow         *signature_row;
  AdwComboRow         *key_row;
  GtkStringList       *key_model;
  AdwPasswordEntryRow *secret_row;
  AdwActionRow        *verify_row;
  GtkImage            *verify_icon;
  AdwActionRow        *expected_row;
};

G_DEFINE_FINAL_TYPE (TwTesterPage, tw_tester_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_REGISTRATION,
  PROP_HOOK,
  PROP_VARIANT,
  PROP_BUSY,
  PROP_PAYLOAD_VALID,
  PROP_LAST_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static TwHook *
get_hook (TwTesterPage *self)
{
  return tw_registration_get_hook (self->registration, self->hook);
}

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_status_icon (GtkImage   *image,
                 const char *icon_name,
                 const char *style,
                 const char *label)
{
  static const char * const styles[] = { "success", "warning", "error", "dim-label" };

  gtk_image_set_from_icon_name (image, icon_name);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (image), styles[i]);
  gtk_widget_add_css_class (GTK_WIDGET (image), style);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Why the selected hook cannot be tested now, or NULL. */
static const char *
hook_problem (TwTesterPage *self)
{
  TwHook *hook = get_hook (self);

  if (!tw_hook_get_enabled (hook))
    return _("This webhook is switched off on the Register page. Switch it on there to test it.");
  if (*tw_hook_get_url (hook) == '\0')
    return _("This webhook has no address yet. Enter it on the Register page.");
  if (*tw_hook_get_secret_key (hook) == '\0')
    return _("This webhook has no secret key yet. Generate one on the Register page.");
  return NULL;
}

static void
update_send_hint (TwTesterPage *self)
{
  const char *problem = hook_problem (self);

  if (self->busy)
    gtk_label_set_text (self->send_hint, _("Sending the test delivery…"));
  else if (problem != NULL)
    gtk_label_set_text (self->send_hint, problem);
  else if (!self->payload_valid)
    gtk_label_set_text (self->send_hint, _("Correct the payload to send it."));
  else
    gtk_label_set_text (self->send_hint,
                        _("Ready. The delivery goes straight to your server, not to Tiki."));
}

static void
update_actions (TwTesterPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can_send = !self->busy && self->payload_valid && hook_problem (self) == NULL;

  gtk_widget_action_set_enabled (widget, "tester.send", can_send);
  gtk_widget_action_set_enabled (widget, "tester.send-forged", can_send);
  gtk_widget_action_set_enabled (widget, "tester.cancel", self->busy);
  gtk_widget_action_set_enabled (widget, "tester.new-sample", !self->busy);
  gtk_widget_action_set_enabled (widget, "tester.copy-expected", self->expected != NULL);
  update_send_hint (self);
}

/* The hook's address (or why it has none) under the chooser, and the note
 * for an address TikiNOW itself could not deliver to. */
static void
update_target (TwTesterPage *self)
{
  TwHook *hook = get_hook (self);
  const char *url = tw_hook_get_url (hook);
  g_autofree char *note = NULL;

  if (!tw_hook_get_enabled (hook))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->hook_row),
                                 _("Switched off on the Register page"));
  else if (*url == '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->hook_row), _("No address yet"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->hook_row), url);

  if (tw_hook_get_enabled (hook) && *url != '\0')
    note = tw_sample_payload_url_note (url);
  gtk_widget_set_visible (GTK_WIDGET (self->note_row), note != NULL);
  adw_action_row_set_subtitle (self->note_row, note != NULL ? note : "");

  update_actions (self);
}

/* "Line 3, column 8: unexpected character…" from json-glib's
 * "<data>:3:8: Parse error: unexpected character…". */
static char *
describe_json_error (const GError *error)
{
  const char *prefix = "Parse error: ";
  const char *rest;
  unsigned int line = 0;
  unsigned int column = 0;
  int offset = 0;

  if (sscanf (error->message, "<data>:%u:%u: %n", &line, &column, &offset) < 2 || offset == 0)
    /* Translators: %s is the JSON parser's message */
    return g_strdup_printf (_("Not valid JSON: %s"), error->message);

  rest = error->message + offset;
  if (g_str_has_prefix (rest, prefix))
    rest += strlen (prefix);
  /* Translators: the position of a JSON syntax error, then the parser's message */
  return g_strdup_printf (_("Not valid JSON — line %u, column %u: %s"), line, column, rest);
}

static char *
check_json (const char *text)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  if (!tw_json_parse (text, -1, &root, &error))
    return error->domain == JSON_PARSER_ERROR ? describe_json_error (error)
                                              : g_strdup (error->message);
  if (root == NULL)
    return g_strdup (_("The payload is empty: TikiNOW always sends a JSON object."));
  return NULL;
}

static void
check_payload (TwTesterPage *self)
{
  g_autofree char *text = dup_buffer_text (self->payload_view);
  g_autofree char *problem = check_json (text);
  gboolean valid = problem == NULL;

  gtk_label_set_text (self->json_error_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (self->json_error_box, !valid);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->payload_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  problem != NULL ? problem : "", -1);

  if (self->payload_valid != valid)
    {
      self->payload_valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAYLOAD_VALID]);
    }
  update_actions (self);
}

static void
write_payload (TwTesterPage *self,
               const char   *text)
{
  self->filling = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->payload_view), text, -1);
  self->filling = FALSE;
}

static void
generate_payload (TwTesterPage *self)
{
  g_autofree char *payload = tw_sample_payload_new_variant (self->variant, self->registration);

  write_payload (self, payload);
  self->payload_edited = FALSE;
}

static void
fill_variants (TwTesterPage *self)
{
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->variant_model));
  const char *titles[TW_N_SAMPLE_VARIANTS + 1] = { NULL };
  guint selected = 0;

  self->n_variants = 0;
  for (TwSampleVariant v = 0; v < TW_N_SAMPLE_VARIANTS; v++)
    {
      if (tw_sample_variant_get_hook (v) != self->hook)
        continue;
      if (v == self->variant)
        selected = self->n_variants;
      titles[self->n_variants] = tw_sample_variant_get_title (v);
      self->variants[self->n_variants++] = v;
    }

  self->filling = TRUE;
  gtk_string_list_splice (self->variant_model, 0, n_old, titles);
  adw_combo_row_set_selected (self->variant_row, selected);
  self->filling = FALSE;
  /* One sample only (stock): nothing to choose. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->variant_row), self->n_variants > 1);
}

static void
set_busy (TwTesterPage *self,
          gboolean      busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_group), !busy);
  gtk_text_view_set_editable (self->payload_view, !busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_visible (self->cancel_button, busy);
  gtk_widget_set_visible (self->busy_box, busy);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_outcome (TwTesterPage *self,
              const char   *icon_name,
              const char   *style,
              const char   *title,
              const char   *explanation)
{
  g_autofree char *spoken = g_strdup_printf ("%s. %s", title, explanation);

  set_status_icon (self->outcome_icon, icon_name, style, title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->outcome_row), title);
  adw_action_row_set_subtitle (self->outcome_row, explanation);
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), TRUE);

  /* GTK 4.8 has no announcements: a described, focused row is read out. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->outcome_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->outcome_row));
  /* The result may have appeared below the fold, e.g. after Ctrl+Enter. */
  tw_scroll_into_view_later (GTK_WIDGET (self), GTK_WIDGET (self->result_group),
                             &self->scroll_tick_id);
}

/* Icon, style class and title of each verdict: the title always says it
 * in words, so that the colour is never the only sign. */
typedef struct
{
  const char *icon_name;
  const char *style;
  const char *title;
} VerdictLook;

static const VerdictLook verdict_looks[] = {
  [TW_TEST_VERDICT_NONE] = { "dialog-information-symbolic", "dim-label", N_("No verdict") },
  [TW_TEST_VERDICT_ACCEPTED] = { "emblem-ok-symbolic", "success", N_("Delivery accepted") },
  [TW_TEST_VERDICT_REJECTED_FORGED] = { "security-high-symbolic", "success",
                                        N_("Wrong signature refused") },
  [TW_TEST_VERDICT_ACCEPTED_FORGED] = { "dialog-warning-symbolic", "error",
                                        N_("Security problem: a wrong signature was accepted") },
  [TW_TEST_VERDICT_FAILED] = { "dialog-error-symbolic", "error", N_("Genuine delivery refused") },
  [TW_TEST_VERDICT_UNREACHABLE] = { "network-offline-symbolic", "error",
                                    N_("Receiver not reached") },
};

static const VerdictLook *
look_of_verdict (TwTestVerdict verdict)
{
  if ((guint) verdict >= G_N_ELEMENTS (verdict_looks))
    verdict = TW_TEST_VERDICT_NONE;
  return &verdict_looks[verdict];
}

static void
set_view_text (GtkTextView *view,
               const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text != NULL ? text : "", -1);
}

static void
show_response (TwTesterPage *self,
               TwApiResult  *result)
{
  const char *headers = tw_api_result_get_response_headers (result);
  const char *body = tw_api_result_get_response_text (result);
  g_autofree char *note = NULL;

  gtk_widget_set_visible (self->response_box, tw_api_result_get_http_status (result) != 0);
  set_view_text (self->headers_view, headers);
  /* Translators: shown when the receiver answered with an empty body */
  set_view_text (self->body_view, body != NULL && *body != '\0' ? body : _("(empty)"));

  if (tw_api_result_get_response_truncated (result))
    /* Translators: %d is a number of kilobytes */
    note = g_strdup_printf (_("The answer was longer; only its first %d KB are shown."),
                            TW_API_MAX_TEST_RESPONSE_SIZE / 1024);
  gtk_label_set_text (self->truncated_label, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->truncated_label), note != NULL);
}

static void
show_details (TwTesterPage *self,
              TwApiResult  *result)
{
  guint status = tw_api_result_get_http_status (result);
  const char *tls = tw_api_result_get_tls_problem (result);
  g_autofree char *status_text = NULL;
  g_autofree char *elapsed = tw_format_duration (tw_api_result_get_duration_ms (result));

  if (status != 0)
    status_text = g_strdup_printf ("%u %s", status, soup_status_get_phrase (status));
  else
    status_text = g_strdup (_("No response"));

  adw_action_row_set_subtitle (self->url_row, tw_api_result_get_request_url (result));
  adw_action_row_set_subtitle (self->status_row, status_text);
  adw_action_row_set_subtitle (self->time_row, elapsed);
  adw_action_row_set_subtitle (self->tls_row, tls != NULL ? tls : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->time_row), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->tls_row), tls != NULL);
  show_response (self, result);
}

static void
hide_details (TwTesterPage *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->url_row), GTK_WIDGET (self->status_row), GTK_WIDGET (self->time_row),
    GTK_WIDGET (self->tls_row), self->response_box,
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_set_visible (rows[i], FALSE);
}

static void
show_result (TwTesterPage *self,
             TwApiResult  *result)
{
  guint status = tw_api_result_get_http_status (result);
  const VerdictLook *look = look_of_verdict (tw_api_result_get_verdict (result));
  const char *title = _(look->title);
  g_autofree char *toast = NULL;

  g_set_object (&self->last_result, result);
  show_outcome (self, look->icon_name, look->style, title, tw_api_result_get_message (result));
  show_details (self, result);

  if (status != 0)
    /* Translators: a verdict, then an HTTP status code */
    toast = g_strdup_printf (_("%s (HTTP %u)"), title, status);
  tw_show_toast (GTK_WIDGET (self), toast != NULL ? toast : title);

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);
}

static void
show_failure (TwTesterPage *self,
              const GError *error)
{
  gboolean cancelled = g_error_matches (error, TW_ERROR, TW_ERROR_CANCELLED) ||
                       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  const char *title = cancelled ? _("Test cancelled") : _("Nothing was sent");

  if (g_set_object (&self->last_result, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_RESULT]);

  hide_details (self);
  show_outcome (self, cancelled ? "dialog-information-symbolic" : "dialog-error-symbolic",
                cancelled ? "dim-label" : "error", title,
                cancelled ? tw_error_explain (TW_ERROR_CANCELLED) : error->message);
  tw_show_toast (GTK_WIDGET (self), title);
  update_actions (self);
}

/* The key the verifier checks with: borrowed from the hook or the entry. */
static const char *
get_verify_secret (TwTesterPage *self)
{
  guint selected = adw_combo_row_get_selected (self->key_row);

  if (selected < TW_N_HOOKS)
    return tw_hook_get_secret_key (tw_registration_get_hook (self->registration, selected));
  return gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
}

static void
show_verdict (TwTesterPage *self,
              const char   *icon_name,
              const char   *style,
              const char   *title,
              const char   *explanation)
{
  g_autofree char *spoken = g_strdup_printf ("%s. %s", title, explanation);

  set_status_icon (self->verify_icon, icon_name, style, title);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->verify_row), title);
  adw_action_row_set_subtitle (self->verify_row, explanation);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verify_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, spoken, -1);
}

static void
judge_signature (TwTesterPage *self,
                 const char   *secret,
                 const char   *body,
                 const char   *header)
{
  guint8 digest[20];

  if (*header == '\0')
    show_verdict (self, "dialog-information-symbolic", "dim-label",
                  _("Paste the x-signature header"),
                  _("The value expected for this body and key is shown below."));
  else if (!tw_signature_parse (header, digest))
    show_verdict (self, "dialog-error-symbolic", "error", _("Not a signature"),
                  _("An x-signature value is “sha1=” followed by 40 hexadecimal digits."));
  else if (tw_secret_verify (secret, (const guint8 *) body, strlen (body), header))
    show_verdict (self, "emblem-ok-symbolic", "success", _("Valid signature"),
                  _("This body was signed with this secret key."));
  else
    show_verdict (self, "dialog-error-symbolic", "error", _("Invalid signature"),
                  _("The signature does not match this body and key. Check that the body is "
                    "exactly the raw bytes received, and that the key is this webhook’s."));
}

static void
verify_now (TwTesterPage *self)
{
  g_autofree char *body = dup_buffer_text (self->verify_body_view);
  const char *header = gtk_editable_get_text (GTK_EDITABLE (self->signature_row));
  const char *secret = get_verify_secret (self);
  g_autofree char *trimmed = g_strstrip (g_strdup (header));

  g_clear_handle_id (&self->verify_id, g_source_remove);
  g_clear_pointer (&self->expected, g_free);

  if (*secret == '\0')
    show_verdict (self, "dialog-information-symbolic", "dim-label", _("Choose a secret key"),
                  adw_combo_row_get_selected (self->key_row) < TW_N_HOOKS
                  ? _("This webhook has no secret key on the Register page. Choose another "
                      "or paste the key.")
                  : _("Paste the secret key the delivery was signed with."));
  else
    {
      self->expected = tw_secret_sign (secret, (const guint8 *) body, strlen (body));
      judge_signature (self, secret, body, trimmed);
    }

  adw_action_row_set_subtitle (self->expected_row, self->expected != NULL ? self->expected : "");
  gtk_widget_set_visible (GTK_WIDGET (self->expected_row), self->expected != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row),
                          adw_combo_row_get_selected (self->key_row) == KEY_PASTED);
  update_actions (self);
}

static gboolean
verify_timeout_cb (gpointer user_data)
{
  TwTesterPage *self = user_data;

  self->verify_id = 0;
  verify_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_verify (TwTesterPage *self)
{
  g_clear_handle_id (&self->verify_id, g_source_remove);
  self->verify_id = g_timeout_add (VERIFY_DELAY_MS, verify_timeout_cb, self);
}

/* Signal callbacks */

static void
on_registration_changed (TwTesterPage *self)
{
  update_target (self);
  schedule_verify (self);
}

/* Warehouses and partner id appear in the samples. */
static void
on_sample_source_changed (TwTesterPage *self)
{
  if (!self->payload_edited && !self->busy)
    generate_payload (self);
}

static void
on_payload_changed (TwTesterPage *self)
{
  if (!self->filling)
    self->payload_edited = TRUE;
  check_payload (self);
}

static void
on_hook_selected (TwTesterPage *self)
{
  guint selected = adw_combo_row_get_selected (self->hook_row);

  if (selected < TW_N_HOOKS)
    tw_tester_page_set_hook (self, selected);
}

static void
on_variant_selected (TwTesterPage *self)
{
  guint selected = adw_combo_row_get_selected (self->variant_row);

  if (!self->filling && selected < self->n_variants)
    tw_tester_page_set_variant (self, self->variants[selected]);
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TwTesterPage) self = user_data;
  g_autoptr(TwApiResult) api_result = NULL;
  g_autoptr(GError) error = NULL;

  api_result = tw_api_client_send_test_finish (TW_API_CLIENT (source), result, &error);

  /* Disposed meanwhile (the window closed): nothing left to show. */
  if (self->context == NULL)
    return;

  set_busy (self, FALSE);
  if (api_result != NULL)
    show_result (self, api_result);
  else
    show_failure (self, error);
}

static void
send_test (TwTesterPage *self,
           gboolean      forged)
{
  g_autofree char *body = NULL;

  check_payload (self);
  if (self->busy || !self->payload_valid || hook_problem (self) != NULL)
    return;

  body = dup_buffer_text (self->payload_view);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);

  tw_api_client_send_test_async (tw_context_get_api_client (self->context), NULL,
                                 get_hook (self), body, -1, forged, self->cancellable,
                                 sent_cb, g_object_ref (self));
}

/* Action handlers */

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  send_test (TW_TESTER_PAGE (widget), FALSE);
}

static void
send_forged_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  send_test (TW_TESTER_PAGE (widget), TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_cancellable_cancel (TW_TESTER_PAGE (widget)->cancellable);
}

static void
new_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TwTesterPage *self = TW_TESTER_PAGE (widget);

  if (!self->busy)
    generate_payload (self);
}

static void
copy_expected_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  TwTesterPage *self = TW_TESTER_PAGE (widget);

  if (self->expected == NULL)
    return;

  tw_clipboard_copy_text (gtk_widget_get_clipboard (widget), self->expected);
  tw_show_toast (GTK_WIDGET (self), _("Expected x-signature copied"));
}

/* GObject overrides */

static void
disconnect_registration (TwTesterPage *self)
{
  if (self->registration == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->registration, self);
  g_clear_object (&self->registration);
}

static void
tw_tester_page_constructed (GObject *object)
{
  TwTesterPage *self = TW_TESTER_PAGE (object);

  G_OBJECT_CLASS (tw_tester_page_parent_class)->constructed (object);

  g_assert (TW_IS_CONTEXT (self->context));

  if (self->registration == NULL)
    tw_tester_page_set_registration (self, NULL);
  verify_now (self);
}

static void
tw_tester_page_dispose (GObject *object)
{
  TwTesterPage *self = TW_TESTER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->verify_id, g_source_remove);
  tw_scroll_cancel (GTK_WIDGET (self), &self->scroll_tick_id);
  disconnect_registration (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_TESTER_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->last_result);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tw_tester_page_parent_class)->dispose (object);
}

static void
tw_tester_page_finalize (GObject *object)
{
  TwTesterPage *self = TW_TESTER_PAGE (object);

  g_free (self->expected);

  G_OBJECT_CLASS (tw_tester_page_parent_class)->finalize (object);
}

static void
tw_tester_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwTesterPage *self = TW_TESTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    case PROP_REGISTRATION:
      g_value_set_object (value, self->registration);
      break;
    case PROP_HOOK:
      g_value_set_enum (value, self->hook);
      break;
    case PROP_VARIANT:
      g_value_set_uint (value, self->variant);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PAYLOAD_VALID:
      g_value_set_boolean (value, self->payload_valid);
      break;
    case PROP_LAST_RESULT:
      g_value_set_object (value, self->last_result);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_tester_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TwTesterPage *self = TW_TESTER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    case PROP_REGISTRATION:
      tw_tester_page_set_registration (self, g_value_get_object (value));
      break;
    case PROP_HOOK:
      tw_tester_page_set_hook (self, g_value_get_enum (value));
      break;
    case PROP_VARIANT:
      tw_tester_page_set_variant (self, g_value_get_uint (value));
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
    g_param_spec_object ("registration", NULL, NULL, TW_TYPE_REGISTRATION, rw);
  properties[PROP_HOOK] =
    g_param_spec_enum ("hook", NULL, NULL, TW_TYPE_HOOK_KIND, TW_HOOK_ORDER, rw);
  properties[PROP_VARIANT] =
    g_param_spec_uint ("variant", NULL, NULL, 0, TW_N_SAMPLE_VARIANTS - 1,
                       TW_SAMPLE_ORDER_READY_FOR_PICKUP, rw);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_PAYLOAD_VALID] = g_param_spec_boolean ("payload-valid", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_RESULT] =
    g_param_spec_object ("last-result", NULL, NULL, TW_TYPE_API_RESULT, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "tester.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "tester.send-forged", NULL, send_forged_action);
  gtk_widget_class_install_action (widget_class, "tester.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "tester.new-sample", NULL, new_sample_action);
  gtk_widget_class_install_action (widget_class, "tester.copy-expected", NULL,
                                   copy_expected_action);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  g_type_ensure (TW_TYPE_TITLE_BLOCK);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-tester-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TwTesterPage, name)
  BIND (target_group);
  BIND (hook_row);
  BIND (hook_model);
  BIND (variant_row);
  BIND (variant_model);
  BIND (note_row);
  BIND (payload_group);
  BIND (payload_view);
  BIND (json_error_box);
  BIND (json_error_label);
  BIND (send_button);
  BIND (forged_button);
  BIND (busy_box);
  BIND (spinner);
  BIND (cancel_button);
  BIND (send_hint);
  BIND (result_group);
  BIND (outcome_row);
  BIND (outcome_icon);
  BIND (url_row);
  BIND (status_row);
  BIND (time_row);
  BIND (tls_row);
  BIND (response_box);
  BIND (headers_view);
  BIND (body_view);
  BIND (truncated_label);
  BIND (verify_body_view);
  BIND (signature_row);
  BIND (key_row);
  BIND (key_model);
  BIND (secret_row);
  BIND (verify_row);
  BIND (verify_icon);
  BIND (expected_row);
#undef BIND
}

static void
tw_tester_page_class_init (TwTesterPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tw_tester_page_constructed;
  object_class->dispose = tw_tester_page_dispose;
  object_class->finalize = tw_tester_page_finalize;
  object_class->get_property = tw_tester_page_get_property;
  object_class->set_property = tw_tester_page_set_property;

  install_properties (object_class);
  bind_template (widget_class);
  install_actions (widget_class);
}

static void
add_shortcuts (TwTesterPage *self)
{
  GtkEventController *controller = tw_send_shortcuts_new ("tester.send", "tester.cancel");

  /* Local and in the capture phase: the payload's text view would take
   * Ctrl+Enter as a new line, and another page has its own Ctrl+Enter. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static void
fill_choosers (TwTesterPage *self)
{
  for (TwHookKind kind = 0; kind < TW_N_HOOKS; kind++)
    {
      /* Translators: %s is a webhook's name, e.g. "Stock" */
      g_autofree char *key = g_strdup_printf (_("Secret key of the webhook “%s”"),
                                              tw_hook_kind_get_title (kind));

      gtk_string_list_append (self->hook_model, tw_hook_kind_get_title (kind));
      gtk_string_list_append (self->key_model, key);
    }
  gtk_string_list_append (self->key_model, _("A key I paste"));
}

static void
connect_inputs (TwTesterPage *self)
{
  g_signal_connect_swapped (self->hook_row, "notify::selected",
                            G_CALLBACK (on_hook_selected), self);
  g_signal_connect_swapped (self->variant_row, "notify::selected",
                            G_CALLBACK (on_variant_selected), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->payload_view), "changed",
                            G_CALLBACK (on_payload_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->verify_body_view), "changed",
                            G_CALLBACK (schedule_verify), self);
  g_signal_connect_swapped (self->signature_row, "changed", G_CALLBACK (schedule_verify), self);
  g_signal_connect_swapped (self->secret_row, "changed", G_CALLBACK (schedule_verify), self);
  g_signal_connect_swapped (self->key_row, "notify::selected", G_CALLBACK (verify_now), self);
}

static void
tw_tester_page_init (TwTesterPage *self)
{
  self->hook = TW_HOOK_ORDER;
  self->variant = TW_SAMPLE_ORDER_READY_FOR_PICKUP;

  gtk_widget_init_template (GTK_WIDGET (self));
  fill_choosers (self);
  fill_variants (self);
  connect_inputs (self);
  add_shortcuts (self);
}

/* Public API */

GtkWidget *
tw_tester_page_new (TwContext *context)
{
  g_return_val_if_fail (TW_IS_CONTEXT (context), NULL);

  return g_object_new (TW_TYPE_TESTER_PAGE, "context", context, NULL);
}

TwRegistration *
tw_tester_page_get_registration (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), NULL);

  return self->registration;
}

/**
 * tw_tester_page_set_registration:
 * @registration: (nullable): the form to test; NULL gives the page an
 *   empty one of its own
 */
void
tw_tester_page_set_registration (TwTesterPage   *self,
                                 TwRegistration *registration)
{
  g_autoptr(TwRegistration) owned = NULL;

  g_return_if_fail (TW_IS_TESTER_PAGE (self));
  g_return_if_fail (registration == NULL || TW_IS_REGISTRATION (registration));

  if (registration != NULL && registration == self->registration)
    return;
  if (registration == NULL)
    registration = owned = tw_registration_new ();

  disconnect_registration (self);
  self->registration = g_object_ref (registration);
  g_signal_connect_swapped (registration, "changed", G_CALLBACK (on_registration_changed), self);
  g_signal_connect_swapped (registration, "notify::warehouses",
                            G_CALLBACK (on_sample_source_changed), self);
  g_signal_connect_swapped (registration, "notify::partner-id",
                            G_CALLBACK (on_sample_source_changed), self);

  generate_payload (self);
  update_target (self);
  schedule_verify (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRATION]);
}

TwHookKind
tw_tester_page_get_hook (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), TW_HOOK_ORDER);

  return self->hook;
}

void
tw_tester_page_set_hook (TwTesterPage *self,
                         TwHookKind    hook)
{
  g_return_if_fail (TW_IS_TESTER_PAGE (self));
  g_return_if_fail ((guint) hook < TW_N_HOOKS);

  if (self->hook != hook)
    tw_tester_page_set_variant (self, tw_sample_variant_default (hook));
}

TwSampleVariant
tw_tester_page_get_variant (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), TW_SAMPLE_ORDER_READY_FOR_PICKUP);

  return self->variant;
}

void
tw_tester_page_set_variant (TwTesterPage    *self,
                            TwSampleVariant  variant)
{
  TwHookKind hook;

  g_return_if_fail (TW_IS_TESTER_PAGE (self));
  g_return_if_fail ((guint) variant < TW_N_SAMPLE_VARIANTS);

  hook = tw_sample_variant_get_hook (variant);
  if (self->variant == variant && self->hook == hook)
    return;

  self->variant = variant;
  if (self->hook != hook)
    {
      self->hook = hook;
      adw_combo_row_set_selected (self->hook_row, hook);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOOK]);
    }

  fill_variants (self);
  if (self->registration != NULL)
    {
      generate_payload (self);
      update_target (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VARIANT]);
}

gboolean
tw_tester_page_get_busy (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), FALSE);

  return self->busy;
}

gboolean
tw_tester_page_get_payload_valid (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), FALSE);

  return self->payload_valid;
}

TwApiResult *
tw_tester_page_get_last_result (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), NULL);

  return self->last_result;
}

char *
tw_tester_page_dup_payload (TwTesterPage *self)
{
  g_return_val_if_fail (TW_IS_TESTER_PAGE (self), NULL);

  return dup_buffer_text (self->payload_view);
}

void
tw_tester_page_set_payload (TwTesterPage *self,
                            const char   *payload)
{
  g_return_if_fail (TW_IS_TESTER_PAGE (self));
  g_return_if_fail (payload != NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->payload_view), payload, -1);
}
