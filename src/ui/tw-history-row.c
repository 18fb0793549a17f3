/* tw-history-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history-row"

#include "config.h"

#include "tw-history-row.h"

struct _TwHistoryRow
{
  GObject         parent_instance;

  TwHistoryEntry *entry;
};

G_DEFINE_FINAL_TYPE (TwHistoryRow, tw_history_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ENTRY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
tw_history_row_dispose (GObject *object)
{
  TwHistoryRow *self = TW_HISTORY_ROW (object);

  g_clear_object (&self->entry);

  G_OBJECT_CLASS (tw_history_row_parent_class)->dispose (object);
}

static void
tw_history_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwHistoryRow *self = TW_HISTORY_ROW (object);

  switch (prop_id)
    {
    case PROP_ENTRY:
      g_value_set_object (value, self->entry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_history_row_class_init (TwHistoryRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tw_history_row_dispose;
  object_class->get_property = tw_history_row_get_property;

  properties[PROP_ENTRY] =
    g_param_spec_object ("entry", NULL, NULL, TW_TYPE_HISTORY_ENTRY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_history_row_init (TwHistoryRow *self)
{
}

TwHistoryRow *
tw_history_row_new (TwHistoryEntry *entry)
{
  TwHistoryRow *self;

  g_return_val_if_fail (TW_IS_HISTORY_ENTRY (entry), NULL);

  self = g_object_new (TW_TYPE_HISTORY_ROW, NULL);
  self->entry = g_object_ref (entry);
  return self;
}

TwHistoryEntry *
tw_history_row_get_entry (TwHistoryRow *self)
{
  g_return_val_if_fail (TW_IS_HISTORY_ROW (self), NULL);

  return self->entry;
}

/* For TwHistoryRowModel. */
void
tw_history_row_set_entry (TwHistoryRow   *self,
                          TwHistoryEntry *entry)
{
  g_return_if_fail (TW_IS_HISTORY_ROW (self));
  g_return_if_fail (TW_IS_HISTORY_ENTRY (entry));

  if (g_set_object (&self->entry, entry))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENTRY]);
}
