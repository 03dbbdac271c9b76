// The shipped forum adapters (seeds/adapters/*.conf) against every form a
// thread's link takes in the URL modes each engine ships with: each form is
// an item, made into one canonical URL per thread (its crawl key), and the
// links to later pages, posts and unread posts are still refused. Links go
// through read_listing, as on a listing page: resolved, session ids
// stripped, item_pattern, item_url.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "crawler/seed.h"
#include "crawler/site_pages.h"
#include "crawler/url.h"

using namespace lw::crawler;

namespace {

Seed adapter(const std::string& name) {
    return load_seed(std::string(LW_SOURCE_ROOT) + "/seeds/adapters/" + name + ".conf");
}

// The items a listing page at `page` gives for these hrefs, space-separated.
// The markup fits every adapter's item_links: vBulletin selects by href,
// phpBB by a.topictitle, XenForo 1 by h3.title a.
std::string items(const Seed& seed, const std::string& page,
                  const std::vector<std::string>& hrefs) {
    std::string html = "<html><body>";
    for (const std::string& href : hrefs) {
        html += "<h3 class=title><a class=topictitle href='" + href + "'>t</a></h3>";
    }
    html += "</body></html>";
    std::string out;
    for (const std::string& item : read_listing(seed, *parse_url(page), html, "text/html").items) {
        out += (out.empty() ? "" : " ") + item;
    }
    return out;
}

std::string item(const Seed& seed, const std::string& page, const std::string& href) {
    return items(seed, page, {href});
}

}  // namespace

TEST_CASE("vBulletin adapter: each friendly URL mode's thread link is showthread.php?threadid=N",
          "[crawler][adapters]") {
    const Seed vb = adapter("vbulletin");
    const std::string forum = "https://vb.example/forum/forumdisplay.php?f=380";
    const std::string thread = "https://vb.example/forum/showthread.php?threadid=9687";
    // Plain: vBulletin 2 and 3, and 4 with friendly URLs off.
    CHECK(item(vb, forum, "showthread.php?t=9687") == thread);
    CHECK(item(vb, forum, "showthread.php?threadid=9687") == thread);
    CHECK(item(vb, forum, "showthread.php?s=0123456789abcdef0123456789abcdef&threadid=9687") ==
          thread);
    // Basic: showthread.php?N-title.
    CHECK(item(vb, "https://vb.example/forum/forumdisplay.php?380-Leaks", "showthread.php?9687") ==
          thread);
    CHECK(item(vb, "https://vb.example/forum/forumdisplay.php?380-Leaks",
               "showthread.php?9687-Some-Title&s=0123456789abcdef0123456789abcdef") == thread);
    // Advanced: showthread.php/N-title, relative to a forumdisplay.php/ page.
    CHECK(item(vb, "https://vb.example/forum/forumdisplay.php/380-Leaks",
               "../showthread.php/9687-Some-Title") == thread);
    CHECK(item(vb, forum, "https://vb.example/forum/showthread.php/9687-Some-Title") == thread);
    // mod_rewrite: threads/N-title, with vBulletin 4's <base href> at the board.
    CHECK(item(vb, "https://vb.example/forum/forums/380-Leaks", "../threads/9687-Some-Title") ==
          thread);
    CHECK(item(vb, forum, "threads/9687") == thread);
    // A board at the site's root.
    CHECK(item(vb, "https://vb.example/forums/380-Leaks", "/threads/9687-Some-Title") ==
          "https://vb.example/showthread.php?threadid=9687");
}

TEST_CASE("vBulletin adapter: two forms of a thread are one item", "[crawler][adapters]") {
    const Seed vb = adapter("vbulletin");
    CHECK(items(vb, "https://vb.example/forum/forumdisplay.php?f=380",
                {"showthread.php?9687-Some-Title", "showthread.php/9687-Some-Title",
                 "threads/9687-Some-Title", "showthread.php?t=9687", "showthread.php?t=9688"}) ==
          "https://vb.example/forum/showthread.php?threadid=9687 "
          "https://vb.example/forum/showthread.php?threadid=9688");
}

TEST_CASE("vBulletin adapter: later pages, posts and new-post links are refused in every mode",
          "[crawler][adapters]") {
    const Seed vb = adapter("vbulletin");
    const std::string forum = "https://vb.example/forum/forumdisplay.php?f=380";
    CHECK(items(vb, forum,
                {
                    "showthread.php?t=9687&page=2",
                    "showthread.php?threadid=9687&pagenumber=2",
                    "showthread.php?t=9687&goto=lastpost",
                    "showthread.php?p=123456#post123456",
                    "showpost.php?p=123456&postcount=4",
                    "showthread.php?9687-Some-Title/page2",
                    "showthread.php?9687-Some-Title&goto=newpost",
                    "showthread.php?9687-Some-Title&p=123456#post123456",
                    "showthread.php/9687-Some-Title/page2",
                    "showthread.php/9687-Some-Title?goto=newpost",
                    "threads/9687-Some-Title/page2",
                    "threads/9687-Some-Title?p=123456#post123456",
                }) == "");
}

TEST_CASE("phpBB adapter: plain and SEO topic links are viewtopic.php?t=N", "[crawler][adapters]") {
    const Seed phpbb = adapter("phpbb3");
    const std::string forum = "https://bb.example/forum/viewforum.php?f=4";
    const std::string topic = "https://bb.example/forum/viewtopic.php?t=123";
    // Plain: phpBB 3.3 drops f=; every link may carry a guest's sid.
    CHECK(item(phpbb, forum, "./viewtopic.php?t=123") == topic);
    CHECK(item(phpbb, forum, "./viewtopic.php?f=4&t=123") == topic);
    CHECK(item(phpbb, forum, "./viewtopic.php?f=4&t=123&sid=0123456789abcdef0123456789abcdef") ==
          topic);
    // phpBB SEO, simple and mixed modes: topic123.html, maybe in the
    // forum's virtual folder.
    CHECK(item(phpbb, "https://bb.example/forum/forum4.html", "topic123.html") == topic);
    CHECK(item(phpbb, "https://bb.example/forum/forum4/", "topic123.html") == topic);
    CHECK(item(phpbb, "https://bb.example/forum/some-forum-f4/", "topic123.html") == topic);
    // phpBB SEO, advanced mode: some-title-t123.html, in the virtual folder
    // or not, and global announcements.
    CHECK(item(phpbb, "https://bb.example/forum/some-forum-f4/", "some-title-t123.html") == topic);
    CHECK(item(phpbb, "https://bb.example/forum/some-forum-f4.html", "some-title-t123.html") ==
          topic);
    CHECK(item(phpbb, forum, "https://bb.example/forum/announces/some-title-t123.html") == topic);
    CHECK(item(phpbb, forum, "https://bb.example/forum/some-title-t123.html?sid=0123abcd") ==
          topic);
    // tas2580's SEO URLs: some-forum-f4/some-title-t123.html, global/.
    CHECK(item(phpbb, "https://bb.example/forum/some-forum-f4/", "some-title-t123.html") == topic);
    CHECK(item(phpbb, forum, "https://bb.example/forum/global/some-title-t123.html") == topic);
    // A board at the site's root, and a title with "-t" and digits in it.
    CHECK(item(phpbb, "https://bb.example/some-forum-f4/", "windows-t10-review-t123.html") ==
          "https://bb.example/viewtopic.php?t=123");
    CHECK(item(phpbb, "https://bb.example/", "topic123.html") ==
          "https://bb.example/viewtopic.php?t=123");
}

TEST_CASE("phpBB adapter: two forms of a topic are one item", "[crawler][adapters]") {
    const Seed phpbb = adapter("phpbb3");
    CHECK(items(phpbb, "https://bb.example/forum/some-forum-f4/",
                {"../viewtopic.php?f=4&t=123", "../viewtopic.php?t=123", "some-title-t123.html",
                 "../topic123.html", "../viewtopic.php?f=9&t=123", "other-t124.html"}) ==
          "https://bb.example/forum/viewtopic.php?t=123 "
          "https://bb.example/forum/viewtopic.php?t=124");
}

TEST_CASE("phpBB adapter: later pages, posts and unread links are refused, plain and SEO",
          "[crawler][adapters]") {
    const Seed phpbb = adapter("phpbb3");
    CHECK(items(phpbb, "https://bb.example/forum/some-forum-f4/",
                {
                    "../viewtopic.php?f=4&t=123&start=40",
                    "../viewtopic.php?p=456#p456",
                    "../viewtopic.php?f=4&t=123&p=456#p456",
                    "../viewtopic.php?f=4&t=123&view=unread#unread",
                    "../topic123-15.html",
                    "some-title-t123-15.html",
                    "some-title-t123-s15.html",
                    "../post456.html#p456",
                    "../member12.html",
                    "page25.html",
                    "../some-forum-f4.html",
                    "../forum4-25.html",
                }) == "");
}

TEST_CASE("XenForo adapter: thread links with and without index.php? are index.php?threads/ID/",
          "[crawler][adapters]") {
    const Seed xf = adapter("xenforo");
    const std::string forum = "https://xf.example/community/forums/leaks.28/";
    const std::string thread = "https://xf.example/community/index.php?threads/123/";
    // Friendly URLs on (XenForo 1 and 2), with the title or without.
    CHECK(item(xf, forum, "../../threads/some-title.123/") == thread);
    CHECK(item(xf, forum, "/community/threads/123/") == thread);
    // Friendly URLs off.
    CHECK(item(xf, "https://xf.example/community/index.php?forums/leaks.28/",
               "index.php?threads/some-title.123/") == thread);
    CHECK(item(xf, "https://xf.example/community/index.php?forums/leaks.28/",
               "index.php?threads/123/") == thread);
    // A title with dots, and a board at the site's root.
    CHECK(item(xf, forum, "../../threads/v1.2-released.123/") == thread);
    CHECK(item(xf, "https://xf.example/forums/leaks.28/", "/threads/some-title.123/") ==
          "https://xf.example/index.php?threads/123/");
}

TEST_CASE("XenForo adapter: two forms of a thread are one item", "[crawler][adapters]") {
    const Seed xf = adapter("xenforo");
    CHECK(items(xf, "https://xf.example/community/forums/leaks.28/",
                {"../../threads/some-title.123/", "../../index.php?threads/some-title.123/",
                 "../../threads/123/", "../../threads/other.124/"}) ==
          "https://xf.example/community/index.php?threads/123/ "
          "https://xf.example/community/index.php?threads/124/");
}

TEST_CASE("XenForo adapter: later pages, posts and unread links are refused",
          "[crawler][adapters]") {
    const Seed xf = adapter("xenforo");
    CHECK(items(xf, "https://xf.example/community/forums/leaks.28/",
                {
                    "../../threads/some-title.123/page-2",
                    "../../threads/some-title.123/latest",
                    "../../threads/some-title.123/unread",
                    "../../threads/some-title.123/post-456",
                    "../../threads/some-title.123/preview",
                    "../../index.php?threads/some-title.123/page-2",
                    "../../posts/456/",
                    "../../forums/leaks.28/?prefix_id=3",
                    "../../members/someone.1/",
                }) == "");
}
