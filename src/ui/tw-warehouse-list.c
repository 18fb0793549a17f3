/* tw-warehouse-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-warehouse-list"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-error.h"
#include "tw-problem-row.h"
#include "tw-resources.h"
#include "tw-title-block.h"
#include "tw-warehouse-list.h"
#include "tw-warehouses.h"

#define CODE_KEY "tw-warehouse-code"
#define CHECK_KEY "tw-warehouse-check"

struct _TwWarehouseList
{
  AdwPreferencesGroup  parent_instance;

  TwRegistration      *registration;
  GtkStringList       *codes;
  GtkFilterListModel  *filtered;
  GtkCustomFilter     *filter;
  /* Set while checks follow the model, so their "toggled" is not taken
   * for a user's click. */
  gboolean             syncing;

  /* template children */
  GtkLabel            *count_label;
  GtkSearchEntry      *filter_entry;
  GtkListBox          *list_box;
  GtkMenuButton       *add_button;
  GtkEntry            *add_entry;
  GtkLabel            *add_error;
  TwProblemRow        *problems_row;
};

G_DEFINE_FINAL_TYPE (TwWarehouseList, tw_warehouse_list, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_REGISTRATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
text_matches (const char *needle,
              const char *haystack)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;

  folded = g_utf8_casefold (haystack, -1);
  /* g_str_match_string() also finds "sai gon" in "Sài Gòn". */
  return strstr (folded, needle) != NULL || g_str_match_string (needle, haystack, TRUE);
}

static gboolean
match_item (gpointer item,
            gpointer user_data)
{
  TwWarehouseList *self = user_data;
  const char *code = gtk_string_object_get_string (item);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *needle = NULL;
  TwWarehouse *warehouse;

  if (*trimmed == '\0')
    return TRUE;

  needle = g_utf8_casefold (trimmed, -1);
  warehouse = tw_warehouses_lookup (code);
  return text_matches (needle, code) ||
         (warehouse != NULL && (text_matches (needle, tw_warehouse_get_name_vi (warehouse)) ||
                                text_matches (needle, tw_warehouse_get_name_en (warehouse)) ||
                                text_matches (needle, tw_warehouse_get_region_title (warehouse))));
}

static gboolean
has_code (GtkStringList *list,
          const char    *code)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (list, i), code) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A warning or note after the names, in words with a tooltip that
 * explains, not by colour alone. */
static void
add_marker (GtkBox     *header,
            const char *icon_name,
            const char *text,
            const char *tooltip,
            const char *style)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (box, style);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (box, tooltip);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (header, box);
}

/* One line, cut with an ellipsis when too narrow. Unlike the wrapping
 * labels of AdwActionRow, its size does not depend on the width, so it is
 * measured once: with 17 rows, that is most of the page's text layout at
 * start-up (bench/ANALYSIS.md). */
static GtkWidget *
row_label (const char *text,
           const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, style);
  return label;
}

static void
on_check_toggled (GtkCheckButton  *check,
                  TwWarehouseList *self)
{
  const char *code = g_object_get_data (G_OBJECT (check), CODE_KEY);

  if (self->syncing || self->registration == NULL)
    return;

  if (gtk_check_button_get_active (check))
    tw_registration_add_warehouse (self->registration, code);
  else
    tw_registration_remove_warehouse (self->registration, code);
}

/* A row is a check button with the code and name over the region, laid out
 * with Adwaita's row classes (row > box.header > box.title) so it looks
 * like the other rows of the page. */
static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  TwWarehouseList *self = user_data;
  const char *code = gtk_string_object_get_string (item);
  TwWarehouse *warehouse = tw_warehouses_lookup (code);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *check = gtk_check_button_new ();
  g_autofree char *title = NULL;
  const char *subtitle;

  if (warehouse != NULL)
    {
      /* Translators: a warehouse row title: code, then name, e.g. "sgn — Sài Gòn" */
      title = g_strdup_printf (_("%s — %s"), code, tw_warehouse_get_name (warehouse));
      subtitle = tw_warehouse_get_region_title (warehouse);
    }
  else
    {
      title = g_strdup (code);
      subtitle = _("Not in the catalogue of known warehouses");
    }

  gtk_widget_add_css_class (header, "header");
  gtk_widget_add_css_class (titles, "title");
  gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (titles, TRUE);
  gtk_box_append (GTK_BOX (titles), row_label (title, "title"));
  gtk_box_append (GTK_BOX (titles), row_label (subtitle, "subtitle"));

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_end (check, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               self->registration != NULL &&
                               tw_registration_has_warehouse (self->registration, code));
  g_object_set_data_full (G_OBJECT (check), CODE_KEY, g_strdup (code), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);

  gtk_box_append (GTK_BOX (header), check);
  gtk_box_append (GTK_BOX (header), titles);
  if (warehouse == NULL)
    add_marker (GTK_BOX (header), "dialog-warning-symbolic", C_("warehouse", "Unknown"),
                _("This code is not in the app’s catalogue. Check it: TikiNOW may "
                  "reject an unknown code."),
                "warning");
  else if (!tw_warehouse_get_documented (warehouse))
    add_marker (GTK_BOX (header), "dialog-information-symbolic", C_("warehouse", "Legacy list"),
                _("This code comes from Tiki’s older marketplace list and is not in the "
                  "TikiNOW documentation. It may no longer be a fulfilment warehouse."),
                "dim-label");

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), header);
  g_object_set_data (G_OBJECT (row), CHECK_KEY, check);
  return row;
}

/* Activating a row (click, Enter, Space) ticks its box, as in an
 * AdwActionRow with an activatable widget. */
static void
on_row_activated (TwWarehouseList *self,
                  GtkListBoxRow   *row)
{
  GtkWidget *check = g_object_get_data (G_OBJECT (row), CHECK_KEY);

  if (check != NULL)
    gtk_widget_activate (check);
}

static void
sync_checks (TwWarehouseList *self)
{
  GtkListBoxRow *row;

  self->syncing = TRUE;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (row), CHECK_KEY);
      const char *code = g_object_get_data (G_OBJECT (check), CODE_KEY);

      gtk_check_button_set_active (check, self->registration != NULL &&
                                   tw_registration_has_warehouse (self->registration, code));
    }
  self->syncing = FALSE;
}

static void
update_count (TwWarehouseList *self)
{
  const char * const *selected = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (self->registration != NULL)
    selected = tw_registration_get_warehouses (self->registration);
  n = selected != NULL ? g_strv_length ((char **) selected) : 0;

  /* Translators: how many warehouses are ticked */
  text = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);
  gtk_label_set_text (self->count_label, text);
}

static void
on_warehouses_changed (TwWarehouseList *self)
{
  const char * const *selected = tw_registration_get_warehouses (self->registration);

  /* Codes outside the catalogue get a row of their own, kept when unticked
   * so the user can tick them again. */
  for (guint i = 0; selected != NULL && selected[i] != NULL; i++)
    {
      if (!has_code (self->codes, selected[i]))
        gtk_string_list_append (self->codes, selected[i]);
    }

  sync_checks (self);
  update_count (self);
}

static void
on_filter_changed (TwWarehouseList *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_add_entry_activate (TwWarehouseList *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "warehouses.add-code", NULL);
}

static void
on_add_popover_closed (TwWarehouseList *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->add_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), FALSE);
}

/* Ticks (or unticks) every row the filter shows, in one model change. */
static void
select_visible (TwWarehouseList *self,
                gboolean         selected)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) codes = NULL;
  const char * const *current = tw_registration_get_warehouses (self->registration);
  GListModel *visible = G_LIST_MODEL (self->filtered);
  guint n = g_list_model_get_n_items (visible);
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (visible, i);

      g_hash_table_add (shown, (gpointer) gtk_string_object_get_string (item));
    }

  for (guint i = 0; current != NULL && current[i] != NULL; i++)
    {
      if (selected || !g_hash_table_contains (shown, current[i]))
        g_strv_builder_add (builder, current[i]);
    }

  for (guint i = 0; selected && i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (visible, i);
      const char *code = gtk_string_object_get_string (item);

      if (!tw_registration_has_warehouse (self->registration, code))
        g_strv_builder_add (builder, code);
    }

  codes = g_strv_builder_end (builder);
  tw_registration_set_warehouses (self->registration, (const char * const *) codes);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TwWarehouseList *self = TW_WAREHOUSE_LIST (widget);

  if (self->registration != NULL)
    select_visible (self, TRUE);
}

static void
select_none_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TwWarehouseList *self = TW_WAREHOUSE_LIST (widget);

  if (self->registration != NULL)
    select_visible (self, FALSE);
}

static void
add_code_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TwWarehouseList *self = TW_WAREHOUSE_LIST (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_entry));
  g_autoptr(GError) error = NULL;

  if (!tw_warehouse_list_add_code (self, text, &error))
    {
      gtk_label_set_text (self->add_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->add_error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->add_entry));
      return;
    }

  gtk_menu_button_popdown (self->add_button);
}

static void
tw_warehouse_list_dispose (GObject *object)
{
  TwWarehouseList *self = TW_WAREHOUSE_LIST (object);

  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_WAREHOUSE_LIST);
  g_clear_object (&self->registration);
  g_clear_object (&self->filtered);
  g_clear_object (&self->codes);

  G_OBJECT_CLASS (tw_warehouse_list_parent_class)->dispose (object);
}

static void
tw_warehouse_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TwWarehouseList *self = TW_WAREHOUSE_LIST (object);

  switch (prop_id)
    {
    case PROP_REGISTRATION:
      g_value_set_object (value, self->registration);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_warehouse_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TwWarehouseList *self = TW_WAREHOUSE_LIST (object);

  switch (prop_id)
    {
    case PROP_REGISTRATION:
      tw_warehouse_list_set_registration (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_warehouse_list_class_init (TwWarehouseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tw_warehouse_list_dispose;
  object_class->get_property = tw_warehouse_list_get_property;
  object_class->set_property = tw_warehouse_list_set_property;

  properties[PROP_REGISTRATION] =
    g_param_spec_object ("registration", NULL, NULL,
                         TW_TYPE_REGISTRATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TW_TYPE_PROBLEM_ROW);
  g_type_ensure (TW_TYPE_TITLE_BLOCK);
  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-warehouse-list.ui");
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, count_label);
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, list_box);
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, add_button);
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, add_entry);
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, add_error);
  gtk_widget_class_bind_template_child (widget_class, TwWarehouseList, problems_row);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_add_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_add_popover_closed);

  gtk_widget_class_install_action (widget_class, "warehouses.select-all", NULL, select_all_action);
  gtk_widget_class_install_action (widget_class, "warehouses.select-none", NULL,
                                   select_none_action);
  gtk_widget_class_install_action (widget_class, "warehouses.add-code", NULL, add_code_action);
}

static void
tw_warehouse_list_init (TwWarehouseList *self)
{
  GListModel *catalogue = tw_warehouses_get_default ();
  guint n = g_list_model_get_n_items (catalogue);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->codes = gtk_string_list_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TwWarehouse) warehouse = g_list_model_get_item (catalogue, i);

      gtk_string_list_append (self->codes, tw_warehouse_get_code (warehouse));
    }

  self->filter = gtk_custom_filter_new (match_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->codes)),
                                              GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered),
                           create_row, self, NULL);
  update_count (self);
}

GtkWidget *
tw_warehouse_list_new (void)
{
  return g_object_new (TW_TYPE_WAREHOUSE_LIST, NULL);
}

TwRegistration *
tw_warehouse_list_get_registration (TwWarehouseList *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE_LIST (self), NULL);

  return self->registration;
}

void
tw_warehouse_list_set_registration (TwWarehouseList *self,
                                    TwRegistration  *registration)
{
  g_return_if_fail (TW_IS_WAREHOUSE_LIST (self));
  g_return_if_fail (registration == NULL || TW_IS_REGISTRATION (registration));

  if (self->registration == registration)
    return;

  if (self->registration != NULL)
    g_signal_handlers_disconnect_by_data (self->registration, self);
  g_set_object (&self->registration, registration);

  if (registration != NULL)
    {
      g_signal_connect_swapped (registration, "notify::warehouses",
                                G_CALLBACK (on_warehouses_changed), self);
      on_warehouses_changed (self);
    }
  else
    {
      sync_checks (self);
      update_count (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTRATION]);
}

void
tw_warehouse_list_set_filter_text (TwWarehouseList *self,
                                   const char      *text)
{
  g_return_if_fail (TW_IS_WAREHOUSE_LIST (self));

  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
  /* Apply now rather than after the entry's search delay. */
  on_filter_changed (self);
}

gboolean
tw_warehouse_list_add_code (TwWarehouseList  *self,
                            const char       *code,
                            GError          **error)
{
  g_autofree char *normal = NULL;

  g_return_val_if_fail (TW_IS_WAREHOUSE_LIST (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  normal = g_ascii_strdown (code, -1);
  g_strstrip (normal);

  if (!g_regex_match_simple ("^[a-z0-9]{2,16}$", normal, 0, 0))
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("A warehouse code has 2 to 16 characters, each a letter "
                             "a–z or a digit."));
      return FALSE;
    }

  if (self->registration == NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("There is no registration to add the code to."));
      return FALSE;
    }

  if (!tw_registration_has_warehouse (self->registration, normal))
    tw_registration_add_warehouse (self->registration, normal);
  return TRUE;
}

void
tw_warehouse_list_set_problems (TwWarehouseList *self,
                                GPtrArray       *problems)
{
  g_autoptr(GPtrArray) matches = NULL;

  g_return_if_fail (TW_IS_WAREHOUSE_LIST (self));

  matches = tw_problems_filter (problems, "sync_inventory_location", TRUE);
  tw_problem_row_set_problems (self->problems_row, matches);
}

guint
tw_warehouse_list_get_n_visible (TwWarehouseList *self)
{
  g_return_val_if_fail (TW_IS_WAREHOUSE_LIST (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
}
