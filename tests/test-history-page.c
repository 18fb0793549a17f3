/* test-history-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "test-history-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tw-api-client.h"
#include "tw-error.h"
#include "tw-history-page.h"
#include "tw-history-row-model.h"
#include "tw-register-page.h"
#include "tw-request-details.h"
#include "tw-secret.h"
#include "tw-test-http.h"
#include "tw-test-ui.h"
#include "tw-window.h"

#define WAIT_MS 5000
#define TOKEN "history-page-token-0123456789"
#define T0 G_GINT64_CONSTANT (1714546800000) /* 2024-05-01 07:00 UTC */
/* Not an error: the request succeeded. */
#define SUCCEEDED ((TwErrorCode) -1)
#define ID_OK "0123456789abcdef0123456789abcdef"
#define ID_FAILED "fedcba9876543210fedcba9876543210"
#define ID_TOKEN "aaaabbbbccccddddeeeeffff00001111"

typedef struct
{
  TwContext      *context;
  TwHistory      *history;
  GtkWindow      *window;
  AdwViewStack   *stack;
  TwRegisterPage *register_page;
  TwHistoryPage  *page;
  char          *order_secret;
  /* The row of the last row_entry(), which keeps its entry. */
  TwHistoryRow   *last_row;
} Fixture;

/* The history lives in $XDG_DATA_HOME, a temporary folder of this
 * program (set in main() before anything reads it). */
static char *
history_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "tiki-webhooks", NULL);
}

static void
remove_history_files (void)
{
  g_autofree char *dir_path = history_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      /* A test may have put a file where the folder belongs. */
      g_remove (dir_path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      g_assert_cmpint (g_remove (path), ==, 0);
    }
}

static void
flush (TwHistory *history)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  tw_history_flush_async (history, NULL, tw_test_keep_result_cb, &result);
  tw_history_flush_finish (history, tw_test_spin_until_result (&result, WAIT_MS), &error);
  g_assert_no_error (error);
}

/* A registration body as the API client stores it: secrets as
 * fingerprints. */
static char *
redacted_body (Fixture *fixture)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  const char * const codes[] = { "sgn", "hn5", NULL };
  TwHook *order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  TwHook *stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);

  tw_registration_set_warehouses (registration, codes);
  tw_registration_set_partner_id (registration, "shop-42");
  tw_hook_set_url (order, "https://shop.example.com/hooks/order");
  tw_hook_set_secret_key (order, fixture->order_secret);
  tw_hook_set_enabled (stock, TRUE);
  tw_hook_set_url (stock, "https://shop.example.com/hooks/stock");
  tw_hook_set_secret_key (stock, fixture->order_secret);
  return tw_registration_to_json (registration, TW_JSON_MASK_SECRETS);
}

static void
add_record (Fixture    *fixture,
            gint64      time_ms,
            const char *kind,
            TwErrorCode error_code,
            const char *request_id)
{
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();
  gboolean success = error_code == SUCCEEDED;
  gboolean registration = g_strcmp0 (kind, "registration") == 0;

  record->time_ms = time_ms;
  g_free (record->profile);
  record->profile = g_strdup ("shop-a");
  record->base_url = g_strdup ("https://api.tikinow.vn");
  record->kind = g_strdup (kind);
  record->method = g_strdup ("POST");
  record->url = g_strdup (registration ? "https://api.tikinow.vn/business/v1/register-webhooks"
                                       : "https://api.tiki.vn/sc/oauth2/token");
  record->outcome = g_strdup (success ? "success" : tw_error_nick (error_code));
  record->http_status = success ? 200 : 401;
  record->message_code = success ? NULL : g_strdup ("INVALID_TOKEN");
  record->message = success ? NULL : g_strdup ("The access token is invalid");
  record->request_id = g_strdup (request_id);
  record->duration_ms = success ? 87 : 1250;
  record->attempt = 1;
  record->request_body = registration ? redacted_body (fixture) : NULL;
  record->response_body = g_strdup_printf ("{\"request_id\":\"%s\"}", request_id);
  if (!success)
    {
      record->error_domain = g_strdup (g_quark_to_string (TW_ERROR));
      record->error_code = error_code;
    }
  tw_history_sink_record (TW_HISTORY_SINK (fixture->history), record);
}

/* Two registrations (one failed) and a token grant, newest last. */
static void
fill_history (Fixture *fixture)
{
  add_record (fixture, T0, "registration", SUCCEEDED, ID_OK);
  add_record (fixture, T0 + 60000, "registration", TW_ERROR_INVALID_TOKEN, ID_FAILED);
  add_record (fixture, T0 + 120000, "token", SUCCEEDED, ID_TOKEN);
  flush (fixture->history);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  remove_history_files ();
  fixture->order_secret = tw_secret_generate (NULL);
  fixture->context = tw_test_context_new ();
  fixture->history = tw_context_get_history (fixture->context);
}

static void
destroy_toplevels (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  destroy_toplevels ();
  g_clear_object (&fixture->last_row);
  g_clear_object (&fixture->context);
  g_clear_pointer (&fixture->order_secret, g_free);
  remove_history_files ();
}

/* The History page in a view stack, with the Register page when
 * @with_editor, as in the main window but without the rest of it
 * (test_in_window() checks the real one; see run_isolated()). */
static void
show_pages (Fixture  *fixture,
            gboolean  with_editor)
{
  AdwViewStack *stack = ADW_VIEW_STACK (adw_view_stack_new ());

  if (with_editor)
    {
      fixture->register_page = TW_REGISTER_PAGE (tw_register_page_new (fixture->context));
      adw_view_stack_add_named (stack, GTK_WIDGET (fixture->register_page), "register");
    }
  fixture->page = TW_HISTORY_PAGE (tw_history_page_new (fixture->context));
  adw_view_stack_add_named (stack, GTK_WIDGET (fixture->page), "history");
  adw_view_stack_set_visible_child_name (stack, "history");
  fixture->stack = stack;
  fixture->window = tw_test_window_new (GTK_WIDGET (stack), 1280, 800);
}

static void
show_window (Fixture *fixture)
{
  show_pages (fixture, FALSE);
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  return tw_test_get_child (fixture->page, TW_TYPE_HISTORY_PAGE, name);
}

static GListModel *
rows (Fixture *fixture)
{
  return G_LIST_MODEL (gtk_column_view_get_model (child (fixture, "column_view")));
}

/* The rows the list shows: none while it is hidden (a filter matching
 * nothing leaves the hidden list its rows: see test_no_results()). */
static guint
n_rows (Fixture *fixture)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (child (fixture, "content_stack")),
                 "list") != 0)
    return 0;
  return g_list_model_get_n_items (rows (fixture));
}

static const char *
shown_state (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (child (fixture, "content_stack"));
}

/* The entry a row of the list shows, valid until the next call. */
static TwHistoryEntry *
row_entry (Fixture *fixture,
           guint    position)
{
  g_clear_object (&fixture->last_row);
  fixture->last_row = g_list_model_get_item (rows (fixture), position);
  g_assert_nonnull (fixture->last_row);
  return tw_history_row_get_entry (fixture->last_row);
}

static const char *
row_request_id (Fixture *fixture,
                guint    position)
{
  return tw_history_entry_get_request_id (row_entry (fixture, position));
}

/* Buttons follow the enabled state of their actions. */
static gboolean
can_export (Fixture *fixture)
{
  return gtk_widget_get_sensitive (child (fixture, "export_button"));
}

static gboolean
can_clear (Fixture *fixture)
{
  return gtk_widget_get_sensitive (child (fixture, "clear_button"));
}

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  GtkColumnView *view;
  g_autofree char *path = NULL;

  fill_history (fixture);
  show_window (fixture);
  view = child (fixture, "column_view");

  g_assert_cmpstr (shown_state (fixture), ==, "list");
  g_assert_cmpuint (n_rows (fixture), ==, 3);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_TOKEN);
  g_assert_cmpstr (row_request_id (fixture, 2), ==, ID_OK);
  g_assert_true (can_export (fixture));
  g_assert_true (can_clear (fixture));

  /* Rows are drawn with the outcome in words, not only an icon. */
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (view), "Invalid token"));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (view), ID_FAILED));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (view), "INVALID_TOKEN"));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (view), "1.2 s"));
  g_assert_nonnull (tw_test_find_label (GTK_WIDGET (view), "401"));

  /* The time column turns the list around, and back. */
  gtk_column_view_sort_by_column (view, child (fixture, "time_column"), GTK_SORT_ASCENDING);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_OK);
  g_assert_cmpstr (row_request_id (fixture, 2), ==, ID_TOKEN);
  gtk_column_view_sort_by_column (view, child (fixture, "time_column"), GTK_SORT_DESCENDING);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_TOKEN);

  /* A new request appears at the top while the page is shown. */
  add_record (fixture, T0 + 180000, "registration", SUCCEEDED,
              "99999999999999999999999999999999");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 4, WAIT_MS);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, "99999999999999999999999999999999");

  path = tw_test_save_screenshot (GTK_WIDGET (fixture->page), "history-page.png");
  g_test_message ("Screenshot: %s", path);
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  AdwStatusPage *status;

  show_window (fixture);
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_cmpstr (shown_state (fixture), ==, "empty");
  status = child (fixture, "empty_page");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (status)));
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "No Requests Yet");
  g_assert_false (can_export (fixture));
  g_assert_false (can_clear (fixture));

  /* The first request recorded replaces the empty state. */
  add_record (fixture, T0, "registration", SUCCEEDED, ID_OK);
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 1, WAIT_MS);
  g_assert_cmpstr (shown_state (fixture), ==, "list");
}

static void
search_for (Fixture    *fixture,
            const char *text)
{
  gtk_editable_set_text (child (fixture, "search_entry"), text);
}

static void
test_search_and_filter (Fixture       *fixture,
                        gconstpointer  data)
{
  fill_history (fixture);
  show_window (fixture);

  /* Search is debounced by the entry: nothing happens at once. */
  search_for (fixture, "FEDCBA98");
  g_assert_cmpuint (n_rows (fixture), ==, 3);
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 1, WAIT_MS);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_FAILED);

  search_for (fixture, "invalid_token");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 1 &&
                      g_strcmp0 (row_request_id (fixture, 0), ID_FAILED) == 0, WAIT_MS);

  search_for (fixture, "oauth2");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 1 &&
                      g_strcmp0 (row_request_id (fixture, 0), ID_TOKEN) == 0, WAIT_MS);

  search_for (fixture, "no-such-thing");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 0, WAIT_MS);
  g_assert_cmpstr (shown_state (fixture), ==, "no-results");
  g_assert_true (gtk_widget_get_mapped (child (fixture, "no_results_page")));

  search_for (fixture, "");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 3, WAIT_MS);
  g_assert_cmpstr (shown_state (fixture), ==, "list");

  /* The outcome filter: Failed, then Succeeded, then All. */
  gtk_drop_down_set_selected (child (fixture, "outcome_dropdown"), 2);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_FAILED);
  gtk_drop_down_set_selected (child (fixture, "outcome_dropdown"), 1);
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpint (tw_history_model_get_outcome (tw_history_page_get_model (fixture->page)), ==,
                   TW_HISTORY_OUTCOME_SUCCESS);

  /* Both at once: succeeded requests matching a failed one's id. */
  search_for (fixture, ID_FAILED);
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 0, WAIT_MS);
  g_assert_cmpstr (shown_state (fixture), ==, "no-results");
  gtk_drop_down_set_selected (child (fixture, "outcome_dropdown"), 0);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
}

/* The request ids of @model, in order, one string. */
static char *
model_ids (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwHistoryEntry) entry = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                              tw_history_entry_get_request_id (entry));
    }
  return g_string_free (ids, FALSE);
}

/* What the model holds after each of its changes, as a list sees it
 * while the change is announced. */
static void
on_model_items_changed (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GPtrArray  *seen)
{
  g_ptr_array_add (seen, model_ids (model));
}

/* Straight to the page's model: the entry would go through an empty
 * search (every row) on its way from one text to another. */
static void
model_search (Fixture    *fixture,
              const char *text)
{
  tw_history_model_set_search (tw_history_page_get_model (fixture->page), text);
}

static void
count_notify (guint *n_notified)
{
  (*n_notified)++;
}

static guint
selected_position (Fixture *fixture)
{
  return gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (rows (fixture)));
}

/* A search changes only the rows between those it keeps at the top and
 * at the bottom: the list keeps the widgets of the others (a search
 * matching every row remakes none) and shows the right rows. */
static void
test_search_keeps_rows (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *top_label;
  GtkWidget *bottom_label;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TwHistoryRow) top_row = NULL;
  g_autoptr(TwHistoryEntry) top_entry = NULL;
  guint n_notified = 0;

  add_record (fixture, T0, "token", SUCCEEDED, "id1qqzz");
  add_record (fixture, T0 + 1000, "token", SUCCEEDED, "id2zz");
  add_record (fixture, T0 + 2000, "token", SUCCEEDED, "id3qq");
  add_record (fixture, T0 + 3000, "token", SUCCEEDED, "id4qq");
  flush (fixture->history);
  show_window (fixture);
  view = child (fixture, "column_view");
  g_assert_cmpuint (n_rows (fixture), ==, 4);
  top_label = tw_test_find_label (view, "id4qq");
  bottom_label = tw_test_find_label (view, "id1qqzz");
  g_assert_nonnull (top_label);
  g_assert_nonnull (bottom_label);
  g_signal_connect (tw_history_page_get_model (fixture->page), "items-changed",
                    G_CALLBACK (on_model_items_changed), seen);

  /* Every row matches: nothing changes. */
  model_search (fixture, "id");
  g_assert_cmpuint (seen->len, ==, 0);
  g_assert_true (tw_test_find_label (view, "id4qq") == top_label);

  /* A row in the middle goes; the rows around it stay. */
  model_search (fixture, "qq");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "id4qq id3qq id1qqzz");
  g_assert_null (tw_test_find_label (view, "id2zz"));
  g_assert_true (tw_test_find_label (view, "id4qq") == top_label);
  g_assert_true (tw_test_find_label (view, "id1qqzz") == bottom_label);

  /* One change: the rows the list has keep their widgets and show the
   * new requests (the top row's label now says id2zz); a row object
   * stays, its entry changes (the old entry, e.g. in a details window,
   * does not). A selected row that stays stays selected. */
  top_row = g_list_model_get_item (rows (fixture), 0);
  top_entry = g_object_ref (tw_history_row_get_entry (top_row));
  g_signal_connect_swapped (top_row, "notify::entry", G_CALLBACK (count_notify), &n_notified);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows (fixture)), 2);
  g_ptr_array_set_size (seen, 0);
  model_search (fixture, "zz");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (seen, 0), ==, "id2zz id1qqzz");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_history_row_get_entry (top_row)), ==,
                   "id2zz");
  g_assert_cmpstr (tw_history_entry_get_request_id (top_entry), ==, "id4qq");
  g_assert_true (row_entry (fixture, 0) == tw_history_row_get_entry (top_row));
  TW_TEST_SPIN_UNTIL (tw_test_find_label (view, "id2zz") == top_label, WAIT_MS);
  g_assert_null (tw_test_find_label (view, "id4qq"));
  g_assert_null (tw_test_find_label (view, "id3qq"));
  g_assert_true (tw_test_find_label (view, "id1qqzz") == bottom_label);
  g_assert_cmpuint (selected_position (fixture), ==, 1);
  g_assert_cmpstr (row_request_id (fixture, 1), ==, "id1qqzz");

  /* A selected row that goes is no longer selected, nor is one that
   * stays but shows another request. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows (fixture)), 1);
  model_search (fixture, "id4");
  g_assert_cmpuint (selected_position (fixture), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows (fixture)), 0);
  model_search (fixture, "zz");
  g_assert_cmpuint (selected_position (fixture), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, "id2zz");
  model_search (fixture, "qq");
  g_assert_cmpuint (n_rows (fixture), ==, 3);

  /* Oldest first, the same. */
  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (view), child (fixture, "time_column"),
                                  GTK_SORT_ASCENDING);
  model_search (fixture, "zz");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, "id1qqzz");
  g_assert_cmpstr (row_request_id (fixture, 1), ==, "id2zz");
  g_assert_nonnull (tw_test_find_label (view, "id2zz"));
  g_assert_null (tw_test_find_label (view, "id3qq"));

  g_signal_handlers_disconnect_by_func (tw_history_page_get_model (fixture->page),
                                        on_model_items_changed, seen);
  g_signal_handlers_disconnect_by_func (top_row, count_notify, &n_notified);
}

/* The outcome icon of the row showing @request_id. */
static GtkImage *
row_outcome_icon (GtkWidget  *view,
                  const char *request_id)
{
  GtkWidget *row = tw_test_find_label (view, request_id);

  g_assert_nonnull (row);
  while (!GTK_IS_LIST_VIEW (gtk_widget_get_parent (row)))
    row = gtk_widget_get_parent (row);
  return GTK_IMAGE (tw_test_find_descendant (row, GTK_TYPE_IMAGE));
}

/* A relabelled row shows the outcome icon of its new request, and keeps
 * the icon it has when the outcome is the same. */
static void
test_search_relabels_outcome (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *view;
  GtkImage *icon;
  guint n_notified = 0;

  add_record (fixture, T0, "token", SUCCEEDED, "aa1");
  add_record (fixture, T0 + 1000, "token", TW_ERROR_INVALID_TOKEN, "bb2");
  add_record (fixture, T0 + 2000, "token", TW_ERROR_INVALID_TOKEN, "cc3");
  flush (fixture->history);
  show_window (fixture);
  view = child (fixture, "column_view");
  icon = row_outcome_icon (view, "cc3");
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "dialog-error-symbolic");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (icon), "error"));
  g_signal_connect_swapped (icon, "notify::icon-name", G_CALLBACK (count_notify), &n_notified);

  /* The top row now shows bb2, failed as well: the icon is left alone. */
  model_search (fixture, "bb");
  TW_TEST_SPIN_UNTIL (tw_test_find_label (view, "bb2") != NULL, WAIT_MS);
  g_assert_true (row_outcome_icon (view, "bb2") == icon);
  g_assert_cmpuint (n_notified, ==, 0);

  /* Then aa1, which succeeded. */
  model_search (fixture, "aa");
  TW_TEST_SPIN_UNTIL (tw_test_find_label (view, "aa1") != NULL, WAIT_MS);
  g_assert_true (row_outcome_icon (view, "aa1") == icon);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpstr (gtk_image_get_icon_name (icon), ==, "emblem-ok-symbolic");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (icon), "success"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (icon), "error"));
  g_assert_nonnull (tw_test_find_label (view, "Succeeded"));

  g_signal_handlers_disconnect_by_func (icon, count_notify, &n_notified);
}

static TwHistoryEntry *
entry_with_id (const char *request_id)
{
  g_autoptr(TwHistoryRecord) record = tw_history_record_new ();

  record->request_id = g_strdup (request_id);
  return tw_history_entry_new (0, record);
}

/* @ids: space-separated request ids; replaces @n items of @store at @at. */
static void
store_splice (GListStore *store,
              guint       at,
              guint       n,
              const char *ids)
{
  g_auto(GStrv) split = g_strsplit (ids, " ", -1);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; split[i] != NULL && *split[i] != '\0'; i++)
    g_ptr_array_add (entries, entry_with_id (split[i]));
  g_list_store_splice (store, at, n, entries->pdata, entries->len);
}

static const char *
row_model_id (GListModel *rows,
              guint       position,
              GPtrArray  *keep)
{
  TwHistoryRow *row = g_list_model_get_item (rows, position);

  g_ptr_array_add (keep, row);
  return tw_history_entry_get_request_id (tw_history_row_get_entry (row));
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} Change;

static void
on_rows_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 Change     *change)
{
  *change = (Change) { position, removed, added, change->count + 1 };
}

/* The row model keeps the rows someone holds through a replacement,
 * announces only the difference in length, passes insertions on as they
 * are, and makes rows nobody holds afresh. */
static void
test_row_model (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GListStore) store = g_list_store_new (TW_TYPE_HISTORY_ENTRY);
  g_autoptr(TwHistoryRowModel) model = tw_history_row_model_new (G_LIST_MODEL (store));
  GListModel *rows = G_LIST_MODEL (model);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(TwHistoryRow) first = NULL;
  g_autoptr(TwHistoryRow) third = NULL;
  Change change = { 0 };
  guint n_notified = 0;

  g_assert_true (g_list_model_get_item_type (rows) == TW_TYPE_HISTORY_ROW);
  store_splice (store, 0, 0, "a b c d");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  first = g_list_model_get_item (rows, 0);
  third = g_list_model_get_item (rows, 2);
  g_assert_true (g_list_model_get_item (rows, 0) == (gpointer) first);
  g_object_unref (first);
  g_assert_null (g_list_model_get_item (rows, 4));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_rows_changed), &change);
  g_signal_connect_swapped (first, "notify::entry", G_CALLBACK (count_notify), &n_notified);

  /* Replaced by two: the first two positions keep their rows, with the
   * new entries; two rows are removed after them. */
  store_splice (store, 0, 4, "x y");
  g_assert_cmpuint (change.count, ==, 1);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_history_row_get_entry (first)), ==, "x");
  g_assert_true (g_list_model_get_item (rows, 0) == (gpointer) first);
  g_object_unref (first);
  g_assert_cmpstr (row_model_id (rows, 1, keep), ==, "y");
  /* A removed row is no longer the model's, and not changed again. */
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_history_row_get_entry (third)), ==, "c");

  /* Longer: the rows stay, the rest is added after them. */
  store_splice (store, 0, 2, "p q r");
  g_assert_cmpuint (change.count, ==, 2);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpstr (row_model_id (rows, 0, keep), ==, "p");
  g_assert_cmpstr (row_model_id (rows, 1, keep), ==, "q");
  g_assert_cmpstr (row_model_id (rows, 2, keep), ==, "r");
  g_assert_true (g_ptr_array_index (keep, keep->len - 3) == (gpointer) first);

  /* New entries at the top: announced as such, rows move with theirs. */
  store_splice (store, 0, 0, "new");
  g_assert_cmpuint (change.count, ==, 3);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpstr (row_model_id (rows, 0, keep), ==, "new");
  g_assert_true (g_list_model_get_item (rows, 1) == (gpointer) first);
  g_object_unref (first);
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_history_row_get_entry (first)), ==, "p");
  g_assert_cmpuint (n_notified, ==, 2);

  /* Rows nobody holds are made again when asked for. */
  g_ptr_array_set_size (keep, 0);
  g_assert_cmpstr (row_model_id (rows, 3, keep), ==, "r");

  /* Kept when the model empties: nothing is announced, the rows hold
   * their entries until the model has items again, and are then
   * relabelled; only the difference in length is announced. */
  tw_history_row_model_set_keep_rows_when_empty (model, TRUE);
  store_splice (store, 0, 4, "");
  g_assert_cmpuint (change.count, ==, 3);
  g_assert_true (tw_history_row_model_get_held (model));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_history_row_get_entry (first)), ==, "p");
  store_splice (store, 0, 0, "m n");
  g_assert_false (tw_history_row_model_get_held (model));
  g_assert_cmpuint (change.count, ==, 4);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_history_row_get_entry (first)), ==, "n");
  g_assert_true (g_list_model_get_item (rows, 1) == (gpointer) first);
  g_object_unref (first);
  g_assert_cmpstr (row_model_id (rows, 0, keep), ==, "m");
  g_assert_cmpuint (n_notified, ==, 3);

  /* Held, then no longer wanted: the rows go at once. */
  store_splice (store, 0, 2, "");
  g_assert_true (tw_history_row_model_get_held (model));
  g_assert_cmpuint (change.count, ==, 4);
  tw_history_row_model_set_keep_rows_when_empty (model, FALSE);
  g_assert_false (tw_history_row_model_get_held (model));
  g_assert_cmpuint (change.count, ==, 5);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);

  /* Without it, emptied at once. */
  store_splice (store, 0, 0, "s t u");
  store_splice (store, 0, 3, "");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpuint (change.removed, ==, 3);
  g_signal_handlers_disconnect_by_func (first, count_notify, &n_notified);
}

/* The page reads the history when it is first shown, not before. */
static void
test_reads_when_shown (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkColumnView *view;

  AdwViewStack *stack = ADW_VIEW_STACK (adw_view_stack_new ());

  fill_history (fixture);
  fixture->register_page = TW_REGISTER_PAGE (tw_register_page_new (fixture->context));
  adw_view_stack_add_named (stack, GTK_WIDGET (fixture->register_page), "register");
  fixture->page = TW_HISTORY_PAGE (tw_history_page_new (fixture->context));
  adw_view_stack_add_named (stack, GTK_WIDGET (fixture->page), "history");
  adw_view_stack_set_visible_child_name (stack, "register");
  fixture->stack = stack;
  fixture->window = tw_test_window_new (GTK_WIDGET (stack), 1280, 800);
  view = child (fixture, "column_view");

  /* Hidden: no model, nothing read, even as requests are recorded. */
  g_assert_null (gtk_column_view_get_model (view));
  add_record (fixture, T0 + 180000, "registration", SUCCEEDED, ID_OK);
  flush (fixture->history);
  g_assert_null (gtk_column_view_get_model (view));

  adw_view_stack_set_visible_child_name (stack, "history");
  g_assert_nonnull (gtk_column_view_get_model (view));
  g_assert_cmpuint (n_rows (fixture), ==, 4);
  g_assert_cmpstr (shown_state (fixture), ==, "list");
  g_assert_true (can_export (fixture));
  TW_TEST_SPIN_UNTIL (tw_test_find_label (GTK_WIDGET (view), ID_FAILED) != NULL, WAIT_MS);

  /* Asked for, the model is made without the page being shown. */
  g_clear_pointer (&fixture->window, gtk_window_destroy);
  fixture->page = TW_HISTORY_PAGE (g_object_ref_sink (tw_history_page_new (fixture->context)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                      tw_history_page_get_model (fixture->page))), ==, 4);
  g_assert_true (gtk_column_view_get_model (child (fixture, "column_view")) != NULL);
  g_clear_object (&fixture->page);
}

static TwRequestDetails *
find_details (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (TW_IS_REQUEST_DETAILS (window))
        return TW_REQUEST_DETAILS (window);
    }
  return NULL;
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start;
  GtkTextIter end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gpointer
details_child (TwRequestDetails *details,
               const char       *name)
{
  return tw_test_get_child (details, TW_TYPE_REQUEST_DETAILS, name);
}

/* Opens the details of a row as Enter on the row does. */
static TwRequestDetails *
activate_row (Fixture *fixture,
              guint    position)
{
  TwRequestDetails *details;

  g_signal_emit_by_name (child (fixture, "column_view"), "activate", position);
  details = find_details ();
  g_assert_nonnull (details);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (details)), WAIT_MS);
  return details;
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *fingerprint = tw_secret_fingerprint (fixture->order_secret);
  g_autofree char *request_text = NULL;
  g_autofree char *response_text = NULL;
  TwRequestDetails *details;

  fill_history (fixture);
  show_window (fixture);
  details = activate_row (fixture, 1);

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (details)) ==
                 fixture->window);
  g_assert_cmpstr (tw_test_row_subtitle (details_child (details, "request_id_row")), ==,
                   ID_FAILED);
  g_assert_cmpstr (tw_test_row_subtitle (details_child (details, "code_row")), ==,
                   "INVALID_TOKEN");
  g_assert_cmpstr (tw_test_row_subtitle (details_child (details, "status_row")), ==,
                   "401 Unauthorized");
  g_assert_cmpstr (tw_test_row_subtitle (details_child (details, "duration_row")), ==, "1.2 s");
  g_assert_cmpstr (adw_preferences_row_get_title (details_child (details, "outcome_row")), ==,
                   "Invalid token");

  /* The body as stored: secrets as fingerprints, indented for reading. */
  request_text = text_view_text (details_child (details, "request_view"));
  g_assert_nonnull (strstr (request_text, fingerprint));
  g_assert_nonnull (strstr (request_text, "\"sync_inventory_location\""));
  g_assert_nonnull (strstr (request_text, "\n  "));
  g_assert_null (strstr (request_text, fixture->order_secret));
  response_text = text_view_text (details_child (details, "response_view"));
  g_assert_nonnull (strstr (response_text, ID_FAILED));
  g_assert_true (gtk_widget_get_visible (details_child (details, "load_row")));

  g_free (tw_test_save_screenshot (GTK_WIDGET (details), "history-details.png"));
  gtk_window_destroy (GTK_WINDOW (details));

  /* A token grant has nothing to load into the editor. */
  details = activate_row (fixture, 0);
  g_assert_false (gtk_widget_get_visible (details_child (details, "load_row")));
}

static void
test_copy (Fixture       *fixture,
           gconstpointer  data)
{
  TwRequestDetails *details;
  GdkClipboard *clipboard;
  g_autofree char *copied_id = NULL;
  g_autofree char *summary = NULL;
  int lock;

  fill_history (fixture);
  show_window (fixture);
  details = activate_row (fixture, 2);
  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (details));

  lock = tw_test_lock_clipboard ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details),
                                             "details.copy-request-id", NULL));
  copied_id = tw_test_read_clipboard (clipboard);
  g_assert_cmpstr (copied_id, ==, ID_OK);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (GTK_WIDGET (details), "Request ID copied"), WAIT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details), "details.copy-summary", NULL));
  summary = tw_test_read_clipboard (clipboard);
  tw_test_unlock_clipboard (lock);

  g_assert_nonnull (strstr (summary, ID_OK));
  g_assert_nonnull (strstr (summary, "register-webhooks"));
  g_assert_null (strstr (summary, fixture->order_secret));
}

static void
test_load_into_editor (Fixture       *fixture,
                       gconstpointer  data)
{
  TwRegisterPage *register_page;
  TwRegistration *registration;
  TwHook *order;
  TwHook *stock;
  TwRequestDetails *details;
  const char * const *codes;
  AdwViewStack *stack;

  fill_history (fixture);
  show_pages (fixture, TRUE);
  register_page = fixture->register_page;
  registration = tw_register_page_get_registration (register_page);
  order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  stock = tw_registration_get_hook (registration, TW_HOOK_STOCK);
  tw_hook_set_secret_key (order, "kept-secret-key-0123456789abcdef");
  tw_registration_set_partner_id (registration, "other");

  details = activate_row (fixture, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (details),
                                             "details.load-into-editor", NULL));

  /* The details close and the Register page shows the registration. */
  TW_TEST_SPIN_UNTIL (find_details () == NULL, WAIT_MS);
  stack = fixture->stack;
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "register");
  codes = tw_registration_get_warehouses (registration);
  g_assert_cmpuint (g_strv_length ((GStrv) codes), ==, 2);
  g_assert_cmpstr (codes[0], ==, "sgn");
  g_assert_cmpstr (codes[1], ==, "hn5");
  g_assert_cmpstr (tw_registration_get_partner_id (registration), ==, "shop-42");
  g_assert_cmpstr (tw_hook_get_url (order), ==, "https://shop.example.com/hooks/order");
  g_assert_true (tw_hook_get_enabled (stock));
  g_assert_cmpstr (tw_hook_get_url (stock), ==, "https://shop.example.com/hooks/stock");
  g_assert_false (tw_hook_get_enabled (tw_registration_get_hook (registration,
                                                                 TW_HOOK_AFTERSALE)));
  /* Secrets are not in the history: the editor keeps its own. */
  g_assert_cmpstr (tw_hook_get_secret_key (order), ==, "kept-secret-key-0123456789abcdef");
}

static char *
export_to (Fixture               *fixture,
           const char            *name,
           TwHistoryExportFormat  format)
{
  g_autofree char *dir = g_dir_make_tmp ("tw-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  tw_history_page_export_async (fixture->page, file, format, NULL, tw_test_keep_result_cb, &result);
  g_assert_true (tw_history_page_export_finish (fixture->page,
                                                tw_test_spin_until_result (&result, WAIT_MS),
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_remove (path);
  g_rmdir (dir);
  return contents;
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *all = NULL;
  g_autofree char *failed = NULL;

  fill_history (fixture);
  show_window (fixture);

  all = export_to (fixture, "all.json", TW_HISTORY_EXPORT_JSON);
  g_assert_nonnull (strstr (all, ID_OK));
  g_assert_nonnull (strstr (all, ID_FAILED));
  g_assert_nonnull (strstr (all, ID_TOKEN));
  g_assert_null (strstr (all, fixture->order_secret));

  /* What the page shows is what is exported. */
  gtk_drop_down_set_selected (child (fixture, "outcome_dropdown"), 2);
  failed = export_to (fixture, "failed.csv", TW_HISTORY_EXPORT_CSV);
  g_assert_nonnull (strstr (failed, ID_FAILED));
  g_assert_null (strstr (failed, ID_OK));
  g_assert_null (strstr (failed, ID_TOKEN));
  g_assert_null (strstr (failed, fixture->order_secret));
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  AdwMessageDialog *dialog;
  guint n_stored = 0;

  fill_history (fixture);
  show_window (fixture);

  /* Cancelling keeps everything. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "history.clear", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  tw_test_spin_for (200);
  g_assert_cmpuint (n_rows (fixture), ==, 3);

  /* Confirming deletes every row, and the empty state comes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "history.clear", NULL));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "clear");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 0, WAIT_MS);
  g_assert_cmpstr (shown_state (fixture), ==, "empty");
  g_assert_true (tw_history_count (fixture->history, NULL, &n_stored, NULL));
  g_assert_cmpuint (n_stored, ==, 0);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (GTK_WIDGET (fixture->window), "History cleared"),
                      WAIT_MS);
}

static TwHistoryRowModel *
row_model (Fixture *fixture)
{
  return TW_HISTORY_ROW_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (
    rows (fixture))));
}

/* A filter matching nothing hides the list without tearing its rows
 * down; the next match relabels them. Nothing of the old rows shows,
 * is selected, opened or exported meanwhile or afterwards. */
static void
test_no_results (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *view;
  GtkWidget *top_cell;
  TwRequestDetails *details;
  guint n_stored = 0;

  fill_history (fixture);
  show_window (fixture);
  view = child (fixture, "column_view");
  top_cell = tw_test_find_label (view, ID_TOKEN);
  g_assert_nonnull (top_cell);
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows (fixture)), 0);

  search_for (fixture, "no-such-thing");
  TW_TEST_SPIN_UNTIL (g_strcmp0 (shown_state (fixture), "no-results") == 0, WAIT_MS);
  g_assert_true (tw_history_row_model_get_held (row_model (fixture)));
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                      tw_history_page_get_model (fixture->page))), ==, 0);
  g_assert_false (gtk_widget_get_mapped (view));
  g_assert_true (gtk_widget_get_mapped (child (fixture, "no_results_page")));
  g_assert_cmpuint (selected_position (fixture), ==, GTK_INVALID_LIST_POSITION);
  g_assert_false (can_export (fixture));
  g_assert_true (can_clear (fixture));
  /* The rows' widgets are still there, hidden. */
  g_assert_true (tw_test_find_label (view, ID_TOKEN) == top_cell);

  /* The next match: the same widgets, the new request; nothing left of
   * the old ones; Enter opens the request shown. */
  search_for (fixture, "FEDCBA98");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 1, WAIT_MS);
  g_assert_false (tw_history_row_model_get_held (row_model (fixture)));
  g_assert_cmpuint (g_list_model_get_n_items (rows (fixture)), ==, 1);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_FAILED);
  TW_TEST_SPIN_UNTIL (gtk_widget_get_mapped (top_cell), WAIT_MS);
  g_assert_true (tw_test_find_label (view, ID_FAILED) == top_cell);
  g_assert_null (tw_test_find_label (view, ID_TOKEN));
  g_assert_null (tw_test_find_label (view, ID_OK));
  g_assert_cmpuint (selected_position (fixture), ==, GTK_INVALID_LIST_POSITION);
  details = activate_row (fixture, 0);
  g_assert_cmpstr (tw_history_entry_get_request_id (tw_request_details_get_entry (details)), ==,
                   ID_FAILED);
  gtk_window_destroy (GTK_WINDOW (details));

  /* Back to every row, in order, through "no results" again. */
  search_for (fixture, "no-such-thing");
  TW_TEST_SPIN_UNTIL (g_strcmp0 (shown_state (fixture), "no-results") == 0, WAIT_MS);
  search_for (fixture, "");
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 3, WAIT_MS);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, ID_TOKEN);
  g_assert_cmpstr (row_request_id (fixture, 1), ==, ID_FAILED);
  g_assert_cmpstr (row_request_id (fixture, 2), ==, ID_OK);
  TW_TEST_SPIN_UNTIL (tw_test_find_label (view, ID_OK) != NULL, WAIT_MS);
  g_assert_true (tw_test_find_label (view, ID_TOKEN) == top_cell);

  /* Cleared while nothing matches, then the filter goes: the empty page,
   * and the held rows with it. */
  search_for (fixture, "no-such-thing");
  TW_TEST_SPIN_UNTIL (g_strcmp0 (shown_state (fixture), "no-results") == 0, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "history.clear", NULL));
  adw_message_dialog_response (find_message_dialog (), "clear");
  TW_TEST_SPIN_UNTIL (tw_history_count (fixture->history, NULL, &n_stored, NULL) &&
                      n_stored == 0, WAIT_MS);
  g_assert_true (tw_history_row_model_get_held (row_model (fixture)));
  search_for (fixture, "");
  TW_TEST_SPIN_UNTIL (g_strcmp0 (shown_state (fixture), "empty") == 0, WAIT_MS);
  g_assert_false (tw_history_row_model_get_held (row_model (fixture)));
  g_assert_cmpuint (g_list_model_get_n_items (rows (fixture)), ==, 0);
  g_assert_null (tw_test_find_label (view, ID_TOKEN));
}

static void
test_gui_registration_recorded (Fixture       *fixture,
                                gconstpointer  data)
{
  TwRegisterPage *register_page;
  TwRegistration *registration;
  TwApiResult *result;
  g_autoptr(TwHistoryEntry) entry = NULL;
  g_autofree char *request_text = NULL;
  g_autofree char *summary = NULL;
  const char * const codes[] = { "sgn", NULL };
  TwHook *order;

  show_pages (fixture, TRUE);
  g_assert_cmpuint (n_rows (fixture), ==, 0);

  /* The Register page, in Demo, against the simulator. */
  register_page = fixture->register_page;
  g_assert_cmpint (tw_register_page_get_environment (register_page), ==, TW_ENVIRONMENT_DEMO);
  registration = tw_register_page_get_registration (register_page);
  order = tw_registration_get_hook (registration, TW_HOOK_ORDER);
  tw_registration_set_warehouses (registration, codes);
  tw_hook_set_url (order, "https://shop.example.com/hooks/order");
  tw_hook_set_secret_key (order, fixture->order_secret);
  tw_auth_set_access_token (tw_register_page_get_auth (register_page), TOKEN);

  TW_TEST_SPIN_UNTIL (gtk_widget_activate_action (GTK_WIDGET (register_page), "register.send",
                                                  NULL) &&
                      tw_register_page_get_busy (register_page), WAIT_MS);
  TW_TEST_SPIN_UNTIL (!tw_register_page_get_busy (register_page), WAIT_MS);
  result = tw_register_page_get_last_result (register_page);
  g_assert_nonnull (result);
  g_assert_true (tw_api_result_get_ok (result));

  /* The context's history recorded it, and the page shows it. */
  TW_TEST_SPIN_UNTIL (n_rows (fixture) == 1, WAIT_MS);
  g_assert_cmpstr (row_request_id (fixture, 0), ==, tw_api_result_get_request_id (result));

  /* What was stored has the hook URL but neither the token nor the key
   * (the details window shows this body: see test_details()). */
  entry = g_object_ref (row_entry (fixture, 0));
  request_text = g_strdup (tw_history_entry_get_request_body (entry));
  g_assert_nonnull (strstr (request_text, "https://shop.example.com/hooks/order"));
  g_assert_null (strstr (request_text, TOKEN));
  g_assert_null (strstr (request_text, fixture->order_secret));
  summary = tw_history_entry_get_support_summary (entry);
  g_assert_null (strstr (summary, TOKEN));
  g_assert_null (strstr (summary, fixture->order_secret));
}

static gboolean
label_starts_with (GtkWidget  *root,
                   const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) &&
          g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return TRUE;
      if (label_starts_with (child, prefix))
        return TRUE;
    }
  return FALSE;
}

static void
test_damaged_toast (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *dir = history_dir ();
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);

  g_clear_object (&fixture->context);
  remove_history_files ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "this is not SQLite, not at all", -1, NULL));
  fixture->context = tw_test_context_new ();
  fixture->history = tw_context_get_history (fixture->context);
  g_assert_nonnull (tw_history_get_damaged_path (fixture->history));

  show_window (fixture);
  TW_TEST_SPIN_UNTIL (label_starts_with (GTK_WIDGET (fixture->window),
                                         "The request history was damaged."), WAIT_MS);
}

/* The window works from 360 px wide: the page must not be wider. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  int minimum;

  fill_history (fixture);
  show_window (fixture);
  gtk_widget_measure (GTK_WIDGET (fixture->page), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_test_message ("History page minimum width: %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
  gtk_widget_measure (child (fixture, "toolbar"), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_test_message ("Toolbar minimum width: %d", minimum);
}

/* The Ctrl+F shortcut of the page: managed by the window, so that it works
 * wherever the focus is while the page is shown. */
static gboolean
has_managed_shortcut (GtkWidget  *widget,
                      const char *trigger,
                      const char *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      GListModel *shortcuts;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_shortcut_controller_get_scope (GTK_SHORTCUT_CONTROLLER (controller)) !=
          GTK_SHORTCUT_SCOPE_MANAGED)
        continue;
      shortcuts = G_LIST_MODEL (controller);
      for (guint j = 0; j < g_list_model_get_n_items (shortcuts); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (shortcuts, j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (
            gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (GTK_IS_NAMED_ACTION (named) && g_strcmp0 (text, trigger) == 0 &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)),
                         action) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *search_entry;
  GtkWidget *focus;

  fill_history (fixture);
  show_window (fixture);
  search_entry = child (fixture, "search_entry");

  g_assert_true (has_managed_shortcut (GTK_WIDGET (fixture->page), "<Control>f",
                                       "history.focus-search"));
  gtk_widget_grab_focus (child (fixture, "column_view"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page),
                                             "history.focus-search", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == search_entry || gtk_widget_is_ancestor (focus, search_entry));

  /* Escape in the search clears it. */
  gtk_editable_set_text (GTK_EDITABLE (search_entry), ID_OK);
  g_signal_emit_by_name (search_entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry)), ==, "");
}

/* The close button of a toast (libadwaita 1.2 wires it to a handler). */
static GtkWidget *
find_icon_button (GtkWidget  *root,
                  const char *icon_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), icon_name) == 0)
        return child;
      if ((found = find_icon_button (child, icon_name)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_write_failed_toast (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *dir = history_dir ();
  const char *prefix = "Requests could not be saved in the history";
  GtkWidget *dismiss;

  /* A file where the history's folder belongs: every write fails. */
  g_clear_object (&fixture->context);
  remove_history_files ();
  g_rmdir (dir);
  g_assert_true (g_file_set_contents (dir, "in the way", -1, NULL));
  fixture->context = tw_test_context_new ();
  fixture->history = tw_context_get_history (fixture->context);
  show_window (fixture);

  add_record (fixture, T0, "registration", SUCCEEDED, ID_OK);
  TW_TEST_SPIN_UNTIL (label_starts_with (GTK_WIDGET (fixture->window), prefix), WAIT_MS);

  /* Once dismissed, further failures of the same run stay quiet. */
  dismiss = find_icon_button (GTK_WIDGET (fixture->window), "window-close-symbolic");
  g_assert_nonnull (dismiss);
  gtk_widget_activate (dismiss);
  TW_TEST_SPIN_UNTIL (!label_starts_with (GTK_WIDGET (fixture->window), prefix), WAIT_MS);
  add_record (fixture, T0 + 1000, "registration", SUCCEEDED, ID_FAILED);
  tw_test_spin_for (1000);
  g_assert_false (label_starts_with (GTK_WIDGET (fixture->window), prefix));
  g_assert_cmpuint (n_rows (fixture), ==, 0);
}

/* The page in the real window: after Register and Test receiver, with
 * the window's context. */
static void
test_in_window (Fixture       *fixture,
                gconstpointer  data)
{
  TwWindow *window;
  AdwViewStack *stack;
  GListModel *pages;
  GtkWidget *page;
  TwRegisterPage *register_page;
  const char * const names[] = { "register", "tester", "history" };

  window = tw_test_main_window_show (fixture->context, 1280, 800);

  page = tw_window_get_page (window, "history");
  g_assert_true (TW_IS_HISTORY_PAGE (page));
  g_assert_true (tw_history_page_get_context (TW_HISTORY_PAGE (page)) == fixture->context);
  stack = tw_test_get_child (window, TW_TYPE_WINDOW, "stack");
  pages = G_LIST_MODEL (adw_view_stack_get_pages (stack));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(AdwViewStackPage) stack_page = g_list_model_get_item (pages, i);

      g_assert_cmpstr (adw_view_stack_page_get_name (stack_page), ==, names[i]);
    }
  g_object_unref (pages);

  /* Read when first shown, not with the window. */
  g_assert_null (gtk_column_view_get_model (tw_test_get_child (page, TW_TYPE_HISTORY_PAGE,
                                                               "column_view")));
  /* By name: the stack's child is the placeholder the page was built in. */
  adw_view_stack_set_visible_child_name (stack, "history");
  g_assert_nonnull (gtk_column_view_get_model (tw_test_get_child (page, TW_TYPE_HISTORY_PAGE,
                                                                  "column_view")));
  g_free (tw_test_save_screenshot (GTK_WIDGET (window), "history-page-window.png"));

  /* The window opens a profile in the Register page: let it finish. */
  register_page = TW_REGISTER_PAGE (tw_window_get_page (window, "register"));
  TW_TEST_SPIN_UNTIL (tw_register_page_get_profile (register_page) != NULL &&
                      gtk_widget_get_sensitive (tw_test_get_child (register_page,
                                                                   TW_TYPE_REGISTER_PAGE,
                                                                   "shop_group")), WAIT_MS);
}

typedef struct
{
  const char *path;
  void      (*func) (Fixture *fixture, gconstpointer data);
  gboolean    isolated;
} TestCase;

static const TestCase tests[] = {
  { "/tw/history-page/in-window", test_in_window, TRUE },
  { "/tw/history-page/rows", test_rows },
  { "/tw/history-page/empty", test_empty },
  { "/tw/history-page/search-and-filter", test_search_and_filter },
  { "/tw/history-page/search-keeps-rows", test_search_keeps_rows },
  { "/tw/history-page/search-relabels-outcome", test_search_relabels_outcome },
  { "/tw/history-page/row-model", test_row_model },
  { "/tw/history-page/reads-when-shown", test_reads_when_shown },
  { "/tw/history-page/details", test_details },
  { "/tw/history-page/copy", test_copy },
  { "/tw/history-page/load-into-editor", test_load_into_editor },
  { "/tw/history-page/keyboard", test_keyboard },
  { "/tw/history-page/narrow", test_narrow },
  { "/tw/history-page/export", test_export },
  { "/tw/history-page/clear", test_clear },
  { "/tw/history-page/no-results", test_no_results },
  { "/tw/history-page/gui-registration-recorded", test_gui_registration_recorded, TRUE },
  { "/tw/history-page/damaged-toast", test_damaged_toast },
  { "/tw/history-page/write-failed-toast", test_write_failed_toast },
};

/* The heaviest tests (the whole window; a request through the Register
 * page) run in a process of their own: together with the others, a
 * process makes more than 2048 quarks, and GLib then drops its first quark
 * table on purpose, which LeakSanitizer reports as a leak because its fast
 * unwinder cannot see that the table came from GLib's constructor (the
 * _dl_init suppression then does not match). */
static void
run_isolated (gconstpointer data)
{
  const TestCase *test = data;
  Fixture fixture = { 0 };

  if (test->isolated && !g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  fixture_set_up (&fixture, NULL);
  test->func (&fixture, NULL);
  fixture_tear_down (&fixture, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("tw-history-page-XXXXXX", NULL);
  int status;

  /* Before anything reads it: GLib keeps the first value. Each process
   * (see run_isolated()) has a folder of its own. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add_data_func (tests[i].path, &tests[i], run_isolated);

  status = g_test_run ();
  remove_history_files ();
  g_rmdir (g_get_user_data_dir ());
  return status;
}
