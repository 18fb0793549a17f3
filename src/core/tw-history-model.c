/* tw-history-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history-model"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-enums.h"
#include "tw-history-model.h"
#include "tw-history-private.h"

#define MAX_PAGES 4

typedef struct
{
  guint      index;
  GPtrArray *entries;
} Page;

struct _TwHistoryModel
{
  GObject                 parent_instance;

  TwHistory              *history;
  char                   *search;
  char                   *kind;
  TwHistoryOutcomeFilter  outcome;
  TwHistoryFilter         filter;

  guint                   n_items;
  /* What the last read saw of the whole table: new rows have a larger id,
   * and a total below old + new means something was deleted. */
  guint                   n_rows;
  gint64                  min_id;
  gint64                  top_id;
  /* With a filter: the matching ids, ascending (position p is the id at
   * len - 1 - p). */
  GArray                 *ids;

  GQueue                  pages;
  guint                   n_page_loads;
};

static void tw_history_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwHistoryModel, tw_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tw_history_model_list_model_init))

enum {
  PROP_0,
  PROP_HISTORY,
  PROP_SEARCH,
  PROP_OUTCOME,
  PROP_KIND,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
page_free (Page *page)
{
  g_ptr_array_unref (page->entries);
  g_free (page);
}

static void
drop_pages (TwHistoryModel *self)
{
  g_queue_clear_full (&self->pages, (GDestroyNotify) page_free);
}

static gboolean
is_filtered (TwHistoryModel *self)
{
  return !tw_history_filter_is_empty (&self->filter);
}

static gboolean
ids_are_positions (TwHistoryModel *self)
{
  return self->ids == NULL && self->top_id - self->min_id + 1 == self->n_rows;
}

/* Reads the counts again; returns the number of items. */
static guint
load_counts (TwHistoryModel *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->ids, g_array_unref);
  if (!tw_history_read_totals (self->history, &self->n_rows, &self->min_id, &self->top_id,
                               &error))
    {
      g_debug ("Cannot count the history: %s", error->message);
      return 0;
    }

  if (!is_filtered (self))
    return self->n_rows;

  self->ids = tw_history_collect_ids (self->history, &self->filter, 0, self->top_id, &error);
  if (self->ids == NULL)
    {
      g_debug ("Cannot search the history: %s", error->message);
      return 0;
    }

  return self->ids->len;
}

/* The id at @position of a list: from @ids (ascending: position 0 is the
 * last) or, without them, counting down from @top_id (no gaps). */
static inline gint64
id_at (GArray *ids,
       gint64  top_id,
       guint   position)
{
  return ids != NULL ? g_array_index (ids, gint64, ids->len - 1 - position) : top_id - position;
}

static void
reset (TwHistoryModel *self)
{
  guint old_n = self->n_items;
  gboolean known = self->ids != NULL || ids_are_positions (self);
  g_autoptr(GArray) old_ids = self->ids != NULL ? g_array_ref (self->ids) : NULL;
  gint64 old_top = self->top_id;
  guint new_n;
  guint prefix = 0;
  guint suffix = 0;
  guint removed;
  guint added;

  new_n = load_counts (self);
  known = known && (self->ids != NULL || ids_are_positions (self));

  /* Rows both lists hold at their top and at their bottom stay: a search
   * matching what is shown changes nothing, and the list keeps the rows
   * it made for them instead of making them all again. */
  if (known)
    {
      guint common = MIN (old_n, new_n);

      while (prefix < common &&
             id_at (old_ids, old_top, prefix) == id_at (self->ids, self->top_id, prefix))
        prefix++;
      while (suffix < common - prefix &&
             id_at (old_ids, old_top, old_n - 1 - suffix) ==
             id_at (self->ids, self->top_id, new_n - 1 - suffix))
        suffix++;
    }
  removed = old_n - prefix - suffix;
  added = new_n - prefix - suffix;

  /* Cached rows above the change are still at their positions. */
  for (GList *l = self->pages.head; l != NULL;)
    {
      GList *next = l->next;
      Page *page = l->data;

      if (prefix == 0 || (page->index + 1) * TW_HISTORY_MODEL_PAGE_SIZE > prefix)
        {
          page_free (page);
          g_queue_delete_link (&self->pages, l);
        }
      l = next;
    }

  /* One change, the removed and the added rows together: the History
   * page's TwHistoryRowModel then gives the rows the list shows new
   * entries instead of the list making new rows. (A GtkSingleSelection
   * right on this model would look for its selected item among all the
   * added items, reading every page; the row model announces no such
   * change.) */
  self->n_items = new_n;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
  if (old_n != new_n)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The ids of the rows added since the last read that match the filter;
 * NULL when rows were deleted as well, or on an error: then reset. */
static GArray *
read_new_ids (TwHistoryModel *self,
              guint          *n_rows,
              gint64         *min_id,
              gint64         *top_id)
{
  g_autoptr(GArray) all = NULL;
  g_autoptr(GError) error = NULL;

  if (is_filtered (self) && self->ids == NULL)
    return NULL;

  if (!tw_history_read_totals (self->history, n_rows, min_id, top_id, &error) ||
      (all = tw_history_collect_ids (self->history, NULL, self->top_id, *top_id, &error)) == NULL)
    {
      g_debug ("Cannot follow the history: %s", error->message);
      return NULL;
    }

  if (*top_id < self->top_id || *n_rows != self->n_rows + all->len)
    return NULL;
  if (!is_filtered (self))
    return g_steal_pointer (&all);
  return tw_history_collect_ids (self->history, &self->filter, self->top_id, *top_id, NULL);
}

/* New rows go to the top; anything else (a deletion) resets the model. */
static void
update (TwHistoryModel *self)
{
  g_autoptr(GArray) new_ids = NULL;
  guint n_rows = 0;
  gint64 min_id = 0;
  gint64 top_id = 0;

  new_ids = read_new_ids (self, &n_rows, &min_id, &top_id);
  if (new_ids == NULL)
    {
      reset (self);
      return;
    }

  if (self->ids != NULL)
    g_array_append_vals (self->ids, new_ids->data, new_ids->len);
  self->n_rows = n_rows;
  self->min_id = min_id;
  self->top_id = top_id;
  if (new_ids->len == 0)
    return;

  /* Positions moved: the cached pages no longer match them. */
  drop_pages (self);
  self->n_items += new_ids->len;
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_ids->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static Page *
find_page (TwHistoryModel *self,
           guint           index,
           gboolean        touch)
{
  for (GList *l = self->pages.head; l != NULL; l = l->next)
    {
      Page *page = l->data;

      if (page->index != index)
        continue;
      if (touch && l != self->pages.head)
        {
          g_queue_unlink (&self->pages, l);
          g_queue_push_head_link (&self->pages, l);
        }
      return page;
    }

  return NULL;
}

/* The ids a page should hold, newest first, when they are known: with a
 * filter, from the collected ids; without, when the ids have no gaps
 * (retention and Clear delete from the bottom or everything). */
static gint64 *
expected_ids (TwHistoryModel *self,
              guint           first,
              guint           n)
{
  gint64 *ids;

  if (self->ids == NULL && !ids_are_positions (self))
    return NULL;

  ids = g_new (gint64, n);
  for (guint i = 0; i < n; i++)
    ids[i] = self->ids != NULL
             ? g_array_index (self->ids, gint64, self->ids->len - 1 - (first + i))
             : self->top_id - (first + i);
  return ids;
}

/* With gaps: by offset, or just below the page before when it is cached
 * (scrolling down then reads a range, not an ever longer offset). */
static GPtrArray *
read_by_offset (TwHistoryModel  *self,
                guint            index,
                GError         **error)
{
  Page *previous = index > 0 ? find_page (self, index - 1, FALSE) : NULL;
  gint64 max_id = self->top_id;
  guint offset = index * TW_HISTORY_MODEL_PAGE_SIZE;

  if (previous != NULL && previous->entries->len == TW_HISTORY_MODEL_PAGE_SIZE)
    {
      TwHistoryEntry *last = g_ptr_array_index (previous->entries, previous->entries->len - 1);

      if (tw_history_entry_get_id (last) > 0)
        {
          max_id = tw_history_entry_get_id (last) - 1;
          offset = 0;
        }
    }

  return tw_history_query (self->history, NULL, 1, max_id, offset,
                           TW_HISTORY_MODEL_PAGE_SIZE, error);
}

static GPtrArray *
read_entries (TwHistoryModel  *self,
              guint            index,
              const gint64    *ids,
              guint            n,
              GError         **error)
{
  if (ids == NULL)
    return read_by_offset (self, index, error);
  if (self->ids == NULL)
    return tw_history_query (self->history, NULL, ids[n - 1], ids[0], 0, n, error);
  return tw_history_read_ids (self->history, ids, n, error);
}

static TwHistoryEntry *
new_placeholder (void)
{
  return tw_history_entry_new_take (0, tw_history_record_new (), NULL, TRUE);
}

/* A row counted but deleted before the model heard of it (retention, Clear)
 * becomes an empty entry until the store's next ::rows-changed replaces
 * every item: a list model may not return NULL below its length. */
static GPtrArray *
complete_page (GPtrArray    *entries,
               const gint64 *ids,
               guint         n)
{
  GPtrArray *page = g_ptr_array_new_full (n, g_object_unref);
  guint next = 0;

  for (guint i = 0; i < n; i++)
    {
      TwHistoryEntry *entry = entries != NULL && next < entries->len
                              ? g_ptr_array_index (entries, next) : NULL;

      if (entry != NULL && (ids == NULL || tw_history_entry_get_id (entry) == ids[i]))
        {
          g_ptr_array_add (page, g_object_ref (entry));
          next++;
        }
      else
        g_ptr_array_add (page, new_placeholder ());
    }

  return page;
}

static Page *
load_page (TwHistoryModel *self,
           guint           index)
{
  guint first = index * TW_HISTORY_MODEL_PAGE_SIZE;
  guint n = MIN (TW_HISTORY_MODEL_PAGE_SIZE, self->n_items - first);
  g_autofree gint64 *ids = expected_ids (self, first, n);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  entries = read_entries (self, index, ids, n, &error);
  if (entries == NULL)
    g_debug ("Cannot read the history: %s", error->message);

  self->n_page_loads++;
  page = g_new0 (Page, 1);
  page->index = index;
  page->entries = complete_page (entries, ids, n);
  g_queue_push_head (&self->pages, page);

  while (self->pages.length > MAX_PAGES)
    page_free (g_queue_pop_tail (&self->pages));

  return page;
}

/* Until constructed() there is nothing to reset. */
static void
filter_changed (TwHistoryModel *self,
                guint           prop_id)
{
  self->filter.search = self->search;
  self->filter.kind = self->kind;
  self->filter.outcome = self->outcome;

  if (self->history != NULL)
    reset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
on_history_rows_changed (TwHistoryModel *self,
                         TwHistory      *history)
{
  update (self);
}

static GType
tw_history_model_get_item_type (GListModel *model)
{
  return TW_TYPE_HISTORY_ENTRY;
}

static guint
tw_history_model_get_n_items (GListModel *model)
{
  return TW_HISTORY_MODEL (model)->n_items;
}

static gpointer
tw_history_model_get_item (GListModel *model,
                           guint       position)
{
  TwHistoryModel *self = TW_HISTORY_MODEL (model);
  guint index = position / TW_HISTORY_MODEL_PAGE_SIZE;
  guint offset = position % TW_HISTORY_MODEL_PAGE_SIZE;
  Page *page;

  if (position >= self->n_items)
    return NULL;

  page = find_page (self, index, TRUE);
  if (page == NULL)
    page = load_page (self, index);

  return g_object_ref (g_ptr_array_index (page->entries, offset));
}

static void
tw_history_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tw_history_model_get_item_type;
  iface->get_n_items = tw_history_model_get_n_items;
  iface->get_item = tw_history_model_get_item;
}

static void
tw_history_model_constructed (GObject *object)
{
  TwHistoryModel *self = TW_HISTORY_MODEL (object);

  G_OBJECT_CLASS (tw_history_model_parent_class)->constructed (object);

  g_signal_connect_object (self->history, "rows-changed",
                           G_CALLBACK (on_history_rows_changed), self, G_CONNECT_SWAPPED);
  self->n_items = load_counts (self);
}

static void
tw_history_model_dispose (GObject *object)
{
  TwHistoryModel *self = TW_HISTORY_MODEL (object);

  drop_pages (self);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (tw_history_model_parent_class)->dispose (object);
}

static void
tw_history_model_finalize (GObject *object)
{
  TwHistoryModel *self = TW_HISTORY_MODEL (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->kind, g_free);
  g_clear_pointer (&self->ids, g_array_unref);

  G_OBJECT_CLASS (tw_history_model_parent_class)->finalize (object);
}

static void
tw_history_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TwHistoryModel *self = TW_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->n_items);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TwHistoryModel *self = TW_HISTORY_MODEL (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      self->history = g_value_dup_object (value);
      break;
    case PROP_SEARCH:
      tw_history_model_set_search (self, g_value_get_string (value));
      break;
    case PROP_OUTCOME:
      tw_history_model_set_outcome (self, g_value_get_enum (value));
      break;
    case PROP_KIND:
      tw_history_model_set_kind (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_model_class_init (TwHistoryModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tw_history_model_constructed;
  object_class->dispose = tw_history_model_dispose;
  object_class->finalize = tw_history_model_finalize;
  object_class->get_property = tw_history_model_get_property;
  object_class->set_property = tw_history_model_set_property;

  properties[PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL, TW_TYPE_HISTORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL, flags);
  properties[PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, TW_TYPE_HISTORY_OUTCOME_FILTER,
                       TW_HISTORY_OUTCOME_ANY, flags);
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_history_model_init (TwHistoryModel *self)
{
  g_queue_init (&self->pages);
}

/* Public API */

/**
 * tw_history_model_new:
 * @history: the store
 *
 * Returns: (transfer full): a model of every request, newest first
 */
TwHistoryModel *
tw_history_model_new (TwHistory *history)
{
  g_return_val_if_fail (TW_IS_HISTORY (history), NULL);

  return g_object_new (TW_TYPE_HISTORY_MODEL, "history", history, NULL);
}

TwHistory *
tw_history_model_get_history (TwHistoryModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_MODEL (self), NULL);

  return self->history;
}

const char *
tw_history_model_get_search (TwHistoryModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_MODEL (self), NULL);

  return self->search;
}

void
tw_history_model_set_search (TwHistoryModel *self,
                             const char     *search)
{
  g_return_if_fail (TW_IS_HISTORY_MODEL (self));

  if (g_strcmp0 (self->search, search) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (search);
  filter_changed (self, PROP_SEARCH);
}

TwHistoryOutcomeFilter
tw_history_model_get_outcome (TwHistoryModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_MODEL (self), TW_HISTORY_OUTCOME_ANY);

  return self->outcome;
}

void
tw_history_model_set_outcome (TwHistoryModel         *self,
                              TwHistoryOutcomeFilter  outcome)
{
  g_return_if_fail (TW_IS_HISTORY_MODEL (self));
  g_return_if_fail (outcome <= TW_HISTORY_OUTCOME_FAILED);

  if (self->outcome == outcome)
    return;

  self->outcome = outcome;
  filter_changed (self, PROP_OUTCOME);
}

const char *
tw_history_model_get_kind (TwHistoryModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_MODEL (self), NULL);

  return self->kind;
}

void
tw_history_model_set_kind (TwHistoryModel *self,
                           const char     *kind)
{
  g_return_if_fail (TW_IS_HISTORY_MODEL (self));

  if (g_strcmp0 (self->kind, kind) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  filter_changed (self, PROP_KIND);
}

const TwHistoryFilter *
tw_history_model_get_filter (TwHistoryModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_MODEL (self), NULL);

  return &self->filter;
}

guint
tw_history_model_get_n_page_loads (TwHistoryModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_MODEL (self), 0);

  return self->n_page_loads;
}
