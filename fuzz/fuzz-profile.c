/* fuzz-profile.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The profile reader: every file in the profiles folder is read by
 * tw_profile_new_from_json() at start-up. Whatever it accepts must be
 * usable — applied to the forms, compared with the last registration —
 * and must be saved and read back unchanged. */

#include "config.h"

#include "tw-error.h"
#include "tw-fuzz.h"
#include "tw-profile.h"

static void
check_round_trip (TwProfile *profile)
{
  g_autofree char *written = tw_profile_to_json (profile);
  g_autofree char *again = NULL;
  g_autoptr(TwProfile) reread = NULL;
  g_autoptr(GError) error = NULL;

  tw_fuzz_check_text (written);
  reread = tw_profile_new_from_json (written, -1, &error);
  if (reread == NULL)
    fprintf (stderr, "cannot read back %s: %s\n", written, error->message);
  TW_FUZZ_CHECK (reread != NULL);

  again = tw_profile_to_json (reread);
  TW_FUZZ_CHECK (strcmp (written, again) == 0);
}

static void
check_use (TwProfile *profile)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autoptr(TwAuth) auth = tw_auth_new ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *summary = NULL;

  tw_profile_apply (profile, auth, registration);
  problems = tw_registration_validate (registration);

  changes = tw_profile_diff (profile, registration);
  TW_FUZZ_CHECK ((changes == NULL) == (tw_profile_get_last_registered (profile) == NULL));
  if (changes == NULL)
    return;

  for (guint i = 0; i < changes->len; i++)
    {
      TwChange *change = changes->pdata[i];

      TW_FUZZ_CHECK (change->field != NULL && change->description != NULL);
      tw_fuzz_check_text (change->description);
    }
  summary = tw_profile_describe_diff (changes);
  tw_fuzz_check_text (summary);
}

static void
fuzz_one (const uint8_t *data,
          size_t         size)
{
  g_autoptr(TwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = tw_profile_new_from_json ((const char *) data, (gssize) size, &error);
  if (profile == NULL)
    {
      TW_FUZZ_CHECK (g_error_matches (error, TW_ERROR, TW_ERROR_INVALID_INPUT));
      tw_fuzz_check_text (error->message);
      return;
    }
  TW_FUZZ_CHECK (error == NULL);
  TW_FUZZ_CHECK (!tw_profile_is_broken (profile));
  TW_FUZZ_CHECK (tw_profile_check_name (tw_profile_get_name (profile)) == NULL);

  check_round_trip (profile);
  check_use (profile);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  tw_fuzz_init ();
  tw_fuzz_run_on_small_stack (fuzz_one, data, size);
  return 0;
}
