#pragma once

#include <gumbo.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace lw::crawler {

class GumboArena;

// A parsed page: owns the UTF-8 text and the Gumbo tree that points into it.
// Move-only; nodes handed out live as long as the document.
//
// Parsing never fails. Gumbo copes with any markup, but it is quadratic in
// the nesting depth and a hostile page can make it clone formatting elements
// without end, so two limits keep a page's cost linear in its size:
// - start tags past kMaxOpenElements (estimated) open elements are dropped,
//   their content kept (browsers cap the depth likewise);
// - a page whose tree outgrows kMemoryPerByte times its size (plus
//   kMemoryBase) is given up and parsed as an empty document. Real pages
//   take 7 to 15 times their size; 58 is the most a page of nothing but
//   one-letter attributes took.
// Either sets degraded(), as does a Gumbo assertion failing: Debian's Gumbo
// keeps its assert()s, so while a parse runs a SIGABRT handler is installed
// that abandons the parse (the page is then empty) on the parsing thread and
// hands any other abort to the handler it replaced. glibc still prints the
// assertion on stderr. CDATA sections are read as bogus comments (Gumbo
// aborts on some of them).
class HtmlDocument {
  public:
    static constexpr std::size_t kMaxOpenElements = 512;
    static constexpr std::size_t kMemoryBase = 16 << 20;
    static constexpr std::size_t kMemoryPerByte = 80;

    // Decodes `bytes` with to_utf8 (charset from `content_type`, a BOM or a
    // <meta>, else UTF-8) and parses the result.
    static HtmlDocument parse(std::string_view bytes, std::string_view content_type);

    HtmlDocument(HtmlDocument&&) noexcept;
    HtmlDocument& operator=(HtmlDocument&&) noexcept;
    HtmlDocument(const HtmlDocument&) = delete;
    HtmlDocument& operator=(const HtmlDocument&) = delete;
    ~HtmlDocument();

    // The <html> element (Gumbo always makes one). Never null.
    const GumboNode* root() const noexcept;
    // The document node above it, with the doctype's details and comments
    // outside <html>.
    const GumboNode* document() const noexcept;

    // The href of the first <base href> (trimmed, not resolved): what
    // relative links resolve against instead of the page's URL.
    std::optional<std::string> base_href() const;

    // The UTF-8 text that was parsed (after the nesting limit).
    std::string_view text() const noexcept { return *text_; }

    // Whether a limit above changed what was parsed.
    bool degraded() const noexcept { return degraded_; }

  private:
    HtmlDocument(std::unique_ptr<std::string> text, std::unique_ptr<GumboArena> arena,
                 GumboOutput* output, bool degraded) noexcept;

    // Behind a pointer so that moving the document does not move the bytes
    // Gumbo's nodes point into (a short std::string moves its buffer).
    std::unique_ptr<std::string> text_;
    // Owns every block of the tree; see html_document.cpp for why not
    // gumbo_destroy_output.
    std::unique_ptr<GumboArena> arena_;
    GumboOutput* output_;
    bool degraded_;
};

}  // namespace lw::crawler
