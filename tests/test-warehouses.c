/* test-warehouses.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-warehouses"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tw-warehouses.h"

/* The codes tikinow-api.md §3 found in the TNSL documentation. */
static const char * const documented_codes[] = {
  "sgn", "sgn3", "hn5", "tbn1", "tbn2", "tbn3", "tiger1", "tiger2", NULL
};

/* The codes found only in the 2020 marketplace list. */
static const char * const legacy_codes[] = {
  "hn", "hn4", "ct", "dn", "hp", "ts", "nt", "vln", "bfsgn", NULL
};

static gboolean
code_is_well_formed (const char *code)
{
  gsize length = strlen (code);

  if (length < 2 || length > 16)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p))
        return FALSE;
    }
  return TRUE;
}

static void
test_catalogue_loads (void)
{
  GListModel *model = tw_warehouses_get_default ();
  g_autoptr(TwWarehouse) first = NULL;

  g_assert_nonnull (model);
  g_assert_true (model == tw_warehouses_get_default ());
  g_assert_true (g_list_model_get_item_type (model) == TW_TYPE_WAREHOUSE);
  g_assert_cmpuint (g_list_model_get_n_items (model),
                    ==, g_strv_length ((char **) documented_codes) +
                        g_strv_length ((char **) legacy_codes));

  /* Documented codes come first, in the order of the data file. */
  first = g_list_model_get_item (model, 0);
  g_assert_cmpstr (tw_warehouse_get_code (first), ==, "sgn");
  g_assert_null (g_list_model_get_item (model, g_list_model_get_n_items (model)));
}

static void
test_catalogue_entries_well_formed (void)
{
  GListModel *model = tw_warehouses_get_default ();
  static const char * const regions[] = {
    "hcm", "hanoi", "north", "central", "south", "unknown", NULL
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwWarehouse) warehouse = g_list_model_get_item (model, i);
      const char *code = tw_warehouse_get_code (warehouse);

      g_assert_true (code_is_well_formed (code));
      g_assert_true (g_hash_table_add (seen, (gpointer) code));
      g_assert_true (g_strv_contains (regions, tw_warehouse_get_region (warehouse)));
      g_assert_cmpstr (tw_warehouse_get_name_vi (warehouse), !=, "");
      g_assert_cmpstr (tw_warehouse_get_name_en (warehouse), !=, "");
      g_assert_true (g_utf8_validate (tw_warehouse_get_name_vi (warehouse), -1, NULL));
      g_assert_cmpstr (tw_warehouse_get_region_title (warehouse), !=, "");
    }
}

static void
test_lookup_case_insensitive (void)
{
  TwWarehouse *sgn = tw_warehouses_lookup ("sgn");

  g_assert_nonnull (sgn);
  g_assert_true (tw_warehouses_lookup ("SGN") == sgn);
  g_assert_true (tw_warehouses_lookup ("Sgn") == sgn);
  g_assert_cmpstr (tw_warehouse_get_code (tw_warehouses_lookup ("TIGER1")), ==, "tiger1");
  g_assert_cmpstr (tw_warehouse_get_code (tw_warehouses_lookup ("Hn5")), ==, "hn5");
}

static void
test_lookup_unknown (void)
{
  g_assert_null (tw_warehouses_lookup ("zzz"));
  g_assert_null (tw_warehouses_lookup (""));
  g_assert_null (tw_warehouses_lookup ("sgn "));
  g_assert_null (tw_warehouses_lookup ("sgn4"));
  g_assert_null (tw_warehouses_lookup ("sg"));
}

static void
test_documented_flag (void)
{
  for (guint i = 0; documented_codes[i] != NULL; i++)
    {
      TwWarehouse *warehouse = tw_warehouses_lookup (documented_codes[i]);
      gboolean documented = FALSE;

      g_assert_nonnull (warehouse);
      g_assert_true (tw_warehouse_get_documented (warehouse));
      g_object_get (warehouse, "documented", &documented, NULL);
      g_assert_true (documented);
    }

  for (guint i = 0; legacy_codes[i] != NULL; i++)
    {
      TwWarehouse *warehouse = tw_warehouses_lookup (legacy_codes[i]);

      g_assert_nonnull (warehouse);
      g_assert_false (tw_warehouse_get_documented (warehouse));
    }
}

static void
test_regions (void)
{
  TwWarehouse *sgn = tw_warehouses_lookup ("sgn");
  TwWarehouse *dn = tw_warehouses_lookup ("dn");
  TwWarehouse *tiger = tw_warehouses_lookup ("tiger1");
  g_autofree char *region = NULL;
  g_autofree char *title = NULL;

  g_assert_cmpstr (tw_warehouse_get_region (sgn), ==, "hcm");
  g_assert_cmpstr (tw_warehouse_get_region_title (sgn), ==, "Ho Chi Minh City");
  g_assert_cmpstr (tw_warehouse_get_region (tw_warehouses_lookup ("hn")), ==, "hanoi");
  g_assert_cmpstr (tw_warehouse_get_region_title (tw_warehouses_lookup ("hn")), ==, "Hanoi");
  g_assert_cmpstr (tw_warehouse_get_region_title (tw_warehouses_lookup ("hp")), ==,
                   "Northern Vietnam");
  g_assert_cmpstr (tw_warehouse_get_region_title (tw_warehouses_lookup ("ct")), ==,
                   "Southern Vietnam");
  g_assert_cmpstr (tw_warehouse_get_region (dn), ==, "central");
  g_assert_cmpstr (tw_warehouse_get_region_title (dn), ==, "Central Vietnam");

  /* Names and regions of tiger1/2 and tbn1–3 are not documented. */
  g_object_get (tiger, "region", &region, "region-title", &title, NULL);
  g_assert_cmpstr (region, ==, "unknown");
  g_assert_cmpstr (title, ==, "Region not documented");
}

static void
test_names_follow_language (void)
{
  TwWarehouse *sgn = tw_warehouses_lookup ("sgn");
  TwWarehouse *dn = tw_warehouses_lookup ("DN");
  g_autofree char *name = NULL;
  g_autofree char *name_vi = NULL;
  g_autofree char *name_en = NULL;

  g_assert_cmpstr (tw_warehouse_get_name_vi (sgn), ==, "Sài Gòn");
  g_assert_cmpstr (tw_warehouse_get_name_en (sgn), ==, "Saigon");

  g_setenv ("LANGUAGE", "vi", TRUE);
  g_assert_cmpstr (g_get_language_names ()[0], ==, "vi");
  g_assert_cmpstr (tw_warehouse_get_name (sgn), ==, "Sài Gòn");
  g_assert_cmpstr (tw_warehouse_get_name (dn), ==, "Đà Nẵng");
  g_object_get (dn, "name", &name, "name-vi", &name_vi, "name-en", &name_en, NULL);
  g_assert_cmpstr (name, ==, "Đà Nẵng");
  g_assert_cmpstr (name_vi, ==, "Đà Nẵng");
  g_assert_cmpstr (name_en, ==, "Da Nang");

  g_setenv ("LANGUAGE", "vi_VN:en", TRUE);
  g_assert_cmpstr (tw_warehouse_get_name (sgn), ==, "Sài Gòn");

  g_setenv ("LANGUAGE", "en:vi", TRUE);
  g_assert_cmpstr (tw_warehouse_get_name (sgn), ==, "Saigon");

  g_setenv ("LANGUAGE", "fr", TRUE);
  g_assert_cmpstr (tw_warehouse_get_name (dn), ==, "Da Nang");

  g_unsetenv ("LANGUAGE");
}

int
main (int   argc,
      char *argv[])
{
  /* Region titles are compared with the untranslated strings. */
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tw/warehouses/catalogue/loads", test_catalogue_loads);
  g_test_add_func ("/tw/warehouses/catalogue/well-formed", test_catalogue_entries_well_formed);
  g_test_add_func ("/tw/warehouses/lookup/case-insensitive", test_lookup_case_insensitive);
  g_test_add_func ("/tw/warehouses/lookup/unknown", test_lookup_unknown);
  g_test_add_func ("/tw/warehouses/documented", test_documented_flag);
  g_test_add_func ("/tw/warehouses/regions", test_regions);
  g_test_add_func ("/tw/warehouses/names/language", test_names_follow_language);

  return g_test_run ();
}
