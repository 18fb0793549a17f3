/* tw-history-sink.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-history-sink"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-history-sink.h"

struct _TwMemorySink
{
  GObject    parent_instance;

  GPtrArray *records;
};

static void tw_memory_sink_iface_init (TwHistorySinkInterface *iface);

G_DEFINE_BOXED_TYPE (TwHistoryRecord, tw_history_record,
                     tw_history_record_copy, tw_history_record_free)

G_DEFINE_INTERFACE (TwHistorySink, tw_history_sink, G_TYPE_OBJECT)

G_DEFINE_FINAL_TYPE_WITH_CODE (TwMemorySink, tw_memory_sink, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (TW_TYPE_HISTORY_SINK,
                                                      tw_memory_sink_iface_init))

/**
 * tw_history_record_new:
 *
 * Returns: (transfer full): an empty record; strings are filled by the caller.
 */
TwHistoryRecord *
tw_history_record_new (void)
{
  TwHistoryRecord *record = g_new0 (TwHistoryRecord, 1);

  record->profile = g_strdup ("");
  return record;
}

TwHistoryRecord *
tw_history_record_copy (const TwHistoryRecord *record)
{
  TwHistoryRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_memdup2 (record, sizeof *record);
  copy->profile = g_strdup (record->profile);
  copy->base_url = g_strdup (record->base_url);
  copy->kind = g_strdup (record->kind);
  copy->method = g_strdup (record->method);
  copy->url = g_strdup (record->url);
  copy->outcome = g_strdup (record->outcome);
  copy->message_code = g_strdup (record->message_code);
  copy->message = g_strdup (record->message);
  copy->request_id = g_strdup (record->request_id);
  copy->request_body = g_strdup (record->request_body);
  copy->response_body = g_strdup (record->response_body);
  copy->error_domain = g_strdup (record->error_domain);

  return copy;
}

void
tw_history_record_free (TwHistoryRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->profile);
  g_free (record->base_url);
  g_free (record->kind);
  g_free (record->method);
  g_free (record->url);
  g_free (record->outcome);
  g_free (record->message_code);
  g_free (record->message);
  g_free (record->request_id);
  g_free (record->request_body);
  g_free (record->response_body);
  g_free (record->error_domain);
  g_free (record);
}

static void
tw_history_sink_default_init (TwHistorySinkInterface *iface)
{
}

/**
 * tw_history_sink_record:
 * @self: a #TwHistorySink
 * @record: the attempt to keep (borrowed)
 */
void
tw_history_sink_record (TwHistorySink         *self,
                        const TwHistoryRecord *record)
{
  TwHistorySinkInterface *iface;

  g_return_if_fail (TW_IS_HISTORY_SINK (self));
  g_return_if_fail (record != NULL);

  iface = TW_HISTORY_SINK_GET_IFACE (self);
  if (iface->record != NULL)
    iface->record (self, record);
}

static void
tw_memory_sink_record (TwHistorySink         *sink,
                       const TwHistoryRecord *record)
{
  TwMemorySink *self = TW_MEMORY_SINK (sink);

  g_ptr_array_add (self->records, tw_history_record_copy (record));
}

static void
tw_memory_sink_iface_init (TwHistorySinkInterface *iface)
{
  iface->record = tw_memory_sink_record;
}

static void
tw_memory_sink_finalize (GObject *object)
{
  TwMemorySink *self = TW_MEMORY_SINK (object);

  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (tw_memory_sink_parent_class)->finalize (object);
}

static void
tw_memory_sink_class_init (TwMemorySinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tw_memory_sink_finalize;
}

static void
tw_memory_sink_init (TwMemorySink *self)
{
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_history_record_free);
}

TwMemorySink *
tw_memory_sink_new (void)
{
  return g_object_new (TW_TYPE_MEMORY_SINK, NULL);
}

guint
tw_memory_sink_get_n_records (TwMemorySink *self)
{
  g_return_val_if_fail (TW_IS_MEMORY_SINK (self), 0);

  return self->records->len;
}

/**
 * tw_memory_sink_get_record:
 * @self: a #TwMemorySink
 * @position: the index, in the order received
 *
 * Returns: (transfer none) (nullable): the record, or %NULL past the end
 */
const TwHistoryRecord *
tw_memory_sink_get_record (TwMemorySink *self,
                           guint         position)
{
  g_return_val_if_fail (TW_IS_MEMORY_SINK (self), NULL);

  if (position >= self->records->len)
    return NULL;
  return g_ptr_array_index (self->records, position);
}

void
tw_memory_sink_clear (TwMemorySink *self)
{
  g_return_if_fail (TW_IS_MEMORY_SINK (self));

  g_ptr_array_set_size (self->records, 0);
}
