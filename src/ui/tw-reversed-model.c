/* tw-reversed-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-reversed-model"

#include "config.h"

#include "tw-reversed-model.h"

struct _TwReversedModel
{
  GObject     parent_instance;

  GListModel *model;
  gboolean    reversed;
  /* The size of the model as last reported, to map its changes. */
  guint       n_items;
};

static void tw_reversed_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TwReversedModel, tw_reversed_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tw_reversed_model_list_model_init))

enum {
  PROP_0,
  PROP_MODEL,
  PROP_REVERSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_model_items_changed (GListModel      *model,
                        guint            position,
                        guint            removed,
                        guint            added,
                        TwReversedModel *self)
{
  guint old_n_items = self->n_items;

  self->n_items = g_list_model_get_n_items (model);
  if (!self->reversed)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
      return;
    }

  /* Seen from the end, the changed run starts as many items before the
   * end as there were after it; the items after the run do not move. */
  g_list_model_items_changed (G_LIST_MODEL (self), old_n_items - position - removed,
                              removed, added);
}

static GType
tw_reversed_model_get_item_type (GListModel *list)
{
  TwReversedModel *self = TW_REVERSED_MODEL (list);

  return g_list_model_get_item_type (self->model);
}

static guint
tw_reversed_model_get_n_items (GListModel *list)
{
  return TW_REVERSED_MODEL (list)->n_items;
}

static gpointer
tw_reversed_model_get_item (GListModel *list,
                            guint       position)
{
  TwReversedModel *self = TW_REVERSED_MODEL (list);

  if (position >= self->n_items)
    return NULL;
  if (self->reversed)
    position = self->n_items - 1 - position;
  return g_list_model_get_item (self->model, position);
}

static void
tw_reversed_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tw_reversed_model_get_item_type;
  iface->get_n_items = tw_reversed_model_get_n_items;
  iface->get_item = tw_reversed_model_get_item;
}

static void
tw_reversed_model_constructed (GObject *object)
{
  TwReversedModel *self = TW_REVERSED_MODEL (object);

  G_OBJECT_CLASS (tw_reversed_model_parent_class)->constructed (object);

  g_assert (G_IS_LIST_MODEL (self->model));
  self->n_items = g_list_model_get_n_items (self->model);
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (on_model_items_changed), self, 0);
}

static void
tw_reversed_model_dispose (GObject *object)
{
  TwReversedModel *self = TW_REVERSED_MODEL (object);

  g_clear_object (&self->model);

  G_OBJECT_CLASS (tw_reversed_model_parent_class)->dispose (object);
}

static void
tw_reversed_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TwReversedModel *self = TW_REVERSED_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_REVERSED:
      g_value_set_boolean (value, self->reversed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_reversed_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TwReversedModel *self = TW_REVERSED_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;
    case PROP_REVERSED:
      tw_reversed_model_set_reversed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_reversed_model_class_init (TwReversedModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tw_reversed_model_constructed;
  object_class->dispose = tw_reversed_model_dispose;
  object_class->get_property = tw_reversed_model_get_property;
  object_class->set_property = tw_reversed_model_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVERSED] =
    g_param_spec_boolean ("reversed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tw_reversed_model_init (TwReversedModel *self)
{
}

TwReversedModel *
tw_reversed_model_new (GListModel *model)
{
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  return g_object_new (TW_TYPE_REVERSED_MODEL, "model", model, NULL);
}

GListModel *
tw_reversed_model_get_model (TwReversedModel *self)
{
  g_return_val_if_fail (TW_IS_REVERSED_MODEL (self), NULL);

  return self->model;
}

gboolean
tw_reversed_model_get_reversed (TwReversedModel *self)
{
  g_return_val_if_fail (TW_IS_REVERSED_MODEL (self), FALSE);

  return self->reversed;
}

void
tw_reversed_model_set_reversed (TwReversedModel *self,
                                gboolean         reversed)
{
  g_return_if_fail (TW_IS_REVERSED_MODEL (self));

  reversed = !!reversed;
  if (self->reversed == reversed)
    return;

  self->reversed = reversed;
  if (self->n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, self->n_items, self->n_items);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVERSED]);
}
