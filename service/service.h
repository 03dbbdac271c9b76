#pragma once

// The service library's public face: what the CLI uses to run `serve` and
// `clients`. The HTTP server and its endpoints, the client store with its
// quotas and audit rows; the feed, details and catalog behind the
// endpoints stay inside.

#include "service/client_store.h"  // IWYU pragma: export
#include "service/http_server.h"   // IWYU pragma: export
#include "service/quota.h"         // IWYU pragma: export
#include "service/service_api.h"   // IWYU pragma: export
