/* test-registration.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-registration"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tw-error.h"
#include "tw-registration.h"
#include "tw-secret.h"
#include "tw-test-http.h"

#define DOCS_SECRET "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0"
#define SECRET_A "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define SECRET_B "M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re"

static char *
read_data_file (const char *name,
                gsize      *length)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

/* Golden files end with a newline; to_json output does not. */
static void
assert_matches_golden (const char *json,
                       const char *golden_name)
{
  g_autofree char *golden = read_data_file (golden_name, NULL);
  g_autofree char *with_newline = g_strconcat (json, "\n", NULL);

  g_assert_cmpstr (with_newline, ==, golden);
}

static TwRegistration *
parse_ok (const char *json,
          gssize      length)
{
  g_autoptr(GError) error = NULL;
  TwRegistration *registration = tw_registration_new_from_json (json, length, &error);

  g_assert_no_error (error);
  g_assert_true (TW_IS_REGISTRATION (registration));
  return registration;
}

static void
check_example (const char *name)
{
  g_autofree char *input_name = g_strconcat (name, ".json", NULL);
  g_autofree char *compact_name = g_strconcat (name, ".compact.json", NULL);
  g_autofree char *pretty_name = g_strconcat (name, ".pretty.json", NULL);
  gsize length;
  g_autofree char *input = read_data_file (input_name, &length);
  g_autoptr(TwRegistration) registration = parse_ok (input, (gssize) length);
  g_autofree char *compact = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  g_autofree char *pretty = tw_registration_to_json (registration, TW_JSON_PRETTY);
  g_autoptr(TwRegistration) reparsed = NULL;
  g_autofree char *again = NULL;

  assert_matches_golden (compact, compact_name);
  assert_matches_golden (pretty, pretty_name);

  /* What we write reads back to the same document. */
  reparsed = parse_ok (pretty, -1);
  again = tw_registration_to_json (reparsed, TW_JSON_DEFAULT);
  g_assert_cmpstr (again, ==, compact);
}

static void
test_example_v2 (void)
{
  check_example ("register-v2");
}

static void
test_example_v1a (void)
{
  check_example ("register-v1a");
}

static void
test_example_v1b (void)
{
  check_example ("register-v1b");
}

static void
test_example_crlf (void)
{
  gsize length;
  g_autofree char *input = read_data_file ("register-v2.json", &length);
  g_auto(GStrv) lines = g_strsplit (input, "\n", -1);
  g_autofree char *crlf = g_strjoinv ("\r\n", lines);
  g_autoptr(TwRegistration) registration = parse_ok (crlf, -1);
  g_autofree char *compact = tw_registration_to_json (registration, TW_JSON_DEFAULT);

  assert_matches_golden (compact, "register-v2.compact.json");
}

static void
test_example_values (void)
{
  g_autofree char *input = read_data_file ("register-v1b.json", NULL);
  g_autoptr(TwRegistration) registration = parse_ok (input, -1);
  const char * const *codes = tw_registration_get_warehouses (registration);
  const char * const expected[] = { "sgn", "sgn3", "hn5", "tbn1", NULL };
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);

  g_assert_true (g_strv_equal (codes, expected));
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==,
                   "Cửa hàng \"Sài Gòn\" #1");
  g_assert_true (tw_hook_get_enabled (stock));
  g_assert_cmpstr (tw_hook_get_url (stock), ==,
                   "https://hooks.cửahàng.vn/tiki/stock?v=1&shop=8421");
  g_assert_cmpstr (tw_hook_get_secret_key (stock), ==, SECRET_B);
  g_assert_false (tw_hook_get_enabled (tw_registration_get_hook (registration,
                                                                 TW_HOOK_AFTERSALE)));
  g_assert_cmpint (tw_registration_get_flavour (registration), ==, TW_API_FLAVOUR_CURRENT);
}

static TwRegistration *
build_full (void)
{
  TwRegistration *registration = tw_registration_new ();
  const char * const codes[] = { "tiger1", "sgn", NULL };
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);
  TwHook *aftersale = tw_registration_get_hook (registration, TW_HOOK_AFTERSALE);

  /* Deliberately set in an order unlike the documented key order. */
  tw_registration_set_partner_id (registration, "42");
  tw_hook_set_secret_key (aftersale, SECRET_B);
  tw_hook_set_url (aftersale, "https://a.example/as");
  tw_hook_set_enabled (aftersale, TRUE);
  tw_hook_set_enabled (stock, TRUE);
  tw_hook_set_secret_key (stock, SECRET_A);
  tw_hook_set_url (stock, "https://a.example/st");
  tw_hook_set_url (order, "https://a.example/or");
  tw_hook_set_secret_key (order, DOCS_SECRET);
  tw_registration_set_warehouses (registration, codes);

  return registration;
}

static void
test_key_order (void)
{
  g_autoptr(TwRegistration) registration = build_full ();
  g_autofree char *json = tw_registration_to_json (registration, TW_JSON_DEFAULT);

  g_assert_cmpstr (json, ==,
                   "{\"sync_inventory_location\":[\"tiger1\",\"sgn\"],"
                   "\"sync_webhook\":{"
                   "\"order\":{\"url\":\"https://a.example/or\","
                   "\"secret_key\":\"" DOCS_SECRET "\"},"
                   "\"stock\":{\"url\":\"https://a.example/st\",\"secret_key\":\"" SECRET_A "\"},"
                   "\"aftersale\":{\"url\":\"https://a.example/as\","
                   "\"secret_key\":\"" SECRET_B "\"}},"
                   "\"external_partner_id\":\"42\"}");
}

static void
test_omission (void)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);
  TwHook *aftersale = tw_registration_get_hook (registration, TW_HOOK_AFTERSALE);
  g_autofree char *empty = NULL;
  g_autofree char *empty_pretty = NULL;
  g_autofree char *with_stock = NULL;

  /* A disabled hook is left out even when it has a URL and a key. */
  tw_hook_set_url (aftersale, "https://a.example/as");
  tw_hook_set_secret_key (aftersale, SECRET_B);
  tw_registration_set_partner_id (registration, "");

  empty = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  g_assert_cmpstr (empty, ==,
                   "{\"sync_inventory_location\":[],\"sync_webhook\":{"
                   "\"order\":{\"url\":\"\",\"secret_key\":\"\"}}}");

  empty_pretty = tw_registration_to_json (registration, TW_JSON_PRETTY);
  g_assert_cmpstr (empty_pretty, ==,
                   "{\n"
                   "  \"sync_inventory_location\": [],\n"
                   "  \"sync_webhook\": {\n"
                   "    \"order\": {\n"
                   "      \"url\": \"\",\n"
                   "      \"secret_key\": \"\"\n"
                   "    }\n"
                   "  }\n"
                   "}");

  tw_hook_set_enabled (stock, TRUE);
  tw_registration_add_warehouse (registration, "hn5");
  with_stock = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  g_assert_cmpstr (with_stock, ==,
                   "{\"sync_inventory_location\":[\"hn5\"],\"sync_webhook\":{"
                   "\"order\":{\"url\":\"\",\"secret_key\":\"\"},"
                   "\"stock\":{\"url\":\"\",\"secret_key\":\"\"}}}");
}

static void
test_escaping (void)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autoptr(TwRegistration) reparsed = NULL;
  g_autofree char *json = NULL;
  const char *partner = "a\"b\\c/d\ne\tf\x01g\x1fh\x7fi Đà Nẵng 😀";

  tw_registration_set_partner_id (registration, partner);
  json = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  g_assert_nonnull (strstr (json, "\"external_partner_id\":"
                                  "\"a\\\"b\\\\c/d\\ne\\tf\\u0001g\\u001fh\x7fi Đà Nẵng 😀\"}"));

  reparsed = parse_ok (json, -1);
  g_assert_cmpstr (tw_registration_get_partner_id (reparsed), ==, partner);
}

static void
test_invalid_utf8_never_written (void)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autofree char *json = NULL;

  tw_hook_set_url (tw_registration_get_hook (registration, TW_HOOK_ORDER),
                   "https://a.example/\xff");
  json = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  g_assert_true (g_utf8_validate (json, -1, NULL));
  g_assert_nonnull (strstr (json, "https://a.example/\xEF\xBF\xBD"));
}

static char *
replace_all (const char *text,
             const char *old,
             const char *new)
{
  g_auto(GStrv) parts = g_strsplit (text, old, -1);

  return g_strjoinv (new, parts);
}

static void
test_mask_secrets (void)
{
  g_autoptr(TwRegistration) registration = build_full ();
  g_autofree char *plain = tw_registration_to_json (registration, TW_JSON_DEFAULT);
  g_autofree char *masked = tw_registration_to_json (registration, TW_JSON_MASK_SECRETS);
  g_autofree char *masked_pretty = NULL;
  g_autofree char *plain_pretty = NULL;
  g_autofree char *expected = NULL;
  const char * const secrets[] = { DOCS_SECRET, SECRET_A, SECRET_B, NULL };

  expected = g_strdup (plain);
  for (guint i = 0; secrets[i] != NULL; i++)
    {
      g_autofree char *fingerprint = tw_secret_fingerprint (secrets[i]);
      char *next = replace_all (expected, secrets[i], fingerprint);

      g_free (expected);
      expected = next;
      g_assert_null (strstr (masked, secrets[i]));
    }
  g_assert_cmpstr (masked, ==, expected);

  masked_pretty = tw_registration_to_json (registration, TW_JSON_PRETTY | TW_JSON_MASK_SECRETS);
  plain_pretty = tw_registration_to_json (registration, TW_JSON_PRETTY);
  g_assert_null (strstr (masked_pretty, SECRET_A));
  g_assert_nonnull (strstr (plain_pretty, SECRET_A));
  g_assert_nonnull (strstr (masked_pretty, "\n  \"sync_webhook\": {\n"));

  /* Masking changes the output only, never the model. */
  g_assert_cmpstr (tw_hook_get_secret_key (tw_registration_get_hook (registration, TW_HOOK_STOCK)),
                   ==, SECRET_A);
}

static void
test_mask_empty_secret (void)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autofree char *masked = tw_registration_to_json (registration, TW_JSON_MASK_SECRETS);

  g_assert_nonnull (strstr (masked, "\"secret_key\":\"\""));
}

/* ------------------------------------------------------------------ */
/* Reading errors                                                      */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  const char *json;
  gssize      length;   /* -1: NUL-terminated */
  const char *path;     /* the quoted field path, or NULL for none */
  const char *words;    /* a fragment of the problem */
} BadInput;

/* A literal with embedded NUL characters, and its full length. */
#define WITH_NUL(s) s, (gssize) sizeof (s) - 1

static const BadInput bad_inputs[] = {
  { "unknown-top", "{\"sync_inventory_location\":[],\"foo\":1}", -1,
    "foo", "not part of a registration" },
  { "unknown-hook", "{\"sync_webhook\":{\"refund\":{}}}", -1,
    "sync_webhook.refund", "not part of a registration" },
  { "unknown-nested", "{\"sync_webhook\":{\"stock\":{\"url\":\"x\",\"urll\":\"y\"}}}", -1,
    "sync_webhook.stock.urll", "not part of a registration" },
  { "unknown-case", "{\"Sync_Webhook\":{}}", -1,
    "Sync_Webhook", "not part of a registration" },
  { "type-warehouses", "{\"sync_inventory_location\":\"sgn\"}", -1,
    "sync_inventory_location", "list of warehouse codes" },
  { "type-warehouse-element", "{\"sync_inventory_location\":[\"sgn\",3]}", -1,
    "sync_inventory_location[1]", "text string" },
  { "type-warehouse-nested", "{\"sync_inventory_location\":[[\"sgn\"]]}", -1,
    "sync_inventory_location[0]", "text string" },
  { "type-webhooks", "{\"sync_webhook\":[]}", -1,
    "sync_webhook", "object" },
  { "type-hook", "{\"sync_webhook\":{\"order\":\"https://a.example\"}}", -1,
    "sync_webhook.order", "object" },
  { "type-url", "{\"sync_webhook\":{\"stock\":{\"url\":42}}}", -1,
    "sync_webhook.stock.url", "text string" },
  { "type-secret-float",
    "{\"sync_webhook\":{\"order\":{\"url\":\"https://a.example\",\"secret_key\":1.5}}}", -1,
    "sync_webhook.order.secret_key", "text string" },
  { "type-partner-null", "{\"external_partner_id\":null}", -1,
    "external_partner_id", "text string" },
  { "type-partner-number", "{\"external_partner_id\":12345}", -1,
    "external_partner_id", "text string" },
  { "duplicate-top", "{\"external_partner_id\":\"a\",\"external_partner_id\":\"b\"}", -1,
    "external_partner_id", "more than once" },
  { "duplicate-top-section",
    "{\"sync_webhook\":{},\"sync_inventory_location\":[],\"sync_webhook\":{}}", -1,
    "sync_webhook", "more than once" },
  { "duplicate-hook", "{\"sync_webhook\":{\"stock\":{},\"stock\":{}}}", -1,
    "sync_webhook.stock", "more than once" },
  { "duplicate-field", "{\"sync_webhook\":{\"order\":{\"url\":\"a\",\"url\":\"b\"}}}", -1,
    "sync_webhook.order.url", "more than once" },
  { "duplicate-escaped",
    "{\"sync_webhook\":{\"order\":{\"secret_key\":\"a\",\"secret\\u005fkey\":\"b\"}}}", -1,
    "sync_webhook.order.secret_key", "more than once" },
  { "utf8-invalid-byte", "{\"external_partner_id\":\"ab\xff\"}", -1,
    "external_partner_id", "UTF-8" },
  { "utf8-overlong", "{\"external_partner_id\":\"\xc0\xaf\"}", -1,
    "external_partner_id", "UTF-8" },
  { "utf8-surrogate", "{\"sync_webhook\":{\"order\":{\"url\":\"\xed\xa0\x80\"}}}", -1,
    "sync_webhook.order.url", "UTF-8" },
  { "utf8-cut", "{\"external_partner_id\":\"\xe1\xbb\"}", -1,
    "external_partner_id", "UTF-8" },
  { "utf8-in-key", "{\"sync\xff\":1}", -1,
    NULL, "UTF-8" },
  { "utf8-outside-string", "{\xff}", -1,
    NULL, "UTF-8" },
  { "utf8-latin1-file", "{\"external_partner_id\":\"C\xe0 ph\xea\"}", -1,
    "external_partner_id", "UTF-8" },
  { "nul-in-string", WITH_NUL ("{\"external_partner_id\":\"a\0b\"}"),
    "external_partner_id", "NUL" },
  { "nul-in-key", WITH_NUL ("{\"sync_webhook\0\":{}}"),
    NULL, "NUL" },
  { "nul-after-document", WITH_NUL ("{}\0"),
    NULL, "NUL" },
  { "nul-escaped", "{\"sync_webhook\":{\"stock\":{\"url\":\"https://a\\u0000.example\"}}}", -1,
    "sync_webhook.stock.url", "NUL" },
  { "surrogate-lone-high", "{\"external_partner_id\":\"\\ud83d x\"}", -1,
    "external_partner_id", "surrogate" },
  { "surrogate-lone-low", "{\"external_partner_id\":\"\\ude00\"}", -1,
    "external_partner_id", "surrogate" },
  { "surrogate-bad-pair", "{\"external_partner_id\":\"\\ud83d\\u0041\"}", -1,
    "external_partner_id", "surrogate" },
  { "escape-invalid", "{\"external_partner_id\":\"\\x41\"}", -1,
    "external_partner_id", "escape" },
  { "escape-bad-hex", "{\"external_partner_id\":\"\\u12g4\"}", -1,
    "external_partner_id", "escape" },
  { "control-char", "{\"external_partner_id\":\"a\nb\"}", -1,
    "external_partner_id", "control character" },
  { "empty", "", -1, NULL, "empty" },
  { "empty-explicit-length", "{}", 0, NULL, "empty" },
  { "whitespace-only", " \n\t\r\n ", -1, NULL, "empty" },
  { "bom-only", "\xEF\xBB\xBF", -1, NULL, "empty" },
  { "not-object-array", "[\"sgn\"]", -1, NULL, "JSON object" },
  { "not-object-string", "\"sgn\"", -1, NULL, "JSON object" },
  { "not-object-number", "42", -1, NULL, "JSON object" },
  { "not-object-null", "null", -1, NULL, "JSON object" },
  { "truncated-open", "{", -1, NULL, "truncated" },
  { "truncated-key", "{\"sync_webh", -1, NULL, "truncated" },
  { "truncated-after-key", "{\"sync_webhook\"", -1, "sync_webhook", "truncated" },
  { "truncated-value", "{\"sync_webhook\":{\"order\":{\"url\":\"https://exa", -1,
    "sync_webhook.order.url", "truncated" },
  { "truncated-escape", "{\"external_partner_id\":\"\\u00", -1,
    "external_partner_id", "truncated" },
  { "truncated-surrogate", "{\"external_partner_id\":\"\\ud83d\\", -1,
    "external_partner_id", "truncated" },
  { "truncated-array", "{\"sync_inventory_location\":[\"sgn\",", -1,
    "sync_inventory_location[1]", "truncated" },
  { "truncated-nested", "{\"sync_webhook\":{\"order\":{}", -1,
    "sync_webhook", "truncated" },
  { "truncated-by-length", "{\"external_partner_id\":\"abc\"}", 20,
    NULL, "truncated" },
  { "trailing-comma-object", "{\"external_partner_id\":\"a\",}", -1, NULL, "field name" },
  { "trailing-comma-array", "{\"sync_inventory_location\":[\"sgn\",]}", -1,
    "sync_inventory_location[1]", "text string" },
  { "missing-colon", "{\"external_partner_id\" \"a\"}", -1, "external_partner_id", "“:”" },
  { "missing-comma", "{\"sync_inventory_location\":[\"sgn\" \"hn5\"]}", -1,
    "sync_inventory_location", "“,” or “]”" },
  { "single-quotes", "{'external_partner_id':'a'}", -1, NULL, "field name" },
  { "comment", "{/* c */}", -1, NULL, "field name" },
  { "trailing-text", "{} {}", -1, NULL, "after the end" },
  { "two-documents", "{}\n{\"sync_webhook\":{}}", -1, NULL, "after the end" },
};

static void
test_read_error (gconstpointer data)
{
  const BadInput *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwRegistration) registration = NULL;

  registration = tw_registration_new_from_json (bad->json, bad->length, &error);
  g_assert_null (registration);
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_test_message ("%s", error->message);

  if (bad->path != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", bad->path);

      g_assert_nonnull (strstr (error->message, quoted));
    }
  else
    {
      g_assert_null (strstr (error->message, "“"));
    }

  g_assert_nonnull (strstr (error->message, bad->words));
}

static void
test_read_error_position (void)
{
  const char *json = "{\n  \"sync_webhook\": {\n    \"ordre\": {}\n  }\n}\n";
  const char *vietnamese = "{\"external_partner_id\": \"Đà Nẵng\", \"x\": 1}";
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;

  g_assert_null (tw_registration_new_from_json (json, -1, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "“sync_webhook.ordre” (line 3, column 12)"));

  /* Columns count characters, not bytes. */
  g_assert_null (tw_registration_new_from_json (vietnamese, -1, &error2));
  g_assert_nonnull (strstr (error2->message, "(line 1, column 39)"));
}

static void
test_read_too_large (void)
{
  gsize size = TW_REGISTRATION_MAX_FILE_SIZE;
  g_autofree char *data = g_malloc (size + 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(TwRegistration) at_limit = NULL;

  /* Exactly at the limit: accepted. */
  memset (data, ' ', size + 1);
  data[0] = '{';
  data[size - 1] = '}';
  data[size + 1] = '\0';
  at_limit = parse_ok (data, (gssize) size);

  /* One byte more: refused before reading, whatever the content. */
  g_assert_null (tw_registration_new_from_json (data, (gssize) size + 1, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "1 MiB"));
  g_clear_error (&error);

  g_assert_null (tw_registration_new_from_json (data, -1, &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
}

static void
test_read_accepts (void)
{
  g_autoptr(TwRegistration) empty = parse_ok ("{}", -1);
  g_autoptr(TwRegistration) stock = parse_ok (" {\"sync_webhook\":{\"stock\":{}}} \n", -1);
  g_autoptr(TwRegistration) escapes = NULL;
  g_autoptr(TwRegistration) bom = parse_ok ("\xEF\xBB\xBF{\"external_partner_id\":\"x\"}", -1);
  g_autoptr(TwRegistration) length = parse_ok ("{}garbage", 2);

  g_assert_null (tw_registration_get_warehouses (empty)[0]);
  g_assert_false (tw_hook_get_enabled (tw_registration_get_hook (empty, TW_HOOK_STOCK)));
  g_assert_true (tw_hook_get_enabled (tw_registration_get_hook (empty, TW_HOOK_ORDER)));

  /* A hook in the file is enabled even when empty: from_json does not
   * validate values. */
  g_assert_true (tw_hook_get_enabled (tw_registration_get_hook (stock, TW_HOOK_STOCK)));
  g_assert_cmpstr (tw_hook_get_url (tw_registration_get_hook (stock, TW_HOOK_STOCK)), ==, "");

  escapes = parse_ok ("{\"external_partner_id\":\"\\u0110\\u00e0 \\ud83d\\ude00 "
                      "\\/\\b\\f\\n\\r\\t\\\"\\\\\"}", -1);
  g_assert_cmpstr (tw_registration_get_partner_id (escapes), ==, "Đà 😀 /\b\f\n\r\t\"\\");
  g_assert_cmpstr (tw_registration_get_partner_id (bom), ==, "x");
  g_assert_nonnull (length);
}

/* Every prefix and many one-byte mutations of a real document either read
 * or fail with a clean error: the reader must never crash (run under
 * ASan/UBSan) nor return an error without a message. */
static void
test_read_mutations (void)
{
  static const char replacements[] = { '\0', '"', '\\', '{', '}', '[', ']', ',', ':',
                                       (char) 0xff, (char) 0xc3, (char) 0xed, 'u', ' ' };
  gsize length;
  g_autofree char *input = read_data_file ("register-v2.json", &length);
  g_autofree char *copy = g_malloc (length);

  for (gsize cut = 0; cut < length; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TwRegistration) registration = tw_registration_new_from_json (input, cut, &error);

      /* Only the newline at the end can go. */
      if (cut < length - 1)
        g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
    }

  for (gsize i = 0; i < length; i++)
    for (guint j = 0; j < G_N_ELEMENTS (replacements); j++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(TwRegistration) registration = NULL;

        memcpy (copy, input, length);
        copy[i] = replacements[j];
        registration = tw_registration_new_from_json (copy, length, &error);
        g_assert_true ((registration == NULL) != (error == NULL));
        if (error != NULL)
          {
            g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
            g_assert_true (g_utf8_validate (error->message, -1, NULL));
          }
      }
}

/* ------------------------------------------------------------------ */
/* Signals and notifications                                           */
/* ------------------------------------------------------------------ */

typedef struct
{
  guint changed;
  guint notify;
} Counts;

static void
count_changed_cb (TwRegistration *registration,
                  Counts         *counts)
{
  counts->changed++;
}

static void
assert_counts (Counts *counts,
               guint   changed,
               guint   notify)
{
  g_assert_cmpuint (counts->changed, ==, changed);
  g_assert_cmpuint (counts->notify, ==, notify);
  counts->changed = 0;
  counts->notify = 0;
}

static void
test_registration_changed (void)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  Counts counts = { 0, 0 };
  const char * const codes[] = { "sgn", "SGN", "Hn5", NULL };
  const char * const same[] = { "SGN", "hn5", NULL };
  const char * const expected[] = { "sgn", "hn5", NULL };

  g_signal_connect (registration, "changed", G_CALLBACK (count_changed_cb), &counts);
  g_signal_connect (registration, "notify", G_CALLBACK (tw_test_count_notify), &counts.notify);

  tw_registration_set_flavour (registration, TW_API_FLAVOUR_CURRENT);
  assert_counts (&counts, 0, 0);
  tw_registration_set_flavour (registration, TW_API_FLAVOUR_LEGACY);
  assert_counts (&counts, 1, 1);
  g_object_set (registration, "flavour", TW_API_FLAVOUR_LEGACY, NULL);
  assert_counts (&counts, 0, 0);

  tw_registration_set_warehouses (registration, codes);
  assert_counts (&counts, 1, 1);
  g_assert_true (g_strv_equal (tw_registration_get_warehouses (registration), expected));
  tw_registration_set_warehouses (registration, same);
  assert_counts (&counts, 0, 0);

  tw_registration_add_warehouse (registration, "HN5");
  assert_counts (&counts, 0, 0);
  tw_registration_add_warehouse (registration, "Tiger1");
  assert_counts (&counts, 1, 1);
  g_assert_cmpstr (tw_registration_get_warehouses (registration)[2], ==, "tiger1");
  g_assert_true (tw_registration_has_warehouse (registration, "TIGER1"));
  tw_registration_remove_warehouse (registration, "zzz");
  assert_counts (&counts, 0, 0);
  tw_registration_remove_warehouse (registration, "SGN");
  assert_counts (&counts, 1, 1);
  g_assert_false (tw_registration_has_warehouse (registration, "sgn"));
  g_assert_cmpstr (tw_registration_get_warehouses (registration)[0], ==, "hn5");

  tw_registration_set_partner_id (registration, NULL);
  assert_counts (&counts, 0, 0);
  tw_registration_set_partner_id (registration, "shop");
  assert_counts (&counts, 1, 1);
  g_object_set (registration, "partner-id", "shop", NULL);
  assert_counts (&counts, 0, 0);
  tw_registration_set_partner_id (registration, NULL);
  assert_counts (&counts, 1, 1);
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "");

  tw_registration_set_warehouses (registration, NULL);
  assert_counts (&counts, 1, 1);
  g_assert_null (tw_registration_get_warehouses (registration)[0]);
}

static void
test_hook_changes (void)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);
  Counts counts = { 0, 0 };
  Counts hook_counts = { 0, 0 };

  g_signal_connect (registration, "changed", G_CALLBACK (count_changed_cb), &counts);
  g_signal_connect (registration, "notify", G_CALLBACK (tw_test_count_notify), &counts.notify);
  g_signal_connect (order, "notify", G_CALLBACK (tw_test_count_notify), &hook_counts.notify);

  tw_hook_set_url (order, "https://a.example/o");
  assert_counts (&counts, 1, 0);
  assert_counts (&hook_counts, 0, 1);
  tw_hook_set_url (order, "https://a.example/o");
  assert_counts (&counts, 0, 0);
  assert_counts (&hook_counts, 0, 0);

  tw_hook_set_secret_key (order, SECRET_A);
  assert_counts (&counts, 1, 0);
  assert_counts (&hook_counts, 0, 1);
  g_object_set (order, "secret-key", SECRET_A, NULL);
  assert_counts (&hook_counts, 0, 0);
  assert_counts (&counts, 0, 0);

  /* The order hook cannot be turned off. */
  tw_hook_set_enabled (order, FALSE);
  g_assert_true (tw_hook_get_enabled (order));
  assert_counts (&hook_counts, 0, 0);
  assert_counts (&counts, 0, 0);

  tw_hook_set_enabled (stock, TRUE);
  assert_counts (&counts, 1, 0);
  tw_hook_set_enabled (stock, 7);
  assert_counts (&counts, 0, 0);
  g_object_set (stock, "enabled", FALSE, NULL);
  assert_counts (&counts, 1, 0);
  g_assert_false (tw_hook_get_enabled (stock));

  tw_hook_set_url (stock, NULL);
  tw_hook_set_secret_key (stock, NULL);
  assert_counts (&counts, 0, 0);
  g_assert_cmpstr (tw_hook_get_url (stock), ==, "");
}

static void
test_hook_outlives_registration (void)
{
  TwRegistration *registration = tw_registration_new ();
  g_autoptr(TwHook) stock = g_object_ref (tw_registration_get_hook (registration, TW_HOOK_STOCK));
  Counts counts = { 0, 0 };

  g_signal_connect (registration, "changed", G_CALLBACK (count_changed_cb), &counts);
  g_object_unref (registration);

  tw_hook_set_url (stock, "https://a.example/s");
  g_assert_cmpuint (counts.changed, ==, 0);
}

static void
test_hook_properties (void)
{
  g_autoptr(TwHook) order = tw_hook_new (TW_HOOK_ORDER);
  g_autoptr(TwHook) aftersale = tw_hook_new (TW_HOOK_AFTERSALE);
  g_autoptr(TwHook) forced = g_object_new (TW_TYPE_HOOK, "kind", TW_HOOK_ORDER,
                                           "enabled", FALSE, NULL);
  TwHookKind kind = TW_HOOK_STOCK;
  g_autofree char *url = NULL;
  gboolean enabled = TRUE;

  g_assert_true (tw_hook_get_enabled (order));
  g_assert_true (tw_hook_get_enabled (forced));
  g_assert_false (tw_hook_get_enabled (aftersale));
  g_object_get (aftersale, "kind", &kind, "enabled", &enabled, "url", &url, NULL);
  g_assert_cmpint (kind, ==, TW_HOOK_AFTERSALE);
  g_assert_false (enabled);
  g_assert_cmpstr (url, ==, "");
  g_assert_cmpstr (tw_hook_get_secret_key (aftersale), ==, "");
}

static void
test_hook_kind_strings (void)
{
  const char * const names[] = { "order", "stock", "aftersale" };
  TwHookKind kind;

  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      g_assert_cmpstr (tw_hook_kind_to_string ((TwHookKind) i), ==, names[i]);
      g_assert_true (tw_hook_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (tw_hook_kind_get_title ((TwHookKind) i));
    }

  /* The fields, as problems and changes name them. */
  g_assert_cmpstr (tw_hook_field_name (TW_HOOK_STOCK, TW_HOOK_FIELD_SELF), ==,
                   "sync_webhook.stock");
  g_assert_cmpstr (tw_hook_field_name (TW_HOOK_ORDER, TW_HOOK_FIELD_URL), ==,
                   "sync_webhook.order.url");
  g_assert_cmpstr (tw_hook_field_name (TW_HOOK_AFTERSALE, TW_HOOK_FIELD_SECRET_KEY), ==,
                   "sync_webhook.aftersale.secret_key");

  g_assert_true (tw_hook_kind_from_string ("Stock", &kind));
  g_assert_cmpint (kind, ==, TW_HOOK_STOCK);
  g_assert_true (tw_hook_kind_from_string ("AFTERSALE", NULL));
  g_assert_false (tw_hook_kind_from_string ("refund", &kind));
  g_assert_false (tw_hook_kind_from_string ("", &kind));
  g_assert_false (tw_hook_kind_from_string (NULL, &kind));
  g_assert_false (tw_hook_kind_from_string ("order ", &kind));
  g_assert_cmpint (kind, ==, TW_HOOK_STOCK);

  g_assert_cmpstr (tw_hook_kind_get_title (TW_HOOK_ORDER), ==, "Order status");
  g_assert_cmpstr (tw_hook_kind_get_title (TW_HOOK_STOCK), ==, "Stock");
  g_assert_cmpstr (tw_hook_kind_get_title (TW_HOOK_AFTERSALE), ==, "After-sales (FD/CR)");
}

static void
test_copy_is_deep (void)
{
  g_autoptr(TwRegistration) original = build_full ();
  g_autoptr(TwRegistration) copy = NULL;
  g_autofree char *before = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *after = NULL;
  Counts counts = { 0, 0 };

  tw_registration_set_flavour (original, TW_API_FLAVOUR_LEGACY);
  before = tw_registration_to_json (original, TW_JSON_DEFAULT);
  copy = tw_registration_copy (original);
  copied = tw_registration_to_json (copy, TW_JSON_DEFAULT);
  g_assert_cmpstr (copied, ==, before);
  g_assert_cmpint (tw_registration_get_flavour (copy), ==, TW_API_FLAVOUR_LEGACY);

  g_signal_connect (original, "changed", G_CALLBACK (count_changed_cb), &counts);
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      TwHook *hook = tw_registration_get_hook (copy, (TwHookKind) i);

      g_assert_true (hook != tw_registration_get_hook (original, (TwHookKind) i));
      tw_hook_set_url (hook, "https://changed.example/");
      tw_hook_set_secret_key (hook, "changed");
      tw_hook_set_enabled (hook, FALSE);
    }
  g_assert_true (tw_registration_get_warehouses (copy) !=
                 tw_registration_get_warehouses (original));
  tw_registration_add_warehouse (copy, "hn5");
  tw_registration_set_partner_id (copy, "other");
  tw_registration_set_flavour (copy, TW_API_FLAVOUR_CURRENT);

  after = tw_registration_to_json (original, TW_JSON_DEFAULT);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (counts.changed, ==, 0);
  g_assert_cmpint (tw_registration_get_flavour (original), ==, TW_API_FLAVOUR_LEGACY);
}

static void
test_registration_properties (void)
{
  g_autoptr(TwRegistration) registration = build_full ();
  g_auto(GStrv) codes = NULL;
  g_autofree char *partner_id = NULL;
  g_autoptr(TwHook) stock = NULL;
  TwApiFlavour flavour = TW_API_FLAVOUR_LEGACY;
  const char * const set[] = { "A1", "b2", NULL };
  const char * const expected[] = { "a1", "b2", NULL };

  g_object_get (registration, "warehouses", &codes, "partner-id", &partner_id,
                "stock", &stock, "flavour", &flavour, NULL);
  g_assert_cmpstr (codes[0], ==, "tiger1");
  g_assert_cmpstr (partner_id, ==, "42");
  g_assert_true (stock == tw_registration_get_hook (registration, TW_HOOK_STOCK));
  g_assert_cmpint (flavour, ==, TW_API_FLAVOUR_CURRENT);

  g_object_set (registration, "warehouses", set, NULL);
  g_assert_true (g_strv_equal (tw_registration_get_warehouses (registration), expected));
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/registration/json/example/v2", test_example_v2);
  g_test_add_func ("/tw/registration/json/example/v1a-legacy", test_example_v1a);
  g_test_add_func ("/tw/registration/json/example/v1b-partner-id", test_example_v1b);
  g_test_add_func ("/tw/registration/json/example/crlf", test_example_crlf);
  g_test_add_func ("/tw/registration/json/example/values", test_example_values);
  g_test_add_func ("/tw/registration/json/key-order", test_key_order);
  g_test_add_func ("/tw/registration/json/omission", test_omission);
  g_test_add_func ("/tw/registration/json/escaping", test_escaping);
  g_test_add_func ("/tw/registration/json/invalid-utf8", test_invalid_utf8_never_written);
  g_test_add_func ("/tw/registration/json/mask", test_mask_secrets);
  g_test_add_func ("/tw/registration/json/mask-empty", test_mask_empty_secret);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tw/registration/read/error/%s",
                                               bad_inputs[i].name);

      g_test_add_data_func (path, &bad_inputs[i], test_read_error);
    }
  g_test_add_func ("/tw/registration/read/error-position", test_read_error_position);
  g_test_add_func ("/tw/registration/read/too-large", test_read_too_large);
  g_test_add_func ("/tw/registration/read/accepts", test_read_accepts);
  g_test_add_func ("/tw/registration/read/mutations", test_read_mutations);

  g_test_add_func ("/tw/registration/changed", test_registration_changed);
  g_test_add_func ("/tw/registration/properties", test_registration_properties);
  g_test_add_func ("/tw/registration/copy", test_copy_is_deep);
  g_test_add_func ("/tw/hook/changes", test_hook_changes);
  g_test_add_func ("/tw/hook/outlives-registration", test_hook_outlives_registration);
  g_test_add_func ("/tw/hook/properties", test_hook_properties);
  g_test_add_func ("/tw/hook/kind-strings", test_hook_kind_strings);

  return g_test_run ();
}
