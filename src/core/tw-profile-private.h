/* tw-profile-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include "tw-profile.h"

G_BEGIN_DECLS

/* What only the store may change: the name (a rename moves the file too),
 * where the profile is kept, and broken files. */
TwProfile *tw_profile_new_broken (GFile      *file,
                                  const char *problem);
void       tw_profile_set_name   (TwProfile  *self,
                                  const char *name);
void       tw_profile_set_file   (TwProfile  *self,
                                  GFile      *file);
/* The file of @self once renamed to @name. */
char      *tw_profile_to_json_named (TwProfile  *self,
                                     const char *name);

G_END_DECLS
