/* tw-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-history-page.h"
#include "tw-profile-switcher.h"
#include "tw-register-page.h"
#include "tw-resources.h"
#include "tw-tester-page.h"
#include "tw-window.h"

struct _TwWindow
{
  AdwApplicationWindow  parent_instance;

  TwContext            *context;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *demo_badge;
  GtkMenuButton        *menu_button;
  GMenuModel           *primary_menu;
  TwProfileSwitcher    *profile_switcher;
  AdwViewStack         *stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
};

G_DEFINE_FINAL_TYPE (TwWindow, tw_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The pages, in switcher order. Each takes the context as a construct
 * property; adding a page is adding a line. A lazy page is built on its
 * first visit (or when asked for by name), so that start-up builds only
 * what the first frame shows; until then the stack holds an empty AdwBin
 * under its name, title and icon, because AdwViewStack 1.2 cannot insert
 * a page at a position later. */
typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  GType     (*get_type) (void);
  gboolean    lazy;
} PageInfo;

static const PageInfo pages[] = {
  { "register", NC_("page", "Register"), "document-send-symbolic", tw_register_page_get_type,
    FALSE },
  { "tester", NC_("page", "Test receiver"), "network-transmit-receive-symbolic",
    tw_tester_page_get_type, TRUE },
  { "history", NC_("page", "History"), "document-open-recent-symbolic", tw_history_page_get_type,
    TRUE },
};

static const PageInfo *
find_page_info (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].name, name) == 0)
      return &pages[i];
  return NULL;
}

static gboolean
environment_to_demo_badge (GBinding     *binding,
                           const GValue *from,
                           GValue       *to,
                           gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_enum (from) == TW_ENVIRONMENT_DEMO);
  return TRUE;
}

/* Wires a page that has just been built to the pages built before it.
 * The Register page is never lazy, so it is always there. */
static void
wire_page (TwWindow   *self,
           const char *name,
           GtkWidget  *page)
{
  if (g_strcmp0 (name, "tester") == 0)
    {
      GtkWidget *register_page = adw_view_stack_get_child_by_name (self->stack, "register");

      /* The tester sends to the hooks being filled in on the Register page. */
      tw_tester_page_set_registration (TW_TESTER_PAGE (page),
                                       tw_register_page_get_registration
                                         (TW_REGISTER_PAGE (register_page)));
    }
}

/* The real page for @info, building a lazy one into its placeholder
 * first if need be. */
static GtkWidget *
ensure_page (TwWindow       *self,
             const PageInfo *info)
{
  GtkWidget *child = adw_view_stack_get_child_by_name (self->stack, info->name);
  GtkWidget *page;

  if (!info->lazy || child == NULL)
    return child;

  page = adw_bin_get_child (ADW_BIN (child));
  if (page == NULL)
    {
      page = g_object_new (info->get_type (), "context", self->context, NULL);
      adw_bin_set_child (ADW_BIN (child), page);
      wire_page (self, info->name, page);
    }
  return page;
}

static void
on_stack_visible_child_notify (AdwViewStack *stack,
                               GParamSpec   *pspec,
                               TwWindow     *self)
{
  const PageInfo *info = find_page_info (adw_view_stack_get_visible_child_name (stack));

  if (info != NULL)
    ensure_page (self, info);
}

static void
add_pages (TwWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page;
      AdwViewStackPage *stack_page;

      if (pages[i].lazy)
        page = adw_bin_new ();
      else
        page = g_object_new (pages[i].get_type (), "context", self->context, NULL);

      stack_page = adw_view_stack_add_titled (self->stack, page, pages[i].name,
                                              g_dpgettext2 (NULL, "page", pages[i].title));
      adw_view_stack_page_set_icon_name (stack_page, pages[i].icon_name);
    }

  /* libadwaita 1.2's switchers rebuild every button on each change of the
   * pages: given the stack once it is full, each builds its buttons once. */
  adw_view_switcher_title_set_stack (self->switcher_title, self->stack);

  /* Added after the pages, so that the first page becoming the visible
   * one builds nothing; a lazy page is built as soon as it is switched to. */
  g_signal_connect (self->stack, "notify::visible-child",
                    G_CALLBACK (on_stack_visible_child_notify), self);
}

static void
restore_size (TwWindow *self)
{
  GSettings *settings = tw_context_get_settings (self->context);
  int width = g_settings_get_int (settings, "window-width");
  int height = g_settings_get_int (settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 360), MAX (height, 294));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_size (TwWindow *self)
{
  GSettings *settings = tw_context_get_settings (self->context);
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width;
  int height;

  /* The default size follows the unmaximized size, which is what to
   * restore next time. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  g_settings_delay (settings);
  g_settings_set_boolean (settings, "window-maximized", maximized);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }
  g_settings_apply (settings);
}

static gboolean
tw_window_close_request (GtkWindow *window)
{
  save_size (TW_WINDOW (window));

  return GTK_WINDOW_CLASS (tw_window_parent_class)->close_request (window);
}

static void
tw_window_constructed (GObject *object)
{
  TwWindow *self = TW_WINDOW (object);
  GtkWidget *register_page;

  G_OBJECT_CLASS (tw_window_parent_class)->constructed (object);

  g_assert (TW_IS_CONTEXT (self->context));

  add_pages (self);
  restore_size (self);

  register_page = tw_window_get_page (self, "register");
  /* The switcher opens the last used profile into the Register page. */
  tw_profile_switcher_set_page (self->profile_switcher, TW_REGISTER_PAGE (register_page));
  g_object_bind_property_full (register_page, "environment", self->demo_badge, "visible",
                               G_BINDING_SYNC_CREATE, environment_to_demo_badge,
                               NULL, NULL, NULL);
}

static void
tw_window_dispose (GObject *object)
{
  TwWindow *self = TW_WINDOW (object);

  /* Tearing the stack down changes its visible child: build nothing then. */
  if (self->stack != NULL)
    g_signal_handlers_disconnect_by_func (self->stack, on_stack_visible_child_notify, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_WINDOW);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tw_window_parent_class)->dispose (object);
}

static void
tw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TwWindow *self = TW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TwWindow *self = TW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_window_class_init (TwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = tw_window_constructed;
  object_class->dispose = tw_window_dispose;
  object_class->get_property = tw_window_get_property;
  object_class->set_property = tw_window_set_property;
  window_class->close_request = tw_window_close_request;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL,
                         TW_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  g_type_ensure (TW_TYPE_PROFILE_SWITCHER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/tw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TwWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, demo_badge);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, profile_switcher);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, TwWindow, switcher_bar);
}

/* The Keyboard Shortcuts window is built when first asked for, not with
 * the window as GtkApplication does with a gtk/help-overlay.ui resource:
 * that was 1.4 % of the start-up's instructions (bench/ANALYSIS.md).
 * Once it is set, GtkApplicationWindow's own action replaces this one. */
static void
show_help_overlay (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder =
        gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/tw-shortcuts-window.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

/* The main menu's popover is built when first opened, like the Keyboard
 * Shortcuts window, rather than with the window. */
static void
create_primary_menu (GtkMenuButton *button,
                     gpointer       user_data)
{
  TwWindow *self = TW_WINDOW (user_data);

  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

/* The bottom switcher bar of narrow windows gets the stack, and so its
 * buttons, when the window first becomes narrow: a wide window never
 * builds its 50 widgets. */
static void
on_title_visible_notify (TwWindow *self)
{
  if (adw_view_switcher_title_get_title_visible (self->switcher_title) &&
      adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, self->stack);
}

static void
tw_window_init (TwWindow *self)
{
  static const GActionEntry actions[] = {
    { .name = "show-help-overlay", .activate = show_help_overlay },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_primary_menu, self, NULL);
  g_signal_connect_swapped (self->switcher_title, "notify::title-visible",
                            G_CALLBACK (on_title_visible_notify), self);
  g_action_map_add_action_entries (G_ACTION_MAP (self), actions, G_N_ELEMENTS (actions), self);
}

TwWindow *
tw_window_new (GtkApplication *application,
               TwContext      *context)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TW_IS_CONTEXT (context), NULL);

  return g_object_new (TW_TYPE_WINDOW,
                       "application", application,
                       "context", context,
                       NULL);
}

TwContext *
tw_window_get_context (TwWindow *self)
{
  g_return_val_if_fail (TW_IS_WINDOW (self), NULL);

  return self->context;
}

GtkWidget *
tw_window_get_page (TwWindow   *self,
                    const char *name)
{
  const PageInfo *info;

  g_return_val_if_fail (TW_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  info = find_page_info (name);
  if (info == NULL)
    return adw_view_stack_get_child_by_name (self->stack, name);
  return ensure_page (self, info);
}

gboolean
tw_window_has_page_built (TwWindow   *self,
                          const char *name)
{
  const PageInfo *info;
  GtkWidget *child;

  g_return_val_if_fail (TW_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  info = find_page_info (name);
  child = adw_view_stack_get_child_by_name (self->stack, name);
  if (child == NULL)
    return FALSE;
  if (info == NULL || !info->lazy)
    return TRUE;
  return adw_bin_get_child (ADW_BIN (child)) != NULL;
}

void
tw_window_add_toast (TwWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (TW_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
