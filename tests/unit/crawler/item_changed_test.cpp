// A listing's change signal (a seed's item_changed): what each shipped
// adapter reads in an item's row of small pages made here, that a reply
// or a new last post changes it and the views do not, and that a row
// naming two items gives no signal rather than another item's.
#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "crawler/seed.h"
#include "crawler/site_pages.h"
#include "crawler/url.h"
#include "indexer/base/error.h"
#include "tests/support/temp_dir.h"

using namespace lw::crawler;

namespace {

Seed adapter(const std::string& name) {
    return load_seed(std::string(LW_SOURCE_ROOT) + "/seeds/adapters/" + name + ".conf");
}

// The marker of each item of `body` (a listing at `page`), by item URL.
std::vector<std::pair<std::string, std::string>> markers(const Seed& seed, const std::string& page,
                                                         const std::string& body,
                                                         const char* type = "text/html") {
    const ListingPage listing = read_listing(seed, *parse_url(page), body, type);
    REQUIRE(listing.changed.size() == listing.items.size());
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < listing.items.size(); ++i) {
        out.emplace_back(listing.items[i], listing.changed[i]);
    }
    return out;
}

// One marker of a listing holding one item.
std::string marker(const Seed& seed, const std::string& page, const std::string& body,
                   const char* type = "text/html") {
    const auto all = markers(seed, page, body, type);
    REQUIRE(all.size() == 1);
    return all[0].second;
}

std::string phpbb_row(const std::string& replies, const std::string& views,
                      const std::string& last) {
    return "<html><body><table><tr><td><a class='topictitle' href='./viewtopic.php?f=2&t=7&sid="
           "0123456789abcdef0123456789abcdef'>Sample</a></td>"
           "<td><p class='topicdetails'>" +
           replies + "</p></td><td><p class='topicdetails'>" + views +
           "</p></td><td><p class='topicdetails' style='white-space: nowrap;'>" + last +
           "</p></td></tr></table></body></html>";
}

std::string prosilver_row(const std::string& replies, const std::string& views,
                          const std::string& last) {
    return "<html><body><ul class='topiclist topics'><li class='row'><dl><dt>"
           "<a href='./viewtopic.php?t=7' class='topictitle'>Sample</a></dt>"
           "<dd class='posts'>" +
           replies + " <dfn>Replies</dfn></dd><dd class='views'>" + views +
           " <dfn>Views</dfn></dd><dd class='lastpost'><span><dfn>Last post </dfn>by "
           "<a href='./memberlist.php?u=2'>seller</a> <a href='./viewtopic.php?t=7&p=99#p99'>"
           "go</a><br />" +
           last + "</span></dd></dl></li></ul></body></html>";
}

}  // namespace

TEST_CASE("item_changed: phpBB 3.0 and prosilver rows change with a reply, not with views",
          "[crawler][item_changed]") {
    const Seed phpbb = adapter("phpbb3");
    const std::string forum = "https://forum.example/viewforum.php?f=2";
    const std::string before =
        marker(phpbb, forum, phpbb_row("4", "100", "Mon May 25, 2009 9:05 pm"));
    CHECK(before.find("Mon May 25, 2009 9:05 pm") != std::string::npos);
    CHECK(marker(phpbb, forum, phpbb_row("4", "250", "Mon May 25, 2009 9:05 pm")) == before);
    CHECK(marker(phpbb, forum, phpbb_row("5", "250", "Tue May 26, 2009 8:00 am")) != before);

    const std::string pro = marker(phpbb, forum, prosilver_row("4", "100", "Sat Mar 02, 2024"));
    CHECK(pro.find("4") != std::string::npos);
    CHECK(marker(phpbb, forum, prosilver_row("4", "999", "Sat Mar 02, 2024")) == pro);
    CHECK(marker(phpbb, forum, prosilver_row("5", "999", "Sat Mar 02, 2024")) != pro);
}

TEST_CASE("item_changed: vBulletin 3 classes and vBulletin 2's bare rows",
          "[crawler][item_changed]") {
    const Seed vb = adapter("vbulletin");
    const std::string forum = "https://vb.example/forumdisplay.php?forumid=46";
    const auto vb3 = [&](const char* replies, const char* views, const char* last) {
        return marker(vb, forum,
                      std::string("<table><tr class='thread'><td class='title'>"
                                  "<a class='thread_title' href='showthread.php?threadid=9'>t</a>"
                                  "</td><td class='replies'>") +
                          replies + "</td><td class='views'>" + views +
                          "</td><td class='lastpost'><div class='date'>" + last +
                          "</div></td></tr></table>");
    };
    CHECK(vb3("3", "10", "21:00 Apr  7, 2014") == vb3("3", "99", "21:00 Apr  7, 2014"));
    CHECK(vb3("3", "10", "21:00 Apr  7, 2014") != vb3("4", "10", "22:10 Apr  7, 2014"));
    CHECK_FALSE(vb3("3", "10", "21:00 Apr  7, 2014").empty());

    const auto vb2 = [&](const char* replies, const char* views, const char* date) {
        return marker(vb, forum,
                      std::string("<table><tr><td><a href='showthread.php?s=0123456789abcdef0123"
                                  "456789abcdef&amp;threadid=9'>t</a></td><td><font size='2'>"
                                  "<a href='javascript:who(9)'>") +
                          replies + "</a></font></td><td><font size='2'>" + views +
                          "</font></td><td><table id='ltlink'><tr><td nowrap><font "
                          "size='1'>" +
                          date +
                          " by <a href='member.php?u=1'><b>x</b></a></font></td></tr>"
                          "</table></td></tr></table>");
    };
    CHECK_FALSE(vb2("187", "51074", "01-01-2005 12:45 AM").empty());
    CHECK(vb2("187", "51074", "01-01-2005 12:45 AM") == vb2("187", "60000", "01-01-2005 12:45 AM"));
    CHECK(vb2("187", "51074", "01-01-2005 12:45 AM") != vb2("188", "51074", "01-02-2005 09:00 AM"));
}

TEST_CASE("item_changed: MyBB reads the reply count, not the relative last-post time",
          "[crawler][item_changed]") {
    const Seed mybb = adapter("mybb");
    const std::string forum = "https://mybb.example/forumdisplay.php?fid=2";
    const auto row = [&](const char* replies, const char* ago) {
        return marker(mybb, forum,
                      std::string("<table><tr class='inline_row'><td><span class=' subject_old' "
                                  "id='tid_42'><a href='showthread.php?tid=42'>t</a></span></td>"
                                  "<td><a href='https://mybb.example/misc.php?action=whoposted"
                                  "&tid=42'>") +
                          replies +
                          "</a></td><td><span class='lastpost smalltext'>"
                          "<span title='03-14-2024, 09:55 AM'>" +
                          ago + "</span></span></td></tr></table>");
    };
    CHECK(row("7", "35 minutes ago") == row("7", "2 hours ago"));
    CHECK(row("7", "35 minutes ago") != row("8", "1 minute ago"));
    CHECK(row("7", "35 minutes ago").find('7') != std::string::npos);
}

TEST_CASE("item_changed: XenForo 1 and 2 read the last post's machine time",
          "[crawler][item_changed]") {
    const Seed xf = adapter("xenforo");
    const std::string forum = "https://xf.example/forums/leaks.28/";
    const auto xf2 = [&](const char* when, const char* shown) {
        return marker(xf, forum,
                      std::string("<div class='structItem'><div class='structItem-title'>"
                                  "<a href='/threads/sample.9/'>t</a></div><div class='"
                                  "structItem-cell structItem-cell--latest'><time class='"
                                  "structItem-latestDate u-dt' data-time='") +
                          when + "'>" + shown + "</time></div></div>");
    };
    CHECK(xf2("1710410100", "Today at 9:55 AM") == "1710410100\x1f");
    CHECK(xf2("1710410100", "Yesterday at 9:55 AM") == xf2("1710410100", "A moment ago"));
    CHECK(xf2("1710410100", "x") != xf2("1710420000", "x"));

    const auto xf1 = [&](const char* title) {
        return marker(xf, forum,
                      std::string("<ol><li class='discussionListItem'><h3 class='title'>"
                                  "<a href='threads/sample.9/'>t</a></h3><dl class='"
                                  "lastPostInfo'><dd><span class='DateTime' title='") +
                          title + "'>2 hours ago</span></dd></dl></li></ol>");
    };
    CHECK(xf1("Mar 14, 2024 at 9:55 AM") == "Mar 14, 2024 at 9:55 AM\x1f");
}

TEST_CASE("item_changed: Discourse reads last_posted_at and posts_count of each topic",
          "[crawler][item_changed]") {
    const Seed discourse = adapter("discourse");
    REQUIRE(discourse.item_changed_fields ==
            std::vector<std::string>{"last_posted_at", "posts_count"});
    const std::string latest = "https://d.example/latest.json";
    const auto listing = [&](const char* when, int posts) {
        return markers(discourse, latest,
                       std::string("{\"topic_list\":{\"topics\":[{\"id\":5,\"slug\":\"a\","
                                   "\"last_posted_at\":\"") +
                           when + "\",\"posts_count\":" + std::to_string(posts) +
                           ",\"views\":3},{\"id\":6,\"slug\":\"b\"}]}}",
                       "application/json");
    };
    const auto before = listing("2024-03-14T09:55:00.000Z", 3);
    REQUIRE(before.size() == 2);
    CHECK(before[0].second ==
          "\"2024-03-14T09:55:00.000Z\"\x1f"
          "3\x1f");
    CHECK(before[1].second.empty());  // a topic without the fields: no signal
    CHECK(listing("2024-03-14T09:55:00.000Z", 4)[0].second != before[0].second);
}

TEST_CASE("item_changed: a row naming two items gives neither a signal; no selector, none",
          "[crawler][item_changed]") {
    const Seed phpbb = adapter("phpbb3");
    const auto both = markers(phpbb, "https://forum.example/viewforum.php?f=2",
                              "<table><tr><td><a class='topictitle' href='viewtopic.php?t=1'>a"
                              "</a><a class='topictitle' href='viewtopic.php?t=2'>b</a></td><td>"
                              "<p class='topicdetails' style='x'>today</p></td></tr></table>");
    REQUIRE(both.size() == 2);
    CHECK(both[0].second.empty());
    CHECK(both[1].second.empty());

    const Seed pastebin = adapter("pastebin");
    CHECK(pastebin.item_changed.empty());
    CHECK_FALSE(pastebin.item_changed_css);
}

TEST_CASE("seeds: item_changed and revisit are read, and wrong values named with their line",
          "[crawler][seed][item_changed]") {
    lw::test::TempDir dir;
    const std::string file = dir.file("site.conf");
    const auto write = [&](const std::string& text) {
        std::ofstream(file) << "name = x\nlisting = http://x.example/\n" << text;
    };
    const auto error = [&](const std::string& text) -> std::string {
        write(text);
        try {
            (void)load_seed(file);
        } catch (const lw::Error& e) {
            return e.what();
        }
        return "no error";
    };
    write("item_links = a\nitem_changed = td.replies, td.lastpost\nrevisit = 6h\n");
    const Seed html = load_seed(file);
    CHECK(html.item_changed_css);
    CHECK(html.item_changed_fields.empty());
    CHECK(html.revisit == std::chrono::hours(6));
    write("content = discourse-json\nitem_changed = last_posted_at ,posts_count,\n");
    const Seed discourse = load_seed(file);
    CHECK(discourse.item_changed_fields ==
          std::vector<std::string>{"last_posted_at", "posts_count"});
    CHECK(discourse.revisit.count() == 0);
    CHECK(
        error("item_links = a\nitem_changed = td[replies\n").rfind(file + ":4: item_changed", 0) ==
        0);
    CHECK(error("item_links = a\nrevisit = 6 hours\n").rfind(file + ":4: revisit", 0) == 0);
    CHECK(error("item_links = a\nrevisit = 4000d\n").rfind(file + ":4: revisit", 0) == 0);
}

TEST_CASE("seeds: durations are a whole number and one unit", "[crawler][seed][item_changed]") {
    CHECK(parse_duration("90") == std::chrono::seconds(90));
    CHECK(parse_duration("90s") == std::chrono::seconds(90));
    CHECK(parse_duration("30m") == std::chrono::minutes(30));
    CHECK(parse_duration("6h") == std::chrono::hours(6));
    CHECK(parse_duration("2d") == std::chrono::hours(48));
    for (const char* bad : {"", "h", "6hh", "6w", "-1", "1.5h", " 6h", "99999999999"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_duration(bad));
    }
}
