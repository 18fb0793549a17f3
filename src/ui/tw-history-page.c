/* tw-history-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history-page"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-error.h"
#include "tw-history-page.h"
#include "tw-history-row-model.h"
#include "tw-i18n.h"
#include "tw-register-page.h"
#include "tw-request-details.h"
#include "tw-resources.h"
#include "tw-reversed-model.h"
#include "tw-text-cell.h"
#include "tw-toast.h"

struct _TwHistoryPage
{
  AdwBin                 parent_instance;

  TwContext             *context;
  TwHistoryModel        *model;
  TwReversedModel       *ordered;
  TwHistoryRowModel     *rows;
  GtkSingleSelection    *selection;
  GCancellable          *cancellable;
  GtkFileChooserNative  *chooser;
  TwHistoryExportFormat  export_format;
  /* One toast per run of failed writes, and per damaged file. */
  gboolean               write_failing;
  char                  *announced_damaged_path;

  /* template children */
  GtkSearchEntry        *search_entry;
  GtkDropDown           *outcome_dropdown;
  GtkStack              *content_stack;
  GtkColumnView         *column_view;
  GtkColumnViewColumn   *time_column;
  GtkColumnViewColumn   *profile_column;
  GtkColumnViewColumn   *kind_column;
  GtkColumnViewColumn   *outcome_column;
  GtkColumnViewColumn   *status_column;
  GtkColumnViewColumn   *code_column;
  GtkColumnViewColumn   *request_id_column;
  GtkColumnViewColumn   *duration_column;
  GtkWidget             *export_button;
  GtkWidget             *clear_button;
  GtkWidget             *empty_page;
  GtkWidget             *no_results_page;
  GtkWidget             *toolbar;
};

G_DEFINE_FINAL_TYPE (TwHistoryPage, tw_history_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ensure_model (TwHistoryPage *self);

/* Helpers */

static TwHistory *
get_history (TwHistoryPage *self)
{
  return tw_context_get_history (self->context);
}

static gboolean
has_filter (TwHistoryPage *self)
{
  return tw_history_model_get_search (self->model) != NULL ||
         tw_history_model_get_outcome (self->model) != TW_HISTORY_OUTCOME_ANY;
}

static void
update_state (TwHistoryPage *self)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *child;

  if (n_items > 0)
    child = "list";
  else if (has_filter (self))
    child = "no-results";
  else
    child = "empty";
  gtk_stack_set_visible_child_name (self->content_stack, child);

  /* The menu button too: its items alone would open an empty menu. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", n_items > 0);
  gtk_widget_set_sensitive (self->export_button, n_items > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.clear",
                                 n_items > 0 || has_filter (self));
}

/* While a filter matches nothing, the hidden list keeps its rows (see
 * TwHistoryRowModel): tearing them down took longer than the search. They
 * come back relabelled with the next match, or go when the filter does
 * and nothing is left (the "empty" page rather than "no results"). */
static void
set_filter (TwHistoryPage           *self,
            const char              *search,
            TwHistoryOutcomeFilter   outcome)
{
  gboolean filtered = search != NULL || outcome != TW_HISTORY_OUTCOME_ANY;
  /* The model may hand back the string it holds, which a change frees. */
  g_autofree char *text = g_strdup (search);

  if (filtered)
    tw_history_row_model_set_keep_rows_when_empty (self->rows, TRUE);
  tw_history_model_set_search (self->model, text);
  tw_history_model_set_outcome (self->model, outcome);
  if (!filtered)
    tw_history_row_model_set_keep_rows_when_empty (self->rows, FALSE);
  update_state (self);
}

static TwHistoryEntry *
probe_entry (gint64 time_ms)
{
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();

  record->time_ms = time_ms;
  return tw_history_entry_new (0, record);
}

/* GTK 4.8 cannot tell the direction of a column view's sorting, but its
 * sorter can compare two entries: an older one sorting first means
 * oldest first. */
static gboolean
sorted_oldest_first (TwHistoryPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(TwHistoryEntry) older = probe_entry (0);
  g_autoptr(TwHistoryEntry) newer = probe_entry (1);

  return gtk_sorter_compare (sorter, older, newer) == GTK_ORDERING_SMALLER;
}

static void
announce_damaged_history (TwHistoryPage *self)
{
  const char *path = tw_history_get_damaged_path (get_history (self));
  g_autofree char *text = NULL;

  if (path == NULL || g_strcmp0 (path, self->announced_damaged_path) == 0 ||
      gtk_widget_get_root (GTK_WIDGET (self)) == NULL)
    return;

  g_free (self->announced_damaged_path);
  self->announced_damaged_path = g_strdup (path);
  /* Translators: %s is the path of a file */
  text = g_strdup_printf (_("The request history was damaged. It was moved to “%s” and a new "
                            "history was started."), path);
  tw_show_toast_with_timeout (GTK_WIDGET (self), text, 0);
}

static AdwViewStack *
get_view_stack (TwHistoryPage *self)
{
  return (AdwViewStack *) gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_VIEW_STACK);
}

/* Only what a recorded body holds in clear: its secret keys are
 * fingerprints, so the editor keeps the keys it has. */
static void
copy_public_fields (TwRegistration *from,
                    TwRegistration *to)
{
  tw_registration_set_warehouses (to, tw_registration_get_warehouses (from));
  tw_registration_set_partner_id (to, tw_registration_get_partner_id (from));

  for (guint kind = 0; kind < TW_N_HOOKS; kind++)
    {
      TwHook *source = tw_registration_get_hook (from, kind);
      TwHook *target = tw_registration_get_hook (to, kind);

      tw_hook_set_enabled (target, tw_hook_get_enabled (source));
      if (tw_hook_get_enabled (source))
        tw_hook_set_url (target, tw_hook_get_url (source));
    }
}

static TwRegistration *
read_registration (TwHistoryEntry  *entry,
                   GError         **error)
{
  const char *body = tw_history_entry_get_request_body (entry);

  if (g_strcmp0 (tw_history_entry_get_kind (entry), "registration") != 0 || body == NULL)
    {
      g_set_error_literal (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("This request is not a registration, so there is nothing to load."));
      return NULL;
    }
  return tw_registration_new_from_json (body, -1, error);
}

/* Signal callbacks */

static void
on_model_notify_n_items (TwHistoryPage *self)
{
  update_state (self);
}

/* Connected before the row model is made, so it runs first: the row
 * model keeps the rows of a replaced run and gives them other requests,
 * so a selected one among them would stay selected on another request. */
static void
on_ordered_items_changed (TwHistoryPage *self,
                          guint          position,
                          guint          removed,
                          guint          added,
                          GListModel    *ordered)
{
  guint selected;

  if (self->selection == NULL)
    return;
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION && selected >= position &&
      selected - position < removed)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
on_sorter_changed (TwHistoryPage *self)
{
  if (self->ordered != NULL)
    tw_reversed_model_set_reversed (self->ordered, sorted_oldest_first (self));
}

static void
on_history_write_failed (TwHistory     *history,
                         const GError  *error,
                         TwHistoryPage *self)
{
  g_autofree char *text = NULL;

  if (self->write_failing)
    return;

  self->write_failing = TRUE;
  /* Translators: %s is the reason, e.g. "Permission denied" */
  text = g_strdup_printf (_("Requests could not be saved in the history: %s. They are kept "
                            "until saving works again."), error->message);
  tw_show_toast_with_timeout (GTK_WIDGET (self), text, 0);
}

static void
on_history_rows_changed (TwHistoryPage *self)
{
  /* Something was stored: the run of failures is over. */
  self->write_failing = FALSE;
}

static void
on_history_notify_damaged_path (TwHistoryPage *self)
{
  announce_damaged_history (self);
}

static void
on_search_entry_search_changed (GtkSearchEntry *entry,
                                TwHistoryPage  *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  const char *search = *text != '\0' ? text : NULL;

  ensure_model (self);
  set_filter (self, search, tw_history_model_get_outcome (self->model));
}

static void
on_search_entry_stop_search (GtkSearchEntry *entry,
                             TwHistoryPage  *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_outcome_dropdown_notify_selected (GtkDropDown   *dropdown,
                                     GParamSpec    *pspec,
                                     TwHistoryPage *self)
{
  /* The items are in the order of TwHistoryOutcomeFilter. */
  guint selected = gtk_drop_down_get_selected (dropdown);

  ensure_model (self);
  set_filter (self, tw_history_model_get_search (self->model),
              MIN (selected, TW_HISTORY_OUTCOME_FAILED));
}

static void
on_details_load_into_editor (TwRequestDetails *details,
                             TwHistoryPage    *self)
{
  g_autoptr(GError) error = NULL;

  if (!tw_history_page_load_into_editor (self, tw_request_details_get_entry (details), &error))
    {
      tw_request_details_add_toast (details, error->message);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (details));
  tw_show_toast_with_timeout (GTK_WIDGET (self),
                              _("Loaded into the Register page. Your secret keys were kept."),
                              5);
}

static void
on_column_view_activate (GtkColumnView *view,
                         guint          position,
                         TwHistoryPage *self)
{
  g_autoptr(TwHistoryRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  /* The entry, not the row: a search gives the row another entry. */
  if (row != NULL)
    tw_history_page_show_details (self, tw_history_row_get_entry (row));
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  if (!tw_history_page_export_finish (self, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Translators: %s is the reason */
      text = g_strdup_printf (_("The history could not be exported: %s"), error->message);
      tw_show_toast_with_timeout (GTK_WIDGET (self), text, 0);
      return;
    }

  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("History exported to “%s”"), name);
  tw_show_toast_with_timeout (GTK_WIDGET (self), text, 5);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     TwHistoryPage   *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    tw_history_page_export_async (self, file, self->export_format, self->cancellable,
                                  exported_cb, g_object_ref (file));
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TwHistoryPage *self;

  if (!tw_history_clear_finish (TW_HISTORY (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = TW_HISTORY_PAGE (user_data);
  if (error != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the reason */
      text = g_strdup_printf (_("The history could not be cleared: %s"), error->message);
      tw_show_toast_with_timeout (GTK_WIDGET (self), text, 0);
      return;
    }
  tw_show_toast_with_timeout (GTK_WIDGET (self), _("History cleared"), 5);
}

static void
on_clear_dialog_response (AdwMessageDialog *dialog,
                          const char       *response,
                          TwHistoryPage    *self)
{
  if (g_strcmp0 (response, "clear") != 0)
    return;

  tw_history_clear_async (get_history (self), self->cancellable, cleared_cb, self);
}

/* Action handlers */

static void
focus_search_cb (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (widget);
  gboolean csv = g_strcmp0 (g_variant_get_string (parameter, NULL), "csv") == 0;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;

  self->export_format = csv ? TW_HISTORY_EXPORT_CSV : TW_HISTORY_EXPORT_JSON;
  self->chooser = gtk_file_chooser_native_new (_("Export History"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     csv ? "tiki-webhooks-history.csv"
                                         : "tiki-webhooks-history.json");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response",
                           G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_cb (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Clear History?"),
                                   _("Every recorded request is deleted from this computer. "
                                     "TNSL cannot show a registration back, so export the "
                                     "history first if you may need it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("_Clear History"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clear_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject and widget overrides */

static void
tw_history_page_root (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tw_history_page_parent_class)->root (widget);

  announce_damaged_history (TW_HISTORY_PAGE (widget));
}

static void
connect_history (TwHistoryPage *self)
{
  TwHistory *history = get_history (self);

  g_signal_connect_object (history, "write-failed",
                           G_CALLBACK (on_history_write_failed), self, 0);
  g_signal_connect_object (history, "rows-changed",
                           G_CALLBACK (on_history_rows_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (history, "notify::damaged-path",
                           G_CALLBACK (on_history_notify_damaged_path), self,
                           G_CONNECT_SWAPPED);
}

/* The model reads the store: made when the page is first shown (or its
 * model is asked for), not with the window, which starts faster. */
static void
ensure_model (TwHistoryPage *self)
{
  if (self->model != NULL)
    return;

  self->model = tw_history_model_new (get_history (self));
  self->ordered = tw_reversed_model_new (G_LIST_MODEL (self->model));
  tw_reversed_model_set_reversed (self->ordered, sorted_oldest_first (self));
  g_signal_connect_object (self->ordered, "items-changed",
                           G_CALLBACK (on_ordered_items_changed), self, G_CONNECT_SWAPPED);
  self->rows = tw_history_row_model_new (G_LIST_MODEL (self->ordered));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->model, "notify::n-items",
                           G_CALLBACK (on_model_notify_n_items), self, G_CONNECT_SWAPPED);
  update_state (self);
}

static void
tw_history_page_map (GtkWidget *widget)
{
  ensure_model (TW_HISTORY_PAGE (widget));

  GTK_WIDGET_CLASS (tw_history_page_parent_class)->map (widget);
}

static void
tw_history_page_constructed (GObject *object)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (object);

  G_OBJECT_CLASS (tw_history_page_parent_class)->constructed (object);

  g_assert (TW_IS_CONTEXT (self->context));

  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_sort_by_column (self->column_view, self->time_column, GTK_SORT_DESCENDING);
  connect_history (self);
}

static void
tw_history_page_dispose (GObject *object)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  /* The view's sorter changes as its columns go away. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                          on_sorter_changed, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_HISTORY_PAGE);
  g_clear_object (&self->chooser);
  g_clear_object (&self->selection);
  g_clear_object (&self->rows);
  g_clear_object (&self->ordered);
  g_clear_object (&self->model);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_pointer (&self->announced_damaged_path, g_free);

  G_OBJECT_CLASS (tw_history_page_parent_class)->dispose (object);
}

static void
tw_history_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TwHistoryPage *self = TW_HISTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The list's cells, made in C: a builder template per cell was parsed
 * for each of the ~200 rows a column view keeps, at start-up and again
 * on every search. Setup makes a cell's widgets once; bind only sets
 * the text, so a recycled cell costs a few property sets. */

typedef enum {
  COLUMN_TIME,
  COLUMN_PROFILE,
  COLUMN_KIND,
  COLUMN_OUTCOME,
  COLUMN_STATUS,
  COLUMN_CODE,
  COLUMN_REQUEST_ID,
  COLUMN_DURATION,
  N_COLUMNS
} Column;

/* A cell's text: see TwTextCell for why not a GtkLabel. */
static GtkWidget *
new_cell_text (float xalign)
{
  GtkWidget *cell = tw_text_cell_new ();

  tw_text_cell_set_xalign (TW_TEXT_CELL (cell), xalign);
  return cell;
}

/* Times of one form, on every row: the column is as wide as the widest
 * this year can give (both offsets of a zone with summer time; morning
 * and afternoon for a 12-hour clock) rather than as each time laid out.
 * Made once, interned: every cell of the column shares it. */
static const char *
time_width_sample (void)
{
  static const char *interned;
  g_autoptr(GDateTime) now = NULL;
  const int months[] = { 1, 7 };
  const int hours[] = { 0, 12 };
  g_autoptr(GString) sample = NULL;

  if (interned != NULL)
    return interned;

  now = g_date_time_new_now_local ();
  sample = g_string_new (NULL);
  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    {
      for (guint h = 0; h < G_N_ELEMENTS (hours); h++)
        {
          g_autoptr(GDateTime) time = g_date_time_new_local (g_date_time_get_year (now),
                                                             months[m], 28, hours[h] + 10,
                                                             58, 58);
          g_autofree char *text = tw_format_date_time_ms (g_date_time_to_unix (time) * 1000,
                                                          NULL);

          g_string_append_printf (sample, "%s%s", sample->len > 0 ? "\n" : "", text);
        }
    }
  interned = g_intern_string (sample->str);
  return interned;
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *child;

  switch (column)
    {
    case COLUMN_OUTCOME:
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      /* The text says the outcome; the icon only repeats it. */
      gtk_box_append (GTK_BOX (child),
                      g_object_new (GTK_TYPE_IMAGE,
                                    "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                    NULL));
      gtk_box_append (GTK_BOX (child), new_cell_text (0));
      break;
    case COLUMN_DURATION:
      child = new_cell_text (1);
      break;
    case COLUMN_REQUEST_ID:
      /* Monospace: measured by counting, not laid out. */
      child = new_cell_text (0);
      gtk_widget_add_css_class (child, "monospace");
      break;
    case COLUMN_TIME:
      child = new_cell_text (0);
      tw_text_cell_set_width_sample (TW_TEXT_CELL (child), time_width_sample ());
      break;
    case COLUMN_STATUS:
    case COLUMN_PROFILE:
    case COLUMN_KIND:
    case COLUMN_CODE:
    case N_COLUMNS:
    default:
      child = new_cell_text (0);
      break;
    }

  g_object_set_data (G_OBJECT (item), "tw-history-column", GINT_TO_POINTER (column));
  gtk_list_item_set_child (item, child);
}

static void
set_cell_text (GtkWidget  *cell,
               const char *text)
{
  tw_text_cell_set_text (TW_TEXT_CELL (cell), text);
}

static void
bind_outcome (GtkWidget      *box,
              TwHistoryEntry *entry)
{
  GtkWidget *image = gtk_widget_get_first_child (box);
  gboolean success = tw_history_entry_get_success (entry);
  const char *icon_name = success ? "emblem-ok-symbolic" : "dialog-error-symbolic";
  const char * const classes[] = { "tw-result-icon", success ? "success" : "error", NULL };

  /* A row relabelled by a search mostly keeps its outcome: setting the
   * same icon again would look it up anew and resize the row. */
  if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (image)), icon_name) != 0)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (image), icon_name);
      gtk_widget_set_css_classes (image, (const char **) classes);
    }
  set_cell_text (gtk_widget_get_next_sibling (image), tw_history_entry_get_outcome_label (entry));
}

static void
show_entry (GtkListItem    *item,
            Column          column,
            TwHistoryEntry *entry)
{
  GtkWidget *child = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_TIME:
      /* In local time, the locale's formats, with the zone. */
      text = tw_format_date_time_ms (tw_history_entry_get_time_ms (entry), NULL);
      set_cell_text (child, text);
      break;
    case COLUMN_PROFILE:
      set_cell_text (child, tw_history_entry_get_profile (entry));
      break;
    case COLUMN_KIND:
      set_cell_text (child, tw_history_entry_get_kind_label (entry));
      break;
    case COLUMN_OUTCOME:
      bind_outcome (child, entry);
      break;
    case COLUMN_STATUS:
      text = tw_request_details_format_http_status (tw_history_entry_get_http_status (entry));
      set_cell_text (child, text);
      break;
    case COLUMN_CODE:
      set_cell_text (child, tw_history_entry_get_message_code (entry));
      break;
    case COLUMN_REQUEST_ID:
      set_cell_text (child, tw_history_entry_get_request_id (entry));
      break;
    case COLUMN_DURATION:
      text = tw_format_duration (tw_history_entry_get_duration_ms (entry));
      set_cell_text (child, text);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* A search gives a bound row another entry. */
static void
on_row_notify_entry (TwHistoryRow *row,
                     GParamSpec   *pspec,
                     GtkListItem  *item)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "tw-history-column"));

  show_entry (item, column, tw_history_row_get_entry (row));
}

/* The row a cell follows. GTK 4.8's GtkSignalListItemFactory unbinds and
 * binds again whenever a row moves (new requests at the top move them
 * all): the cell keeps following the same row rather than disconnecting
 * and connecting each time, and lets go when it binds another row or
 * goes away. */
typedef struct
{
  TwHistoryRow *row;
  gulong        handler_id;
} Watch;

static void
watch_free (Watch *watch)
{
  g_signal_handler_disconnect (watch->row, watch->handler_id);
  g_object_unref (watch->row);
  g_free (watch);
}

static void
watch_row (GtkListItem  *item,
           TwHistoryRow *row)
{
  Watch *watch = g_object_get_data (G_OBJECT (item), "tw-history-watch");

  if (watch != NULL && watch->row == row)
    return;

  watch = g_new0 (Watch, 1);
  watch->row = g_object_ref (row);
  watch->handler_id = g_signal_connect (row, "notify::entry",
                                        G_CALLBACK (on_row_notify_entry), item);
  g_object_set_data_full (G_OBJECT (item), "tw-history-watch", watch,
                          (GDestroyNotify) watch_free);
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TwHistoryRow *row = gtk_list_item_get_item (item);

  if (row == NULL)
    return;

  watch_row (item, row);
  show_entry (item, GPOINTER_TO_INT (user_data), tw_history_row_get_entry (row));
}

static void
set_cell_factories (TwHistoryPage *self)
{
  GtkColumnViewColumn *columns[N_COLUMNS] = {
    [COLUMN_TIME] = self->time_column,
    [COLUMN_PROFILE] = self->profile_column,
    [COLUMN_KIND] = self->kind_column,
    [COLUMN_OUTCOME] = self->outcome_column,
    [COLUMN_STATUS] = self->status_column,
    [COLUMN_CODE] = self->code_column,
    [COLUMN_REQUEST_ID] = self->request_id_column,
    [COLUMN_DURATION] = self->duration_column,
  };

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

      g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), GINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (columns[i], factory);
    }
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-history-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, time_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, profile_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, kind_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, outcome_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, status_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, code_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, request_id_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, duration_column);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, export_button);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, clear_button);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, no_results_page);
  gtk_widget_class_bind_template_child (widget_class, TwHistoryPage, toolbar);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_outcome_dropdown_notify_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate);
}

static void
tw_history_page_class_init (TwHistoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tw_history_page_constructed;
  object_class->dispose = tw_history_page_dispose;
  object_class->get_property = tw_history_page_get_property;
  object_class->set_property = tw_history_page_set_property;
  widget_class->root = tw_history_page_root;
  widget_class->map = tw_history_page_map;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         TW_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The time column's sorter looks up a property of this type by name. */
  g_type_ensure (TW_TYPE_HISTORY_ENTRY);
  (void) tw_get_resource ();
  bind_template (widget_class);

  gtk_widget_class_install_action (widget_class, "history.focus-search", NULL, focus_search_cb);
  gtk_widget_class_install_action (widget_class, "history.export", "s", export_cb);
  gtk_widget_class_install_action (widget_class, "history.clear", NULL, clear_cb);
}

static void
tw_history_page_init (TwHistoryPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  set_cell_factories (self);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/* Public API */

GtkWidget *
tw_history_page_new (TwContext *context)
{
  g_return_val_if_fail (TW_IS_CONTEXT (context), NULL);

  return g_object_new (TW_TYPE_HISTORY_PAGE, "context", context, NULL);
}

TwContext *
tw_history_page_get_context (TwHistoryPage *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_PAGE (self), NULL);

  return self->context;
}

TwHistoryModel *
tw_history_page_get_model (TwHistoryPage *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_PAGE (self), NULL);

  ensure_model (self);
  return self->model;
}

GtkWindow *
tw_history_page_show_details (TwHistoryPage  *self,
                              TwHistoryEntry *entry)
{
  GtkRoot *root;
  TwRequestDetails *details;

  g_return_val_if_fail (TW_IS_HISTORY_PAGE (self), NULL);
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (entry), NULL);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  details = tw_request_details_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, entry);
  g_signal_connect_object (details, "load-into-editor",
                           G_CALLBACK (on_details_load_into_editor), self, 0);
  gtk_window_present (GTK_WINDOW (details));
  return GTK_WINDOW (details);
}

gboolean
tw_history_page_load_into_editor (TwHistoryPage   *self,
                                  TwHistoryEntry  *entry,
                                  GError         **error)
{
  g_autoptr(TwRegistration) loaded = NULL;
  AdwViewStack *stack;
  GtkWidget *register_page;

  g_return_val_if_fail (TW_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (entry), FALSE);

  stack = get_view_stack (self);
  register_page = stack != NULL ? adw_view_stack_get_child_by_name (stack, "register") : NULL;
  g_return_val_if_fail (TW_IS_REGISTER_PAGE (register_page), FALSE);

  loaded = read_registration (entry, error);
  if (loaded == NULL)
    return FALSE;

  copy_public_fields (loaded, tw_register_page_get_registration (TW_REGISTER_PAGE (register_page)));
  adw_view_stack_set_visible_child (stack, register_page);
  return TRUE;
}

static void
history_exported_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!tw_history_export_finish (TW_HISTORY (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
tw_history_page_export_async (TwHistoryPage         *self,
                              GFile                 *file,
                              TwHistoryExportFormat  format,
                              GCancellable          *cancellable,
                              GAsyncReadyCallback    callback,
                              gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TW_IS_HISTORY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  ensure_model (self);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tw_history_page_export_async);
  tw_history_export_async (get_history (self), tw_history_model_get_filter (self->model),
                           file, format, cancellable, history_exported_cb,
                           g_steal_pointer (&task));
}

gboolean
tw_history_page_export_finish (TwHistoryPage  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (TW_IS_HISTORY_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
