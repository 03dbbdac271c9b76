#include "crawler/site_pages.h"

#include <gumbo.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crawler/charset.h"
#include "crawler/discourse_stream.h"
#include "crawler/html_document.h"
#include "crawler/html_text.h"

namespace lw::crawler {
namespace {

// A Discourse page's JSON holds its posts' text: its strings, and its nodes
// (a short string lives inside one), use the wiping allocator. Left unwiped:
// the copy of each token nlohmann's lexer keeps for its error messages.
using WipedJson =
    nlohmann::basic_json<std::map, std::vector, indexer::WipedString, bool, std::int64_t,
                         std::uint64_t, double, indexer::WipingAllocator>;

// Appends `text` to `out`, then wipes it: to_utf8 and html_to_text return
// std::strings, whose last block would otherwise be freed unwiped.
void append_wiping(indexer::SelfWipingString& out, std::string&& text) {
    out.append(text);
    indexer::wipe(text);
}

// Links are resolved against <base href> when the page has one.
Url base_of(const HtmlDocument& doc, const Url& page) {
    if (auto base = doc.base_href()) {
        if (auto resolved = resolve_url(page, *base)) {
            return *resolved;
        }
    }
    return page;
}

std::optional<std::string> absolute(const Seed& seed, const Url& base, std::string_view href) {
    auto url = resolve_url(base, href);
    if (!url) {
        return std::nullopt;
    }
    return to_string(strip_params(*url, seed.strip_params));
}

std::optional<std::string> next_link(const Seed& seed, const HtmlDocument& doc, const Url& base,
                                     const std::string& current) {
    if (!seed.next_page_selector) {
        return std::nullopt;
    }
    for (const std::string& href :
         attribute_values(seed.next_page_selector->select(doc.root()), "href")) {
        auto next = absolute(seed, base, href);
        if (next && *next != current) {
            return next;
        }
    }
    return std::nullopt;
}

// The topic's item_changed fields, each as its JSON text, in the seed's
// order; "" when the topic has none of them.
std::string json_marker(const Seed& seed, const WipedJson& topic) {
    std::string marker;
    bool any = false;
    for (const std::string& field : seed.item_changed_fields) {
        const auto it = topic.find(field.c_str());
        if (it != topic.end() && !it->is_null()) {
            any = true;
            marker += it->dump();
        }
        marker += '\x1f';
    }
    return any ? marker : std::string();
}

// What one match of item_changed says: a date's machine form when the
// element has one (XenForo's data-time, <time datetime>, a title holding
// the date under a relative "35 minutes ago"), else its text.
std::string node_marker(const GumboNode* node) {
    if (node->type == GUMBO_NODE_ELEMENT) {
        for (const char* name : {"data-time", "datetime", "title"}) {
            if (const auto values = attribute_values({node}, name); !values.empty()) {
                return values.front();
            }
        }
    }
    return html_to_text(node);
}

// Each item link's marker: the matches of item_changed in the link's row,
// the nearest element around the link that holds some. A row that also
// links to another item is not the item's own (a table without rows): no
// marker then, rather than another item's.
std::vector<std::string> row_markers(
    const Seed& seed, const GumboNode* root,
    const std::vector<std::pair<const GumboNode*, std::string>>& links) {
    std::vector<std::string> out(links.size());
    if (!seed.item_changed_css) {
        return out;
    }
    std::map<const GumboNode*, std::vector<const GumboNode*>> matches_in;
    for (const GumboNode* match : seed.item_changed_css->select(root)) {
        for (const GumboNode* up = match->parent; up != nullptr; up = up->parent) {
            matches_in[up].push_back(match);
        }
    }
    std::map<const GumboNode*, std::set<std::string>> items_in;
    for (const auto& [link, item] : links) {
        for (const GumboNode* up = link->parent; up != nullptr; up = up->parent) {
            items_in[up].insert(item);
        }
    }
    for (std::size_t i = 0; i < links.size(); ++i) {
        for (const GumboNode* up = links[i].first->parent; up != nullptr; up = up->parent) {
            const auto row = matches_in.find(up);
            if (row == matches_in.end()) {
                continue;
            }
            if (items_in[up].size() == 1) {
                for (const GumboNode* match : row->second) {
                    out[i] += node_marker(match);
                    out[i] += '\x1f';
                }
            }
            break;
        }
    }
    return out;
}

ListingPage discourse_listing(const Seed& seed, const Url& page, std::string_view body) {
    ListingPage out;
    const auto json = WipedJson::parse(body, nullptr, false);
    if (!json.is_object()) {
        return out;
    }
    const auto list = json.find("topic_list");
    if (list == json.end() || !list->is_object() || !list->contains("topics") ||
        !(*list)["topics"].is_array()) {
        return out;
    }
    std::set<std::string> seen;
    for (const auto& topic : (*list)["topics"]) {
        if (!topic.is_object() || !topic.contains("id") || !topic["id"].is_number_integer()) {
            continue;
        }
        const std::string slug = topic.contains("slug") && topic["slug"].is_string()
                                     ? topic["slug"].get<std::string>()
                                     : std::string("topic");
        const std::string href =
            "/t/" + slug + "/" + std::to_string(topic["id"].get<long long>()) + ".json";
        if (auto url = absolute(seed, page, href); url && seen.insert(*url).second) {
            out.items.push_back(*url);
            out.changed.push_back(json_marker(seed, topic));
        }
    }
    if (list->contains("more_topics_url") && (*list)["more_topics_url"].is_string()) {
        // "/latest?page=1": the JSON of the next page is at /latest.json?page=1.
        std::string more = (*list)["more_topics_url"].get<std::string>();
        const auto q = more.find('?');
        const std::string path = more.substr(0, q);
        if (path.size() < 5 || path.substr(path.size() - 5) != ".json") {
            more = path + ".json" + (q == std::string::npos ? "" : more.substr(q));
        }
        out.next = absolute(seed, page, more);
    }
    return out;
}

// A post's or topic's id as Discourse writes it: a positive integer.
std::optional<std::int64_t> positive_id(const WipedJson& value) {
    if (value.is_number_unsigned()) {
        const auto id = value.get<std::uint64_t>();
        if (id > 0 && id <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
            return static_cast<std::int64_t>(id);
        }
    } else if (value.is_number_integer() && value.get<std::int64_t>() > 0) {
        return value.get<std::int64_t>();
    }
    return std::nullopt;
}

std::optional<std::int64_t> id_of(const WipedJson& object) {
    const auto id = object.find("id");
    return id == object.end() ? std::nullopt : positive_id(*id);
}

const indexer::WipedString* cooked_of(const WipedJson& post) {
    const auto cooked = post.find("cooked");
    return cooked != post.end() && cooked->is_string()
               ? &cooked->get_ref<const indexer::WipedString&>()
               : nullptr;
}

void append_cooked(indexer::SelfWipingString& out, const indexer::WipedString& cooked) {
    const HtmlDocument doc = HtmlDocument::parse(cooked, "text/html; charset=utf-8");
    append_wiping(out, html_to_text(doc.root()));
    out += "\n\n";
}

// A topic's first answer (/t/SLUG/ID.json), or one of the posts.json answers
// that give the rest of it (crawler/discourse_stream.h).
ItemPage discourse_item(const Seed& seed, const Url& page, std::string_view body) {
    ItemPage out;
    const auto json = WipedJson::parse(body, nullptr, false);
    if (!json.is_object()) {
        return out;
    }
    if (json.contains("title") && json["title"].is_string()) {
        out.title = json["title"].get<std::string>();
    }
    const auto stream = json.find("post_stream");
    if (stream == json.end() || !stream->is_object() || !stream->contains("posts") ||
        !(*stream)["posts"].is_array()) {
        return out;
    }
    const auto& posts = (*stream)["posts"];
    if (const std::vector<std::int64_t> asked = posts_asked(page); !asked.empty()) {
        // In the order asked, as the client places them by id: Discourse
        // sorts them by their place in the topic, but a plugin may not.
        std::map<std::int64_t, const indexer::WipedString*> cooked;
        for (const auto& post : posts) {
            const auto id = post.is_object() ? id_of(post) : std::nullopt;
            if (id && cooked_of(post) != nullptr) {
                cooked.emplace(*id, cooked_of(post));
            }
        }
        for (const std::int64_t id : asked) {
            if (const auto it = cooked.find(id); it != cooked.end()) {
                append_cooked(out.text, *it->second);
            }
        }
        return out;
    }
    std::vector<std::int64_t> inlined;
    for (const auto& post : posts) {
        if (!post.is_object()) {
            continue;
        }
        if (const auto* cooked = cooked_of(post)) {
            append_cooked(out.text, *cooked);
        }
        if (const auto id = id_of(post)) {
            inlined.push_back(*id);
        }
    }
    const auto ids = stream->find("stream");
    const auto topic = id_of(json);
    if (ids == stream->end() || !ids->is_array() || !topic) {
        return out;  // an old topic answer, or a mega-topic's, without the stream
    }
    std::vector<std::int64_t> all;
    for (const auto& id : *ids) {
        if (const auto post = positive_id(id)) {
            all.push_back(*post);
        }
    }
    std::vector<std::int64_t> rest = posts_not_inlined(all, inlined);
    // No more requests than max_item_pages could ever send (the first page
    // is one of them, so one is spare and shows that the topic goes on): a
    // stream of millions of ids costs no more than a long topic.
    rest.resize(std::min<std::size_t>(
        rest.size(), std::size_t{seed.max_item_pages} * kDiscoursePostsPerRequest));
    out.more_pages = posts_requests(page, *topic, rest);
    return out;
}

}  // namespace

ListingPage read_listing(const Seed& seed, const Url& page, std::string_view body,
                         std::string_view content_type) {
    if (seed.content == ContentKind::discourse_json) {
        return discourse_listing(seed, page, body);
    }
    ListingPage out;
    const HtmlDocument doc = HtmlDocument::parse(body, content_type);
    const Url base = base_of(doc, page);
    // Every link to an item, with the item it names (several links may
    // name one item: its row's marker is found from the first).
    std::vector<std::pair<const GumboNode*, std::string>> links;
    if (seed.item_links_selector) {
        for (const GumboNode* node : seed.item_links_selector->select(doc.root())) {
            const std::vector<std::string> hrefs = attribute_values({node}, "href");
            if (hrefs.empty()) {
                continue;
            }
            auto link = absolute(seed, base, hrefs.front());
            if (!link) {
                continue;
            }
            auto item = item_url_of(seed, *link);
            if (!item) {
                continue;
            }
            // A rewritten URL is resolved too ("/raw/$1").
            if (auto resolved = absolute(seed, base, *item)) {
                links.emplace_back(node, std::move(*resolved));
            }
        }
    }
    const std::vector<std::string> markers = row_markers(seed, doc.root(), links);
    std::set<std::string> seen;
    for (std::size_t i = 0; i < links.size(); ++i) {
        if (seen.insert(links[i].second).second) {
            out.items.push_back(links[i].second);
            out.changed.push_back(markers[i]);
        }
    }
    out.next = next_link(seed, doc, base, to_string(page));
    return out;
}

ItemPage read_item(const Seed& seed, const Url& page, std::string_view body,
                   std::string_view content_type) {
    switch (seed.content) {
        case ContentKind::discourse_json:
            return discourse_item(seed, page, body);
        case ContentKind::raw: {
            ItemPage out;
            append_wiping(out.text, to_utf8(body, content_type));
            out.title = page.path;
            return out;
        }
        case ContentKind::html:
            break;
    }
    ItemPage out;
    const HtmlDocument doc = HtmlDocument::parse(body, content_type);
    const std::vector<const GumboNode*> left_out =
        seed.content_exclude_css ? seed.content_exclude_css->select(doc.root())
                                 : std::vector<const GumboNode*>();
    if (seed.content_css) {
        for (const GumboNode* node : seed.content_css->select(doc.root())) {
            append_wiping(out.text, html_to_text(node, left_out));
            out.text += "\n\n";
        }
    } else {
        append_wiping(out.text, html_to_text(doc.root(), left_out));
    }
    if (seed.title_css) {
        const auto titles = html_to_texts(seed.title_css->select(doc.root()));
        if (!titles.empty()) {
            out.title = titles.front();
        }
    }
    if (out.title.empty()) {
        static const CssSelector title_tag = CssSelector::parse("title");
        const auto titles = html_to_texts(title_tag.select(doc.root()));
        out.title = titles.empty() ? page.path : titles.front();
    }
    while (!out.title.empty() && (out.title.back() == '\n' || out.title.back() == ' ')) {
        out.title.pop_back();
    }
    out.next = next_link(seed, doc, base_of(doc, page), to_string(page));
    return out;
}

}  // namespace lw::crawler
