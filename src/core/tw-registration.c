/* tw-registration.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-registration"

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <string.h>

#include "tw-enums.h"
#include "tw-error.h"
#include "tw-registration.h"
#include "tw-secret.h"
#include "tw-warehouses.h"

#define MAX_URL_CHARS 2048
#define MAX_PARTNER_ID_CHARS 64
#define MIN_CODE_LENGTH 2
#define MAX_CODE_LENGTH 16
/* Keys and values quoted in messages are cut to this many characters. */
#define MAX_QUOTED_CHARS 40
/* The key printed in every version of the TNSL documentation. */
#define DOCUMENTED_EXAMPLE_SECRET "sjYKaAFXDaS4qxeykux4WL1qMI0gzAc0"

struct _TwRegistration
{
  GObject       parent_instance;

  TwApiFlavour  flavour;
  GStrv         warehouses;
  char         *partner_id;
  TwHook       *hooks[TW_N_HOOKS];
};

G_DEFINE_FINAL_TYPE (TwRegistration, tw_registration, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (TwProblem, tw_problem, tw_problem_copy, tw_problem_free)

enum {
  PROP_0,
  PROP_FLAVOUR,
  PROP_WAREHOUSES,
  PROP_PARTNER_ID,
  PROP_ORDER,
  PROP_STOCK,
  PROP_AFTERSALE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
kind_is_valid (TwHookKind kind)
{
  return (guint) kind < TW_N_HOOKS;
}

/* Lowercases every code and keeps only the first of equal codes, so that
 * the model never holds two spellings of one warehouse. */
static GStrv
normalize_codes (const char * const *codes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      char *code = g_ascii_strdown (codes[i], -1);

      if (g_hash_table_add (seen, code))
        g_strv_builder_add (builder, code);
    }

  return g_strv_builder_end (builder);
}

/* Quotes user text in a message: valid UTF-8, short enough to read. */
static char *
quote_text (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_autofree char *start = NULL;

  if (g_utf8_strlen (valid, -1) <= MAX_QUOTED_CHARS)
    return g_steal_pointer (&valid);

  start = g_utf8_substring (valid, 0, MAX_QUOTED_CHARS);
  return g_strconcat (start, "…", NULL);
}

/* ------------------------------------------------------------------ */
/* Writing the request body                                            */
/* ------------------------------------------------------------------ */

#define WRITER_MAX_DEPTH 4

typedef struct
{
  GString  *out;
  gboolean  pretty;
  guint     depth;
  gboolean  has_items[WRITER_MAX_DEPTH + 1];
} Writer;

static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *repaired = NULL;
  const char *run = text;
  const char *p;

  /* A C caller may have stored invalid UTF-8: never let it make the
   * body invalid JSON. */
  if (!g_utf8_validate (text, -1, NULL))
    run = text = repaired = g_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      /* Runs of characters that need no escape are copied at once. */
      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;
      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default: g_string_append_printf (out, "\\u%04x", c);
        }
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
writer_newline (Writer *w)
{
  if (!w->pretty)
    return;

  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

static void
writer_next_item (Writer *w)
{
  if (w->has_items[w->depth])
    g_string_append_c (w->out, ',');
  w->has_items[w->depth] = TRUE;
  writer_newline (w);
}

static void
writer_open (Writer *w,
             char    bracket)
{
  g_assert (w->depth < WRITER_MAX_DEPTH);

  g_string_append_c (w->out, bracket);
  w->depth++;
  w->has_items[w->depth] = FALSE;
}

static void
writer_close (Writer *w,
              char    bracket)
{
  gboolean had_items = w->has_items[w->depth];

  g_assert (w->depth > 0);

  w->depth--;
  if (had_items)
    writer_newline (w);
  g_string_append_c (w->out, bracket);
}

static void
writer_key (Writer     *w,
            const char *key)
{
  writer_next_item (w);
  append_json_string (w->out, key);
  g_string_append (w->out, w->pretty ? ": " : ":");
}

static void
writer_string_member (Writer     *w,
                      const char *key,
                      const char *value)
{
  writer_key (w, key);
  append_json_string (w->out, value);
}

static void
write_warehouses (TwRegistration *self,
                  Writer         *w)
{
  writer_key (w, "sync_inventory_location");
  writer_open (w, '[');
  for (guint i = 0; self->warehouses[i] != NULL; i++)
    {
      writer_next_item (w);
      append_json_string (w->out, self->warehouses[i]);
    }
  writer_close (w, ']');
}

static void
write_hook (TwHook      *hook,
            Writer      *w,
            TwJsonFlags  flags)
{
  const char *secret = tw_hook_get_secret_key (hook);
  g_autofree char *fingerprint = NULL;

  if ((flags & TW_JSON_MASK_SECRETS) != 0 && *secret != '\0')
    secret = fingerprint = tw_secret_fingerprint (secret);

  writer_key (w, tw_hook_kind_to_string (tw_hook_get_kind (hook)));
  writer_open (w, '{');
  writer_string_member (w, "url", tw_hook_get_url (hook));
  writer_string_member (w, "secret_key", secret);
  writer_close (w, '}');
}

static void
write_hooks (TwRegistration *self,
             Writer         *w,
             TwJsonFlags     flags)
{
  writer_key (w, "sync_webhook");
  writer_open (w, '{');
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      if (tw_hook_get_enabled (self->hooks[i]))
        write_hook (self->hooks[i], w, flags);
    }
  writer_close (w, '}');
}

/* ------------------------------------------------------------------ */
/* Reading a registration                                              */
/* ------------------------------------------------------------------ */

/* A strict reader of exactly the request shape. json-glib would keep the
 * last of two equal keys without telling, so the reader is our own; as it
 * only descends into known fields, its depth is bounded by the shape. */
typedef struct
{
  const char *start;
  const char *pos;
  const char *end;
  GString    *path;
  GError     *error;
} Reader;

typedef gboolean (*ReadMemberFunc) (Reader   *r,
                                    guint     index,
                                    gpointer  data);

static const char * const top_keys[] = {
  "sync_inventory_location", "sync_webhook", "external_partner_id", NULL
};
/* In TwHookKind order. */
static const char * const hook_keys[] = { "order", "stock", "aftersale", NULL };
static const char * const field_keys[] = { "url", "secret_key", NULL };

enum { TOP_WAREHOUSES, TOP_WEBHOOKS, TOP_PARTNER_ID };
enum { FIELD_URL, FIELD_SECRET_KEY };

/* Line and column (in characters) of the reader's position, for people
 * looking at the file in an editor. */
static void
reader_locate (Reader *r,
               guint  *line,
               guint  *column)
{
  *line = 1;
  *column = 1;
  for (const char *p = r->start; p < r->pos && p < r->end; p++)
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        {
          (*column)++;
        }
    }
}

static gboolean
reader_fail (Reader     *r,
             const char *problem)
{
  guint line, column;

  if (r->error != NULL)
    return FALSE;

  reader_locate (r, &line, &column);
  if (r->path->len > 0)
    g_set_error (&r->error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                 /* Translators: the first %s is a field path such as
                  * “sync_webhook.stock.url”; then a line and a column number;
                  * the last %s is a sentence describing the problem */
                 _("Invalid registration at “%s” (line %u, column %u): %s"),
                 r->path->str, line, column, problem);
  else
    g_set_error (&r->error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                 /* Translators: a line and a column number, then a sentence
                  * describing the problem */
                 _("Invalid registration (line %u, column %u): %s"),
                 line, column, problem);
  return FALSE;
}

static gboolean
reader_at_end (Reader *r)
{
  return r->pos >= r->end;
}

static gboolean
reader_fail_truncated (Reader *r)
{
  return reader_fail (r, _("The data ends too early; the file may be truncated."));
}

static gboolean
is_valid_utf8_char (const char *p,
                    const char *end)
{
  return g_utf8_get_char_validated (p, MIN (end - p, 6)) < (gunichar) -2;
}

/* Reports what is wrong at the current position: a specific problem for
 * the end of data, a NUL byte or invalid UTF-8, @expected otherwise. */
static gboolean
reader_fail_unexpected (Reader     *r,
                        const char *expected)
{
  if (reader_at_end (r))
    return reader_fail_truncated (r);
  if (*r->pos == '\0')
    return reader_fail (r, _("The data contains a NUL character."));
  if ((guchar) *r->pos >= 0x80 && !is_valid_utf8_char (r->pos, r->end))
    return reader_fail (r, _("The data is not valid UTF-8 text."));

  return reader_fail (r, expected);
}

static void
reader_skip_space (Reader *r)
{
  while (!reader_at_end (r) &&
         (*r->pos == ' ' || *r->pos == '\t' || *r->pos == '\n' || *r->pos == '\r'))
    r->pos++;
}

static gboolean
reader_peek (Reader *r,
             char    c)
{
  reader_skip_space (r);
  return !reader_at_end (r) && *r->pos == c;
}

static gboolean
reader_accept (Reader *r,
               char    c)
{
  if (!reader_peek (r, c))
    return FALSE;

  r->pos++;
  return TRUE;
}

static void
reader_push_key (Reader     *r,
                 const char *key)
{
  g_autofree char *shown = quote_text (key);

  if (r->path->len > 0)
    g_string_append_c (r->path, '.');
  g_string_append (r->path, shown);
}

static gboolean
read_hex4 (Reader   *r,
           gunichar *value)
{
  *value = 0;
  for (guint i = 0; i < 4; i++)
    {
      if (reader_at_end (r))
        return reader_fail_truncated (r);
      if (!g_ascii_isxdigit (*r->pos))
        return reader_fail (r, _("Invalid “\\u” escape sequence in a string."));
      *value = *value * 16 + g_ascii_xdigit_value (*r->pos);
      r->pos++;
    }

  return TRUE;
}

/* After a high surrogate, JSON needs "\u" and a low surrogate. */
static gboolean
read_low_surrogate (Reader   *r,
                    gunichar *value)
{
  const char *problem = _("Invalid UTF-16 surrogate in a “\\u” escape sequence.");

  for (const char *expected = "\\u"; *expected != '\0'; expected++)
    {
      if (reader_at_end (r))
        return reader_fail_truncated (r);
      if (*r->pos != *expected)
        return reader_fail (r, problem);
      r->pos++;
    }

  if (!read_hex4 (r, value))
    return FALSE;
  if (*value < 0xDC00 || *value > 0xDFFF)
    return reader_fail (r, problem);

  return TRUE;
}

static gboolean
read_unicode_escape (Reader  *r,
                     GString *out)
{
  gunichar value, low;

  if (!read_hex4 (r, &value))
    return FALSE;

  if (value >= 0xDC00 && value <= 0xDFFF)
    return reader_fail (r, _("Invalid UTF-16 surrogate in a “\\u” escape sequence."));

  if (value >= 0xD800 && value <= 0xDBFF)
    {
      if (!read_low_surrogate (r, &low))
        return FALSE;
      value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00);
    }

  if (value == 0)
    return reader_fail (r, _("The data contains a NUL character."));

  g_string_append_unichar (out, value);
  return TRUE;
}

static gboolean
read_escape (Reader  *r,
             GString *out)
{
  static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
  char c;

  r->pos++;
  if (reader_at_end (r))
    return reader_fail_truncated (r);

  c = *r->pos;
  if (c == 'u')
    {
      r->pos++;
      return read_unicode_escape (r, out);
    }

  for (guint i = 0; escapes[i] != '\0'; i += 2)
    {
      if (escapes[i] == c)
        {
          g_string_append_c (out, escapes[i + 1]);
          r->pos++;
          return TRUE;
        }
    }

  return reader_fail_unexpected (r, _("Invalid escape sequence in a string."));
}

static gboolean
read_utf8_char (Reader  *r,
                GString *out)
{
  gunichar c;
  int length;

  if (!is_valid_utf8_char (r->pos, r->end))
    return reader_fail (r, _("The data is not valid UTF-8 text."));

  c = g_utf8_get_char (r->pos);
  length = g_unichar_to_utf8 (c, NULL);
  g_string_append_len (out, r->pos, length);
  r->pos += length;

  return TRUE;
}

/* Reads a string whose opening quote is at the current position. */
static gboolean
read_string (Reader  *r,
             GString *out)
{
  g_assert (*r->pos == '"');

  r->pos++;
  while (!reader_at_end (r))
    {
      guchar c = (guchar) *r->pos;

      if (c == '"')
        {
          r->pos++;
          return TRUE;
        }

      if (c == '\\')
        {
          if (!read_escape (r, out))
            return FALSE;
        }
      else if (c >= 0x80)
        {
          if (!read_utf8_char (r, out))
            return FALSE;
        }
      else if (c == '\0')
        {
          return reader_fail (r, _("The data contains a NUL character."));
        }
      else if (c < 0x20)
        {
          return reader_fail (r, _("A control character must be written as an escape sequence."));
        }
      else
        {
          g_string_append_c (out, (char) c);
          r->pos++;
        }
    }

  return reader_fail_truncated (r);
}

static gboolean
read_string_value (Reader  *r,
                   GString *out)
{
  if (!reader_peek (r, '"'))
    return reader_fail_unexpected (r, _("Expected a text string in double quotes."));

  return read_string (r, out);
}

static int
find_key (const char * const *keys,
          const char         *key)
{
  for (int i = 0; keys[i] != NULL; i++)
    {
      if (strcmp (keys[i], key) == 0)
        return i;
    }

  return -1;
}

/* Reads one "key": value pair of an object; only @keys are allowed, each
 * at most once (tracked in @seen). */
static gboolean
read_member (Reader             *r,
             const char * const *keys,
             guint              *seen,
             ReadMemberFunc      func,
             gpointer            data)
{
  g_autoptr(GString) key = g_string_new (NULL);
  gsize path_length = r->path->len;
  int index;

  if (!reader_peek (r, '"'))
    return reader_fail_unexpected (r, _("Expected a field name in double quotes."));
  if (!read_string (r, key))
    return FALSE;

  reader_push_key (r, key->str);
  index = find_key (keys, key->str);
  if (index < 0)
    return reader_fail (r, _("This field is not part of a registration."));
  if ((*seen & (1u << index)) != 0)
    return reader_fail (r, _("This field appears more than once."));
  *seen |= 1u << index;

  if (!reader_accept (r, ':'))
    return reader_fail_unexpected (r, _("Expected “:” after the field name."));
  reader_skip_space (r);
  if (!func (r, (guint) index, data))
    return FALSE;

  g_string_truncate (r->path, path_length);
  return TRUE;
}

static gboolean
read_object (Reader             *r,
             const char * const *keys,
             ReadMemberFunc      func,
             gpointer            data)
{
  guint seen = 0;

  if (!reader_accept (r, '{'))
    return reader_fail_unexpected (r, _("Expected an object in braces."));
  if (reader_accept (r, '}'))
    return TRUE;

  for (;;)
    {
      if (!read_member (r, keys, &seen, func, data))
        return FALSE;
      if (reader_accept (r, '}'))
        return TRUE;
      if (!reader_accept (r, ','))
        return reader_fail_unexpected (r, _("Expected “,” or “}”."));
    }
}

static gboolean
read_codes (Reader    *r,
            GPtrArray *codes)
{
  gsize path_length = r->path->len;

  if (!reader_accept (r, '['))
    return reader_fail_unexpected (r, _("Expected a list of warehouse codes in brackets."));
  if (reader_accept (r, ']'))
    return TRUE;

  for (;;)
    {
      g_autoptr(GString) code = g_string_new (NULL);

      g_string_append_printf (r->path, "[%u]", codes->len);
      if (!read_string_value (r, code))
        return FALSE;
      g_string_truncate (r->path, path_length);
      g_ptr_array_add (codes, g_string_free (g_steal_pointer (&code), FALSE));

      if (reader_accept (r, ']'))
        return TRUE;
      if (!reader_accept (r, ','))
        return reader_fail_unexpected (r, _("Expected “,” or “]”."));
    }
}

static gboolean
read_hook_field (Reader   *r,
                 guint     index,
                 gpointer  data)
{
  TwHook *hook = data;
  g_autoptr(GString) value = g_string_new (NULL);
  char *text;

  if (!read_string_value (r, value))
    return FALSE;

  text = g_string_free (g_steal_pointer (&value), FALSE);
  if (index == FIELD_URL)
    {
      tw_hook_set_url (hook, text);
      g_free (text);
    }
  else
    {
      tw_hook_set_secret_key (hook, text);
      tw_secret_free (text);
    }

  return TRUE;
}

static gboolean
read_hook (Reader   *r,
           guint     index,
           gpointer  data)
{
  TwRegistration *self = data;
  TwHook *hook = self->hooks[index];

  /* A hook written in the file is a hook the user wants. */
  tw_hook_set_enabled (hook, TRUE);
  return read_object (r, field_keys, read_hook_field, hook);
}

static gboolean
read_top_member (Reader   *r,
                 guint     index,
                 gpointer  data)
{
  TwRegistration *self = data;

  if (index == TOP_WEBHOOKS)
    return read_object (r, hook_keys, read_hook, self);

  if (index == TOP_WAREHOUSES)
    {
      g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

      if (!read_codes (r, codes))
        return FALSE;
      g_ptr_array_add (codes, NULL);
      tw_registration_set_warehouses (self, (const char * const *) codes->pdata);
    }
  else
    {
      g_autoptr(GString) partner_id = g_string_new (NULL);

      if (!read_string_value (r, partner_id))
        return FALSE;
      tw_registration_set_partner_id (self, partner_id->str);
    }

  return TRUE;
}

static gboolean
read_document (Reader         *r,
               TwRegistration *self)
{
  static const char bom[] = "\xEF\xBB\xBF";

  /* Some Windows editors start UTF-8 files with a byte-order mark. */
  if (r->end - r->pos >= 3 && memcmp (r->pos, bom, 3) == 0)
    r->pos += 3;

  reader_skip_space (r);
  if (reader_at_end (r))
    {
      g_set_error (&r->error, TW_ERROR, TW_ERROR_INVALID_INPUT, "%s",
                   _("The registration is empty."));
      return FALSE;
    }

  if (!reader_peek (r, '{'))
    return reader_fail_unexpected (r, _("A registration must be a JSON object in braces."));
  if (!read_object (r, top_keys, read_top_member, self))
    return FALSE;

  reader_skip_space (r);
  if (!reader_at_end (r))
    return reader_fail_unexpected (r, _("Unexpected text after the end of the registration."));

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Validation                                                          */
/* ------------------------------------------------------------------ */

static void
add_problem (GPtrArray  *problems,
             const char *field,
             TwSeverity  severity,
             const char *code,
             const char *format,
             ...) G_GNUC_PRINTF (5, 6);

static void
add_problem (GPtrArray  *problems,
             const char *field,
             TwSeverity  severity,
             const char *code,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (problems, tw_problem_new (field, severity, code, message));
}

static gboolean
code_is_well_formed (const char *code)
{
  gsize length = strlen (code);

  if (length < MIN_CODE_LENGTH || length > MAX_CODE_LENGTH)
    return FALSE;

  for (const char *p = code; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

static void
validate_warehouses (TwRegistration *self,
                     GPtrArray      *problems)
{
  if (self->warehouses[0] == NULL)
    add_problem (problems, "sync_inventory_location", TW_SEVERITY_ERROR, "warehouses-empty",
                 "%s", _("Choose at least one warehouse whose stock TikiNOW should sync."));

  for (guint i = 0; self->warehouses[i] != NULL; i++)
    {
      const char *code = self->warehouses[i];
      g_autofree char *field = g_strdup_printf ("sync_inventory_location[%u]", i);
      g_autofree char *shown = quote_text (code);

      if (!code_is_well_formed (code))
        add_problem (problems, field, TW_SEVERITY_ERROR, "warehouse-format",
                     /* Translators: %s is a warehouse code typed by the user */
                     _("Warehouse code “%s” is not valid: use 2 to 16 lowercase letters or "
                       "digits."),
                     shown);
      else if (tw_warehouses_lookup (code) == NULL)
        add_problem (problems, field, TW_SEVERITY_WARNING, "warehouse-unknown",
                     /* Translators: %s is a warehouse code typed by the user */
                     _("Warehouse code “%s” is not in the list of known warehouses. Check it "
                       "before registering."),
                     shown);
    }
}

typedef enum
{
  URL_OK,
  URL_MISSING,
  URL_ENCODING,
  URL_TOO_LONG,
  URL_WHITESPACE,
  URL_NOT_ABSOLUTE,
  URL_NOT_HTTPS,
  URL_FRAGMENT,
  URL_INVALID,
  URL_NO_HOST,
} UrlCheck;

static const char * const url_check_codes[] = {
  [URL_MISSING] = "url-missing",
  [URL_ENCODING] = "url-encoding",
  [URL_TOO_LONG] = "url-too-long",
  [URL_WHITESPACE] = "url-whitespace",
  [URL_NOT_ABSOLUTE] = "url-not-absolute",
  [URL_NOT_HTTPS] = "url-not-https",
  [URL_FRAGMENT] = "url-fragment",
  [URL_INVALID] = "url-invalid",
  [URL_NO_HOST] = "url-no-host",
};

/* A translated sentence for an URL error of the hook named @title. */
static char *
url_check_message (UrlCheck    check,
                   const char *title)
{
  switch (check)
    {
    case URL_MISSING:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: enter the URL that TikiNOW should call."),
                              title);
    case URL_ENCODING:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: the URL is not valid UTF-8 text. Type it again."),
                              title);
    case URL_TOO_LONG:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: the URL is longer than 2048 characters. Use a "
                                "shorter URL."),
                              title);
    case URL_WHITESPACE:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: the URL contains spaces or control characters. "
                                "Remove them, or write a space as %%20."),
                              title);
    case URL_NOT_ABSOLUTE:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: enter a complete URL that starts with https://."),
                              title);
    case URL_NOT_HTTPS:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: the URL must start with https:// so that deliveries "
                                "are encrypted."),
                              title);
    case URL_FRAGMENT:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: remove the part of the URL from “#” on; it is never "
                                "sent to a server."),
                              title);
    case URL_INVALID:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: this is not a valid URL. Check it for typing "
                                "mistakes."),
                              title);
    case URL_NO_HOST:
      /* Translators: %s is a webhook name such as “Stock” */
      return g_strdup_printf (_("%s webhook: the URL has no server name. Write it like "
                                "https://example.com/webhooks."),
                              title);
    case URL_OK:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
has_space_or_control (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return TRUE;
    }

  return FALSE;
}

/* Checks of the URL as text, before it is parsed. */
static UrlCheck
check_url_text (const char *url)
{
  const char *scheme;

  if (*url == '\0')
    return URL_MISSING;
  if (!g_utf8_validate (url, -1, NULL))
    return URL_ENCODING;
  if (g_utf8_strlen (url, -1) > MAX_URL_CHARS)
    return URL_TOO_LONG;
  if (has_space_or_control (url))
    return URL_WHITESPACE;

  scheme = g_uri_peek_scheme (url);
  if (scheme == NULL)
    return URL_NOT_ABSOLUTE;
  if (strcmp (scheme, "https") != 0)
    return URL_NOT_HTTPS;
  if (strchr (url, '#') != NULL)
    return URL_FRAGMENT;

  return URL_OK;
}

static UrlCheck
check_url (const char  *url,
           GUri       **uri_out)
{
  g_autoptr(GUri) uri = NULL;
  UrlCheck check = check_url_text (url);
  const char *host;

  if (check != URL_OK)
    return check;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return URL_INVALID;

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return URL_NO_HOST;

  *uri_out = g_steal_pointer (&uri);
  return URL_OK;
}

static gboolean
ipv4_bytes_are_private (const guint8 *b)
{
  return b[0] == 0 ||                                /* "this network" */
         b[0] == 10 ||
         b[0] == 127 ||
         (b[0] == 100 && (b[1] & 0xC0) == 64) ||     /* carrier-grade NAT */
         (b[0] == 169 && b[1] == 254) ||
         (b[0] == 172 && (b[1] & 0xF0) == 16) ||
         (b[0] == 192 && b[1] == 168);
}

static gboolean
address_is_private (GInetAddress *address)
{
  const guint8 *b = g_inet_address_to_bytes (address);
  static const guint8 v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };

  if (g_inet_address_get_is_any (address) ||
      g_inet_address_get_is_loopback (address) ||
      g_inet_address_get_is_link_local (address) ||
      g_inet_address_get_is_site_local (address))
    return TRUE;

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return ipv4_bytes_are_private (b);

  /* fc00::/7 unique local addresses, and IPv4 addresses written as IPv6. */
  return (b[0] & 0xFE) == 0xFC ||
         (memcmp (b, v4_mapped, sizeof v4_mapped) == 0 && ipv4_bytes_are_private (b + 12));
}

static gboolean
name_is_private (const char *name)
{
  static const char * const suffixes[] = {
    ".localhost", ".local", ".localdomain", ".internal", ".home.arpa", NULL
  };

  /* A name without a dot ("localhost", "intranet") only resolves inside a
   * local network. */
  if (strchr (name, '.') == NULL)
    return TRUE;

  for (guint i = 0; suffixes[i] != NULL; i++)
    {
      if (g_str_has_suffix (name, suffixes[i]))
        return TRUE;
    }

  return FALSE;
}

static gboolean
host_is_private (const char *host)
{
  g_autofree char *name = g_ascii_strdown (host, -1);
  g_autoptr(GInetAddress) address = NULL;
  gsize length;
  char *zone;

  /* An IPv6 zone ("fe80::1%eth0") is not part of the address. */
  zone = strchr (name, '%');
  if (zone != NULL)
    *zone = '\0';

  length = strlen (name);
  if (length > 1 && name[length - 1] == '.')
    name[length - 1] = '\0';

  address = g_inet_address_new_from_string (name);
  if (address != NULL)
    return address_is_private (address);

  return name_is_private (name);
}

static void
validate_url (TwHook    *hook,
              GPtrArray *problems)
{
  TwHookKind kind = tw_hook_get_kind (hook);
  const char *field = tw_hook_field_name (kind, TW_HOOK_FIELD_URL);
  g_autoptr(GUri) uri = NULL;
  g_autofree char *host = NULL;
  UrlCheck check;

  check = check_url (tw_hook_get_url (hook), &uri);
  if (check != URL_OK)
    {
      g_autofree char *message = url_check_message (check, tw_hook_kind_get_title (kind));

      add_problem (problems, field, TW_SEVERITY_ERROR, url_check_codes[check], "%s", message);
      return;
    }

  if (host_is_private (g_uri_get_host (uri)))
    {
      host = quote_text (g_uri_get_host (uri));
      add_problem (problems, field, TW_SEVERITY_WARNING, "url-private-host",
                   /* Translators: the first %s is a webhook name such as
                    * “Stock”, the second a host name such as “localhost” */
                   _("%s webhook: “%s” is a local or private address that TikiNOW cannot reach "
                     "from the internet. Use a public address."),
                   tw_hook_kind_get_title (kind), host);
    }
}

typedef struct
{
  gboolean space;
  gboolean other;
  gboolean symbol;
} SecretChars;

static SecretChars
classify_secret (const char *secret)
{
  SecretChars chars = { FALSE, FALSE, FALSE };

  for (const char *p = secret; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        chars.space = TRUE;
      else if (!g_ascii_isgraph (*p))
        chars.other = TRUE;
      else if (!g_ascii_isalnum (*p))
        chars.symbol = TRUE;
    }

  return chars;
}

/* Errors about the form of the key; returns FALSE if it has one. */
static gboolean
check_secret_form (TwHookKind  kind,
                   const char *secret,
                   const char *field,
                   GPtrArray  *problems)
{
  SecretChars chars = classify_secret (secret);
  gsize length = strlen (secret);

  if (length == 0)
    add_problem (problems, field, TW_SEVERITY_ERROR, "secret-missing",
                 /* Translators: %s is a webhook name such as “Stock” */
                 _("%s webhook: enter a secret key, or generate one."),
                 tw_hook_kind_get_title (kind));
  else if (chars.space)
    add_problem (problems, field, TW_SEVERITY_ERROR, "secret-whitespace",
                 /* Translators: %s is a webhook name such as “Stock” */
                 _("%s webhook: the secret key contains spaces or line breaks. Remove them."),
                 tw_hook_kind_get_title (kind));
  else if (chars.other)
    add_problem (problems, field, TW_SEVERITY_ERROR, "secret-characters",
                 /* Translators: %s is a webhook name such as “Stock” */
                 _("%s webhook: the secret key may only contain ASCII letters, digits and "
                   "punctuation. Generate a new key."),
                 tw_hook_kind_get_title (kind));
  else if (length != TW_SECRET_LENGTH)
    add_problem (problems, field, TW_SEVERITY_ERROR, "secret-length",
                 /* Translators: the first %s is a webhook name such as
                  * “Stock”; %u is the length of the key the user typed */
                 ngettext ("%s webhook: the secret key must be exactly 32 characters long; this "
                           "one has %u character.",
                           "%s webhook: the secret key must be exactly 32 characters long; this "
                           "one has %u characters.",
                           (gulong) length),
                 tw_hook_kind_get_title (kind), (guint) length);
  else
    return TRUE;

  return FALSE;
}

static void
check_secret_strength (TwHookKind  kind,
                       const char *secret,
                       const char *field,
                       GPtrArray  *problems)
{
  if (strcmp (secret, DOCUMENTED_EXAMPLE_SECRET) == 0)
    add_problem (problems, field, TW_SEVERITY_WARNING, "secret-from-docs",
                 /* Translators: %s is a webhook name such as “Stock” */
                 _("%s webhook: this is the example key printed in the TikiNOW documentation, so "
                   "anyone can know it. Generate your own key."),
                 tw_hook_kind_get_title (kind));
  else if (classify_secret (secret).symbol)
    add_problem (problems, field, TW_SEVERITY_WARNING, "secret-not-alphanumeric",
                 /* Translators: %s is a webhook name such as “Stock” */
                 _("%s webhook: the secret key contains characters other than letters and "
                   "digits, which some receivers mishandle. Consider generating a new key."),
                 tw_hook_kind_get_title (kind));
}

static void
check_secret_reuse (TwRegistration *self,
                    TwHookKind      kind,
                    const char     *field,
                    GPtrArray      *problems)
{
  const char *secret = tw_hook_get_secret_key (self->hooks[kind]);

  for (guint other = 0; other < (guint) kind; other++)
    {
      if (!tw_hook_get_enabled (self->hooks[other]) ||
          strcmp (secret, tw_hook_get_secret_key (self->hooks[other])) != 0)
        continue;

      add_problem (problems, field, TW_SEVERITY_WARNING, "secret-reused",
                   /* Translators: both %s are webhook names such as “Stock” */
                   _("%s webhook: the secret key is the same as the one of the %s webhook. Use a "
                     "different key for each webhook, so that one leaked key does not expose the "
                     "others."),
                   tw_hook_kind_get_title (kind), tw_hook_kind_get_title (other));
      return;
    }
}

static void
validate_secret (TwRegistration *self,
                 TwHook         *hook,
                 GPtrArray      *problems)
{
  TwHookKind kind = tw_hook_get_kind (hook);
  const char *secret = tw_hook_get_secret_key (hook);
  const char *field = tw_hook_field_name (kind, TW_HOOK_FIELD_SECRET_KEY);

  if (!check_secret_form (kind, secret, field, problems))
    return;

  check_secret_strength (kind, secret, field, problems);
  check_secret_reuse (self, kind, field, problems);
}

/* The rules that depend on the API host. Returns FALSE when the hook's own
 * fields are irrelevant. */
static gboolean
validate_hook_for_flavour (TwRegistration *self,
                           TwHook         *hook,
                           GPtrArray      *problems)
{
  TwHookKind kind = tw_hook_get_kind (hook);
  const char *field = tw_hook_field_name (kind, TW_HOOK_FIELD_SELF);

  if (self->flavour != TW_API_FLAVOUR_LEGACY)
    return tw_hook_get_enabled (hook);

  if (kind == TW_HOOK_STOCK && !tw_hook_get_enabled (hook))
    add_problem (problems, field, TW_SEVERITY_ERROR, "stock-required",
                 "%s", _("The legacy host (tikinowapi.tiki.vn) requires the Stock webhook. Turn "
                         "it on, or use the current host."));
  else if (kind == TW_HOOK_AFTERSALE && tw_hook_get_enabled (hook))
    add_problem (problems, field, TW_SEVERITY_ERROR, "aftersale-unsupported",
                 "%s", _("The legacy host (tikinowapi.tiki.vn) does not support the After-sales "
                         "webhook. Turn it off, or use the current host."));
  else
    return tw_hook_get_enabled (hook);

  return FALSE;
}

static void
validate_hooks (TwRegistration *self,
                GPtrArray      *problems)
{
  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      if (!validate_hook_for_flavour (self, self->hooks[i], problems))
        continue;

      validate_url (self->hooks[i], problems);
      validate_secret (self, self->hooks[i], problems);
    }
}

static gboolean
has_control_char (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return TRUE;
    }

  return FALSE;
}

static void
validate_partner_id (TwRegistration *self,
                     GPtrArray      *problems)
{
  const char *field = "external_partner_id";
  glong length;

  if (!g_utf8_validate (self->partner_id, -1, NULL))
    {
      add_problem (problems, field, TW_SEVERITY_ERROR, "partner-id-encoding",
                   "%s", _("Shop ID: the text is not valid UTF-8. Type it again."));
      return;
    }

  length = g_utf8_strlen (self->partner_id, -1);
  if (has_control_char (self->partner_id))
    add_problem (problems, field, TW_SEVERITY_ERROR, "partner-id-control",
                 "%s", _("Shop ID: remove the line breaks, tabs or other control characters."));
  else if (length > MAX_PARTNER_ID_CHARS)
    add_problem (problems, field, TW_SEVERITY_ERROR, "partner-id-too-long",
                 /* Translators: %u is the length of the text the user typed */
                 ngettext ("Shop ID: use at most 64 characters; this one has %u character.",
                           "Shop ID: use at most 64 characters; this one has %u characters.",
                           (gulong) length),
                 (guint) length);
}

/* ------------------------------------------------------------------ */
/* Signal callbacks                                                    */
/* ------------------------------------------------------------------ */

static void
on_hook_notify (TwRegistration *self,
                GParamSpec     *pspec,
                TwHook         *hook)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */
/* ------------------------------------------------------------------ */

static void
tw_registration_notify (GObject    *object,
                        GParamSpec *pspec)
{
  if (G_OBJECT_CLASS (tw_registration_parent_class)->notify != NULL)
    G_OBJECT_CLASS (tw_registration_parent_class)->notify (object, pspec);

  g_signal_emit (object, signals[CHANGED], 0);
}

static void
tw_registration_dispose (GObject *object)
{
  TwRegistration *self = TW_REGISTRATION (object);

  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      if (self->hooks[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->hooks[i], self);
      g_clear_object (&self->hooks[i]);
    }

  G_OBJECT_CLASS (tw_registration_parent_class)->dispose (object);
}

static void
tw_registration_finalize (GObject *object)
{
  TwRegistration *self = TW_REGISTRATION (object);

  g_clear_pointer (&self->warehouses, g_strfreev);
  g_clear_pointer (&self->partner_id, g_free);

  G_OBJECT_CLASS (tw_registration_parent_class)->finalize (object);
}

static void
tw_registration_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TwRegistration *self = TW_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_FLAVOUR:
      g_value_set_enum (value, self->flavour);
      break;
    case PROP_WAREHOUSES:
      g_value_set_boxed (value, self->warehouses);
      break;
    case PROP_PARTNER_ID:
      g_value_set_string (value, self->partner_id);
      break;
    case PROP_ORDER:
    case PROP_STOCK:
    case PROP_AFTERSALE:
      g_value_set_object (value, self->hooks[prop_id - PROP_ORDER]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_registration_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TwRegistration *self = TW_REGISTRATION (object);

  switch (prop_id)
    {
    case PROP_FLAVOUR:
      tw_registration_set_flavour (self, g_value_get_enum (value));
      break;
    case PROP_WAREHOUSES:
      tw_registration_set_warehouses (self, g_value_get_boxed (value));
      break;
    case PROP_PARTNER_ID:
      tw_registration_set_partner_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
hook_param_spec (const char *name)
{
  return g_param_spec_object (name, NULL, NULL,
                              TW_TYPE_HOOK,
                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
}

static void
tw_registration_class_init (TwRegistrationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tw_registration_dispose;
  object_class->finalize = tw_registration_finalize;
  object_class->get_property = tw_registration_get_property;
  object_class->set_property = tw_registration_set_property;
  object_class->notify = tw_registration_notify;

  properties[PROP_FLAVOUR] =
    g_param_spec_enum ("flavour", NULL, NULL,
                       TW_TYPE_API_FLAVOUR, TW_API_FLAVOUR_CURRENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAREHOUSES] =
    g_param_spec_boxed ("warehouses", NULL, NULL,
                        G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARTNER_ID] =
    g_param_spec_string ("partner-id", NULL, NULL,
                         "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] = hook_param_spec ("order");
  properties[PROP_STOCK] = hook_param_spec ("stock");
  properties[PROP_AFTERSALE] = hook_param_spec ("aftersale");

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tw_registration_init (TwRegistration *self)
{
  self->flavour = TW_API_FLAVOUR_CURRENT;
  self->warehouses = g_new0 (char *, 1);
  self->partner_id = g_strdup ("");

  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      self->hooks[i] = tw_hook_new ((TwHookKind) i);
      g_signal_connect_object (self->hooks[i], "notify",
                               G_CALLBACK (on_hook_notify), self,
                               G_CONNECT_SWAPPED);
    }
}

/* ------------------------------------------------------------------ */
/* TwProblem                                                           */
/* ------------------------------------------------------------------ */

/**
 * tw_problem_new:
 * @field: the JSON field path
 * @severity: a #TwSeverity
 * @code: a stable identifier
 * @message: a translated sentence
 *
 * Returns: (transfer full): a new #TwProblem
 */
TwProblem *
tw_problem_new (const char *field,
                TwSeverity  severity,
                const char *code,
                const char *message)
{
  TwProblem *problem = g_new0 (TwProblem, 1);

  problem->field = g_strdup (field);
  problem->severity = severity;
  problem->code = g_strdup (code);
  problem->message = g_strdup (message);

  return problem;
}

TwProblem *
tw_problem_copy (const TwProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return tw_problem_new (problem->field, problem->severity, problem->code, problem->message);
}

void
tw_problem_free (TwProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->code);
  g_free (problem->message);
  g_free (problem);
}

/**
 * tw_problems_have_errors:
 * @problems: (nullable) (element-type TwProblem): problems from
 *   tw_registration_validate()
 *
 * Returns: %TRUE when at least one problem blocks sending
 */
gboolean
tw_problems_have_errors (GPtrArray *problems)
{
  if (problems == NULL)
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    {
      const TwProblem *problem = g_ptr_array_index (problems, i);

      if (problem->severity == TW_SEVERITY_ERROR)
        return TRUE;
    }

  return FALSE;
}

/* ------------------------------------------------------------------ */
/* TwRegistration                                                      */
/* ------------------------------------------------------------------ */

/**
 * tw_registration_new:
 *
 * Returns: (transfer full): an empty registration for the current host,
 *   with only the order hook enabled
 */
TwRegistration *
tw_registration_new (void)
{
  return g_object_new (TW_TYPE_REGISTRATION, NULL);
}

/**
 * tw_registration_new_from_json:
 * @data: (array length=length): the JSON text
 * @length: its length in bytes, or -1 if @data is NUL-terminated
 * @error: return location for a #GError
 *
 * Reads a registration in the shape of the request body, as written by
 * tw_registration_to_json(). The reader is strict about the shape (unknown
 * fields, wrong types, repeated fields, invalid UTF-8 and NUL characters are
 * errors naming the field path) but not about the values: an incomplete
 * registration loads, and tw_registration_validate() judges it. A hook
 * present in the data is enabled. The flavour is left at
 * %TW_API_FLAVOUR_CURRENT: the host is not part of the body.
 *
 * Returns: (transfer full) (nullable): the registration, or %NULL with
 *   @error set to %TW_ERROR_INVALID_INPUT
 */
TwRegistration *
tw_registration_new_from_json (const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(TwRegistration) self = NULL;
  g_autoptr(GString) path = NULL;
  Reader reader;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);

  if ((gsize) length > TW_REGISTRATION_MAX_FILE_SIZE)
    {
      g_set_error (error, TW_ERROR, TW_ERROR_INVALID_INPUT,
                   _("The registration is larger than the limit of 1 MiB."));
      return NULL;
    }

  self = tw_registration_new ();
  path = g_string_new (NULL);
  reader = (Reader) { data, data, data + length, path, NULL };

  if (!read_document (&reader, self))
    {
      g_propagate_error (error, reader.error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/**
 * tw_registration_copy:
 * @self: a #TwRegistration
 *
 * Returns: (transfer full): a deep copy of @self, with hooks of its own
 */
TwRegistration *
tw_registration_copy (TwRegistration *self)
{
  TwRegistration *copy;

  g_return_val_if_fail (TW_IS_REGISTRATION (self), NULL);

  copy = tw_registration_new ();
  copy->flavour = self->flavour;
  g_strfreev (copy->warehouses);
  copy->warehouses = g_strdupv (self->warehouses);
  g_free (copy->partner_id);
  copy->partner_id = g_strdup (self->partner_id);

  for (guint i = 0; i < TW_N_HOOKS; i++)
    {
      tw_hook_set_enabled (copy->hooks[i], tw_hook_get_enabled (self->hooks[i]));
      tw_hook_set_url (copy->hooks[i], tw_hook_get_url (self->hooks[i]));
      tw_hook_set_secret_key (copy->hooks[i], tw_hook_get_secret_key (self->hooks[i]));
    }

  return copy;
}

TwApiFlavour
tw_registration_get_flavour (TwRegistration *self)
{
  g_return_val_if_fail (TW_IS_REGISTRATION (self), TW_API_FLAVOUR_CURRENT);

  return self->flavour;
}

void
tw_registration_set_flavour (TwRegistration *self,
                             TwApiFlavour    flavour)
{
  g_return_if_fail (TW_IS_REGISTRATION (self));
  g_return_if_fail (flavour == TW_API_FLAVOUR_CURRENT || flavour == TW_API_FLAVOUR_LEGACY);

  if (self->flavour == flavour)
    return;

  self->flavour = flavour;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAVOUR]);
}

/**
 * tw_registration_get_warehouses:
 * @self: a #TwRegistration
 *
 * Returns: (transfer none): the warehouse codes, lowercase, without
 *   duplicates, in the order they were added
 */
const char * const *
tw_registration_get_warehouses (TwRegistration *self)
{
  g_return_val_if_fail (TW_IS_REGISTRATION (self), NULL);

  return (const char * const *) self->warehouses;
}

void
tw_registration_set_warehouses (TwRegistration     *self,
                                const char * const *codes)
{
  g_auto(GStrv) normalized = NULL;

  g_return_if_fail (TW_IS_REGISTRATION (self));

  normalized = normalize_codes (codes);
  if (g_strv_equal ((const char * const *) normalized,
                    (const char * const *) self->warehouses))
    return;

  g_strfreev (self->warehouses);
  self->warehouses = g_steal_pointer (&normalized);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAREHOUSES]);
}

/**
 * tw_registration_has_warehouse:
 * @self: a #TwRegistration
 * @code: a warehouse code, in any letter case
 *
 * Returns: %TRUE when @code is one of the registration's warehouses
 */
gboolean
tw_registration_has_warehouse (TwRegistration *self,
                               const char     *code)
{
  g_return_val_if_fail (TW_IS_REGISTRATION (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint i = 0; self->warehouses[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (self->warehouses[i], code) == 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * tw_registration_add_warehouse:
 * @self: a #TwRegistration
 * @code: a warehouse code; stored lowercase
 *
 * Appends @code unless the registration already has it.
 */
void
tw_registration_add_warehouse (TwRegistration *self,
                               const char     *code)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_autofree char *lowercase = NULL;

  g_return_if_fail (TW_IS_REGISTRATION (self));
  g_return_if_fail (code != NULL);

  if (tw_registration_has_warehouse (self, code))
    return;

  lowercase = g_ascii_strdown (code, -1);
  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->warehouses);
  g_strv_builder_add (builder, lowercase);

  g_strfreev (self->warehouses);
  self->warehouses = g_strv_builder_end (builder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAREHOUSES]);
}

/**
 * tw_registration_remove_warehouse:
 * @self: a #TwRegistration
 * @code: a warehouse code, in any letter case
 */
void
tw_registration_remove_warehouse (TwRegistration *self,
                                  const char     *code)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_if_fail (TW_IS_REGISTRATION (self));
  g_return_if_fail (code != NULL);

  if (!tw_registration_has_warehouse (self, code))
    return;

  builder = g_strv_builder_new ();
  for (guint i = 0; self->warehouses[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (self->warehouses[i], code) != 0)
        g_strv_builder_add (builder, self->warehouses[i]);
    }

  g_strfreev (self->warehouses);
  self->warehouses = g_strv_builder_end (builder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAREHOUSES]);
}

const char *
tw_registration_get_partner_id (TwRegistration *self)
{
  g_return_val_if_fail (TW_IS_REGISTRATION (self), "");

  return self->partner_id;
}

void
tw_registration_set_partner_id (TwRegistration *self,
                                const char     *partner_id)
{
  g_return_if_fail (TW_IS_REGISTRATION (self));

  if (partner_id == NULL)
    partner_id = "";

  if (strcmp (self->partner_id, partner_id) == 0)
    return;

  g_free (self->partner_id);
  self->partner_id = g_strdup (partner_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTNER_ID]);
}

/**
 * tw_registration_get_hook:
 * @self: a #TwRegistration
 * @kind: which hook
 *
 * Returns: (transfer none): the hook, owned by @self
 */
TwHook *
tw_registration_get_hook (TwRegistration *self,
                          TwHookKind      kind)
{
  g_return_val_if_fail (TW_IS_REGISTRATION (self), NULL);
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  return self->hooks[kind];
}

/**
 * tw_registration_to_json:
 * @self: a #TwRegistration
 * @flags: #TwJsonFlags
 *
 * Writes the request body: `sync_inventory_location`, `sync_webhook`
 * (`order`, `stock`, `aftersale`, each `url` then `secret_key`) and
 * `external_partner_id`, in that order. Disabled hooks and an empty partner
 * id are left out; the warehouse list is always written, even empty. With
 * %TW_JSON_PRETTY members are on their own lines, indented by two spaces.
 * The text never ends with a newline.
 *
 * Returns: (transfer full): the JSON text; it holds the secret keys unless
 *   %TW_JSON_MASK_SECRETS is given
 */
char *
tw_registration_to_json (TwRegistration *self,
                         TwJsonFlags     flags)
{
  Writer w = { 0, };

  g_return_val_if_fail (TW_IS_REGISTRATION (self), NULL);

  w.out = g_string_new (NULL);
  w.pretty = (flags & TW_JSON_PRETTY) != 0;

  writer_open (&w, '{');
  write_warehouses (self, &w);
  write_hooks (self, &w, flags);
  if (*self->partner_id != '\0')
    writer_string_member (&w, "external_partner_id", self->partner_id);
  writer_close (&w, '}');

  return g_string_free (w.out, FALSE);
}

/**
 * tw_registration_validate:
 * @self: a #TwRegistration
 *
 * Checks every rule of the design (DESIGN §5) offline. Problems come in the
 * order of the fields in the request body.
 *
 * Returns: (transfer full) (element-type TwProblem): the problems found,
 *   empty when there are none
 */
GPtrArray *
tw_registration_validate (TwRegistration *self)
{
  GPtrArray *problems;

  g_return_val_if_fail (TW_IS_REGISTRATION (self), NULL);

  problems = g_ptr_array_new_with_free_func ((GDestroyNotify) tw_problem_free);
  validate_warehouses (self, problems);
  validate_hooks (self, problems);
  validate_partner_id (self, problems);

  return problems;
}
