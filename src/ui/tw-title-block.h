/* tw-title-block.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TW_TYPE_TITLE_BLOCK (tw_title_block_get_type ())

G_DECLARE_FINAL_TYPE (TwTitleBlock, tw_title_block, TW, TITLE_BLOCK, GtkWidget)

typedef enum
{
  /* The header of an AdwPreferencesGroup, set as its header-suffix:
   * a heading over a dimmed description. */
  TW_TITLE_BLOCK_GROUP,
  /* The content of an informative row: a title over a subtitle, as in
   * an AdwActionRow. */
  TW_TITLE_BLOCK_ROW,
} TwTitleBlockKind;

#define TW_TYPE_TITLE_BLOCK_KIND (tw_title_block_kind_get_type ())
GType tw_title_block_kind_get_type (void) G_GNUC_CONST;

/* A title over a wrapping description, with an optional widget before
 * and after them, like the header of an AdwPreferencesGroup or the
 * content of an AdwActionRow.
 *
 * It exists for speed: in GTK 4.8 a horizontal GtkBox searches the
 * width-for-height of every wrapping label in it, and each label bisects
 * again, so those headers lay their text out 20 to 70 times per measure
 * (bench/ANALYSIS.md). This widget's width does not depend on its
 * height, which is true of text that may wrap as much as needed, so it
 * lays each text out once per width.
 *
 * The nearest AdwPreferencesGroup (for a group header) or GtkListBoxRow
 * (for a row) is labelled by the title and described by the description
 * for screen readers. */

GtkWidget        *tw_title_block_new             (TwTitleBlockKind  kind);
TwTitleBlockKind  tw_title_block_get_kind        (TwTitleBlock     *self);
const char       *tw_title_block_get_title       (TwTitleBlock     *self);
void              tw_title_block_set_title       (TwTitleBlock     *self,
                                                  const char       *title);
const char       *tw_title_block_get_description (TwTitleBlock     *self);
/* An empty or %NULL description hides it. */
void              tw_title_block_set_description (TwTitleBlock     *self,
                                                  const char       *description);
GtkWidget        *tw_title_block_get_prefix      (TwTitleBlock     *self);
void              tw_title_block_set_prefix      (TwTitleBlock     *self,
                                                  GtkWidget        *prefix);
GtkWidget        *tw_title_block_get_suffix      (TwTitleBlock     *self);
void              tw_title_block_set_suffix      (TwTitleBlock     *self,
                                                  GtkWidget        *suffix);

G_END_DECLS
