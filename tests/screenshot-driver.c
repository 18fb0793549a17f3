/* screenshot-driver.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

/* Takes the PNGs of screenshots/ (build-aux/screenshots.sh runs it under
 * Xvfb): the real TwApplication and its window, filled in through the
 * widgets and their actions, talking to the in-process Demo simulator and
 * to a small signature-checking receiver on localhost, as a seller would
 * while developing one. Not a test: it fails loudly when a step does. */

#define G_LOG_DOMAIN "screenshot-driver"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <pango/pangocairo.h>

#include "tw-account-group.h"
#include "tw-application.h"
#include "tw-history-page.h"
#include "tw-preferences.h"
#include "tw-register-page.h"
#include "tw-secret.h"
#include "tw-test-ui.h"
#include "tw-tester-page.h"
#include "tw-i18n.h"
#include "tw-warehouse-list.h"
#include "tw-webhook-editor.h"
#include "tw-window.h"

#define WAIT_MS 10000
/* A fake token of the Demo environment: the simulator takes any but
 * "expired". */
#define DEMO_TOKEN "demo-4f1c2a9e7b3d"
/* The receiver's port when free: fixed, so the address in the pictures
 * does not change from one run to the next. */
#define RECEIVER_PORT 8080
/* Wide enough for every column of the History table. */
#define WIDE_WIDTH 1060
#define WIDE_HEIGHT 760
#define NARROW_WIDTH 360
#define NARROW_HEIGHT 720

typedef struct
{
  const char *out_dir;
  gboolean    vietnamese;
  TwWindow   *window;
  SoupServer *receiver;
  char       *receiver_base;
  gboolean    done;
} Driver;

#define SPIN_UNTIL(cond) TW_TEST_SPIN_UNTIL (cond, WAIT_MS)

static GtkWidget *
find_by_type_name (GtkWidget  *root,
                   const char *type_name)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (root), type_name))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type_name (child, type_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Toasts only time out in a focused window, and no window manager gives
 * focus under Xvfb: they would pile up from one picture to the next.
 * Dismisses them as a user would, with their close button. */
static void
dismiss_toasts (GtkWidget *window)
{
  GtkWidget *toast;

  while ((toast = find_by_type_name (window, "AdwToastWidget")) != NULL)
    {
      GtkWidget *close = find_by_type_name (toast, "GtkButton");

      if (close == NULL || !gtk_widget_activate (close))
        g_error ("a toast could not be dismissed");
      SPIN_UNTIL (find_by_type_name (window, "AdwToastWidget") != toast);
    }
}

/* Renders @widget as it is on screen into OUT_DIR/@name. */
static void
save_png (Driver     *driver,
          GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (driver->out_dir, name, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width;
  int height;

  dismiss_toasts (widget);
  /* Spinners and scrolling settle first. */
  tw_test_spin_for (700);
  tw_test_wait_frames (widget, 3);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    g_error ("%s: nothing was drawn", name);

  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not write %s", path);
  g_print ("%s (%d × %d)\n", path, width, height);
}

static void
resize (Driver *driver,
        int     width,
        int     height)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (driver->window));

  gtk_window_set_default_size (GTK_WINDOW (driver->window), width, height);
  SPIN_UNTIL (gdk_surface_get_width (surface) == width &&
              gdk_surface_get_height (surface) == height);
  tw_test_wait_frames (GTK_WIDGET (driver->window), 2);
}

static GtkWidget *
page (Driver     *driver,
      const char *name)
{
  return tw_window_get_page (driver->window, name);
}

static void
show_page (Driver     *driver,
           const char *name)
{
  AdwViewStack *stack = tw_test_get_child (driver->window, TW_TYPE_WINDOW, "stack");

  adw_view_stack_set_visible_child_name (stack, name);
}

/* Scrolls the page holding @widget back to its top. */
static void
scroll_to_top (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  if (scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)),
                              0);
}

/* Scrolls so that @widget is at the top of its scrolled window. A group
 * just shown is placed, and the page's own scrolling done, only after a
 * few frames: this scrolls again until the position holds. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  GtkWidget *content;

  g_assert (scrolled != NULL);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));

  for (guint attempt = 0; attempt < 50; attempt++)
    {
      graphene_point_t point;
      double target;

      tw_test_wait_frames (scrolled, 2);
      if (!gtk_widget_compute_point (widget, content, &GRAPHENE_POINT_INIT (0, 0), &point))
        g_error ("cannot place %s", G_OBJECT_TYPE_NAME (widget));
      /* The viewport does not move: what it shows does. */
      target = gtk_adjustment_get_value (adjustment) + point.y - 12;
      target = MIN (MAX (target, 0),
                    gtk_adjustment_get_upper (adjustment) -
                    gtk_adjustment_get_page_size (adjustment));
      if (attempt > 1 && ABS (gtk_adjustment_get_value (adjustment) - target) < 1)
        return;
      gtk_adjustment_set_value (adjustment, target);
    }
  g_error ("%s would not scroll into view", G_OBJECT_TYPE_NAME (widget));
}

/* The Register page */

static gpointer
register_child (Driver     *driver,
                const char *name)
{
  return tw_test_get_child (page (driver, "register"), TW_TYPE_REGISTER_PAGE, name);
}

static gpointer
editor_child (Driver     *driver,
              const char *editor,
              const char *name)
{
  return tw_test_get_child (register_child (driver, editor), TW_TYPE_WEBHOOK_EDITOR, name);
}

static void
pick_warehouses (Driver     *driver,
                 const char *filter)
{
  TwWarehouseList *list = register_child (driver, "warehouse_list");

  tw_warehouse_list_set_filter_text (list, filter);
  if (!gtk_widget_activate_action (GTK_WIDGET (list), "warehouses.select-all", NULL))
    g_error ("warehouses.select-all failed");
  tw_warehouse_list_set_filter_text (list, "");
}

static void
fill_hook (Driver     *driver,
           const char *editor,
           const char *url)
{
  gtk_switch_set_active (editor_child (driver, editor, "enabled_switch"), TRUE);
  gtk_editable_set_text (editor_child (driver, editor, "url_row"), url);
  if (!gtk_widget_activate_action (register_child (driver, editor), "editor.generate", NULL))
    g_error ("editor.generate failed");
}

static void
set_token (Driver     *driver,
           const char *token)
{
  TwAccountGroup *group = register_child (driver, "account_group");

  gtk_editable_set_text (tw_test_get_child (group, TW_TYPE_ACCOUNT_GROUP, "token_row"), token);
}

/* A fresh machine gets a "Demo shop" profile, created and opened in the
 * background: typing before it is open would be undone by it. */
static void
wait_for_profile (Driver *driver)
{
  TwRegisterPage *register_page = TW_REGISTER_PAGE (page (driver, "register"));

  SPIN_UNTIL (tw_register_page_get_profile (register_page) != NULL &&
              !tw_register_page_get_loading (register_page));
}

static void
fill_register_page (Driver *driver)
{
  pick_warehouses (driver, "sgn3");
  pick_warehouses (driver, "hn5");
  fill_hook (driver, "order_editor", "https://shop.example.com/tiki/order");
  fill_hook (driver, "stock_editor", "https://shop.example.com/tiki/stock");
  gtk_editable_set_text (register_child (driver, "partner_row"), "shop-42");
  set_token (driver, DEMO_TOKEN);
}

static void
send_registration (Driver *driver)
{
  TwRegisterPage *register_page = TW_REGISTER_PAGE (page (driver, "register"));

  /* Validation is debounced: the button turns sensitive once it ran. */
  SPIN_UNTIL (gtk_widget_get_sensitive (register_child (driver, "register_button")));
  if (!gtk_widget_activate_action (GTK_WIDGET (register_page), "register.send", NULL))
    g_error ("register.send failed");
  SPIN_UNTIL (!tw_register_page_get_busy (register_page));
}

/* A refused token first, for a failure in the history, then the real
 * registration. */
static void
register_webhooks (Driver *driver)
{
  TwRegisterPage *register_page = TW_REGISTER_PAGE (page (driver, "register"));
  TwApiResult *result;

  set_token (driver, TW_DEMO_EXPIRED_TOKEN);
  send_registration (driver);
  set_token (driver, DEMO_TOKEN);
  send_registration (driver);

  result = tw_register_page_get_last_result (register_page);
  if (result == NULL || !tw_api_result_get_ok (result))
    g_error ("the Demo registration did not succeed");
}

/* The receiver */

static void
receive_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Driver *driver = user_data;
  TwRegistration *registration =
    tw_register_page_get_registration (TW_REGISTER_PAGE (page (driver, "register")));
  const char *secret = tw_hook_get_secret_key (tw_registration_get_hook (registration,
                                                                         TW_HOOK_ORDER));
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *signature = soup_message_headers_get_one (headers, "x-signature");
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (body, &length);
  gboolean ok = signature != NULL && tw_secret_verify (secret, data, length, signature);
  const char *answer = ok ? "{\"received\": true}" : "{\"error\": \"bad signature\"}";

  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                    answer, strlen (answer));
  soup_server_message_set_status (msg, ok ? 200 : 401, NULL);
}

static void
start_receiver (Driver *driver)
{
  g_autoptr(GError) error = NULL;
  guint port = RECEIVER_PORT;

  driver->receiver = soup_server_new ("server-header", "shop-receiver/1.0 ", NULL);
  soup_server_add_handler (driver->receiver, "/tiki", receive_cb, driver, NULL);
  if (!soup_server_listen_local (driver->receiver, port, SOUP_SERVER_LISTEN_IPV4_ONLY, NULL))
    {
      g_autoptr(GSList) uris = NULL;

      if (!soup_server_listen_local (driver->receiver, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
        g_error ("no receiver: %s", error->message);
      uris = soup_server_get_uris (driver->receiver);
      port = (guint) g_uri_get_port (uris->data);
      g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
    }
  driver->receiver_base = g_strdup_printf ("http://localhost:%u", port);
}

/* The Test receiver page */

static void
send_test (Driver     *driver,
           const char *action)
{
  TwTesterPage *tester = TW_TESTER_PAGE (page (driver, "tester"));

  SPIN_UNTIL (gtk_widget_get_sensitive (tw_test_get_child (tester, TW_TYPE_TESTER_PAGE, "send_button")));
  if (!gtk_widget_activate_action (GTK_WIDGET (tester), action, NULL))
    g_error ("%s failed", action);
  SPIN_UNTIL (!tw_tester_page_get_busy (tester));
}

/* The order webhook moves to the receiver under development; a forged
 * delivery is refused, then a signed one accepted. */
static void
test_receiver (Driver *driver)
{
  TwTesterPage *tester = TW_TESTER_PAGE (page (driver, "tester"));
  g_autofree char *url = g_strconcat (driver->receiver_base, "/tiki/order", NULL);
  TwApiResult *result;

  gtk_editable_set_text (editor_child (driver, "order_editor", "url_row"), url);
  show_page (driver, "tester");
  tw_tester_page_set_hook (tester, TW_HOOK_ORDER);
  send_test (driver, "tester.send-forged");
  send_test (driver, "tester.send");

  result = tw_tester_page_get_last_result (tester);
  if (result == NULL || tw_api_result_get_http_status (result) != 200)
    g_error ("the receiver did not accept the signed delivery");
  scroll_to (tw_test_get_child (tester, TW_TYPE_TESTER_PAGE, "result_group"));
}

/* The shots */

static void
shoot_english (Driver *driver)
{
  GtkWidget *window = GTK_WIDGET (driver->window);
  TwHistoryPage *history;
  GtkWindow *preferences;

  fill_register_page (driver);
  SPIN_UNTIL (gtk_widget_get_sensitive (register_child (driver, "register_button")));
  scroll_to (register_child (driver, "webhooks_group"));
  save_png (driver, window, "register.png");

  register_webhooks (driver);
  scroll_to (register_child (driver, "result_group"));
  save_png (driver, window, "register-result.png");

  start_receiver (driver);
  test_receiver (driver);
  save_png (driver, window, "test-receiver.png");

  show_page (driver, "history");
  history = TW_HISTORY_PAGE (page (driver, "history"));
  SPIN_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (tw_history_page_get_model (history))) >= 4);
  save_png (driver, window, "history.png");

  preferences = GTK_WINDOW (tw_preferences_new (GTK_WINDOW (window),
                                                tw_window_get_context (driver->window)));
  gtk_window_set_default_size (preferences, 640, 560);
  gtk_window_present (preferences);
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (preferences)));
  save_png (driver, GTK_WIDGET (preferences), "preferences.png");
  gtk_window_destroy (preferences);

  show_page (driver, "register");
  scroll_to_top (register_child (driver, "account_group"));
  resize (driver, NARROW_WIDTH, NARROW_HEIGHT);
  save_png (driver, window, "narrow.png");
}

static void
shoot_vietnamese (Driver *driver)
{
  fill_register_page (driver);
  SPIN_UNTIL (gtk_widget_get_sensitive (register_child (driver, "register_button")));
  save_png (driver, GTK_WIDGET (driver->window), "register-vi.png");
}

/* GNOME's interface font when it is installed (fonts-cantarell): no
 * settings daemon runs here to choose it. */
static void
use_gnome_font (void)
{
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  g_autofree PangoFontFamily **families = NULL;
  int n_families = 0;

  pango_font_map_list_families (font_map, &families, &n_families);
  for (int i = 0; i < n_families; i++)
    {
      if (g_str_equal (pango_font_family_get_name (families[i]), "Cantarell"))
        {
          g_object_set (gtk_settings_get_default (), "gtk-font-name", "Cantarell 11", NULL);
          return;
        }
    }
  g_printerr ("Cantarell is not installed (fonts-cantarell): the pictures use the default font\n");
}

static void
activated_cb (GApplication *app,
              Driver       *driver)
{
  driver->window = TW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert (TW_IS_WINDOW (driver->window));

  /* The title bar of GNOME (and of Phosh on a phone): a close button. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", ":close", NULL);
  use_gnome_font ();
  SPIN_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (driver->window)));
  resize (driver, WIDE_WIDTH, WIDE_HEIGHT);
  wait_for_profile (driver);

  if (driver->vietnamese)
    shoot_vietnamese (driver);
  else
    shoot_english (driver);

  driver->done = TRUE;
  g_application_quit (app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TwApplication) app = NULL;
  Driver driver = { 0 };
  int status;

  tw_i18n_init ();
  if (argc < 2 || argc > 3 || (argc == 3 && g_strcmp0 (argv[2], "--vietnamese") != 0))
    {
      g_printerr ("Usage: %s OUTPUT-DIR [--vietnamese]\n", argv[0]);
      return 2;
    }
  driver.out_dir = argv[1];
  driver.vietnamese = argc == 3;

  app = tw_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), &driver);
  status = g_application_run (G_APPLICATION (app), 1, argv);

  if (driver.receiver != NULL)
    soup_server_disconnect (driver.receiver);
  g_clear_object (&driver.receiver);
  g_free (driver.receiver_base);
  return status == 0 && driver.done ? 0 : 1;
}
