/* tw-reversed-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TW_TYPE_REVERSED_MODEL (tw_reversed_model_get_type ())

G_DECLARE_FINAL_TYPE (TwReversedModel, tw_reversed_model, TW, REVERSED_MODEL, GObject)

/* A GListModel showing the items of "model" in the same or the opposite
 * order ("reversed"). Items are asked of the model one at a time, so a lazy
 * model stays lazy: the History page turns its newest-first list around
 * without reading every row to sort it. Changing "reversed" replaces every
 * item. */

TwReversedModel *tw_reversed_model_new          (GListModel      *model);
GListModel      *tw_reversed_model_get_model    (TwReversedModel *self);
gboolean         tw_reversed_model_get_reversed (TwReversedModel *self);
void             tw_reversed_model_set_reversed (TwReversedModel *self,
                                                 gboolean         reversed);

G_END_DECLS
