/* tw-text-cell.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-text-cell"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "tw-text-cell.h"

/* What a font needs measured once, shared by every cell in that font:
 * a search relabels ~1 600 cells, and shaping each text again (a
 * GtkLabel does it for its minimum, its natural size and its width) was
 * most of the time the list took. */
typedef struct
{
  PangoFontDescription *font;
  PangoFontMap         *font_map;
  double                resolution;
  gulong                options_hash;
  int                   line_height;
  int                   baseline;
  int                   ellipsis_width;
  /* The advance of "0" in Pango units when the font is monospace, else
   * 0: an ASCII text's width is then a multiplication. */
  int                   mono_advance;
  /* text → width + 1; samples → widest width + 1 */
  GHashTable           *widths;
  GHashTable           *sample_widths;
} FontMetrics;

/* Texts such as "Succeeded" or "INVALID_TOKEN" come back on every row;
 * unique ones (a time) have a width sample instead. A bound keeps a long
 * session from growing it. */
#define MAX_CACHED_WIDTHS 4096

struct _TwTextCell
{
  GtkWidget    parent_instance;

  char        *text;
  const char  *width_sample; /* interned */
  float        xalign;
  FontMetrics *metrics;      /* NULL until measured, and after a font change */
  int          text_width;   /* -1 until known */
  PangoLayout *layout;       /* NULL until drawn */
  int          layout_width; /* the width it ellipsizes at, -1 for none */
};

G_DEFINE_FINAL_TYPE (TwTextCell, tw_text_cell, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_XALIGN,
  PROP_WIDTH_SAMPLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GPtrArray *font_metrics;

/* Helpers */

static int
layout_width_of (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return PANGO_PIXELS_CEIL (width);
}

static gboolean
is_monospace (PangoContext               *context,
              const PangoFontDescription *font)
{
  g_autoptr(PangoFont) loaded = pango_context_load_font (context, font);
  PangoFontFace *face = loaded != NULL ? pango_font_get_face (loaded) : NULL;
  PangoFontFamily *family = face != NULL ? pango_font_face_get_family (face) : NULL;

  return family != NULL && pango_font_family_is_monospace (family);
}

static FontMetrics *
font_metrics_new (PangoContext *context)
{
  FontMetrics *metrics = g_new0 (FontMetrics, 1);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);
  int height;

  metrics->font = pango_font_description_copy (pango_context_get_font_description (context));
  metrics->font_map = g_object_ref (pango_context_get_font_map (context));
  metrics->resolution = pango_cairo_context_get_resolution (context);
  metrics->options_hash = options != NULL ? cairo_font_options_hash (options) : 0;

  pango_layout_set_text (layout, "Ag", -1);
  pango_layout_get_size (layout, NULL, &height);
  metrics->line_height = PANGO_PIXELS_CEIL (height);
  metrics->baseline = PANGO_PIXELS_CEIL (pango_layout_get_baseline (layout));
  pango_layout_set_text (layout, "…", -1);
  metrics->ellipsis_width = layout_width_of (layout);
  if (is_monospace (context, metrics->font))
    {
      pango_layout_set_text (layout, "0", -1);
      pango_layout_get_size (layout, &metrics->mono_advance, NULL);
    }
  metrics->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  metrics->sample_widths = g_hash_table_new (g_direct_hash, g_direct_equal);
  return metrics;
}

static gboolean
font_metrics_match (const FontMetrics *metrics,
                    PangoContext      *context)
{
  const cairo_font_options_t *options = pango_cairo_context_get_font_options (context);

  return metrics->font_map == pango_context_get_font_map (context) &&
         metrics->resolution == pango_cairo_context_get_resolution (context) &&
         metrics->options_hash == (options != NULL ? cairo_font_options_hash (options) : 0) &&
         pango_font_description_equal (metrics->font,
                                       pango_context_get_font_description (context));
}

/* Kept for the life of the process: a handful of fonts (the list's, its
 * monospace one, each text scale the user picks). */
static FontMetrics *
lookup_font_metrics (PangoContext *context)
{
  FontMetrics *metrics;

  if (font_metrics == NULL)
    font_metrics = g_ptr_array_new ();
  for (guint i = 0; i < font_metrics->len; i++)
    {
      metrics = g_ptr_array_index (font_metrics, i);
      if (font_metrics_match (metrics, context))
        return metrics;
    }
  metrics = font_metrics_new (context);
  g_ptr_array_add (font_metrics, metrics);
  return metrics;
}

static FontMetrics *
ensure_metrics (TwTextCell *self)
{
  if (self->metrics == NULL)
    self->metrics = lookup_font_metrics (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  return self->metrics;
}

static PangoLayout *
ensure_layout (TwTextCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      self->layout_width = -1;
    }
  return self->layout;
}

static void
drop_layout (TwTextCell *self)
{
  g_clear_object (&self->layout);
  self->layout_width = -1;
}

/* The layout, if any, shows the whole text again, without "…". */
static void
unshorten_layout (TwTextCell *self)
{
  if (self->layout != NULL && self->layout_width != -1)
    pango_layout_set_width (self->layout, -1);
  self->layout_width = -1;
}

/* The width of the unshortened text, laid out by the cell itself. */
static int
shape_text_width (TwTextCell *self)
{
  PangoLayout *layout = ensure_layout (self);

  unshorten_layout (self);
  return layout_width_of (layout);
}

static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80 || !g_ascii_isprint (*p))
        return FALSE;
    }
  return TRUE;
}

static int
get_text_width (TwTextCell *self)
{
  FontMetrics *metrics;
  gpointer cached;

  if (self->text_width >= 0)
    return self->text_width;

  metrics = ensure_metrics (self);
  if (*self->text == '\0')
    self->text_width = 0;
  else if (metrics->mono_advance > 0 && is_ascii (self->text))
    self->text_width = PANGO_PIXELS_CEIL ((int) strlen (self->text) * metrics->mono_advance);
  else if (self->width_sample != NULL)
    /* Unique texts (a time on every row): not worth a cache entry. */
    self->text_width = shape_text_width (self);
  else if ((cached = g_hash_table_lookup (metrics->widths, self->text)) != NULL)
    self->text_width = GPOINTER_TO_INT (cached) - 1;
  else
    {
      self->text_width = shape_text_width (self);
      if (g_hash_table_size (metrics->widths) >= MAX_CACHED_WIDTHS)
        g_hash_table_remove_all (metrics->widths);
      g_hash_table_insert (metrics->widths, g_strdup (self->text),
                           GINT_TO_POINTER (self->text_width + 1));
    }
  return self->text_width;
}

/* The widest of the sample's lines, with every digit made each digit in
 * turn: digits are not equally wide in every font. */
static int
measure_sample (TwTextCell *self)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  g_autofree char *text = g_strdup (self->width_sample);
  int widest = 0;

  for (char digit = '0'; digit <= '9'; digit++)
    {
      for (char *p = text; *p != '\0'; p++)
        {
          if (g_ascii_isdigit (*p))
            *p = digit;
        }
      pango_layout_set_text (layout, text, -1);
      widest = MAX (widest, layout_width_of (layout));
    }
  return widest;
}

static int
get_natural_width (TwTextCell *self)
{
  FontMetrics *metrics;
  gpointer cached;
  int width;

  if (self->width_sample == NULL)
    return get_text_width (self);

  metrics = ensure_metrics (self);
  cached = g_hash_table_lookup (metrics->sample_widths, self->width_sample);
  if (cached != NULL)
    return GPOINTER_TO_INT (cached) - 1;
  width = measure_sample (self);
  g_hash_table_insert (metrics->sample_widths, (gpointer) self->width_sample,
                       GINT_TO_POINTER (width + 1));
  return width;
}

static void
forget_font (TwTextCell *self)
{
  self->metrics = NULL;
  self->text_width = -1;
  drop_layout (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* GObject and widget overrides */

static void
tw_text_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  TwTextCell *self = TW_TEXT_CELL (widget);
  FontMetrics *metrics = ensure_metrics (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *natural = get_natural_width (self);
      *minimum = MIN (metrics->ellipsis_width, *natural);
      return;
    }

  *minimum = *natural = metrics->line_height;
  *minimum_baseline = *natural_baseline = metrics->baseline;
}

static void
tw_text_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  TwTextCell *self = TW_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int baseline = gtk_widget_get_allocated_baseline (widget);
  FontMetrics *metrics;
  PangoLayout *layout;
  int text_width;
  float xalign;
  int x;
  int y;

  if (*self->text == '\0' || width <= 0)
    return;

  metrics = ensure_metrics (self);
  text_width = get_text_width (self);
  layout = ensure_layout (self);
  if (text_width > width)
    {
      if (self->layout_width != width)
        {
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_width (layout, width * PANGO_SCALE);
          self->layout_width = width;
        }
      text_width = width;
    }
  else
    unshorten_layout (self);

  xalign = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? 1 - self->xalign
                                                                 : self->xalign;
  x = (int) ((width - text_width) * xalign);
  if (baseline != -1)
    y = baseline - metrics->baseline;
  else
    y = (gtk_widget_get_height (widget) - metrics->line_height) / 2;
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget), x, y, layout);
}

static gboolean
tw_text_cell_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_tooltip,
                            GtkTooltip *tooltip)
{
  TwTextCell *self = TW_TEXT_CELL (widget);

  if (!tw_text_cell_is_ellipsized (self))
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->text);
  return TRUE;
}

static void
tw_text_cell_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  TwTextCell *self = TW_TEXT_CELL (widget);

  GTK_WIDGET_CLASS (tw_text_cell_parent_class)->css_changed (widget, change);

  /* A state change (hover, selection) keeps the font: keep the sizes. */
  if (self->metrics != NULL &&
      !font_metrics_match (self->metrics, gtk_widget_get_pango_context (widget)))
    forget_font (self);
}

static void
tw_text_cell_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (tw_text_cell_parent_class)->direction_changed (widget, previous_direction);

  drop_layout (TW_TEXT_CELL (widget));
  gtk_widget_queue_draw (widget);
}

static void
tw_text_cell_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (tw_text_cell_parent_class)->system_setting_changed (widget, setting);

  forget_font (TW_TEXT_CELL (widget));
}

static void
tw_text_cell_finalize (GObject *object)
{
  TwTextCell *self = TW_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_free (self->text);

  G_OBJECT_CLASS (tw_text_cell_parent_class)->finalize (object);
}

static void
tw_text_cell_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TwTextCell *self = TW_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_XALIGN:
      g_value_set_float (value, self->xalign);
      break;
    case PROP_WIDTH_SAMPLE:
      g_value_set_string (value, self->width_sample);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_text_cell_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TwTextCell *self = TW_TEXT_CELL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      tw_text_cell_set_text (self, g_value_get_string (value));
      break;
    case PROP_XALIGN:
      tw_text_cell_set_xalign (self, g_value_get_float (value));
      break;
    case PROP_WIDTH_SAMPLE:
      tw_text_cell_set_width_sample (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_text_cell_class_init (TwTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tw_text_cell_finalize;
  object_class->get_property = tw_text_cell_get_property;
  object_class->set_property = tw_text_cell_set_property;
  widget_class->measure = tw_text_cell_measure;
  widget_class->snapshot = tw_text_cell_snapshot;
  widget_class->query_tooltip = tw_text_cell_query_tooltip;
  widget_class->css_changed = tw_text_cell_css_changed;
  widget_class->direction_changed = tw_text_cell_direction_changed;
  widget_class->system_setting_changed = tw_text_cell_system_setting_changed;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_XALIGN] =
    g_param_spec_float ("xalign", NULL, NULL,
                        0, 1, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Lines, the widest of which (any digit in it being any digit) sets
   * the natural width whatever the text: for values of one form, one
   * per row, which would otherwise each be laid out to be measured. */
  properties[PROP_WIDTH_SAMPLE] =
    g_param_spec_string ("width-sample", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
tw_text_cell_init (TwTextCell *self)
{
  self->text = g_strdup ("");
  self->text_width = -1;
  self->layout_width = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

/* Public API */

GtkWidget *
tw_text_cell_new (void)
{
  return g_object_new (TW_TYPE_TEXT_CELL, NULL);
}

const char *
tw_text_cell_get_text (TwTextCell *self)
{
  g_return_val_if_fail (TW_IS_TEXT_CELL (self), NULL);

  return self->text;
}

/* A text of the same width (every time, every request id) only redraws
 * the cell: the row keeps its size and is not measured again. */
void
tw_text_cell_set_text (TwTextCell *self,
                       const char *text)
{
  int old_width;

  g_return_if_fail (TW_IS_TEXT_CELL (self));

  text = text != NULL ? text : "";
  if (g_str_equal (self->text, text))
    return;

  /* Unknown (-1) when not measured since the last change: then resized. */
  old_width = self->metrics != NULL ? self->text_width : -1;
  g_free (self->text);
  self->text = g_strdup (text);
  self->text_width = -1;
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text, -1);
  unshorten_layout (self);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text, -1);
  if (self->width_sample != NULL || (old_width >= 0 && get_text_width (self) == old_width))
    gtk_widget_queue_draw (GTK_WIDGET (self));
  else
    gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

float
tw_text_cell_get_xalign (TwTextCell *self)
{
  g_return_val_if_fail (TW_IS_TEXT_CELL (self), 0);

  return self->xalign;
}

void
tw_text_cell_set_xalign (TwTextCell *self,
                         float       xalign)
{
  g_return_if_fail (TW_IS_TEXT_CELL (self));

  xalign = CLAMP (xalign, 0, 1);
  if (self->xalign == xalign)
    return;

  self->xalign = xalign;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_XALIGN]);
}

const char *
tw_text_cell_get_width_sample (TwTextCell *self)
{
  g_return_val_if_fail (TW_IS_TEXT_CELL (self), NULL);

  return self->width_sample;
}

void
tw_text_cell_set_width_sample (TwTextCell *self,
                               const char *sample)
{
  g_return_if_fail (TW_IS_TEXT_CELL (self));

  sample = g_intern_string (sample);
  if (self->width_sample == sample)
    return;

  self->width_sample = sample;
  self->text_width = -1;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH_SAMPLE]);
}

/* Whether the text is cut short with "…" at the cell's width. */
gboolean
tw_text_cell_is_ellipsized (TwTextCell *self)
{
  g_return_val_if_fail (TW_IS_TEXT_CELL (self), FALSE);

  return *self->text != '\0' && get_text_width (self) > gtk_widget_get_width (GTK_WIDGET (self));
}
