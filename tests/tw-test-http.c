/* tw-test-http.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-test-http"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tw-test-http.h"

/* The simulator and other servers */

TwDemoServer *
tw_test_demo_server_new (void)
{
  g_autoptr(TwDemoServer) server = tw_demo_server_new ();
  g_autoptr(GError) error = NULL;

  tw_demo_server_start (server, 0, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&server);
}

void
tw_test_demo_server_serve_https (TwDemoServer    *server,
                                 GTlsCertificate *certificate)
{
  g_autoptr(GError) error = NULL;

  tw_demo_server_stop (server);
  tw_demo_server_set_tls_certificate (server, certificate);
  tw_demo_server_start (server, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (tw_demo_server_get_base_url (server), "https://127.0.0.1:"));
}

char *
tw_test_soup_server_listen (SoupServer              *server,
                            SoupServerListenOptions  options)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  GUri *uri;
  char *url;

  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY | options, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server);
  g_assert_nonnull (uris);
  uri = uris->data;
  url = g_strdup_printf ("%s://127.0.0.1:%d", g_uri_get_scheme (uri), g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

gboolean
tw_test_is_request_id (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

/* HTTPS */

TwTestCertificate *
tw_test_certificate_new (void)
{
  g_autoptr(TwTestCertificate) cert = g_new0 (TwTestCertificate, 1);
  g_autoptr(GError) error = NULL;
  int status = 0;

  cert->dir = g_dir_make_tmp ("tw-test-cert-XXXXXX", &error);
  g_assert_no_error (error);
  cert->key_path = g_build_filename (cert->dir, "key.pem", NULL);
  cert->cert_path = g_build_filename (cert->dir, "cert.pem", NULL);

  {
    const char *argv[] = {
      "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
      "-nodes", "-keyout", cert->key_path, "-out", cert->cert_path, "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", NULL
    };

    if (!g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) ||
        !g_spawn_check_wait_status (status, NULL))
      return NULL;
  }

  cert->certificate = g_tls_certificate_new_from_files (cert->cert_path, cert->key_path, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&cert);
}

void
tw_test_certificate_free (TwTestCertificate *cert)
{
  if (cert == NULL)
    return;

  if (cert->dir != NULL)
    {
      g_remove (cert->key_path);
      g_remove (cert->cert_path);
      g_rmdir (cert->dir);
    }
  g_clear_object (&cert->certificate);
  g_free (cert->key_path);
  g_free (cert->cert_path);
  g_free (cert->dir);
  g_free (cert);
}

gboolean
tw_test_run_https_in_subprocess (void)
{
  if (g_test_subprocess ())
    return TRUE;

#if defined(__SANITIZE_ADDRESS__)
  g_setenv ("LD_PRELOAD", "libasan.so.8 libgnutls.so.30 libp11-kit.so.0", TRUE);
#endif
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
#if defined(__SANITIZE_ADDRESS__)
  g_unsetenv ("LD_PRELOAD");
#endif
  g_test_trap_assert_passed ();
  return FALSE;
}

/* Peers that refuse or misbehave */

static GSocket *
new_loopback_socket (GSocketAddress **bound)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  *bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&socket);
}

guint
tw_test_closed_port (void)
{
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = new_loopback_socket (&bound);
  guint port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  /* Nothing listened on it: once closed, a connection gets RST at once. */
  g_socket_close (socket, NULL);
  return port;
}

struct _TwTestStallingPeer
{
  GSocketService *service;
  GCancellable   *cancellable;
  GPtrArray      *connections;
  char           *head;
  char           *url;
  guint           n_stalled;
};

typedef struct
{
  TwTestStallingPeer *peer;
  GSocketConnection  *connection;
  GString            *received;
  char                buffer[4096];
} PeerRead;

static void
peer_read_free (PeerRead *read)
{
  g_clear_object (&read->connection);
  g_string_free (read->received, TRUE);
  g_free (read);
}

static void
head_written_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TwTestStallingPeer *peer = user_data;

  /* The client may have given up meanwhile: then the write fails. */
  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    peer->n_stalled++;
}

static void
request_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  PeerRead *read = user_data;
  GInputStream *input = G_INPUT_STREAM (source);
  gssize n = g_input_stream_read_finish (input, result, NULL);
  GOutputStream *output;

  if (n <= 0)
    {
      peer_read_free (read);
      return;
    }

  g_string_append_len (read->received, read->buffer, n);
  if (strstr (read->received->str, "\r\n\r\n") == NULL)
    {
      g_input_stream_read_async (input, read->buffer, sizeof read->buffer, G_PRIORITY_DEFAULT,
                                 read->peer->cancellable, request_read_cb, read);
      return;
    }

  /* The head, then silence: the connection stays open in peer->connections. */
  output = g_io_stream_get_output_stream (G_IO_STREAM (read->connection));
  g_output_stream_write_all_async (output, read->peer->head, strlen (read->peer->head),
                                   G_PRIORITY_DEFAULT, read->peer->cancellable, head_written_cb,
                                   read->peer);
  peer_read_free (read);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  TwTestStallingPeer *peer = user_data;
  PeerRead *read = g_new0 (PeerRead, 1);

  g_ptr_array_add (peer->connections, g_object_ref (connection));
  read->peer = peer;
  read->connection = g_object_ref (connection);
  read->received = g_string_new (NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)),
                             read->buffer, sizeof read->buffer, G_PRIORITY_DEFAULT,
                             peer->cancellable, request_read_cb, read);
  return TRUE;
}

TwTestStallingPeer *
tw_test_stalling_peer_new (const char *head)
{
  TwTestStallingPeer *peer = g_new0 (TwTestStallingPeer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  peer->head = g_strdup (head);
  peer->cancellable = g_cancellable_new ();
  peer->connections = g_ptr_array_new_with_free_func (g_object_unref);
  peer->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (peer->service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (peer->service, "incoming", G_CALLBACK (on_incoming), peer);
  g_socket_service_start (peer->service);

  peer->url = g_strdup_printf ("http://127.0.0.1:%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return peer;
}

const char *
tw_test_stalling_peer_get_url (TwTestStallingPeer *peer)
{
  return peer->url;
}

guint
tw_test_stalling_peer_get_n_stalled (TwTestStallingPeer *peer)
{
  return peer->n_stalled;
}

void
tw_test_stalling_peer_free (TwTestStallingPeer *peer)
{
  if (peer == NULL)
    return;

  g_signal_handlers_disconnect_by_data (peer->service, peer);
  g_socket_service_stop (peer->service);
  g_socket_listener_close (G_SOCKET_LISTENER (peer->service));
  /* Pending reads and writes end, cancelled, before the streams close. */
  g_cancellable_cancel (peer->cancellable);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  for (guint i = 0; i < peer->connections->len; i++)
    g_io_stream_close (peer->connections->pdata[i], NULL, NULL);
  g_ptr_array_unref (peer->connections);
  g_clear_object (&peer->cancellable);
  g_clear_object (&peer->service);
  g_free (peer->head);
  g_free (peer->url);
  g_free (peer);
}

/* A resolver that knows ".invalid" names do not exist */

#define TW_TEST_TYPE_RESOLVER (tw_test_resolver_get_type ())
G_DECLARE_FINAL_TYPE (TwTestResolver, tw_test_resolver, TW_TEST, RESOLVER, GResolver)

struct _TwTestResolver
{
  GResolver  parent_instance;
  GResolver *system;
  guint      n_refused;
};

G_DEFINE_FINAL_TYPE (TwTestResolver, tw_test_resolver, G_TYPE_RESOLVER)

static TwTestResolver *installed_resolver;

static gboolean
is_invalid_name (const char *hostname)
{
  g_autofree char *lower = g_ascii_strdown (hostname, -1);

  return g_str_has_suffix (lower, ".invalid") || g_str_has_suffix (lower, ".invalid.");
}

static GError *
not_found (TwTestResolver *self,
           const char     *hostname)
{
  self->n_refused++;
  return g_error_new (G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND,
                      "Error resolving “%s”: Name or service not known", hostname);
}

static GList *
resolver_lookup_by_name_with_flags (GResolver                 *resolver,
                                    const char                *hostname,
                                    GResolverNameLookupFlags   flags,
                                    GCancellable              *cancellable,
                                    GError                   **error)
{
  TwTestResolver *self = TW_TEST_RESOLVER (resolver);

  if (is_invalid_name (hostname))
    {
      g_propagate_error (error, not_found (self, hostname));
      return NULL;
    }
  return g_resolver_lookup_by_name_with_flags (self->system, hostname, flags, cancellable,
                                               error);
}

static GList *
resolver_lookup_by_name (GResolver     *resolver,
                         const char    *hostname,
                         GCancellable  *cancellable,
                         GError       **error)
{
  return resolver_lookup_by_name_with_flags (resolver, hostname,
                                             G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                             cancellable, error);
}

static void
system_lookup_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GList *addresses;

  addresses = g_resolver_lookup_by_name_with_flags_finish (G_RESOLVER (source), result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, addresses, (GDestroyNotify) g_resolver_free_addresses);
}

static void
resolver_lookup_by_name_with_flags_async (GResolver                *resolver,
                                          const char               *hostname,
                                          GResolverNameLookupFlags  flags,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  TwTestResolver *self = TW_TEST_RESOLVER (resolver);
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);

  g_task_set_source_tag (task, resolver_lookup_by_name_with_flags_async);
  if (is_invalid_name (hostname))
    {
      g_task_return_error (task, not_found (self, hostname));
      return;
    }
  g_resolver_lookup_by_name_with_flags_async (self->system, hostname, flags, cancellable,
                                              system_lookup_done_cb, g_steal_pointer (&task));
}

static GList *
resolver_lookup_by_name_with_flags_finish (GResolver     *resolver,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
resolver_lookup_by_name_async (GResolver           *resolver,
                               const char          *hostname,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  resolver_lookup_by_name_with_flags_async (resolver, hostname,
                                            G_RESOLVER_NAME_LOOKUP_FLAGS_DEFAULT,
                                            cancellable, callback, user_data);
}

static void
tw_test_resolver_finalize (GObject *object)
{
  TwTestResolver *self = TW_TEST_RESOLVER (object);

  g_clear_object (&self->system);
  G_OBJECT_CLASS (tw_test_resolver_parent_class)->finalize (object);
}

static void
tw_test_resolver_class_init (TwTestResolverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  object_class->finalize = tw_test_resolver_finalize;
  resolver_class->lookup_by_name = resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = resolver_lookup_by_name_with_flags_finish;
  resolver_class->lookup_by_name_with_flags = resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = resolver_lookup_by_name_with_flags_finish;
}

static void
tw_test_resolver_init (TwTestResolver *self)
{
}

void
tw_test_install_resolver (void)
{
  g_autoptr(TwTestResolver) resolver = NULL;

  if (installed_resolver != NULL)
    return;

  resolver = g_object_new (TW_TEST_TYPE_RESOLVER, NULL);
  resolver->system = g_resolver_get_default ();
  g_resolver_set_default (G_RESOLVER (resolver));
  /* The default resolver holds it for the rest of the process. */
  installed_resolver = resolver;
}

guint
tw_test_resolver_get_n_refused (void)
{
  return installed_resolver != NULL ? installed_resolver->n_refused : 0;
}

/* Outcomes of API calls */

typedef TwApiResult *(*ApiFinish) (TwApiClient *, GAsyncResult *, GError **);

static void
fill_outcome (TwTestOutcome *outcome,
              ApiFinish      finish,
              GObject       *source,
              GAsyncResult  *res)
{
  outcome->result = finish (TW_API_CLIENT (source), res, &outcome->error);
  outcome->done = TRUE;
}

void
tw_test_outcome_registered_cb (GObject      *source,
                               GAsyncResult *res,
                               gpointer      user_data)
{
  fill_outcome (user_data, tw_api_client_register_finish, source, res);
}

void
tw_test_outcome_sent_cb (GObject      *source,
                         GAsyncResult *res,
                         gpointer      user_data)
{
  fill_outcome (user_data, tw_api_client_send_test_finish, source, res);
}

void
tw_test_outcome_granted_cb (GObject      *source,
                            GAsyncResult *res,
                            gpointer      user_data)
{
  fill_outcome (user_data, tw_api_client_token_finish, source, res);
}

void
tw_test_outcome_wait (TwTestOutcome *outcome)
{
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

void
tw_test_outcome_clear (TwTestOutcome *outcome)
{
  g_clear_object (&outcome->result);
  g_clear_error (&outcome->error);
  outcome->done = FALSE;
}

void
tw_test_wait_for (const gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

void
tw_test_keep_result_cb (GObject      *source,
                        GAsyncResult *res,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (res);
}

GAsyncResult *
tw_test_wait_for_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

gboolean
tw_test_try_flush_history (TwHistory  *history,
                           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  tw_history_flush_async (history, NULL, tw_test_keep_result_cb, &result);
  return tw_history_flush_finish (history, tw_test_wait_for_result (&result), error);
}

void
tw_test_flush_history (TwHistory *history)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tw_test_try_flush_history (history, &error));
  g_assert_no_error (error);
}

void
tw_test_count_notify (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  (*(guint *) user_data)++;
}

void
tw_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      tw_test_remove_tree (child);
    }
  g_rmdir (path);
}
