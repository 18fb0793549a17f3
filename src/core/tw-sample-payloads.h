/* tw-sample-payloads.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

#include "tw-hook.h"
#include "tw-registration.h"

G_BEGIN_DECLS

/**
 * TwSampleVariant:
 * @TW_SAMPLE_ORDER_READY_FOR_PICKUP: order `processing` / `ready_for_pickup`
 * @TW_SAMPLE_ORDER_DELIVERY_FAILED: order `shipping` / `delivery_failed_1`,
 *   with `reason` and `reason_code`
 * @TW_SAMPLE_ORDER_CANCELED: order `canceled`, with
 *   `extra_info.cancel_reason_code` and `extra_info.cancel_reason`
 * @TW_SAMPLE_STOCK: a stock level of one SKU in one warehouse
 * @TW_SAMPLE_AFTERSALE_CR: a customer return (`type` `cr`, `ref_code` CR…)
 * @TW_SAMPLE_AFTERSALE_FD: a failed delivery (`type` `fd`, `ref_code` FD…)
 *
 * The sample deliveries the tester offers, in TNSL's documented shapes.
 */
typedef enum
{
  TW_SAMPLE_ORDER_READY_FOR_PICKUP,
  TW_SAMPLE_ORDER_DELIVERY_FAILED,
  TW_SAMPLE_ORDER_CANCELED,
  TW_SAMPLE_STOCK,
  TW_SAMPLE_AFTERSALE_CR,
  TW_SAMPLE_AFTERSALE_FD,
} TwSampleVariant;

#define TW_N_SAMPLE_VARIANTS 6

/* The hook a variant's payload is delivered to. */
TwHookKind       tw_sample_variant_get_hook      (TwSampleVariant  variant);
/* Translated short name for a chooser, e.g. "Order delivery failed". */
const char      *tw_sample_variant_get_title     (TwSampleVariant  variant);
/* The variant tw_sample_payload_new() uses for @kind. */
TwSampleVariant  tw_sample_variant_default       (TwHookKind       kind);

/* A realistic delivery, pretty-printed JSON `{"data": {…}}`: the current
 * time at +07:00, random SKU, order and CR/FD codes, one of the
 * registration's warehouses (sgn when it has none) and, for stock, its
 * partner id as `partner_id` (left out when empty). @registration may be
 * NULL. */
char            *tw_sample_payload_new           (TwHookKind       kind,
                                                  TwRegistration  *registration);
char            *tw_sample_payload_new_variant   (TwSampleVariant  variant,
                                                  TwRegistration  *registration);

/* A translated note when @url is fine for a local test but not for TNSL
 * (plain http, or a loopback/private host TNSL cannot reach); NULL when it
 * has no such problem or is not a URL at all. */
char            *tw_sample_payload_url_note      (const char      *url);

G_END_DECLS
