/* test-sample-payloads.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-sample-payloads"

#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "tw-registration.h"
#include "tw-sample-payloads.h"

#define DATE_PATTERN "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\+07:00$"

/* The documented fields of each variant, in TNSL's order. */
static const char * const stock_keys[] = {
  "date", "sku", "warehouse", "qty_salable", "seller_product_code", "partner_id", NULL
};
static const char * const stock_keys_no_partner[] = {
  "date", "sku", "warehouse", "qty_salable", "seller_product_code", NULL
};
static const char * const order_keys[] = {
  "date", "ref_code", "order_code", "main_state", "main_substate", NULL
};
static const char * const order_failed_keys[] = {
  "date", "ref_code", "order_code", "main_state", "main_substate", "reason", "reason_code", NULL
};
static const char * const order_canceled_keys[] = {
  "date", "ref_code", "order_code", "main_state", "main_substate", "extra_info", NULL
};
static const char * const aftersale_keys[] = {
  "date", "ref_code", "order_code", "status", "type", NULL
};

static TwRegistration *
new_registration (const char *partner_id)
{
  TwRegistration *registration = tw_registration_new ();
  const char * const warehouses[] = { "sgn3", "hn5", "tbn1", NULL };

  tw_registration_set_warehouses (registration, warehouses);
  tw_registration_set_partner_id (registration, partner_id);
  return registration;
}

/* Parses @text and returns its "data" object, checking it is the only
 * member and that its keys are exactly @keys, in that order. */
static JsonObject *
parse_data (JsonParser         *parser,
            const char         *text,
            const char * const *keys)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;
  JsonObject *root, *data;
  guint i = 0;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 1);
  data = json_object_get_object_member (root, "data");
  g_assert_nonnull (data);

  members = json_object_get_members (data);
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, keys[i]);
  g_assert_null (keys[i]);

  return data;
}

static void
assert_string_matches (JsonObject *data,
                       const char *member,
                       const char *pattern)
{
  JsonNode *node = json_object_get_member (data, member);

  g_assert_cmpuint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  if (!g_regex_match_simple (pattern, json_node_get_string (node), 0, 0))
    g_error ("%s = “%s” does not match %s", member, json_node_get_string (node), pattern);
}

static void
assert_date_is_now (JsonObject *data)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  assert_string_matches (data, "date", DATE_PATTERN);
  date = g_date_time_new_from_iso8601 (json_object_get_string_member (data, "date"), NULL);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_get_utc_offset (date), ==, 7 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (ABS (g_date_time_difference (now, date)), <, 60 * G_TIME_SPAN_SECOND);
}

static void
test_stock (void)
{
  g_autoptr(TwRegistration) registration = new_registration ("shop-42");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = tw_sample_payload_new (TW_HOOK_STOCK, registration);
  JsonObject *data = parse_data (parser, text, stock_keys);
  JsonNode *qty = json_object_get_member (data, "qty_salable");

  assert_date_is_now (data);
  assert_string_matches (data, "sku", "^[0-9]+$");
  g_assert_true (tw_registration_has_warehouse (registration,
                                                json_object_get_string_member (data,
                                                                               "warehouse")));
  g_assert_cmpuint (json_node_get_value_type (qty), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (qty), >=, 0);
  assert_string_matches (data, "seller_product_code", "^.+$");
  g_assert_cmpstr (json_object_get_string_member (data, "partner_id"), ==, "shop-42");
}

static void
test_stock_without_partner (void)
{
  g_autoptr(TwRegistration) registration = new_registration ("");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = tw_sample_payload_new (TW_HOOK_STOCK, registration);

  parse_data (parser, text, stock_keys_no_partner);
}

static void
test_stock_without_registration (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = tw_sample_payload_new (TW_HOOK_STOCK, NULL);
  JsonObject *data = parse_data (parser, text, stock_keys_no_partner);

  g_assert_cmpstr (json_object_get_string_member (data, "warehouse"), ==, "sgn");
}

static JsonObject *
parse_order (JsonParser         *parser,
             const char         *text,
             const char * const *keys,
             const char         *state,
             const char         *substate)
{
  JsonObject *data = parse_data (parser, text, keys);

  assert_date_is_now (data);
  assert_string_matches (data, "ref_code", "^[A-Z]+[0-9]+$");
  assert_string_matches (data, "order_code", "^[0-9]+$");
  g_assert_cmpstr (json_object_get_string_member (data, "main_state"), ==, state);
  g_assert_cmpstr (json_object_get_string_member (data, "main_substate"), ==, substate);
  return data;
}

static void
test_order_variants (void)
{
  g_autoptr(TwRegistration) registration = new_registration ("shop-42");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *ready = tw_sample_payload_new (TW_HOOK_ORDER, registration);
  g_autofree char *failed = tw_sample_payload_new_variant (TW_SAMPLE_ORDER_DELIVERY_FAILED,
                                                           registration);
  g_autofree char *canceled = tw_sample_payload_new_variant (TW_SAMPLE_ORDER_CANCELED,
                                                             registration);
  const char * const extra_keys[] = { "cancel_reason_code", "cancel_reason", NULL };
  g_autoptr(GList) extra_members = NULL;
  JsonObject *data;
  guint i = 0;

  parse_order (parser, ready, order_keys, "processing", "ready_for_pickup");

  data = parse_order (parser, failed, order_failed_keys, "shipping", "delivery_failed_1");
  assert_string_matches (data, "reason", "^.+$");
  assert_string_matches (data, "reason_code", "^[a-z_]+$");

  data = parse_order (parser, canceled, order_canceled_keys, "canceled", "canceled");
  extra_members = json_object_get_members (json_object_get_object_member (data, "extra_info"));
  for (GList *l = extra_members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, extra_keys[i]);
  g_assert_null (extra_keys[i]);
}

static void
test_aftersale_variants (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *cr = tw_sample_payload_new (TW_HOOK_AFTERSALE, NULL);
  g_autofree char *fd = tw_sample_payload_new_variant (TW_SAMPLE_AFTERSALE_FD, NULL);
  JsonObject *data;

  data = parse_data (parser, cr, aftersale_keys);
  assert_date_is_now (data);
  assert_string_matches (data, "ref_code", "^CR[0-9]{11}$");
  assert_string_matches (data, "order_code", "^[0-9]+$");
  assert_string_matches (data, "status", "^[a-z_]+$");
  g_assert_cmpstr (json_object_get_string_member (data, "type"), ==, "cr");

  data = parse_data (parser, fd, aftersale_keys);
  assert_string_matches (data, "ref_code", "^FD[0-9]{11}$");
  g_assert_cmpstr (json_object_get_string_member (data, "type"), ==, "fd");
}

static void
test_pretty_and_fresh (void)
{
  g_autofree char *first = tw_sample_payload_new (TW_HOOK_STOCK, NULL);
  g_autofree char *second = tw_sample_payload_new (TW_HOOK_STOCK, NULL);
  g_autofree char *third = tw_sample_payload_new (TW_HOOK_STOCK, NULL);

  g_assert_true (g_str_has_prefix (first, "{\n  \"data\" : {\n    \"date\""));
  /* Random SKUs: three equal payloads would be a broken generator. */
  g_assert_false (g_strcmp0 (first, second) == 0 && g_strcmp0 (second, third) == 0);
}

static void
test_variants (void)
{
  for (TwSampleVariant v = 0; v < TW_N_SAMPLE_VARIANTS; v++)
    {
      g_assert_nonnull (tw_sample_variant_get_title (v));
      g_assert_cmpint (tw_sample_variant_get_hook (tw_sample_variant_default (
                         tw_sample_variant_get_hook (v))), ==, tw_sample_variant_get_hook (v));
    }

  g_assert_cmpint (tw_sample_variant_get_hook (TW_SAMPLE_ORDER_CANCELED), ==, TW_HOOK_ORDER);
  g_assert_cmpint (tw_sample_variant_get_hook (TW_SAMPLE_STOCK), ==, TW_HOOK_STOCK);
  g_assert_cmpint (tw_sample_variant_get_hook (TW_SAMPLE_AFTERSALE_FD), ==, TW_HOOK_AFTERSALE);
}

static void
test_url_note (void)
{
  struct { const char *url; const char *fragment; } cases[] = {
    { "https://seller.example/webhooks/order", NULL },
    { "http://seller.example/webhooks/order", "plain http" },
    { "https://127.0.0.1:8443/hook", "private network" },
    { "http://localhost:8080/hook", "private network" },
    { "http://192.168.1.20/hook", "private network" },
    { "not a url", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *note = tw_sample_payload_url_note (cases[i].url);

      if (cases[i].fragment == NULL)
        g_assert_null (note);
      else
        {
          g_assert_nonnull (strstr (note, cases[i].fragment));
          g_assert_nonnull (strstr (note, "https://"));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/sample-payloads/stock", test_stock);
  g_test_add_func ("/tw/sample-payloads/stock-without-partner", test_stock_without_partner);
  g_test_add_func ("/tw/sample-payloads/stock-without-registration",
                   test_stock_without_registration);
  g_test_add_func ("/tw/sample-payloads/order-variants", test_order_variants);
  g_test_add_func ("/tw/sample-payloads/aftersale-variants", test_aftersale_variants);
  g_test_add_func ("/tw/sample-payloads/pretty-and-fresh", test_pretty_and_fresh);
  g_test_add_func ("/tw/sample-payloads/variants", test_variants);
  g_test_add_func ("/tw/sample-payloads/url-note", test_url_note);

  return g_test_run ();
}
