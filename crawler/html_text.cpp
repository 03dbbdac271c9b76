#include "crawler/html_text.h"

#include <algorithm>
#include <array>
#include <vector>

#include "indexer/base/ascii.h"
#include "indexer/base/wiped_allocator.h"

namespace lw::crawler {

namespace {

// What an element does to the text around it.
enum Role : unsigned {
    kInline = 0,
    kLine = 1 << 0,       // starts and ends a line
    kParagraph = 1 << 1,  // set off by a blank line
    kCell = 1 << 2,       // td, th
    kBreak = 1 << 3,      // br
    kVerbatim = 1 << 4,   // whitespace kept
    kDropped = 1 << 5,    // no text
};

const std::array<unsigned, GUMBO_TAG_LAST + 1>& roles() {
    static const auto table = [] {
        std::array<unsigned, GUMBO_TAG_LAST + 1> r{};
        for (GumboTag tag :
             {GUMBO_TAG_ADDRESS,  GUMBO_TAG_ARTICLE,    GUMBO_TAG_ASIDE,    GUMBO_TAG_BODY,
              GUMBO_TAG_CAPTION,  GUMBO_TAG_CENTER,     GUMBO_TAG_DD,       GUMBO_TAG_DETAILS,
              GUMBO_TAG_DIR,      GUMBO_TAG_DIV,        GUMBO_TAG_DL,       GUMBO_TAG_DT,
              GUMBO_TAG_FIELDSET, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,   GUMBO_TAG_FOOTER,
              GUMBO_TAG_FORM,     GUMBO_TAG_HEADER,     GUMBO_TAG_HGROUP,   GUMBO_TAG_HTML,
              GUMBO_TAG_LEGEND,   GUMBO_TAG_LI,         GUMBO_TAG_MAIN,     GUMBO_TAG_MENU,
              GUMBO_TAG_NAV,      GUMBO_TAG_OL,         GUMBO_TAG_OPTGROUP, GUMBO_TAG_OPTION,
              GUMBO_TAG_SECTION,  GUMBO_TAG_SUMMARY,    GUMBO_TAG_TABLE,    GUMBO_TAG_TBODY,
              GUMBO_TAG_TFOOT,    GUMBO_TAG_THEAD,      GUMBO_TAG_TR,       GUMBO_TAG_UL}) {
            r[tag] = kLine;
        }
        for (GumboTag tag : {GUMBO_TAG_P, GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4,
                             GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_HR}) {
            r[tag] = kParagraph;
        }
        for (GumboTag tag :
             {GUMBO_TAG_PRE, GUMBO_TAG_LISTING, GUMBO_TAG_XMP, GUMBO_TAG_PLAINTEXT}) {
            r[tag] = kParagraph | kVerbatim;
        }
        r[GUMBO_TAG_TEXTAREA] = kLine | kVerbatim;
        r[GUMBO_TAG_CODE] = kVerbatim;
        r[GUMBO_TAG_TD] = kCell;
        r[GUMBO_TAG_TH] = kCell;
        r[GUMBO_TAG_BR] = kBreak;
        for (GumboTag tag : {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT,
                             GUMBO_TAG_TEMPLATE, GUMBO_TAG_HEAD, GUMBO_TAG_TITLE, GUMBO_TAG_IFRAME,
                             GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES}) {
            r[tag] = kDropped;
        }
        return r;
    }();
    return table;
}

unsigned role_of(const GumboNode* node) {
    if (node->type == GUMBO_NODE_TEMPLATE) {
        return kDropped;
    }
    return node->type == GUMBO_NODE_ELEMENT ? roles()[node->v.element.tag] : kInline;
}

constexpr bool is_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// Builds the text. Breaks and spaces are owed, not written, until text
// follows, so that none pile up and none trail. The text is a page's: it is
// built in wiped memory, and only the copy finish() returns, the caller's to
// wipe, is not.
class TextWriter {
  public:
    explicit TextWriter(int verbatim) : verbatim_(verbatim) {}

    void text(std::string_view text) {
        if (verbatim_ > 0) {
            verbatim_text(text);
        } else {
            flowing_text(text);
        }
    }

    void request_break(int newlines) {
        newlines_ = std::max(newlines_, newlines);
        space_ = false;
    }

    void line_break() {
        newlines_ = std::min(newlines_ + 1, 2);
        space_ = false;
        after_break_ = true;
    }

    // Before a row's first cell: the row's line break is due now, not
    // mistaken later for one inside a cell.
    void first_cell() {
        space_ = false;
        pay_breaks();
    }

    void next_cell() {
        newlines_ = 0;
        space_ = false;
        out_ += '\t';
        after_break_ = false;
    }

    void enter_verbatim() { ++verbatim_; }
    void leave_verbatim() { --verbatim_; }

    std::string finish() {
        const auto first = out_.find_first_not_of('\n');
        if (first == std::string::npos) {
            return {};
        }
        const auto last = out_.find_last_not_of('\n');
        return std::string(std::string_view(out_).substr(first, last - first + 1));
    }

  private:
    void flowing_text(std::string_view text) {
        std::size_t at = 0;
        while (at < text.size()) {
            if (is_space(text[at])) {
                space_ = true;
                ++at;
                continue;
            }
            if (text.substr(at, 2) == kNoBreakSpace) {
                write(" ");
                at += 2;
                continue;
            }
            std::size_t end = at;
            while (end < text.size() && !is_space(text[end]) &&
                   text.substr(end, 2) != kNoBreakSpace) {
                ++end;
            }
            write(text.substr(at, end - at));
            at = end;
        }
    }

    void verbatim_text(std::string_view text) {
        if (after_break_ && !text.empty() && text.front() == '\n') {
            text.remove_prefix(1);
        }
        indexer::SelfWipingString plain;
        plain.reserve(text.size());
        for (std::size_t at = 0; at < text.size(); ++at) {
            if (text.substr(at, 2) == kNoBreakSpace) {
                plain += ' ';
                ++at;
            } else {
                plain += text[at];
            }
        }
        if (!plain.empty()) {
            write(plain);
        }
    }

    void write(std::string_view text) {
        pay_breaks();
        if (space_ && !out_.empty() && out_.back() != '\n' && out_.back() != '\t' &&
            out_.back() != ' ') {
            out_ += ' ';
        }
        space_ = false;
        after_break_ = false;
        out_.append(text);
    }

    // Writes the owed line breaks, counting those already written (by
    // verbatim text) so that no more than one blank line results.
    void pay_breaks() {
        if (newlines_ > 0 && !out_.empty()) {
            int written = 0;
            for (auto it = out_.rbegin(); it != out_.rend() && *it == '\n' && written < 2; ++it) {
                ++written;
            }
            out_.append(static_cast<std::size_t>(std::max(0, newlines_ - written)), '\n');
        }
        newlines_ = 0;
    }

    indexer::SelfWipingString out_;
    int verbatim_;
    int newlines_ = 0;
    bool space_ = false;
    bool after_break_ = false;
};

const GumboVector* children_of(const GumboNode* node) {
    switch (node->type) {
        case GUMBO_NODE_DOCUMENT:
            return &node->v.document.children;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            return &node->v.element.children;
        default:
            return nullptr;
    }
}

bool is_text(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
           node->type == GUMBO_NODE_CDATA;
}

}  // namespace

std::string html_to_text(const GumboNode* node) {
    return html_to_text(node, {});
}

std::string html_to_text(const GumboNode* node, std::vector<const GumboNode*> left_out) {
    std::sort(left_out.begin(), left_out.end());
    const auto is_left_out = [&](const GumboNode* element) {
        return std::binary_search(left_out.begin(), left_out.end(), element);
    };
    if (node == nullptr) {
        return {};
    }
    int verbatim = 0;
    for (const GumboNode* up = node->parent; up != nullptr; up = up->parent) {
        verbatim += (role_of(up) & kVerbatim) != 0 ? 1 : 0;
    }
    TextWriter writer(verbatim);
    if (is_text(node)) {
        writer.text(node->v.text.text);
        return writer.finish();
    }
    struct Frame {
        const GumboNode* node;
        const GumboVector* children;
        unsigned next;
        unsigned cells;
        unsigned role;
    };
    // Iterative: a hostile page can be hundreds of levels deep.
    std::vector<Frame> stack;
    const auto enter = [&](const GumboNode* element, unsigned role) {
        if ((role & kBreak) != 0) {
            writer.line_break();
        }
        if ((role & kLine) != 0) {
            writer.request_break(1);
        }
        if ((role & kParagraph) != 0) {
            writer.request_break(2);
        }
        if ((role & kVerbatim) != 0) {
            writer.enter_verbatim();
        }
        if (const GumboVector* children = children_of(element)) {
            stack.push_back(Frame{element, children, 0, 0, role});
        }
    };
    const unsigned own_role = role_of(node) & ~kDropped;
    enter(node, (own_role & kCell) != 0 ? kInline : own_role);
    while (!stack.empty()) {
        Frame& frame = stack.back();
        if (frame.next >= frame.children->length) {
            const unsigned role = frame.role;
            stack.pop_back();
            if ((role & kVerbatim) != 0) {
                writer.leave_verbatim();
            }
            if ((role & kLine) != 0) {
                writer.request_break(1);
            }
            if ((role & kParagraph) != 0) {
                writer.request_break(2);
            }
            continue;
        }
        const auto* child = static_cast<const GumboNode*>(frame.children->data[frame.next++]);
        if (is_text(child)) {
            writer.text(child->v.text.text);
            continue;
        }
        const unsigned role = role_of(child);
        if ((role & kDropped) != 0 || child->type == GUMBO_NODE_COMMENT ||
            (!left_out.empty() && is_left_out(child))) {
            continue;
        }
        if ((role & kCell) != 0) {
            if (frame.cells++ == 0) {
                writer.first_cell();
            } else {
                writer.next_cell();
            }
        }
        enter(child, role);  // may reallocate `stack`: `frame` is dead after
    }
    return writer.finish();
}

std::vector<std::string> html_to_texts(const std::vector<const GumboNode*>& nodes) {
    std::vector<std::string> texts;
    texts.reserve(nodes.size());
    for (const GumboNode* node : nodes) {
        texts.push_back(html_to_text(node));
    }
    return texts;
}

std::vector<std::string> attribute_values(const std::vector<const GumboNode*>& nodes,
                                          std::string_view attribute) {
    std::vector<std::string> values;
    for (const GumboNode* node : nodes) {
        if (node == nullptr ||
            (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE)) {
            continue;
        }
        const GumboVector& attributes = node->v.element.attributes;
        for (unsigned i = 0; i < attributes.length; ++i) {
            const auto* a = static_cast<const GumboAttribute*>(attributes.data[i]);
            const std::string_view name(a->name);
            if (name.size() == attribute.size() &&
                std::equal(name.begin(), name.end(), attribute.begin(), [](char x, char y) {
                    return indexer::ascii_lower(x) == indexer::ascii_lower(y);
                })) {
                values.emplace_back(a->value);
                break;
            }
        }
    }
    return values;
}

}  // namespace lw::crawler
