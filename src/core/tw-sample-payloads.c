/* tw-sample-payloads.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-sample-payloads"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "tw-sample-payloads.h"

/* TNSL stamps its pushes in Vietnam's time zone. */
#define TNSL_UTC_OFFSET (7 * 3600)
#define URL_FIELD "sync_webhook.order.url"

typedef struct
{
  const char *state;
  const char *substate;
} OrderStatus;

static const OrderStatus order_statuses[] = {
  [TW_SAMPLE_ORDER_READY_FOR_PICKUP] = { "processing", "ready_for_pickup" },
  [TW_SAMPLE_ORDER_DELIVERY_FAILED] = { "shipping", "delivery_failed_1" },
  [TW_SAMPLE_ORDER_CANCELED] = { "canceled", "canceled" },
};

/* From the CR status list of the after-sales service; the FD list is not
 * documented, so FD uses a status both share. */
static const char * const cr_statuses[] = {
  "waiting_for_approve", "approved", "pickup_successful", "arrived_at_aftersales",
  "resolution_in_progress", "refunded", "replaced",
};

static char *
random_digits (guint count)
{
  GString *text = g_string_sized_new (count);

  /* No leading zero: codes look like numbers in TNSL's examples. */
  g_string_append_c (text, (char) ('1' + g_random_int_range (0, 9)));
  while (text->len < count)
    g_string_append_c (text, (char) ('0' + g_random_int_range (0, 10)));

  return g_string_free (text, FALSE);
}

static char *
now_in_vietnam (void)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (TNSL_UTC_OFFSET);
  g_autoptr(GDateTime) now = g_date_time_new_now (zone);

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S%:z");
}

static const char *
pick_warehouse (TwRegistration *registration)
{
  const char * const *codes = NULL;
  guint n;

  if (registration != NULL)
    codes = tw_registration_get_warehouses (registration);
  n = codes != NULL ? g_strv_length ((char **) codes) : 0;

  return n > 0 ? codes[g_random_int_range (0, (gint32) n)] : "sgn";
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_digits (JsonBuilder *builder,
            const char  *name,
            const char  *prefix,
            guint        count)
{
  g_autofree char *digits = random_digits (count);
  g_autofree char *value = g_strconcat (prefix, digits, NULL);

  add_string (builder, name, value);
}

static void
add_date (JsonBuilder *builder)
{
  g_autofree char *date = now_in_vietnam ();

  add_string (builder, "date", date);
}

static void
build_stock (JsonBuilder    *builder,
             TwRegistration *registration)
{
  const char *partner_id = registration != NULL
                           ? tw_registration_get_partner_id (registration) : "";

  add_date (builder);
  add_digits (builder, "sku", "", 8);
  add_string (builder, "warehouse", pick_warehouse (registration));
  json_builder_set_member_name (builder, "qty_salable");
  json_builder_add_int_value (builder, g_random_int_range (0, 500));
  add_digits (builder, "seller_product_code", "SP-", 5);
  if (*partner_id != '\0')
    add_string (builder, "partner_id", partner_id);
}

static void
build_order (JsonBuilder     *builder,
             TwSampleVariant  variant)
{
  const OrderStatus *status = &order_statuses[variant];

  add_date (builder);
  add_digits (builder, "ref_code", "SO", 8);
  add_digits (builder, "order_code", "", 9);
  add_string (builder, "main_state", status->state);
  add_string (builder, "main_substate", status->substate);

  if (variant == TW_SAMPLE_ORDER_DELIVERY_FAILED)
    {
      add_string (builder, "reason", "Không liên lạc được người nhận");
      add_string (builder, "reason_code", "can_not_contact");
    }
  else if (variant == TW_SAMPLE_ORDER_CANCELED)
    {
      json_builder_set_member_name (builder, "extra_info");
      json_builder_begin_object (builder);
      add_string (builder, "cancel_reason_code", "202");
      add_string (builder, "cancel_reason", "Đặt trùng");
      json_builder_end_object (builder);
    }
}

static void
build_aftersale (JsonBuilder     *builder,
                 TwSampleVariant  variant)
{
  gboolean cr = variant == TW_SAMPLE_AFTERSALE_CR;

  add_date (builder);
  add_digits (builder, "ref_code", cr ? "CR" : "FD", 11);
  add_digits (builder, "order_code", "", 9);
  add_string (builder, "status",
              cr ? cr_statuses[g_random_int_range (0, G_N_ELEMENTS (cr_statuses))]
                 : "approved");
  add_string (builder, "type", cr ? "cr" : "fd");
}

static void
build_data (JsonBuilder     *builder,
            TwSampleVariant  variant,
            TwRegistration  *registration)
{
  switch (variant)
    {
    case TW_SAMPLE_STOCK:
      build_stock (builder, registration);
      break;
    case TW_SAMPLE_AFTERSALE_CR:
    case TW_SAMPLE_AFTERSALE_FD:
      build_aftersale (builder, variant);
      break;
    case TW_SAMPLE_ORDER_READY_FOR_PICKUP:
    case TW_SAMPLE_ORDER_DELIVERY_FAILED:
    case TW_SAMPLE_ORDER_CANCELED:
    default:
      build_order (builder, variant);
    }
}

/* Which of the registration rules @url breaks, as TNSL would see it. */
static void
check_for_tnsl (const char *url,
                gboolean   *not_https,
                gboolean   *private_host)
{
  g_autoptr(TwRegistration) registration = tw_registration_new ();
  g_autoptr(GPtrArray) problems = NULL;

  tw_hook_set_url (tw_registration_get_hook (registration, TW_HOOK_ORDER), url);
  problems = tw_registration_validate (registration);

  for (guint i = 0; i < problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, URL_FIELD) != 0)
        continue;
      if (g_strcmp0 (problem->code, "url-not-https") == 0)
        *not_https = TRUE;
      else if (g_strcmp0 (problem->code, "url-private-host") == 0)
        *private_host = TRUE;
    }
}

TwHookKind
tw_sample_variant_get_hook (TwSampleVariant variant)
{
  switch (variant)
    {
    case TW_SAMPLE_STOCK:
      return TW_HOOK_STOCK;
    case TW_SAMPLE_AFTERSALE_CR:
    case TW_SAMPLE_AFTERSALE_FD:
      return TW_HOOK_AFTERSALE;
    case TW_SAMPLE_ORDER_READY_FOR_PICKUP:
    case TW_SAMPLE_ORDER_DELIVERY_FAILED:
    case TW_SAMPLE_ORDER_CANCELED:
    default:
      return TW_HOOK_ORDER;
    }
}

const char *
tw_sample_variant_get_title (TwSampleVariant variant)
{
  switch (variant)
    {
    case TW_SAMPLE_ORDER_READY_FOR_PICKUP:
      return _("Order ready for pickup");
    case TW_SAMPLE_ORDER_DELIVERY_FAILED:
      return _("Order delivery failed");
    case TW_SAMPLE_ORDER_CANCELED:
      return _("Order cancelled");
    case TW_SAMPLE_STOCK:
      return _("Stock level");
    case TW_SAMPLE_AFTERSALE_CR:
      return _("Customer return (CR)");
    case TW_SAMPLE_AFTERSALE_FD:
      return _("Failed delivery (FD)");
    default:
      g_return_val_if_reached (NULL);
    }
}

TwSampleVariant
tw_sample_variant_default (TwHookKind kind)
{
  switch (kind)
    {
    case TW_HOOK_STOCK:
      return TW_SAMPLE_STOCK;
    case TW_HOOK_AFTERSALE:
      return TW_SAMPLE_AFTERSALE_CR;
    case TW_HOOK_ORDER:
    default:
      return TW_SAMPLE_ORDER_READY_FOR_PICKUP;
    }
}

/**
 * tw_sample_payload_new_variant:
 * @variant: the kind of delivery
 * @registration: (nullable): where warehouse and partner id come from
 *
 * Returns: (transfer full): the payload, pretty-printed with two spaces
 */
char *
tw_sample_payload_new_variant (TwSampleVariant  variant,
                               TwRegistration  *registration)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail ((guint) variant < TW_N_SAMPLE_VARIANTS, NULL);
  g_return_val_if_fail (registration == NULL || TW_IS_REGISTRATION (registration), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  build_data (builder, variant, registration);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/**
 * tw_sample_payload_new:
 * @kind: the hook
 * @registration: (nullable): where warehouse and partner id come from
 *
 * Returns: (transfer full): the payload of the hook's default variant
 */
char *
tw_sample_payload_new (TwHookKind      kind,
                       TwRegistration *registration)
{
  return tw_sample_payload_new_variant (tw_sample_variant_default (kind), registration);
}

/**
 * tw_sample_payload_url_note:
 * @url: a receiver URL
 *
 * Returns: (transfer full) (nullable): the note, or %NULL
 */
char *
tw_sample_payload_url_note (const char *url)
{
  gboolean not_https = FALSE;
  gboolean private_host = FALSE;

  g_return_val_if_fail (url != NULL, NULL);

  check_for_tnsl (url, &not_https, &private_host);
  if (not_https && g_ascii_strncasecmp (url, "http://", 7) == 0)
    {
      g_autofree char *secure = g_strconcat ("https://", url + 7, NULL);

      check_for_tnsl (secure, &not_https, &private_host);
    }

  if (private_host)
    return g_strdup (_("This address is on your computer or a private network: fine for "
                       "testing a receiver under development, but TikiNOW can only deliver "
                       "to a public https:// address."));
  if (not_https)
    return g_strdup (_("This address uses plain http: fine for a local test, but TikiNOW "
                       "needs a public https:// address to deliver to."));
  return NULL;
}
