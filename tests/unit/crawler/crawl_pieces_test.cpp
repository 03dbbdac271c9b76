// The crawler's pieces between fetching and indexing: Retry-After, backoff,
// seed files, and what a seed makes of listing and item pages.
#include <catch2/catch.hpp>
#include <fstream>

#include "crawler/retry_after.h"
#include "crawler/seed.h"
#include "crawler/site_pages.h"
#include "indexer/base/error.h"
#include "tests/support/temp_dir.h"

using namespace lw::crawler;

namespace {

Seed seed_from(lw::test::TempDir& dir, const std::string& text) {
    const std::string path = dir.file("site.conf");
    std::ofstream(path) << text;
    return load_seed(path);
}

std::string seed_error(lw::test::TempDir& dir, const std::string& text) {
    try {
        (void)seed_from(dir, text);
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::usage);
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("Retry-After: seconds, HTTP dates, garbage, a cap", "[crawler][politeness]") {
    const std::time_t now = 1700000000;  // 2023-11-14T22:13:20Z
    CHECK(retry_after_seconds("3", now) == 3.0);
    CHECK(retry_after_seconds(" 120 ", now) == 120.0);
    CHECK(retry_after_seconds("Tue, 14 Nov 2023 22:13:50 GMT", now) == 30.0);
    CHECK(retry_after_seconds("Tue, 14 Nov 2023 22:00:00 GMT", now) == 0.0);  // past
    CHECK(retry_after_seconds("999999999", now) == 86400.0);
    CHECK(retry_after_seconds("99999999999999999999999", now) == 86400.0);
    CHECK_FALSE(retry_after_seconds("soon", now).has_value());
    CHECK_FALSE(retry_after_seconds("", now).has_value());
    CHECK_FALSE(retry_after_seconds("-5", now).has_value());
}

TEST_CASE("backoff: doubles per failure, jitter up to half, capped", "[crawler][politeness]") {
    CHECK(backoff_seconds(5, 0, 0.0) == 5.0);
    CHECK(backoff_seconds(5, 1, 0.0) == 10.0);
    CHECK(backoff_seconds(5, 3, 0.0) == 40.0);
    CHECK(backoff_seconds(5, 1, 0.999) == Approx(14.995));
    CHECK(backoff_seconds(0.2, 0, 0.0) == 1.0);  // at least a second after a failure
    CHECK(backoff_seconds(600, 10, 0.5) == 3600.0);
}

TEST_CASE("seeds: every key read, defaults, lists", "[crawler][seed]") {
    lw::test::TempDir dir;
    const Seed s = seed_from(dir,
                             "# a forum\n"
                             "name = forum\n"
                             "listing = https://forum.example/viewforum.php?f=2\n"
                             "listing = https://forum.example/viewforum.php?f=3\n"
                             "item_links = #topics a.topictitle\n"
                             "item_pattern = viewtopic\\.php\\?f=[0-9]+&t=([0-9]+)\n"
                             "item_url = /viewtopic.php?t=$1\n"
                             "content = html\n"
                             "content_selector = div.postbody\n"
                             "next_page = .pagination a[rel=next]\n"
                             "max_pages = 3\n"
                             "delay = 2.5\n"
                             "proxy = socks5h://127.0.0.1:9050\n"
                             "regions = fr, it\n"
                             "strip_params = sid, hilit\n");
    CHECK(s.name == "forum");
    CHECK(s.listings.size() == 2);
    CHECK(s.item_links == "#topics a.topictitle");
    CHECK(s.content == ContentKind::html);
    CHECK(s.max_pages == 3);
    CHECK(s.delay == 2.5);
    CHECK(s.proxy == "socks5h://127.0.0.1:9050");
    CHECK(s.regions == std::vector<std::string>{"FR", "IT"});
    CHECK(s.strip_params == std::vector<std::string>{"sid", "hilit"});
    CHECK(item_url_of(s, "https://forum.example/viewtopic.php?f=2&t=77") ==
          std::optional<std::string>("/viewtopic.php?t=77"));
    CHECK_FALSE(item_url_of(s, "https://forum.example/memberlist.php").has_value());

    const Seed d = seed_from(dir, "name = d\nlisting = http://x.example/\nitem_links = a\n");
    CHECK(d.delay == 5.0);
    CHECK(d.strip_params == std::vector<std::string>{"sid", "s"});
    CHECK(item_url_of(d, "http://x.example/any") ==
          std::optional<std::string>("http://x.example/any"));
}

TEST_CASE("seeds: several item_pattern lines, the first that matches feeds item_url",
          "[crawler][seed]") {
    lw::test::TempDir dir;
    const Seed s = seed_from(dir,
                             "name = forum\n"
                             "listing = https://forum.example/viewforum.php?f=2\n"
                             "item_links = a\n"
                             "item_pattern = ^(.*/)viewtopic\\.php\\?t=([0-9]+)$\n"
                             "# groups are numbered per line: $1 and $2 again\n"
                             "item_pattern = ^(.*/)[a-z-]*-t([0-9]+)\\.html$\n"
                             "item_pattern = ^(.*/)topic([0-9]+)\\.html$\n"
                             "item_url = $1viewtopic.php?t=$2\n");
    CHECK(s.item_patterns.size() == 3);
    CHECK(item_url_of(s, "https://forum.example/viewtopic.php?t=7") ==
          std::optional<std::string>("https://forum.example/viewtopic.php?t=7"));
    CHECK(item_url_of(s, "https://forum.example/a-title-t7.html") ==
          std::optional<std::string>("https://forum.example/viewtopic.php?t=7"));
    CHECK(item_url_of(s, "https://forum.example/topic7.html") ==
          std::optional<std::string>("https://forum.example/viewtopic.php?t=7"));
    CHECK_FALSE(item_url_of(s, "https://forum.example/a-title-t7-15.html").has_value());

    // Without item_url, a link that one of them matches is kept as it is.
    const Seed kept = seed_from(dir,
                                "name = f\nlisting = https://f.example/\nitem_links = a\n"
                                "item_pattern = /t/[0-9]+$\nitem_pattern = /p/[0-9]+$\n");
    CHECK(item_url_of(kept, "https://f.example/p/3") ==
          std::optional<std::string>("https://f.example/p/3"));
    CHECK_FALSE(item_url_of(kept, "https://f.example/u/3").has_value());
    CHECK(describe(kept).find("href ~ //t/[0-9]+$/ or //p/[0-9]+$/") != std::string::npos);
}

TEST_CASE("seeds: errors name the file, the line and the reason", "[crawler][seed]") {
    lw::test::TempDir dir;
    const std::string file = dir.file("site.conf");
    const std::string head = "name = x\nlisting = http://x.example/\n";
    CHECK(seed_error(dir, head + "item_links = a\ncolour = blue\n").rfind(file + ":4: ", 0) == 0);
    CHECK(seed_error(dir, head + "item_links = a[href\n").rfind(file + ":3: item_links", 0) == 0);
    CHECK(seed_error(dir, head + "item_links = a\nitem_pattern = ([a-z\n")
              .rfind(file + ":4: item_pattern", 0) == 0);
    CHECK(seed_error(dir, head + "item_links = a\nitem_url = /x/$1\n")
              .find("item_url needs an item_pattern") != std::string::npos);
    CHECK(seed_error(dir, head + "item_links = a\nitem_pattern = a(b)\nitem_url = /$2\n")
              .rfind(file + ":5: item_url", 0) == 0);
    // Of several item_pattern or listing lines, the wrong one is named.
    CHECK(seed_error(dir, head + "item_links = a\nitem_pattern = (a)(b)\nitem_pattern = ([a-z\n")
              .rfind(file + ":5: item_pattern", 0) == 0);
    CHECK(seed_error(dir, head + "item_links = a\nitem_pattern = (a)(b)\nitem_pattern = (c)\n"
                                 "item_url = /$1/$2\n")
              .rfind(file + ":5: item_pattern: item_url:", 0) == 0);
    CHECK(seed_error(dir, head + "listing = ftp://x.example/\nitem_links = a\n")
              .rfind(file + ":3: listing 'ftp://x.example/'", 0) == 0);
    CHECK(seed_error(dir, head + "item_links = a\ndelay = -1\n").rfind(file + ":4: delay", 0) == 0);
    CHECK(
        seed_error(dir, head + "item_links = a\ncontent = pdf\n").rfind(file + ":4: content", 0) ==
        0);
    CHECK(seed_error(dir, "name = x\nlisting = ftp://x.example/\nitem_links = a\n")
              .rfind(file + ":2: listing 'ftp://x.example/' is not an http(s) URL", 0) == 0);
    CHECK(seed_error(dir, "listing = http://x.example/\nitem_links = a\n").find("no 'name ='") !=
          std::string::npos);
    CHECK(seed_error(dir, "name = x\nitem_links = a\n").find("no 'listing ='") !=
          std::string::npos);
}

TEST_CASE("shards: a stable hash, every site in exactly one shard", "[crawler][seed]") {
    CHECK(shard_of("demo-paste", 1) == 0);
    CHECK(shard_of("demo-paste", 7) == shard_of("demo-paste", 7));
    std::vector<unsigned> counts(4);
    for (int i = 0; i < 400; ++i) {
        ++counts[shard_of("site-" + std::to_string(i), 4)];
    }
    for (unsigned n : counts) {
        CHECK(n > 60);  // spread, not all in one
    }
}

TEST_CASE("listing pages: links resolved, session ids stripped, deduped, next page",
          "[crawler][pages]") {
    lw::test::TempDir dir;
    const Seed s = seed_from(dir,
                             "name = f\nlisting = http://f.example/forum/viewforum.php?f=2\n"
                             "item_links = a.topic\nitem_pattern = viewtopic\n"
                             "next_page = a.next\n");
    const std::string html =
        "<html><body>"
        "<a class=topic href='viewtopic.php?f=2&amp;t=1&amp;sid=0123abcd'>1</a>"
        "<a class=topic href='./viewtopic.php?f=2&amp;t=1'>1 again</a>"
        "<a class=topic href='/forum/viewtopic.php?f=2&amp;t=2&amp;start=20'>2</a>"
        "<a class=topic href='javascript:void(0)'>js</a>"
        "<a class=topic href='memberlist.php'>not an item</a>"
        "<a class=next href='viewforum.php?f=2&amp;start=30&amp;sid=0123abcd'>next</a>"
        "</body></html>";
    const ListingPage page =
        read_listing(s, *parse_url("http://f.example/forum/viewforum.php?f=2"), html, "text/html");
    CHECK(page.items ==
          std::vector<std::string>{"http://f.example/forum/viewtopic.php?f=2&t=1",
                                   "http://f.example/forum/viewtopic.php?f=2&t=2&start=20"});
    CHECK(page.next ==
          std::optional<std::string>("http://f.example/forum/viewforum.php?f=2&start=30"));

    const std::string based =
        "<html><head><base href='http://mirror.example/b/'></head><body>"
        "<a class=topic href='viewtopic.php?t=9'>9</a></body></html>";
    CHECK(read_listing(s, *parse_url("http://f.example/x"), based, "text/html").items ==
          std::vector<std::string>{"http://mirror.example/b/viewtopic.php?t=9"});
}

TEST_CASE("item pages: raw text, selected html, titles, discourse posts", "[crawler][pages]") {
    lw::test::TempDir dir;
    const Seed raw = seed_from(dir,
                               "name = r\nlisting = http://p.example/\nitem_links = a\n"
                               "content = raw\n");
    const ItemPage r = read_item(raw, *parse_url("http://p.example/raw/AbCd1234"), "caf\xe9 line\n",
                                 "text/plain; charset=iso-8859-1");
    CHECK(r.text == "caf\xc3\xa9 line\n");
    CHECK(r.title == "/raw/AbCd1234");

    const Seed html = seed_from(dir,
                                "name = h\nlisting = http://p.example/\nitem_links = a\n"
                                "content_selector = div.post\ntitle_selector = h2\n"
                                "next_page = a.next\n");
    const ItemPage h =
        read_item(html, *parse_url("http://p.example/t/1"),
                  "<html><head><title>site</title></head><body><h2>A dump</h2>"
                  "<div class=post>first <b>post</b></div><div class=sig>my signature</div>"
                  "<div class=post><pre>a;b\n1;2</pre></div><script>x=1</script>"
                  "<a class=next href='?page=2'>2</a></body></html>",
                  "text/html");
    CHECK(h.title == "A dump");
    CHECK(h.text.find("first post") != std::string::npos);
    CHECK(h.text.find("a;b\n1;2") != std::string::npos);
    CHECK(h.text.find("signature") == std::string::npos);
    CHECK(h.text.find("x=1") == std::string::npos);
    CHECK(h.next == std::optional<std::string>("http://p.example/t/1?page=2"));

    const Seed excluding =
        seed_from(dir,
                  "name = x\nlisting = http://p.example/\nitem_links = a\n"
                  "content_selector = div.post\ncontent_exclude = div.codetitle, .sig\n"
                  "max_pages = 2\n");
    CHECK(excluding.max_item_pages == 2);  // max_pages when not given
    const ItemPage e = read_item(excluding, *parse_url("http://p.example/t/2"),
                                 "<div class=post>dump<div class=codetitle>Code: Select all</div>"
                                 "<pre>a;b</pre><span class=sig>bye</span></div>",
                                 "text/html");
    CHECK(e.text.find("dump") != std::string::npos);
    CHECK(e.text.find("a;b") != std::string::npos);
    CHECK(e.text.find("Select all") == std::string::npos);
    CHECK(e.text.find("bye") == std::string::npos);

    const Seed discourse = seed_from(dir,
                                     "name = d\nlisting = http://d.example/latest.json\n"
                                     "content = discourse-json\n");
    const ListingPage latest = read_listing(
        discourse, *parse_url("http://d.example/latest.json"),
        R"({"topic_list":{"topics":[{"id":12,"slug":"a-dump"},{"id":12,"slug":"a-dump"},
            {"slug":"no-id"}],"more_topics_url":"/latest?page=1"}})",
        "application/json");
    CHECK(latest.items == std::vector<std::string>{"http://d.example/t/a-dump/12.json"});
    CHECK(latest.next == std::optional<std::string>("http://d.example/latest.json?page=1"));
    const ItemPage topic = read_item(
        discourse, *parse_url("http://d.example/t/a-dump/12.json"),
        R"({"title":"A dump","post_stream":{"posts":[{"cooked":"<p>one</p>"},{"cooked":"<p>two &amp; three</p>"}]}})",
        "application/json");
    CHECK(topic.title == "A dump");
    CHECK(topic.text.find("one") != std::string::npos);
    CHECK(topic.text.find("two & three") != std::string::npos);
    CHECK(read_item(discourse, *parse_url("http://d.example/t/x/1.json"), "not json", "")
              .text.empty());
}

namespace {

// A Discourse post as its JSON API gives it.
std::string post_json(int id) {
    return R"({"id":)" + std::to_string(id) + R"(,"post_number":1,"cooked":"<p>post )" +
           std::to_string(id) + R"(</p>"})";
}

// The posts.json request for posts first..last of topic 12.
std::string asking(int first, int last) {
    std::string url = "http://d.example/t/12/posts.json?";
    for (int id = first; id <= last; ++id) {
        url += (id == first ? "" : "&") + std::string("post_ids%5B%5D=") + std::to_string(id);
    }
    return url;
}

// Topic 12's first answer: posts 101 to `last` in its stream, up to 120 inlined.
std::string topic_json(int last) {
    std::string posts, stream;
    for (int id = 101; id <= last; ++id) {
        if (id <= 120) {
            posts += (posts.empty() ? "" : ",") + post_json(id);
        }
        stream += (stream.empty() ? "" : ",") + std::to_string(id);
    }
    return R"({"id":12,"title":"A dump","post_stream":{"posts":[)" + posts + R"(],"stream":[)" +
           stream + "]}}";
}

}  // namespace

TEST_CASE("item pages: a Discourse topic asks for the posts it does not inline, 20 a request",
          "[crawler][pages][discourse]") {
    lw::test::TempDir dir;
    const Seed discourse = seed_from(dir,
                                     "name = d\nlisting = http://d.example/latest.json\n"
                                     "content = discourse-json\nmax_item_pages = 4\n");
    const Url page = *parse_url("http://d.example/t/a-dump/12.json");
    const ItemPage topic = read_item(discourse, page, topic_json(145), "application/json");
    CHECK(topic.title == "A dump");
    CHECK(topic.text.find("post 101\n") != std::string::npos);
    CHECK(topic.text.find("post 120\n") != std::string::npos);
    CHECK(topic.text.find("post 121") == std::string::npos);
    CHECK_FALSE(topic.next);
    CHECK(topic.more_pages == std::vector<std::string>{asking(121, 140), asking(141, 145)});

    // A stream far longer than max_item_pages could read: its first
    // max_item_pages requests only (the spare one says the topic goes on).
    const ItemPage huge = read_item(discourse, page, topic_json(100000), "application/json");
    REQUIRE(huge.more_pages.size() == 4);
    CHECK(huge.more_pages[3] == asking(181, 200));

    // Nothing more to ask: every post inlined, no stream (an old answer), no topic id.
    CHECK(read_item(discourse, page, topic_json(120), "").more_pages.empty());
    CHECK(read_item(discourse, page, R"({"id":12,"post_stream":{"posts":[{"id":1,"cooked":"x"}]}})",
                    "")
              .more_pages.empty());
    CHECK(read_item(discourse, page, R"({"post_stream":{"posts":[],"stream":[1,2]}})", "")
              .more_pages.empty());
}

TEST_CASE("item pages: a Discourse posts.json answer gives the posts asked, in the order asked",
          "[crawler][pages][discourse]") {
    lw::test::TempDir dir;
    const Seed discourse = seed_from(dir,
                                     "name = d\nlisting = http://d.example/latest.json\n"
                                     "content = discourse-json\n");
    // Asked 141, 142, 143: answered 143, 141, a post not asked for and 142
    // without its cooked HTML; a stream in it names no further requests.
    const ItemPage chunk = read_item(
        discourse, *parse_url(asking(141, 143)),
        R"({"id":12,"post_stream":{"posts":[)" + post_json(143) + "," + post_json(141) + "," +
            post_json(999) + R"(,{"id":142,"post_number":2}],"stream":[141,142,143,144]}})",
        "application/json");
    CHECK(std::string_view(chunk.text) == "post 141\n\npost 143\n\n");
    CHECK(chunk.more_pages.empty());
    CHECK(chunk.title.empty());
    CHECK(read_item(discourse, *parse_url(asking(141, 143)), "[1,2]", "").text.empty());
}
