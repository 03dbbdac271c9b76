// leakwatch serve: the institution service (HTTP, libmicrohttpd).
#include <sys/stat.h>

#include <chrono>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "cli/stop_signal.h"
#include "indexer/base/hex.h"
#include "indexer/base/private_file.h"
#include "indexer/base/utc_time.h"
#include "indexer/indexer.h"
#include "search/search.h"
#include "service/service.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch serve --db DIR --key FILE --state DIR --listen HOST:PORT\n"
    "                       [--tls-cert FILE --tls-key FILE] [--threads N]\n"
    "                       [--max-elements N]\n\n"
    "The institution service: institutions have their blinded identifiers evaluated\n"
    "with the operator's key over HTTP (RFC 9497 VOPRF, DLEQ proofs included), as\n"
    "'leakwatch evaluate' does with files, without the operator learning anything of\n"
    "their records. Every request needs a client's API key ('leakwatch clients add')\n"
    "and is counted against its quota; every request is an audit row in --state DIR\n"
    "and a line on standard error (time, client, request id, endpoint, element count,\n"
    "status), never an element or a token.\n\n"
    "Endpoints: GET /v1/pubkey (the public key and protocol), POST /v1/evaluate (a\n"
    "'leakwatch blind' request as body, 'Authorization: Bearer KEY'; the response is\n"
    "what 'leakwatch unblind' reads), GET /v1/feed[?since=REV] (the corpus's token set,\n"
    "docs/feed-format.md), POST /v1/details, GET /v1/items, GET /metrics (Prometheus),\n"
    "GET /healthz. Errors are JSON\n"
    "{\"error\": CODE, \"message\": TEXT}: 400, 401, 404, 405, 413, 429 (Retry-After).\n\n"
    "TLS: --tls-cert and --tls-key (PEM; the key file readable by you only), or plain\n"
    "HTTP on loopback behind nginx (contrib/nginx/leakwatch-serve.conf). Never serve\n"
    "plain HTTP beyond loopback: API keys would travel in clear.\n\n"
    "SIGTERM or SIGINT stops it gracefully: no new connection, requests in progress\n"
    "finish (30 s at most).\n\n"
    "Examples:\n"
    "  leakwatch serve --db /var/lib/leakwatch/corpus --key /etc/leakwatch/voprf.key \\\n"
    "      --state /var/lib/leakwatch/serve --listen 127.0.0.1:8440\n"
    "  leakwatch serve --db corpus --key op.key --state serve --listen [::]:8443 \\\n"
    "      --tls-cert /etc/leakwatch/tls.crt --tls-key /etc/leakwatch/tls.key\n\n"
    "Exit status: 0 stopped by a signal, 2 error (cannot listen, bad key, no clients).";

constexpr std::size_t kMaxPemBytes = 1 << 20;

struct Listen {
    std::string host;
    unsigned port = 0;
};

Listen parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    Listen listen;
    if (colon != std::string::npos) {
        listen.host = text.substr(0, colon);
        const std::string port = text.substr(colon + 1);
        if (!port.empty() && port.size() <= 5 &&
            port.find_first_not_of("0123456789") == std::string::npos) {
            listen.port = static_cast<unsigned>(std::stoul(port));
        } else {
            listen.port = 65536;
        }
    }
    if (listen.host.size() >= 2 && listen.host.front() == '[' && listen.host.back() == ']') {
        listen.host = listen.host.substr(1, listen.host.size() - 2);
    }
    if (colon == std::string::npos || listen.host.empty() || listen.port > 65535) {
        throw Error(ErrorCategory::usage,
                    "--listen takes HOST:PORT, such as 127.0.0.1:8440 or [::1]:8443 (port 0: any "
                    "free port, printed at start)");
    }
    return listen;
}

// One line a request, on standard error (the journal under systemd).
void log_request(const service::RequestRecord& r) {
    static std::mutex mutex;
    std::ostringstream line;
    line << "leakwatch serve: " << indexer::iso_utc(std::time(nullptr))
         << " request=" << r.request_id << " client=" << (r.client.empty() ? "-" : r.client)
         << " endpoint=" << r.endpoint << " elements=" << r.elements << " status=" << r.status
         << " outcome=" << r.outcome << " ms=" << std::fixed << std::setprecision(1)
         << r.milliseconds << "\n";
    const std::lock_guard lock(mutex);
    std::cerr << line.str() << std::flush;
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
    std::string db;
    std::string key_path;
    std::string state;
    std::string listen_text;
    std::string tls_cert;
    std::string tls_key;
    unsigned threads = 4;
    std::size_t max_elements = 65536;
    po::options_description visible("Options");
    visible.add_options()                                                                    //
        ("db", po::value(&db)->required(), "the corpus folder (its key is checked)")         //
        ("key", po::value(&key_path)->required(), "the operator's key file")                 //
        ("state", po::value(&state)->required(), "the clients' folder (leakwatch clients)")  //
        ("listen", po::value(&listen_text)->required(), "HOST:PORT to listen on")            //
        ("tls-cert", po::value(&tls_cert), "TLS certificate chain (PEM)")                    //
        ("tls-key", po::value(&tls_key), "TLS private key (PEM, readable by you only)")      //
        ("threads", po::value(&threads)->default_value(4), "connection threads")             //
        ("max-elements", po::value(&max_elements)->default_value(65536),
         "elements in one evaluate request (clients send more in chunks)");
    const po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    if (tls_cert.empty() != tls_key.empty()) {
        throw Error(ErrorCategory::usage, "--tls-cert and --tls-key go together");
    }
    if (max_elements == 0 || max_elements > 1000000) {
        throw Error(ErrorCategory::usage, "--max-elements takes 1 to 1000000");
    }
    if (threads == 0 || threads > 256) {
        throw Error(ErrorCategory::usage, "--threads takes 1 to 256");
    }
    const Listen listen = parse_listen(listen_text);
    ::umask(077);
    indexer::SecretScalar secret_key = indexer::read_key_file(key_path);
    {
        const search::OpenedCorpora corpora = search::open_corpora({db}, {});
        search::require_public_key(corpora, indexer::to_hex(indexer::public_key_of(secret_key)));
    }
    service::ClientStore clients(state, false);
    service::ServiceOptions options;
    options.max_elements = max_elements;
    service::CorpusFeed feed(db);
    service::ServiceApi api(std::move(secret_key), clients, feed, options, &log_request);

    service::HttpServerOptions server_options;
    server_options.host = listen.host;
    server_options.port = listen.port;
    server_options.threads = threads;
    server_options.max_body_bytes = api.max_body_bytes();
    if (!tls_cert.empty()) {
        server_options.tls_cert_pem =
            indexer::read_private_file(tls_cert, "TLS certificate", kMaxPemBytes);
        server_options.tls_key_pem = indexer::read_private_file(tls_key, "TLS key", kMaxPemBytes);
    }
    const bool tls = !tls_cert.empty();
    install_stop_handlers();
    service::HttpServer server(server_options, [&api](const service::HttpRequest& request) {
        return api.handle(request, std::time(nullptr));
    });
    sodium_memzero(server_options.tls_key_pem.data(), server_options.tls_key_pem.size());
    const bool v6 = listen.host.find(':') != std::string::npos;
    std::cerr << "leakwatch serve: listening on " << (tls ? "https://" : "http://")
              << (v6 ? "[" + listen.host + "]" : listen.host) << ":" << server.port() << std::endl;
    while (!stop_requested().load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::cerr << "leakwatch serve: stopping (requests in progress finish)" << std::endl;
    server.stop(std::chrono::seconds(30));
    std::cerr << "leakwatch serve: stopped" << std::endl;
    return kExitOk;
}

}  // namespace lw::cli
