#include "crawler/charset.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <memory>
#include <utility>

#include "crawler/html_space.h"
#include "indexer/base/ascii.h"

namespace lw::crawler {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kPrescanLength = 1024;

// WHATWG labels whose encoding glibc spells differently, or that the standard
// maps to a superset (ISO-8859-1 is decoded as windows-1252 because that is
// what pages labelled ISO-8859-1 are really written in). Other labels go to
// iconv as written.
constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
    {"unicode-1-1-utf-8", "UTF-8"},
    {"unicode11utf8", "UTF-8"},
    {"unicode20utf8", "UTF-8"},
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"x-unicode20utf8", "UTF-8"},
    {"ansi_x3.4-1968", "WINDOWS-1252"},
    {"ascii", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"},
    {"cp819", "WINDOWS-1252"},
    {"csisolatin1", "WINDOWS-1252"},
    {"ibm819", "WINDOWS-1252"},
    {"iso-8859-1", "WINDOWS-1252"},
    {"iso-ir-100", "WINDOWS-1252"},
    {"iso8859-1", "WINDOWS-1252"},
    {"iso88591", "WINDOWS-1252"},
    {"iso_8859-1", "WINDOWS-1252"},
    {"iso_8859-1:1987", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},
    {"latin1", "WINDOWS-1252"},
    {"us-ascii", "WINDOWS-1252"},
    {"windows-1252", "WINDOWS-1252"},
    {"x-cp1252", "WINDOWS-1252"},
    {"cp1254", "WINDOWS-1254"},
    {"csisolatin5", "WINDOWS-1254"},
    {"iso-8859-9", "WINDOWS-1254"},
    {"iso-ir-148", "WINDOWS-1254"},
    {"iso8859-9", "WINDOWS-1254"},
    {"iso88599", "WINDOWS-1254"},
    {"iso_8859-9", "WINDOWS-1254"},
    {"iso_8859-9:1989", "WINDOWS-1254"},
    {"l5", "WINDOWS-1254"},
    {"latin5", "WINDOWS-1254"},
    {"x-cp1254", "WINDOWS-1254"},
    {"dos-874", "WINDOWS-874"},
    {"iso-8859-11", "WINDOWS-874"},
    {"iso8859-11", "WINDOWS-874"},
    {"iso885911", "WINDOWS-874"},
    {"tis-620", "WINDOWS-874"},
    {"csiso88598i", "ISO-8859-8"},
    {"iso-8859-8-i", "ISO-8859-8"},
    {"logical", "ISO-8859-8"},
    {"csshiftjis", "CP932"},
    {"ms932", "CP932"},
    {"ms_kanji", "CP932"},
    {"shift-jis", "CP932"},
    {"shift_jis", "CP932"},
    {"sjis", "CP932"},
    {"windows-31j", "CP932"},
    {"x-sjis", "CP932"},
    {"cseuckr", "CP949"},
    {"csksc56011987", "CP949"},
    {"euc-kr", "CP949"},
    {"iso-ir-149", "CP949"},
    {"korean", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"ks_c_5601-1989", "CP949"},
    {"ksc5601", "CP949"},
    {"ksc_5601", "CP949"},
    {"windows-949", "CP949"},
    {"chinese", "GBK"},
    {"csgb2312", "GBK"},
    {"csiso58gb231280", "GBK"},
    {"gb2312", "GBK"},
    {"gb_2312", "GBK"},
    {"gb_2312-80", "GBK"},
    {"iso-ir-58", "GBK"},
    {"x-gbk", "GBK"},
    {"big5", "BIG5-HKSCS"},
    {"cn-big5", "BIG5-HKSCS"},
    {"csbig5", "BIG5-HKSCS"},
    {"x-x-big5", "BIG5-HKSCS"},
    {"cseucpkdfmtjapanese", "EUC-JP"},
    {"x-euc-jp", "EUC-JP"},
    {"csmacintosh", "MACINTOSH"},
    {"mac", "MACINTOSH"},
    {"x-mac-roman", "MACINTOSH"},
    {"x-mac-cyrillic", "MAC-CYRILLIC"},
    {"x-mac-ukrainian", "MAC-CYRILLIC"},
    {"koi", "KOI8-R"},
    {"koi8", "KOI8-R"},
    {"koi8_r", "KOI8-R"},
    {"koi8-ru", "KOI8-U"},
    {"csunicode", "UTF-16LE"},
    {"iso-10646-ucs-2", "UTF-16LE"},
    {"ucs-2", "UTF-16LE"},
    {"unicode", "UTF-16LE"},
    {"unicodefeff", "UTF-16LE"},
    {"utf-16", "UTF-16LE"},
    {"unicodefffe", "UTF-16BE"},
};

// The byte at `at`, or NUL past the end (NUL plays no part in the prescan).
constexpr char char_at(std::string_view s, std::size_t at) noexcept {
    return at < s.size() ? s[at] : '\0';
}

bool starts_with_ignore_case(std::string_view s, std::size_t at, std::string_view prefix) noexcept {
    if (s.size() - std::min(at, s.size()) < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (indexer::ascii_lower(s[at + i]) != prefix[i]) {
            return false;
        }
    }
    return true;
}

struct IconvCloser {
    void operator()(void* cd) const noexcept { iconv_close(static_cast<iconv_t>(cd)); }
};
using IconvHandle = std::unique_ptr<void, IconvCloser>;

IconvHandle open_decoder(const std::string& encoding) {
    iconv_t cd = iconv_open("UTF-8", encoding.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) {
        return nullptr;
    }
    return IconvHandle(cd);
}

struct Bom {
    std::string_view encoding;
    std::size_t length;
};

std::optional<Bom> find_bom(std::string_view bytes) noexcept {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
        return Bom{"UTF-8", 3};
    }
    if (bytes.substr(0, 2) == "\xFF\xFE") {
        return Bom{"UTF-16LE", 2};
    }
    if (bytes.substr(0, 2) == "\xFE\xFF") {
        return Bom{"UTF-16BE", 2};
    }
    return std::nullopt;
}

// One attribute of a tag in the prescan, its name lower-cased; `at` ends up
// past it. nullopt at the tag's '>' or at the end of the prescanned bytes.
struct Attribute {
    std::string name;
    std::string value;
};

std::optional<Attribute> next_attribute(std::string_view bytes, std::size_t& at) {
    while (at < bytes.size() && (is_html_space(bytes[at]) || bytes[at] == '/')) {
        ++at;
    }
    if (at >= bytes.size() || bytes[at] == '>') {
        return std::nullopt;
    }
    Attribute attribute;
    while (at < bytes.size()) {
        const char c = bytes[at];
        if (c == '=' && !attribute.name.empty()) {
            break;
        }
        if (is_html_space(c)) {
            while (at < bytes.size() && is_html_space(bytes[at])) {
                ++at;
            }
            if (at >= bytes.size() || bytes[at] != '=') {
                return attribute;
            }
            break;
        }
        if (c == '/' || c == '>') {
            return attribute;
        }
        attribute.name += indexer::ascii_lower(c);
        ++at;
    }
    if (at >= bytes.size()) {
        return std::nullopt;
    }
    ++at;  // '='
    while (at < bytes.size() && is_html_space(bytes[at])) {
        ++at;
    }
    if (at >= bytes.size()) {
        return std::nullopt;
    }
    if (bytes[at] == '"' || bytes[at] == '\'') {
        const char quote = bytes[at];
        const auto close = bytes.find(quote, at + 1);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        attribute.value = bytes.substr(at + 1, close - at - 1);
        at = close + 1;
        return attribute;
    }
    while (at < bytes.size() && !is_html_space(bytes[at]) && bytes[at] != '>') {
        attribute.value += bytes[at++];
    }
    return attribute;
}

// The label a <meta> tag declares, `at` being just after "<meta".
std::optional<std::string> meta_label(std::string_view bytes, std::size_t& at) {
    bool got_pragma = false;
    std::optional<std::string> charset;
    std::optional<std::string> content;
    while (auto attribute = next_attribute(bytes, at)) {
        if (attribute->name == "http-equiv") {
            got_pragma = got_pragma || indexer::ascii_lower_copy(
                                           trim_html_spaces(attribute->value)) == "content-type";
        } else if (attribute->name == "charset" && !charset) {
            charset = attribute->value;
        } else if (attribute->name == "content" && !content) {
            content = attribute->value;
        }
    }
    if (charset) {
        return charset;
    }
    if (got_pragma && content) {
        return charset_parameter(*content);
    }
    return std::nullopt;
}

void skip_past(std::string_view bytes, std::size_t& at, std::string_view end) noexcept {
    const auto found = bytes.find(end, at);
    at = found == std::string_view::npos ? bytes.size() : found + end.size();
}

std::optional<std::string> decode(std::string_view bytes, const std::string& encoding) {
    const IconvHandle decoder = open_decoder(encoding);
    if (!decoder) {
        return std::nullopt;
    }
    iconv_t cd = static_cast<iconv_t>(decoder.get());
    // A bad UTF-16 unit is two bytes: skipping one would misalign the rest.
    const std::size_t unit = encoding.rfind("UTF-16", 0) == 0 ? 2 : 1;
    std::string text;
    text.reserve(bytes.size() + bytes.size() / 2);
    char buffer[16384];
    char* in = const_cast<char*>(bytes.data());  // iconv's signature; it does not write
    std::size_t in_left = bytes.size();
    for (;;) {
        char* out = buffer;
        std::size_t out_left = sizeof buffer;
        const std::size_t converted = iconv(cd, &in, &in_left, &out, &out_left);
        const int error = errno;
        text.append(buffer, static_cast<std::size_t>(out - buffer));
        if (converted != static_cast<std::size_t>(-1)) {
            break;
        }
        if (error == E2BIG) {
            continue;
        }
        text += kReplacement;
        if (error != EILSEQ) {
            break;  // EINVAL: a sequence cut short by the end of the body
        }
        const std::size_t skip = std::min(unit, in_left);
        in += skip;
        in_left -= skip;
    }
    // Stateful encodings (ISO-2022-JP) may owe a final shift sequence.
    char* out = buffer;
    std::size_t out_left = sizeof buffer;
    iconv(cd, nullptr, nullptr, &out, &out_left);
    text.append(buffer, static_cast<std::size_t>(out - buffer));
    return text;
}

}  // namespace

std::optional<std::string> encoding_for_label(std::string_view label) {
    const std::string lower = indexer::ascii_lower_copy(trim_html_spaces(label));
    if (lower.empty() || lower.size() > 40) {
        return std::nullopt;
    }
    for (const auto& [alias, encoding] : kAliases) {
        if (alias == lower) {
            return std::string(encoding);
        }
    }
    // Only characters of encoding names reach iconv: "//TRANSLIT" and the
    // like would change how it converts.
    const bool plain = std::all_of(lower.begin(), lower.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.' || c == ':';
    });
    if (!plain) {
        return std::nullopt;
    }
    std::string encoding = indexer::ascii_upper_copy(lower);
    if (!open_decoder(encoding)) {
        return std::nullopt;
    }
    return encoding;
}

std::optional<std::string> charset_parameter(std::string_view content_type) {
    std::size_t at = 0;
    for (;;) {
        std::size_t found = std::string_view::npos;
        for (std::size_t i = at; i < content_type.size(); ++i) {
            if (starts_with_ignore_case(content_type, i, "charset")) {
                found = i;
                break;
            }
        }
        if (found == std::string_view::npos) {
            return std::nullopt;
        }
        at = found + 7;
        while (at < content_type.size() && is_html_space(content_type[at])) {
            ++at;
        }
        if (at >= content_type.size() || content_type[at] != '=') {
            continue;  // "charset" was part of another word
        }
        ++at;
        while (at < content_type.size() && is_html_space(content_type[at])) {
            ++at;
        }
        if (at >= content_type.size()) {
            return std::nullopt;
        }
        if (content_type[at] == '"' || content_type[at] == '\'') {
            const auto close = content_type.find(content_type[at], at + 1);
            if (close == std::string_view::npos) {
                return std::nullopt;
            }
            return std::string(content_type.substr(at + 1, close - at - 1));
        }
        std::size_t end = at;
        while (end < content_type.size() && !is_html_space(content_type[end]) &&
               content_type[end] != ';') {
            ++end;
        }
        return std::string(content_type.substr(at, end - at));
    }
}

std::optional<std::string> prescan_meta_charset(std::string_view bytes) {
    bytes = bytes.substr(0, kPrescanLength);
    std::size_t at = 0;
    while (at < bytes.size()) {
        if (bytes[at] != '<') {
            ++at;
            continue;
        }
        if (bytes.substr(at, 4) == "<!--") {
            at += 2;  // "<!-->" is a whole comment
            skip_past(bytes, at, "-->");
        } else if (starts_with_ignore_case(bytes, at, "<meta") && at + 5 < bytes.size() &&
                   (is_html_space(bytes[at + 5]) || bytes[at + 5] == '/')) {
            at += 5;
            if (auto label = meta_label(bytes, at)) {
                return label;
            }
        } else if (is_ascii_alpha(char_at(bytes, at + 1)) ||
                   (char_at(bytes, at + 1) == '/' && is_ascii_alpha(char_at(bytes, at + 2)))) {
            // Another tag: its attributes are skipped whole, so that a
            // "<meta charset" inside a quoted value is not taken for one.
            while (at < bytes.size() && !is_html_space(bytes[at]) && bytes[at] != '>') {
                ++at;
            }
            while (next_attribute(bytes, at)) {
            }
        } else if (const char next = char_at(bytes, at + 1);
                   next == '!' || next == '/' || next == '?') {
            skip_past(bytes, at, ">");
        } else {
            ++at;
        }
    }
    return std::nullopt;
}

std::string sniff_encoding(std::string_view bytes, std::string_view content_type_header) {
    if (const auto bom = find_bom(bytes)) {
        return std::string(bom->encoding);
    }
    if (const auto label = charset_parameter(content_type_header)) {
        if (auto encoding = encoding_for_label(*label)) {
            return *encoding;
        }
    }
    if (const auto label = prescan_meta_charset(bytes)) {
        if (auto encoding = encoding_for_label(*label)) {
            return encoding->rfind("UTF-16", 0) == 0 ? "UTF-8" : *encoding;
        }
    }
    return "UTF-8";
}

std::string repair_utf8(std::string_view bytes) {
    std::string text;
    text.reserve(bytes.size());
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
    std::size_t at = 0;
    while (at < bytes.size()) {
        const unsigned char lead = byte(at);
        if (lead < 0x80) {
            text += static_cast<char>(lead);
            ++at;
            continue;
        }
        // Length and the range of the second byte, which is what rules out
        // overlong forms, surrogates and code points past U+10FFFF.
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            low = lead == 0xE0 ? 0xA0 : 0x80;
            high = lead == 0xED ? 0x9F : 0xBF;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            low = lead == 0xF0 ? 0x90 : 0x80;
            high = lead == 0xF4 ? 0x8F : 0xBF;
        } else {
            text += kReplacement;
            ++at;
            continue;
        }
        std::size_t valid = 1;
        while (valid < length && at + valid < bytes.size()) {
            const unsigned char next = byte(at + valid);
            const unsigned char lo = valid == 1 ? low : 0x80;
            const unsigned char hi = valid == 1 ? high : 0xBF;
            if (next < lo || next > hi) {
                break;
            }
            ++valid;
        }
        if (valid == length) {
            text.append(bytes.substr(at, length));
        } else {
            text += kReplacement;  // the byte that broke the sequence starts afresh
        }
        at += valid;
    }
    return text;
}

std::string to_utf8(std::string_view bytes, std::string_view content_type_header) {
    const std::string encoding = sniff_encoding(bytes, content_type_header);
    if (const auto bom = find_bom(bytes); bom && bom->encoding == encoding) {
        bytes.remove_prefix(bom->length);
    }
    if (encoding != "UTF-8") {
        if (auto text = decode(bytes, encoding)) {
            return std::move(*text);
        }
    }
    return repair_utf8(bytes);
}

}  // namespace lw::crawler
