/* test-secret.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-secret"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "tw-secret.h"

#define ALPHABET "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define N_SYMBOLS 62
#define N_KEYS 10000
/* Chi-square with 61 degrees of freedom, p = 0.0001 (≈ 111.0): a fair
 * generator fails this once in ten thousand runs. */
#define CHI_SQUARE_CRITICAL 112.0

/* Statistics helpers */

static int
symbol_index (char c)
{
  const char *p = strchr (ALPHABET, c);

  return (c != '\0' && p != NULL) ? (int) (p - ALPHABET) : -1;
}

static double
chi_square (const guint64 counts[N_SYMBOLS])
{
  guint64 total = 0;
  double expected;
  double statistic = 0;

  for (guint i = 0; i < N_SYMBOLS; i++)
    total += counts[i];
  expected = (double) total / N_SYMBOLS;

  for (guint i = 0; i < N_SYMBOLS; i++)
    {
      double d = (double) counts[i] - expected;
      statistic += d * d / expected;
    }

  return statistic;
}

/* Independent implementations, run as programs */

static char *
run_tool (const char * const *argv,
          GBytes             *input)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) output = NULL;
  const char *data;
  gsize length;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, input, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  data = g_bytes_get_data (output, &length);
  return g_strstrip (g_strndup (data, length));
}

/* `openssl dgst -sha1 -hmac KEY` prints "HMAC-SHA1(stdin)= HEX". */
static char *
openssl_hmac_sha1 (const char   *key,
                   const guint8 *body,
                   gsize         length)
{
  const char *argv[] = { "openssl", "dgst", "-sha1", "-hmac", key, NULL };
  g_autoptr(GBytes) input = g_bytes_new (body, length);
  g_autofree char *output = run_tool (argv, input);
  const char *hex = strrchr (output, ' ');

  g_assert_nonnull (hex);
  g_assert_cmpuint (strlen (hex + 1), ==, 40);
  return g_strdup (hex + 1);
}

/* `sha256sum` prints "HEX  -". */
static char *
sha256sum (const char *text)
{
  const char *argv[] = { "sha256sum", NULL };
  g_autoptr(GBytes) input = g_bytes_new (text, strlen (text));
  g_autofree char *output = run_tool (argv, input);

  g_assert_cmpuint (strlen (output), >=, 64);
  output[64] = '\0';
  return g_strdup (output);
}

static gboolean
have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  g_autofree char *message = NULL;

  if (path != NULL)
    return TRUE;

  message = g_strdup_printf ("%s is not installed", name);
  g_test_skip (message);
  return FALSE;
}

/* Generator */

static void
test_generate_shape (void)
{
  for (guint n = 0; n < 200; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TwSecretString) key = tw_secret_generate (&error);

      g_assert_no_error (error);
      g_assert_nonnull (key);
      g_assert_cmpuint (strlen (key), ==, TW_SECRET_LENGTH);
      for (guint i = 0; i < TW_SECRET_LENGTH; i++)
        g_assert_cmpint (symbol_index (key[i]), >=, 0);
    }
}

static void
test_generate_distribution (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                      (GDestroyNotify) tw_secret_free, NULL);
  guint64 counts[N_SYMBOLS] = { 0 };
  double statistic;

  for (guint n = 0; n < N_KEYS; n++)
    {
      g_autoptr(GError) error = NULL;
      char *key = tw_secret_generate (&error);

      g_assert_no_error (error);
      for (guint i = 0; key[i] != '\0'; i++)
        {
          int index = symbol_index (key[i]);

          g_assert_cmpint (index, >=, 0);
          counts[index]++;
        }
      g_assert_true (g_hash_table_add (seen, key));
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, N_KEYS);
  statistic = chi_square (counts);
  g_test_message ("chi-square over %d characters: %.2f", N_KEYS * TW_SECRET_LENGTH, statistic);
  g_assert_cmpfloat (statistic, <, CHI_SQUARE_CRITICAL);
}

/* The same statistic must reject the classic mistake (byte % 62 without
 * rejection), or the test above could never fail. */
static void
test_chi_square_detects_bias (void)
{
  guint64 biased[N_SYMBOLS] = { 0 };
  guint64 even[N_SYMBOLS];

  for (guint n = 0; n < N_KEYS * TW_SECRET_LENGTH; n++)
    biased[g_test_rand_int_range (0, 256) % N_SYMBOLS]++;
  g_test_message ("chi-square of byte %% 62: %.2f", chi_square (biased));
  g_assert_cmpfloat (chi_square (biased), >, CHI_SQUARE_CRITICAL);

  for (guint i = 0; i < N_SYMBOLS; i++)
    even[i] = 5000;
  g_assert_cmpfloat (chi_square (even), ==, 0.0);
}

/* Signatures */

static void
append_repeated (GByteArray *array,
                 guint8      byte,
                 guint       count)
{
  for (guint i = 0; i < count; i++)
    g_byte_array_append (array, &byte, 1);
}

typedef struct
{
  const char   *key;
  const guint8 *data;
  gsize         length;
  const char   *digest;
} HmacCase;

static void
check_hmac_case (const HmacCase *c)
{
  g_autofree char *signature = tw_secret_sign (c->key, c->data, c->length);
  g_autofree char *expected = g_strconcat ("sha1=", c->digest, NULL);

  g_assert_cmpstr (signature, ==, expected);
  g_assert_true (tw_secret_verify (c->key, c->data, c->length, c->digest));
}

#define TEXT(s) (const guint8 *) (s), strlen (s)

/* RFC 2202 §3 test cases; none of their keys holds a NUL byte. */
static void
test_sign_rfc2202 (void)
{
  g_autoptr(GByteArray) dd = g_byte_array_new ();
  g_autoptr(GByteArray) cd = g_byte_array_new ();
  g_autofree char *key1 = g_strnfill (20, 0x0b);
  g_autofree char *key3 = g_strnfill (20, (char) 0xaa);
  g_autofree char *key5 = g_strnfill (20, 0x0c);
  g_autofree char *key6 = g_strnfill (80, (char) 0xaa);
  char key4[26];

  for (guint i = 0; i < 25; i++)
    key4[i] = (char) (i + 1);
  key4[25] = '\0';
  append_repeated (dd, 0xdd, 50);
  append_repeated (cd, 0xcd, 50);

  {
    const HmacCase cases[] = {
      { key1, TEXT ("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00" },
      { "Jefe", TEXT ("what do ya want for nothing?"),
        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
      { key3, dd->data, dd->len, "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
      { key4, cd->data, cd->len, "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
      { key5, TEXT ("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
      { key6, TEXT ("Test Using Larger Than Block-Size Key - Hash Key First"),
        "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
      { key6, TEXT ("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"),
        "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      check_hmac_case (&cases[i]);
  }
}

static GByteArray *
random_body (gsize length)
{
  GByteArray *body = g_byte_array_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      guint8 byte = (guint8) g_test_rand_int_range (0, 256);
      g_byte_array_append (body, &byte, 1);
    }

  return body;
}

static void
check_against_openssl (const guint8 *body,
                       gsize         length)
{
  g_autoptr(TwSecretString) key = tw_secret_generate (NULL);
  g_autofree char *signature = tw_secret_sign (key, body, length);
  g_autofree char *reference = openssl_hmac_sha1 (key, body, length);
  g_autofree char *expected = g_strconcat ("sha1=", reference, NULL);

  g_assert_cmpstr (signature, ==, expected);
  g_assert_true (tw_secret_verify (key, body, length, signature));
}

static void
test_sign_openssl (void)
{
  static const gsize lengths[] = { 0, 1, 2, 63, 64, 65, 1000, 4096, 100000 };
  static const char json[] = "{\"data\":{\"sku\":\"123\",\"qty_salable\":5}}";
  static const guint8 nuls[] = { 0, 0, 0, 'a', 0, 0xff, 0x80, '\n' };

  if (!have_program ("openssl"))
    return;

  check_against_openssl (NULL, 0);
  check_against_openssl ((const guint8 *) json, strlen (json));
  check_against_openssl (nuls, sizeof nuls);
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      g_autoptr(GByteArray) body = random_body (lengths[i]);

      check_against_openssl (body->data, body->len);
    }
}

static void
test_verify_rejects_changes (void)
{
  g_autoptr(TwSecretString) key = tw_secret_generate (NULL);
  g_autoptr(TwSecretString) other = tw_secret_generate (NULL);
  g_autoptr(GByteArray) body = random_body (300);
  g_autofree char *signature = tw_secret_sign (key, body->data, body->len);

  g_assert_true (tw_secret_verify (key, body->data, body->len, signature));
  g_assert_false (tw_secret_verify (other, body->data, body->len, signature));
  g_assert_false (tw_secret_verify (key, body->data, body->len - 1, signature));

  /* Flipping any single bit of the body or of the signature is caught. */
  for (guint bit = 0; bit < 8; bit++)
    {
      body->data[150] ^= 1 << bit;
      g_assert_false (tw_secret_verify (key, body->data, body->len, signature));
      body->data[150] ^= 1 << bit;
    }
  for (guint i = strlen ("sha1="); i < TW_SIGNATURE_LENGTH; i++)
    {
      g_autofree char *forged = g_strdup (signature);

      forged[i] = forged[i] == '0' ? '1' : '0';
      g_assert_false (tw_secret_verify (key, body->data, body->len, forged));
    }
}

static void
test_verify_tolerant (void)
{
  const char *key = "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0";
  const guint8 *body = (const guint8 *) "{\"success\":true}";
  gsize length = strlen ((const char *) body);
  g_autofree char *signature = tw_secret_sign (key, body, length);
  g_autofree char *upper = g_ascii_strup (signature, -1);
  const char *hex = signature + strlen ("sha1=");
  g_autofree char *padded = g_strdup_printf (" \t%s\r\n", signature);
  g_autofree char *bare_upper = g_ascii_strup (hex, -1);
  g_autofree char *bare_padded = g_strdup_printf ("  %s ", hex);

  g_assert_cmpuint (strlen (signature), ==, TW_SIGNATURE_LENGTH);
  g_assert_true (g_str_has_prefix (signature, "sha1="));
  g_assert_true (tw_secret_verify (key, body, length, signature));
  g_assert_true (tw_secret_verify (key, body, length, upper));
  g_assert_true (tw_secret_verify (key, body, length, padded));
  g_assert_true (tw_secret_verify (key, body, length, hex));
  g_assert_true (tw_secret_verify (key, body, length, bare_upper));
  g_assert_true (tw_secret_verify (key, body, length, bare_padded));
  g_assert_false (tw_secret_verify (key, body, length, NULL));
  g_assert_false (tw_secret_verify (key, body, length, ""));
}

static void
test_signature_parse (void)
{
  static const char *refused[] = {
    "",
    "   ",
    "sha1=",
    "sha1",
    "sha1=0123456789abcdef0123456789abcdef0123456",      /* 39 digits */
    "sha1=0123456789abcdef0123456789abcdef012345678",    /* 41 digits */
    "sha1=0123456789abcdef0123456789abcdef0123456g",     /* not hex */
    "sha1=0123456789abcdef 0123456789abcdef01234567",    /* inner space */
    "sha1= 0123456789abcdef0123456789abcdef01234567",
    "sha256=0123456789abcdef0123456789abcdef01234567",
    "md5=0123456789abcdef0123456789abcdef01234567",
    "sha1:0123456789abcdef0123456789abcdef01234567",
    "sha1=sha1=0123456789abcdef0123456789abcdef01234567",
    "0x0123456789abcdef0123456789abcdef01234567",
    "sha1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
  };
  static const guint8 expected[20] = {
    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x01, 0x23,
    0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98,
  };
  guint8 digest[20];

  g_assert_true (tw_signature_parse ("sha1=0123456789abcdef0123456789abcdeffedcba98", digest));
  g_assert_cmpmem (digest, 20, expected, 20);
  memset (digest, 0, sizeof digest);
  g_assert_true (tw_signature_parse ("\tSHA1=0123456789ABCDEF0123456789abcdefFEDCBA98\n", digest));
  g_assert_cmpmem (digest, 20, expected, 20);
  memset (digest, 0, sizeof digest);
  g_assert_true (tw_signature_parse ("0123456789abcdef0123456789abcdeffedcba98", digest));
  g_assert_cmpmem (digest, 20, expected, 20);

  g_assert_false (tw_signature_parse (NULL, digest));
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_test_message ("refusing '%s'", refused[i]);
      g_assert_false (tw_signature_parse (refused[i], digest));
    }
}

/* Fingerprints */

static void
check_fingerprint (const char *secret,
                   const char *shown)
{
  g_autofree char *checksum = sha256sum (secret);
  g_autofree char *expected = g_strdup_printf ("%s…%.8s", shown, checksum);
  g_autofree char *fingerprint = tw_secret_fingerprint (secret);

  g_assert_cmpstr (fingerprint, ==, expected);
}

static void
test_fingerprint (void)
{
  g_autoptr(TwSecretString) key = tw_secret_generate (NULL);
  g_autofree char *prefix = g_strndup (key, 4);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (!have_program ("sha256sum"))
    return;

  check_fingerprint ("sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0", "sjYK");
  check_fingerprint (key, prefix);
  check_fingerprint ("abcd", "abcd");
  check_fingerprint ("Sài Gòn secret", "Sài ");
  /* Too short to show any of it. */
  check_fingerprint ("abc", "");
  check_fingerprint ("a", "");
  check_fingerprint ("", "");

  /* Secrets sharing their first four characters still differ. */
  a = tw_secret_fingerprint ("sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0");
  b = tw_secret_fingerprint ("sjYKaAFXDaS4qxeykux4WL1qMI0gzAc1");
  g_assert_cmpstr (a, !=, b);
  g_assert_true (g_str_has_prefix (a, "sjYK…"));
  g_assert_true (g_str_has_prefix (b, "sjYK…"));
  g_assert_null (strstr (a, "aAFX"));
}

static void
test_free (void)
{
  g_autoptr(TwSecretString) scoped = g_strdup ("sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0");

  tw_secret_free (NULL);
  tw_secret_free (g_strdup (""));
  tw_secret_free (tw_secret_generate (NULL));
  g_assert_cmpuint (strlen (scoped), ==, 32);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/secret/generate/shape", test_generate_shape);
  g_test_add_func ("/tw/secret/generate/distribution", test_generate_distribution);
  g_test_add_func ("/tw/secret/generate/chi-square-detects-bias", test_chi_square_detects_bias);
  g_test_add_func ("/tw/secret/sign/rfc2202", test_sign_rfc2202);
  g_test_add_func ("/tw/secret/sign/openssl", test_sign_openssl);
  g_test_add_func ("/tw/secret/verify/rejects-changes", test_verify_rejects_changes);
  g_test_add_func ("/tw/secret/verify/tolerant", test_verify_tolerant);
  g_test_add_func ("/tw/secret/signature/parse", test_signature_parse);
  g_test_add_func ("/tw/secret/fingerprint", test_fingerprint);
  g_test_add_func ("/tw/secret/free", test_free);

  return g_test_run ();
}
