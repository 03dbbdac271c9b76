#include "indexer/extract/redact.h"

#include <algorithm>

namespace lw::indexer {
namespace {

std::string stars(std::size_t n) {
    return std::string(n, '*');
}

std::string redact_nir(std::string_view v) {
    // Sex, year and month shown, grouped as people write it.
    std::string out;
    out += v.substr(0, 1);
    out += ' ';
    out += v.substr(1, 2);
    out += ' ';
    out += v.substr(3, 2);
    out += " ** *** *** **";
    return out;
}

std::string redact_email(std::string_view v) {
    const std::size_t dot = v.rfind('.');
    return std::string(v.substr(0, 1)) + "***@***" + std::string(v.substr(dot));
}

std::string redact_grouped(std::string_view v, std::size_t head, std::size_t tail) {
    std::string masked;
    for (std::size_t i = 0; i < v.size(); ++i) {
        masked.push_back(i < head || i + tail >= v.size() ? v[i] : '*');
    }
    std::string out;
    for (std::size_t i = 0; i < masked.size(); ++i) {
        if (i > 0 && i % 4 == 0) {
            out.push_back(' ');
        }
        out.push_back(masked[i]);
    }
    return out;
}

std::string redact_phone(std::string_view v) {
    // Country code (1-3 digits after '+') is not known without parsing again:
    // show '+' and the first two digits, and the last two.
    if (v.size() < 6) {
        return stars(v.size());
    }
    return std::string(v.substr(0, 3)) + ' ' + stars(v.size() - 5) +
           std::string(v.substr(v.size() - 2));
}

std::string redact_person(std::string_view v) {
    const std::size_t a = v.find('|');
    const std::size_t b = v.rfind('|');
    if (a == std::string_view::npos || b == a) {
        return stars(v.size());
    }
    return std::string(v.substr(0, 1)) + "***|" + std::string(v.substr(a + 1, 1)) + "***|" +
           std::string(v.substr(b + 1, 4)) + "-**-**";
}

}  // namespace

std::string redact(Kind kind, std::string_view v) {
    if (v.empty()) {
        return {};
    }
    switch (kind) {
        case Kind::nir:
            return v.size() == 15 ? redact_nir(v) : stars(v.size());
        case Kind::email:
            return redact_email(v);
        case Kind::cf:
            return std::string(v.substr(0, 3)) + stars(v.size() - 3);
        case Kind::phone:
            return redact_phone(v);
        case Kind::iban:
            return redact_grouped(v, 4, 3);
        case Kind::card:
            return redact_grouped(v, 6, 4);
        case Kind::person:
            return redact_person(v);
    }
    return stars(v.size());
}

}  // namespace lw::indexer
