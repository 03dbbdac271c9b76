#pragma once

#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/base/error.h"

namespace lw::crawler {

// A selector that does not parse. what() says where and why, with a 1-based
// column in characters: "unexpected ')' at column 7". Seed files put it after
// their own "file:line: ".
class SelectorError : public lw::Error {
  public:
    SelectorError(const std::string& reason, std::size_t column);
    const std::string& reason() const noexcept { return reason_; }
    std::size_t column() const noexcept { return column_; }

  private:
    std::string reason_;
    std::size_t column_;
};

// The CSS that seed files use to find links and posts: Selectors level 3
// without namespaces and with few pseudo-classes.
// - `tag` (any case), `*`, `.class`, `#id`;
// - `[attr]`, `[attr=v]`, `[attr~=v]`, `[attr|=v]`, `[attr^=v]`, `[attr$=v]`,
//   `[attr*=v]`; values quoted with ' or ", or bare up to whitespace or ']'
//   (so `[href^=/archive/]` works, though CSS would want quotes);
// - `:first-child`, `:last-child`, `:only-child`, `:nth-child(N)` (N an
//   integer only), `:not(compounds, ...)`;
// - compounds joined by descendant (space), `>`, `+` and `~` combinators;
//   comma lists.
// Class and id match case-sensitively, tag and attribute names do not.
// Matching is one walk of the tree whatever the selector (no backtracking
// through ancestors), so a deep page costs no more than a wide one.
class CssSelector {
  public:
    // Throws SelectorError.
    static CssSelector parse(std::string_view text);

    // Elements of the subtree at `scope`, `scope` included, that match, in
    // document order and each once. Combinators may match ancestors above
    // `scope`, as with querySelectorAll. Template contents are not searched.
    std::vector<const GumboNode*> select(const GumboNode* scope) const;

    // Whether `element` matches (its ancestors and siblings are looked at).
    bool matches(const GumboNode* element) const;

    // Compounds the selector may hold, all comma alternatives together.
    static constexpr std::size_t kMaxCompounds = 64;

  private:
    friend class SelectorParser;

    enum class Combinator : unsigned char { none, descendant, child, adjacent, sibling };
    enum class AttributeOp : unsigned char { exists, equals, word, dash, prefix, suffix, contains };
    enum class Position : unsigned char { first, last, nth };

    struct AttributeTest {
        std::string name;  // lower case
        AttributeOp op;
        std::string value;
    };
    struct PositionTest {
        Position position;
        std::size_t n;  // for nth
    };
    // Simple selectors that must all hold on one element.
    struct Compound {
        GumboTag tag = GUMBO_TAG_LAST;  // GUMBO_TAG_LAST: any
        std::string unknown_tag;        // lower case, when tag is GUMBO_TAG_UNKNOWN
        std::vector<std::string> ids;
        std::vector<std::string> classes;
        std::vector<AttributeTest> attributes;
        std::vector<PositionTest> positions;
        std::vector<Compound> negations;  // :not(), never nested
        // How this compound relates to the one before it in its complex
        // selector; none for the first.
        Combinator combinator = Combinator::none;
    };

    struct Place;
    using Bits = std::uint64_t;

    static bool compound_holds(const GumboNode* element, const Compound& compound,
                               std::size_t index, bool last);
    static bool attribute_holds(const char* actual, const std::string& value, AttributeOp op);
    Bits match_bits(const GumboNode* element, const Place& place) const;
    Place place_of(const GumboNode* element) const;

    // All complex selectors' compounds, each complex one after the other,
    // left to right; `last_` marks the rightmost of each.
    std::vector<Compound> compounds_;
    Bits last_ = 0;
};

}  // namespace lw::crawler
