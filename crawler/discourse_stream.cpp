#include "crawler/discourse_stream.h"

#include <charconv>
#include <string_view>
#include <unordered_set>

namespace lw::crawler {
namespace {

constexpr std::string_view kPostsPath = "/posts.json";
constexpr std::string_view kParameter = "post_ids%5B%5D";

bool ends_with(std::string_view text, std::string_view end) {
    return text.size() >= end.size() && text.substr(text.size() - end.size()) == end;
}

}  // namespace

std::vector<std::int64_t> posts_not_inlined(const std::vector<std::int64_t>& stream,
                                            const std::vector<std::int64_t>& inlined) {
    std::unordered_set<std::int64_t> skip(inlined.begin(), inlined.end());
    std::vector<std::int64_t> out;
    for (const std::int64_t id : stream) {
        if (skip.insert(id).second) {
            out.push_back(id);
        }
    }
    return out;
}

std::vector<std::string> posts_requests(const Url& topic_page, std::int64_t topic_id,
                                        const std::vector<std::int64_t>& ids) {
    const auto at = topic_page.path.rfind("/t/");
    Url request = topic_page;
    request.path = (at == std::string::npos ? std::string() : topic_page.path.substr(0, at)) +
                   "/t/" + std::to_string(topic_id) + std::string(kPostsPath);
    std::vector<std::string> out;
    for (std::size_t first = 0; first < ids.size(); first += kDiscoursePostsPerRequest) {
        request.query.clear();
        for (std::size_t i = first; i < ids.size() && i < first + kDiscoursePostsPerRequest; ++i) {
            if (!request.query.empty()) {
                request.query += '&';
            }
            request.query.append(kParameter).append(1, '=').append(std::to_string(ids[i]));
        }
        out.push_back(to_string(request));
    }
    return out;
}

std::vector<std::int64_t> posts_asked(const Url& request) {
    std::vector<std::int64_t> out;
    if (!ends_with(request.path, kPostsPath)) {
        return out;
    }
    std::string_view query = request.query;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos ||
            (pair.substr(0, eq) != kParameter && pair.substr(0, eq) != "post_ids[]")) {
            continue;
        }
        const std::string_view value = pair.substr(eq + 1);
        std::int64_t id = 0;
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
        if (error == std::errc() && end == value.data() + value.size() && id > 0) {
            out.push_back(id);
        }
    }
    return out;
}

}  // namespace lw::crawler
