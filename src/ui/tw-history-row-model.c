/* tw-history-row-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history-row-model"

#include "config.h"

#include "tw-history-row-model.h"

typedef struct _Slot Slot;

struct _TwHistoryRowModel
{
  GObject     parent_instance;

  GListModel *model;
  guint       n_items;
  /* The rows handed out that are still alive, by position: Slots, which
   * a row's weak reference removes when it goes. */
  GHashTable *slots;
  gboolean    keep_rows_when_empty;
  /* The model is empty, the rows (n_items) are those from before. */
  gboolean    held;
};

struct _Slot
{
  TwHistoryRowModel *owner;
  TwHistoryRow      *row;
  guint              position;
};

static void tw_history_row_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwHistoryRowModel, tw_history_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tw_history_row_model_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
row_finalized_cb (gpointer  data,
                  GObject  *where_the_object_was)
{
  Slot *slot = data;

  g_hash_table_remove (slot->owner->slots, GUINT_TO_POINTER (slot->position));
  g_free (slot);
}

static void
forget_slot (Slot *slot)
{
  g_object_weak_unref (G_OBJECT (slot->row), row_finalized_cb, slot);
  g_free (slot);
}

/* The live rows of a replaced run show the model's new entries. Held
 * while they change: a handler of notify::entry may drop its row. */
static void
relabel_rows (TwHistoryRowModel *self,
              guint              position,
              guint              n)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  Slot *slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &slot))
    {
      g_autoptr(TwHistoryEntry) entry = NULL;

      if (slot->position < position || slot->position >= position + n)
        continue;
      entry = g_list_model_get_item (self->model, slot->position);
      if (entry != NULL)
        {
          g_ptr_array_add (rows, g_object_ref (slot->row));
          g_ptr_array_add (rows, g_steal_pointer (&entry));
        }
    }

  for (guint i = 0; i < rows->len; i += 2)
    tw_history_row_set_entry (g_ptr_array_index (rows, i), g_ptr_array_index (rows, i + 1));
}

/* Rows after a change move with their entries; rows in its removed part
 * (beyond the kept ones) are no longer ours. */
static void
move_rows (TwHistoryRowModel *self,
           guint              position,
           guint              removed,
           guint              added,
           guint              kept)
{
  GHashTable *moved = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  Slot *slot;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &slot))
    {
      if (slot->position >= position + removed)
        slot->position = slot->position - removed + added;
      else if (slot->position >= position + kept)
        {
          forget_slot (slot);
          continue;
        }
      g_hash_table_insert (moved, GUINT_TO_POINTER (slot->position), slot);
    }

  g_hash_table_unref (self->slots);
  self->slots = moved;
}

static void
apply_change (TwHistoryRowModel *self,
              guint              position,
              guint              removed,
              guint              added)
{
  guint kept = MIN (removed, added);

  relabel_rows (self, position, kept);
  move_rows (self, position, removed, added, kept);
  self->n_items = self->n_items - removed + added;
  g_assert (self->n_items == g_list_model_get_n_items (self->model));

  if (removed != added)
    g_list_model_items_changed (G_LIST_MODEL (self), position + kept, removed - kept,
                                added - kept);
}

/* The held rows are replaced by whatever the model now has: the rows
 * alive keep their widgets, as for a search. */
static void
release_rows (TwHistoryRowModel *self)
{
  self->held = FALSE;
  apply_change (self, 0, self->n_items, g_list_model_get_n_items (self->model));
}

static void
on_model_items_changed (GListModel        *model,
                        guint              position,
                        guint              removed,
                        guint              added,
                        TwHistoryRowModel *self)
{
  if (self->held)
    {
      release_rows (self);
      return;
    }
  if (self->keep_rows_when_empty && self->n_items > 0 && g_list_model_get_n_items (model) == 0)
    {
      self->held = TRUE;
      return;
    }
  apply_change (self, position, removed, added);
}

static GType
tw_history_row_model_get_item_type (GListModel *list)
{
  return TW_TYPE_HISTORY_ROW;
}

static guint
tw_history_row_model_get_n_items (GListModel *list)
{
  return TW_HISTORY_ROW_MODEL (list)->n_items;
}

static gpointer
tw_history_row_model_get_item (GListModel *list,
                               guint       position)
{
  TwHistoryRowModel *self = TW_HISTORY_ROW_MODEL (list);
  g_autoptr(TwHistoryEntry) entry = NULL;
  Slot *slot;

  if (position >= self->n_items)
    return NULL;

  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot->row);

  /* NULL for a held row no one holds any more: see the header. */
  entry = g_list_model_get_item (self->model, position);
  if (entry == NULL)
    return NULL;

  slot = g_new0 (Slot, 1);
  slot->owner = self;
  slot->row = tw_history_row_new (entry);
  slot->position = position;
  g_object_weak_ref (G_OBJECT (slot->row), row_finalized_cb, slot);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot->row;
}

static void
tw_history_row_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tw_history_row_model_get_item_type;
  iface->get_n_items = tw_history_row_model_get_n_items;
  iface->get_item = tw_history_row_model_get_item;
}

static void
tw_history_row_model_constructed (GObject *object)
{
  TwHistoryRowModel *self = TW_HISTORY_ROW_MODEL (object);

  G_OBJECT_CLASS (tw_history_row_model_parent_class)->constructed (object);

  g_assert (G_IS_LIST_MODEL (self->model));
  self->n_items = g_list_model_get_n_items (self->model);
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (on_model_items_changed), self, 0);
}

static void
tw_history_row_model_dispose (GObject *object)
{
  TwHistoryRowModel *self = TW_HISTORY_ROW_MODEL (object);

  if (self->slots != NULL)
    {
      GHashTableIter iter;
      Slot *slot;

      g_hash_table_iter_init (&iter, self->slots);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &slot))
        forget_slot (slot);
      g_clear_pointer (&self->slots, g_hash_table_unref);
    }
  g_clear_object (&self->model);

  G_OBJECT_CLASS (tw_history_row_model_parent_class)->dispose (object);
}

static void
tw_history_row_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TwHistoryRowModel *self = TW_HISTORY_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_row_model_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TwHistoryRowModel *self = TW_HISTORY_ROW_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_row_model_class_init (TwHistoryRowModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tw_history_row_model_constructed;
  object_class->dispose = tw_history_row_model_dispose;
  object_class->get_property = tw_history_row_model_get_property;
  object_class->set_property = tw_history_row_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_history_row_model_init (TwHistoryRowModel *self)
{
  self->slots = g_hash_table_new (NULL, NULL);
}

TwHistoryRowModel *
tw_history_row_model_new (GListModel *model)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  return g_object_new (TW_TYPE_HISTORY_ROW_MODEL, "model", model, NULL);
}

GListModel *
tw_history_row_model_get_model (TwHistoryRowModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ROW_MODEL (self), NULL);

  return self->model;
}

/* See the header. Turned off while held, the rows go at once. */
void
tw_history_row_model_set_keep_rows_when_empty (TwHistoryRowModel *self,
                                               gboolean           keep)
{
  g_return_if_fail (TW_IS_HISTORY_ROW_MODEL (self));

  self->keep_rows_when_empty = !!keep;
  if (!keep && self->held)
    release_rows (self);
}

gboolean
tw_history_row_model_get_held (TwHistoryRowModel *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ROW_MODEL (self), FALSE);

  return self->held;
}
