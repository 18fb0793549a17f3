/* test-profile.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-profile"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>

#include "tw-credentials.h"
#include "tw-error.h"
#include "tw-profile-store.h"
#include "tw-profile.h"
#include "tw-secret.h"
#include "tw-test-http.h"

#define TOKEN "tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
#define CLIENT_SECRET "cs-Zq3Wx8Ev5Rc2Tb7Yn1Um4Ik6Ol9Pa0"
#define SECRET_ORDER "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define SECRET_STOCK "M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re"
#define SECRET_AFTERSALE "Hs8Dk2Lq5Wz9Xc3Vb7Nm1Qa4Er6Ty0Ui"
#define SECRET_NEW "Xy7Wv6Ut5Sr4Qp3On2Ml1Kj0Ih9Gf8Ed"

#define MINIMAL_PROFILE "{\"format\": 1, \"name\": \"Shop\"}"

typedef struct
{
  char           *root;
  char           *profiles_dir;
  TwProfileStore *store;
} Fixture;

/* Helpers */

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static TwRegistration *
full_registration (void)
{
  TwRegistration *registration = tw_registration_new ();
  const char * const codes[] = { "sgn", "hn5", NULL };
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);

  tw_registration_set_warehouses (registration, codes);
  tw_hook_set_url (order, "https://shop.example/webhooks/order");
  tw_hook_set_secret_key (order, SECRET_ORDER);
  tw_hook_set_enabled (stock, TRUE);
  tw_hook_set_url (stock, "https://shop.example/webhooks/stock");
  tw_hook_set_secret_key (stock, SECRET_STOCK);
  tw_hook_set_secret_key (tw_registration_get_hook (registration, TW_HOOK_AFTERSALE),
                          SECRET_AFTERSALE);
  tw_registration_set_partner_id (registration, "shop-42");
  return registration;
}

static TwHook *
hook (TwRegistration *registration,
      TwHookKind      kind)
{
  return tw_registration_get_hook (registration, kind);
}

static TwProfile *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  TwProfile *profile = tw_profile_new_from_json (json, -1, &error);

  g_assert_no_error (error);
  g_assert_true (TW_IS_PROFILE (profile));
  return profile;
}

static void
assert_no_secret (const char *text)
{
  const char *secrets[] = { TOKEN, CLIENT_SECRET, SECRET_ORDER, SECRET_STOCK,
                            SECRET_AFTERSALE, SECRET_NEW };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (text, secrets[i]));
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static guint
count_entries (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint count = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

/* Every file under @dir_path, contents concatenated. */
static void
append_tree (GString    *out,
             const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        append_tree (out, path);
      else
        {
          g_autofree char *contents = read_file (path);

          g_string_append (out, contents);
        }
    }
}

/* Store operations, waited for */

static TwProfileStore *
load_store (const char    *root,
            TwCredentials *credentials)
{
  g_autoptr(GFile) dir = g_file_new_for_path (root);
  TwProfileStore *store = tw_profile_store_new (dir);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_profile_store_set_credentials (store, credentials);
  tw_profile_store_load_async (store, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_profile_store_load_finish (store, tw_test_wait_for_result (&result), &error));
  g_assert_no_error (error);
  return store;
}

static TwProfile *
create_profile (TwProfileStore *store,
                const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TwProfile *profile;

  tw_profile_store_create_async (store, name, NULL, tw_test_keep_result_cb, &result);
  profile = tw_profile_store_create_finish (store, tw_test_wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_object_unref (profile);
  return profile;
}

static GError *
save_profile (TwProfileStore *store,
              TwProfile      *profile)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  tw_profile_store_save_async (store, profile, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_profile_store_save_finish (store, tw_test_wait_for_result (&result), &error) ==
                 (error == NULL));
  return error;
}

static GError *
rename_profile (TwProfileStore *store,
                TwProfile      *profile,
                const char     *name)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  tw_profile_store_rename_async (store, profile, name, NULL, tw_test_keep_result_cb, &result);
  tw_profile_store_rename_finish (store, tw_test_wait_for_result (&result), &error);
  return error;
}

static TwProfile *
duplicate_profile (TwProfileStore *store,
                   TwProfile      *profile,
                   const char     *name,
                   GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  TwProfile *copy;

  tw_profile_store_duplicate_async (store, profile, name, NULL, tw_test_keep_result_cb, &result);
  copy = tw_profile_store_duplicate_finish (store, tw_test_wait_for_result (&result), error);
  if (copy != NULL)
    g_object_unref (copy);
  return copy;
}

static void
delete_profile (TwProfileStore *store,
                TwProfile      *profile)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_profile_store_delete_async (store, profile, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_profile_store_delete_finish (store, tw_test_wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static void
set_last_used (TwProfileStore *store,
               TwProfile      *profile)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_profile_store_set_last_used_async (store, profile, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_profile_store_set_last_used_finish (store, tw_test_wait_for_result (&result),
                                                        &error));
  g_assert_no_error (error);
}

static TwProfile *
item (TwProfileStore *store,
      guint           position)
{
  g_autoptr(TwProfile) profile = g_list_model_get_item (G_LIST_MODEL (store), position);

  return profile;
}

static guint
n_items (TwProfileStore *store)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->root = g_dir_make_tmp ("tw-profile-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->profiles_dir = g_build_filename (fixture->root, "profiles", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  tw_test_remove_tree (fixture->root);
  g_free (fixture->root);
  g_free (fixture->profiles_dir);
}

/* TwProfile: JSON */

static void
test_json_round_trip (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Cửa hàng Sài Gòn");
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwAuth) auth = tw_auth_new_for_client ("client-7", CLIENT_SECRET,
                                                   TW_AUTH_METHOD_POST);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2024, 5, 1, 10, 30, 0);
  g_autoptr(TwProfile) parsed = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;

  tw_profile_set_environment (profile, TW_ENVIRONMENT_CUSTOM);
  tw_profile_set_base_url (profile, "https://proxy.example");
  tw_profile_capture (profile, auth, registration);
  tw_profile_record_registration (profile, registration, "c00433cc7e5b25e390a6920052f7fedf",
                                  when);

  json = tw_profile_to_json (profile);
  g_assert_true (g_str_has_suffix (json, "}\n"));
  parsed = parse_ok (json);
  again = tw_profile_to_json (parsed);
  g_assert_cmpstr (json, ==, again);

  g_assert_cmpstr (tw_profile_get_name (parsed), ==, "Cửa hàng Sài Gòn");
  g_assert_cmpint (tw_profile_get_environment (parsed), ==, TW_ENVIRONMENT_CUSTOM);
  g_assert_cmpstr (tw_profile_get_base_url (parsed), ==, "https://proxy.example");
  g_assert_cmpint (tw_profile_get_auth_mode (parsed), ==, TW_AUTH_MODE_CLIENT_CREDENTIALS);
  g_assert_cmpstr (tw_profile_get_client_id (parsed), ==, "client-7");
  g_assert_cmpint (tw_profile_get_auth_method (parsed), ==, TW_AUTH_METHOD_POST);
  g_assert_cmpstr (tw_profile_get_warehouses (parsed)[1], ==, "hn5");
  g_assert_true (tw_profile_get_hook_enabled (parsed, TW_HOOK_STOCK));
  g_assert_false (tw_profile_get_hook_enabled (parsed, TW_HOOK_AFTERSALE));
  g_assert_cmpstr (tw_profile_get_hook_url (parsed, TW_HOOK_STOCK), ==,
                   "https://shop.example/webhooks/stock");
  g_assert_cmpstr (tw_profile_get_partner_id (parsed), ==, "shop-42");
  g_assert_true (g_date_time_equal (tw_profile_get_last_registered (parsed), when));
  g_assert_cmpstr (tw_profile_get_last_request_id (parsed), ==,
                   "c00433cc7e5b25e390a6920052f7fedf");
  g_assert_false (tw_profile_is_broken (parsed));

  /* The snapshot came through: nothing changed since. */
  {
    g_autoptr(GPtrArray) changes = tw_profile_diff (parsed, registration);

    g_assert_nonnull (changes);
    g_assert_cmpuint (changes->len, ==, 0);
  }
}

/* A public app: its redirect URI, scopes and the login's expiry are in
 * the file, its tokens are not. */
static void
test_json_public_app (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Public");
  g_autoptr(TwAuth) auth = tw_auth_new_for_client ("app-9", CLIENT_SECRET, TW_AUTH_METHOD_BASIC);
  g_autoptr(TwAuth) target = tw_auth_new ();
  g_autoptr(TwProfile) parsed = NULL;
  g_autoptr(TwProfile) copy = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GError) error = NULL;
  GDateTime *expiry;

  tw_auth_set_mode (auth, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_redirect_uri (auth, "http://127.0.0.1:9100/cb");
  tw_auth_set_scopes (auth, "offline order");
  tw_auth_set_granted_token (auth, TOKEN, 3600, "bearer", NULL);
  tw_auth_set_refresh_token (auth, "rt-Zq3Wx8Ev5Rc2Tb7Yn1Um4Ik6Ol9Pa0");
  tw_profile_capture (profile, auth, NULL);

  json = tw_profile_to_json (profile);
  assert_no_secret (json);
  g_assert_null (strstr (json, "rt-Zq3Wx8Ev5Rc2Tb7Yn1Um4Ik6Ol9Pa0"));
  g_assert_nonnull (strstr (json, "\"public-app\""));
  parsed = parse_ok (json);
  again = tw_profile_to_json (parsed);
  g_assert_cmpstr (json, ==, again);
  g_assert_cmpint (tw_profile_get_auth_mode (parsed), ==, TW_AUTH_MODE_PUBLIC_APP);
  g_assert_cmpstr (tw_profile_get_redirect_uri (parsed), ==, "http://127.0.0.1:9100/cb");
  g_assert_cmpstr (tw_profile_get_scopes (parsed), ==, "offline order");
  expiry = tw_profile_get_token_expires_at (parsed);
  g_assert_nonnull (expiry);
  /* Whole seconds in the file. */
  g_assert_cmpint (g_date_time_difference (tw_auth_get_expires_at (auth), expiry), <,
                   G_TIME_SPAN_SECOND);

  tw_profile_apply (parsed, target, NULL);
  g_assert_cmpint (tw_auth_get_mode (target), ==, TW_AUTH_MODE_PUBLIC_APP);
  g_assert_cmpstr (tw_auth_get_redirect_uri (target), ==, "http://127.0.0.1:9100/cb");
  g_assert_cmpstr (tw_auth_get_scopes (target), ==, "offline order");
  g_assert_true (g_date_time_equal (tw_auth_get_expires_at (target), expiry));
  g_assert_null (tw_auth_get_refresh_token (target));

  /* A copy is not logged in. */
  copy = tw_profile_duplicate (parsed, "Public 2");
  g_assert_cmpstr (tw_profile_get_redirect_uri (copy), ==, "http://127.0.0.1:9100/cb");
  g_assert_null (tw_profile_get_token_expires_at (copy));

  /* Logged out: no expiry is kept. */
  tw_auth_forget_token (auth);
  tw_profile_capture (profile, auth, NULL);
  g_assert_null (tw_profile_get_token_expires_at (profile));

  /* Older files have none of it; a broken date is refused. */
  g_clear_object (&parsed);
  parsed = parse_ok ("{ \"format\": 1, \"name\": \"Old\", \"auth\": "
                     "{ \"mode\": \"client-credentials\" } }");
  g_assert_cmpstr (tw_profile_get_redirect_uri (parsed), ==, "");
  g_assert_null (tw_profile_get_token_expires_at (parsed));
  g_assert_null (tw_profile_new_from_json ("{ \"format\": 1, \"name\": \"X\", \"auth\": "
                                           "{ \"token_expires_at\": \"soon\" } }", -1,
                                           &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "auth.token_expires_at"));
}

static void
test_json_no_secret (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Shop");
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwAuth) auth = tw_auth_new_for_token (TOKEN);
  g_autofree char *json = NULL;
  g_autofree char *order_fingerprint = tw_secret_fingerprint (SECRET_ORDER);

  tw_auth_set_client_secret (auth, CLIENT_SECRET);
  tw_profile_capture (profile, auth, registration);
  tw_profile_record_registration (profile, registration, "abc", NULL);

  json = tw_profile_to_json (profile);
  assert_no_secret (json);
  g_assert_null (strstr (json, "secret_key"));
  /* What a user needs to tell the secrets apart is there. */
  g_assert_nonnull (strstr (json, order_fingerprint));
}

static void
test_json_minimal_and_unknown_keys (void)
{
  g_autoptr(TwProfile) profile = parse_ok ("{\"format\": 1, \"name\": \"Shop\", "
                                           "\"colour\": \"blue\", \"future\": {\"x\": [1]}}");

  g_assert_cmpstr (tw_profile_get_name (profile), ==, "Shop");
  g_assert_cmpint (tw_profile_get_environment (profile), ==, TW_ENVIRONMENT_PRODUCTION);
  g_assert_cmpint (tw_profile_get_auth_mode (profile), ==, TW_AUTH_MODE_ACCESS_TOKEN);
  g_assert_cmpuint (g_strv_length ((GStrv) tw_profile_get_warehouses (profile)), ==, 0);
  g_assert_true (tw_profile_get_hook_enabled (profile, TW_HOOK_ORDER));
  g_assert_false (tw_profile_get_hook_enabled (profile, TW_HOOK_STOCK));
  g_assert_null (tw_profile_get_last_registered (profile));
  g_assert_null (tw_profile_get_last_request_id (profile));
}

typedef struct
{
  const char *json;
  const char *mention;
} BadCase;

static void
assert_rejected (const char *data,
                 gssize      length,
                 const char *mention)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TwProfile) profile = tw_profile_new_from_json (data, length, &error);

  g_assert_null (profile);
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  if (mention != NULL && strstr (error->message, mention) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, mention);
}

static void
test_json_strict (void)
{
  const BadCase cases[] = {
    { "", NULL },
    { "{\"format\": 1, \"name\": ", NULL },
    { "[1, 2]", NULL },
    { "\"just text\"", NULL },
    { "{\"name\": \"Shop\"}", "format" },
    { "{\"format\": \"1\", \"name\": \"Shop\"}", "format" },
    { "{\"format\": 2, \"name\": \"Shop\"}", "newer" },
    { "{\"format\": 0, \"name\": \"Shop\"}", "format" },
    { "{\"format\": 1.5, \"name\": \"Shop\"}", "format" },
    { "{\"format\": 1}", "name" },
    { "{\"format\": 1, \"name\": 3}", "name" },
    { "{\"format\": 1, \"name\": null}", "name" },
    { "{\"format\": 1, \"name\": \"\"}", "name" },
    { "{\"format\": 1, \"name\": \"a\\u0007b\"}", "name" },
    { "{\"format\": 1, \"name\": \"Shop\", \"environment\": \"mars\"}", "environment" },
    { "{\"format\": 1, \"name\": \"Shop\", \"environment\": 1}", "environment" },
    { "{\"format\": 1, \"name\": \"Shop\", \"auth\": []}", "auth" },
    { "{\"format\": 1, \"name\": \"Shop\", \"auth\": {\"mode\": \"magic\"}}", "auth.mode" },
    { "{\"format\": 1, \"name\": \"Shop\", \"auth\": {\"method\": \"jwt\"}}", "auth.method" },
    { "{\"format\": 1, \"name\": \"Shop\", \"auth\": {\"client_id\": 5}}", "auth.client_id" },
    { "{\"format\": 1, \"name\": \"Shop\", \"sync_inventory_location\": \"sgn\"}",
      "sync_inventory_location" },
    { "{\"format\": 1, \"name\": \"Shop\", \"sync_inventory_location\": [\"sgn\", 1]}",
      "sync_inventory_location" },
    { "{\"format\": 1, \"name\": \"Shop\", \"sync_webhook\": {\"stock\": []}}",
      "sync_webhook.stock" },
    { "{\"format\": 1, \"name\": \"Shop\", \"sync_webhook\": {\"stock\": {\"enabled\": 1}}}",
      "sync_webhook.stock.enabled" },
    { "{\"format\": 1, \"name\": \"Shop\", \"sync_webhook\": {\"order\": {\"url\": false}}}",
      "sync_webhook.order.url" },
    { "{\"format\": 1, \"name\": \"Shop\", \"external_partner_id\": {}}",
      "external_partner_id" },
    { "{\"format\": 1, \"name\": \"Shop\", \"last_registration\": {}}",
      "last_registration.time" },
    { "{\"format\": 1, \"name\": \"Shop\", \"last_registration\": {\"time\": \"yesterday\"}}",
      "last_registration.time" },
    { "{\"format\": 1, \"name\": \"Shop\", \"last_registration\": "
      "{\"time\": \"2024-05-01T10:00:00Z\", \"sync_webhook\": {\"order\": "
      "{\"secret_fingerprint\": 7}}}}",
      "last_registration.sync_webhook.order.secret_fingerprint" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_rejected (cases[i].json, -1, cases[i].mention);
}

static void
test_json_hostile (void)
{
  const char invalid_utf8[] = "{\"format\": 1, \"name\": \"Sh\xff\xfeop\"}";
  const char with_nul[] = "{\"format\": 1, \"name\": \"Sh\0op\"}";
  g_autofree char *deep = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *long_name = NULL;
  gsize size = TW_PROFILE_MAX_FILE_SIZE + 1;

  assert_rejected (invalid_utf8, sizeof invalid_utf8 - 1, "UTF-8");
  assert_rejected (with_nul, sizeof with_nul - 1, NULL);

  /* A million brackets would overflow a recursive parser's stack. */
  deep = g_malloc (TW_PROFILE_MAX_FILE_SIZE);
  memset (deep, '[', TW_PROFILE_MAX_FILE_SIZE);
  assert_rejected (deep, TW_PROFILE_MAX_FILE_SIZE, NULL);

  huge = g_malloc (size);
  memset (huge, ' ', size);
  memcpy (huge, MINIMAL_PROFILE, strlen (MINIMAL_PROFILE));
  assert_rejected (huge, size, NULL);

  long_name = g_strdup_printf ("{\"format\": 1, \"name\": \"%0*d\"}",
                               TW_PROFILE_MAX_NAME_LENGTH + 1, 0);
  assert_rejected (long_name, -1, "name");
}

/* Every prefix and many corruptions of a real file: errors, never crashes. */
static void
test_json_mutations (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Shop");
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autofree char *json = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240501);
  gsize length;

  tw_profile_capture (profile, NULL, registration);
  tw_profile_record_registration (profile, registration, "abc", NULL);
  json = tw_profile_to_json (profile);
  length = strlen (json);

  for (gsize i = 0; i < length; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TwProfile) parsed = tw_profile_new_from_json (json, i, &error);

      g_assert_true ((parsed == NULL) == (error != NULL));
    }

  for (guint round = 0; round < 2000; round++)
    {
      g_autofree char *copy = g_strdup (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(TwProfile) parsed = NULL;

      for (guint n = g_rand_int_range (rand, 1, 4); n > 0; n--)
        copy[g_rand_int_range (rand, 0, length)] = (char) g_rand_int_range (rand, 1, 256);
      parsed = tw_profile_new_from_json (copy, length, &error);
      g_assert_true ((parsed == NULL) == (error != NULL));
    }
}

static void
test_check_name (void)
{
  const char *bad[] = { "", " Shop", "Shop ", "Sh\top", "Sh\nop", "Shop\u202e",
                        "\xff", };
  g_autofree char *too_long = g_strnfill (TW_PROFILE_MAX_NAME_LENGTH + 1, 'a');
  g_autofree char *longest = g_strnfill (TW_PROFILE_MAX_NAME_LENGTH, 'a');
  g_autofree char *problem = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *reason = tw_profile_check_name (bad[i]);

      g_assert_nonnull (reason);
    }

  problem = tw_profile_check_name (too_long);
  g_assert_nonnull (problem);
  g_assert_null (tw_profile_check_name ("Cửa hàng Sài Gòn (HN) / #2"));
  g_assert_null (tw_profile_check_name ("../../etc/passwd"));
  g_assert_null (tw_profile_check_name (longest));
}

static void
test_notify (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Shop");
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  guint notified = 0;

  g_signal_connect (profile, "notify", G_CALLBACK (tw_test_count_notify), &notified);
  tw_profile_set_environment (profile, TW_ENVIRONMENT_PRODUCTION);
  tw_profile_set_base_url (profile, NULL);
  tw_profile_set_base_url (profile, "");
  tw_profile_set_client_id (profile, "");
  tw_profile_set_auth_mode (profile, TW_AUTH_MODE_ACCESS_TOKEN);
  tw_profile_set_auth_method (profile, TW_AUTH_METHOD_BASIC);
  g_assert_cmpuint (notified, ==, 0);

  tw_profile_set_environment (profile, TW_ENVIRONMENT_LEGACY);
  tw_profile_set_environment (profile, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpuint (notified, ==, 1);
  tw_profile_set_client_id (profile, "id");
  tw_profile_set_client_id (profile, "id");
  g_assert_cmpuint (notified, ==, 2);
  g_object_set (profile, "auth-method", TW_AUTH_METHOD_POST, NULL);
  g_object_set (profile, "auth-method", TW_AUTH_METHOD_POST, NULL);
  g_assert_cmpuint (notified, ==, 3);

  tw_profile_record_registration (profile, registration, "abc", NULL);
  g_assert_cmpuint (notified, ==, 5);
}

static void
test_apply_capture (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Shop");
  g_autoptr(TwRegistration) source = full_registration ();
  g_autoptr(TwAuth) source_auth = tw_auth_new_for_client ("client-7", CLIENT_SECRET,
                                                          TW_AUTH_METHOD_POST);
  g_autoptr(TwRegistration) target = tw_registration_new ();
  g_autoptr(TwAuth) target_auth = tw_auth_new_for_token (TOKEN);

  tw_profile_capture (profile, source_auth, source);
  tw_profile_set_environment (profile, TW_ENVIRONMENT_LEGACY);

  tw_hook_set_secret_key (hook (target, TW_HOOK_ORDER), SECRET_NEW);
  tw_hook_set_enabled (hook (target, TW_HOOK_AFTERSALE), TRUE);
  tw_profile_apply (profile, target_auth, target);

  g_assert_cmpint (tw_registration_get_flavour (target), ==, TW_API_FLAVOUR_LEGACY);
  g_assert_cmpstr (tw_registration_get_warehouses (target)[0], ==, "sgn");
  g_assert_cmpstr (tw_registration_get_warehouses (target)[1], ==, "hn5");
  g_assert_cmpstr (tw_hook_get_url (hook (target, TW_HOOK_STOCK)), ==,
                   "https://shop.example/webhooks/stock");
  g_assert_true (tw_hook_get_enabled (hook (target, TW_HOOK_STOCK)));
  g_assert_false (tw_hook_get_enabled (hook (target, TW_HOOK_AFTERSALE)));
  g_assert_cmpstr (tw_registration_get_partner_id (target), ==, "shop-42");
  /* Secrets are not the profile's business. */
  g_assert_cmpstr (tw_hook_get_secret_key (hook (target, TW_HOOK_ORDER)), ==, SECRET_NEW);
  g_assert_cmpint (tw_auth_get_mode (target_auth), ==, TW_AUTH_MODE_CLIENT_CREDENTIALS);
  g_assert_cmpstr (tw_auth_get_client_id (target_auth), ==, "client-7");
  g_assert_cmpint (tw_auth_get_auth_method (target_auth), ==, TW_AUTH_METHOD_POST);
  g_assert_null (tw_auth_get_client_secret (target_auth));
}

/* Diffs */

static TwProfile *
registered_profile (TwRegistration *registration)
{
  TwProfile *profile = tw_profile_new ("Shop");

  tw_profile_capture (profile, NULL, registration);
  tw_profile_record_registration (profile, registration, "abc", NULL);
  return profile;
}

static const TwChange *
single_change (GPtrArray  *changes,
               const char *field)
{
  const TwChange *found = NULL;

  for (guint i = 0; i < changes->len; i++)
    {
      const TwChange *change = g_ptr_array_index (changes, i);

      g_assert_nonnull (change->description);
      g_assert_cmpstr (change->description, !=, "");
      if (g_strcmp0 (change->field, field) == 0)
        {
          g_assert_null (found);
          found = change;
        }
    }

  g_assert_nonnull (found);
  return found;
}

static void
test_diff_never_and_none (void)
{
  g_autoptr(TwProfile) profile = tw_profile_new ("Shop");
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *never = NULL;
  g_autofree char *none = NULL;

  g_assert_null (tw_profile_diff (profile, registration));
  never = tw_profile_describe_diff (NULL);
  g_assert_cmpstr (never, ==, "Never registered with this profile");

  tw_profile_record_registration (profile, registration, "abc", NULL);
  changes = tw_profile_diff (profile, registration);
  g_assert_cmpuint (changes->len, ==, 0);
  none = tw_profile_describe_diff (changes);
  g_assert_cmpstr (none, ==, "No changes since the last registration");

  /* Letter case of a code is no change: the API gets lowercase codes. */
  {
    g_autoptr(TwRegistration) upper = full_registration ();
    g_autoptr(GPtrArray) same = NULL;
    const char * const codes[] = { "SGN", "Hn5", NULL };

    tw_registration_set_warehouses (upper, codes);
    same = tw_profile_diff (profile, upper);
    g_assert_cmpuint (same->len, ==, 0);
  }
}

static void
test_diff_warehouses (void)
{
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwProfile) profile = registered_profile (registration);
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *summary = NULL;
  const TwChange *removed;
  const TwChange *added;

  tw_registration_remove_warehouse (registration, "hn5");
  tw_registration_add_warehouse (registration, "tbn1");
  changes = tw_profile_diff (profile, registration);
  g_assert_cmpuint (changes->len, ==, 2);

  removed = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (removed->field, ==, "sync_inventory_location");
  g_assert_cmpint (removed->kind, ==, TW_CHANGE_REMOVED);
  g_assert_cmpstr (removed->old_value, ==, "hn5");
  g_assert_null (removed->new_value);
  g_assert_cmpstr (removed->description, ==, "Warehouse “hn5” removed");

  added = g_ptr_array_index (changes, 1);
  g_assert_cmpint (added->kind, ==, TW_CHANGE_ADDED);
  g_assert_null (added->old_value);
  g_assert_cmpstr (added->new_value, ==, "tbn1");
  g_assert_cmpstr (added->description, ==, "Warehouse “tbn1” added");

  summary = tw_profile_describe_diff (changes);
  g_assert_cmpstr (summary, ==, "2 changes since the last registration");
}

static void
test_diff_url_and_secret (void)
{
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwProfile) profile = registered_profile (registration);
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *old_fp = tw_secret_fingerprint (SECRET_STOCK);
  g_autofree char *new_fp = tw_secret_fingerprint (SECRET_NEW);
  const TwChange *change;

  tw_hook_set_url (hook (registration, TW_HOOK_ORDER), "https://new.example/order");
  tw_hook_set_secret_key (hook (registration, TW_HOOK_STOCK), SECRET_NEW);
  changes = tw_profile_diff (profile, registration);
  g_assert_cmpuint (changes->len, ==, 2);

  change = single_change (changes, "sync_webhook.order.url");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_CHANGED);
  g_assert_cmpstr (change->old_value, ==, "https://shop.example/webhooks/order");
  g_assert_cmpstr (change->new_value, ==, "https://new.example/order");
  g_assert_nonnull (strstr (change->description, "https://new.example/order"));

  change = single_change (changes, "sync_webhook.stock.secret_key");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_CHANGED);
  g_assert_cmpstr (change->old_value, ==, old_fp);
  g_assert_cmpstr (change->new_value, ==, new_fp);
  g_assert_nonnull (strstr (change->description, new_fp));
  assert_no_secret (change->description);

  /* A secret emptied is a secret removed. */
  tw_hook_set_secret_key (hook (registration, TW_HOOK_STOCK), "");
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = tw_profile_diff (profile, registration);
  change = single_change (changes, "sync_webhook.stock.secret_key");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_REMOVED);
  g_assert_null (change->new_value);
}

static void
test_diff_hooks_switched (void)
{
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwProfile) profile = registered_profile (registration);
  g_autoptr(GPtrArray) changes = NULL;
  const TwChange *change;

  tw_hook_set_enabled (hook (registration, TW_HOOK_STOCK), FALSE);
  tw_hook_set_enabled (hook (registration, TW_HOOK_AFTERSALE), TRUE);
  tw_hook_set_url (hook (registration, TW_HOOK_AFTERSALE), "https://shop.example/as");
  changes = tw_profile_diff (profile, registration);
  g_assert_cmpuint (changes->len, ==, 2);

  change = single_change (changes, "sync_webhook.stock");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_DISABLED);
  g_assert_cmpstr (change->old_value, ==, "https://shop.example/webhooks/stock");
  g_assert_cmpstr (change->description, ==, "Stock webhook switched off");

  change = single_change (changes, "sync_webhook.aftersale");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_ENABLED);
  g_assert_cmpstr (change->new_value, ==, "https://shop.example/as");
  g_assert_cmpstr (change->description, ==, "After-sales (FD/CR) webhook switched on");
}

static void
test_diff_partner_and_environment (void)
{
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwProfile) profile = registered_profile (registration);
  g_autoptr(GPtrArray) changes = NULL;
  const TwChange *change;

  tw_registration_set_partner_id (registration, "shop-43");
  tw_profile_set_environment (profile, TW_ENVIRONMENT_LEGACY);
  changes = tw_profile_diff (profile, registration);
  g_assert_cmpuint (changes->len, ==, 2);

  change = g_ptr_array_index (changes, 0);
  g_assert_cmpstr (change->field, ==, "environment");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_CHANGED);
  g_assert_cmpstr (change->old_value, ==, "production");
  g_assert_cmpstr (change->new_value, ==, "legacy");

  change = single_change (changes, "external_partner_id");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_CHANGED);
  g_assert_cmpstr (change->old_value, ==, "shop-42");
  g_assert_cmpstr (change->new_value, ==, "shop-43");

  tw_registration_set_partner_id (registration, "");
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = tw_profile_diff (profile, registration);
  change = single_change (changes, "external_partner_id");
  g_assert_cmpint (change->kind, ==, TW_CHANGE_REMOVED);
  g_assert_null (change->new_value);

  /* A copy of a change is a deep copy. */
  {
    g_autoptr(TwChange) copy = tw_change_copy (change);

    g_assert_true (copy->field != change->field);
    g_assert_cmpstr (copy->field, ==, change->field);
    g_assert_cmpstr (copy->description, ==, change->description);
  }
}

/* TwProfileStore */

static void
test_store_empty (Fixture       *fixture,
                  gconstpointer  data)
{
  fixture->store = load_store (fixture->root, NULL);

  g_assert_cmpuint (n_items (fixture->store), ==, 0);
  g_assert_null (tw_profile_store_get_last_used (fixture->store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->store)) == TW_TYPE_PROFILE);
  /* Loading creates nothing. */
  g_assert_cmpuint (count_entries (fixture->root), ==, 0);
}

static void
test_store_create_and_save (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autofree char *path = NULL;
  g_autofree char *link_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *linked = NULL;
  g_autoptr(GError) error = NULL;
  TwProfile *profile;
  GStatBuf st;
  guint changed = 0;

  fixture->store = load_store (fixture->root, NULL);
  g_signal_connect (fixture->store, "items-changed", G_CALLBACK (items_changed_cb), &changed);
  profile = create_profile (fixture->store, "Cửa hàng Sài Gòn");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_true (item (fixture->store, 0) == profile);

  path = g_file_get_path (tw_profile_get_file (profile));
  {
    g_autofree char *expected = g_build_filename (fixture->profiles_dir,
                                                  "cua-hang-sai-gon.json", NULL);

    g_assert_cmpstr (path, ==, expected);
  }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (fixture->profiles_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Saving replaces the file by a new one: a hard link to the old one
   * keeps the old contents, so no reader ever saw a half-written file. */
  before = read_file (path);
  link_path = g_build_filename (fixture->root, "old-link", NULL);
  g_assert_cmpint (link (path, link_path), ==, 0);

  tw_profile_capture (profile, NULL, registration);
  error = save_profile (fixture->store, profile);
  g_assert_no_error (error);

  after = read_file (path);
  linked = read_file (link_path);
  g_assert_cmpstr (linked, ==, before);
  g_assert_cmpstr (after, !=, before);
  g_assert_nonnull (strstr (after, "https://shop.example/webhooks/stock"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  /* No temporary file left behind. */
  g_assert_cmpuint (count_entries (fixture->profiles_dir), ==, 1);
  g_unlink (link_path);

  /* Another store reads what was written. */
  {
    g_autoptr(TwProfileStore) other = load_store (fixture->root, NULL);
    TwProfile *read = tw_profile_store_find (other, "cửa hàng sài gòn");

    g_assert_nonnull (read);
    g_assert_cmpstr (tw_profile_get_partner_id (read), ==, "shop-42");
  }
}

static void
test_store_names (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TwProfile *a;
  TwProfile *b;
  TwProfile *c;

  fixture->store = load_store (fixture->root, NULL);
  b = create_profile (fixture->store, "shop-a");
  a = create_profile (fixture->store, "Shop A");
  c = create_profile (fixture->store, "../../etc");

  /* Distinct names, one slug: distinct files. */
  g_assert_true (file_exists (fixture->profiles_dir, "shop-a.json"));
  g_assert_true (file_exists (fixture->profiles_dir, "shop-a-2.json"));
  g_assert_true (file_exists (fixture->profiles_dir, "etc.json"));
  {
    g_autoptr(GFile) parent = g_file_get_parent (tw_profile_get_file (c));

    g_assert_cmpstr (g_file_peek_path (parent), ==, fixture->profiles_dir);
  }

  /* Sorted by name, ignoring case. */
  g_assert_true (item (fixture->store, 0) == c);
  g_assert_true (item (fixture->store, 1) == a);
  g_assert_true (item (fixture->store, 2) == b);

  /* Names are unique, ignoring case; invalid ones are refused. */
  tw_profile_store_create_async (fixture->store, "SHOP A", NULL, tw_test_keep_result_cb, &result);
  g_assert_null (tw_profile_store_create_finish (fixture->store, tw_test_wait_for_result (&result),
                                                 &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_object (&result);

  tw_profile_store_create_async (fixture->store, " padded", NULL, tw_test_keep_result_cb, &result);
  g_assert_null (tw_profile_store_create_finish (fixture->store, tw_test_wait_for_result (&result),
                                                 &error));
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_cmpuint (n_items (fixture->store), ==, 3);
  g_assert_cmpuint (count_entries (fixture->profiles_dir), ==, 3);
}

static void
test_store_no_secret_on_disk (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwAuth) auth = tw_auth_new_for_token (TOKEN);
  g_autoptr(TwCredentials) credentials = tw_credentials_new_in_memory ();
  g_autoptr(GString) everything = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  TwProfile *profile;

  tw_auth_set_client_secret (auth, CLIENT_SECRET);
  fixture->store = load_store (fixture->root, credentials);
  profile = create_profile (fixture->store, "Shop");
  tw_profile_capture (profile, auth, registration);
  tw_profile_record_registration (profile, registration, "abc", NULL);
  error = save_profile (fixture->store, profile);
  g_assert_no_error (error);
  set_last_used (fixture->store, profile);
  duplicate_profile (fixture->store, profile, "Shop copy", &error);
  g_assert_no_error (error);
  error = rename_profile (fixture->store, profile, "Shop renamed");
  g_assert_no_error (error);

  append_tree (everything, fixture->root);
  g_assert_cmpuint (everything->len, >, 0);
  assert_no_secret (everything->str);
}

static void
test_store_corrupt_files (Fixture       *fixture,
                          gconstpointer  data)
{
  const struct { const char *name; const char *contents; gssize length; } files[] = {
    { "garbage.json", "{not json", -1 },
    { "wrong-type.json", "{\"format\": 1, \"name\": [\"Shop\"]}", -1 },
    { "future.json", "{\"format\": 9, \"name\": \"Future\"}", -1 },
    { "binary.json", "{\"format\": 1, \"name\": \"\xff\"}", -1 },
    { "empty.json", "", 0 },
  };
  g_autofree char *huge = g_malloc (TW_PROFILE_MAX_FILE_SIZE + 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) originals = g_ptr_array_new_with_free_func (g_free);
  TwProfile *good;
  guint broken = 0;

  memset (huge, ' ', TW_PROFILE_MAX_FILE_SIZE + 10);
  memcpy (huge, MINIMAL_PROFILE, strlen (MINIMAL_PROFILE));
  write_file (fixture->profiles_dir, "huge.json", huge, TW_PROFILE_MAX_FILE_SIZE + 10);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    write_file (fixture->profiles_dir, files[i].name, files[i].contents, files[i].length);
  write_file (fixture->profiles_dir, "a-shop.json", MINIMAL_PROFILE, -1);
  write_file (fixture->profiles_dir, "b-shop.json", "{\"format\": 1, \"name\": \"SHOP\"}", -1);
  /* Not profiles at all: ignored. */
  write_file (fixture->profiles_dir, "notes.txt", "hello", -1);
  write_file (fixture->profiles_dir, ".hidden.json", "{", -1);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->profiles_dir, files[i].name, NULL);

      g_ptr_array_add (originals, read_file (path));
    }

  fixture->store = load_store (fixture->root, NULL);
  g_assert_cmpuint (n_items (fixture->store), ==, 8);
  for (guint i = 0; i < n_items (fixture->store); i++)
    {
      TwProfile *profile = item (fixture->store, i);

      if (tw_profile_is_broken (profile))
        {
          broken++;
          g_assert_nonnull (tw_profile_get_problem (profile));
          g_assert_true (g_str_has_suffix (tw_profile_get_name (profile), ".json"));
        }
    }
  /* Six unreadable files, and the second file claiming the name "Shop". */
  g_assert_cmpuint (broken, ==, 7);

  good = tw_profile_store_find (fixture->store, "shop");
  g_assert_nonnull (good);
  {
    g_autofree char *expected = g_build_filename (fixture->profiles_dir, "a-shop.json", NULL);

    g_assert_cmpstr (g_file_peek_path (tw_profile_get_file (good)), ==, expected);
  }

  /* A broken profile is never written over. */
  for (guint i = 0; i < n_items (fixture->store); i++)
    {
      TwProfile *profile = item (fixture->store, i);

      if (!tw_profile_is_broken (profile))
        continue;
      error = save_profile (fixture->store, profile);
      g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
      g_clear_error (&error);
      error = rename_profile (fixture->store, profile, "New name");
      g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
      g_clear_error (&error);
    }

  /* A new profile whose file name is taken by a broken file gets another. */
  create_profile (fixture->store, "Garbage");
  g_assert_true (file_exists (fixture->profiles_dir, "garbage-2.json"));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (fixture->profiles_dir, files[i].name, NULL);
      g_autofree char *now = read_file (path);

      g_assert_cmpstr (now, ==, g_ptr_array_index (originals, i));
    }

  /* Deleting a broken file is allowed: the user asked for it. */
  delete_profile (fixture->store, item (fixture->store, 0));
  g_assert_cmpuint (n_items (fixture->store), ==, 8);
}

static void
test_store_rename (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new_in_memory ();
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) looked_up = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TwSecretString) secret = NULL;
  g_autofree char *contents = NULL;
  TwProfile *profile;
  TwProfile *other;
  guint notified = 0;

  fixture->store = load_store (fixture->root, credentials);
  profile = create_profile (fixture->store, "Shop A");
  other = create_profile (fixture->store, "Other");
  set_last_used (fixture->store, profile);
  tw_credentials_store_async (credentials, "Shop A", TW_CREDENTIAL_ORDER_SECRET, SECRET_ORDER,
                              NULL, tw_test_keep_result_cb, &stored);
  g_assert_true (tw_credentials_store_finish (credentials, tw_test_wait_for_result (&stored),
                                              NULL));

  g_signal_connect (profile, "notify::name", G_CALLBACK (tw_test_count_notify), &notified);
  error = rename_profile (fixture->store, profile, "Zeta shop");
  g_assert_no_error (error);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (tw_profile_get_name (profile), ==, "Zeta shop");
  g_assert_false (file_exists (fixture->profiles_dir, "shop-a.json"));
  g_assert_true (file_exists (fixture->profiles_dir, "zeta-shop.json"));
  contents = read_file (g_file_peek_path (tw_profile_get_file (profile)));
  g_assert_nonnull (strstr (contents, "\"Zeta shop\""));
  g_assert_true (item (fixture->store, 1) == profile);
  g_assert_true (tw_profile_store_get_last_used (fixture->store) == profile);

  /* The secrets moved with it. */
  tw_credentials_lookup_async (credentials, "Zeta shop", TW_CREDENTIAL_ORDER_SECRET, NULL,
                               tw_test_keep_result_cb, &looked_up);
  secret = tw_credentials_lookup_finish (credentials, tw_test_wait_for_result (&looked_up), NULL);
  g_assert_cmpstr (secret, ==, SECRET_ORDER);

  /* Only a change of letter case: same file. */
  error = rename_profile (fixture->store, profile, "ZETA SHOP");
  g_assert_no_error (error);
  g_assert_true (file_exists (fixture->profiles_dir, "zeta-shop.json"));
  g_assert_cmpuint (count_entries (fixture->profiles_dir), ==, 2);

  error = rename_profile (fixture->store, profile, "other");
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);
  g_assert_cmpstr (tw_profile_get_name (profile), ==, "ZETA SHOP");
  g_assert_cmpstr (tw_profile_get_name (other), ==, "Other");

  /* What another store sees after a restart. */
  {
    g_autoptr(TwProfileStore) reloaded = load_store (fixture->root, NULL);
    TwProfile *last = tw_profile_store_get_last_used (reloaded);

    g_assert_nonnull (last);
    g_assert_cmpstr (tw_profile_get_name (last), ==, "ZETA SHOP");
  }
}

static void
test_store_duplicate_delete (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new_in_memory ();
  g_autoptr(TwRegistration) registration = full_registration ();
  g_autoptr(TwRegistration) loaded = tw_registration_new ();
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GError) error = NULL;
  TwProfile *profile;
  TwProfile *copy;

  fixture->store = load_store (fixture->root, credentials);
  profile = create_profile (fixture->store, "Shop");
  tw_profile_set_environment (profile, TW_ENVIRONMENT_LEGACY);
  tw_profile_capture (profile, NULL, registration);
  tw_profile_record_registration (profile, registration, "abc", NULL);
  error = save_profile (fixture->store, profile);
  g_assert_no_error (error);
  tw_credentials_save_profile_async (credentials, "Shop", NULL, registration, NULL,
                                     tw_test_keep_result_cb, &saved);
  g_assert_true (tw_credentials_save_profile_finish (credentials, tw_test_wait_for_result (&saved),
                                                     NULL));
  set_last_used (fixture->store, profile);

  copy = duplicate_profile (fixture->store, profile, "Shop 2", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (fixture->store), ==, 2);
  g_assert_cmpint (tw_profile_get_environment (copy), ==, TW_ENVIRONMENT_LEGACY);
  g_assert_cmpstr (tw_profile_get_partner_id (copy), ==, "shop-42");
  g_assert_null (tw_profile_get_last_registered (copy));
  g_assert_true (file_exists (fixture->profiles_dir, "shop-2.json"));
  g_assert_true (tw_credentials_load_profile (credentials, "Shop 2", NULL, loaded, NULL, NULL));
  g_assert_cmpstr (tw_hook_get_secret_key (hook (loaded, TW_HOOK_STOCK)), ==, SECRET_STOCK);

  duplicate_profile (fixture->store, profile, "shop", &error);
  g_assert_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT);

  delete_profile (fixture->store, profile);
  g_assert_cmpuint (n_items (fixture->store), ==, 1);
  g_assert_true (item (fixture->store, 0) == copy);
  g_assert_false (file_exists (fixture->profiles_dir, "shop.json"));
  g_assert_null (tw_profile_store_get_last_used (fixture->store));
  /* Its secrets went with it; the copy keeps its own. */
  g_assert_true (tw_credentials_load_profile (credentials, "Shop", NULL, loaded, NULL, NULL));
  g_assert_cmpstr (tw_hook_get_secret_key (hook (loaded, TW_HOOK_STOCK)), ==, "");
  g_assert_true (tw_credentials_load_profile (credentials, "Shop 2", NULL, loaded, NULL, NULL));
  g_assert_cmpstr (tw_hook_get_secret_key (hook (loaded, TW_HOOK_STOCK)), ==, SECRET_STOCK);

  {
    g_autoptr(TwProfileStore) reloaded = load_store (fixture->root, NULL);

    g_assert_null (tw_profile_store_get_last_used (reloaded));
    g_assert_cmpuint (n_items (reloaded), ==, 1);
  }
}

static void
test_store_last_used (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *state_path = g_build_filename (fixture->root, "state.json", NULL);
  g_autoptr(GError) error = NULL;
  TwProfile *a;
  TwProfile *b;
  GStatBuf st;

  fixture->store = load_store (fixture->root, NULL);
  a = create_profile (fixture->store, "A");
  b = create_profile (fixture->store, "B");
  g_assert_null (tw_profile_store_get_last_used (fixture->store));

  set_last_used (fixture->store, b);
  g_assert_true (tw_profile_store_get_last_used (fixture->store) == b);
  g_assert_cmpint (g_stat (state_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  set_last_used (fixture->store, a);

  {
    g_autoptr(TwProfileStore) reloaded = load_store (fixture->root, NULL);

    g_assert_cmpstr (tw_profile_get_name (tw_profile_store_get_last_used (reloaded)), ==, "A");
  }

  /* A damaged state file means no last profile, not a failure. */
  write_file (fixture->root, "state.json", "{\"last_profile\": ", -1);
  {
    g_autoptr(TwProfileStore) reloaded = load_store (fixture->root, NULL);

    g_assert_null (tw_profile_store_get_last_used (reloaded));
  }

  set_last_used (fixture->store, NULL);
  g_assert_null (tw_profile_store_get_last_used (fixture->store));
}

static void
test_store_sync_load (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (fixture->root);
  g_autoptr(TwProfileStore) store = tw_profile_store_new (dir);
  g_autoptr(GError) error = NULL;

  write_file (fixture->profiles_dir, "x.json", MINIMAL_PROFILE, -1);
  write_file (fixture->root, "state.json", "{\"format\": 1, \"last_profile\": \"shop\"}", -1);

  g_assert_true (tw_profile_store_load (store, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (store), ==, 1);
  g_assert_true (tw_profile_store_get_last_used (store) == item (store, 0));

  /* The default location follows XDG_CONFIG_HOME. */
  {
    g_autoptr(TwProfileStore) standard = tw_profile_store_new (NULL);
    g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "tiki-webhooks",
                                                  NULL);

    g_assert_cmpstr (g_file_peek_path (tw_profile_store_get_config_dir (standard)), ==,
                     expected);
  }
}

static void
add_store_test (const char *path,
                void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/profile/json/round-trip", test_json_round_trip);
  g_test_add_func ("/tw/profile/json/no-secret", test_json_no_secret);
  g_test_add_func ("/tw/profile/json/public-app", test_json_public_app);
  g_test_add_func ("/tw/profile/json/minimal", test_json_minimal_and_unknown_keys);
  g_test_add_func ("/tw/profile/json/strict", test_json_strict);
  g_test_add_func ("/tw/profile/json/hostile", test_json_hostile);
  g_test_add_func ("/tw/profile/json/mutations", test_json_mutations);
  g_test_add_func ("/tw/profile/check-name", test_check_name);
  g_test_add_func ("/tw/profile/notify", test_notify);
  g_test_add_func ("/tw/profile/apply-capture", test_apply_capture);
  g_test_add_func ("/tw/profile/diff/never-and-none", test_diff_never_and_none);
  g_test_add_func ("/tw/profile/diff/warehouses", test_diff_warehouses);
  g_test_add_func ("/tw/profile/diff/url-and-secret", test_diff_url_and_secret);
  g_test_add_func ("/tw/profile/diff/hooks-switched", test_diff_hooks_switched);
  g_test_add_func ("/tw/profile/diff/partner-and-environment", test_diff_partner_and_environment);
  add_store_test ("/tw/profile-store/empty", test_store_empty);
  add_store_test ("/tw/profile-store/create-and-save", test_store_create_and_save);
  add_store_test ("/tw/profile-store/names", test_store_names);
  add_store_test ("/tw/profile-store/no-secret-on-disk", test_store_no_secret_on_disk);
  add_store_test ("/tw/profile-store/corrupt-files", test_store_corrupt_files);
  add_store_test ("/tw/profile-store/rename", test_store_rename);
  add_store_test ("/tw/profile-store/duplicate-delete", test_store_duplicate_delete);
  add_store_test ("/tw/profile-store/last-used", test_store_last_used);
  add_store_test ("/tw/profile-store/sync-load", test_store_sync_load);

  return g_test_run ();
}
