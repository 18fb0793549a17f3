/* fuzz-registration.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The config-file reader: a registration file opened in the app or given
 * to the CLI is read by tw_registration_new_from_json(), then validated,
 * shown and sent. Whatever it accepts must validate without trouble and
 * survive a save and a reload unchanged. */

#include "config.h"

#include "tw-error.h"
#include "tw-fuzz.h"
#include "tw-registration.h"

static void
check_problems (GPtrArray *problems)
{
  TW_FUZZ_CHECK (problems != NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      TwProblem *problem = problems->pdata[i];

      TW_FUZZ_CHECK (problem->field != NULL && problem->code != NULL);
      TW_FUZZ_CHECK (problem->message != NULL);
      tw_fuzz_check_text (problem->field);
      tw_fuzz_check_text (problem->message);
    }
}

/* Writing what was read and reading it again gives the same registration. */
static void
check_round_trip (TwRegistration *self,
                  TwJsonFlags     flags)
{
  g_autofree char *written = tw_registration_to_json (self, flags);
  g_autofree char *again = NULL;
  g_autoptr(TwRegistration) reread = NULL;
  g_autoptr(GError) error = NULL;

  tw_fuzz_check_text (written);
  reread = tw_registration_new_from_json (written, -1, &error);
  if (reread == NULL)
    fprintf (stderr, "cannot read back %s: %s\n", written, error->message);
  TW_FUZZ_CHECK (reread != NULL);

  again = tw_registration_to_json (reread, flags);
  TW_FUZZ_CHECK (strcmp (written, again) == 0);
}

static void
fuzz_one (const uint8_t *data,
          size_t         size)
{
  g_autoptr(TwRegistration) registration = NULL;
  g_autoptr(TwRegistration) copy = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) legacy_problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *original = NULL;
  g_autofree char *copied = NULL;

  registration = tw_registration_new_from_json ((const char *) data, (gssize) size, &error);
  if (registration == NULL)
    {
      /* The message names the problem for a person: readable text. */
      TW_FUZZ_CHECK (g_error_matches (error, TW_ERROR, TW_ERROR_INVALID_INPUT));
      tw_fuzz_check_text (error->message);
      return;
    }
  TW_FUZZ_CHECK (error == NULL);

  problems = tw_registration_validate (registration);
  check_problems (problems);

  check_round_trip (registration, TW_JSON_DEFAULT);
  check_round_trip (registration, TW_JSON_PRETTY);

  masked = tw_registration_to_json (registration, TW_JSON_MASK_SECRETS | TW_JSON_PRETTY);
  tw_fuzz_check_text (masked);

  copy = tw_registration_copy (registration);
  original = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  copied = tw_registration_to_json (copy, TW_JSON_DEFAULT);
  TW_FUZZ_CHECK (strcmp (original, copied) == 0);

  /* The legacy host has rules of its own. */
  tw_registration_set_flavour (copy, TW_API_FLAVOUR_LEGACY);
  legacy_problems = tw_registration_validate (copy);
  check_problems (legacy_problems);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  tw_fuzz_init ();
  tw_fuzz_run_on_small_stack (fuzz_one, data, size);
  return 0;
}
