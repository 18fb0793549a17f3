/* tw-secret.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "tw-secret.h"

#define SHA1_DIGEST_LENGTH 20
#define SIGNATURE_PREFIX "sha1="
#define FINGERPRINT_PREFIX_CHARS 4
#define FINGERPRINT_HEX_DIGITS 8

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  "abcdefghijklmnopqrstuvwxyz"
  "0123456789";

#define ALPHABET_SIZE (G_N_ELEMENTS (alphabet) - 1)
/* The largest multiple of the alphabet size that fits in a byte: bytes at
 * or above it are rejected so that every symbol is equally likely. */
#define REJECTION_LIMIT ((256 / ALPHABET_SIZE) * ALPHABET_SIZE)

static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize filled = 0;

  while (filled < length)
    {
      ssize_t n = getrandom (buffer + filled, length - filled, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       /* Translators: %s is the system's error message */
                       _("Cannot get random bytes from the system: %s"),
                       g_strerror (saved_errno));
          return FALSE;
        }
      filled += (gsize) n;
    }

  return TRUE;
}

/* Appends accepted symbols from @pool to @key; returns how many are in it. */
static gsize
take_symbols (const guint8 *pool,
              gsize         pool_length,
              char         *key,
              gsize         have)
{
  for (gsize i = 0; i < pool_length && have < TW_SECRET_LENGTH; i++)
    {
      if (pool[i] < REJECTION_LIMIT)
        key[have++] = alphabet[pool[i] % ALPHABET_SIZE];
    }

  return have;
}

/**
 * tw_secret_generate:
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a new key of %TW_SECRET_LENGTH characters over
 *   `[A-Za-z0-9]`; free it with tw_secret_free()
 */
char *
tw_secret_generate (GError **error)
{
  guint8 pool[TW_SECRET_LENGTH + 8];
  char *key = g_malloc0 (TW_SECRET_LENGTH + 1);
  gsize have = 0;

  while (have < TW_SECRET_LENGTH)
    {
      if (!fill_random (pool, sizeof pool, error))
        {
          explicit_bzero (pool, sizeof pool);
          tw_secret_free (key);
          return NULL;
        }
      have = take_symbols (pool, sizeof pool, key, have);
    }

  explicit_bzero (pool, sizeof pool);

  return key;
}

static void
compute_digest (const char   *secret,
                const guint8 *body,
                gsize         length,
                guint8        digest[SHA1_DIGEST_LENGTH])
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *) secret, strlen (secret));
  gsize digest_length = SHA1_DIGEST_LENGTH;

  if (length > 0)
    g_hmac_update (hmac, body, length);
  g_hmac_get_digest (hmac, digest, &digest_length);
  g_assert (digest_length == SHA1_DIGEST_LENGTH);
}

/**
 * tw_secret_sign:
 * @secret: the hook's secret key
 * @body: (array length=length) (nullable): the raw request body
 * @length: the length of @body in bytes
 *
 * Returns: (transfer full): the `x-signature` header value, `sha1=` and 40
 *   lowercase hex digits
 */
char *
tw_secret_sign (const char   *secret,
                const guint8 *body,
                gsize         length)
{
  static const char hex[] = "0123456789abcdef";
  guint8 digest[SHA1_DIGEST_LENGTH];
  GString *value;

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);

  compute_digest (secret, body, length, digest);

  value = g_string_sized_new (TW_SIGNATURE_LENGTH + 1);
  g_string_append (value, SIGNATURE_PREFIX);
  for (guint i = 0; i < SHA1_DIGEST_LENGTH; i++)
    {
      g_string_append_c (value, hex[digest[i] >> 4]);
      g_string_append_c (value, hex[digest[i] & 0xf]);
    }
  explicit_bzero (digest, sizeof digest);

  return g_string_free (value, FALSE);
}

/**
 * tw_secret_verify:
 * @secret: the hook's secret key
 * @body: (array length=length) (nullable): the raw request body as received
 * @length: the length of @body in bytes
 * @header: (nullable): the received `x-signature` value
 *
 * Compares in constant time, so a receiver built on this leaks nothing
 * about how many leading bytes of a forged signature were right.
 *
 * Returns: %TRUE when @header is a well-formed signature of @body under @secret
 */
gboolean
tw_secret_verify (const char   *secret,
                  const guint8 *body,
                  gsize         length,
                  const char   *header)
{
  guint8 expected[SHA1_DIGEST_LENGTH];
  guint8 received[SHA1_DIGEST_LENGTH];
  guint8 difference = 0;

  g_return_val_if_fail (secret != NULL, FALSE);
  g_return_val_if_fail (body != NULL || length == 0, FALSE);

  if (!tw_signature_parse (header, received))
    return FALSE;

  compute_digest (secret, body, length, expected);
  for (guint i = 0; i < SHA1_DIGEST_LENGTH; i++)
    difference |= expected[i] ^ received[i];
  explicit_bzero (expected, sizeof expected);

  return difference == 0;
}

/**
 * tw_signature_parse:
 * @header: (nullable): an `x-signature` header value
 * @digest: (out caller-allocates): the 20 bytes it carries
 *
 * Accepts `sha1=` followed by 40 hex digits, or the 40 digits alone, in
 * either case and with surrounding whitespace. Anything else (another
 * algorithm, a wrong length, a non-hex digit) is refused.
 *
 * Returns: %TRUE when @header was parsed
 */
gboolean
tw_signature_parse (const char *header,
                    guint8      digest[20])
{
  const char *start;
  const char *end;
  gsize prefix_length = strlen (SIGNATURE_PREFIX);

  g_return_val_if_fail (digest != NULL, FALSE);

  if (header == NULL)
    return FALSE;

  start = header;
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if ((gsize) (end - start) > prefix_length &&
      g_ascii_strncasecmp (start, SIGNATURE_PREFIX, prefix_length) == 0)
    start += prefix_length;

  if (end - start != 2 * SHA1_DIGEST_LENGTH)
    return FALSE;

  for (guint i = 0; i < SHA1_DIGEST_LENGTH; i++)
    {
      int high = g_ascii_xdigit_value (start[2 * i]);
      int low = g_ascii_xdigit_value (start[2 * i + 1]);

      if (high < 0 || low < 0)
        return FALSE;
      digest[i] = (guint8) (high << 4 | low);
    }

  return TRUE;
}

/**
 * tw_secret_fingerprint:
 * @secret: a secret key
 *
 * Lets a user tell secrets apart without showing them: the first four
 * characters, `…`, and the first eight hex digits of SHA-256(@secret).
 * A secret shorter than four characters (or not valid UTF-8) shows no
 * characters at all, since four would be most or all of it.
 *
 * Returns: (transfer full): the fingerprint
 */
char *
tw_secret_fingerprint (const char *secret)
{
  g_autofree char *checksum = NULL;
  gsize shown = 0;

  g_return_val_if_fail (secret != NULL, NULL);

  checksum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, secret, -1);

  if (g_utf8_validate (secret, -1, NULL) &&
      g_utf8_strlen (secret, -1) >= FINGERPRINT_PREFIX_CHARS)
    shown = g_utf8_offset_to_pointer (secret, FINGERPRINT_PREFIX_CHARS) - secret;

  return g_strdup_printf ("%.*s…%.*s", (int) shown, secret,
                          FINGERPRINT_HEX_DIGITS, checksum);
}

/**
 * tw_secret_free:
 * @secret: (nullable): a secret string
 *
 * Overwrites @secret with zeros, then frees it.
 */
void
tw_secret_free (char *secret)
{
  if (secret == NULL)
    return;

  explicit_bzero (secret, strlen (secret));
  g_free (secret);
}
