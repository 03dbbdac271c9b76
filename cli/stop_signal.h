#pragma once

#include <atomic>

namespace lw::cli {

// Set by SIGINT and SIGTERM once install_stop_handlers() ran: long
// commands (index, crawl) stop at their next commit and say what was done.
const std::atomic<bool>& stop_requested();
void install_stop_handlers();

}  // namespace lw::cli
