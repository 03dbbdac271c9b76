// leakwatch evaluate: the operator answers an institution's blind request.
#include <iostream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/options.h"
#include "indexer/indexer.h"

namespace lw::cli {
namespace {

const char* const kUsage =
    "usage: leakwatch evaluate --key FILE [--max-elements N] [--audit FILE --requester LABEL]\n"
    "                          < request.json > response.json\n\n"
    "Operator's step of the blind protocol (RFC 9497 VOPRF): evaluates the blinded\n"
    "elements of an institution's request ('leakwatch blind') with the key in FILE and\n"
    "proves, with DLEQ proofs, that it used the key whose public part it published.\n"
    "The request reveals nothing of the institution's identifiers.\n\n"
    "The response is written only once complete: on any error (malformed JSON, another\n"
    "protocol version, bad hex, an invalid element, more than N elements) one line goes\n"
    "to standard error and nothing to standard output.\n\n"
    "--audit FILE appends one line per request answered (FILE created readable by you\n"
    "only): UTC time, request id, the LABEL you give the requester, element count.\n\n"
    "Examples:\n"
    "  leakwatch evaluate --key /etc/leakwatch/voprf.key < q1.request.json > q1.response.json\n"
    "  leakwatch evaluate --key k.key --audit /var/log/leakwatch/blind.log --requester chu-lyon "
    "\\\n"
    "      < request.json > response.json\n\n"
    "Exit status: 0 response written, 2 error.";

// A request element is `"<64 hex>",` and a line break: 80 bytes leave room
// for indentation.
constexpr std::size_t kBytesPerElement = 80;
constexpr std::size_t kRequestOverhead = 4096;

}  // namespace

int run_evaluate(const std::vector<std::string>& args) {
    std::string key_path;
    std::size_t max_elements = 0;
    std::string audit_path;
    std::string requester;
    unsigned threads = 0;
    po::options_description visible("Options");
    visible.add_options()                                                     //
        ("key", po::value(&key_path)->required(), "the operator's key file")  //
        ("max-elements", po::value(&max_elements)->default_value(1000000),
         "refuse requests with more elements")                                         //
        ("audit", po::value(&audit_path), "append one line per request to this file")  //
        ("requester", po::value(&requester), "who asked, for the audit line")          //
        ("threads", po::value(&threads)->default_value(0),
         "evaluating threads (default 0: one per core)");
    const po::options_description hidden;
    po::variables_map vm;
    if (!parse_options(args, visible, hidden, nullptr, vm, kUsage)) {
        return kExitOk;
    }
    if (audit_path.empty() != requester.empty()) {
        throw Error(ErrorCategory::usage, "--audit and --requester go together");
    }
    if (!requester.empty() && !indexer::is_valid_requester(requester)) {
        throw Error(ErrorCategory::usage,
                    "--requester takes 1 to 64 characters among letters, digits and ._@:-");
    }
    if (max_elements == 0) {
        throw Error(ErrorCategory::usage, "--max-elements must be at least 1");
    }
    const indexer::SecretScalar secret_key = indexer::read_key_file(key_path);
    const std::size_t max_bytes = max_elements > (SIZE_MAX - kRequestOverhead) / kBytesPerElement
                                      ? SIZE_MAX
                                      : max_elements * kBytesPerElement + kRequestOverhead;
    const std::string request_text = indexer::read_whole_file("-", max_bytes, "request");
    const indexer::BlindRequest request = indexer::parse_blind_request(request_text, max_elements);
    indexer::BlindEvaluationOptions options;
    options.threads = threads;
    const std::string response = indexer::format_blind_response(
        indexer::evaluate_blind_request(secret_key, request, options));
    if (!audit_path.empty()) {
        indexer::append_audit_line(audit_path, request.request_id, requester,
                                   request.elements.size());
    }
    std::cout << response;
    std::cout.flush();
    return kExitOk;
}

}  // namespace lw::cli
