#pragma once

// The rest of a Discourse topic. Its first answer (/t/SLUG/ID.json) inlines
// about 20 posts and lists the ids of all of them in post_stream.stream;
// Discourse's own client fetches the others by id, 20 a request, from
// /t/ID/posts.json (TopicsController#posts), and so does the crawler.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "crawler/url.h"

namespace lw::crawler {

// Posts a request asks for: a topic's chunk_size, by which its client asks.
inline constexpr std::size_t kDiscoursePostsPerRequest = 20;

// The ids of `stream` not in `inlined`, in stream order, each once.
[[nodiscard]] std::vector<std::int64_t> posts_not_inlined(const std::vector<std::int64_t>& stream,
                                                          const std::vector<std::int64_t>& inlined);

// The requests for `ids`, in order and kDiscoursePostsPerRequest a request:
// ROOT/t/TOPIC_ID/posts.json?post_ids%5B%5D=A&post_ids%5B%5D=B..., as the
// client's jQuery writes post_ids[]. ROOT is what precedes the last /t/ of
// `topic_page`'s path, so a forum in a subfolder keeps it.
[[nodiscard]] std::vector<std::string> posts_requests(const Url& topic_page, std::int64_t topic_id,
                                                      const std::vector<std::int64_t>& ids);

// The post ids a posts.json request asks for, in order (post_ids%5B%5D= or
// post_ids[]=); empty for any other URL.
[[nodiscard]] std::vector<std::int64_t> posts_asked(const Url& request);

}  // namespace lw::crawler
