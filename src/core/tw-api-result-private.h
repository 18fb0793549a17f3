/* tw-api-result-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "tw-api-result.h"

G_BEGIN_DECLS

/* Shared by tw-api-result.c and tw-api-client.c, which fills a result in
 * before handing it out; nothing else may write to it. */
struct _TwApiResult
{
  GObject    parent_instance;

  TwApiKind  kind;
  GError    *error;
  guint      http_status;
  gboolean   success;
  char      *message_code;
  char      *message;
  char      *message_en;
  char      *request_id;
  gint64     duration_ms;
  guint      attempts;
  char      *request_method;
  char      *request_url;
  char      *request_headers;
  char      *request_body;
  char      *response_headers;
  GBytes    *response_body;
  char      *response_text;

  /* Test deliveries only. */
  TwTestVerdict         verdict;
  gboolean              forged;
  GTlsCertificateFlags  tls_errors;
  char                 *tls_problem;
  gboolean              response_truncated;
};

TwApiResult *tw_api_result_new (TwApiKind kind);

G_END_DECLS
