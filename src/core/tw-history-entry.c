/* tw-history-entry.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history-entry"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tw-history-entry.h"
#include "tw-history-private.h"

struct _TwHistoryEntry
{
  GObject          parent_instance;

  gint64           id;
  TwHistoryRecord *record;
  GWeakRef         history;
  gboolean         bodies_loaded;
};

G_DEFINE_FINAL_TYPE (TwHistoryEntry, tw_history_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TIME_MS,
  PROP_TIME_LOCAL,
  PROP_PROFILE,
  PROP_BASE_URL,
  PROP_KIND,
  PROP_KIND_LABEL,
  PROP_METHOD,
  PROP_URL,
  PROP_OUTCOME,
  PROP_OUTCOME_LABEL,
  PROP_SUCCESS,
  PROP_HTTP_STATUS,
  PROP_MESSAGE_CODE,
  PROP_MESSAGE,
  PROP_REQUEST_ID,
  PROP_DURATION_MS,
  PROP_ATTEMPT,
  PROP_REQUEST_BODY,
  PROP_RESPONSE_BODY,
  PROP_ERROR_DOMAIN,
  PROP_ERROR_CODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GDateTime *
date_time_from_ms (gint64 time_ms)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (time_ms / 1000);

  if (seconds == NULL)
    return g_date_time_new_from_unix_utc (0);
  return g_date_time_add (seconds, (time_ms % 1000) * G_TIME_SPAN_MILLISECOND);
}

/* The bodies are not part of the pages of the list; read them on demand. */
static void
ensure_bodies (TwHistoryEntry *self)
{
  g_autoptr(TwHistory) history = NULL;
  g_autoptr(GError) error = NULL;

  if (self->bodies_loaded)
    return;

  self->bodies_loaded = TRUE;
  history = g_weak_ref_get (&self->history);
  if (history == NULL)
    return;

  if (!tw_history_load_bodies (history, self->id, &self->record->request_body,
                               &self->record->response_body, &error))
    g_debug ("Cannot read the bodies of request %" G_GINT64_FORMAT ": %s",
             self->id, error->message);
}

static const char *
or_none (const char *text)
{
  /* Translators: shown in a support summary for a missing value */
  return text != NULL && *text != '\0' ? text : _("none");
}

/* POSIX shell single quotes: nothing inside is interpreted. */
static void
append_shell_quoted (GString    *out,
                     const char *text)
{
  g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

/* The request as cURL would send it. The token never reached history:
 * the header shows where it goes. */
static void
append_curl (GString        *out,
             TwHistoryEntry *self)
{
  const TwHistoryRecord *record = self->record;
  const char *body = tw_history_entry_get_request_body (self);
  gboolean token = g_strcmp0 (record->kind, "token") == 0;

  g_string_append (out, "curl ");
  append_shell_quoted (out, or_none (record->url));
  g_string_append (out, " \\\n  -X ");
  append_shell_quoted (out, record->method != NULL ? record->method : "POST");
  if (g_strcmp0 (record->kind, "registration") == 0)
    g_string_append (out, " \\\n  -H 'Authorization: Bearer <redacted>'");
  g_string_append_printf (out, " \\\n  -H 'Content-Type: %s'",
                          token ? "application/x-www-form-urlencoded" : "application/json");
  if (body != NULL)
    {
      g_string_append (out, " \\\n  --data-raw ");
      append_shell_quoted (out, body);
    }
  g_string_append_c (out, '\n');
}

static void
append_line (GString    *out,
             const char *label,
             const char *value)
{
  g_string_append_printf (out, "%s: %s\n", label, value);
}

static void
append_summary_fields (GString        *out,
                       TwHistoryEntry *self)
{
  const TwHistoryRecord *record = self->record;
  g_autoptr(GDateTime) utc = date_time_from_ms (record->time_ms);
  g_autofree char *utc_text = g_date_time_format (utc, "%Y-%m-%d %H:%M:%S UTC");
  g_autofree char *local_text = tw_history_entry_format_time_local (self);
  g_autofree char *endpoint = g_strdup_printf ("%s %s", or_none (record->method),
                                               or_none (record->url));
  g_autofree char *status = g_strdup_printf ("%u", record->http_status);
  g_autofree char *outcome = g_strdup_printf ("%s (%s)", tw_history_entry_get_outcome_label (self),
                                              or_none (record->outcome));
  g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT, record->duration_ms);
  /* Translators: the first %s is a number of milliseconds, %u counts the
   * attempts of one request (1, then 2 for the first retry…) */
  g_autofree char *duration = g_strdup_printf (_("%s ms, attempt %u"), ms, record->attempt);

  append_line (out, _("Time (UTC)"), utc_text);
  append_line (out, _("Time (local)"), local_text);
  append_line (out, _("Endpoint"), endpoint);
  append_line (out, _("Profile"), or_none (record->profile));
  append_line (out, _("Outcome"), outcome);
  /* Translators: 0 means that no response arrived */
  append_line (out, _("HTTP status"), record->http_status > 0 ? status : _("no response"));
  append_line (out, _("Message code"), or_none (record->message_code));
  append_line (out, _("Message"), or_none (record->message));
  append_line (out, _("Request ID"), or_none (record->request_id));
  append_line (out, _("Duration"), duration);
}

static void
tw_history_entry_finalize (GObject *object)
{
  TwHistoryEntry *self = TW_HISTORY_ENTRY (object);

  g_clear_pointer (&self->record, tw_history_record_free);
  g_weak_ref_clear (&self->history);

  G_OBJECT_CLASS (tw_history_entry_parent_class)->finalize (object);
}

static void
get_string_property (TwHistoryEntry *self,
                     guint           prop_id,
                     GValue         *value)
{
  const TwHistoryRecord *r = self->record;

  switch (prop_id)
    {
    case PROP_TIME_LOCAL:
      g_value_take_string (value, tw_history_entry_format_time_local (self));
      break;
    case PROP_PROFILE: g_value_set_string (value, r->profile); break;
    case PROP_BASE_URL: g_value_set_string (value, r->base_url); break;
    case PROP_KIND: g_value_set_string (value, r->kind); break;
    case PROP_KIND_LABEL: g_value_set_string (value, tw_history_kind_get_label (r->kind)); break;
    case PROP_METHOD: g_value_set_string (value, r->method); break;
    case PROP_URL: g_value_set_string (value, r->url); break;
    case PROP_OUTCOME: g_value_set_string (value, r->outcome); break;
    case PROP_OUTCOME_LABEL:
      g_value_set_string (value, tw_history_outcome_get_label (r->outcome));
      break;
    case PROP_MESSAGE_CODE: g_value_set_string (value, r->message_code); break;
    case PROP_MESSAGE: g_value_set_string (value, r->message); break;
    case PROP_REQUEST_ID: g_value_set_string (value, r->request_id); break;
    case PROP_REQUEST_BODY:
      g_value_set_string (value, tw_history_entry_get_request_body (self));
      break;
    case PROP_RESPONSE_BODY:
      g_value_set_string (value, tw_history_entry_get_response_body (self));
      break;
    case PROP_ERROR_DOMAIN: g_value_set_string (value, r->error_domain); break;
    default:
      g_assert_not_reached ();
    }
}

static void
tw_history_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwHistoryEntry *self = TW_HISTORY_ENTRY (object);
  const TwHistoryRecord *r = self->record;

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_TIME_MS: g_value_set_int64 (value, r->time_ms); break;
    case PROP_SUCCESS: g_value_set_boolean (value, tw_history_entry_get_success (self)); break;
    case PROP_HTTP_STATUS: g_value_set_uint (value, r->http_status); break;
    case PROP_DURATION_MS: g_value_set_int64 (value, r->duration_ms); break;
    case PROP_ATTEMPT: g_value_set_uint (value, r->attempt); break;
    case PROP_ERROR_CODE: g_value_set_int (value, r->error_code); break;
    default:
      if (G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_STRING)
        get_string_property (self, prop_id, value);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_string (guint       prop_id,
                const char *name)
{
  properties[prop_id] = g_param_spec_string (name, NULL, NULL, NULL,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
tw_history_entry_class_init (TwHistoryEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tw_history_entry_finalize;
  object_class->get_property = tw_history_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TIME_MS] =
    g_param_spec_int64 ("time-ms", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_SUCCESS] =
    g_param_spec_boolean ("success", NULL, NULL, FALSE, flags);
  properties[PROP_HTTP_STATUS] =
    g_param_spec_uint ("http-status", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DURATION_MS] =
    g_param_spec_int64 ("duration-ms", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_ATTEMPT] =
    g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_ERROR_CODE] =
    g_param_spec_int ("error-code", NULL, NULL, G_MININT, G_MAXINT, 0, flags);

  install_string (PROP_TIME_LOCAL, "time-local");
  install_string (PROP_PROFILE, "profile");
  install_string (PROP_BASE_URL, "base-url");
  install_string (PROP_KIND, "kind");
  install_string (PROP_KIND_LABEL, "kind-label");
  install_string (PROP_METHOD, "method");
  install_string (PROP_URL, "url");
  install_string (PROP_OUTCOME, "outcome");
  install_string (PROP_OUTCOME_LABEL, "outcome-label");
  install_string (PROP_MESSAGE_CODE, "message-code");
  install_string (PROP_MESSAGE, "message");
  install_string (PROP_REQUEST_ID, "request-id");
  install_string (PROP_REQUEST_BODY, "request-body");
  install_string (PROP_RESPONSE_BODY, "response-body");
  install_string (PROP_ERROR_DOMAIN, "error-domain");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_history_entry_init (TwHistoryEntry *self)
{
  g_weak_ref_init (&self->history, NULL);
}

/* Private API */

TwHistoryEntry *
tw_history_entry_new_take (gint64           id,
                           TwHistoryRecord *record,
                           TwHistory       *history,
                           gboolean         bodies_loaded)
{
  TwHistoryEntry *self = g_object_new (TW_TYPE_HISTORY_ENTRY, NULL);

  self->id = id;
  self->record = record;
  self->bodies_loaded = bodies_loaded || history == NULL;
  g_weak_ref_set (&self->history, history);
  return self;
}

char *
tw_history_format_time_utc (gint64 time_ms)
{
  g_autoptr(GDateTime) time = date_time_from_ms (time_ms);
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, (int) (((time_ms % 1000) + 1000) % 1000));
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

JsonNode *
tw_history_record_to_json (gint64                 id,
                           const TwHistoryRecord *r)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *time = tw_history_format_time_utc (r->time_ms);

  json_builder_begin_object (builder);
  add_int_member (builder, "id", id);
  add_string_member (builder, "time", time);
  add_int_member (builder, "time_ms", r->time_ms);
  add_string_member (builder, "profile", r->profile);
  add_string_member (builder, "base_url", r->base_url);
  add_string_member (builder, "kind", r->kind);
  add_string_member (builder, "method", r->method);
  add_string_member (builder, "url", r->url);
  add_string_member (builder, "outcome", r->outcome);
  add_int_member (builder, "http_status", r->http_status);
  add_string_member (builder, "message_code", r->message_code);
  add_string_member (builder, "message", r->message);
  add_string_member (builder, "request_id", r->request_id);
  add_int_member (builder, "duration_ms", r->duration_ms);
  add_int_member (builder, "attempt", r->attempt);
  add_string_member (builder, "error_domain", r->error_domain);
  add_int_member (builder, "error_code", r->error_code);
  add_string_member (builder, "request_body", r->request_body);
  add_string_member (builder, "response_body", r->response_body);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Public API */

/**
 * tw_history_entry_new:
 * @id: the row id (0 if none)
 * @record: the request, copied
 *
 * Returns: (transfer full): an entry holding a copy of @record
 */
TwHistoryEntry *
tw_history_entry_new (gint64                 id,
                      const TwHistoryRecord *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return tw_history_entry_new_take (id, tw_history_record_copy (record), NULL, TRUE);
}

gint64
tw_history_entry_get_id (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), 0);
  return self->id;
}

gint64
tw_history_entry_get_time_ms (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), 0);
  return self->record->time_ms;
}

/**
 * tw_history_entry_format_time_local:
 *
 * Returns: (transfer full): the time in the local zone, with the zone
 */
char *
tw_history_entry_format_time_local (TwHistoryEntry *self)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);

  utc = date_time_from_ms (self->record->time_ms);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local != NULL ? local : utc, "%Y-%m-%d %H:%M:%S %Z");
}

const char *
tw_history_entry_get_profile (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->profile;
}

const char *
tw_history_entry_get_base_url (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->base_url;
}

const char *
tw_history_entry_get_kind (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->kind;
}

const char *
tw_history_entry_get_kind_label (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return tw_history_kind_get_label (self->record->kind);
}

const char *
tw_history_entry_get_method (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->method;
}

const char *
tw_history_entry_get_url (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->url;
}

const char *
tw_history_entry_get_outcome (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->outcome;
}

const char *
tw_history_entry_get_outcome_label (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return tw_history_outcome_get_label (self->record->outcome);
}

gboolean
tw_history_entry_get_success (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), FALSE);
  return g_strcmp0 (self->record->outcome, "success") == 0;
}

guint
tw_history_entry_get_http_status (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), 0);
  return self->record->http_status;
}

const char *
tw_history_entry_get_message_code (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->message_code;
}

const char *
tw_history_entry_get_message (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->message;
}

const char *
tw_history_entry_get_request_id (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->request_id;
}

gint64
tw_history_entry_get_duration_ms (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), 0);
  return self->record->duration_ms;
}

guint
tw_history_entry_get_attempt (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), 0);
  return self->record->attempt;
}

const char *
tw_history_entry_get_request_body (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  ensure_bodies (self);
  return self->record->request_body;
}

const char *
tw_history_entry_get_response_body (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  ensure_bodies (self);
  return self->record->response_body;
}

const char *
tw_history_entry_get_error_domain (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  return self->record->error_domain;
}

int
tw_history_entry_get_error_code (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), 0);
  return self->record->error_code;
}

/**
 * tw_history_entry_get_record:
 *
 * Returns: (transfer none): the row, bodies included
 */
const TwHistoryRecord *
tw_history_entry_get_record (TwHistoryEntry *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);
  ensure_bodies (self);
  return self->record;
}

/**
 * tw_history_entry_get_support_summary:
 *
 * Returns: (transfer full): the text to give Tiki support
 */
char *
tw_history_entry_get_support_summary (TwHistoryEntry *self)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (self), NULL);

  append_summary_fields (out, self);
  g_string_append_printf (out, "\n%s\n", _("Request (secrets redacted):"));
  append_curl (out, self);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

const char *
tw_history_outcome_get_label (const char *outcome)
{
  static const struct { const char *nick; const char *label; } labels[] = {
    { "success", N_("Succeeded") },
    { "invalid-token", N_("Invalid token") },
    { "rejected", N_("Rejected") },
    { "rate-limited", N_("Rate limited") },
    { "server-error", N_("Server error") },
    { "cannot-connect", N_("Cannot connect") },
    { "tls", N_("Certificate problem") },
    { "timed-out", N_("Timed out") },
    { "cancelled", N_("Cancelled") },
    { "bad-response", N_("Bad response") },
    { "invalid-input", N_("Invalid input") },
    { "busy", N_("Busy") },
    { "auth-failed", N_("No access token") },
    { "incomplete-response", N_("Answer cut off") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_strcmp0 (outcome, labels[i].nick) == 0)
        return _(labels[i].label);
    }

  return outcome != NULL ? outcome : "";
}

const char *
tw_history_kind_get_label (const char *kind)
{
  if (g_strcmp0 (kind, "registration") == 0)
    return C_("request kind", "Registration");
  if (g_strcmp0 (kind, "token") == 0)
    return C_("request kind", "Access token");
  if (g_strcmp0 (kind, "test delivery") == 0 || g_strcmp0 (kind, "test-delivery") == 0)
    return C_("request kind", "Test delivery");
  return kind != NULL ? kind : "";
}
