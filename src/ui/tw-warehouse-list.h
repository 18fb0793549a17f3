/* tw-warehouse-list.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-registration.h"

G_BEGIN_DECLS

#define TW_TYPE_WAREHOUSE_LIST (tw_warehouse_list_get_type ())

G_DECLARE_FINAL_TYPE (TwWarehouseList, tw_warehouse_list, TW, WAREHOUSE_LIST, AdwPreferencesGroup)

/* A checklist of the warehouse catalogue (plus any code the registration
 * holds that the catalogue lacks), bound to the warehouses of a
 * TwRegistration. Property "registration" (TwRegistration or NULL).
 * Actions: "warehouses.select-all" / "warehouses.select-none" (the rows
 * the filter shows), "warehouses.add-code" (the code typed in the
 * "Add Code…" popover). */

GtkWidget      *tw_warehouse_list_new              (void);
TwRegistration *tw_warehouse_list_get_registration (TwWarehouseList *self);
void            tw_warehouse_list_set_registration (TwWarehouseList *self,
                                                    TwRegistration  *registration);
/* Filters the rows by code, name or region (as the filter entry does). */
void            tw_warehouse_list_set_filter_text  (TwWarehouseList *self,
                                                    const char      *text);
/* Lower-cases @code, checks it is [a-z0-9]{2,16} and adds it to the
 * registration. FALSE with a translated TW_ERROR_INVALID_INPUT otherwise. */
gboolean        tw_warehouse_list_add_code         (TwWarehouseList *self,
                                                    const char      *code,
                                                    GError         **error);
/* Shows the messages of @problems (element-type TwProblem, all fields)
 * about `sync_inventory_location`. */
void            tw_warehouse_list_set_problems     (TwWarehouseList *self,
                                                    GPtrArray       *problems);
/* How many rows the filter shows. */
guint           tw_warehouse_list_get_n_visible    (TwWarehouseList *self);

G_END_DECLS
