#include "cli/command.h"

namespace lw::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"extract", "find identifiers in text and show them (redacted unless --reveal)",
         run_extract},
        {"index", "index local dumps (files, folders, archives) into the corpus", run_index},
        {"search", "where tokens appeared: items, sites, dates, kinds beside them", run_search},
        {"check", "in-house: an institution's table checked against the corpus", run_check},
        {"crawl", "fetch the seeds' sites politely and index what they hold", run_crawl},
        {"query", "researchers: items or records matching a query, with facets", run_query},
        {"related", "researchers: the items sharing tokens with one item", run_related},
        {"timeline", "researchers: items and new tokens over time, table and SVG", run_timeline},
        {"stats", "what a corpus holds: items, records, tokens by kind, sites, months", run_stats},
        {"upgrade", "rewrite a format-2 corpus as format 3 (sources sealed), in place",
         run_upgrade},
        {"keygen", "create the operator's key file and print its public key", run_keygen},
        {"pubkey", "print the public key of a key file", run_pubkey},
        {"token", "tokens of identifiers, with the operator's key", run_token},
        {"blind", "institution: a blind request for the operator (reveals nothing)", run_blind},
        {"evaluate", "operator: answer a blind request, with proofs", run_evaluate},
        {"unblind", "institution: verify the response and print the tokens", run_unblind},
        {"serve", "operator: the institution service over HTTP (evaluate, with quotas)", run_serve},
        {"clients", "operator: the service's clients, their API keys and quotas", run_clients},
    };
    return table;
}

}  // namespace lw::cli
