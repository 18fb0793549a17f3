/* tw-cli.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tw-profile-store.h"
#include "tw-registration.h"

G_BEGIN_DECLS

/* Exit codes of tiki-webhooks-cli. */
enum
{
  TW_CLI_EXIT_OK = 0,
  TW_CLI_EXIT_FAILED = 1,
  TW_CLI_EXIT_USAGE = 2,
};

typedef int (*TwCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char       *name;
  const char       *summary; /* N_() */
  TwCliCommandFunc  run;
} TwCliCommand;

int   tw_cli_main                 (int          argc,
                                   char       **argv);

/* Shared helpers for subcommands (tw-cli.c). */
/* Reads a secret from a file ("-" for standard input), trimming one
 * trailing newline; refuses files over 4 KiB. */
char *tw_cli_read_secret_file     (const char  *path,
                                   GError     **error);
/* Reads a whole file ("-" for standard input), at most @max_size bytes. */
char *tw_cli_read_file            (const char  *path,
                                   gsize        max_size,
                                   gsize       *length,
                                   GError     **error);
void  tw_cli_print_error          (const char  *format,
                                   ...) G_GNUC_PRINTF (1, 2);
/* Prints @message and a pointer to --help; returns TW_CLI_EXIT_USAGE. */
int   tw_cli_usage_error          (const char  *command,
                                   const char  *message);
/* Parses a subcommand's options (@summary untranslated, N_()); handles
 * --help. Returns -1 when the command should run, else its exit status. */
int   tw_cli_parse_options        (const char         *command,
                                   const char         *summary,
                                   const GOptionEntry *entries,
                                   int                 argc,
                                   char              **argv);
/* A failed write to standard output (a full disk, a closed pipe) must not
 * end in success: returns TW_CLI_EXIT_FAILED then, else TW_CLI_EXIT_OK. */
int   tw_cli_finish_output        (void);
/* "error: <field>: <message>" / "warning: …" lines on standard error. */
void  tw_cli_print_problems       (GPtrArray   *problems);
/* Reads, parses and validates a configuration file ("-" for standard
 * input), printing every problem; NULL when it cannot be used. */
TwRegistration *tw_cli_load_config (const char *path,
                                    gboolean    legacy);

/* printf pads by bytes; a translated label or a name such as "Đà Nẵng"
 * must be padded by characters to line up. */
void  tw_cli_print_padded         (const char  *text,
                                   guint        width);
/* "<label padded to 14> <value>\n", nothing when @value is NULL or empty. */
void  tw_cli_print_field          (const char  *label,
                                   const char  *value);
/* A string member, or null when @value is NULL. */
void  tw_cli_add_string_member    (JsonBuilder *builder,
                                   const char  *name,
                                   const char  *value);

/* Waiting for one asynchronous operation, as a command has nothing else to
 * do meanwhile:
 *
 *   g_auto(TwCliWait) wait = { NULL };
 *   tw_foo_async (…, tw_cli_wait_get_cancellable (&wait), tw_cli_wait_done, &wait);
 *   tw_foo_finish (…, tw_cli_wait_run (&wait), &error);
 *
 * While it runs, SIGINT and SIGTERM cancel the operation instead of
 * killing the process, so that it ends cleanly (history written). */
typedef struct
{
  GCancellable *cancellable;
  GAsyncResult *result;
} TwCliWait;

GCancellable *tw_cli_wait_get_cancellable (TwCliWait    *wait);
/* The GAsyncReadyCallback to pass, with @wait as its user data. */
void          tw_cli_wait_done            (GObject      *source,
                                           GAsyncResult *result,
                                           gpointer      wait);
/* Iterates the default main context until the operation is done. */
GAsyncResult *tw_cli_wait_run             (TwCliWait    *wait);
void          tw_cli_wait_clear           (TwCliWait    *wait);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TwCliWait, tw_cli_wait_clear)

/* Subcommands, each in its own file. */
int   tw_cli_gen_secret           (int argc, char **argv);
int   tw_cli_payload              (int argc, char **argv);
int   tw_cli_sign                 (int argc, char **argv);
int   tw_cli_verify               (int argc, char **argv);
int   tw_cli_warehouses           (int argc, char **argv);
int   tw_cli_register             (int argc, char **argv);
int   tw_cli_demo_server          (int argc, char **argv);
int   tw_cli_history              (int argc, char **argv);
int   tw_cli_test_delivery        (int argc, char **argv);
int   tw_cli_profiles             (int argc, char **argv);
int   tw_cli_login                (int argc, char **argv);

/* Keeps a public-app login: the tokens of @auth in the keyring, its
 * redirect URI, scopes and expiry in @profile's file (tw-cli-login.c). */
gboolean tw_cli_save_login        (TwProfileStore  *store,
                                   TwProfile       *profile,
                                   TwAuth          *auth,
                                   GError         **error);

G_END_DECLS
