/* tw-title-block.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-title-block"

#include "config.h"

#include <adwaita.h>

#include "tw-title-block.h"

struct _TwTitleBlock
{
  GtkWidget         parent_instance;

  TwTitleBlockKind  kind;
  GtkWidget        *prefix;
  GtkLabel         *title;
  GtkLabel         *description;
  GtkWidget        *suffix;
};

G_DEFINE_FINAL_TYPE (TwTitleBlock, tw_title_block, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (TwTitleBlockKind, tw_title_block_kind,
  G_DEFINE_ENUM_VALUE (TW_TITLE_BLOCK_GROUP, "group"),
  G_DEFINE_ENUM_VALUE (TW_TITLE_BLOCK_ROW, "row"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_TITLE,
  PROP_DESCRIPTION,
  PROP_PREFIX,
  PROP_SUFFIX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The widths given to the three columns. */
typedef struct
{
  int prefix;
  int text;
  int suffix;
} Columns;

/* Adwaita's spacing: a group's header labels are 6 px apart, a row's
 * title and subtitle 3 px; a row's prefix icon is 12 px from its text. */
static int
line_spacing (TwTitleBlock *self)
{
  return self->kind == TW_TITLE_BLOCK_ROW ? 3 : 6;
}

static int
column_spacing (TwTitleBlock *self)
{
  return self->kind == TW_TITLE_BLOCK_ROW ? 12 : 6;
}

static gboolean
is_shown (gpointer child)
{
  return child != NULL && gtk_widget_should_layout (GTK_WIDGET (child));
}

static void
measure_width (gpointer  child,
               int      *minimum,
               int      *natural)
{
  *minimum = *natural = 0;
  if (is_shown (child))
    gtk_widget_measure (GTK_WIDGET (child), GTK_ORIENTATION_HORIZONTAL, -1,
                        minimum, natural, NULL, NULL);
}

static void
measure_text_width (TwTitleBlock *self,
                    int          *minimum,
                    int          *natural)
{
  int description_min, description_nat;

  measure_width (self->title, minimum, natural);
  measure_width (self->description, &description_min, &description_nat);
  *minimum = MAX (*minimum, description_min);
  *natural = MAX (*natural, description_nat);
}

static int
gaps (TwTitleBlock *self)
{
  return column_spacing (self) * (is_shown (self->prefix) + is_shown (self->suffix));
}

/* The minimum and natural widths of the three columns: at any height,
 * text being able to wrap onto as many lines as it needs. */
static void
measure_columns (TwTitleBlock *self,
                 Columns      *minimum,
                 Columns      *natural)
{
  measure_width (self->prefix, &minimum->prefix, &natural->prefix);
  measure_width (self->suffix, &minimum->suffix, &natural->suffix);
  measure_text_width (self, &minimum->text, &natural->text);
}

/* The prefix and suffix get their natural widths and the text the rest;
 * when the text would get less than its minimum, the prefix and suffix
 * give up what they have above theirs. */
static void
split_width (TwTitleBlock *self,
             int           width,
             Columns      *columns)
{
  Columns minimum, natural;
  int available;

  measure_columns (self, &minimum, &natural);
  if (width < 0)
    {
      *columns = natural;
      return;
    }

  available = MAX (width - gaps (self), 0);
  *columns = natural;
  columns->text = available - natural.prefix - natural.suffix;
  if (columns->text < minimum.text)
    {
      int spare = MAX (available - minimum.text - minimum.prefix - minimum.suffix, 0);

      columns->prefix = minimum.prefix + MIN (natural.prefix - minimum.prefix, spare);
      spare -= columns->prefix - minimum.prefix;
      columns->suffix = minimum.suffix + MIN (natural.suffix - minimum.suffix, spare);
      columns->text = MAX (available - columns->prefix - columns->suffix, 0);
    }
}

static int
height_at (gpointer child,
           int      width)
{
  int minimum = 0;

  if (is_shown (child))
    gtk_widget_measure (GTK_WIDGET (child), GTK_ORIENTATION_VERTICAL, width,
                        &minimum, NULL, NULL, NULL);
  return minimum;
}

static int
text_height (TwTitleBlock *self,
             int           width,
             int          *title_height,
             int          *description_height)
{
  *title_height = height_at (self->title, width);
  *description_height = height_at (self->description, width);
  if (*title_height > 0 && *description_height > 0)
    return *title_height + line_spacing (self) + *description_height;
  return *title_height + *description_height;
}

static GtkSizeRequestMode
tw_title_block_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* The width is the same at any height: text may wrap onto as many lines
 * as it needs. Answering so is what spares the searches. */
static void
tw_title_block_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      Columns min, nat;

      measure_columns (self, &min, &nat);
      *minimum = min.prefix + min.text + min.suffix + gaps (self);
      *natural = nat.prefix + nat.text + nat.suffix + gaps (self);
    }
  else
    {
      Columns columns;
      int title_height, description_height;

      split_width (self, for_size, &columns);
      *minimum = text_height (self, columns.text, &title_height, &description_height);
      *minimum = MAX (*minimum, height_at (self->prefix, columns.prefix));
      *minimum = MAX (*minimum, height_at (self->suffix, columns.suffix));
      *natural = *minimum;
    }
}

static void
place (GtkWidget *widget,
       int        block_width,
       gpointer   child,
       int        x,
       int        y,
       int        width,
       int        height)
{
  if (!is_shown (child))
    return;

  /* Columns run from the right in right-to-left text. */
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = block_width - x - width;
  gtk_widget_size_allocate (GTK_WIDGET (child),
                            &(GtkAllocation) { x, y, width, height }, -1);
}

static void
tw_title_block_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (widget);
  Columns columns;
  int title_height, description_height, text_y, x = 0;

  split_width (self, width, &columns);

  place (widget, width, self->prefix, x, 0, columns.prefix, height);
  if (is_shown (self->prefix))
    x += columns.prefix + column_spacing (self);

  /* The text is centred, like the title box of an AdwActionRow. */
  text_y = MAX ((height - text_height (self, columns.text, &title_height,
                                       &description_height)) / 2, 0);
  place (widget, width, self->title, x, text_y, columns.text, title_height);
  if (title_height > 0)
    text_y += title_height + line_spacing (self);
  place (widget, width, self->description, x, text_y, columns.text, description_height);
  x += columns.text + column_spacing (self);

  place (widget, width, self->suffix, x, 0, columns.suffix, height);
}

/* AdwPreferencesGroup 1.2 keeps an expanding box for its own title and
 * description next to the header suffix, even empty, so the two would
 * share the width: a group header gets it all, to keep its suffix at the
 * end of the list's edge. */
static void
claim_header_width (TwTitleBlock *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (self->kind != TW_TITLE_BLOCK_GROUP || parent == NULL)
    return;

  for (GtkWidget *sibling = gtk_widget_get_first_child (parent);
       sibling != NULL;
       sibling = gtk_widget_get_next_sibling (sibling))
    {
      gboolean empty = TRUE;

      if (sibling == GTK_WIDGET (self))
        continue;
      for (GtkWidget *child = gtk_widget_get_first_child (sibling);
           child != NULL && empty;
           child = gtk_widget_get_next_sibling (child))
        empty = !gtk_widget_get_visible (child);
      if (empty)
        gtk_widget_set_hexpand (sibling, FALSE);
    }
}

static void
tw_title_block_root (GtkWidget *widget)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (widget);
  GtkWidget *owner;

  GTK_WIDGET_CLASS (tw_title_block_parent_class)->root (widget);

  claim_header_width (self);
  owner = gtk_widget_get_ancestor (widget, self->kind == TW_TITLE_BLOCK_GROUP
                                           ? ADW_TYPE_PREFERENCES_GROUP
                                           : GTK_TYPE_LIST_BOX_ROW);
  if (owner != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (owner),
                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL,
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->description, NULL,
                                    -1);
}

static GtkLabel *
add_label (TwTitleBlock *self,
           const char   *style)
{
  GtkWidget *label = gtk_label_new (NULL);

  /* Between words only: the texts are sentences, and a label that may
   * break inside words measures its minimum width by laying itself out
   * a character a line, shaping a hyphenated piece at every character
   * (two thirds of the start-up's text shaping, bench/ANALYSIS.md). */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, style);
  gtk_widget_set_parent (label, GTK_WIDGET (self));
  return GTK_LABEL (label);
}

static void
tw_title_block_constructed (GObject *object)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (object);
  gboolean row = self->kind == TW_TITLE_BLOCK_ROW;

  G_OBJECT_CLASS (tw_title_block_parent_class)->constructed (object);

  gtk_widget_add_css_class (GTK_WIDGET (self), row ? "row" : "group");
  /* A group header spans the group, its suffix at the end of the list. */
  gtk_widget_set_hexpand (GTK_WIDGET (self), !row);
  self->title = add_label (self, row ? "title" : "heading");
  self->description = add_label (self, row ? "subtitle" : "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->title), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->description), FALSE);
}

static void
tw_title_block_dispose (GObject *object)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->prefix = self->suffix = NULL;
  self->title = self->description = NULL;

  G_OBJECT_CLASS (tw_title_block_parent_class)->dispose (object);
}

static void
tw_title_block_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_TITLE:
      g_value_set_string (value, tw_title_block_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, tw_title_block_get_description (self));
      break;
    case PROP_PREFIX:
      g_value_set_object (value, self->prefix);
      break;
    case PROP_SUFFIX:
      g_value_set_object (value, self->suffix);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_title_block_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TwTitleBlock *self = TW_TITLE_BLOCK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      tw_title_block_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      tw_title_block_set_description (self, g_value_get_string (value));
      break;
    case PROP_PREFIX:
      tw_title_block_set_prefix (self, g_value_get_object (value));
      break;
    case PROP_SUFFIX:
      tw_title_block_set_suffix (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_title_block_class_init (TwTitleBlockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tw_title_block_constructed;
  object_class->dispose = tw_title_block_dispose;
  object_class->get_property = tw_title_block_get_property;
  object_class->set_property = tw_title_block_set_property;

  widget_class->get_request_mode = tw_title_block_get_request_mode;
  widget_class->measure = tw_title_block_measure;
  widget_class->size_allocate = tw_title_block_size_allocate;
  widget_class->root = tw_title_block_root;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       TW_TYPE_TITLE_BLOCK_KIND, TW_TITLE_BLOCK_GROUP,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFIX] =
    g_param_spec_object ("prefix", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUFFIX] =
    g_param_spec_object ("suffix", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "titleblock");
}

static void
tw_title_block_init (TwTitleBlock *self)
{
}

GtkWidget *
tw_title_block_new (TwTitleBlockKind kind)
{
  return g_object_new (TW_TYPE_TITLE_BLOCK, "kind", kind, NULL);
}

TwTitleBlockKind
tw_title_block_get_kind (TwTitleBlock *self)
{
  g_return_val_if_fail (TW_IS_TITLE_BLOCK (self), TW_TITLE_BLOCK_GROUP);

  return self->kind;
}

const char *
tw_title_block_get_title (TwTitleBlock *self)
{
  g_return_val_if_fail (TW_IS_TITLE_BLOCK (self), NULL);

  return gtk_label_get_text (self->title);
}

void
tw_title_block_set_title (TwTitleBlock *self,
                          const char   *title)
{
  g_return_if_fail (TW_IS_TITLE_BLOCK (self));

  if (g_strcmp0 (title != NULL ? title : "", tw_title_block_get_title (self)) == 0)
    return;

  gtk_label_set_text (self->title, title);
  gtk_widget_set_visible (GTK_WIDGET (self->title), title != NULL && *title != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
tw_title_block_get_description (TwTitleBlock *self)
{
  g_return_val_if_fail (TW_IS_TITLE_BLOCK (self), NULL);

  return gtk_label_get_text (self->description);
}

void
tw_title_block_set_description (TwTitleBlock *self,
                                const char   *description)
{
  g_return_if_fail (TW_IS_TITLE_BLOCK (self));

  if (g_strcmp0 (description != NULL ? description : "",
                 tw_title_block_get_description (self)) == 0)
    return;

  gtk_label_set_text (self->description, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description),
                          description != NULL && *description != '\0');
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

GtkWidget *
tw_title_block_get_prefix (TwTitleBlock *self)
{
  g_return_val_if_fail (TW_IS_TITLE_BLOCK (self), NULL);

  return self->prefix;
}

void
tw_title_block_set_prefix (TwTitleBlock *self,
                           GtkWidget    *prefix)
{
  g_return_if_fail (TW_IS_TITLE_BLOCK (self));
  g_return_if_fail (prefix == NULL || GTK_IS_WIDGET (prefix));

  if (prefix == self->prefix)
    return;

  g_clear_pointer (&self->prefix, gtk_widget_unparent);
  self->prefix = prefix;
  if (prefix != NULL)
    gtk_widget_insert_after (prefix, GTK_WIDGET (self), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFIX]);
}

GtkWidget *
tw_title_block_get_suffix (TwTitleBlock *self)
{
  g_return_val_if_fail (TW_IS_TITLE_BLOCK (self), NULL);

  return self->suffix;
}

void
tw_title_block_set_suffix (TwTitleBlock *self,
                           GtkWidget    *suffix)
{
  g_return_if_fail (TW_IS_TITLE_BLOCK (self));
  g_return_if_fail (suffix == NULL || GTK_IS_WIDGET (suffix));

  if (suffix == self->suffix)
    return;

  g_clear_pointer (&self->suffix, gtk_widget_unparent);
  self->suffix = suffix;
  if (suffix != NULL)
    gtk_widget_insert_before (suffix, GTK_WIDGET (self), NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUFFIX]);
}
