/* tw-context.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-api-client.h"
#include "tw-credentials.h"
#include "tw-demo-server.h"
#include "tw-history.h"
#include "tw-registration.h"

G_BEGIN_DECLS

/**
 * TwEnvironment:
 * @TW_ENVIRONMENT_PRODUCTION: `https://api.tikinow.vn`
 * @TW_ENVIRONMENT_LEGACY: `https://tikinowapi.tiki.vn` (legacy rules)
 * @TW_ENVIRONMENT_CUSTOM: a base URL the user typed, treated like Production
 * @TW_ENVIRONMENT_DEMO: the in-process simulator on 127.0.0.1
 *
 * The values match the `default-environment` key of the settings schema.
 */
typedef enum
{
  TW_ENVIRONMENT_PRODUCTION,
  TW_ENVIRONMENT_LEGACY,
  TW_ENVIRONMENT_CUSTOM,
  TW_ENVIRONMENT_DEMO,
} TwEnvironment;

#define TW_N_ENVIRONMENTS 4

#define TW_TYPE_ENVIRONMENT (tw_environment_get_type ())
GType tw_environment_get_type (void) G_GNUC_CONST;

#define TW_TYPE_CONTEXT (tw_context_get_type ())

G_DECLARE_FINAL_TYPE (TwContext, tw_context, TW, CONTEXT, GObject)

/* tw-profile-store.h includes this header (through tw-profile.h). */
typedef struct _TwProfileStore TwProfileStore;

/* The services of the app, handed from the application to the window and
 * to each page. Properties: "settings" (GSettings of the app's schema,
 * construct-only), "api-client" (TwApiClient, read-only; its timeout
 * follows the request-timeout setting), "demo-server" (TwDemoServer or
 * NULL, read-only: started on first use by tw_context_ensure_demo_server()
 * and stopped when the context is disposed), "history" (TwHistory,
 * read-only: the request history at the default path, the API client's
 * history sink, its retention following the history-retention-days
 * setting). */

/* @settings: (nullable): NULL makes one for APPLICATION_ID. */
TwContext    *tw_context_new                 (GSettings     *settings);
GSettings    *tw_context_get_settings        (TwContext     *self);
TwApiClient  *tw_context_get_api_client      (TwContext     *self);
TwHistory    *tw_context_get_history         (TwContext     *self);
/* "credentials" (TwCredentials, construct-only; NULL makes one on the
 * keyring) and "profile-store" (TwProfileStore, construct-only; NULL makes
 * one in $XDG_CONFIG_HOME/tiki-webhooks): the store moves, copies and
 * forgets secrets through the context's credentials. Tests hand in their
 * own to keep to temporary folders or memory. */
TwCredentials *tw_context_get_credentials    (TwContext     *self);
TwProfileStore *tw_context_get_profile_store (TwContext     *self);
/* (nullable): the simulator if it was started. */
TwDemoServer *tw_context_get_demo_server     (TwContext     *self);
/* Starts the simulator on 127.0.0.1 the first time. (transfer none) */
TwDemoServer *tw_context_ensure_demo_server  (TwContext     *self,
                                              GError       **error);
/* The API base of @environment: @custom_url for Custom (checked with
 * tw_environment_check_base_url()), the simulator (started if needed) for
 * Demo, TIKI_WEBHOOKS_API_BASE or the documented host otherwise. */
char         *tw_context_resolve_base_url    (TwContext     *self,
                                              TwEnvironment  environment,
                                              const char    *custom_url,
                                              GError       **error);

/* "production", "legacy", "custom", "demo", and back. */
const char   *tw_environment_to_string       (TwEnvironment  environment);
gboolean      tw_environment_from_string     (const char    *str,
                                              TwEnvironment *environment);
/* Translated name for menus: "Production", "Legacy host", … */
const char   *tw_environment_get_title       (TwEnvironment  environment);
/* The documented host, or NULL for Custom and Demo. */
const char   *tw_environment_get_default_base (TwEnvironment environment);
/* The validation rules that apply: Legacy for the Legacy host only. */
TwApiFlavour  tw_environment_get_flavour     (TwEnvironment  environment);
/* TRUE when @url is an absolute https:// URL with a host and neither
 * query nor fragment; otherwise FALSE and a translated TW_ERROR_INVALID_INPUT. */
gboolean      tw_environment_check_base_url  (const char    *url,
                                              GError       **error);

G_END_DECLS
