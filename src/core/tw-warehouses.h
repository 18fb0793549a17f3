/* tw-warehouses.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TW_TYPE_WAREHOUSE (tw_warehouse_get_type ())

G_DECLARE_FINAL_TYPE (TwWarehouse, tw_warehouse, TW, WAREHOUSE, GObject)

/* Read-only properties: "code" (lowercase), "name" (in the user's language),
 * "name-vi", "name-en", "region" (id: hcm, hanoi, north, central, south,
 * unknown), "region-title" (translated), "documented" (TRUE when the code
 * appears in the TNSL docs, FALSE for the legacy marketplace list only). */

const char *tw_warehouse_get_code         (TwWarehouse *self);
const char *tw_warehouse_get_name         (TwWarehouse *self);
const char *tw_warehouse_get_name_vi      (TwWarehouse *self);
const char *tw_warehouse_get_name_en      (TwWarehouse *self);
const char *tw_warehouse_get_region       (TwWarehouse *self);
const char *tw_warehouse_get_region_title (TwWarehouse *self);
gboolean    tw_warehouse_get_documented   (TwWarehouse *self);

/* The catalogue from the resource data/warehouses.json. (transfer none)
 * A GListModel of TwWarehouse, in catalogue order. */
GListModel  *tw_warehouses_get_default (void);
/* Case-insensitive lookup. (transfer none) (nullable) */
TwWarehouse *tw_warehouses_lookup      (const char *code);

G_END_DECLS
