/* tw-cli-offline.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-cli.h"

/* Placeholder: the offline subcommands arrive with the foundation work. */
static int
not_yet (void)
{
  tw_cli_print_error ("%s", _("this command is not available yet"));
  return TW_CLI_EXIT_USAGE;
}

int tw_cli_gen_secret (int argc, char **argv) { return not_yet (); }
int tw_cli_payload (int argc, char **argv) { return not_yet (); }
int tw_cli_sign (int argc, char **argv) { return not_yet (); }
int tw_cli_verify (int argc, char **argv) { return not_yet (); }
int tw_cli_warehouses (int argc, char **argv) { return not_yet (); }
