#include "crawler/html_document.h"

#include <setjmp.h>
#include <signal.h>
#include <sodium.h>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <mutex>
#include <new>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crawler/charset.h"
#include "crawler/html_space.h"
#include "indexer/base/ascii.h"
#include "indexer/base/wiped_allocator.h"

namespace lw::crawler {

namespace {

// Gumbo's assert()s are compiled in (Debian builds it without NDEBUG) and
// some inputs reach one (`<table><svg><select><title><select><table>`): its
// abort() would end the crawl. While a thread parses, a SIGABRT handler
// jumps back to its parse instead (POSIX lets a SIGABRT handler not return).
// The handler is installed only while some thread parses, over whatever was
// there (a test framework's, a crash reporter's), which gets any other abort.
thread_local sigjmp_buf* t_parse_escape = nullptr;
std::mutex g_abort_mutex;
int g_parsing_threads = 0;
struct sigaction g_previous_abort_action;

extern "C" void escape_gumbo_abort(int) {
    if (t_parse_escape != nullptr) {
        siglongjmp(*t_parse_escape, 1);
    }
    // Blocked until this handler returns, then delivered to the old one.
    sigaction(SIGABRT, &g_previous_abort_action, nullptr);
    raise(SIGABRT);
}

void enter_parse(sigjmp_buf* escape) {
    const std::lock_guard<std::mutex> lock(g_abort_mutex);
    if (g_parsing_threads++ == 0) {
        struct sigaction action {};
        action.sa_handler = &escape_gumbo_abort;
        sigemptyset(&action.sa_mask);
        sigaction(SIGABRT, &action, &g_previous_abort_action);
    }
    t_parse_escape = escape;
}

void leave_parse() {
    t_parse_escape = nullptr;
    const std::lock_guard<std::mutex> lock(g_abort_mutex);
    if (--g_parsing_threads == 0) {
        sigaction(SIGABRT, &g_previous_abort_action, nullptr);
    }
}

}  // namespace

// Every block Gumbo allocates is linked in one list, so that
// - the tree is freed by walking the list: gumbo_destroy_output recurses once
//   per level and overflows the stack on a tree 300,000 levels deep;
// - a parse is abandoned from inside Gumbo (a siglongjmp out of the
//   allocator when over budget, or out of an assertion's abort) without
//   leaking what it had built. Gumbo is C: no destructor is skipped.
// Every block is zeroed before it is freed: the tree's text nodes and
// Gumbo's working buffers are copies of the page's text.
class GumboArena {
  public:
    explicit GumboArena(std::size_t budget) noexcept : budget_(budget) {}
    GumboArena(const GumboArena&) = delete;
    GumboArena& operator=(const GumboArena&) = delete;
    ~GumboArena() { release_all(); }

    // The tree of `text`, or nullptr (everything freed) when it would
    // outgrow the budget or Gumbo failed an assertion. `text` must outlive
    // the tree.
    GumboOutput* parse(const std::string& text) {
        enter_parse(&escape_);
        GumboOutput* output = parse_or_escape(text);
        leave_parse();
        return output;
    }

  private:
    // Apart from parse(), so that no object with a destructor lives between
    // the sigsetjmp and a jump back to it.
    GumboOutput* parse_or_escape(const std::string& text) {
        GumboOptions options = kGumboDefaultOptions;
        options.allocator = &GumboArena::allocate;
        options.deallocator = &GumboArena::deallocate;
        options.userdata = this;
        // Nobody reads Gumbo's error list, and on a broken page it grows
        // with every tag.
        options.max_errors = 0;
        if (sigsetjmp(escape_, 1) != 0) {
            release_all();
            return nullptr;
        }
        return gumbo_parse_with_options(&options, text.data(), text.size());
    }

    struct alignas(std::max_align_t) Block {
        Block* previous;
        Block* next;
        std::size_t size;
    };

    static void* allocate(void* userdata, std::size_t size) {
        auto* arena = static_cast<GumboArena*>(userdata);
        if (size > arena->budget_ - arena->used_) {
            siglongjmp(arena->escape_, 1);
        }
        void* raw = std::malloc(sizeof(Block) + size);
        if (raw == nullptr) {
            siglongjmp(arena->escape_, 1);  // Gumbo would dereference NULL
        }
        auto* block = static_cast<Block*>(raw);
        block->previous = nullptr;
        block->next = arena->head_;
        block->size = size;
        if (arena->head_ != nullptr) {
            arena->head_->previous = block;
        }
        arena->head_ = block;
        arena->used_ += size;
        return block + 1;
    }

    static void deallocate(void* userdata, void* pointer) {
        if (pointer == nullptr) {
            return;
        }
        auto* arena = static_cast<GumboArena*>(userdata);
        Block* block = static_cast<Block*>(pointer) - 1;
        if (block->previous != nullptr) {
            block->previous->next = block->next;
        } else {
            arena->head_ = block->next;
        }
        if (block->next != nullptr) {
            block->next->previous = block->previous;
        }
        arena->used_ -= block->size;
        sodium_memzero(block + 1, block->size);
        std::free(block);
    }

    void release_all() noexcept {
        while (head_ != nullptr) {
            Block* next = head_->next;
            sodium_memzero(head_ + 1, head_->size);
            std::free(head_);
            head_ = next;
        }
        used_ = 0;
    }

    std::size_t budget_;
    std::size_t used_ = 0;
    Block* head_ = nullptr;
    sigjmp_buf escape_;
};

namespace {

// How the nesting estimate treats a start tag.
enum class TagRole : unsigned char {
    nests,       // stays open until its end tag: counts
    flat,        // void, or closed by the next one of its kind (p, li, td, a)
    raw_text,    // content is text up to its end tag
    plain_text,  // everything after it is text
    foreign,     // svg, math: "/>" closes what is inside
};

const std::array<TagRole, GUMBO_TAG_LAST + 1>& tag_roles() {
    static const auto roles = [] {
        std::array<TagRole, GUMBO_TAG_LAST + 1> r{};
        r.fill(TagRole::nests);
        for (GumboTag tag :
             {GUMBO_TAG_AREA,     GUMBO_TAG_BASE,   GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,
              GUMBO_TAG_BR,       GUMBO_TAG_COL,    GUMBO_TAG_EMBED,    GUMBO_TAG_FRAME,
              GUMBO_TAG_HR,       GUMBO_TAG_IMAGE,  GUMBO_TAG_IMG,      GUMBO_TAG_INPUT,
              GUMBO_TAG_KEYGEN,   GUMBO_TAG_LINK,   GUMBO_TAG_META,     GUMBO_TAG_PARAM,
              GUMBO_TAG_SOURCE,   GUMBO_TAG_TRACK,  GUMBO_TAG_WBR,      GUMBO_TAG_A,
              GUMBO_TAG_BODY,     GUMBO_TAG_BUTTON, GUMBO_TAG_CAPTION,  GUMBO_TAG_COLGROUP,
              GUMBO_TAG_DD,       GUMBO_TAG_DT,     GUMBO_TAG_FORM,     GUMBO_TAG_FRAMESET,
              GUMBO_TAG_HEAD,     GUMBO_TAG_HTML,   GUMBO_TAG_LI,       GUMBO_TAG_NOBR,
              GUMBO_TAG_OPTGROUP, GUMBO_TAG_OPTION, GUMBO_TAG_P,        GUMBO_TAG_RP,
              GUMBO_TAG_RT,       GUMBO_TAG_SELECT, GUMBO_TAG_TBODY,    GUMBO_TAG_TD,
              GUMBO_TAG_TFOOT,    GUMBO_TAG_TH,     GUMBO_TAG_THEAD,    GUMBO_TAG_TR}) {
            r[tag] = TagRole::flat;
        }
        for (GumboTag tag :
             {GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_SCRIPT,
              GUMBO_TAG_STYLE, GUMBO_TAG_TEXTAREA, GUMBO_TAG_TITLE, GUMBO_TAG_XMP}) {
            r[tag] = TagRole::raw_text;
        }
        r[GUMBO_TAG_PLAINTEXT] = TagRole::plain_text;
        r[GUMBO_TAG_SVG] = TagRole::foreign;
        r[GUMBO_TAG_MATH] = TagRole::foreign;
        return r;
    }();
    return roles;
}

// The '>' that ends the tag whose name ends at `at`, skipping quoted
// attribute values as the tokenizer does; npos if the text ends first.
std::size_t tag_end(std::string_view html, std::size_t at) {
    for (;;) {
        while (at < html.size() && (is_html_space(html[at]) || html[at] == '/')) {
            ++at;
        }
        if (at >= html.size() || html[at] == '>') {
            return at < html.size() ? at : std::string_view::npos;
        }
        // An attribute name (a leading '=' belongs to it).
        ++at;
        while (at < html.size() && !is_html_space(html[at]) && html[at] != '/' && html[at] != '>' &&
               html[at] != '=') {
            ++at;
        }
        while (at < html.size() && is_html_space(html[at])) {
            ++at;
        }
        if (at >= html.size() || html[at] != '=') {
            continue;
        }
        ++at;
        while (at < html.size() && is_html_space(html[at])) {
            ++at;
        }
        if (at < html.size() && (html[at] == '"' || html[at] == '\'')) {
            const auto close = html.find(html[at], at + 1);
            if (close == std::string_view::npos) {
                return close;
            }
            at = close + 1;
        } else {
            while (at < html.size() && !is_html_space(html[at]) && html[at] != '>') {
                ++at;
            }
        }
    }
}

// Where the end tag `</name` closing a raw-text element starts, or npos.
std::size_t raw_text_end(std::string_view html, std::size_t at, std::string_view name) {
    while ((at = html.find("</", at)) != std::string_view::npos) {
        std::size_t i = 0;
        while (i < name.size() && at + 2 + i < html.size() &&
               indexer::ascii_lower(html[at + 2 + i]) == name[i]) {
            ++i;
        }
        const std::size_t after = at + 2 + i;
        if (i == name.size() && (after >= html.size() || is_html_space(html[after]) ||
                                 html[after] == '/' || html[after] == '>')) {
            return at;
        }
        at += 2;
    }
    return at;
}

// Counts of open elements by name, for the estimate.
class OpenCounts {
  public:
    std::size_t& operator[](const std::string& name) {
        const GumboTag tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
        if (tag != GUMBO_TAG_UNKNOWN) {
            return known_[tag];
        }
        return unknown_[name];
    }

  private:
    std::array<std::size_t, GUMBO_TAG_LAST + 1> known_{};
    std::unordered_map<std::string, std::size_t> unknown_;
};

// `html` without the start tags that would open more than
// kMaxOpenElements elements at once, or nullopt when none does. The estimate
// counts start tags less their end tags, leaving out elements the parser
// closes by itself; it can only overcount, which matters for broken pages
// alone, and those lose tags, never text.
std::optional<std::string> limit_nesting(std::string_view html) {
    const auto& roles = tag_roles();
    OpenCounts counts;
    std::size_t open = 0;
    std::size_t foreign = 0;
    std::vector<std::pair<std::size_t, std::size_t>> dropped;
    std::string name;
    std::size_t at = 0;
    while ((at = html.find('<', at)) != std::string_view::npos) {
        const std::size_t lt = at;
        const char next = lt + 1 < html.size() ? html[lt + 1] : '\0';
        if (html.substr(lt, 4) == "<!--") {
            const auto close = html.find("-->", lt + 2);  // "<!-->" is a whole comment
            if (close == std::string_view::npos) {
                break;
            }
            at = close + 3;
            continue;
        }
        if (next == '!' || next == '?') {
            at = html.find('>', lt);
            if (at == std::string_view::npos) {
                break;
            }
            continue;
        }
        const bool end_tag = next == '/';
        const std::size_t name_start = lt + (end_tag ? 2 : 1);
        if (name_start >= html.size() || !is_ascii_alpha(html[name_start])) {
            at = lt + 1;
            continue;
        }
        std::size_t name_end = name_start;
        while (name_end < html.size() && !is_html_space(html[name_end]) && html[name_end] != '/' &&
               html[name_end] != '>') {
            ++name_end;
        }
        name = indexer::ascii_lower_copy(html.substr(name_start, name_end - name_start));
        const std::size_t gt = tag_end(html, name_end);
        if (gt == std::string_view::npos) {
            break;  // the tokenizer drops a tag cut by the end of the text
        }
        at = gt + 1;
        const GumboTag tag = gumbo_tagn_enum(name.data(), static_cast<unsigned>(name.size()));
        const TagRole role = roles[tag];
        if (end_tag) {
            if (role == TagRole::nests || role == TagRole::foreign) {
                std::size_t& count = counts[name];
                if (count > 0) {
                    --count;
                    --open;
                    foreign -= role == TagRole::foreign ? 1 : 0;
                }
            }
            continue;
        }
        const bool self_closing = html[gt - 1] == '/' && gt - 1 >= name_end;
        if (role == TagRole::plain_text) {
            break;
        }
        if (role == TagRole::raw_text) {
            at = raw_text_end(html, at, name);
            continue;
        }
        if (role == TagRole::flat || (self_closing && (foreign > 0 || role == TagRole::foreign))) {
            continue;
        }
        if (open >= HtmlDocument::kMaxOpenElements) {
            dropped.emplace_back(lt, at);
            continue;
        }
        ++counts[name];
        ++open;
        foreign += role == TagRole::foreign ? 1 : 0;
    }
    if (dropped.empty()) {
        return std::nullopt;
    }
    std::string kept;
    kept.reserve(html.size());
    std::size_t from = 0;
    for (const auto& [begin, end] : dropped) {
        kept.append(html.substr(from, begin - from));
        from = end;
    }
    kept.append(html.substr(from));
    return kept;
}

// Gumbo 0.10.1 fails an assertion, and Debian's build aborts, on some CDATA
// sections in foreign content inside a table (`<table><math><mi><![CDATA[j]]>`).
// Only svg and math read CDATA, as text no crawler needs; everywhere else it
// is a bogus comment up to the next '>', which is what "<!-CDATA[" is
// everywhere. Changed even inside script or textarea text: the tokenizer,
// not this scan, decides where foreign content is.
void disarm_cdata(std::string& html) {
    for (std::size_t at = 0; (at = html.find("<![CDATA[", at)) != std::string::npos; at += 9) {
        html[at + 2] = '-';
    }
}

// The page's text is wiped before its block is freed, on every way out of
// parse(). It stays a std::string (what to_utf8 returns, and the member's
// type): only its last block is wiped, and it is not kept out of core dumps.
struct WipeText {
    void operator()(std::string* text) const noexcept {
        indexer::wipe(*text);
        delete text;
    }
};

}  // namespace

HtmlDocument HtmlDocument::parse(std::string_view bytes, std::string_view content_type) {
    std::unique_ptr<std::string, WipeText> text(new std::string(to_utf8(bytes, content_type)));
    disarm_cdata(*text);
    bool degraded = false;
    if (auto limited = limit_nesting(*text)) {
        indexer::wipe(*text);
        *text = std::move(*limited);
        degraded = true;
    }
    const std::size_t budget = kMemoryBase + kMemoryPerByte * text->size();
    auto arena = std::make_unique<GumboArena>(budget);
    GumboOutput* output = arena->parse(*text);
    if (output == nullptr) {
        degraded = true;
        indexer::wipe(*text);
        output = arena->parse(*text);
        if (output == nullptr) {
            throw std::bad_alloc();
        }
    }
    return HtmlDocument(std::unique_ptr<std::string>(text.release()), std::move(arena), output,
                        degraded);
}

HtmlDocument::HtmlDocument(std::unique_ptr<std::string> text, std::unique_ptr<GumboArena> arena,
                           GumboOutput* output, bool degraded) noexcept
    : text_(std::move(text)), arena_(std::move(arena)), output_(output), degraded_(degraded) {}

HtmlDocument::HtmlDocument(HtmlDocument&& other) noexcept
    : text_(std::move(other.text_)),
      arena_(std::move(other.arena_)),
      output_(std::exchange(other.output_, nullptr)),
      degraded_(other.degraded_) {}

HtmlDocument& HtmlDocument::operator=(HtmlDocument&& other) noexcept {
    if (this != &other) {
        output_ = std::exchange(other.output_, nullptr);
        arena_ = std::move(other.arena_);
        if (text_) {
            indexer::wipe(*text_);
        }
        text_ = std::move(other.text_);
        degraded_ = other.degraded_;
    }
    return *this;
}

HtmlDocument::~HtmlDocument() {
    if (text_) {
        indexer::wipe(*text_);
    }
}

const GumboNode* HtmlDocument::root() const noexcept {
    return output_->root;
}

const GumboNode* HtmlDocument::document() const noexcept {
    return output_->document;
}

std::optional<std::string> HtmlDocument::base_href() const {
    // Iterative: a hostile page can be hundreds of levels deep.
    std::vector<const GumboNode*> pending{output_->document};
    while (!pending.empty()) {
        const GumboNode* node = pending.back();
        pending.pop_back();
        const GumboVector* children = nullptr;
        if (node->type == GUMBO_NODE_DOCUMENT) {
            children = &node->v.document.children;
        } else if (node->type == GUMBO_NODE_ELEMENT) {
            if (node->v.element.tag == GUMBO_TAG_BASE) {
                if (const GumboAttribute* href =
                        gumbo_get_attribute(&node->v.element.attributes, "href")) {
                    return std::string(trim_html_spaces(href->value));
                }
            }
            children = &node->v.element.children;
        }
        if (children == nullptr) {
            continue;
        }
        for (unsigned i = children->length; i > 0; --i) {
            pending.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
        }
    }
    return std::nullopt;
}

}  // namespace lw::crawler
