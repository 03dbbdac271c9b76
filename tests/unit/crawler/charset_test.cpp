#include "crawler/charset.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>

using lw::crawler::charset_parameter;
using lw::crawler::encoding_for_label;
using lw::crawler::prescan_meta_charset;
using lw::crawler::repair_utf8;
using lw::crawler::sniff_encoding;
using lw::crawler::to_utf8;

namespace {

const std::string kFffd = "\xEF\xBF\xBD";

// Whether `s` is well-formed UTF-8, checked independently of repair_utf8.
bool valid_utf8(const std::string& s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = c < 0x80                 ? 1
                        : c >= 0xC2 && c <= 0xDF ? 2
                        : c >= 0xE0 && c <= 0xEF ? 3
                        : c >= 0xF0 && c <= 0xF4 ? 4
                                                 : 0;
        if (n == 0 || i + n > s.size()) {
            return false;
        }
        unsigned long cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
        for (std::size_t k = 1; k < n; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = cp << 6 | (cc & 0x3F);
        }
        const unsigned long min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += n;
    }
    return true;
}

}  // namespace

TEST_CASE("charset: UTF-8 passes through unchanged", "[crawler][charset]") {
    const std::string text = "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 ok";
    CHECK(to_utf8(text, "") == text);
    CHECK(to_utf8(text, "text/html; charset=UTF-8") == text);
    CHECK(to_utf8("", "") == "");
}

TEST_CASE("charset: an ISO-8859-1 page named by the header", "[crawler][charset]") {
    CHECK(to_utf8("caf\xE9 cr\xE8me", "text/html; charset=ISO-8859-1") ==
          "caf\xC3\xA9 cr\xC3\xA8me");
    CHECK(to_utf8("caf\xE9", "text/html;charset=\"latin1\"") == "caf\xC3\xA9");
    CHECK(to_utf8("caf\xE9", "TEXT/HTML; CHARSET = 'iso_8859-1'") == "caf\xC3\xA9");
}

TEST_CASE("charset: an ISO-8859-1 page named by its meta", "[crawler][charset]") {
    const std::string charset_meta = "<html><head><meta charset=\"iso-8859-1\"></head>caf\xE9";
    CHECK(to_utf8(charset_meta, "") ==
          "<html><head><meta charset=\"iso-8859-1\"></head>caf\xC3\xA9");
    const std::string pragma =
        "<!DOCTYPE html><HEAD><META HTTP-EQUIV='content-type' "
        "CONTENT='text/html; charset=ISO-8859-1'/>\xE9t\xE9";
    CHECK(to_utf8(pragma, "text/html").substr(pragma.size() - 3) == "\xC3\xA9t\xC3\xA9");
    CHECK(sniff_encoding(pragma, "text/html") == "WINDOWS-1252");
}

TEST_CASE("charset: windows-1252 smart quotes, dashes and the euro sign", "[crawler][charset]") {
    const std::string bytes =
        "\x93quoted\x94 \x96 it\x92s \x85 \x80"
        "5";
    const std::string expected =
        "\xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x93 it\xE2\x80\x99s \xE2\x80\xA6 \xE2\x82\xAC"
        "5";
    CHECK(to_utf8(bytes, "text/html; charset=windows-1252") == expected);
    // Pages labelled ISO-8859-1 are written in windows-1252 (WHATWG).
    CHECK(to_utf8(bytes, "text/html; charset=iso-8859-1") == expected);
    CHECK(to_utf8(bytes, "text/html; charset=us-ascii") == expected);
}

TEST_CASE("charset: other single-byte encodings go through iconv", "[crawler][charset]") {
    CHECK(to_utf8("\xA4", "text/html; charset=ISO-8859-15") == "\xE2\x82\xAC");
    CHECK(to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "text/html; charset=koi8-r") ==
          "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");  // Привет
}

TEST_CASE("charset: a byte windows-1252 leaves undefined becomes U+FFFD", "[crawler][charset]") {
    CHECK(to_utf8("a\x81z", "text/html; charset=windows-1252") == "a" + kFffd + "z");
}

TEST_CASE("charset: the header wins over the meta, a BOM over both", "[crawler][charset]") {
    const std::string page = "<meta charset=latin1>caf\xC3\xA9";
    CHECK(to_utf8(page, "text/html; charset=utf-8") == page);
    CHECK(to_utf8(page, "") == "<meta charset=latin1>caf\xC3\x83\xC2\xA9");
    const std::string with_bom = "\xEF\xBB\xBF" + page;
    CHECK(to_utf8(with_bom, "text/html; charset=iso-8859-1") == page);
    CHECK(sniff_encoding(with_bom, "text/html; charset=iso-8859-1") == "UTF-8");
}

TEST_CASE("charset: UTF-16 with a BOM or named by the header", "[crawler][charset]") {
    CHECK(to_utf8(std::string("\xFF\xFEh\0i\0", 6), "") == "hi");
    CHECK(to_utf8(std::string("\xFE\xFF\0h\0i", 6), "") == "hi");
    CHECK(to_utf8(std::string("h\0\xE9\0", 4), "text/html; charset=utf-16") == "h\xC3\xA9");
    // An odd final byte and a lone surrogate are replaced, not fatal.
    CHECK(to_utf8(std::string("\xFF\xFEh\0i", 5), "") == "h" + kFffd);
    CHECK(to_utf8(std::string("\xFF\xFE\x00\xD8"
                              "a\0",
                              6),
                  "") == kFffd + "a");
}

TEST_CASE("charset: a meta naming UTF-16 means UTF-8", "[crawler][charset]") {
    CHECK(sniff_encoding("<meta charset=utf-16>", "") == "UTF-8");
    CHECK(to_utf8("<meta charset=utf-16>\xC3\xA9", "") == "<meta charset=utf-16>\xC3\xA9");
}

TEST_CASE("charset: invalid UTF-8 is repaired, one U+FFFD per bad subpart", "[crawler][charset]") {
    CHECK(repair_utf8("a\xFF"
                      "b") == "a" + kFffd + "b");
    CHECK(repair_utf8("\xC0\xAF") == kFffd + kFffd);                          // overlong
    CHECK(repair_utf8("\xE0\x80\xAF") == kFffd + kFffd + kFffd);              // overlong
    CHECK(repair_utf8("\xED\xA0\x80") == kFffd + kFffd + kFffd);              // surrogate
    CHECK(repair_utf8("\xF4\x90\x80\x80") == kFffd + kFffd + kFffd + kFffd);  // > U+10FFFF
    CHECK(repair_utf8("\xE2\x82"
                      "X") == kFffd + "X");                  // cut short
    CHECK(repair_utf8("end\xF0\x9F\x98") == "end" + kFffd);  // cut by the end
    CHECK(repair_utf8("\x80\x80") == kFffd + kFffd);         // lone continuations
    CHECK(repair_utf8(std::string("a\0b", 3)) == std::string("a\0b", 3));
    CHECK(to_utf8("caf\xE9", "") == "caf" + kFffd);
}

TEST_CASE("charset: an unknown charset is read as UTF-8 and repaired", "[crawler][charset]") {
    CHECK(to_utf8("caf\xC3\xA9 \xE9", "text/html; charset=x-klingon") == "caf\xC3\xA9 " + kFffd);
    CHECK(to_utf8("<meta charset=\"bogus\">\xE9", "") == "<meta charset=\"bogus\">" + kFffd);
    // An unknown header label does not hide the page's own meta.
    CHECK(sniff_encoding("<meta charset=latin1>", "text/html; charset=x-klingon") ==
          "WINDOWS-1252");
}

TEST_CASE("charset: labels map to iconv names, WHATWG aliases first", "[crawler][charset]") {
    CHECK(encoding_for_label("latin1") == "WINDOWS-1252");
    CHECK(encoding_for_label("  UTF8 \t") == "UTF-8");
    CHECK(encoding_for_label("Shift_JIS") == "CP932");
    CHECK(encoding_for_label("gb2312") == "GBK");
    CHECK(encoding_for_label("iso-8859-2") == "ISO-8859-2");
    CHECK(encoding_for_label("windows-1251") == "WINDOWS-1251");
    CHECK_FALSE(encoding_for_label("nonsense-charset"));
    CHECK_FALSE(encoding_for_label(""));
    // iconv options must not come in through a page's label.
    CHECK_FALSE(encoding_for_label("utf-8//TRANSLIT"));
    CHECK_FALSE(encoding_for_label("latin1,utf-8"));
}

TEST_CASE("charset: the charset parameter of a Content-Type", "[crawler][charset]") {
    CHECK(charset_parameter("text/html; charset=utf-8") == "utf-8");
    CHECK(charset_parameter("text/html; charset=\"utf-8\"; x=y") == "utf-8");
    CHECK(charset_parameter("text/html;CharSet = windows-1252 ;") == "windows-1252");
    CHECK(charset_parameter("text/html; xcharsetx; charset=koi8-r") == "koi8-r");
    CHECK_FALSE(charset_parameter("text/html"));
    CHECK_FALSE(charset_parameter("text/html; charset="));
    CHECK_FALSE(charset_parameter("text/html; charset=\"utf-8"));
}

TEST_CASE("charset: the meta prescan skips comments, other tags' values and byte 1024 on",
          "[crawler][charset]") {
    CHECK(prescan_meta_charset("<!-- <meta charset=latin1> --><meta charset=koi8-r>") == "koi8-r");
    CHECK(prescan_meta_charset("<!--><meta charset=latin1>") == "latin1");
    CHECK(prescan_meta_charset("<div title='<meta charset=latin1>'><meta charset='utf-8'>") ==
          "utf-8");
    CHECK(prescan_meta_charset("<meta name=x content='text/html; charset=latin1'>") ==
          std::nullopt);  // a content without http-equiv is not a declaration
    CHECK(prescan_meta_charset("<meta/charset=latin1>") == "latin1");
    CHECK(prescan_meta_charset(std::string(1024, ' ') + "<meta charset=latin1>") == std::nullopt);
    CHECK(prescan_meta_charset("<metadata charset=latin1>") == std::nullopt);
}

TEST_CASE("charset: any bytes in any encoding give valid UTF-8 and never throw",
          "[crawler][charset]") {
    std::mt19937 random(20240314);
    std::uniform_int_distribution<int> byte(0, 255);
    for (const char* content_type :
         {"", "text/html; charset=windows-1252", "text/html; charset=shift_jis",
          "text/html; charset=utf-16be", "text/html; charset=iso-2022-jp",
          "text/html; charset=gb18030"}) {
        for (int round = 0; round < 50; ++round) {
            std::string bytes(static_cast<std::size_t>(byte(random)) * 4, '\0');
            for (char& c : bytes) {
                c = static_cast<char>(byte(random));
            }
            std::string text;
            REQUIRE_NOTHROW(text = to_utf8(bytes, content_type));
            INFO(content_type);
            CHECK(valid_utf8(text));
            CHECK(repair_utf8(text) == text);
        }
    }
}
