/* tw-profile.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-auth.h"
#include "tw-context.h"
#include "tw-registration.h"

G_BEGIN_DECLS

/* Profile files are read up to this size; larger ones are broken. */
#define TW_PROFILE_MAX_FILE_SIZE (1024 * 1024)
/* In characters. */
#define TW_PROFILE_MAX_NAME_LENGTH 64

/**
 * TwChangeKind:
 * @TW_CHANGE_ADDED: a value appeared (a warehouse, a partner id)
 * @TW_CHANGE_REMOVED: a value went away
 * @TW_CHANGE_CHANGED: a value was replaced (a URL, a secret, the environment)
 * @TW_CHANGE_ENABLED: a webhook was switched on
 * @TW_CHANGE_DISABLED: a webhook was switched off
 */
typedef enum
{
  TW_CHANGE_ADDED,
  TW_CHANGE_REMOVED,
  TW_CHANGE_CHANGED,
  TW_CHANGE_ENABLED,
  TW_CHANGE_DISABLED,
} TwChangeKind;

/**
 * TwChange:
 * @field: the JSON field path, as in #TwProblem: `sync_inventory_location`,
 *   `sync_webhook.stock` (enabled/disabled), `sync_webhook.order.url`,
 *   `sync_webhook.order.secret_key`, `external_partner_id`, `environment`
 * @kind: what happened
 * @old_value: (nullable): the registered value (a fingerprint for a secret)
 * @new_value: (nullable): the value now (a fingerprint for a secret)
 * @description: a translated sentence, e.g. "Warehouse “sgn” added"
 */
typedef struct
{
  char         *field;
  TwChangeKind  kind;
  char         *old_value;
  char         *new_value;
  char         *description;
} TwChange;

#define TW_TYPE_CHANGE (tw_change_get_type ())
GType     tw_change_get_type (void) G_GNUC_CONST;
TwChange *tw_change_copy     (const TwChange *change);
void      tw_change_free     (TwChange       *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwChange, tw_change_free)

#define TW_TYPE_PROFILE (tw_profile_get_type ())

G_DECLARE_FINAL_TYPE (TwProfile, tw_profile, TW, PROFILE, GObject)

/* A named set of choices: everything of a registration but its secrets,
 * plus the environment and the account's non-secret settings, and the
 * snapshot of its last successful registration. Never holds a secret.
 *
 * Properties (notify only on change): "name" (string; rename through the
 * store), "environment" (TwEnvironment), "base-url" (string, for Custom),
 * "auth-mode" (TwAuthMode), "client-id" (string), "auth-method"
 * (TwAuthMethod), "redirect-uri" and "scopes" (strings, "" for the
 * defaults of a public app), "token-expires-at" (GDateTime or NULL: when the
 * access token of a public-app login expires; the tokens themselves are in
 * the keyring), read-only "last-registered" (GDateTime or NULL),
 * "last-request-id" (string or NULL), "problem" (string or NULL: a broken
 * file, see tw_profile_get_problem()), "file" (GFile or NULL: where the
 * store keeps it). */

TwProfile    *tw_profile_new                 (const char      *name);
/* Reads the JSON of a profile file. Strict and bounded: more than
 * TW_PROFILE_MAX_FILE_SIZE bytes, invalid UTF-8, NUL bytes, nesting deeper
 * than 16, a missing or invalid name, wrong types or unknown values are a
 * TW_ERROR_INVALID_INPUT naming the field; unknown keys are ignored. */
TwProfile    *tw_profile_new_from_json       (const char      *data,
                                              gssize           length,
                                              GError         **error);
/* Pretty JSON, ending with a newline. */
char         *tw_profile_to_json             (TwProfile       *self);
/* A copy with another name and without the file, problem or snapshot. */
TwProfile    *tw_profile_duplicate           (TwProfile       *self,
                                              const char      *name);

const char   *tw_profile_get_name            (TwProfile       *self);
TwEnvironment tw_profile_get_environment     (TwProfile       *self);
void          tw_profile_set_environment     (TwProfile       *self,
                                              TwEnvironment    environment);
const char   *tw_profile_get_base_url        (TwProfile       *self);
void          tw_profile_set_base_url        (TwProfile       *self,
                                              const char      *base_url);
TwAuthMode    tw_profile_get_auth_mode       (TwProfile       *self);
void          tw_profile_set_auth_mode       (TwProfile       *self,
                                              TwAuthMode       mode);
const char   *tw_profile_get_client_id       (TwProfile       *self);
void          tw_profile_set_client_id       (TwProfile       *self,
                                              const char      *client_id);
TwAuthMethod  tw_profile_get_auth_method     (TwProfile       *self);
void          tw_profile_set_auth_method     (TwProfile       *self,
                                              TwAuthMethod     method);
const char   *tw_profile_get_redirect_uri    (TwProfile       *self);
void          tw_profile_set_redirect_uri    (TwProfile       *self,
                                              const char      *redirect_uri);
const char   *tw_profile_get_scopes          (TwProfile       *self);
void          tw_profile_set_scopes          (TwProfile       *self,
                                              const char      *scopes);
GDateTime    *tw_profile_get_token_expires_at (TwProfile      *self);
void          tw_profile_set_token_expires_at (TwProfile      *self,
                                               GDateTime      *expires_at);
const char * const *tw_profile_get_warehouses (TwProfile      *self);
const char   *tw_profile_get_hook_url        (TwProfile       *self,
                                              TwHookKind       kind);
gboolean      tw_profile_get_hook_enabled    (TwProfile       *self,
                                              TwHookKind       kind);
const char   *tw_profile_get_partner_id      (TwProfile       *self);
GDateTime    *tw_profile_get_last_registered (TwProfile       *self);
const char   *tw_profile_get_last_request_id (TwProfile       *self);
/* (nullable): a translated reason why the file could not be read. A broken
 * profile is listed (its name is the file's) but never written over. */
const char   *tw_profile_get_problem         (TwProfile       *self);
gboolean      tw_profile_is_broken           (TwProfile       *self);
GFile        *tw_profile_get_file            (TwProfile       *self);

/* Copies the profile into the non-secret fields of @auth (mode, client id,
 * method, redirect URI, scopes and, in public-app mode, the token expiry)
 * and @registration (flavour of the environment, warehouses, hook
 * URLs and switches, partner id). Either may be NULL. Secrets are left
 * alone: tw_credentials_load_profile_async() fills them. */
void          tw_profile_apply               (TwProfile       *self,
                                              TwAuth          *auth,
                                              TwRegistration  *registration);
/* The reverse: takes those fields from @auth and @registration. */
void          tw_profile_capture             (TwProfile       *self,
                                              TwAuth          *auth,
                                              TwRegistration  *registration);

/* Remembers what was registered successfully (secrets as fingerprints),
 * with the environment, @request_id and @time (NULL: now). */
void          tw_profile_record_registration (TwProfile       *self,
                                              TwRegistration  *registration,
                                              const char      *request_id,
                                              GDateTime       *time);
/* (element-type TwChange) (nullable): what differs between the last
 * registration and @registration, field by field in document order; NULL
 * when the profile was never registered, an empty array when nothing
 * changed. */
GPtrArray    *tw_profile_diff                (TwProfile       *self,
                                              TwRegistration  *registration);
/* A translated one-line summary of tw_profile_diff()'s answer. */
char         *tw_profile_describe_diff       (GPtrArray       *changes);

/* NULL when @name can name a profile, else a translated reason: a name is
 * non-empty, at most TW_PROFILE_MAX_NAME_LENGTH characters of valid UTF-8,
 * without control characters nor leading or trailing white space (callers
 * trim what the user typed). */
char         *tw_profile_check_name          (const char      *name);

G_END_DECLS
