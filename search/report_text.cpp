#include "search/report_text.h"

namespace lw::search {

std::string csv_field(const std::string& text) {
    if (text.find_first_of(",\"\n\r") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

std::string kinds_text(KindSet set, const char* separator) {
    std::string out;
    for (indexer::Kind k : kinds_of(set)) {
        if (!out.empty()) {
            out += separator;
        }
        out += indexer::kind_name(k);
    }
    return out;
}

}  // namespace lw::search
