/* tw-cli-register.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-cli.h"

/* Placeholder: register and demo-server arrive with the API client. */
static int
not_yet (void)
{
  tw_cli_print_error ("%s", _("this command is not available yet"));
  return TW_CLI_EXIT_USAGE;
}

int tw_cli_register (int argc, char **argv) { return not_yet (); }
int tw_cli_demo_server (int argc, char **argv) { return not_yet (); }
