/* tw-profile-switcher.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-profile-switcher"

#include "config.h"

#include <glib/gi18n.h>

#include "tw-error.h"
#include "tw-profile-store.h"
#include "tw-profile-switcher.h"
#include "tw-resources.h"
#include "tw-toast.h"

struct _TwProfileSwitcher
{
  GtkWidget       parent_instance;

  TwRegisterPage *page;
  TwContext      *context;
  TwProfileStore *store;
  GCancellable   *cancellable;
  gboolean        ready;
  /* The open profile, watched for a new name. */
  TwProfile      *watched;

  /* template children */
  GtkMenuButton  *menu_button;
  GtkLabel       *name_label;

  /* In the popover: NULL until it is first opened. */
  GtkListView    *list_view;
  GtkLabel       *busy_label;
};

G_DEFINE_FINAL_TYPE (TwProfileSwitcher, tw_profile_switcher, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef void (*NameChosenFunc) (TwProfileSwitcher *self,
                                const char        *name);

/* What a name dialog needs to check and hand over the name. */
typedef struct
{
  TwProfileSwitcher *self;
  NameChosenFunc     chosen;
  GtkEditable       *entry;
  GtkLabel          *problem_label;
  char              *current;
} NameDialog;

/* Helpers */

static gboolean
is_gone (TwProfileSwitcher *self,
         const GError      *error)
{
  return self->page == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, TW_ERROR, TW_ERROR_CANCELLED);
}

static void
report_error (TwProfileSwitcher *self,
              const GError      *error)
{
  if (!is_gone (self, error))
    tw_show_toast (GTK_WIDGET (self), error->message);
}

static TwProfile *
current_profile (TwProfileSwitcher *self)
{
  return self->page != NULL ? tw_register_page_get_profile (self->page) : NULL;
}

static GtkWindow *
get_window (TwProfileSwitcher *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
update_actions (TwProfileSwitcher *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean busy = self->page == NULL || tw_register_page_get_busy (self->page);
  gboolean usable = self->ready && !busy && !tw_register_page_get_loading (self->page);
  gboolean has_current = usable && current_profile (self) != NULL;

  gtk_widget_action_set_enabled (widget, "profiles.switch", usable);
  gtk_widget_action_set_enabled (widget, "profiles.create", usable);
  gtk_widget_action_set_enabled (widget, "profiles.rename", has_current);
  gtk_widget_action_set_enabled (widget, "profiles.duplicate", has_current);
  gtk_widget_action_set_enabled (widget, "profiles.delete", has_current);
  if (self->busy_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->busy_label), self->page != NULL && busy);
}

static void
update_label (TwProfileSwitcher *self)
{
  TwProfile *profile = current_profile (self);
  g_autofree char *description = NULL;

  if (profile == NULL)
    return;

  gtk_label_set_label (self->name_label, tw_profile_get_name (profile));
  /* Translators: the accessible description of the profile button; %s is a profile name */
  description = g_strdup_printf (_("Current profile: %s"), tw_profile_get_name (profile));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

static void
set_ready (TwProfileSwitcher *self)
{
  if (self->ready)
    return;

  self->ready = TRUE;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* The profile to fall back on: the first readable one. */
static TwProfile *
first_usable_profile (TwProfileSwitcher *self)
{
  GListModel *model = G_LIST_MODEL (self->store);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TwProfile) profile = g_list_model_get_item (model, i);

      if (!tw_profile_is_broken (profile))
        return profile;
    }
  return NULL;
}

/* Opening profiles */

static void
opened_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tw_register_page_open_profile_finish (TW_REGISTER_PAGE (source), result, &error))
    report_error (self, error);
  if (self->page == NULL)
    return;

  set_ready (self);
  update_actions (self);
}

static void
open_profile (TwProfileSwitcher *self,
              TwProfile         *profile,
              gboolean           save_current)
{
  tw_register_page_open_profile_async (self->page, profile, save_current, self->cancellable,
                                       opened_cb, g_object_ref (self));
}

/* A profile just created, on its way to being opened. */
typedef struct
{
  TwProfileSwitcher *self;
  TwProfile         *profile;
  gboolean           save_current;
} NewProfile;

static void
new_profile_free (NewProfile *data)
{
  g_object_unref (data->self);
  g_object_unref (data->profile);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (NewProfile, new_profile_free)

static void
new_profile_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(NewProfile) data = user_data;
  g_autoptr(GError) error = NULL;

  tw_profile_store_save_finish (TW_PROFILE_STORE (source), result, &error);
  if (is_gone (data->self, error))
    return;
  if (error != NULL)
    report_error (data->self, error);
  open_profile (data->self, data->profile, data->save_current);
}

/* New profiles start in an environment chosen here (the settings' default,
 * or Demo for the first one), written at once so that the file says so. */
static void
prepare_new_profile (TwProfileSwitcher *self,
                     TwProfile         *profile,
                     TwEnvironment      environment,
                     const char        *base_url,
                     gboolean           save_current)
{
  NewProfile *data = g_new0 (NewProfile, 1);

  data->self = g_object_ref (self);
  data->profile = g_object_ref (profile);
  data->save_current = save_current;
  tw_profile_set_environment (profile, environment);
  tw_profile_set_base_url (profile, base_url);
  tw_profile_store_save_async (self->store, profile, self->cancellable,
                               new_profile_saved_cb, data);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(TwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  GSettings *settings;
  g_autofree char *base_url = NULL;

  profile = tw_profile_store_create_finish (TW_PROFILE_STORE (source), result, &error);
  if (profile == NULL)
    {
      report_error (self, error);
      return;
    }
  if (self->page == NULL)
    return;

  settings = tw_context_get_settings (self->context);
  base_url = g_settings_get_string (settings, "custom-base-url");
  prepare_new_profile (self, profile, g_settings_get_enum (settings, "default-environment"),
                       base_url, TRUE);
}

static void
first_created_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(TwProfile) profile = NULL;
  g_autoptr(GError) error = NULL;

  profile = tw_profile_store_create_finish (TW_PROFILE_STORE (source), result, &error);
  if (profile == NULL)
    {
      report_error (self, error);
      return;
    }
  if (self->page != NULL)
    prepare_new_profile (self, profile, TW_ENVIRONMENT_DEMO, NULL, FALSE);
}

/* With no profile left (a fresh machine, the last one deleted), "make run"
 * still opens a working form: a Demo profile. */
static void
open_fallback (TwProfileSwitcher *self)
{
  TwProfile *profile = first_usable_profile (self);

  if (profile != NULL)
    {
      open_profile (self, profile, FALSE);
      return;
    }

  tw_profile_store_create_async (self->store, C_("profile name", "Demo shop"), self->cancellable,
                                 first_created_cb, g_object_ref (self));
}

static void
store_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(GError) error = NULL;
  TwProfile *last_used;

  if (!tw_profile_store_load_finish (TW_PROFILE_STORE (source), result, &error))
    {
      report_error (self, error);
      if (is_gone (self, error))
        return;
    }

  last_used = tw_profile_store_get_last_used (self->store);
  if (last_used != NULL && !tw_profile_is_broken (last_used))
    open_profile (self, last_used, FALSE);
  else
    open_fallback (self);
}

/* The name dialog */

static void
name_dialog_free (NameDialog *data)
{
  g_free (data->current);
  g_free (data);
}

static char *
dup_entered_name (NameDialog *data)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (data->entry)));
}

static void
on_name_changed (NameDialog *data)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (gtk_widget_get_root (GTK_WIDGET (data->entry)));
  g_autofree char *name = dup_entered_name (data);
  g_autofree char *problem = tw_profile_check_name (name);
  gboolean unchanged = g_strcmp0 (name, data->current) == 0;

  if (problem == NULL && !unchanged && tw_profile_store_find (data->self->store, name) != NULL)
    problem = g_strdup (_("A profile with this name already exists"));
  /* An empty box needs no scolding: the button is simply off. */
  gtk_label_set_label (data->problem_label, problem != NULL && *name != '\0' ? problem : "");
  adw_message_dialog_set_response_enabled (dialog, "ok", problem == NULL && !unchanged);
}

static void
on_name_response (AdwMessageDialog *dialog,
                  const char       *response,
                  NameDialog       *data)
{
  g_autofree char *name = dup_entered_name (data);

  if (g_strcmp0 (response, "ok") != 0 || data->self->page == NULL)
    return;
  if (!adw_message_dialog_get_response_enabled (dialog, "ok"))
    return;

  data->chosen (data->self, name);
}

static GtkWidget *
build_name_box (NameDialog *data,
                const char *initial)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), initial != NULL ? initial : "");
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_max_length (GTK_ENTRY (entry), TW_PROFILE_MAX_NAME_LENGTH);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Profile name"), -1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), label);

  data->entry = GTK_EDITABLE (entry);
  data->problem_label = GTK_LABEL (label);
  return box;
}

static void
ask_name (TwProfileSwitcher *self,
          const char        *heading,
          const char        *body,
          const char        *accept,
          const char        *initial,
          const char        *current,
          NameChosenFunc     chosen)
{
  AdwMessageDialog *dialog;
  NameDialog *data = g_new0 (NameDialog, 1);

  data->self = self;
  data->chosen = chosen;
  data->current = g_strdup (current);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), heading, body));
  adw_message_dialog_set_extra_child (dialog, build_name_box (data, initial));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "ok", accept, NULL);
  adw_message_dialog_set_response_appearance (dialog, "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tw-name-dialog", data,
                          (GDestroyNotify) name_dialog_free);
  g_signal_connect_swapped (data->entry, "changed", G_CALLBACK (on_name_changed), data);
  g_signal_connect (dialog, "response", G_CALLBACK (on_name_response), data);
  /* The data may outlive the switcher for a moment: it holds a reference. */
  g_object_set_data_full (G_OBJECT (dialog), "tw-switcher", g_object_ref (self), g_object_unref);

  gtk_window_present (GTK_WINDOW (dialog));
  on_name_changed (data);
}

/* Signal callbacks */

static void
watch_profile (TwProfileSwitcher *self)
{
  TwProfile *profile = current_profile (self);

  if (self->watched == profile)
    return;

  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_set_object (&self->watched, profile);
  if (profile != NULL)
    g_signal_connect_swapped (profile, "notify::name", G_CALLBACK (update_label), self);
}

static void
on_page_changed (TwProfileSwitcher *self)
{
  watch_profile (self);
  update_label (self);
  update_actions (self);
}

static void
on_list_activate (GtkListView       *list_view,
                  guint              position,
                  TwProfileSwitcher *self)
{
  g_autoptr(TwProfile) profile = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (profile == NULL)
    return;
  if (tw_profile_is_broken (profile))
    {
      /* Translators: %s says why the profile file cannot be read */
      g_autofree char *text = g_strdup_printf (_("This profile cannot be opened: %s"),
                                               tw_profile_get_problem (profile));
      tw_show_toast (GTK_WIDGET (self), text);
      return;
    }

  gtk_widget_activate_action (GTK_WIDGET (self), "profiles.switch", "s",
                              tw_profile_get_name (profile));
}

static gboolean
profile_is_current (GBinding     *binding,
                    const GValue *from,
                    GValue       *to,
                    gpointer      user_data)
{
  /* Hidden by opacity, so that every name starts at the same place. */
  g_value_set_double (to, g_value_get_object (from) == user_data ? 1.0 : 0.0);
  return TRUE;
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Current profile"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (warning), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cannot be read"), -1);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), warning);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             TwProfileSwitcher        *self)
{
  TwProfile *profile = gtk_list_item_get_item (item);
  GtkWidget *check = gtk_widget_get_first_child (gtk_list_item_get_child (item));
  GtkWidget *label = gtk_widget_get_next_sibling (check);
  GtkWidget *warning = gtk_widget_get_next_sibling (label);
  GBinding *binding;

  gtk_label_set_label (GTK_LABEL (label), tw_profile_get_name (profile));
  gtk_widget_set_visible (warning, tw_profile_is_broken (profile));
  gtk_widget_set_tooltip_text (warning, tw_profile_get_problem (profile));
  binding = g_object_bind_property_full (self->page, "profile", check, "opacity",
                                         G_BINDING_SYNC_CREATE, profile_is_current, NULL,
                                         profile, NULL);
  g_object_set_data (G_OBJECT (item), "tw-binding", binding);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GBinding *binding = g_object_steal_data (G_OBJECT (item), "tw-binding");

  if (binding != NULL)
    g_binding_unbind (binding);
}

/* Action handlers */

static void
switch_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (widget);
  TwProfile *profile = tw_profile_store_find (self->store, g_variant_get_string (parameter, NULL));

  gtk_menu_button_popdown (self->menu_button);
  if (profile == NULL || profile == current_profile (self))
    return;
  open_profile (self, profile, TRUE);
}

static void
create_named (TwProfileSwitcher *self,
              const char        *name)
{
  tw_profile_store_create_async (self->store, name, self->cancellable, created_cb,
                                 g_object_ref (self));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (widget);

  gtk_menu_button_popdown (self->menu_button);
  ask_name (self, _("New Profile"),
            _("A profile keeps one shop’s environment, account and webhooks. "
              "The one open now is saved first."),
            _("C_reate"), "", NULL, create_named);
}

static void
renamed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tw_profile_store_rename_finish (TW_PROFILE_STORE (source), result, &error))
    report_error (self, error);
}

static void
rename_named (TwProfileSwitcher *self,
              const char        *name)
{
  TwProfile *profile = current_profile (self);

  if (profile == NULL)
    return;
  tw_profile_store_rename_async (self->store, profile, name, self->cancellable, renamed_cb,
                                 g_object_ref (self));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (widget);
  TwProfile *profile = current_profile (self);

  gtk_menu_button_popdown (self->menu_button);
  if (profile == NULL)
    return;
  ask_name (self, _("Rename Profile"), _("Its secrets in the keyring follow the new name."),
            _("_Rename"), tw_profile_get_name (profile), tw_profile_get_name (profile),
            rename_named);
}

static void
duplicated_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(TwProfile) copy = NULL;
  g_autoptr(GError) error = NULL;

  copy = tw_profile_store_duplicate_finish (TW_PROFILE_STORE (source), result, &error);
  if (copy == NULL)
    report_error (self, error);
  else if (self->page != NULL)
    open_profile (self, copy, FALSE);
}

/* The copy is made of the profile as it is on screen: save it first. */
static void
saved_for_copy_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_object_steal_data (G_OBJECT (self), "tw-copy-name");
  TwProfile *profile;

  if (!tw_register_page_save_profile_finish (TW_REGISTER_PAGE (source), result, &error))
    {
      report_error (self, error);
      return;
    }

  profile = current_profile (self);
  if (profile == NULL || name == NULL)
    return;
  tw_profile_store_duplicate_async (self->store, profile, name, self->cancellable,
                                    duplicated_cb, g_object_ref (self));
}

static void
duplicate_named (TwProfileSwitcher *self,
                 const char        *name)
{
  g_object_set_data_full (G_OBJECT (self), "tw-copy-name", g_strdup (name), g_free);
  tw_register_page_save_profile_async (self->page, self->cancellable, saved_for_copy_cb,
                                       g_object_ref (self));
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (widget);
  TwProfile *profile = current_profile (self);
  g_autofree char *suggestion = NULL;

  gtk_menu_button_popdown (self->menu_button);
  if (profile == NULL)
    return;

  /* Translators: the suggested name of a copy; %s is the profile's name */
  suggestion = g_strdup_printf (_("%s (copy)"), tw_profile_get_name (profile));
  ask_name (self, _("Duplicate Profile"),
            _("The copy has the same settings and secrets, and no record of registrations."),
            _("_Duplicate"), suggestion, NULL, duplicate_named);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TwProfileSwitcher) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tw_profile_store_delete_finish (TW_PROFILE_STORE (source), result, &error))
    {
      report_error (self, error);
      return;
    }
  if (self->page != NULL)
    open_fallback (self);
}

static void
on_delete_response (AdwMessageDialog  *dialog,
                    const char        *response,
                    TwProfileSwitcher *self)
{
  TwProfile *profile = g_object_get_data (G_OBJECT (dialog), "tw-profile");

  if (g_strcmp0 (response, "delete") != 0 || self->page == NULL ||
      profile != current_profile (self) || tw_register_page_get_busy (self->page))
    return;

  tw_profile_store_delete_async (self->store, profile, self->cancellable, deleted_cb,
                                 g_object_ref (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (widget);
  TwProfile *profile = current_profile (self);
  AdwMessageDialog *dialog;

  gtk_menu_button_popdown (self->menu_button);
  if (profile == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self), NULL, NULL));
  /* Translators: %s is a profile name */
  adw_message_dialog_format_heading (dialog, _("Delete “%s”?"), tw_profile_get_name (profile));
  adw_message_dialog_set_body (dialog,
                               _("Its settings, its record of the last registration and its "
                                 "secrets in the keyring are removed. The webhooks registered "
                                 "with TikiNOW stay as they are, and so does the history."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tw-profile", g_object_ref (profile),
                          g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* GObject overrides */

static void
tw_profile_switcher_dispose (GObject *object)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (object);

  g_cancellable_cancel (self->cancellable);
  if (self->page != NULL)
    g_signal_handlers_disconnect_by_data (self->page, self);
  if (self->watched != NULL)
    g_signal_handlers_disconnect_by_data (self->watched, self);
  g_clear_object (&self->watched);
  gtk_widget_dispose_template (GTK_WIDGET (self), TW_TYPE_PROFILE_SWITCHER);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->page);
  g_clear_object (&self->store);
  g_clear_object (&self->context);
  self->list_view = NULL;
  self->busy_label = NULL;

  G_OBJECT_CLASS (tw_profile_switcher_parent_class)->dispose (object);
}

static void
tw_profile_switcher_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_object (value, self->page);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_profile_switcher_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      tw_profile_switcher_set_page (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_profile_switcher_class_init (TwProfileSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tw_profile_switcher_dispose;
  object_class->get_property = tw_profile_switcher_get_property;
  object_class->set_property = tw_profile_switcher_set_property;

  properties[PROP_PAGE] =
    g_param_spec_object ("page", NULL, NULL, TW_TYPE_REGISTER_PAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Keeps the resource bundle linked from the static library. */
  (void) tw_get_resource ();
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/tw-profile-switcher.ui");
  gtk_widget_class_bind_template_child (widget_class, TwProfileSwitcher, menu_button);
  gtk_widget_class_bind_template_child (widget_class, TwProfileSwitcher, name_label);

  gtk_widget_class_install_action (widget_class, "profiles.switch", "s", switch_action);
  gtk_widget_class_install_action (widget_class, "profiles.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "profiles.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "profiles.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "profiles.delete", NULL, delete_action);
}

static void
attach_model (TwProfileSwitcher *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;

  if (self->list_view == NULL || self->store == NULL)
    return;

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
}

/* The popover is built when first opened: most sessions never open it. The
 * menu button owns it and its children. */
static void
create_popover (GtkMenuButton *button,
                gpointer       user_data)
{
  TwProfileSwitcher *self = TW_PROFILE_SWITCHER (user_data);
  g_autoptr(GtkBuilder) builder = NULL;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/ui/tw-profile-popover.ui");
  self->list_view = GTK_LIST_VIEW (gtk_builder_get_object (builder, "list_view"));
  self->busy_label = GTK_LABEL (gtk_builder_get_object (builder, "busy_label"));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_list_activate), self);
  gtk_menu_button_set_popover (button, GTK_WIDGET (gtk_builder_get_object (builder, "popover")));
  attach_model (self);
  update_actions (self);
}

static void
tw_profile_switcher_init (TwProfileSwitcher *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->menu_button, create_popover, self, NULL);
  update_actions (self);
}

/* Public API */

GtkWidget *
tw_profile_switcher_new (void)
{
  return g_object_new (TW_TYPE_PROFILE_SWITCHER, NULL);
}

TwRegisterPage *
tw_profile_switcher_get_page (TwProfileSwitcher *self)
{
  g_return_val_if_fail (TW_IS_PROFILE_SWITCHER (self), NULL);

  return self->page;
}

/* The profiles (a file each, their secrets in the keyring) are read once
 * the window has drawn its first frame: sooner, reading them and the
 * keyring's D-Bus traffic compete with building and drawing the window,
 * which then lays the form out twice. The form is filled a frame later. */
static void
load_after_paint (TwProfileSwitcher *self,
                  GdkFrameClock     *clock)
{
  g_signal_handlers_disconnect_by_func (clock, load_after_paint, self);
  tw_profile_store_load_async (self->store, self->cancellable, store_loaded_cb,
                               g_object_ref (self));
}

static void
load_when_drawn (TwProfileSwitcher *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_handlers_disconnect_by_func (self, load_when_drawn, NULL);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || clock == NULL)
    {
      g_signal_connect (self, "map", G_CALLBACK (load_when_drawn), NULL);
      return;
    }
  g_signal_connect_object (clock, "after-paint", G_CALLBACK (load_after_paint), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
}

void
tw_profile_switcher_set_page (TwProfileSwitcher *self,
                              TwRegisterPage    *page)
{
  g_return_if_fail (TW_IS_PROFILE_SWITCHER (self));
  g_return_if_fail (TW_IS_REGISTER_PAGE (page));
  g_return_if_fail (self->page == NULL);

  self->page = g_object_ref (page);
  self->context = g_object_ref (tw_register_page_get_context (page));
  self->store = g_object_ref (tw_context_get_profile_store (self->context));
  attach_model (self);
  g_signal_connect_swapped (page, "notify::profile", G_CALLBACK (on_page_changed), self);
  g_signal_connect_swapped (page, "notify::busy", G_CALLBACK (on_page_changed), self);
  g_signal_connect_swapped (page, "notify::loading", G_CALLBACK (on_page_changed), self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);

  load_when_drawn (self);
}

gboolean
tw_profile_switcher_get_ready (TwProfileSwitcher *self)
{
  g_return_val_if_fail (TW_IS_PROFILE_SWITCHER (self), FALSE);

  return self->ready;
}
