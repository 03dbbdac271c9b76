#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lw::crawler {

// Turning a fetched body into UTF-8, after the WHATWG encoding standard
// (simplified). Encodings are named as glibc's iconv takes them, upper case:
// "UTF-8", "WINDOWS-1252", "ISO-8859-15", "UTF-16LE".

// The encoding a label stands for, with WHATWG's aliases applied
// ("latin1", "ISO-8859-1" and "us-ascii" are "WINDOWS-1252"). nullopt when
// the label has characters no encoding name has.
std::optional<std::string> encoding_for_label(std::string_view label);

// The `charset` parameter of a Content-Type header or of a
// <meta http-equiv="Content-Type"> content attribute, as written.
std::optional<std::string> charset_parameter(std::string_view content_type);

// The label a <meta charset> or <meta http-equiv="Content-Type"> in the first
// 1024 bytes declares, skipping comments and other tags' attributes.
std::optional<std::string> prescan_meta_charset(std::string_view bytes);

// The encoding of `bytes`: a byte order mark, else the header's charset,
// else the page's <meta>, else UTF-8. A BOM wins over the header, as in
// browsers: it is never there by accident. A <meta> naming UTF-16 means
// UTF-8 (the meta could not be read as ASCII otherwise).
std::string sniff_encoding(std::string_view bytes, std::string_view content_type_header);

// `bytes` with every invalid UTF-8 sequence replaced by U+FFFD, one per
// maximal ill-formed subpart (as browsers do).
std::string repair_utf8(std::string_view bytes);

// `bytes` decoded from sniff_encoding's encoding, without the BOM. Always
// valid UTF-8: undecodable bytes become U+FFFD, and an encoding iconv does
// not know is read as UTF-8. Never throws on bad bytes.
std::string to_utf8(std::string_view bytes, std::string_view content_type_header);

}  // namespace lw::crawler
