/* tw-profile-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

#include "tw-credentials.h"
#include "tw-profile.h"

G_BEGIN_DECLS

#define TW_TYPE_PROFILE_STORE (tw_profile_store_get_type ())

G_DECLARE_FINAL_TYPE (TwProfileStore, tw_profile_store, TW, PROFILE_STORE, GObject)

/* The profiles of the user, a GListModel of TwProfile sorted by name,
 * broken files included (see tw_profile_get_problem()).
 *
 * Files: <config-dir>/profiles/<slug>.json (slug: the name in lowercase
 * ASCII, non-alphanumerics as '-', made unique; the name itself is inside),
 * <config-dir>/state.json for the last used profile. Written atomically
 * (temporary file + rename), files 0600 and directories 0700. A file that
 * cannot be read is reported and left untouched.
 *
 * Properties: "config-dir" (GFile, construct-only; NULL means
 * $XDG_CONFIG_HOME/tiki-webhooks), "credentials" (TwCredentials or NULL):
 * when set, renaming, duplicating and deleting a profile move, copy and
 * forget its secrets too.
 *
 * Operations run one after the other in a worker thread, in the order they
 * were started; the model changes when they complete. Errors are
 * TW_ERROR_INVALID_INPUT (a bad or taken name, a broken profile to save)
 * or a G_IO_ERROR / G_FILE_ERROR with a translated message. */

TwProfileStore *tw_profile_store_new          (GFile           *config_dir);
GFile          *tw_profile_store_get_config_dir (TwProfileStore *self);
TwCredentials  *tw_profile_store_get_credentials (TwProfileStore *self);
void            tw_profile_store_set_credentials (TwProfileStore *self,
                                                  TwCredentials  *credentials);

/* Reads the directory, replacing the model's contents. A missing directory
 * is an empty list. */
void            tw_profile_store_load_async   (TwProfileStore      *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        tw_profile_store_load_finish  (TwProfileStore  *self,
                                               GAsyncResult    *result,
                                               GError         **error);
/* The same, blocking: for the CLI. */
gboolean        tw_profile_store_load         (TwProfileStore  *self,
                                               GCancellable    *cancellable,
                                               GError         **error);

/* (transfer none) (nullable): the profile named @name (not a broken one). */
TwProfile      *tw_profile_store_find         (TwProfileStore  *self,
                                               const char      *name);
/* (transfer none) (nullable): the last used profile, if it still exists. */
TwProfile      *tw_profile_store_get_last_used (TwProfileStore *self);

/* Creates and writes a new profile with the default settings. Returns
 * (transfer full) the profile, which is in the model by then. */
void            tw_profile_store_create_async (TwProfileStore      *self,
                                               const char          *name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
TwProfile      *tw_profile_store_create_finish (TwProfileStore *self,
                                                GAsyncResult   *result,
                                                GError        **error);
/* Writes @profile (one of the store's, not broken) as it is now. */
void            tw_profile_store_save_async   (TwProfileStore      *self,
                                               TwProfile           *profile,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        tw_profile_store_save_finish  (TwProfileStore  *self,
                                               GAsyncResult    *result,
                                               GError         **error);
/* Renames the file and the name inside, and the last used profile. */
void            tw_profile_store_rename_async (TwProfileStore      *self,
                                               TwProfile           *profile,
                                               const char          *new_name,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        tw_profile_store_rename_finish (TwProfileStore *self,
                                                GAsyncResult   *result,
                                                GError        **error);
/* A copy of @profile named @new_name, without its registration snapshot.
 * Returns (transfer full) the new profile. */
void            tw_profile_store_duplicate_async (TwProfileStore      *self,
                                                  TwProfile           *profile,
                                                  const char          *new_name,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
TwProfile      *tw_profile_store_duplicate_finish (TwProfileStore *self,
                                                   GAsyncResult   *result,
                                                   GError        **error);
/* Deletes the file of @profile (a broken one too: the user asked). */
void            tw_profile_store_delete_async (TwProfileStore      *self,
                                               TwProfile           *profile,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        tw_profile_store_delete_finish (TwProfileStore *self,
                                                GAsyncResult   *result,
                                                GError        **error);
/* Remembers @profile (NULL: none) as the last used one, in state.json. */
void            tw_profile_store_set_last_used_async (TwProfileStore      *self,
                                                      TwProfile           *profile,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean        tw_profile_store_set_last_used_finish (TwProfileStore *self,
                                                       GAsyncResult   *result,
                                                       GError        **error);

G_END_DECLS
