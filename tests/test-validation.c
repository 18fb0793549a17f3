/* test-validation.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-validation"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tw-registration.h"

#define KEY_ORDER "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define KEY_STOCK "M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re"
#define KEY_AFTER "Zp3Kq8RtW2mYx6Lc9NvB4hJd7Fs1Ga5E"
#define KEY_DOCS "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0"
#define URL_ORDER "https://shop.example.vn/webhooks/order"
#define URL_STOCK "https://shop.example.vn/webhooks/stock"
#define URL_AFTER "https://shop.example.vn/webhooks/aftersale"

#define E TW_SEVERITY_ERROR
#define W TW_SEVERITY_WARNING

#define F_WH "sync_inventory_location"
#define F_ORDER_URL "sync_webhook.order.url"
#define F_ORDER_KEY "sync_webhook.order.secret_key"
#define F_STOCK "sync_webhook.stock"
#define F_STOCK_URL "sync_webhook.stock.url"
#define F_STOCK_KEY "sync_webhook.stock.secret_key"
#define F_AFTER "sync_webhook.aftersale"
#define F_AFTER_URL "sync_webhook.aftersale.url"
#define F_AFTER_KEY "sync_webhook.aftersale.secret_key"
#define F_PARTNER "external_partner_id"

/* 64 and 65 characters; the Vietnamese one is 64 characters in 89 bytes. */
#define PARTNER_64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define PARTNER_65 PARTNER_64 "x"
#define PARTNER_64_VI "Cửa hàng Đà Nẵng số 1 — Cửa hàng Đà Nẵng số 2 — Cửa hàng Đà Nẵng"

typedef struct
{
  const char *field;
  TwSeverity  severity;
  const char *code;
} Expected;

/* A hook left NULL keeps the base value; "" empties it. */
typedef struct
{
  int         enabled;  /* -1: as the base (order on, others off), 0 off, 1 on */
  const char *url;
  const char *key;
} HookSetup;

typedef struct
{
  const char   *name;
  TwApiFlavour  flavour;
  const char   *warehouses;   /* comma-separated; NULL: "sgn,hn5"; "": none */
  HookSetup     hooks[TW_N_HOOKS];
  const char   *partner_id;
  Expected      expected[4];  /* ends at the first NULL field */
} Case;

#define ON(url, key) { 1, url, key }
#define OFF { 0, NULL, NULL }
#define BASE { -1, NULL, NULL }
#define ORDER_URL(url) { -1, url, NULL }
#define ORDER_KEY(key) { -1, NULL, key }
#define CURRENT TW_API_FLAVOUR_CURRENT
#define LEGACY TW_API_FLAVOUR_LEGACY

static const Case cases[] = {
  /* Valid documents. */
  { "valid/minimal", CURRENT, NULL, { BASE, BASE, BASE }, NULL, { { NULL } } },
  { "valid/all-hooks", CURRENT, "sgn3,tbn1,tiger2",
    { BASE, ON (URL_STOCK, KEY_STOCK), ON (URL_AFTER, KEY_AFTER) }, "shop-84213", { { NULL } } },
  { "valid/legacy-order-stock", LEGACY, "sgn,sgn3,hn5",
    { BASE, ON (URL_STOCK, KEY_STOCK), OFF }, NULL, { { NULL } } },
  { "valid/partner-id-64", CURRENT, NULL, { BASE, BASE, BASE }, PARTNER_64, { { NULL } } },
  { "valid/partner-id-vietnamese-64", CURRENT, NULL, { BASE, BASE, BASE }, PARTNER_64_VI,
    { { NULL } } },
  { "valid/url-port-query", CURRENT, NULL,
    { ORDER_URL ("https://shop.example.vn:8443/hook?shop=1&v=2"), BASE, BASE }, NULL,
    { { NULL } } },
  { "valid/url-upper-case-scheme", CURRENT, NULL,
    { ORDER_URL ("HTTPS://Shop.Example.VN/Hook"), BASE, BASE }, NULL, { { NULL } } },
  { "valid/url-public-ipv4", CURRENT, NULL,
    { ORDER_URL ("https://203.0.113.10/hook"), BASE, BASE }, NULL, { { NULL } } },
  { "valid/url-public-ipv6", CURRENT, NULL,
    { ORDER_URL ("https://[2001:db8::1]:8443/hook"), BASE, BASE }, NULL, { { NULL } } },
  { "valid/url-172-32-not-private", CURRENT, NULL,
    { ORDER_URL ("https://172.32.0.1/hook"), BASE, BASE }, NULL, { { NULL } } },
  { "valid/url-idn", CURRENT, NULL,
    { ORDER_URL ("https://hooks.cửahàng.vn/tiki/order"), BASE, BASE }, NULL, { { NULL } } },
  { "valid/url-localhost-lookalike", CURRENT, NULL,
    { ORDER_URL ("https://localhost.example.com/hook"), BASE, BASE }, NULL, { { NULL } } },
  { "valid/warehouses-normalized", CURRENT, "SGN,Sgn3,sgn,HN5", { BASE, BASE, BASE }, NULL,
    { { NULL } } },
  { "valid/warehouse-two-chars", CURRENT, "hn,dn", { BASE, BASE, BASE }, NULL, { { NULL } } },
  { "valid/disabled-hooks-ignored", CURRENT, NULL,
    { BASE, { 0, "ftp://x", "short" }, { 0, "", KEY_ORDER } }, NULL, { { NULL } } },

  /* sync_inventory_location */
  { "warehouses/empty", CURRENT, "", { BASE, BASE, BASE }, NULL,
    { { F_WH, E, "warehouses-empty" } } },
  { "warehouses/too-short", CURRENT, "sgn,s", { BASE, BASE, BASE }, NULL,
    { { F_WH "[1]", E, "warehouse-format" } } },
  { "warehouses/too-long", CURRENT, "abcdefghij0123456", { BASE, BASE, BASE }, NULL,
    { { F_WH "[0]", E, "warehouse-format" } } },
  { "warehouses/sixteen-unknown", CURRENT, "abcdefghij012345", { BASE, BASE, BASE }, NULL,
    { { F_WH "[0]", W, "warehouse-unknown" } } },
  { "warehouses/punctuation", CURRENT, "sgn,hn5,sg-n", { BASE, BASE, BASE }, NULL,
    { { F_WH "[2]", E, "warehouse-format" } } },
  { "warehouses/space", CURRENT, "sgn ", { BASE, BASE, BASE }, NULL,
    { { F_WH "[0]", E, "warehouse-format" } } },
  { "warehouses/non-ascii", CURRENT, "đn", { BASE, BASE, BASE }, NULL,
    { { F_WH "[0]", E, "warehouse-format" } } },
  { "warehouses/empty-code", CURRENT, "sgn,,hn5", { BASE, BASE, BASE }, NULL,
    { { F_WH "[1]", E, "warehouse-format" } } },
  { "warehouses/unknown", CURRENT, "sgn,zzz", { BASE, BASE, BASE }, NULL,
    { { F_WH "[1]", W, "warehouse-unknown" } } },

  /* URLs */
  { "url/missing", CURRENT, NULL, { ORDER_URL (""), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-missing" } } },
  { "url/http", CURRENT, NULL, { ORDER_URL ("http://shop.example.vn/hook"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-not-https" } } },
  { "url/ftp", CURRENT, NULL, { ORDER_URL ("ftp://shop.example.vn/hook"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-not-https" } } },
  { "url/no-scheme", CURRENT, NULL, { ORDER_URL ("shop.example.vn/hook"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-not-absolute" } } },
  { "url/relative", CURRENT, NULL, { ORDER_URL ("/webhooks/order"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-not-absolute" } } },
  { "url/fragment", CURRENT, NULL, { ORDER_URL (URL_ORDER "#top"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-fragment" } } },
  { "url/empty-fragment", CURRENT, NULL, { ORDER_URL (URL_ORDER "#"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-fragment" } } },
  { "url/space-inside", CURRENT, NULL,
    { ORDER_URL ("https://shop.example.vn/web hooks"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-whitespace" } } },
  { "url/leading-space", CURRENT, NULL, { ORDER_URL (" " URL_ORDER), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-whitespace" } } },
  { "url/trailing-newline", CURRENT, NULL, { ORDER_URL (URL_ORDER "\n"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-whitespace" } } },
  { "url/no-break-space", CURRENT, NULL,
    { ORDER_URL ("https://shop.example.vn/\xC2\xA0hook"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-whitespace" } } },
  { "url/no-host", CURRENT, NULL, { ORDER_URL ("https:///webhooks/order"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-no-host" } } },
  { "url/opaque", CURRENT, NULL, { ORDER_URL ("https:shop.example.vn"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-no-host" } } },
  { "url/unclosed-ipv6", CURRENT, NULL, { ORDER_URL ("https://[::1/hook"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-invalid" } } },
  { "url/bad-port", CURRENT, NULL,
    { ORDER_URL ("https://shop.example.vn:99999/hook"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-invalid" } } },
  { "url/invalid-utf8", CURRENT, NULL,
    { ORDER_URL ("https://shop.example.vn/\xff"), BASE, BASE }, NULL,
    { { F_ORDER_URL, E, "url-encoding" } } },
  { "url/stock-missing", CURRENT, NULL, { BASE, ON ("", ""), BASE }, NULL,
    { { F_STOCK_URL, E, "url-missing" }, { F_STOCK_KEY, E, "secret-missing" } } },
  { "url/aftersale-http", CURRENT, NULL,
    { BASE, BASE, ON ("http://shop.example.vn/as", KEY_AFTER) }, NULL,
    { { F_AFTER_URL, E, "url-not-https" } } },

  /* Hosts TNSL cannot reach */
  { "host/localhost", CURRENT, NULL, { ORDER_URL ("https://localhost/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/localhost-dot-port", CURRENT, NULL,
    { ORDER_URL ("https://LocalHost.:8443/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/sub-localhost", CURRENT, NULL,
    { ORDER_URL ("https://shop.localhost/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/loopback", CURRENT, NULL, { ORDER_URL ("https://127.0.0.1:8443/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/loopback-8", CURRENT, NULL, { ORDER_URL ("https://127.8.9.10/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/10", CURRENT, NULL, { ORDER_URL ("https://10.1.2.3/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/172-16", CURRENT, NULL, { ORDER_URL ("https://172.16.5.4/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/172-31", CURRENT, NULL, { ORDER_URL ("https://172.31.255.255/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/192-168", CURRENT, NULL, { ORDER_URL ("https://192.168.1.10/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/link-local", CURRENT, NULL, { ORDER_URL ("https://169.254.169.254/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/unspecified", CURRENT, NULL, { ORDER_URL ("https://0.0.0.0/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/ipv6-loopback", CURRENT, NULL, { ORDER_URL ("https://[::1]/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/ipv6-unique-local", CURRENT, NULL,
    { ORDER_URL ("https://[fd12:3456::1]/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/ipv6-fc00", CURRENT, NULL, { ORDER_URL ("https://[fc00::1]/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/ipv6-link-local", CURRENT, NULL, { ORDER_URL ("https://[fe80::1]/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/ipv4-mapped", CURRENT, NULL,
    { ORDER_URL ("https://[::ffff:192.168.0.1]/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/mdns", CURRENT, NULL, { ORDER_URL ("https://printer.local/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/internal", CURRENT, NULL, { ORDER_URL ("https://api.corp.internal/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/single-label", CURRENT, NULL, { ORDER_URL ("https://intranet/hook"), BASE, BASE },
    NULL, { { F_ORDER_URL, W, "url-private-host" } } },
  { "host/stock-private", CURRENT, NULL,
    { BASE, ON ("https://192.168.0.2/stock", KEY_STOCK), BASE },
    NULL, { { F_STOCK_URL, W, "url-private-host" } } },

  /* Secret keys */
  { "secret/missing", CURRENT, NULL, { ORDER_KEY (""), BASE, BASE }, NULL,
    { { F_ORDER_KEY, E, "secret-missing" } } },
  { "secret/31", CURRENT, NULL, { ORDER_KEY ("Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1U"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-length" } } },
  { "secret/33", CURRENT, NULL, { ORDER_KEY (KEY_ORDER "x"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-length" } } },
  { "secret/one-char", CURRENT, NULL, { ORDER_KEY ("x"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-length" } } },
  { "secret/space", CURRENT, NULL, { ORDER_KEY ("Q7fLm2VxR9tKc4Nw B8yHd3JpZ6sGa1U"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-whitespace" } } },
  { "secret/trailing-newline", CURRENT, NULL, { ORDER_KEY (KEY_ORDER "\n"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-whitespace" } } },
  { "secret/tab", CURRENT, NULL, { ORDER_KEY ("Q7fLm2VxR9tKc4Nw\tB8yHd3JpZ6sGa1U"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-whitespace" } } },
  { "secret/non-ascii", CURRENT, NULL,
    { ORDER_KEY ("Q7fLm2VxR9tKc4NwéB8yHd3JpZ6sGa1"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-characters" } } },
  { "secret/control", CURRENT, NULL,
    { ORDER_KEY ("Q7fLm2VxR9tKc4Nw\x01" "B8yHd3JpZ6sGa1U"), BASE, BASE },
    NULL, { { F_ORDER_KEY, E, "secret-characters" } } },
  { "secret/punctuation", CURRENT, NULL,
    { ORDER_KEY ("Q7fLm2VxR9tKc4N!B8yHd3JpZ6sGa1U-"), BASE, BASE },
    NULL, { { F_ORDER_KEY, W, "secret-not-alphanumeric" } } },
  { "secret/documentation-example", CURRENT, NULL, { ORDER_KEY (KEY_DOCS), BASE, BASE },
    NULL, { { F_ORDER_KEY, W, "secret-from-docs" } } },
  { "secret/reused-stock", CURRENT, NULL, { BASE, ON (URL_STOCK, KEY_ORDER), BASE },
    NULL, { { F_STOCK_KEY, W, "secret-reused" } } },
  { "secret/reused-aftersale", CURRENT, NULL,
    { BASE, ON (URL_STOCK, KEY_STOCK), ON (URL_AFTER, KEY_STOCK) },
    NULL, { { F_AFTER_KEY, W, "secret-reused" } } },
  { "secret/reused-all", CURRENT, NULL,
    { BASE, ON (URL_STOCK, KEY_ORDER), ON (URL_AFTER, KEY_ORDER) },
    NULL, { { F_STOCK_KEY, W, "secret-reused" }, { F_AFTER_KEY, W, "secret-reused" } } },
  { "secret/stock-short", CURRENT, NULL, { BASE, ON (URL_STOCK, "abc"), BASE },
    NULL, { { F_STOCK_KEY, E, "secret-length" } } },

  /* Host flavour */
  { "legacy/stock-required", LEGACY, NULL, { BASE, OFF, OFF }, NULL,
    { { F_STOCK, E, "stock-required" } } },
  { "legacy/aftersale-refused", LEGACY, NULL,
    { BASE, ON (URL_STOCK, KEY_STOCK), ON ("not a url", "") }, NULL,
    { { F_AFTER, E, "aftersale-unsupported" } } },
  { "legacy/both", LEGACY, NULL, { BASE, OFF, ON (URL_AFTER, KEY_AFTER) }, NULL,
    { { F_STOCK, E, "stock-required" }, { F_AFTER, E, "aftersale-unsupported" } } },
  { "current/stock-optional", CURRENT, NULL, { BASE, OFF, ON (URL_AFTER, KEY_AFTER) }, NULL,
    { { NULL } } },

  /* external_partner_id */
  { "partner/too-long", CURRENT, NULL, { BASE, BASE, BASE }, PARTNER_65,
    { { F_PARTNER, E, "partner-id-too-long" } } },
  { "partner/vietnamese-too-long", CURRENT, NULL, { BASE, BASE, BASE }, PARTNER_64_VI "!",
    { { F_PARTNER, E, "partner-id-too-long" } } },
  { "partner/newline", CURRENT, NULL, { BASE, BASE, BASE }, "shop\n1",
    { { F_PARTNER, E, "partner-id-control" } } },
  { "partner/tab", CURRENT, NULL, { BASE, BASE, BASE }, "shop\t1",
    { { F_PARTNER, E, "partner-id-control" } } },
  { "partner/delete", CURRENT, NULL, { BASE, BASE, BASE }, "shop\x7f",
    { { F_PARTNER, E, "partner-id-control" } } },
  { "partner/c1-control", CURRENT, NULL, { BASE, BASE, BASE }, "shop\xC2\x85",
    { { F_PARTNER, E, "partner-id-control" } } },
  { "partner/invalid-utf8", CURRENT, NULL, { BASE, BASE, BASE }, "shop\xff",
    { { F_PARTNER, E, "partner-id-encoding" } } },

  /* Several problems come in field order. */
  { "order/field-order", CURRENT, "",
    { ORDER_URL ("http://localhost/x"), ON ("", KEY_STOCK), BASE },
    PARTNER_65,
    { { F_WH, E, "warehouses-empty" }, { F_ORDER_URL, E, "url-not-https" },
      { F_STOCK_URL, E, "url-missing" }, { F_PARTNER, E, "partner-id-too-long" } } },
};

static const HookSetup base_hooks[TW_N_HOOKS] = {
  { 1, URL_ORDER, KEY_ORDER },
  { 0, URL_STOCK, KEY_STOCK },
  { 0, URL_AFTER, KEY_AFTER },
};

static void
apply_hook (TwHook          *hook,
            const HookSetup *setup,
            const HookSetup *base)
{
  tw_hook_set_enabled (hook, setup->enabled >= 0 ? setup->enabled : base->enabled);
  tw_hook_set_url (hook, setup->url != NULL ? setup->url : base->url);
  tw_hook_set_secret_key (hook, setup->key != NULL ? setup->key : base->key);
}

static TwRegistration *
build_case (const Case *c)
{
  TwRegistration *registration = tw_registration_new ();
  g_auto(GStrv) codes = NULL;
  const char *warehouses = c->warehouses != NULL ? c->warehouses : "sgn,hn5";

  codes = *warehouses != '\0' ? g_strsplit (warehouses, ",", -1) : g_new0 (char *, 1);
  tw_registration_set_warehouses (registration, (const char * const *) codes);
  tw_registration_set_flavour (registration, c->flavour);
  tw_registration_set_partner_id (registration, c->partner_id);

  for (guint i = 0; i < TW_N_HOOKS; i++)
    apply_hook (tw_registration_get_hook (registration, (TwHookKind) i),
                &c->hooks[i], &base_hooks[i]);

  return registration;
}

static guint
count_expected (const Case *c)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (c->expected) && c->expected[n].field != NULL)
    n++;
  return n;
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(TwRegistration) registration = build_case (c);
  g_autoptr(GPtrArray) problems = tw_registration_validate (registration);
  guint n_expected = count_expected (c);
  gboolean expect_errors = FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      g_test_message ("%s [%s] %s: %s", problem->field, problem->code,
                      problem->severity == E ? "error" : "warning", problem->message);
    }

  g_assert_cmpuint (problems->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpstr (problem->field, ==, c->expected[i].field);
      g_assert_cmpstr (problem->code, ==, c->expected[i].code);
      g_assert_cmpint (problem->severity, ==, c->expected[i].severity);
      g_assert_nonnull (problem->message);
      g_assert_cmpuint (strlen (problem->message), >, 10);
      g_assert_true (g_utf8_validate (problem->message, -1, NULL));
      expect_errors |= c->expected[i].severity == E;
    }

  g_assert_cmpint (tw_problems_have_errors (problems), ==, expect_errors);
}

/* Messages name the field they are about, so that a list of them reads
 * well in the CLI too. */
static void
test_messages_name_the_hook (void)
{
  static const Case c = {
    "messages", CURRENT, "zzz", { ORDER_URL ("http://x.example"), ON (URL_STOCK, "abc"), BASE },
    NULL, { { NULL } }
  };
  g_autoptr(TwRegistration) registration = build_case (&c);
  g_autoptr(GPtrArray) problems = tw_registration_validate (registration);
  const TwProblem *warehouse, *url, *key;

  g_assert_cmpuint (problems->len, ==, 3);
  warehouse = g_ptr_array_index (problems, 0);
  url = g_ptr_array_index (problems, 1);
  key = g_ptr_array_index (problems, 2);
  g_assert_nonnull (strstr (warehouse->message, "“zzz”"));
  g_assert_true (g_str_has_prefix (url->message, "Order status webhook:"));
  g_assert_nonnull (strstr (url->message, "https://"));
  g_assert_true (g_str_has_prefix (key->message, "Stock webhook:"));
  g_assert_nonnull (strstr (key->message, "32"));
  g_assert_nonnull (strstr (key->message, "has 3 characters"));
}

static void
test_url_length_limit (void)
{
  static const Case c = { "length", CURRENT, NULL, { BASE, BASE, BASE }, NULL, { { NULL } } };
  g_autoptr(TwRegistration) registration = build_case (&c);
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  GString *url = g_string_new ("https://shop.example.vn/");
  g_autoptr(GPtrArray) at_limit = NULL;
  g_autoptr(GPtrArray) over_limit = NULL;
  const TwProblem *problem;

  /* 2048 characters, some of them two bytes long: the limit counts
   * characters. */
  while (url->len < 2000)
    g_string_append (url, "a");
  while (g_utf8_strlen (url->str, -1) < 2048)
    g_string_append (url, "đ");
  g_assert_cmpint (g_utf8_strlen (url->str, -1), ==, 2048);

  tw_hook_set_url (order, url->str);
  at_limit = tw_registration_validate (registration);
  g_assert_cmpuint (at_limit->len, ==, 0);

  g_string_append (url, "a");
  tw_hook_set_url (order, url->str);
  over_limit = tw_registration_validate (registration);
  g_assert_cmpuint (over_limit->len, ==, 1);
  problem = g_ptr_array_index (over_limit, 0);
  g_assert_cmpstr (problem->field, ==, F_ORDER_URL);
  g_assert_cmpstr (problem->code, ==, "url-too-long");
  g_assert_cmpint (problem->severity, ==, E);

  g_string_free (url, TRUE);
}

static void
test_many_warehouses (void)
{
  static const Case c = { "many", CURRENT, "sgn,1x,hn5,zz,q", { BASE, BASE, BASE }, NULL,
                          { { NULL } } };
  g_autoptr(TwRegistration) registration = build_case (&c);
  g_autoptr(GPtrArray) problems = tw_registration_validate (registration);
  static const Expected expected[] = {
    { F_WH "[1]", W, "warehouse-unknown" },
    { F_WH "[3]", W, "warehouse-unknown" },
    { F_WH "[4]", E, "warehouse-format" },
  };

  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      g_assert_cmpstr (problem->field, ==, expected[i].field);
      g_assert_cmpstr (problem->code, ==, expected[i].code);
      g_assert_cmpint (problem->severity, ==, expected[i].severity);
    }
}

static void
test_examples_have_no_errors (void)
{
  static const char * const names[] = { "register-v2.json", "register-v1b.json", NULL };

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", names[i], NULL);
      g_autofree char *json = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(TwRegistration) registration = NULL;
      g_autoptr(GPtrArray) problems = NULL;

      g_file_get_contents (path, &json, NULL, &error);
      g_assert_no_error (error);
      registration = tw_registration_new_from_json (json, -1, &error);
      g_assert_no_error (error);
      problems = tw_registration_validate (registration);
      g_assert_false (tw_problems_have_errors (problems));
    }
}

static void
test_legacy_example (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "register-v1a.json", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwRegistration) registration = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GPtrArray) legacy = NULL;

  g_file_get_contents (path, &json, NULL, &error);
  g_assert_no_error (error);
  registration = tw_registration_new_from_json (json, -1, &error);
  g_assert_no_error (error);

  current = tw_registration_validate (registration);
  g_assert_false (tw_problems_have_errors (current));
  tw_registration_set_flavour (registration, TW_API_FLAVOUR_LEGACY);
  legacy = tw_registration_validate (registration);
  g_assert_false (tw_problems_have_errors (legacy));

  /* Dropping stock breaks it on the legacy host only. */
  tw_hook_set_enabled (tw_registration_get_hook (registration, TW_HOOK_STOCK), FALSE);
  g_clear_pointer (&legacy, g_ptr_array_unref);
  legacy = tw_registration_validate (registration);
  g_assert_true (tw_problems_have_errors (legacy));
}

static void
test_problems_have_errors (void)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);
  g_autoptr(TwProblem) copy = NULL;
  TwProblem *warning = tw_problem_new ("f", W, "c", "m");

  g_assert_false (tw_problems_have_errors (NULL));
  g_assert_false (tw_problems_have_errors (problems));
  g_ptr_array_add (problems, warning);
  g_assert_false (tw_problems_have_errors (problems));
  g_ptr_array_add (problems, tw_problem_new ("g", E, "d", "n"));
  g_assert_true (tw_problems_have_errors (problems));

  copy = g_boxed_copy (TW_TYPE_PROBLEM, warning);
  g_assert_true (copy != warning);
  g_assert_true (copy->field != warning->field);
  g_assert_cmpstr (copy->field, ==, "f");
  g_assert_cmpstr (copy->code, ==, "c");
  g_assert_cmpstr (copy->message, ==, "m");
  g_assert_cmpint (copy->severity, ==, W);
  tw_problem_free (NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/tw/validation/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  g_test_add_func ("/tw/validation/messages", test_messages_name_the_hook);
  g_test_add_func ("/tw/validation/url-length-limit", test_url_length_limit);
  g_test_add_func ("/tw/validation/many-warehouses", test_many_warehouses);
  g_test_add_func ("/tw/validation/examples", test_examples_have_no_errors);
  g_test_add_func ("/tw/validation/legacy-example", test_legacy_example);
  g_test_add_func ("/tw/validation/problems", test_problems_have_errors);

  return g_test_run ();
}
