/* fuzz-signature.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* The x-signature header parser, as a receiver (the CLI's verify command,
 * the simulator) meets it: the first line of the input is the header, the
 * rest the body it claims to sign. */

#include "config.h"

#include "tw-fuzz.h"
#include "tw-secret.h"

/* Not a real key: a fixed one makes failures reproducible. */
#define KEY "fuzzFUZZfuzzFUZZfuzzFUZZfuzz0123"

static char *
format_digest (const guint8 digest[20])
{
  GString *text = g_string_new ("sha1=");

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (text, "%02x", digest[i]);
  return g_string_free (text, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *newline = memchr (data, '\n', size);
  size_t header_size = newline != NULL ? (size_t) (newline - data) : size;
  const guint8 *body = newline != NULL ? newline + 1 : data + size;
  gsize body_size = size - (body - data);
  g_autofree char *header = tw_fuzz_dup (data, header_size);
  g_autofree char *signature = NULL;
  g_autofree char *upper = NULL;
  guint8 digest[20];
  guint8 signed_digest[20];
  gboolean parsed;

  tw_fuzz_init ();

  parsed = tw_signature_parse (header, digest);
  if (parsed)
    {
      g_autofree char *canonical = format_digest (digest);
      guint8 again[20];

      /* The canonical form of what was read reads back the same. */
      TW_FUZZ_CHECK (tw_signature_parse (canonical, again));
      TW_FUZZ_CHECK (memcmp (digest, again, sizeof digest) == 0);
      TW_FUZZ_CHECK (strlen (canonical) == TW_SIGNATURE_LENGTH);
    }

  /* The signature of the body verifies, in either letter case; the fuzzed
   * header verifies exactly when it carries that digest. */
  signature = tw_secret_sign (KEY, body, body_size);
  TW_FUZZ_CHECK (strlen (signature) == TW_SIGNATURE_LENGTH);
  TW_FUZZ_CHECK (tw_secret_verify (KEY, body, body_size, signature));
  upper = g_ascii_strup (signature, -1);
  TW_FUZZ_CHECK (tw_secret_verify (KEY, body, body_size, upper));
  TW_FUZZ_CHECK (tw_signature_parse (signature, signed_digest));
  TW_FUZZ_CHECK (tw_secret_verify (KEY, body, body_size, header) ==
                 (parsed && memcmp (digest, signed_digest, sizeof digest) == 0));

  return 0;
}
