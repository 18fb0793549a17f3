/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tw-i18n.h"
#include "tw-cli.h"

int
main (int   argc,
      char *argv[])
{
  tw_i18n_init ();

  return tw_cli_main (argc, argv);
}
