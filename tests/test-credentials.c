/* test-credentials.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <locale.h>
#include <string.h>

#include "tw-credentials.h"
#include "tw-error.h"
#include "tw-secret.h"
#include "tw-test-http.h"

#define TOKEN "tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
#define CLIENT_SECRET "cs-Zq3Wx8Ev5Rc2Tb7Yn1Um4Ik6Ol9Pa0"
#define SECRET_ORDER "Q7fLm2VxR9tKc4NwB8yHd3JpZ6sGa1Ue"
#define SECRET_STOCK "M4nBv8CxZ2lKj6HgF9dSa3PoI7uYt5Re"
#define SECRET_AFTERSALE "Hs8Dk2Lq5Wz9Xc3Vb7Nm1Qa4Er6Ty0Ui"

/* Every log line of the process, to prove no secret reaches one. */
static GString *log_text;

static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        g_string_append_printf (log_text, "%s\n", (const char *) fields[i].value);
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
assert_not_logged (const char *secret)
{
  g_assert_null (strstr (log_text->str, secret));
}

static void
store (TwCredentials    *credentials,
       const char       *profile,
       TwCredentialKind  kind,
       const char       *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_credentials_store_async (credentials, profile, kind, secret, NULL, tw_test_keep_result_cb,
                              &result);
  g_assert_true (tw_credentials_store_finish (credentials, tw_test_wait_for_result (&result),
                                              &error));
  g_assert_no_error (error);
}

static char *
lookup (TwCredentials    *credentials,
        const char       *profile,
        TwCredentialKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  tw_credentials_lookup_async (credentials, profile, kind, NULL, tw_test_keep_result_cb, &result);
  secret = tw_credentials_lookup_finish (credentials, tw_test_wait_for_result (&result), &error);
  g_assert_no_error (error);
  return secret;
}

static void
assert_stored (TwCredentials    *credentials,
               const char       *profile,
               TwCredentialKind  kind,
               const char       *expected)
{
  g_autoptr(TwSecretString) secret = lookup (credentials, profile, kind);

  g_assert_cmpstr (secret, ==, expected);
}

static void
clear (TwCredentials    *credentials,
       const char       *profile,
       TwCredentialKind  kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_credentials_clear_async (credentials, profile, kind, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_credentials_clear_finish (credentials, tw_test_wait_for_result (&result),
                                              &error));
  g_assert_no_error (error);
}

static void
forget (TwCredentials *credentials,
        const char    *profile)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_credentials_forget_profile_async (credentials, profile, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_credentials_forget_profile_finish (credentials,
                                                       tw_test_wait_for_result (&result), &error));
  g_assert_no_error (error);
}

static void
copy_profile (TwCredentials *credentials,
              const char    *from,
              const char    *to,
              gboolean       move)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_credentials_copy_profile_async (credentials, from, to, move, NULL, tw_test_keep_result_cb,
                                     &result);
  g_assert_true (tw_credentials_copy_profile_finish (credentials, tw_test_wait_for_result (&result),
                                                     &error));
  g_assert_no_error (error);
}

static void
save_profile (TwCredentials  *credentials,
              const char     *profile,
              TwAuth         *auth,
              TwRegistration *registration)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_credentials_save_profile_async (credentials, profile, auth, registration, NULL,
                                     tw_test_keep_result_cb, &result);
  g_assert_true (tw_credentials_save_profile_finish (credentials, tw_test_wait_for_result (&result),
                                                     &error));
  g_assert_no_error (error);
}

static void
load_profile (TwCredentials  *credentials,
              const char     *profile,
              TwAuth         *auth,
              TwRegistration *registration)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_credentials_load_profile_async (credentials, profile, auth, registration, NULL,
                                     tw_test_keep_result_cb, &result);
  g_assert_true (tw_credentials_load_profile_finish (credentials, tw_test_wait_for_result (&result),
                                                     &error));
  g_assert_no_error (error);
}

static void
count_cb (gpointer  instance,
          gpointer  arg,
          gpointer  user_data)
{
  (*(guint *) user_data)++;
}

static void
remember_message_cb (TwCredentials *credentials,
                     const char    *message,
                     gpointer       user_data)
{
  char **out = user_data;

  g_free (*out);
  *out = g_strdup (message);
}

static TwRegistration *
registration_with_secrets (void)
{
  TwRegistration *registration = tw_registration_new ();

  tw_hook_set_secret_key (tw_registration_get_hook (registration, TW_HOOK_ORDER), SECRET_ORDER);
  tw_hook_set_secret_key (tw_registration_get_hook (registration, TW_HOOK_STOCK), SECRET_STOCK);
  tw_hook_set_secret_key (tw_registration_get_hook (registration, TW_HOOK_AFTERSALE),
                          SECRET_AFTERSALE);
  return registration;
}

static const char *
hook_secret (TwRegistration *registration,
             TwHookKind      kind)
{
  return tw_hook_get_secret_key (tw_registration_get_hook (registration, kind));
}

/* Keyring tests need the bus of build-aux/run-tests.sh, with its unlocked
 * throwaway keyring; without one they are skipped rather than run against
 * (or blocked by) the user's own keyring. */
static gboolean
need_keyring (void)
{
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    return TRUE;

  g_test_skip ("no session bus: run through build-aux/run-tests.sh");
  return FALSE;
}

static TwCredentials *
new_keyring_credentials (guint *unavailable)
{
  TwCredentials *credentials = tw_credentials_new ();

  g_signal_connect (credentials, "unavailable", G_CALLBACK (count_cb), unavailable);
  return credentials;
}

/* Files: nothing may hold a secret in clear */

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  gsize n = strlen (needle);

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + n <= length; i++)
    {
      if (memcmp (data + i, needle, n) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
scan_tree (const char         *dir_path,
           const char * const *needles)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint found = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        found += scan_tree (path, needles);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        for (guint i = 0; needles[i] != NULL; i++)
          found += file_contains (path, needles[i]);
    }

  return found;
}

static guint
count_files (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint count = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      count += g_file_test (path, G_FILE_TEST_IS_DIR) ? count_files (path) : 1;
    }
  return count;
}

/* Points HOME and the XDG folders of this (sub)process at a fresh folder,
 * whose path is returned, so whatever is written there can be checked. */
static char *
isolate_home (void)
{
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("tw-credentials-XXXXXX", &error);
  const char *vars[] = { "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME",
                         "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (root, vars[i], NULL);

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
  return root;
}

/* Tests */

static void
test_kinds (void)
{
  g_autofree char *label = NULL;

  for (guint i = 0; i < TW_N_CREDENTIAL_KINDS; i++)
    {
      TwCredentialKind kind;

      g_assert_true (tw_credential_kind_from_string (tw_credential_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
  g_assert_false (tw_credential_kind_from_string ("password", NULL));
  g_assert_false (tw_credential_kind_from_string (NULL, NULL));

  g_assert_cmpint (tw_credential_kind_for_hook (TW_HOOK_ORDER), ==, TW_CREDENTIAL_ORDER_SECRET);
  g_assert_cmpint (tw_credential_kind_for_hook (TW_HOOK_STOCK), ==, TW_CREDENTIAL_STOCK_SECRET);
  g_assert_cmpint (tw_credential_kind_for_hook (TW_HOOK_AFTERSALE), ==,
                   TW_CREDENTIAL_AFTERSALE_SECRET);

  label = tw_credential_kind_get_label (TW_CREDENTIAL_ORDER_SECRET, "Shop A");
  g_assert_cmpstr (label, ==, "Tiki Webhooks: order webhook secret key (profile “Shop A”)");
}

static void
test_keyring_round_trip (void)
{
  const char *profile = "test-credentials round trip";
  g_autoptr(TwCredentials) credentials = NULL;
  guint unavailable = 0;

  if (!need_keyring ())
    return;

  credentials = new_keyring_credentials (&unavailable);
  g_assert_true (tw_credentials_get_use_keyring (credentials));

  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, NULL);
  store (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);
  g_assert_true (tw_credentials_get_persistent (credentials));
  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);

  /* Another object sees the same keyring: the secret persisted. */
  {
    g_autoptr(TwCredentials) other = tw_credentials_new ();

    assert_stored (other, profile, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);
  }

  store (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, SECRET_ORDER);
  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, SECRET_ORDER);

  clear (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN);
  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, NULL);
  clear (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN);

  g_assert_cmpuint (unavailable, ==, 0);
  g_assert_true (tw_credentials_get_persistent (credentials));
  assert_not_logged (TOKEN);
  assert_not_logged (SECRET_ORDER);
}

static void
test_keyring_isolation (void)
{
  const char *shop_a = "test-credentials Shop A";
  const char *shop_b = "test-credentials Shop B";
  g_autoptr(TwCredentials) credentials = NULL;
  guint unavailable = 0;

  if (!need_keyring ())
    return;

  credentials = new_keyring_credentials (&unavailable);
  store (credentials, shop_a, TW_CREDENTIAL_ORDER_SECRET, SECRET_ORDER);
  store (credentials, shop_a, TW_CREDENTIAL_STOCK_SECRET, SECRET_STOCK);
  store (credentials, shop_b, TW_CREDENTIAL_ORDER_SECRET, SECRET_AFTERSALE);

  assert_stored (credentials, shop_a, TW_CREDENTIAL_ORDER_SECRET, SECRET_ORDER);
  assert_stored (credentials, shop_b, TW_CREDENTIAL_ORDER_SECRET, SECRET_AFTERSALE);
  assert_stored (credentials, shop_b, TW_CREDENTIAL_STOCK_SECRET, NULL);
  /* A profile name is matched exactly, not as a prefix. */
  assert_stored (credentials, "test-credentials Shop", TW_CREDENTIAL_ORDER_SECRET, NULL);

  forget (credentials, shop_a);
  assert_stored (credentials, shop_a, TW_CREDENTIAL_ORDER_SECRET, NULL);
  assert_stored (credentials, shop_a, TW_CREDENTIAL_STOCK_SECRET, NULL);
  assert_stored (credentials, shop_b, TW_CREDENTIAL_ORDER_SECRET, SECRET_AFTERSALE);

  forget (credentials, shop_b);
  assert_stored (credentials, shop_b, TW_CREDENTIAL_ORDER_SECRET, NULL);
  g_assert_cmpuint (unavailable, ==, 0);
}

/* The keyring is read over D-Bus directly, not through the library under
 * test: what a keyring manager would show. */
static GVariant *
call_keyring (const char         *path,
              const char         *interface,
              const char         *method,
              GVariant           *parameters,
              const GVariantType *reply_type)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_assert_nonnull (bus);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", path, interface, method,
                                       parameters, reply_type, G_DBUS_CALL_FLAGS_NONE, 5000,
                                       NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* The object paths of the items of @profile. */
static GStrv
search_items (const char *profile)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) unlocked = NULL;
  GVariantBuilder attributes;

  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", TW_CREDENTIALS_SCHEMA_NAME);
  g_variant_builder_add (&attributes, "{ss}", "profile", profile);
  reply = call_keyring ("/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                        "SearchItems", g_variant_new ("(a{ss})", &attributes),
                        G_VARIANT_TYPE ("(aoao)"));
  unlocked = g_variant_get_child_value (reply, 0);
  return g_variant_dup_objv (unlocked, NULL);
}

static GVariant *
item_property (const char *path,
               const char *name)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *value = NULL;

  reply = call_keyring (path, "org.freedesktop.DBus.Properties", "Get",
                        g_variant_new ("(ss)", "org.freedesktop.Secret.Item", name),
                        G_VARIANT_TYPE ("(v)"));
  g_variant_get (reply, "(v)", &value);
  return value;
}

static char *
item_label (const char *path)
{
  g_autoptr(GVariant) label = item_property (path, "Label");

  return g_variant_dup_string (label, NULL);
}

static char *
item_attribute (const char *path,
                const char *key)
{
  g_autoptr(GVariant) attributes = item_property (path, "Attributes");
  char *value = NULL;

  g_variant_lookup (attributes, key, "s", &value);
  return value;
}

static void
test_keyring_labels (void)
{
  const char *profile = "test-credentials Cửa hàng “A”";
  g_autoptr(TwCredentials) credentials = NULL;
  g_auto(GStrv) items = NULL;
  g_auto(GStrv) after = NULL;
  guint unavailable = 0;

  if (!need_keyring ())
    return;

  credentials = new_keyring_credentials (&unavailable);
  store (credentials, profile, TW_CREDENTIAL_STOCK_SECRET, SECRET_STOCK);
  store (credentials, profile, TW_CREDENTIAL_CLIENT_SECRET, CLIENT_SECRET);

  items = search_items (profile);
  g_assert_cmpuint (g_strv_length (items), ==, 2);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *label = item_label (items[i]);
      g_autofree char *kind_name = item_attribute (items[i], "kind");
      g_autofree char *owner = item_attribute (items[i], "profile");
      g_autofree char *expected = NULL;
      TwCredentialKind kind;

      g_assert_true (tw_credential_kind_from_string (kind_name, &kind));
      expected = tw_credential_kind_get_label (kind, profile);
      g_assert_cmpstr (label, ==, expected);
      g_assert_cmpstr (owner, ==, profile);
      g_assert_null (strstr (label, SECRET_STOCK));
      g_assert_null (strstr (label, CLIENT_SECRET));
    }

  forget (credentials, profile);
  after = search_items (profile);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
}

static void
test_keyring_profile_load_save (void)
{
  const char *profile = "test-credentials load save";
  g_autoptr(TwCredentials) credentials = NULL;
  g_autoptr(TwAuth) auth = tw_auth_new_for_token (TOKEN);
  g_autoptr(TwRegistration) registration = registration_with_secrets ();
  g_autoptr(TwAuth) loaded_auth = tw_auth_new ();
  g_autoptr(TwRegistration) loaded = tw_registration_new ();
  guint unavailable = 0;

  if (!need_keyring ())
    return;

  credentials = new_keyring_credentials (&unavailable);
  tw_auth_set_client_secret (auth, CLIENT_SECRET);
  save_profile (credentials, profile, auth, registration);

  /* Left-overs of another profile must not survive a load. */
  tw_auth_set_access_token (loaded_auth, "someone else's token");
  load_profile (credentials, profile, loaded_auth, loaded);
  g_assert_cmpstr (tw_auth_get_access_token (loaded_auth), ==, TOKEN);
  g_assert_cmpstr (tw_auth_get_client_secret (loaded_auth), ==, CLIENT_SECRET);
  g_assert_cmpstr (hook_secret (loaded, TW_HOOK_ORDER), ==, SECRET_ORDER);
  g_assert_cmpstr (hook_secret (loaded, TW_HOOK_STOCK), ==, SECRET_STOCK);
  g_assert_cmpstr (hook_secret (loaded, TW_HOOK_AFTERSALE), ==, SECRET_AFTERSALE);

  /* An emptied value removes the stored one. */
  tw_hook_set_secret_key (tw_registration_get_hook (registration, TW_HOOK_STOCK), "");
  save_profile (credentials, profile, NULL, registration);
  assert_stored (credentials, profile, TW_CREDENTIAL_STOCK_SECRET, NULL);
  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);

  /* The synchronous variant, for the CLI. */
  {
    g_autoptr(TwRegistration) again = tw_registration_new ();
    g_autoptr(GError) error = NULL;

    tw_hook_set_secret_key (tw_registration_get_hook (again, TW_HOOK_STOCK), SECRET_ORDER);
    g_assert_true (tw_credentials_load_profile (credentials, profile, NULL, again, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (hook_secret (again, TW_HOOK_ORDER), ==, SECRET_ORDER);
    g_assert_cmpstr (hook_secret (again, TW_HOOK_STOCK), ==, "");
  }

  forget (credentials, profile);
  g_assert_cmpuint (unavailable, ==, 0);
}

/* A public-app login: the access and refresh tokens go to the keyring,
 * the expiry the profile applied survives the load, and another mode
 * removes the refresh token. */
static void
test_keyring_public_app (void)
{
  const char *profile = "test-credentials public app";
  const char *refresh = "rt-Hs8Dk2Lq5Wz9Xc3Vb7Nm1Qa4Er6Ty0";
  g_autoptr(TwCredentials) credentials = NULL;
  g_autoptr(TwAuth) auth = tw_auth_new_for_client ("app", CLIENT_SECRET, TW_AUTH_METHOD_BASIC);
  g_autoptr(TwAuth) loaded = tw_auth_new ();
  g_autoptr(GDateTime) expiry = g_date_time_new_utc (2030, 1, 2, 3, 4, 5);
  guint unavailable = 0;

  if (!need_keyring ())
    return;

  credentials = new_keyring_credentials (&unavailable);
  tw_auth_set_mode (auth, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_granted_token (auth, TOKEN, 3600, "bearer", NULL);
  tw_auth_set_refresh_token (auth, refresh);
  save_profile (credentials, profile, auth, NULL);
  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);
  assert_stored (credentials, profile, TW_CREDENTIAL_REFRESH_TOKEN, refresh);
  assert_stored (credentials, profile, TW_CREDENTIAL_CLIENT_SECRET, CLIENT_SECRET);

  tw_auth_set_mode (loaded, TW_AUTH_MODE_PUBLIC_APP);
  tw_auth_set_expires_at (loaded, expiry);
  tw_auth_set_refresh_token (loaded, "someone else's refresh token");
  load_profile (credentials, profile, loaded, NULL);
  g_assert_cmpstr (tw_auth_get_access_token (loaded), ==, TOKEN);
  g_assert_cmpstr (tw_auth_get_refresh_token (loaded), ==, refresh);
  g_assert_nonnull (tw_auth_get_expires_at (loaded));
  g_assert_true (g_date_time_equal (tw_auth_get_expires_at (loaded), expiry));
  g_assert_true (tw_auth_is_logged_in (loaded));

  /* Logged out: both tokens go. */
  tw_auth_set_refresh_token (auth, NULL);
  tw_auth_forget_token (auth);
  save_profile (credentials, profile, auth, NULL);
  assert_stored (credentials, profile, TW_CREDENTIAL_ACCESS_TOKEN, NULL);
  assert_stored (credentials, profile, TW_CREDENTIAL_REFRESH_TOKEN, NULL);

  /* Another mode leaves no refresh token behind. */
  store (credentials, profile, TW_CREDENTIAL_REFRESH_TOKEN, refresh);
  tw_auth_set_mode (auth, TW_AUTH_MODE_CLIENT_CREDENTIALS);
  save_profile (credentials, profile, auth, NULL);
  assert_stored (credentials, profile, TW_CREDENTIAL_REFRESH_TOKEN, NULL);

  assert_not_logged (refresh);
  assert_not_logged (TOKEN);
  forget (credentials, profile);
  g_assert_cmpuint (unavailable, ==, 0);
}

static void
test_keyring_copy_move (void)
{
  const char *from = "test-credentials copy from";
  const char *to = "test-credentials copy to";
  const char *moved = "test-credentials moved";
  g_autoptr(TwCredentials) credentials = NULL;
  guint unavailable = 0;

  if (!need_keyring ())
    return;

  credentials = new_keyring_credentials (&unavailable);
  store (credentials, from, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);
  store (credentials, from, TW_CREDENTIAL_AFTERSALE_SECRET, SECRET_AFTERSALE);

  copy_profile (credentials, from, to, FALSE);
  assert_stored (credentials, to, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);
  assert_stored (credentials, to, TW_CREDENTIAL_AFTERSALE_SECRET, SECRET_AFTERSALE);
  assert_stored (credentials, from, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);

  copy_profile (credentials, from, moved, TRUE);
  assert_stored (credentials, moved, TW_CREDENTIAL_ACCESS_TOKEN, TOKEN);
  assert_stored (credentials, from, TW_CREDENTIAL_ACCESS_TOKEN, NULL);
  assert_stored (credentials, from, TW_CREDENTIAL_AFTERSALE_SECRET, NULL);

  /* The copies are labelled with their own profile. */
  {
    g_auto(GStrv) items = search_items (moved);
    g_autofree char *label = NULL;

    g_assert_cmpuint (g_strv_length (items), ==, 2);
    label = item_label (items[0]);
    g_assert_nonnull (strstr (label, moved));
  }

  forget (credentials, to);
  forget (credentials, moved);
  g_assert_cmpuint (unavailable, ==, 0);
}

static void
test_client_credentials_mode (void)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new_in_memory ();
  g_autoptr(TwAuth) auth = tw_auth_new_for_client ("client-1", CLIENT_SECRET,
                                                   TW_AUTH_METHOD_POST);
  g_autoptr(TwAuth) loaded = tw_auth_new_for_client ("client-1", NULL, TW_AUTH_METHOD_POST);

  /* A granted token is short-lived and not ours to keep... */
  tw_auth_set_granted_token (auth, TOKEN, 3600, "bearer", NULL);
  save_profile (credentials, "Shop", auth, NULL);
  assert_stored (credentials, "Shop", TW_CREDENTIAL_ACCESS_TOKEN, NULL);
  assert_stored (credentials, "Shop", TW_CREDENTIAL_CLIENT_SECRET, CLIENT_SECRET);

  /* ...and a pasted one stored earlier is not loaded in this mode. */
  store (credentials, "Shop", TW_CREDENTIAL_ACCESS_TOKEN, "pasted-token");
  load_profile (credentials, "Shop", loaded, NULL);
  g_assert_cmpstr (tw_auth_get_client_secret (loaded), ==, CLIENT_SECRET);
  g_assert_null (tw_auth_get_access_token (loaded));
}

static void
test_cancelled (void)
{
  g_autoptr(TwCredentials) credentials = tw_credentials_new_in_memory ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) load_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) load_error = NULL;

  store (credentials, "Shop", TW_CREDENTIAL_ORDER_SECRET, SECRET_ORDER);
  g_cancellable_cancel (cancellable);

  tw_credentials_lookup_async (credentials, "Shop", TW_CREDENTIAL_ORDER_SECRET, cancellable,
                               tw_test_keep_result_cb, &result);
  g_assert_null (tw_credentials_lookup_finish (credentials, tw_test_wait_for_result (&result),
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* Nothing is applied by a cancelled load. */
  tw_credentials_load_profile_async (credentials, "Shop", NULL, registration, cancellable,
                                     tw_test_keep_result_cb, &load_result);
  g_assert_false (tw_credentials_load_profile_finish (credentials,
                                                      tw_test_wait_for_result (&load_result),
                                                      &load_error));
  g_assert_error (load_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (hook_secret (registration, TW_HOOK_ORDER), ==, "");
}

/* The whole life of a profile's secrets without a keyring; nothing may be
 * written anywhere. Runs in a subprocess with its own HOME. */
static void
exercise_in_memory (TwCredentials *credentials,
                    const char    *root)
{
  g_autoptr(TwAuth) auth = tw_auth_new_for_token (TOKEN);
  g_autoptr(TwRegistration) registration = registration_with_secrets ();
  g_autoptr(TwAuth) loaded_auth = tw_auth_new ();
  g_autoptr(TwRegistration) loaded = tw_registration_new ();
  const char * const needles[] = { TOKEN, CLIENT_SECRET, SECRET_ORDER, SECRET_STOCK,
                                   SECRET_AFTERSALE, NULL };

  tw_auth_set_client_secret (auth, CLIENT_SECRET);
  save_profile (credentials, "Shop A", auth, registration);
  store (credentials, "Shop B", TW_CREDENTIAL_ORDER_SECRET, SECRET_STOCK);

  load_profile (credentials, "Shop A", loaded_auth, loaded);
  g_assert_cmpstr (tw_auth_get_access_token (loaded_auth), ==, TOKEN);
  g_assert_cmpstr (tw_auth_get_client_secret (loaded_auth), ==, CLIENT_SECRET);
  g_assert_cmpstr (hook_secret (loaded, TW_HOOK_AFTERSALE), ==, SECRET_AFTERSALE);
  assert_stored (credentials, "Shop B", TW_CREDENTIAL_ORDER_SECRET, SECRET_STOCK);

  copy_profile (credentials, "Shop A", "Shop C", TRUE);
  assert_stored (credentials, "Shop C", TW_CREDENTIAL_ORDER_SECRET, SECRET_ORDER);
  assert_stored (credentials, "Shop A", TW_CREDENTIAL_ORDER_SECRET, NULL);
  clear (credentials, "Shop C", TW_CREDENTIAL_ORDER_SECRET);
  assert_stored (credentials, "Shop C", TW_CREDENTIAL_ORDER_SECRET, NULL);
  forget (credentials, "Shop B");
  assert_stored (credentials, "Shop B", TW_CREDENTIAL_ORDER_SECRET, NULL);

  g_assert_false (tw_credentials_get_persistent (credentials));
  g_assert_cmpuint (count_files (root), ==, 0);
  g_assert_cmpuint (scan_tree (root, needles), ==, 0);
  for (guint i = 0; needles[i] != NULL; i++)
    assert_not_logged (needles[i]);
}

static void
test_no_keyring_detected (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *root = isolate_home ();
      g_autoptr(TwCredentials) credentials = NULL;
      g_autofree char *message = NULL;
      guint unavailable = 0;
      guint persistent_notified = 0;

      /* A bus that is not there: the real detection has to notice. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tw-test-bus", TRUE);
      g_unsetenv ("SECRET_BACKEND");
      g_log_set_debug_enabled (TRUE);

      credentials = tw_credentials_new ();
      g_assert_true (tw_credentials_get_persistent (credentials));
      g_signal_connect (credentials, "unavailable", G_CALLBACK (count_cb), &unavailable);
      g_signal_connect (credentials, "unavailable", G_CALLBACK (remember_message_cb), &message);
      g_signal_connect (credentials, "notify::persistent", G_CALLBACK (count_cb),
                        &persistent_notified);

      exercise_in_memory (credentials, root);

      g_assert_cmpuint (unavailable, ==, 1);
      g_assert_cmpuint (persistent_notified, ==, 1);
      g_assert_nonnull (strstr (message, "memory"));
      tw_test_remove_tree (root);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_memory_only (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *root = isolate_home ();
      g_autoptr(TwCredentials) credentials = NULL;
      guint unavailable = 0;

      /* Were the keyring probed, this bus would make it say so. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tw-test-bus", TRUE);

      credentials = tw_credentials_new_in_memory ();
      g_signal_connect (credentials, "unavailable", G_CALLBACK (count_cb), &unavailable);
      g_assert_false (tw_credentials_get_use_keyring (credentials));
      g_assert_false (tw_credentials_get_persistent (credentials));

      exercise_in_memory (credentials, root);

      g_assert_cmpuint (unavailable, ==, 0);
      tw_test_remove_tree (root);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  log_text = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);

  g_test_add_func ("/tw/credentials/kinds", test_kinds);
  g_test_add_func ("/tw/credentials/keyring/round-trip", test_keyring_round_trip);
  g_test_add_func ("/tw/credentials/keyring/isolation", test_keyring_isolation);
  g_test_add_func ("/tw/credentials/keyring/labels", test_keyring_labels);
  g_test_add_func ("/tw/credentials/keyring/load-save", test_keyring_profile_load_save);
  g_test_add_func ("/tw/credentials/keyring/copy-move", test_keyring_copy_move);
  g_test_add_func ("/tw/credentials/keyring/public-app", test_keyring_public_app);
  g_test_add_func ("/tw/credentials/client-credentials-mode", test_client_credentials_mode);
  g_test_add_func ("/tw/credentials/cancelled", test_cancelled);
  g_test_add_func ("/tw/credentials/no-keyring/detected", test_no_keyring_detected);
  g_test_add_func ("/tw/credentials/no-keyring/memory-only", test_memory_only);

  status = g_test_run ();

  secret_service_disconnect ();
  g_string_free (log_text, TRUE);
  return status;
}
