/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tw-i18n.h"
#include "tw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TwApplication) app = NULL;

  tw_i18n_init ();

  app = tw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
