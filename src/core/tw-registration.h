/* tw-registration.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib-object.h>

#include "tw-hook.h"

G_BEGIN_DECLS

/**
 * TwApiFlavour:
 * @TW_API_FLAVOUR_CURRENT: `https://api.tikinow.vn` (and custom/demo hosts):
 *   stock optional, aftersale allowed
 * @TW_API_FLAVOUR_LEGACY: `https://tikinowapi.tiki.vn`: stock mandatory,
 *   no aftersale
 */
typedef enum
{
  TW_API_FLAVOUR_CURRENT,
  TW_API_FLAVOUR_LEGACY,
} TwApiFlavour;

typedef enum
{
  TW_SEVERITY_ERROR,
  TW_SEVERITY_WARNING,
} TwSeverity;

/**
 * TwProblem:
 * @field: the JSON field path, e.g. `sync_webhook.stock.secret_key` or
 *   `sync_inventory_location[2]`
 * @severity: errors block sending, warnings do not
 * @code: stable machine-readable identifier, e.g. `"secret-length"`
 * @message: translated sentence naming the problem and what to do
 */
typedef struct
{
  char       *field;
  TwSeverity  severity;
  char       *code;
  char       *message;
} TwProblem;

#define TW_TYPE_PROBLEM (tw_problem_get_type ())
GType      tw_problem_get_type (void) G_GNUC_CONST;
TwProblem *tw_problem_new      (const char *field,
                                TwSeverity  severity,
                                const char *code,
                                const char *message);
TwProblem *tw_problem_copy     (const TwProblem *problem);
void       tw_problem_free     (TwProblem *problem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwProblem, tw_problem_free)

/* TRUE when @problems (of TwProblem) holds at least one error. */
gboolean   tw_problems_have_errors (GPtrArray *problems);

/**
 * TwJsonFlags:
 * @TW_JSON_DEFAULT: compact, exact request body
 * @TW_JSON_PRETTY: indented with two spaces, for display and config files
 * @TW_JSON_MASK_SECRETS: secret keys replaced by their fingerprint
 */
typedef enum /*< flags >*/
{
  TW_JSON_DEFAULT      = 0,
  TW_JSON_PRETTY       = 1 << 0,
  TW_JSON_MASK_SECRETS = 1 << 1,
} TwJsonFlags;

#define TW_REGISTRATION_MAX_FILE_SIZE (1024 * 1024)

#define TW_TYPE_REGISTRATION (tw_registration_get_type ())

G_DECLARE_FINAL_TYPE (TwRegistration, tw_registration, TW, REGISTRATION, GObject)

/* Properties: "flavour" (TwApiFlavour), "warehouses" (GStrv, in the order
 * the user added them), "partner-id" (string, never NULL), and read-only
 * "order", "stock", "aftersale" (TwHook, owned by the registration).
 * Signal "changed": emitted once after any property of the registration or
 * of one of its hooks changed — what a live validator or preview listens to.
 *
 * Warehouse codes are normalised on the way in: set/add store them
 * lowercased (ASCII) and drop a code already present (compared after
 * lowercasing), keeping the first occurrence's position. So "SGN" and "sgn"
 * are one warehouse, to_json() writes the codes exactly as stored, and
 * validate() only has the format rule ([a-z0-9]{2,16}) and the catalogue
 * check left to apply per code. has/remove compare case-insensitively.
 *
 * A new registration targets the current host, has no warehouses, an empty
 * partner id, and only the order hook enabled (with an empty URL and key). */

TwRegistration *tw_registration_new            (void);
/* Reads the request-body shape (a config file): unknown or repeated keys,
 * wrong types, invalid UTF-8, NUL characters, empty or truncated data and
 * more than TW_REGISTRATION_MAX_FILE_SIZE bytes are a TW_ERROR_INVALID_INPUT
 * naming the field path. Values are not validated; a hook present in the
 * data is enabled; the flavour stays CURRENT (it is not in the body). */
TwRegistration *tw_registration_new_from_json  (const char     *data,
                                                gssize          length,
                                                GError        **error);
TwRegistration *tw_registration_copy           (TwRegistration *self);

TwApiFlavour        tw_registration_get_flavour     (TwRegistration *self);
void                tw_registration_set_flavour     (TwRegistration *self,
                                                     TwApiFlavour    flavour);
const char * const *tw_registration_get_warehouses  (TwRegistration *self);
void                tw_registration_set_warehouses  (TwRegistration     *self,
                                                     const char * const *codes);
gboolean            tw_registration_has_warehouse   (TwRegistration *self,
                                                     const char     *code);
void                tw_registration_add_warehouse   (TwRegistration *self,
                                                     const char     *code);
void                tw_registration_remove_warehouse (TwRegistration *self,
                                                      const char     *code);
const char         *tw_registration_get_partner_id  (TwRegistration *self);
void                tw_registration_set_partner_id  (TwRegistration *self,
                                                     const char     *partner_id);
TwHook             *tw_registration_get_hook        (TwRegistration *self,
                                                     TwHookKind      kind);

/* The request body, keys in the documented order. Disabled hooks and an
 * empty partner id are omitted. Secrets are always JSON strings. */
char      *tw_registration_to_json   (TwRegistration *self,
                                      TwJsonFlags     flags);
/* Every rule of DESIGN §5, in field order. (element-type TwProblem)
 * Stable codes — warehouses: warehouses-empty, warehouse-format,
 * warehouse-unknown (W); hooks: stock-required, aftersale-unsupported,
 * url-missing, url-encoding, url-too-long, url-whitespace, url-not-absolute,
 * url-not-https, url-fragment, url-invalid, url-no-host,
 * url-private-host (W), secret-missing, secret-whitespace,
 * secret-characters, secret-length, secret-from-docs (W),
 * secret-not-alphanumeric (W), secret-reused (W); partner id:
 * partner-id-encoding, partner-id-control, partner-id-too-long.
 * (W) marks warnings; the rest are errors. At most one error per field. */
GPtrArray *tw_registration_validate  (TwRegistration *self);

G_END_DECLS
