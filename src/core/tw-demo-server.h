/* tw-demo-server.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tw-registration.h"

G_BEGIN_DECLS

/* The only client the simulator's token endpoint knows. */
#define TW_DEMO_CLIENT_ID "demo"
#define TW_DEMO_CLIENT_SECRET "demo-secret"
/* The client whose seller refuses access at the authorize endpoint. */
#define TW_DEMO_DENY_CLIENT_ID "deny"
/* The bearer token the simulator always refuses with 401 INVALID_TOKEN. */
#define TW_DEMO_EXPIRED_TOKEN "expired"
/* The warehouse code the simulator refuses with 400 INVALID_WAREHOUSE. */
#define TW_DEMO_UNKNOWN_WAREHOUSE "zzz"

/**
 * TwDemoFault:
 * @TW_DEMO_FAULT_NONE: answer normally
 * @TW_DEMO_FAULT_SERVER_ERROR: 500 with an HTML body
 * @TW_DEMO_FAULT_UNAVAILABLE: 503 with `Retry-After` (see "retry-after")
 * @TW_DEMO_FAULT_RATE_LIMITED: 429 with `Retry-After`
 * @TW_DEMO_FAULT_GARBLED: 200 with a body that is not JSON
 * @TW_DEMO_FAULT_OVERSIZED: 200 with a JSON body of more than 1 MiB
 * @TW_DEMO_FAULT_NO_RESPONSE: the response never comes (the message stays
 *   paused until the client gives up or the server stops)
 * @TW_DEMO_FAULT_SLOW: the normal answer, after "delay-ms"
 * @TW_DEMO_FAULT_CLOSE_MID_RESPONSE: headers announce a Content-Length,
 *   fewer bytes follow, then the connection is closed
 * @TW_DEMO_FAULT_ERRORS_ENVELOPE: 400 in the second envelope
 *   (`errors[{code,message,message_en}]` + `metadata`)
 * @TW_DEMO_FAULT_INVALID_TOKEN: 401 INVALID_TOKEN whatever the token
 * @TW_DEMO_FAULT_CLOSE_AFTER_STATUS_LINE: the status line of a 200, then the
 *   connection is closed
 * @TW_DEMO_FAULT_CLOSE_AFTER_HEADERS: the head of a 200 announcing a
 *   Content-Length, then the connection is closed before any of the body
 * @TW_DEMO_FAULT_CLOSE_MID_CHUNK: a chunked 200 whose first chunk is cut
 *   short by closing the connection
 * @TW_DEMO_FAULT_SHORT_BODY: a 200 with `Connection: close` and a
 *   Content-Length, then fewer bytes and the end of the connection
 *
 * Faults apply to register-webhooks requests only, never to the token
 * endpoint.
 */
typedef enum
{
  TW_DEMO_FAULT_NONE,
  TW_DEMO_FAULT_SERVER_ERROR,
  TW_DEMO_FAULT_UNAVAILABLE,
  TW_DEMO_FAULT_RATE_LIMITED,
  TW_DEMO_FAULT_GARBLED,
  TW_DEMO_FAULT_OVERSIZED,
  TW_DEMO_FAULT_NO_RESPONSE,
  TW_DEMO_FAULT_SLOW,
  TW_DEMO_FAULT_CLOSE_MID_RESPONSE,
  TW_DEMO_FAULT_ERRORS_ENVELOPE,
  TW_DEMO_FAULT_INVALID_TOKEN,
  TW_DEMO_FAULT_CLOSE_AFTER_STATUS_LINE,
  TW_DEMO_FAULT_CLOSE_AFTER_HEADERS,
  TW_DEMO_FAULT_CLOSE_MID_CHUNK,
  TW_DEMO_FAULT_SHORT_BODY,
} TwDemoFault;

/**
 * TwDemoAuthMethods:
 * @TW_DEMO_AUTH_ANY: the token endpoint accepts HTTP Basic and form
 *   credentials
 * @TW_DEMO_AUTH_BASIC_ONLY: only `client_secret_basic`; form credentials get
 *   401 `invalid_client`
 * @TW_DEMO_AUTH_POST_ONLY: only `client_secret_post`; Basic gets 401
 *   `invalid_client`
 */
typedef enum
{
  TW_DEMO_AUTH_ANY,
  TW_DEMO_AUTH_BASIC_ONLY,
  TW_DEMO_AUTH_POST_ONLY,
} TwDemoAuthMethods;

#define TW_TYPE_DEMO_AUTH_METHODS (tw_demo_auth_methods_get_type ())
GType tw_demo_auth_methods_get_type (void) G_GNUC_CONST;

/**
 * TwDemoRequest:
 * @method: the request method
 * @path: the request path
 * @query: the query string, or NULL
 * @headers: the request headers (a reference)
 * @body: the request body
 *
 * A request the simulator received, in arrival order.
 */
typedef struct
{
  char               *method;
  char               *path;
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
} TwDemoRequest;

#define TW_TYPE_DEMO_SERVER (tw_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (TwDemoServer, tw_demo_server, TW, DEMO_SERVER, GObject)

/* Properties (read-write, notify only on change): "flavour" (TwApiFlavour:
 * which validation rules apply), "auth-methods" (TwDemoAuthMethods),
 * "retry-after" (guint seconds sent with 429/503, default 1), "delay-ms"
 * (guint, for TW_DEMO_FAULT_SLOW, default 2000), "tls-certificate"
 * (GTlsCertificate or NULL: set before start to serve HTTPS); read-only
 * "base-url" (NULL until started).
 *
 * The simulator answers on the main context of the thread that started it:
 *   POST /business/v1/register-webhooks (TNSL's answers, see DESIGN §5)
 *   POST /sc/oauth2/token (for TW_DEMO_CLIENT_ID: the client-credentials
 *     grant; the authorization-code grant, checking the redirect_uri, the
 *     PKCE verifier when a challenge was sent and that a code is used once;
 *     the refresh-token grant, where every refresh token works once and the
 *     answer carries a new one)
 *   GET /sc/oauth2/auth (a consent at once: redirects to redirect_uri with
 *     code, scope and the same state; with error=access_denied for
 *     TW_DEMO_DENY_CLIENT_ID; a refresh token is issued with the code when
 *     the scope has "offline") */

TwDemoServer        *tw_demo_server_new             (void);
/* Listens on 127.0.0.1:@port (0: any free port). */
gboolean             tw_demo_server_start           (TwDemoServer   *self,
                                                     guint           port,
                                                     GError        **error);
/* Stops listening and drops every connection (paused messages included). */
void                 tw_demo_server_stop            (TwDemoServer   *self);
/* "http://127.0.0.1:PORT" or "https://…", without a trailing slash; both
 * the API base and the auth base. NULL until started. */
const char          *tw_demo_server_get_base_url    (TwDemoServer   *self);
guint                tw_demo_server_get_port        (TwDemoServer   *self);

TwApiFlavour         tw_demo_server_get_flavour     (TwDemoServer   *self);
void                 tw_demo_server_set_flavour     (TwDemoServer   *self,
                                                     TwApiFlavour    flavour);
TwDemoAuthMethods    tw_demo_server_get_auth_methods (TwDemoServer  *self);
void                 tw_demo_server_set_auth_methods (TwDemoServer  *self,
                                                      TwDemoAuthMethods methods);
guint                tw_demo_server_get_retry_after (TwDemoServer   *self);
void                 tw_demo_server_set_retry_after (TwDemoServer   *self,
                                                     guint           seconds);
guint                tw_demo_server_get_delay_ms    (TwDemoServer   *self);
void                 tw_demo_server_set_delay_ms    (TwDemoServer   *self,
                                                     guint           delay_ms);
GTlsCertificate     *tw_demo_server_get_tls_certificate (TwDemoServer    *self);
void                 tw_demo_server_set_tls_certificate (TwDemoServer    *self,
                                                         GTlsCertificate *certificate);

/* The next @count register-webhooks requests get @fault (replacing any
 * pending fault); TW_DEMO_FAULT_NONE clears it. */
void                 tw_demo_server_set_fault       (TwDemoServer   *self,
                                                     TwDemoFault     fault,
                                                     guint           count);

/* The requests received so far, every path included. */
guint                tw_demo_server_get_n_requests  (TwDemoServer   *self);
const TwDemoRequest *tw_demo_server_get_request     (TwDemoServer   *self,
                                                     guint           position);
/* How many requests had this path. */
guint                tw_demo_server_count_requests  (TwDemoServer   *self,
                                                     const char     *path);
void                 tw_demo_server_clear_requests  (TwDemoServer   *self);

G_END_DECLS
