/* tw-credentials.c
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "tw-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "tw-credentials.h"
#include "tw-error.h"
#include "tw-secret.h"

/* Long enough for D-Bus activation of a keyring daemon, short enough that a
 * bus with a hung service does not keep the user waiting for a form. */
#define PROBE_TIMEOUT_SECONDS 5

typedef enum
{
  BACKEND_UNKNOWN,
  BACKEND_PROBING,
  BACKEND_KEYRING,
  BACKEND_MEMORY,
} Backend;

typedef enum
{
  OP_STORE,
  OP_LOOKUP,
  OP_CLEAR,
  OP_FORGET,
} OpType;

/* One operation on one backend; the task data of every basic operation. */
typedef struct
{
  OpType            type;
  char             *profile;
  TwCredentialKind  kind;
  char             *secret;
} Op;

/* The secrets of one profile while the keyring is unavailable. */
typedef struct
{
  char *secrets[TW_N_CREDENTIAL_KINDS];
} MemoryEntry;

struct _TwCredentials
{
  GObject     parent_instance;

  gboolean    use_keyring;
  Backend     backend;
  gboolean    unavailable_emitted;
  GQueue      waiting;
  GSource    *probe_timeout;
  gboolean    probe_timed_out;
  GCancellable *probe_cancellable;
  GHashTable *memory;
};

G_DEFINE_FINAL_TYPE (TwCredentials, tw_credentials, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_USE_KEYRING,
  PROP_PERSISTENT,
  N_PROPS
};

enum {
  UNAVAILABLE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char * const kind_names[TW_N_CREDENTIAL_KINDS] = {
  [TW_CREDENTIAL_ACCESS_TOKEN] = "access-token",
  [TW_CREDENTIAL_CLIENT_SECRET] = "client-secret",
  [TW_CREDENTIAL_REFRESH_TOKEN] = "refresh-token",
  [TW_CREDENTIAL_ORDER_SECRET] = "order-secret-key",
  [TW_CREDENTIAL_STOCK_SECRET] = "stock-secret-key",
  [TW_CREDENTIAL_AFTERSALE_SECRET] = "aftersale-secret-key",
};

static void run_op (TwCredentials *self,
                    GTask         *task);

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    TW_CREDENTIALS_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static gboolean
kind_is_valid (TwCredentialKind kind)
{
  return (guint) kind < TW_N_CREDENTIAL_KINDS;
}

static void
op_clear (Op *op)
{
  g_free (op->profile);
  tw_secret_free (op->secret);
}

static void
op_free (Op *op)
{
  op_clear (op);
  g_free (op);
}

static void
memory_entry_free (MemoryEntry *entry)
{
  for (guint i = 0; i < TW_N_CREDENTIAL_KINDS; i++)
    tw_secret_free (entry->secrets[i]);
  g_free (entry);
}

/* Attributes of the item of @kind, or of every item of @profile when @kind
 * is out of range. */
static GHashTable *
make_attributes (const char *profile,
                 int         kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (char *) "profile", (char *) profile);
  if (kind >= 0 && kind < TW_N_CREDENTIAL_KINDS)
    g_hash_table_insert (attributes, (char *) "kind", (char *) kind_names[kind]);
  return attributes;
}

static const char *
unavailable_message (void)
{
  return _("No keyring is available, or it could not be unlocked. Secrets are kept in "
           "memory only and will have to be entered again after Tiki Webhooks quits.");
}

/* Called once the keyring failed: from now on everything stays in memory. */
static void
fall_back_to_memory (TwCredentials *self,
                     const char    *reason)
{
  if (self->backend == BACKEND_MEMORY)
    return;

  /* The reason comes from libsecret or D-Bus and never holds a secret. */
  g_debug ("Keyring unavailable, keeping secrets in memory: %s", reason);
  self->backend = BACKEND_MEMORY;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERSISTENT]);

  if (!self->unavailable_emitted)
    {
      self->unavailable_emitted = TRUE;
      g_signal_emit (self, signals[UNAVAILABLE], 0, unavailable_message ());
    }
}

/* Memory backend */

static MemoryEntry *
memory_entry (TwCredentials *self,
              const char    *profile,
              gboolean       create)
{
  MemoryEntry *entry = g_hash_table_lookup (self->memory, profile);

  if (entry == NULL && create)
    {
      entry = g_new0 (MemoryEntry, 1);
      g_hash_table_insert (self->memory, g_strdup (profile), entry);
    }
  return entry;
}

static void
memory_set (TwCredentials *self,
            Op            *op,
            const char    *secret)
{
  MemoryEntry *entry = memory_entry (self, op->profile, secret != NULL);

  if (entry == NULL)
    return;
  tw_secret_free (entry->secrets[op->kind]);
  entry->secrets[op->kind] = g_strdup (secret);
}

static void
run_memory_op (TwCredentials *self,
               GTask         *task)
{
  Op *op = g_task_get_task_data (task);
  MemoryEntry *entry;

  switch (op->type)
    {
    case OP_STORE:
      memory_set (self, op, op->secret);
      break;
    case OP_CLEAR:
      memory_set (self, op, NULL);
      break;
    case OP_FORGET:
      g_hash_table_remove (self->memory, op->profile);
      break;
    case OP_LOOKUP:
      entry = memory_entry (self, op->profile, FALSE);
      g_task_return_pointer (task,
                             entry != NULL ? g_strdup (entry->secrets[op->kind]) : NULL,
                             (GDestroyNotify) tw_secret_free);
      return;
    default:
      g_assert_not_reached ();
    }

  g_task_return_boolean (task, TRUE);
}

/* Keyring backend */

/* Only the caller's cancellation is an error: any other failure of the
 * keyring moves the operation, and every later one, to memory. */
static void
handle_keyring_error (GTask  *task,
                      GError *error)
{
  TwCredentials *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  fall_back_to_memory (self, error->message);
  run_memory_op (self, task);
}

static void
keyring_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    handle_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
keyring_looked_up_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      handle_keyring_error (task, error);
      return;
    }

  /* Move it out of libsecret's allocation into one tw_secret_free() wipes. */
  g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify) tw_secret_free);
  secret_password_free (secret);
}

static void
keyring_cleared_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    handle_keyring_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_keyring_op (TwCredentials *self,
                GTask         *task)
{
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  attributes = make_attributes (op->profile, op->type == OP_FORGET ? -1 : (int) op->kind);

  switch (op->type)
    {
    case OP_STORE:
      label = tw_credential_kind_get_label (op->kind, op->profile);
      secret_password_storev (get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                              op->secret, cancellable, keyring_stored_cb, g_object_ref (task));
      break;
    case OP_LOOKUP:
      secret_password_lookupv (get_schema (), attributes, cancellable,
                               keyring_looked_up_cb, g_object_ref (task));
      break;
    case OP_CLEAR:
    case OP_FORGET:
      secret_password_clearv (get_schema (), attributes, cancellable,
                              keyring_cleared_cb, g_object_ref (task));
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Probing the keyring */

static void
flush_waiting (TwCredentials *self)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      run_op (self, task);
      g_object_unref (task);
    }
}

static gboolean
probe_timed_out_cb (gpointer user_data)
{
  TwCredentials *self = user_data;

  self->probe_timed_out = TRUE;
  g_cancellable_cancel (self->probe_cancellable);
  return G_SOURCE_REMOVE;
}

static void
stop_probe_timeout (TwCredentials *self)
{
  if (self->probe_timeout != NULL)
    g_source_destroy (self->probe_timeout);
  g_clear_pointer (&self->probe_timeout, g_source_unref);
}

static void
probed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TwCredentials) self = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  stop_probe_timeout (self);
  g_clear_object (&self->probe_cancellable);

  secret = secret_password_lookup_finish (result, &error);
  secret_password_free (secret);

  if (self->probe_timed_out)
    fall_back_to_memory (self, "the keyring did not answer in time");
  else if (error != NULL)
    fall_back_to_memory (self, error->message);
  else
    self->backend = BACKEND_KEYRING;

  flush_waiting (self);
}

/* A lookup of an item that never exists: it needs the bus, the service and
 * a session, but no unlocking, so it cannot raise a prompt. */
static void
start_probe (TwCredentials *self)
{
  g_autoptr(GHashTable) attributes = make_attributes ("", -1);

  g_hash_table_insert (attributes, (char *) "kind", (char *) "probe");
  self->backend = BACKEND_PROBING;
  self->probe_timed_out = FALSE;
  self->probe_cancellable = g_cancellable_new ();

  self->probe_timeout = g_timeout_source_new_seconds (PROBE_TIMEOUT_SECONDS);
  g_source_set_callback (self->probe_timeout, probe_timed_out_cb, self, NULL);
  g_source_attach (self->probe_timeout, g_main_context_get_thread_default ());

  secret_password_lookupv (get_schema (), attributes, self->probe_cancellable,
                           probed_cb, g_object_ref (self));
}

static void
run_op (TwCredentials *self,
        GTask         *task)
{
  if (g_task_return_error_if_cancelled (task))
    return;

  switch (self->backend)
    {
    case BACKEND_KEYRING:
      run_keyring_op (self, task);
      break;
    case BACKEND_MEMORY:
      run_memory_op (self, task);
      break;
    case BACKEND_UNKNOWN:
      g_queue_push_tail (&self->waiting, g_object_ref (task));
      start_probe (self);
      break;
    case BACKEND_PROBING:
      g_queue_push_tail (&self->waiting, g_object_ref (task));
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
check_profile (GTask      *task,
               const char *profile)
{
  if (g_utf8_validate (profile, -1, NULL))
    return TRUE;

  g_task_return_new_error (task, TW_ERROR, TW_ERROR_INVALID_INPUT,
                           _("The profile name is not valid UTF-8"));
  return FALSE;
}

static void
start_op (TwCredentials       *self,
          OpType               type,
          const char          *profile,
          TwCredentialKind     kind,
          const char          *secret,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Op *op;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  op = g_new0 (Op, 1);
  op->type = type;
  op->profile = g_strdup (profile);
  op->kind = kind;
  op->secret = g_strdup (secret);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);

  if (check_profile (task, profile))
    run_op (self, task);
}

/* Batches: sequences of basic operations */

typedef struct _Batch Batch;
typedef gboolean (*BatchThenFunc) (GTask *task);

struct _Batch
{
  GArray          *steps;
  guint            next;
  BatchThenFunc    then;
  char            *from;
  char            *to;
  gboolean         move;
  TwAuth          *auth;
  TwRegistration  *registration;
  gboolean         wanted[TW_N_CREDENTIAL_KINDS];
  char            *found[TW_N_CREDENTIAL_KINDS];
};

static void
batch_free (Batch *batch)
{
  g_array_unref (batch->steps);
  g_free (batch->from);
  g_free (batch->to);
  g_clear_object (&batch->auth);
  g_clear_object (&batch->registration);
  for (guint i = 0; i < TW_N_CREDENTIAL_KINDS; i++)
    tw_secret_free (batch->found[i]);
  g_free (batch);
}

static Batch *
batch_new (void)
{
  Batch *batch = g_new0 (Batch, 1);

  batch->steps = g_array_new (FALSE, TRUE, sizeof (Op));
  g_array_set_clear_func (batch->steps, (GDestroyNotify) op_clear);
  return batch;
}

static void
batch_add (Batch            *batch,
           OpType            type,
           const char       *profile,
           TwCredentialKind  kind,
           const char       *secret)
{
  Op step = { type, g_strdup (profile), kind, g_strdup (secret) };

  g_array_append_val (batch->steps, step);
}

static GTask *
batch_task_new (TwCredentials       *self,
                Batch               *batch,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, batch, (GDestroyNotify) batch_free);
  return task;
}

static void batch_run_next (GTask *task);

static void
batch_step_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TwCredentials *self = TW_CREDENTIALS (object);
  g_autoptr(GTask) task = user_data;
  Batch *batch = g_task_get_task_data (task);
  Op *step = &g_array_index (batch->steps, Op, batch->next);
  g_autoptr(GError) error = NULL;

  if (step->type == OP_LOOKUP)
    {
      char *secret = tw_credentials_lookup_finish (self, result, &error);

      tw_secret_free (batch->found[step->kind]);
      batch->found[step->kind] = secret;
    }
  else
    g_task_propagate_boolean (G_TASK (result), &error);

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  batch->next++;
  batch_run_next (g_steal_pointer (&task));
}

static void
batch_run_step (GTask *task,
                Op    *step)
{
  TwCredentials *self = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  switch (step->type)
    {
    case OP_STORE:
      tw_credentials_store_async (self, step->profile, step->kind, step->secret,
                                  cancellable, batch_step_done_cb, task);
      break;
    case OP_LOOKUP:
      tw_credentials_lookup_async (self, step->profile, step->kind,
                                   cancellable, batch_step_done_cb, task);
      break;
    case OP_CLEAR:
      tw_credentials_clear_async (self, step->profile, step->kind,
                                  cancellable, batch_step_done_cb, task);
      break;
    case OP_FORGET:
      tw_credentials_forget_profile_async (self, step->profile,
                                           cancellable, batch_step_done_cb, task);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Takes over @task. */
static void
batch_run_next (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);

  if (batch->next == batch->steps->len)
    {
      BatchThenFunc then = g_steal_pointer (&batch->then);

      /* Nothing is applied once the caller gave up. */
      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (task);
          return;
        }

      if (then == NULL || !then (task))
        {
          g_task_return_boolean (task, TRUE);
          g_object_unref (task);
          return;
        }
    }

  batch_run_step (task, &g_array_index (batch->steps, Op, batch->next));
}

static gboolean
batch_finish (TwCredentials  *self,
              GAsyncResult   *result,
              gpointer        source_tag,
              GError        **error)
{
  g_return_val_if_fail (TW_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Profiles: load, save, copy */

static const char *
found_or_empty (Batch            *batch,
                TwCredentialKind  kind)
{
  return batch->found[kind] != NULL ? batch->found[kind] : "";
}

static gboolean
apply_loaded_secrets (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);

  if (batch->wanted[TW_CREDENTIAL_ACCESS_TOKEN])
    {
      /* The expiry of a logged-in token comes from the profile, applied
       * first; setting a token would forget it. */
      g_autoptr(GDateTime) expires_at = NULL;

      if (tw_auth_get_expires_at (batch->auth) != NULL)
        expires_at = g_date_time_ref (tw_auth_get_expires_at (batch->auth));
      tw_auth_set_access_token (batch->auth, batch->found[TW_CREDENTIAL_ACCESS_TOKEN]);
      if (tw_auth_get_mode (batch->auth) == TW_AUTH_MODE_PUBLIC_APP &&
          batch->found[TW_CREDENTIAL_ACCESS_TOKEN] != NULL)
        tw_auth_set_expires_at (batch->auth, expires_at);
    }
  if (batch->wanted[TW_CREDENTIAL_REFRESH_TOKEN])
    tw_auth_set_refresh_token (batch->auth, batch->found[TW_CREDENTIAL_REFRESH_TOKEN]);
  if (batch->wanted[TW_CREDENTIAL_CLIENT_SECRET])
    tw_auth_set_client_secret (batch->auth, batch->found[TW_CREDENTIAL_CLIENT_SECRET]);

  for (guint i = 0; batch->registration != NULL && i < TW_N_HOOKS; i++)
    {
      TwHook *hook = tw_registration_get_hook (batch->registration, i);

      tw_hook_set_secret_key (hook, found_or_empty (batch, tw_credential_kind_for_hook (i)));
    }

  return FALSE;
}

static gboolean
copy_found_secrets (GTask *task)
{
  Batch *batch = g_task_get_task_data (task);

  for (guint i = 0; i < TW_N_CREDENTIAL_KINDS; i++)
    {
      if (batch->found[i] != NULL && *batch->found[i] != '\0')
        batch_add (batch, OP_STORE, batch->to, i, batch->found[i]);
    }
  if (batch->move && g_strcmp0 (batch->from, batch->to) != 0)
    batch_add (batch, OP_FORGET, batch->from, 0, NULL);

  return batch->next < batch->steps->len;
}

/* A NULL @secret leaves the item alone; an empty one removes it. */
static void
add_save_step (Batch            *batch,
               const char       *profile,
               TwCredentialKind  kind,
               const char       *secret)
{
  if (secret == NULL)
    return;

  batch_add (batch, *secret == '\0' ? OP_CLEAR : OP_STORE, profile, kind, secret);
}

static void
add_save_steps (Batch          *batch,
                const char     *profile,
                TwAuth         *auth,
                TwRegistration *registration)
{
  if (auth != NULL)
    {
      const char *token = tw_auth_get_access_token (auth);
      const char *client_secret = tw_auth_get_client_secret (auth);

      const char *refresh_token = tw_auth_get_refresh_token (auth);

      switch (tw_auth_get_mode (auth))
        {
        case TW_AUTH_MODE_ACCESS_TOKEN:
          add_save_step (batch, profile, TW_CREDENTIAL_ACCESS_TOKEN, token ? token : "");
          add_save_step (batch, profile, TW_CREDENTIAL_REFRESH_TOKEN, "");
          break;
        case TW_AUTH_MODE_PUBLIC_APP:
          /* The login's tokens: the refresh token rotates at every use. */
          add_save_step (batch, profile, TW_CREDENTIAL_ACCESS_TOKEN, token ? token : "");
          add_save_step (batch, profile, TW_CREDENTIAL_REFRESH_TOKEN,
                         refresh_token ? refresh_token : "");
          break;
        case TW_AUTH_MODE_CLIENT_CREDENTIALS:
        default:
          /* A granted token is not kept; a login of another mode is over. */
          add_save_step (batch, profile, TW_CREDENTIAL_REFRESH_TOKEN, "");
          break;
        }
      add_save_step (batch, profile, TW_CREDENTIAL_CLIENT_SECRET,
                     client_secret ? client_secret : "");
    }

  for (guint i = 0; registration != NULL && i < TW_N_HOOKS; i++)
    {
      TwHook *hook = tw_registration_get_hook (registration, i);

      add_save_step (batch, profile, tw_credential_kind_for_hook (i),
                     tw_hook_get_secret_key (hook));
    }
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* GObject */

static void
tw_credentials_dispose (GObject *object)
{
  TwCredentials *self = TW_CREDENTIALS (object);

  stop_probe_timeout (self);

  G_OBJECT_CLASS (tw_credentials_parent_class)->dispose (object);
}

static void
tw_credentials_finalize (GObject *object)
{
  TwCredentials *self = TW_CREDENTIALS (object);

  g_assert (g_queue_is_empty (&self->waiting));
  g_clear_object (&self->probe_cancellable);
  g_clear_pointer (&self->memory, g_hash_table_unref);

  G_OBJECT_CLASS (tw_credentials_parent_class)->finalize (object);
}

static void
tw_credentials_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TwCredentials *self = TW_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_USE_KEYRING:
      g_value_set_boolean (value, self->use_keyring);
      break;
    case PROP_PERSISTENT:
      g_value_set_boolean (value, tw_credentials_get_persistent (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_credentials_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TwCredentials *self = TW_CREDENTIALS (object);

  switch (prop_id)
    {
    case PROP_USE_KEYRING:
      self->use_keyring = g_value_get_boolean (value);
      self->backend = self->use_keyring ? BACKEND_UNKNOWN : BACKEND_MEMORY;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tw_credentials_class_init (TwCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tw_credentials_dispose;
  object_class->finalize = tw_credentials_finalize;
  object_class->get_property = tw_credentials_get_property;
  object_class->set_property = tw_credentials_set_property;

  properties[PROP_USE_KEYRING] =
    g_param_spec_boolean ("use-keyring", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSISTENT] =
    g_param_spec_boolean ("persistent", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TwCredentials::unavailable:
   * @message: a translated explanation to show the user
   *
   * Emitted once, when the keyring turned out to be unusable and secrets
   * are kept in memory from then on.
   */
  signals[UNAVAILABLE] =
    g_signal_new ("unavailable",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tw_credentials_init (TwCredentials *self)
{
  self->use_keyring = TRUE;
  self->memory = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) memory_entry_free);
  g_queue_init (&self->waiting);
}

/* Public API */

const char *
tw_credential_kind_to_string (TwCredentialKind kind)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);

  return kind_names[kind];
}

gboolean
tw_credential_kind_from_string (const char       *str,
                                TwCredentialKind *kind)
{
  for (guint i = 0; str != NULL && i < TW_N_CREDENTIAL_KINDS; i++)
    {
      if (g_strcmp0 (str, kind_names[i]) == 0)
        {
          if (kind != NULL)
            *kind = (TwCredentialKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

TwCredentialKind
tw_credential_kind_for_hook (TwHookKind hook)
{
  switch (hook)
    {
    case TW_HOOK_ORDER:
      return TW_CREDENTIAL_ORDER_SECRET;
    case TW_HOOK_STOCK:
      return TW_CREDENTIAL_STOCK_SECRET;
    case TW_HOOK_AFTERSALE:
      return TW_CREDENTIAL_AFTERSALE_SECRET;
    default:
      g_return_val_if_reached (TW_CREDENTIAL_ORDER_SECRET);
    }
}

/**
 * tw_credential_kind_get_label:
 * @kind: a #TwCredentialKind
 * @profile: the profile name
 *
 * Returns: (transfer full): the label of the keyring item, as a keyring
 *   manager such as Seahorse shows it
 */
char *
tw_credential_kind_get_label (TwCredentialKind  kind,
                              const char       *profile)
{
  g_return_val_if_fail (kind_is_valid (kind), NULL);
  g_return_val_if_fail (profile != NULL, NULL);

  /* Each labels a secret in the system keyring, as Seahorse shows it. */
  switch (kind)
    {
    case TW_CREDENTIAL_ACCESS_TOKEN:
      /* Translators: a label in the keyring; %s is a profile name */
      return g_strdup_printf (_("Tiki Webhooks: access token (profile “%s”)"),
                              profile);
    case TW_CREDENTIAL_CLIENT_SECRET:
      /* Translators: a label in the keyring; %s is a profile name */
      return g_strdup_printf (_("Tiki Webhooks: client secret (profile “%s”)"),
                              profile);
    case TW_CREDENTIAL_REFRESH_TOKEN:
      /* Translators: a label in the keyring; %s is a profile name */
      return g_strdup_printf (_("Tiki Webhooks: refresh token (profile “%s”)"),
                              profile);
    case TW_CREDENTIAL_ORDER_SECRET:
      /* Translators: a label in the keyring; %s is a profile name */
      return g_strdup_printf (_("Tiki Webhooks: order webhook secret key (profile “%s”)"),
                              profile);
    case TW_CREDENTIAL_STOCK_SECRET:
      /* Translators: a label in the keyring; %s is a profile name */
      return g_strdup_printf (_("Tiki Webhooks: stock webhook secret key (profile “%s”)"),
                              profile);
    case TW_CREDENTIAL_AFTERSALE_SECRET:
      /* Translators: a label in the keyring; %s is a profile name */
      return g_strdup_printf (_("Tiki Webhooks: after-sales webhook secret key (profile “%s”)"),
                              profile);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * tw_credentials_new:
 *
 * Returns: (transfer full): credentials kept in the keyring when there is
 *   one, in memory otherwise
 */
TwCredentials *
tw_credentials_new (void)
{
  return g_object_new (TW_TYPE_CREDENTIALS, NULL);
}

/**
 * tw_credentials_new_in_memory:
 *
 * Returns: (transfer full): credentials that never leave this process
 */
TwCredentials *
tw_credentials_new_in_memory (void)
{
  return g_object_new (TW_TYPE_CREDENTIALS, "use-keyring", FALSE, NULL);
}

gboolean
tw_credentials_get_persistent (TwCredentials *self)
{
  g_return_val_if_fail (TW_IS_CREDENTIALS (self), FALSE);

  return self->use_keyring && self->backend != BACKEND_MEMORY;
}

gboolean
tw_credentials_get_use_keyring (TwCredentials *self)
{
  g_return_val_if_fail (TW_IS_CREDENTIALS (self), FALSE);

  return self->use_keyring;
}

void
tw_credentials_store_async (TwCredentials       *self,
                            const char          *profile,
                            TwCredentialKind     kind,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (kind_is_valid (kind));
  g_return_if_fail (secret != NULL && *secret != '\0');

  start_op (self, OP_STORE, profile, kind, secret, tw_credentials_store_async,
            cancellable, callback, user_data);
}

gboolean
tw_credentials_store_finish (TwCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  return batch_finish (self, result, tw_credentials_store_async, error);
}

void
tw_credentials_lookup_async (TwCredentials       *self,
                             const char          *profile,
                             TwCredentialKind     kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (kind_is_valid (kind));

  start_op (self, OP_LOOKUP, profile, kind, NULL, tw_credentials_lookup_async,
            cancellable, callback, user_data);
}

/**
 * tw_credentials_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, to free with
 *   tw_secret_free(), or %NULL when none is stored or on error
 */
char *
tw_credentials_lookup_finish (TwCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (TW_IS_CREDENTIALS (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tw_credentials_clear_async (TwCredentials       *self,
                            const char          *profile,
                            TwCredentialKind     kind,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (kind_is_valid (kind));

  start_op (self, OP_CLEAR, profile, kind, NULL, tw_credentials_clear_async,
            cancellable, callback, user_data);
}

gboolean
tw_credentials_clear_finish (TwCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  return batch_finish (self, result, tw_credentials_clear_async, error);
}

void
tw_credentials_forget_profile_async (TwCredentials       *self,
                                     const char          *profile,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (profile != NULL);

  start_op (self, OP_FORGET, profile, 0, NULL, tw_credentials_forget_profile_async,
            cancellable, callback, user_data);
}

gboolean
tw_credentials_forget_profile_finish (TwCredentials  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return batch_finish (self, result, tw_credentials_forget_profile_async, error);
}

void
tw_credentials_copy_profile_async (TwCredentials       *self,
                                   const char          *from,
                                   const char          *to,
                                   gboolean             move,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Batch *batch;

  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (from != NULL);
  g_return_if_fail (to != NULL);

  batch = batch_new ();
  batch->from = g_strdup (from);
  batch->to = g_strdup (to);
  batch->move = move;
  batch->then = copy_found_secrets;
  for (guint i = 0; i < TW_N_CREDENTIAL_KINDS; i++)
    batch_add (batch, OP_LOOKUP, from, i, NULL);

  batch_run_next (batch_task_new (self, batch, tw_credentials_copy_profile_async,
                                  cancellable, callback, user_data));
}

gboolean
tw_credentials_copy_profile_finish (TwCredentials  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return batch_finish (self, result, tw_credentials_copy_profile_async, error);
}

void
tw_credentials_load_profile_async (TwCredentials       *self,
                                   const char          *profile,
                                   TwAuth              *auth,
                                   TwRegistration      *registration,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Batch *batch;

  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (auth == NULL || TW_IS_AUTH (auth));
  g_return_if_fail (registration == NULL || TW_IS_REGISTRATION (registration));

  batch = batch_new ();
  batch->then = apply_loaded_secrets;
  batch->auth = auth != NULL ? g_object_ref (auth) : NULL;
  batch->registration = registration != NULL ? g_object_ref (registration) : NULL;

  /* A token in client-credentials mode is a granted one, not ours to load. */
  batch->wanted[TW_CREDENTIAL_ACCESS_TOKEN] =
    auth != NULL && (tw_auth_get_mode (auth) == TW_AUTH_MODE_ACCESS_TOKEN ||
                     tw_auth_get_mode (auth) == TW_AUTH_MODE_PUBLIC_APP);
  batch->wanted[TW_CREDENTIAL_REFRESH_TOKEN] =
    auth != NULL && tw_auth_get_mode (auth) == TW_AUTH_MODE_PUBLIC_APP;
  batch->wanted[TW_CREDENTIAL_CLIENT_SECRET] = auth != NULL;
  for (guint i = 0; i < TW_N_HOOKS; i++)
    batch->wanted[tw_credential_kind_for_hook (i)] = registration != NULL;

  for (guint i = 0; i < TW_N_CREDENTIAL_KINDS; i++)
    {
      if (batch->wanted[i])
        batch_add (batch, OP_LOOKUP, profile, i, NULL);
    }

  batch_run_next (batch_task_new (self, batch, tw_credentials_load_profile_async,
                                  cancellable, callback, user_data));
}

gboolean
tw_credentials_load_profile_finish (TwCredentials  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return batch_finish (self, result, tw_credentials_load_profile_async, error);
}

gboolean
tw_credentials_load_profile (TwCredentials   *self,
                             const char      *profile,
                             TwAuth          *auth,
                             TwRegistration  *registration,
                             GCancellable    *cancellable,
                             GError         **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_return_val_if_fail (TW_IS_CREDENTIALS (self), FALSE);
  g_return_val_if_fail (profile != NULL, FALSE);

  g_main_context_push_thread_default (context);
  tw_credentials_load_profile_async (self, profile, auth, registration, cancellable,
                                     sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  ok = tw_credentials_load_profile_finish (self, result, error);
  g_main_context_pop_thread_default (context);

  return ok;
}

void
tw_credentials_save_profile_async (TwCredentials       *self,
                                   const char          *profile,
                                   TwAuth              *auth,
                                   TwRegistration      *registration,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Batch *batch;

  g_return_if_fail (TW_IS_CREDENTIALS (self));
  g_return_if_fail (profile != NULL);
  g_return_if_fail (auth == NULL || TW_IS_AUTH (auth));
  g_return_if_fail (registration == NULL || TW_IS_REGISTRATION (registration));

  batch = batch_new ();
  add_save_steps (batch, profile, auth, registration);

  batch_run_next (batch_task_new (self, batch, tw_credentials_save_profile_async,
                                  cancellable, callback, user_data));
}

gboolean
tw_credentials_save_profile_finish (TwCredentials  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  return batch_finish (self, result, tw_credentials_save_profile_async, error);
}
