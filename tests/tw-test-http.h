/* tw-test-http.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tw-api-client.h"
#include "tw-demo-server.h"
#include "tw-history.h"

G_BEGIN_DECLS

/* Helpers of the tests that talk HTTP over loopback: the simulator, HTTPS
 * with a certificate made for the run, peers that misbehave. */

/* The simulator, started on 127.0.0.1 with any free port. */
TwDemoServer *tw_test_demo_server_new        (void);
/* Restarts @server over HTTPS with @certificate on a new port. */
void          tw_test_demo_server_serve_https (TwDemoServer    *server,
                                               GTlsCertificate *certificate);
/* Listens on 127.0.0.1, any port, and returns "http[s]://127.0.0.1:PORT". */
char         *tw_test_soup_server_listen     (SoupServer              *server,
                                              SoupServerListenOptions  options);

/* 32 lowercase hexadecimal digits, as the simulator's request ids. */
gboolean      tw_test_is_request_id          (const char *text);

/* A self-signed certificate for 127.0.0.1 made with openssl in a
 * temporary folder, removed again by tw_test_certificate_free(). */
typedef struct
{
  char            *dir;
  char            *cert_path;
  char            *key_path;
  GTlsCertificate *certificate;
} TwTestCertificate;

/* (nullable): NULL when openssl cannot make one. */
TwTestCertificate *tw_test_certificate_new   (void);
void               tw_test_certificate_free  (TwTestCertificate *cert);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwTestCertificate, tw_test_certificate_free)

/* TLS loads gnutls, which LeakSanitizer cannot unload at exit (see
 * ci-notes): a test that uses HTTPS runs itself again in a subprocess that
 * preloads it. TRUE in that subprocess (do the test), FALSE in the parent
 * (the subprocess passed; return). */
gboolean      tw_test_run_https_in_subprocess (void);

/* A loopback port that refuses connections: bound, then closed again. */
guint         tw_test_closed_port            (void);

/* Makes every name ending in ".invalid" fail at once with
 * G_RESOLVER_ERROR_NOT_FOUND, as RFC 6761 §6.4 asks of resolvers, without
 * asking any name server; other names go to the system resolver. A machine
 * without network may otherwise wait for an unreachable name server. */
void          tw_test_install_resolver       (void);
/* How many ".invalid" names were looked up since the install. */
guint         tw_test_resolver_get_n_refused (void);

/* A peer on 127.0.0.1 that reads a request, sends @head (a status line and
 * headers announcing a body) and then nothing, keeping the connection open
 * until freed. */
typedef struct _TwTestStallingPeer TwTestStallingPeer;

TwTestStallingPeer *tw_test_stalling_peer_new       (const char         *head);
/* "http://127.0.0.1:PORT" */
const char         *tw_test_stalling_peer_get_url   (TwTestStallingPeer *peer);
/* How many requests got the head so far. */
guint               tw_test_stalling_peer_get_n_stalled (TwTestStallingPeer *peer);
void                tw_test_stalling_peer_free      (TwTestStallingPeer *peer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwTestStallingPeer, tw_test_stalling_peer_free)

/* The end of one API call: a result, or an error without one. */
typedef struct
{
  TwApiResult *result;
  GError      *error;
  gboolean     done;
} TwTestOutcome;

/* Ready-callbacks filling a TwTestOutcome (the user data). */
void          tw_test_outcome_registered_cb  (GObject       *source,
                                              GAsyncResult  *res,
                                              gpointer       user_data);
void          tw_test_outcome_sent_cb        (GObject       *source,
                                              GAsyncResult  *res,
                                              gpointer       user_data);
void          tw_test_outcome_granted_cb     (GObject       *source,
                                              GAsyncResult  *res,
                                              gpointer       user_data);
/* Iterates the default main context until @outcome is done. */
void          tw_test_outcome_wait           (TwTestOutcome *outcome);
void          tw_test_outcome_clear          (TwTestOutcome *outcome);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TwTestOutcome, tw_test_outcome_clear)

/* Iterates the default main context until *@done is TRUE: for the
 * ready-callbacks of other calls than those of a TwTestOutcome. */
void          tw_test_wait_for               (const gboolean *done);

/* A ready-callback keeping a reference to the result in the GAsyncResult
 * pointer at @user_data, to be finished after tw_test_wait_for_result(). */
void          tw_test_keep_result_cb         (GObject       *source,
                                              GAsyncResult  *res,
                                              gpointer       user_data);
/* Iterates the default main context until *@slot is set and returns it
 * (still owned by *@slot). */
GAsyncResult *tw_test_wait_for_result        (GAsyncResult **slot);

/* Flush @history and wait for it. The first returns what
 * tw_history_flush_finish() does; the second fails the test on an error. */
gboolean      tw_test_try_flush_history      (TwHistory     *history,
                                              GError       **error);
void          tw_test_flush_history          (TwHistory     *history);

/* A "notify" handler counting in the guint at @user_data: tests count
 * notifications (only real changes are told). */
void          tw_test_count_notify           (GObject    *object,
                                              GParamSpec *pspec,
                                              gpointer    user_data);

/* Removes @path and, for a folder, all it holds, making folders writable
 * first (tests make some read-only); symbolic links are removed, never
 * followed. */
void          tw_test_remove_tree            (const char *path);

G_END_DECLS
