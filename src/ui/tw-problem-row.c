/* tw-problem-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-problem-row"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-problem-row.h"

struct _TwProblemRow
{
  AdwPreferencesRow  parent_instance;

  GtkBox            *box;
  GPtrArray         *problems;
};

G_DEFINE_FINAL_TYPE (TwProblemRow, tw_problem_row, ADW_TYPE_PREFERENCES_ROW)

static gboolean
field_matches (const char *candidate,
               const char *field,
               gboolean    with_children)
{
  gsize len = strlen (field);

  if (!g_str_has_prefix (candidate, field))
    return FALSE;
  if (candidate[len] == '\0')
    return TRUE;
  return with_children && (candidate[len] == '.' || candidate[len] == '[');
}

static gboolean
same_problems (GPtrArray *a,
               GPtrArray *b)
{
  guint n_a = a != NULL ? a->len : 0;
  guint n_b = b != NULL ? b->len : 0;

  if (n_a != n_b)
    return FALSE;

  for (guint i = 0; i < n_a; i++)
    {
      const TwProblem *pa = g_ptr_array_index (a, i);
      const TwProblem *pb = g_ptr_array_index (b, i);

      if (pa->severity != pb->severity || g_strcmp0 (pa->message, pb->message) != 0)
        return FALSE;
    }
  return TRUE;
}

static GtkWidget *
create_line (const TwProblem *problem)
{
  gboolean is_error = problem->severity == TW_SEVERITY_ERROR;
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon;
  GtkWidget *label;
  g_autofree char *text = NULL;

  icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic"
                                                : "dialog-warning-symbolic");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, is_error ? "error" : "warning");
  /* The icon is decoration: the severity is spelled out in the text. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);

  /* Translators: a validation message shown under a form field; %s is the
   * message, e.g. "Error: The URL must start with https://." */
  text = g_strdup_printf (is_error ? _("Error: %s") : _("Warning: %s"), problem->message);
  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, is_error ? "error" : "warning");

  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), label);
  return line;
}

static void
rebuild_lines (TwProblemRow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);

  for (guint i = 0; i < self->problems->len; i++)
    gtk_box_append (self->box, create_line (g_ptr_array_index (self->problems, i)));

  gtk_widget_set_visible (GTK_WIDGET (self), self->problems->len > 0);
}

static void
tw_problem_row_finalize (GObject *object)
{
  TwProblemRow *self = TW_PROBLEM_ROW (object);

  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (tw_problem_row_parent_class)->finalize (object);
}

static void
tw_problem_row_class_init (TwProblemRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tw_problem_row_finalize;
}

static void
tw_problem_row_init (TwProblemRow *self)
{
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);

  self->box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_top (GTK_WIDGET (self->box), 8);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->box), 8);
  gtk_widget_set_margin_start (GTK_WIDGET (self->box), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->box), 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), GTK_WIDGET (self->box));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_widget_set_focusable (GTK_WIDGET (self), FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "tw-problem-row");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
tw_problem_row_new (void)
{
  return g_object_new (TW_TYPE_PROBLEM_ROW, NULL);
}

void
tw_problem_row_set_problems (TwProblemRow *self,
                             GPtrArray    *problems)
{
  g_return_if_fail (TW_IS_PROBLEM_ROW (self));

  /* Rebuilding on every keystroke would make screen readers re-read. */
  if (same_problems (self->problems, problems))
    return;

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_ptr_array_add (self->problems, tw_problem_copy (g_ptr_array_index (problems, i)));

  rebuild_lines (self);
}

guint
tw_problem_row_get_n_problems (TwProblemRow *self)
{
  g_return_val_if_fail (TW_IS_PROBLEM_ROW (self), 0);

  return self->problems->len;
}

gboolean
tw_problem_row_has_errors (TwProblemRow *self)
{
  g_return_val_if_fail (TW_IS_PROBLEM_ROW (self), FALSE);

  return tw_problems_have_errors (self->problems);
}

char *
tw_problem_row_dup_text (TwProblemRow *self)
{
  GString *text;

  g_return_val_if_fail (TW_IS_PROBLEM_ROW (self), NULL);

  text = g_string_new (NULL);
  for (guint i = 0; i < self->problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (self->problems, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }
  return g_string_free (text, FALSE);
}

GPtrArray *
tw_problems_filter (GPtrArray  *problems,
                    const char *field,
                    gboolean    with_children)
{
  GPtrArray *matches = g_ptr_array_new ();

  g_return_val_if_fail (field != NULL, matches);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      TwProblem *problem = g_ptr_array_index (problems, i);

      if (problem->field != NULL && field_matches (problem->field, field, with_children))
        g_ptr_array_add (matches, problem);
    }
  return matches;
}
