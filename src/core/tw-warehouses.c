/* tw-warehouses.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-warehouses"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tw-resources.h"
#include "tw-warehouses.h"

#define CATALOGUE_PATH RESOURCE_PREFIX "/warehouses.json"

struct _TwWarehouse
{
  GObject   parent_instance;

  char     *code;
  char     *name_vi;
  char     *name_en;
  char     *region;
  gboolean  documented;
};

G_DEFINE_FINAL_TYPE (TwWarehouse, tw_warehouse, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_NAME_VI,
  PROP_NAME_EN,
  PROP_REGION,
  PROP_REGION_TITLE,
  PROP_DOCUMENTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GListStore *store;
  GHashTable *by_code;
} Catalogue;

static const struct
{
  const char *id;
  const char *title;
} regions[] = {
  { "hcm", N_("Ho Chi Minh City") },
  { "hanoi", N_("Hanoi") },
  { "north", N_("Northern Vietnam") },
  { "central", N_("Central Vietnam") },
  { "south", N_("Southern Vietnam") },
};

/* Follows the user's first preferred language rather than the locale, so
 * that LANGUAGE=vi shows Vietnamese names as it shows Vietnamese text. */
static gboolean
prefers_vietnamese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "vi");
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static TwWarehouse *
warehouse_new_from_json (JsonObject *object)
{
  const char *code = member_string (object, "code");
  const char *name_vi = member_string (object, "name_vi");
  const char *name_en = member_string (object, "name_en");
  const char *region = member_string (object, "region");
  const char *source = member_string (object, "source");
  TwWarehouse *self;

  if (code == NULL || name_vi == NULL || name_en == NULL)
    return NULL;

  self = g_object_new (TW_TYPE_WAREHOUSE, NULL);
  self->code = g_ascii_strdown (code, -1);
  self->name_vi = g_strdup (name_vi);
  self->name_en = g_strdup (name_en);
  self->region = g_strdup (region != NULL ? region : "unknown");
  self->documented = g_strcmp0 (source, "tnsl") == 0;

  return self;
}

static JsonArray *
parse_catalogue (JsonParser *parser)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *object;

  /* Looking the resource up through tw_get_resource() keeps its object
   * file in the link of the static library. */
  bytes = g_resource_lookup_data (tw_get_resource (), CATALOGUE_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   (gssize) g_bytes_get_size (bytes), &error))
    {
      g_critical ("Cannot load the warehouse catalogue: %s", error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !json_object_has_member (object, "warehouses") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "warehouses")))
    {
      g_critical ("The warehouse catalogue has no “warehouses” list");
      return NULL;
    }

  return json_object_get_array_member (object, "warehouses");
}

static void
catalogue_add (Catalogue *catalogue,
               JsonNode  *node)
{
  g_autoptr(TwWarehouse) warehouse = NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    warehouse = warehouse_new_from_json (json_node_get_object (node));

  if (warehouse == NULL || g_hash_table_contains (catalogue->by_code, warehouse->code))
    {
      g_critical ("Invalid or repeated entry in the warehouse catalogue");
      return;
    }

  g_list_store_append (catalogue->store, warehouse);
  g_hash_table_insert (catalogue->by_code, warehouse->code, warehouse);
}

static Catalogue *
catalogue_load (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Catalogue *catalogue = g_new0 (Catalogue, 1);
  JsonArray *entries;

  catalogue->store = g_list_store_new (TW_TYPE_WAREHOUSE);
  /* Values are owned by the store, which lives as long as the table. */
  catalogue->by_code = g_hash_table_new (g_str_hash, g_str_equal);

  entries = parse_catalogue (parser);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    catalogue_add (catalogue, json_array_get_element (entries, i));

  return catalogue;
}

static Catalogue *
catalogue_get (void)
{
  static Catalogue *catalogue;

  if (g_once_init_enter (&catalogue))
    g_once_init_leave (&catalogue, catalogue_load ());

  return catalogue;
}

static void
tw_warehouse_finalize (GObject *object)
{
  TwWarehouse *self = TW_WAREHOUSE (object);

  g_clear_pointer (&self->code, g_free);
  g_clear_pointer (&self->name_vi, g_free);
  g_clear_pointer (&self->name_en, g_free);
  g_clear_pointer (&self->region, g_free);

  G_OBJECT_CLASS (tw_warehouse_parent_class)->finalize (object);
}

static void
tw_warehouse_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TwWarehouse *self = TW_WAREHOUSE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;
    case PROP_NAME:
      g_value_set_string (value, tw_warehouse_get_name (self));
      break;
    case PROP_NAME_VI:
      g_value_set_string (value, self->name_vi);
      break;
    case PROP_NAME_EN:
      g_value_set_string (value, self->name_en);
      break;
    case PROP_REGION:
      g_value_set_string (value, self->region);
      break;
    case PROP_REGION_TITLE:
      g_value_set_string (value, tw_warehouse_get_region_title (self));
      break;
    case PROP_DOCUMENTED:
      g_value_set_boolean (value, self->documented);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
string_param_spec (const char *name)
{
  return g_param_spec_string (name, NULL, NULL, NULL,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
tw_warehouse_class_init (TwWarehouseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tw_warehouse_finalize;
  object_class->get_property = tw_warehouse_get_property;

  properties[PROP_CODE] = string_param_spec ("code");
  properties[PROP_NAME] = string_param_spec ("name");
  properties[PROP_NAME_VI] = string_param_spec ("name-vi");
  properties[PROP_NAME_EN] = string_param_spec ("name-en");
  properties[PROP_REGION] = string_param_spec ("region");
  properties[PROP_REGION_TITLE] = string_param_spec ("region-title");
  properties[PROP_DOCUMENTED] =
    g_param_spec_boolean ("documented", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_warehouse_init (TwWarehouse *self)
{
}

const char *
tw_warehouse_get_code (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), NULL);

  return self->code;
}

/**
 * tw_warehouse_get_name:
 * @self: a #TwWarehouse
 *
 * Returns: (transfer none): the Vietnamese name when the user's first
 *   preferred language is Vietnamese, the English name otherwise
 */
const char *
tw_warehouse_get_name (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), NULL);

  return prefers_vietnamese () ? self->name_vi : self->name_en;
}

const char *
tw_warehouse_get_name_vi (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), NULL);

  return self->name_vi;
}

const char *
tw_warehouse_get_name_en (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), NULL);

  return self->name_en;
}

/**
 * tw_warehouse_get_region:
 * @self: a #TwWarehouse
 *
 * Returns: (transfer none): "hcm", "hanoi", "north", "central", "south" or
 *   "unknown"
 */
const char *
tw_warehouse_get_region (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), NULL);

  return self->region;
}

/**
 * tw_warehouse_get_region_title:
 * @self: a #TwWarehouse
 *
 * Returns: (transfer none): the translated name of the region
 */
const char *
tw_warehouse_get_region_title (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (regions); i++)
    {
      if (g_strcmp0 (self->region, regions[i].id) == 0)
        return _(regions[i].title);
    }

  return _("Region not documented");
}

gboolean
tw_warehouse_get_documented (TwWarehouse *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE (self), FALSE);

  return self->documented;
}

/**
 * tw_warehouses_get_default:
 *
 * Returns: (transfer none): the catalogue, a #GListModel of #TwWarehouse
 *   in the order of the data file (documented codes first)
 */
GListModel *
tw_warehouses_get_default (void)
{
  return G_LIST_MODEL (catalogue_get ()->store);
}

/**
 * tw_warehouses_lookup:
 * @code: a warehouse code, in any letter case
 *
 * Returns: (transfer none) (nullable): the warehouse, or %NULL when the
 *   catalogue does not know @code
 */
TwWarehouse *
tw_warehouses_lookup (const char *code)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (code != NULL, NULL);

  key = g_ascii_strdown (code, -1);
  return g_hash_table_lookup (catalogue_get ()->by_code, key);
}
