/* tw-problem-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <adwaita.h>

#include "tw-registration.h"

G_BEGIN_DECLS

#define TW_TYPE_PROBLEM_ROW (tw_problem_row_get_type ())

G_DECLARE_FINAL_TYPE (TwProblemRow, tw_problem_row, TW, PROBLEM_ROW, AdwPreferencesRow)

/* A row listing the validation messages of one field, each with an icon
 * and its severity in words; hidden while there is nothing to show. */

GtkWidget *tw_problem_row_new            (void);
/* @problems: (element-type TwProblem) (nullable): shown in order; the row
 * keeps copies. */
void       tw_problem_row_set_problems   (TwProblemRow *self,
                                          GPtrArray    *problems);
guint      tw_problem_row_get_n_problems (TwProblemRow *self);
gboolean   tw_problem_row_has_errors     (TwProblemRow *self);
/* The text of every message, one a line, for tests and accessibility. */
char      *tw_problem_row_dup_text       (TwProblemRow *self);

/* The problems whose field is @field or, with @with_children, lies below it
 * (`field.x`, `field[n]`). (element-type TwProblem) (transfer container) */
GPtrArray *tw_problems_filter            (GPtrArray    *problems,
                                          const char   *field,
                                          gboolean      with_children);

G_END_DECLS
