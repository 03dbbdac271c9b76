#pragma once

#include <cstddef>
#include <string_view>

namespace lw::indexer {

// Where an address found around an '@' starts and ends in the text.
struct EmailSpan {
    // No default initialisers: arrays of spans are left unzeroed in the hot
    // path; `EmailSpan{}` is the empty span.
    std::size_t begin;
    std::size_t end;  // one past the last character
};

// Finds the address around text[at] == '@' in free text: a dot-atom local
// part (RFC 5321 atext, at most 64 octets), a domain of LDH labels (each at
// most 63 octets, none starting or ending with '-') ending in a TLD of 2+
// letters, at most 254 octets in all. Surrounding punctuation is trimmed; an
// address glued to a longer token (another '@', non-ASCII letters) is not one.
// Exotic valid forms (quoted local parts, comments, IP literals) are not
// looked for. Returns an empty span when there is no address.
EmailSpan find_email_at(std::string_view text, std::size_t at) noexcept;

// True when `cell`, whole, is an address: what find_email_at finds around its
// first '@' is the whole cell. One pass, for columns labelled as emails.
bool is_whole_email(std::string_view cell) noexcept;

}  // namespace lw::indexer
