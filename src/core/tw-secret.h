/* tw-secret.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TW_SECRET_LENGTH 32
/* "sha1=" + 40 hex digits */
#define TW_SIGNATURE_LENGTH 45

/* 32 characters over [A-Za-z0-9] from getrandom(2) with rejection sampling. */
char     *tw_secret_generate     (GError       **error);
/* "sha1=" + lowercase hex of HMAC-SHA1(secret, body). */
char     *tw_secret_sign         (const char    *secret,
                                  const guint8  *body,
                                  gsize          length);
/* Constant-time check of an x-signature header value; tolerates
 * surrounding whitespace and upper-case prefix or hex. A bare 40-hex
 * value without "sha1=" is accepted too. */
gboolean  tw_secret_verify       (const char    *secret,
                                  const guint8  *body,
                                  gsize          length,
                                  const char    *header);
/* Parses an x-signature value into its 20-byte digest. */
gboolean  tw_signature_parse     (const char    *header,
                                  guint8         digest[20]);
/* First 4 characters + "…" + first 8 hex of SHA-256(secret). */
char     *tw_secret_fingerprint  (const char    *secret);
/* Overwrites and frees a secret string. */
void      tw_secret_free         (char          *secret);

/* A string holding a secret: g_autoptr(TwSecretString) wipes it when it
 * goes out of scope. */
typedef char TwSecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TwSecretString, tw_secret_free)

G_END_DECLS
