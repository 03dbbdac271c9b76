#include "crawler/css_selector.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "indexer/base/ascii.h"

namespace lw::crawler {

SelectorError::SelectorError(const std::string& reason, std::size_t column)
    : lw::Error(ErrorCategory::usage, reason + " at column " + std::to_string(column)),
      reason_(reason),
      column_(column) {}

// Where an element stands, as the match bits of the elements around it: bit
// g of a Bits is set on an element when the complex selector's compounds up
// to g match with that element as the subject of compound g.
struct CssSelector::Place {
    Bits parent = 0;        // of the parent element
    Bits ancestors = 0;     // of any ancestor
    Bits previous = 0;      // of the element sibling just before
    Bits siblings = 0;      // of any element sibling before
    std::size_t index = 1;  // among element siblings, from 1
    bool last = true;       // no element sibling after
};

namespace {

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

constexpr bool is_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

constexpr bool is_hex(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr unsigned long hex_value(char c) noexcept {
    return c <= '9' ? static_cast<unsigned long>(c - '0')
                    : static_cast<unsigned long>(indexer::ascii_lower(c) - 'a' + 10);
}

void append_utf8(std::string& out, unsigned long cp) {
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        cp = 0xFFFD;
    }
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return indexer::ascii_lower(x) == indexer::ascii_lower(y);
           });
}

const char* attribute_value(const GumboNode* element, std::string_view name) {
    const GumboVector& attributes = element->v.element.attributes;
    for (unsigned i = 0; i < attributes.length; ++i) {
        const auto* attribute = static_cast<const GumboAttribute*>(attributes.data[i]);
        if (equals_ignore_case(attribute->name, name)) {
            return attribute->value;
        }
    }
    return nullptr;
}

bool has_word(std::string_view list, std::string_view word) {
    std::size_t at = 0;
    while (at < list.size()) {
        while (at < list.size() && is_space(list[at])) {
            ++at;
        }
        std::size_t end = at;
        while (end < list.size() && !is_space(list[end])) {
            ++end;
        }
        if (end > at && list.substr(at, end - at) == word) {
            return true;
        }
        at = end;
    }
    return false;
}

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

const GumboVector* children_of(const GumboNode* node) {
    if (node->type == GUMBO_NODE_DOCUMENT) {
        return &node->v.document.children;
    }
    // Template contents are a separate, inert document in the DOM.
    if (node->type == GUMBO_NODE_ELEMENT) {
        return &node->v.element.children;
    }
    return nullptr;
}

const GumboNode* child_at(const GumboVector& children, unsigned i) {
    return static_cast<const GumboNode*>(children.data[i]);
}

// Index of the last element child, or children.length if there is none.
unsigned last_element_index(const GumboVector& children) {
    for (unsigned i = children.length; i > 0; --i) {
        if (is_element(child_at(children, i - 1))) {
            return i - 1;
        }
    }
    return children.length;
}

}  // namespace

// Recursive descent over the selector text, throwing SelectorError at the
// first problem with the column where it is.
class SelectorParser {
  public:
    using Compound = CssSelector::Compound;
    using Combinator = CssSelector::Combinator;

    explicit SelectorParser(std::string_view text) : text_(text) {}

    CssSelector parse_list() {
        CssSelector selector;
        skip_spaces();
        for (;;) {
            parse_complex(selector);
            if (at_end()) {
                break;
            }
            if (peek() != ',') {
                fail_unexpected();
            }
            ++at_;
            skip_spaces();
            if (at_end()) {
                fail("expected a selector after ','", at_);
            }
        }
        return selector;
    }

  private:
    [[noreturn]] void fail(const std::string& reason, std::size_t at) const {
        // Columns count characters, not bytes: selectors may hold UTF-8.
        std::size_t column = 1;
        for (std::size_t i = 0; i < at && i < text_.size(); ++i) {
            column += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80 ? 1 : 0;
        }
        throw SelectorError(reason, column);
    }

    [[noreturn]] void fail_unexpected() const {
        if (at_end()) {
            fail("unexpected end of selector", at_);
        }
        const auto c = static_cast<unsigned char>(peek());
        if (c < 0x20 || c == 0x7F) {
            char code[8];
            std::snprintf(code, sizeof code, "%02X", c);
            fail(std::string("unexpected character U+00") + code, at_);
        }
        fail(std::string("unexpected '") + peek() + "'", at_);
    }

    bool at_end() const noexcept { return at_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const noexcept {
        return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
    }

    bool skip_spaces() noexcept {
        const std::size_t from = at_;
        while (!at_end() && is_space(peek())) {
            ++at_;
        }
        return at_ > from;
    }

    void expect(char c, std::size_t opened_at, const char* opener) {
        if (at_end()) {
            fail(std::string("missing '") + c + "' for the '" + opener + "'", opened_at);
        }
        if (peek() != c) {
            fail_unexpected();
        }
        ++at_;
    }

    void parse_complex(CssSelector& selector) {
        Compound compound;
        const std::size_t first_at = at_;
        if (!parse_compound(compound, false)) {
            if (at_end()) {
                fail("expected a selector", at_);
            }
            fail_unexpected();
        }
        add(selector, std::move(compound), first_at);
        for (;;) {
            const bool spaced = skip_spaces();
            if (at_end() || peek() == ',') {
                break;
            }
            Combinator combinator = Combinator::descendant;
            const char c = peek();
            if (c == '>' || c == '+' || c == '~') {
                combinator = c == '>'   ? Combinator::child
                             : c == '+' ? Combinator::adjacent
                                        : Combinator::sibling;
                ++at_;
                skip_spaces();
                if (at_end()) {
                    fail(std::string("expected a selector after '") + c + "'", at_);
                }
            } else if (!spaced) {
                fail_unexpected();
            }
            Compound next;
            const std::size_t next_at = at_;
            if (!parse_compound(next, false)) {
                fail_unexpected();
            }
            next.combinator = combinator;
            add(selector, std::move(next), next_at);
        }
        selector.last_ |= CssSelector::Bits{1} << (selector.compounds_.size() - 1);
    }

    void add(CssSelector& selector, Compound compound, std::size_t compound_at) {
        if (selector.compounds_.size() == CssSelector::kMaxCompounds) {
            fail("more than " + std::to_string(CssSelector::kMaxCompounds) + " compound selectors",
                 compound_at);
        }
        selector.compounds_.push_back(std::move(compound));
    }

    // False when nothing at `at_` starts a compound.
    bool parse_compound(Compound& compound, bool in_negation) {
        const std::size_t start = at_;
        if (peek() == '*') {
            ++at_;
        } else if (is_name_char(peek()) || peek() == '\\') {
            const std::size_t name_at = at_;
            const std::string name = indexer::ascii_lower_copy(parse_name());
            if (name.front() >= '0' && name.front() <= '9') {
                fail("a tag name cannot start with a digit", name_at);
            }
            compound.tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
            if (compound.tag == GUMBO_TAG_UNKNOWN) {
                compound.unknown_tag = name;
            }
        }
        for (;;) {
            const char c = peek();
            if (c == '#' || c == '.') {
                ++at_;
                if (!is_name_char(peek()) && peek() != '\\') {
                    fail(std::string("expected a name after '") + c + "'", at_);
                }
                (c == '#' ? compound.ids : compound.classes).push_back(parse_name());
            } else if (c == '[') {
                parse_attribute(compound);
            } else if (c == ':') {
                parse_pseudo(compound, in_negation);
            } else {
                break;
            }
        }
        return at_ > start;
    }

    // An identifier, with CSS escapes ("\31 23", "\:") undone.
    std::string parse_name() {
        std::string name;
        while (!at_end()) {
            if (peek() == '\\') {
                parse_escape(name);
            } else if (is_name_char(peek())) {
                name += text_[at_++];
            } else {
                break;
            }
        }
        return name;
    }

    void parse_escape(std::string& out) {
        const std::size_t backslash = at_++;
        if (at_end()) {
            fail("unfinished escape", backslash);
        }
        if (peek() == '\n' || peek() == '\r' || peek() == '\f') {
            fail("a newline cannot be escaped here", backslash);
        }
        if (!is_hex(peek())) {
            out += text_[at_++];
            return;
        }
        unsigned long cp = 0;
        for (int digits = 0; digits < 6 && is_hex(peek()); ++digits) {
            cp = cp * 16 + hex_value(text_[at_++]);
        }
        if (is_space(peek())) {
            ++at_;  // the space that ends a hex escape is part of it
        }
        append_utf8(out, cp);
    }

    std::string parse_string() {
        const std::size_t open = at_;
        const char quote = text_[at_++];
        std::string value;
        for (;;) {
            if (at_end()) {
                fail("unterminated string", open);
            }
            const char c = peek();
            if (c == quote) {
                ++at_;
                return value;
            }
            if (c == '\n' || c == '\r' || c == '\f') {
                fail("newline in a string", at_);
            }
            if (c == '\\') {
                if (peek(1) == '\n') {
                    at_ += 2;  // a line continuation
                    continue;
                }
                parse_escape(value);
                continue;
            }
            value += c;
            ++at_;
        }
    }

    void parse_attribute(Compound& compound) {
        using Op = CssSelector::AttributeOp;
        const std::size_t open = at_++;
        skip_spaces();
        if (!is_name_char(peek()) && peek() != '\\') {
            if (at_end()) {
                fail("missing ']' for the '['", open);
            }
            fail("expected an attribute name", at_);
        }
        CssSelector::AttributeTest test{indexer::ascii_lower_copy(parse_name()), Op::exists, {}};
        skip_spaces();
        if (peek() != ']') {
            const std::size_t op_at = at_;
            const char c = peek();
            if (c == '=') {
                test.op = Op::equals;
                ++at_;
            } else if (peek(1) == '=' &&
                       std::string_view("~|^$*").find(c) != std::string_view::npos) {
                test.op = c == '~'   ? Op::word
                          : c == '|' ? Op::dash
                          : c == '^' ? Op::prefix
                          : c == '$' ? Op::suffix
                                     : Op::contains;
                at_ += 2;
            } else {
                if (at_end()) {
                    fail("missing ']' for the '['", open);
                }
                fail_unexpected();
            }
            skip_spaces();
            if (peek() == '"' || peek() == '\'') {
                test.value = parse_string();
            } else {
                while (!at_end() && !is_space(peek()) && peek() != ']') {
                    test.value += text_[at_++];
                }
                if (test.value.empty()) {
                    if (at_end()) {
                        fail("missing ']' for the '['", open);
                    }
                    const std::size_t op_length = test.op == Op::equals ? 1 : 2;
                    fail("expected a value after '" + std::string(text_.substr(op_at, op_length)) +
                             "'",
                         at_);
                }
            }
            skip_spaces();
        }
        expect(']', open, "[");
        compound.attributes.push_back(std::move(test));
    }

    void parse_pseudo(Compound& compound, bool in_negation) {
        using Position = CssSelector::Position;
        const std::size_t colon = at_++;
        if (peek() == ':') {
            ++at_;
            fail("unsupported pseudo-element '::" + parse_name() + "'", colon);
        }
        if (!is_name_char(peek()) && peek() != '\\') {
            fail("expected a pseudo-class name after ':'", at_);
        }
        const std::string name = indexer::ascii_lower_copy(parse_name());
        if (name == "first-child") {
            compound.positions.push_back({Position::first, 0});
        } else if (name == "last-child") {
            compound.positions.push_back({Position::last, 0});
        } else if (name == "only-child") {
            compound.positions.push_back({Position::first, 0});
            compound.positions.push_back({Position::last, 0});
        } else if (name == "nth-child" && peek() == '(') {
            const std::size_t open = at_++;
            skip_spaces();
            const std::size_t number_at = at_;
            std::size_t n = 0;
            while (peek() >= '0' && peek() <= '9' && at_ - number_at < 9) {
                n = n * 10 + static_cast<std::size_t>(peek() - '0');
                ++at_;
            }
            const bool has_digits = at_ > number_at;
            skip_spaces();
            if (!has_digits || (!at_end() && peek() != ')')) {
                fail("expected an integer in ':nth-child()' (An+B is not supported)", number_at);
            }
            expect(')', open, ":nth-child(");
            compound.positions.push_back({Position::nth, n});
        } else if (name == "not" && peek() == '(') {
            if (in_negation) {
                fail("':not()' inside ':not()' is not supported", colon);
            }
            const std::size_t open = at_++;
            for (;;) {
                skip_spaces();
                Compound negation;
                if (!parse_compound(negation, true)) {
                    if (at_end()) {
                        fail("missing ')' for the ':not('", open);
                    }
                    fail_unexpected();
                }
                compound.negations.push_back(std::move(negation));
                skip_spaces();
                if (peek() != ',') {
                    break;
                }
                ++at_;
            }
            expect(')', open, ":not(");
        } else {
            fail("unsupported pseudo-class ':" + name + (peek() == '(' ? "()'" : "'"), colon);
        }
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

CssSelector CssSelector::parse(std::string_view text) {
    return SelectorParser(text).parse_list();
}

namespace {

std::string_view tag_name(const GumboNode* element) {
    if (element->v.element.tag != GUMBO_TAG_UNKNOWN) {
        return gumbo_normalized_tagname(element->v.element.tag);
    }
    GumboStringPiece piece = element->v.element.original_tag;
    gumbo_tag_from_original_text(&piece);
    return {piece.data, piece.length};
}

}  // namespace

CssSelector::Bits CssSelector::match_bits(const GumboNode* element, const Place& place) const {
    Bits bits = 0;
    for (std::size_t g = 0; g < compounds_.size(); ++g) {
        const Compound& compound = compounds_[g];
        const Bits before = g == 0 ? 0 : Bits{1} << (g - 1);
        bool context = true;
        switch (compound.combinator) {
            case Combinator::none:
                break;
            case Combinator::descendant:
                context = (place.ancestors & before) != 0;
                break;
            case Combinator::child:
                context = (place.parent & before) != 0;
                break;
            case Combinator::adjacent:
                context = (place.previous & before) != 0;
                break;
            case Combinator::sibling:
                context = (place.siblings & before) != 0;
                break;
        }
        if (context && compound_holds(element, compound, place.index, place.last)) {
            bits |= Bits{1} << g;
        }
    }
    return bits;
}

CssSelector::Place CssSelector::place_of(const GumboNode* element) const {
    std::vector<const GumboNode*> chain;
    for (const GumboNode* node = element; node != nullptr && is_element(node);
         node = node->parent) {
        chain.push_back(node);
    }
    // From the top down: each level's bits need its parent's and its
    // preceding siblings'.
    Place place;
    Bits parent_bits = 0;
    Bits ancestor_bits = 0;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        const GumboNode* node = *it;
        // Siblings before `node` are not last; `node` is found below.
        place = Place{parent_bits, ancestor_bits, 0, 0, 1, node->parent == nullptr};
        if (const GumboNode* parent = node->parent; parent != nullptr) {
            const GumboVector* siblings = children_of(parent);
            if (siblings == nullptr) {
                siblings = &parent->v.element.children;  // inside a template
            }
            const unsigned last = last_element_index(*siblings);
            for (unsigned i = 0; i < siblings->length; ++i) {
                const GumboNode* sibling = child_at(*siblings, i);
                if (sibling == node) {
                    place.last = i == last;
                    break;
                }
                if (!is_element(sibling)) {
                    continue;
                }
                const Bits bits = match_bits(sibling, place);
                place.previous = bits;
                place.siblings |= bits;
                ++place.index;
            }
        }
        const Bits bits = match_bits(node, place);
        ancestor_bits |= bits;
        parent_bits = bits;
    }
    return place;
}

bool CssSelector::matches(const GumboNode* element) const {
    if (element == nullptr || !is_element(element)) {
        return false;
    }
    return (match_bits(element, place_of(element)) & last_) != 0;
}

std::vector<const GumboNode*> CssSelector::select(const GumboNode* scope) const {
    std::vector<const GumboNode*> found;
    if (scope == nullptr) {
        return found;
    }
    struct Frame {
        const GumboVector* children;
        unsigned next;
        unsigned last;
        Place place;  // for the next element child
    };
    // Iterative: a hostile page can be hundreds of levels deep.
    std::vector<Frame> stack;
    const auto enter = [&](const GumboNode* node, Bits bits, Bits ancestors) {
        const GumboVector* children = children_of(node);
        if (children != nullptr && children->length > 0) {
            stack.push_back(Frame{children, 0, last_element_index(*children),
                                  Place{bits, ancestors | bits, 0, 0, 1, true}});
        }
    };
    if (is_element(scope)) {
        const Place place = place_of(scope);
        const Bits bits = match_bits(scope, place);
        if ((bits & last_) != 0) {
            found.push_back(scope);
        }
        enter(scope, bits, place.ancestors);
    } else {
        enter(scope, 0, 0);
    }
    while (!stack.empty()) {
        Frame& frame = stack.back();
        if (frame.next >= frame.children->length) {
            stack.pop_back();
            continue;
        }
        const unsigned i = frame.next++;
        const GumboNode* child = child_at(*frame.children, i);
        if (!is_element(child)) {
            continue;
        }
        frame.place.last = i == frame.last;
        const Bits bits = match_bits(child, frame.place);
        const Bits ancestors = frame.place.ancestors;
        frame.place.previous = bits;
        frame.place.siblings |= bits;
        ++frame.place.index;
        if ((bits & last_) != 0) {
            found.push_back(child);
        }
        enter(child, bits, ancestors);  // may reallocate `stack`: `frame` is dead after
    }
    return found;
}

bool CssSelector::attribute_holds(const char* actual, const std::string& value, AttributeOp op) {
    using Op = AttributeOp;
    const std::string_view a(actual);
    switch (op) {
        case Op::exists:
            return true;
        case Op::equals:
            return a == value;
        case Op::word:
            return !value.empty() &&
                   std::none_of(value.begin(), value.end(), [](char c) { return is_space(c); }) &&
                   has_word(a, value);
        case Op::dash:
            return a == value || (a.size() > value.size() && a.substr(0, value.size()) == value &&
                                  a[value.size()] == '-');
        case Op::prefix:
            return !value.empty() && a.substr(0, value.size()) == value;
        case Op::suffix:
            return !value.empty() && a.size() >= value.size() &&
                   a.substr(a.size() - value.size()) == value;
        case Op::contains:
            return !value.empty() && a.find(value) != std::string_view::npos;
    }
    return false;
}

bool CssSelector::compound_holds(const GumboNode* element, const Compound& compound,
                                 std::size_t index, bool last) {
    if (compound.tag != GUMBO_TAG_LAST) {
        if (compound.tag != GUMBO_TAG_UNKNOWN) {
            if (element->v.element.tag != compound.tag) {
                return false;
            }
        } else if (element->v.element.tag != GUMBO_TAG_UNKNOWN ||
                   !equals_ignore_case(tag_name(element), compound.unknown_tag)) {
            return false;
        }
    }
    for (const auto& id : compound.ids) {
        const char* actual = attribute_value(element, "id");
        if (actual == nullptr || id != actual) {
            return false;
        }
    }
    if (!compound.classes.empty()) {
        const char* actual = attribute_value(element, "class");
        if (actual == nullptr) {
            return false;
        }
        for (const auto& name : compound.classes) {
            if (!has_word(actual, name)) {
                return false;
            }
        }
    }
    for (const auto& test : compound.attributes) {
        const char* actual = attribute_value(element, test.name);
        if (actual == nullptr || !attribute_holds(actual, test.value, test.op)) {
            return false;
        }
    }
    for (const auto& position : compound.positions) {
        const bool holds = position.position == Position::first  ? index == 1
                           : position.position == Position::last ? last
                                                                 : index == position.n;
        if (!holds) {
            return false;
        }
    }
    for (const auto& negation : compound.negations) {
        if (compound_holds(element, negation, index, last)) {
            return false;
        }
    }
    return true;
}

}  // namespace lw::crawler
