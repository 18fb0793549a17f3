/* tw-text-cell.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TW_TYPE_TEXT_CELL (tw_text_cell_get_type ())

G_DECLARE_FINAL_TYPE (TwTextCell, tw_text_cell, TW, TEXT_CELL, GtkWidget)

/* One line of text in a cell of a long list, cheaper than a GtkLabel
 * for the ~200 rows a GtkColumnView keeps and measures: its height comes
 * from the font (one line), its width from a cache of text widths per
 * font (or from "width-sample", or from the advance of a monospace font),
 * and its text is laid out only when drawn. Narrower than its text, it
 * ends in "…" and shows the whole text in a tooltip. Screen readers read
 * its text (role label, accessible label). */

GtkWidget  *tw_text_cell_new              (void);
const char *tw_text_cell_get_text         (TwTextCell *self);
void        tw_text_cell_set_text         (TwTextCell *self,
                                           const char *text);
float       tw_text_cell_get_xalign       (TwTextCell *self);
void        tw_text_cell_set_xalign       (TwTextCell *self,
                                           float       xalign);
const char *tw_text_cell_get_width_sample (TwTextCell *self);
void        tw_text_cell_set_width_sample (TwTextCell *self,
                                           const char *sample);
gboolean    tw_text_cell_is_ellipsized    (TwTextCell *self);

G_END_DECLS
