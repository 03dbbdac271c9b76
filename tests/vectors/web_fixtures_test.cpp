// The real pages of ../shared/fixtures/web (see its SOURCES.md): the
// selectors SOURCES.md documents for each site find the item links, post
// bodies and pagers, and the text of posts comes out as a reader sees it.
// Counts and strings below were read off the files.
#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "crawler/charset.h"
#include "crawler/css_selector.h"
#include "crawler/html_document.h"
#include "crawler/html_text.h"
#include "crawler/seed.h"
#include "crawler/site_pages.h"
#include "crawler/url.h"
#include "tests/support/shared_dir.h"

using lw::crawler::attribute_values;
using lw::crawler::CssSelector;
using lw::crawler::html_to_text;
using lw::crawler::html_to_texts;
using lw::crawler::HtmlDocument;

namespace {

using Strings = std::vector<std::string>;

// A fixture parsed as the crawler parses a response with this Content-Type.
HtmlDocument page(const std::string& path, std::string_view content_type = "text/html") {
    return HtmlDocument::parse(lw::test::read_shared("fixtures/web/" + path), content_type);
}

std::vector<const GumboNode*> select(const HtmlDocument& document, const char* selector) {
    return CssSelector::parse(selector).select(document.root());
}

Strings hrefs(const HtmlDocument& document, const char* selector) {
    return attribute_values(select(document, selector), "href");
}

Strings texts(const HtmlDocument& document, const char* selector) {
    return html_to_texts(select(document, selector));
}

std::string text(const HtmlDocument& document, const char* selector) {
    const auto found = select(document, selector);
    REQUIRE(found.size() == 1);
    return html_to_text(found[0]);
}

bool has(const Strings& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool any_contains(const Strings& values, const std::string& part) {
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& v) { return v.find(part) != std::string::npos; });
}

bool starts_with(const std::string& s, const std::string& prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

// `url` without its `name=` query parameter (session ids).
std::string without_parameter(std::string url, const std::string& name) {
    for (std::size_t at = url.find(name + "="); at != std::string::npos;
         at = url.find(name + "=", at + 1)) {
        if (at == 0 || (url[at - 1] != '?' && url[at - 1] != '&')) {
            continue;
        }
        std::size_t end = url.find('&', at);
        end = end == std::string::npos ? url.size() : end + 1;
        url.erase(at, end - at);
        if (!url.empty() && (url.back() == '&' || url.back() == '?')) {
            url.pop_back();
        }
        break;
    }
    return url;
}

std::size_t unique_count(const Strings& values) {
    return std::set<std::string>(values.begin(), values.end()).size();
}

const std::string kFffd = "\xEF\xBF\xBD";

}  // namespace

// --- pastebin ---------------------------------------------------------------

TEST_CASE("web: pastebin 2012 archive lists 250 pastes", "[vectors][web]") {
    const auto archive = page("pastebin/archive-2012.html");
    const Strings links = hrefs(archive, "table.maintable tr > td:nth-child(1) > a[href]");
    REQUIRE(links.size() == 250);
    CHECK(unique_count(links) == 250);
    CHECK(links.front() == "/w6FQeBnx");
    CHECK(links.back() == "/dQga0CxW");
    CHECK(has(links, "/n8eAtrZu"));
    const std::regex key("/[A-Za-z0-9]{8}");
    CHECK(std::all_of(links.begin(), links.end(),
                      [&](const std::string& l) { return std::regex_match(l, key); }));
    // The header row holds th cells only, so it adds no link.
    CHECK(select(archive, "table.maintable tr.top").size() == 1);
    CHECK(select(archive, "table.maintable tr:not(.top)").size() == 250);
    CHECK(select(archive, "img.i_p0 + a[href]").size() == 250);

    const Strings syntax = texts(archive, "table.maintable td:nth-child(3) a[href^=\"/archive/\"]");
    REQUIRE(syntax.size() == 250);
    CHECK(std::count(syntax.begin(), syntax.end(), "None") == 223);
    CHECK(text(archive, "table.maintable tr:nth-child(2)") == "Untitled\t0 sec ago\tNone");
}

TEST_CASE("web: pastebin 2012 sidebar repeats the 8 newest pastes", "[vectors][web]") {
    const auto archive = page("pastebin/archive-2012.html");
    const Strings sidebar = hrefs(archive, "#menu_2 ul.right_menu li > a");
    const Strings links = hrefs(archive, "table.maintable tr > td:nth-child(1) > a[href]");
    REQUIRE(sidebar.size() == 8);
    CHECK(Strings(links.begin(), links.begin() + 8) == sidebar);
}

TEST_CASE("web: pastebin 2012 paste page: key, title, raw link and exact text", "[vectors][web]") {
    const auto paste = page("pastebin/paste-2012.html");
    CHECK(hrefs(paste, "link[rel=canonical]") == Strings{"http://pastebin.com/FDs3spZv"});
    CHECK(text(paste, ".paste_box_line1 h1") == "CXF XML");
    CHECK(starts_with(text(paste, ".paste_box_line2"), "By: a guest on Oct 31st, 2012"));
    CHECK(hrefs(paste, ".paste_box_line3 a[href^=\"/raw.php?i=\"]") ==
          Strings{"/raw.php?i=FDs3spZv"});

    // The textarea holds the paste as written: tabs kept, entities decoded.
    const std::string code = text(paste, "textarea#paste_code.paste_code");
    CHECK(starts_with(code,
                      "<beans\txmlns=\"http://www.springframework.org/schema/beans\"\n"
                      "\t\txmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"));
    CHECK(code.find("<cxf:logging limit=\"1024000\" />") != std::string::npos);
    CHECK(code.substr(code.size() - 8) == "</beans>");
    const auto lines = select(paste, "#code_frame ol > li");
    CHECK(lines.size() == 13);
    CHECK(static_cast<std::size_t>(std::count(code.begin(), code.end(), '\n')) + 1 == lines.size());
    CHECK(select(paste, "#code_frame ol > li > div.de1, div.de2").size() == 13);
}

TEST_CASE("web: pastebin 2022 guest paste page", "[vectors][web]") {
    const auto paste = page("pastebin/paste-2022-guest.html");
    CHECK(hrefs(paste, "link[rel=canonical]") == Strings{"https://pastebin.com/tWGEUZ17"});
    CHECK(text(paste, "div.post-view .info-top h1") == "Untitled");
    CHECK(text(paste, ".info-bottom .username") == "a guest");
    CHECK(attribute_values(select(paste, ".info-bottom .date span[title]"), "title") ==
          Strings{"Saturday 8th of October 2022 12:24:35 PM CDT"});
    CHECK(text(paste, ".highlighted-code .top-buttons .left a[href^=\"/archive/\"]") == "text");
    CHECK(hrefs(paste, ".top-buttons .right a[href^=\"/raw/\"]") == Strings{"/raw/tWGEUZ17"});
    CHECK(texts(paste, ".highlighted-code .source ol > li .de1") == Strings{"dadsadadas"});
    CHECK(select(paste, "textarea").empty());
    const Strings sidebar = hrefs(paste, ".sidebar__menu li > a");
    CHECK(sidebar.size() == 8);
    CHECK(sidebar.front() == "/7RFTqC03");
}

TEST_CASE("web: pastebin 2022 archive fragment has 4 rows", "[vectors][web]") {
    const auto archive = page("pastebin/archive-2022-fragment.html");
    CHECK(hrefs(archive, "div.archive-table table.maintable tr td:first-child a[href]") ==
          Strings{"/6ryvL9V2", "/jWHZjpCC", "/Lg2LV0a0", "/pJEPaduj"});
    CHECK(hrefs(archive, "span.status.-public + a").size() == 4);
    CHECK(texts(archive, "td.td_smaller a[href^=\"/archive/\"]") ==
          Strings{"TypeScript", "Rust", "Bash", "Python"});
    CHECK(texts(archive, "table.maintable tr")[1] == "AuthGuard\t11 sec ago\tTypeScript");
}

// --- phpBB ------------------------------------------------------------------

TEST_CASE("web: phpBB Metal Archives forum lists 33 topics and 204 pages", "[vectors][web]") {
    const auto forum = page("phpbb/metalarchives-viewforum-f11.html");
    const Strings links = hrefs(forum, "a.sml.bold[href*=\"viewtopic.php?f=11&t=\"]");
    REQUIRE(links.size() == 33);  // 3 announcements and 30 topics
    CHECK(has(links, "./viewtopic.php?f=11&t=66086&sid=56aeac3d547c98eb2bb88f2807aa4bf6"));
    CHECK(std::all_of(links.begin(), links.end(),
                      [](const std::string& l) { return l.find("&sid=") != std::string::npos; }));
    Strings stripped;
    for (const auto& link : links) {
        stripped.push_back(without_parameter(link, "sid"));
    }
    CHECK(unique_count(stripped) == 33);
    CHECK(has(stripped, "./viewtopic.php?f=11&t=66086"));
    CHECK(text(forum, "a.sml.bold[href*=\"&t=66086&\"]") == "Black Metal Help Thread");
    CHECK(select(forum, "a.topictitle").empty());
    CHECK(texts(forum, "table.forumindex tr td.row3") == Strings{"Announcements", "Topics"});

    const char* pager =
        "#pageheader span.gensmall a[href*=\"viewforum.php?f=11\"][href*=\"start=\"]";
    CHECK(texts(forum, pager) == Strings{"2", "3", "4", "5", "204", "Next"});
    CHECK(has(hrefs(forum, pager),
              "./viewforum.php?f=11&sid=56aeac3d547c98eb2bb88f2807aa4bf6&start=6090"));
}

TEST_CASE("web: phpBB Metal Archives topic: 40 post bodies without signatures", "[vectors][web]") {
    const auto topic = page("phpbb/metalarchives-viewtopic-t66086.html");
    const auto anchors = attribute_values(select(topic, "a[name^=\"p\"]"), "name");
    REQUIRE(anchors.size() == 40);
    CHECK(anchors.front() == "p1562831");

    const Strings bodies = texts(topic, "div.postbody");
    REQUIRE(bodies.size() == 40);
    CHECK(starts_with(bodies[0],
                      "Due to the \xE2\x80\x9Cno posts exist\xE2\x80\x9D bug that has plagued the "
                      "previous BM Help Thread for a while now, here is the new Black Metal Help "
                      "Thread.\n\nTry and be as specific as possible"));
    CHECK(bodies[0].find("http://rateyourmusic.com/board_message/message_id_is_1191962") !=
          std::string::npos);
    CHECK(bodies[2] ==
          "CircleovZaphyan wrote:\nIm also looking for a CD version of Welowie if anybody knows "
          "a distro.\n\nOldLegend Productions' webshop carries it: "
          "http://www.shop.oldlegend.eu/");
    CHECK(bodies[3] == "Did you download it? Could always have gotten a bogus fake.");

    // Signatures are span.postbody after the div: never inside a body.
    const Strings signatures = texts(topic, "span.postbody");
    CHECK(signatures.size() == 17);
    CHECK(has(signatures, "_________________\nIn pale light I wander on"));
    CHECK_FALSE(any_contains(bodies, "_________________"));
    CHECK_FALSE(any_contains(bodies, "In pale light I wander on"));
    CHECK(select(topic, "div.quotecontent").size() == 38);
}

TEST_CASE("web: phpBB Metal Archives topic: nested author links and the pager", "[vectors][web]") {
    const auto topic = page("phpbb/metalarchives-viewtopic-t66086.html");
    // <a><a>name</a></a> is split by the parser into an empty <a> and the named one.
    const Strings authors = texts(topic, "td.profile span.bold a[href*=\"mode=viewprofile\"]");
    REQUIRE(authors.size() == 80);
    CHECK(authors[0].empty());
    CHECK(authors[1] == "Snowgrave");
    CHECK(authors[3] == "CircleovZaphyan");
    CHECK(std::count(authors.begin(), authors.end(), "") == 40);
    const Strings pager = hrefs(topic, "a[href*=\"viewtopic.php?f=11&t=66086&start=\"]");
    CHECK(pager.size() == 12);
    CHECK(has(pager, "./viewtopic.php?f=11&t=66086&start=40"));
}

TEST_CASE("web: French phpBB forum lists 17 topics", "[vectors][web]") {
    const auto forum = page("phpbb/eaglecraft-fr-viewforum-f15.html");
    const Strings links = hrefs(forum, "a.topictitle");
    CHECK(links.size() == 17);
    CHECK(has(links, "viewtopic.php@f=15&t=320.html"));
    CHECK(text(forum, "a.topictitle[href*=\"t=320.\"]") ==
          "La 1.9, c'est cool ! Avec des Shaders, c'est 20% plus cool !");
    CHECK(has(texts(forum, "a.topictitle"),
              "Sondage - Pr\xC3\xA9sentation d'un plugin de qu\xC3\xAAtes"));
    CHECK(starts_with(texts(forum, "div.pagination")[0], "17 sujets"));
}

TEST_CASE("web: French phpBB topic: accents, the date and the code box verbatim",
          "[vectors][web]") {
    const auto topic = page("phpbb/eaglecraft-fr-viewtopic-t320.html");
    CHECK(lw::crawler::sniff_encoding(
              lw::test::read_shared("fixtures/web/phpbb/eaglecraft-fr-viewtopic-t320.html"), "") ==
          "UTF-8");
    CHECK(text(topic, "span.vtusername") == "Sailoriae");
    CHECK(text(topic, "span.vtdate") == "Dim 27 Mars 2016, 10:51");
    CHECK(text(topic, "div.vtcodebox > div.vtcodeselect") == "Code : Tout s\xC3\xA9lectionner");
    CHECK(text(topic, "div.vtcodeinner code") ==
          "Pensez-y ! Pour faire tourner des Shaders, il faut une bonne Carte Graphique, et un "
          "peu de RAM. Je pense que 6Go suffisent, avec une NVidia GTX.");
    const std::string body = text(topic, "div.vtcontent div.content");
    CHECK(starts_with(body, "Hello world !\nJe vous mets ici quelques screens"));
    CHECK(body.find("La 1.9 a un truc de g\xC3\xA9nial : Elle conserve en m\xC3\xA9moire") !=
          std::string::npos);
    CHECK(body.find("Code : Tout s\xC3\xA9lectionner\nPensez-y ! Pour faire tourner") !=
          std::string::npos);
    CHECK(body.find("Gros bisous, et bon jeu !") != std::string::npos);
    CHECK(starts_with(text(topic, "div.notice"),
                      "Derni\xC3\xA8re \xC3\xA9"
                      "dition par Sailoriae le Ven 03 Avr 2020"));
}

// --- vBulletin --------------------------------------------------------------

TEST_CASE("web: Something Awful forum lists 40 threads and an announcement", "[vectors][web]") {
    const auto forum = page("vbulletin/somethingawful-forumdisplay-f46.html");
    CHECK(select(forum, "table#forum tr.thread").size() == 41);
    const Strings links =
        hrefs(forum, "td.title a.thread_title[href^=\"showthread.php?threadid=\"]");
    CHECK(links.size() == 40);
    CHECK(unique_count(links) == 40);
    CHECK(has(links, "showthread.php?threadid=3507451"));
    CHECK(text(forum, "a.thread_title[href=\"showthread.php?threadid=3507451\"]") ==
          "Canadian Politics Thread: Revenge of Trudeaumania: Brawl Me, Maybe");
    CHECK(hrefs(forum, "table#forum tr.thread td.title a.announcement") ==
          Strings{"announcement.php?forumid=1"});
    const Strings pager =
        hrefs(forum, "div.pages a[href*=\"forumdisplay.php?forumid=46\"][href*=\"pagenumber=\"]");
    CHECK(pager.size() == 4);
    CHECK(any_contains(pager, "&pagenumber=6"));
}

TEST_CASE("web: Something Awful thread is windows-1252 without saying so", "[vectors][web]") {
    // The server sent the charset in its header; the page names none.
    const auto thread = page("vbulletin/somethingawful-showthread-t3507451.html",
                             "text/html; charset=windows-1252");
    CHECK(select(thread, "table.post[id^=\"post\"]").size() == 40);
    CHECK(texts(thread, "dt.author")[0] == "Majuju");
    const Strings bodies = texts(thread, "td.postbody");
    REQUIRE(bodies.size() == 40);
    CHECK(any_contains(bodies,
                       "Resounding win for Qu\xC3\xA9"
                       "bec students."));
    CHECK(any_contains(bodies, "\xE2\x80\x9CWe were appalled to learn that dangerous and violent"));
    CHECK(any_contains(bodies, "This is simply unacceptable,\xE2\x80\x9D said Julie Carmichael"));
    CHECK(hrefs(thread, "div.pages.top a[href*=\"pagenumber=\"]").back() ==
          "showthread.php?threadid=3507451&userid=0&perpage=40&pagenumber=151");

    // Without the header it is taken for UTF-8 and repaired, not rejected.
    const auto guessed = page("vbulletin/somethingawful-showthread-t3507451.html", "text/html");
    CHECK(any_contains(texts(guessed, "td.postbody"), "Qu" + kFffd + "bec students."));
}

TEST_CASE("web: Steam forums (vBulletin 2) lists 33 threads without classes", "[vectors][web]") {
    const auto forum = page("vbulletin/steamforums-vb2-forumdisplay-f14.html");
    const char* items =
        "a[href^=\"showthread.php?\"][href*=\"threadid=\"]:not([href*=\"goto=lastpost\"])";
    const Strings links = hrefs(forum, items);
    REQUIRE(links.size() == 33);
    Strings stripped;
    for (const auto& link : links) {
        CHECK(std::regex_search(link, std::regex("[?&]s=[0-9a-f]{32}&")));
        stripped.push_back(without_parameter(link, "s"));
    }
    CHECK(unique_count(stripped) == 33);
    CHECK(stripped.front() == "showthread.php?threadid=177159");
    CHECK(texts(forum, items).front() == "Motion Sick?");
    CHECK(select(forum, "a[href^=\"showthread.php?\"][href*=\"threadid=\"]").size() == 66);
    CHECK(any_contains(
        hrefs(
            forum,
            "a[href^=\"forumdisplay.php?\"][href*=\"pagenumber=\"][href*=\"sortfield=lastpost\"]"),
        "&pagenumber=221"));
}

TEST_CASE("web: Steam forums thread: 15 posts, comments ignored, latin-1 ranks", "[vectors][web]") {
    const auto thread =
        page("vbulletin/steamforums-vb2-showthread-t177159.html", "text/html; charset=ISO-8859-1");
    // The commented-out duplicate author blocks are not elements.
    CHECK(select(thread, "a[name^=\"post\"]:not([name=posttop])").size() == 15);
    const Strings authors = texts(thread, "td[width=\"175\"] font[size=\"2\"] > b");
    REQUIRE(authors.size() == 15);
    CHECK(authors[0] == "Chris Bokitch");
    CHECK(authors[1] == "geogriffith");
    const Strings bodies =
        texts(thread, "td[width=\"175\"] + td[width=\"100%\"] p > font[size=\"2\"]");
    REQUIRE(bodies.size() == 15);
    CHECK(starts_with(bodies[0],
                      "A few tips I've gotten to reduce motion sickness:\n\n* do what you can to "
                      "increase framerate"));
    CHECK(select(thread, "a[href^=\"report.php?\"][href*=\"postid=\"]").size() == 15);
    CHECK(any_contains(hrefs(thread, "a[href*=\"threadid=177159\"][href*=\"pagenumber=\"]"),
                       "&pagenumber=11"));
    // Ranks are « (0xAB) and µ (0xB5) drawn in a Wingdings font.
    CHECK(texts(thread, "td[width=\"175\"] font[face=\"wingdings\"]") ==
          Strings{"M", "\xC2\xAB\xC2\xAB", "\xC2\xB5", "\xC2\xAB", "\xC2\xAB\xC2\xAB", "\xC2\xAB",
                  "\xC2\xAB\xC2\xAB\xC2\xAB", "\xC2\xAB\xC2\xAB", "\xC2\xAB"});
    const auto undeclared = page("vbulletin/steamforums-vb2-showthread-t177159.html", "");
    CHECK(texts(undeclared, "td[width=\"175\"] font[face=\"wingdings\"]")[1] == kFffd + kFffd);
}

// --- XenForo ----------------------------------------------------------------

TEST_CASE("web: XenForo 1 thread: base href, 20 posts and 104 pages", "[vectors][web]") {
    const auto thread = page("xenforo/disboards-xf1-thread-3674375.html");
    CHECK(thread.base_href() == "https://www.disboards.com/");
    const auto posts = select(thread, "ol#messageList > li.message[id^=\"post-\"]");
    REQUIRE(posts.size() == 20);
    const Strings authors = attribute_values(posts, "data-author");
    CHECK(authors[0] == "pangyal");
    CHECK(authors[3] == "DisneynBison");
    const Strings bodies = texts(thread, "div.messageContent blockquote.messageText");
    REQUIRE(bodies.size() == 20);
    CHECK(starts_with(bodies[0], "Hi everyone!\n\nThis thread can be an invaluable tool"));
    CHECK(bodies[0].find("pangyal---$144-$33296-219-VGF-Aug-113/14, 219/15, 219/16, 219/17- "
                         "sent 8/24, passed 9/16") != std::string::npos);
    CHECK(starts_with(bodies[2], "PASSED\n\nAKV:\n\nMB_01---$96-$17602-160-AKV-Jun-"));
    CHECK(attribute_values(select(thread, "div.PageNav[data-last]"), "data-last") ==
          Strings{"104", "104"});
    CHECK(hrefs(thread, "link[rel=next]") ==
          Strings{"threads/rofr-thread-april-to-june-2018-please-see-first-post-for-"
                  "instructions-formatting-tool.3674375/page-2"});
    CHECK(hrefs(thread, "link[rel=canonical]")[0].find(".3674375/") != std::string::npos);
    CHECK(hrefs(thread, "a[href^=\"forums/\"]")[0] == "forums/purchasing-dvc.28/");
}

// --- MyBB -------------------------------------------------------------------

TEST_CASE("web: MyBB forum lists 15 threads, 3 unread, and a next page", "[vectors][web]") {
    const auto forum = page("mybb/forumdisplay-fid2-page1.html");
    CHECK(select(forum, "tr.inline_row").size() == 15);
    const Strings links = hrefs(forum, "span[id^=\"tid_\"] > a");
    REQUIRE(links.size() == 15);
    CHECK(links.front() == "showthread.php?tid=7");
    CHECK(has(links, "showthread.php?tid=42"));
    CHECK(has(links, "showthread.php?tid=512"));  // the moved thread's new home
    CHECK(hrefs(forum, "span.subject_new > a") ==
          Strings{"showthread.php?tid=42", "showthread.php?tid=58", "showthread.php?tid=55"});
    const Strings subjects = texts(forum, "span[id^=\"tid_\"] > a");
    CHECK(subjects[2] == "FR hospital dump 2021 sample");
    CHECK(has(subjects, "Old gaming forum SQL <2015> \xE2\x80\x93 is this real?"));
    CHECK(has(subjects, "Scam warning: fake \"gov\" dump seller"));
    CHECK(select(forum, "span.thread_status.movefolder").size() == 1);
    CHECK(hrefs(forum, ".pagination a.pagination_next") ==
          Strings{"forumdisplay.php?fid=2&page=2", "forumdisplay.php?fid=2&page=2"});
    CHECK(select(forum, "a[href*=\"my_post_key=\"]").size() == 3);
    CHECK(hrefs(forum, "a[href^=\"announcements.php?aid=\"]") ==
          Strings{"announcements.php?aid=1"});
}

TEST_CASE("web: MyBB thread: 5 posts, code boxes line by line, signature apart", "[vectors][web]") {
    const auto thread = page("mybb/showthread-tid42-page1.html");
    CHECK(lw::crawler::sniff_encoding(
              lw::test::read_shared("fixtures/web/mybb/showthread-tid42-page1.html"), "") ==
          "UTF-8");
    CHECK(attribute_values(select(thread, "#posts > div.post[id^=\"post_\"]"), "id") ==
          Strings{"post_1187", "post_1190", "post_1196", "post_1203", "post_1211"});
    CHECK(texts(thread, ".post_author .largetext a") ==
          Strings{"d4tab4se_kid", "rot_n_roll", "b1gfish", "Mod_Nemo", "sable.fox"});

    // <br /> plus a newline is one line break; &#36; is "$".
    const Strings code = texts(thread, "div.codeblock > div.body > code");
    REQUIRE(code.size() == 3);
    CHECK(code[0] ==
          "NOM;PRENOM;DATE_NAISSANCE;NIR;TELEPHONE;EMAIL;SERVICE\n"
          "DUPONT;Jean;1985-03-12;1 85 03 99 999 123 24;01 99 00 12 34;jean.dupont@example.org;"
          "Cardiologie\n"
          "MARTIN;Claire;1990-07-21;290079999945642;06 39 98 45 67;c.martin@example.com;"
          "P\xC3\xA9"
          "diatrie\n"
          "DURAND;H\xC3\xA9l\xC3\xA8ne;1978-11-02;2 78 11 99 999 789 71;+33 6 39 98 00 21;"
          "helene.durand@example.org;Urgences\n"
          "PETIT;Lo\xC3\xAF"
          "c;2001-01-30;101019999901248;0199001122;loic.petit@example.com;"
          "Radiologie\n"
          "LEROY;Ana\xC3\xAFs;1969-05-05;269059999934584;06.39.98.77.88;anais.leroy@example.org;"
          "Maternit\xC3\xA9");
    CHECK(code[1] ==
          "DUPONT;Jean;1985-03-12;1 85 03 99 999 123 24;01 99 00 12 34;jean.dupont@example.org;"
          "Cardiologie");
    CHECK(code[2].find("adm.portail;admin.portail@example.org;$2y$10$FAKEFAKEFAKEFAKEFAKEF") !=
          std::string::npos);

    const Strings bodies = texts(thread, "div.post_body[id^=\"pid_\"]");
    REQUIRE(bodies.size() == 5);
    CHECK(starts_with(bodies[0],
                      "Sample from a 2021 export of a regional hospital patient "
                      "portal (FR). 5 lines below, the full file is ~480k rows.\n"
                      "Code:\nNOM;PRENOM;"));
    CHECK(bodies[0].find(code[0] + "\nColumns: last name;") != std::string::npos);
    // U+00A0 before "!" and ":" reads as a space.
    CHECK(starts_with(bodies[1],
                      "Bonjour \xC3\xA0 tous ! J'ai v\xC3\xA9rifi\xC3\xA9 "
                      "l'\xC3\xA9"
                      "chantillon : les NIR"));
    CHECK(bodies[2].find(code[1]) != std::string::npos);
    CHECK(texts(thread, "div.signature") == Strings{"Trust, but verify the checksum."});
    CHECK_FALSE(any_contains(bodies, "Trust, but verify"));
    CHECK(hrefs(thread, "a.mycode_url") ==
          Strings{"https://files.example.net/share/fr-hosp-2021/sample-staff.7z",
                  "https://files.example.net/share/fr-hosp-2021/sample-staff-accounts.part2.7z"});
}

TEST_CASE("web: MyBB thread: pager, permalinks and tokens", "[vectors][web]") {
    const auto thread = page("mybb/showthread-tid42-page1.html");
    CHECK(select(thread, "a.pagination_next").size() == 3);
    CHECK(select(thread, "a.pagination_next[href^=\"showthread.php?tid=42&page=2\"]").size() == 2);
    CHECK(hrefs(thread, ".pagination:not(.pagination_breadcrumb) a.pagination_next").size() == 2);
    CHECK(hrefs(thread, "#breadcrumb_multipage_popup a.pagination_next") ==
          Strings{"forumdisplay.php?fid=2&page=2"});
    CHECK(hrefs(thread, ".post_head a[href*=\"&pid=\"]")[0] ==
          "showthread.php?tid=42&pid=1187#pid1187");
    CHECK(hrefs(thread, "blockquote.mycode_quote cite a.quick_jump") ==
          Strings{"https://forum.example.net/showthread.php?pid=1187#pid1187"});
    CHECK(select(thread, "a[href*=\"my_post_key=\"]").size() == 7);
}

// --- Discourse --------------------------------------------------------------

TEST_CASE("web: Discourse topic 57 inlines its whole stream: nothing more to ask",
          "[vectors][web]") {
    lw::crawler::Seed seed;
    seed.content = lw::crawler::ContentKind::discourse_json;
    seed.max_item_pages = 5;
    const auto topic = lw::crawler::read_item(
        seed,
        *lw::crawler::parse_url(
            "https://try.discourse.org/t/this-site-is-a-sandbox-it-is-reset-every-day/57.json"),
        lw::test::read_shared("fixtures/web/discourse/discourse_api-topic.json"),
        "application/json");
    CHECK(topic.title == "THIS SITE IS A SANDBOX -- it is reset every day");
    CHECK(topic.text.find("Welcome!") != std::string::npos);
    CHECK(topic.more_pages.empty());  // stream [83, 84, 86, 226]: the 4 posts inlined
}

TEST_CASE("web: Discourse topic 2144's posts.json answer read in the order asked",
          "[vectors][web]") {
    lw::crawler::Seed seed;
    seed.content = lw::crawler::ContentKind::discourse_json;
    seed.max_item_pages = 5;
    // Its 20 posts asked last first; Discourse answered them first first.
    const std::vector<int> ids = {20200, 20199, 20198, 20196, 20193, 20189, 20188,
                                  20187, 20186, 20182, 20162, 20145, 20128, 20127,
                                  20119, 20117, 20110, 20104, 20102, 20089};
    std::string url = "https://discuss.criticalfallibilism.com/t/2144/posts.json?";
    for (const int id : ids) {
        url += (id == ids.front() ? "" : "&") + std::string("post_ids%5B%5D=") + std::to_string(id);
    }
    const auto chunk = lw::crawler::read_item(
        seed, *lw::crawler::parse_url(url),
        lw::test::read_shared("fixtures/web/discourse/criticalfallibilism-t2144-posts.json"),
        "application/json");
    const std::string text(chunk.text);
    const auto first_post = text.find("companion discussion topic");  // post 1, id 20089
    const auto third_post = text.find("I watched the film last night");
    const auto twentieth = text.find("If you watch TV shows");  // post 20, id 20199
    CHECK(twentieth < third_post);
    CHECK(third_post < first_post);
    CHECK(first_post != std::string::npos);
    CHECK(chunk.more_pages.empty());
}

// --- every page -------------------------------------------------------------

TEST_CASE("web: every fixture parses whole and gives valid UTF-8 text", "[vectors][web]") {
    for (const char* path :
         {"pastebin/archive-2012.html", "pastebin/paste-2012.html",
          "pastebin/paste-2022-guest.html", "pastebin/archive-2022-fragment.html",
          "phpbb/metalarchives-viewforum-f11.html", "phpbb/metalarchives-viewtopic-t66086.html",
          "phpbb/eaglecraft-fr-viewforum-f15.html", "phpbb/eaglecraft-fr-viewtopic-t320.html",
          "vbulletin/somethingawful-forumdisplay-f46.html",
          "vbulletin/somethingawful-showthread-t3507451.html",
          "vbulletin/steamforums-vb2-forumdisplay-f14.html",
          "vbulletin/steamforums-vb2-showthread-t177159.html",
          "xenforo/disboards-xf1-thread-3674375.html", "mybb/forumdisplay-fid2-page1.html",
          "mybb/showthread-tid42-page1.html"}) {
        INFO(path);
        const auto document = page(path);
        CHECK_FALSE(document.degraded());
        const std::string all = html_to_text(document.root());
        CHECK(all.size() > 200);
        CHECK(lw::crawler::repair_utf8(all) == all);
        CHECK(all.find("<script") == std::string::npos);
    }
}

namespace {

lw::crawler::Seed shipped(const std::string& name) {
    return lw::crawler::load_seed(std::string(LW_SOURCE_ROOT) + "/seeds/adapters/" + name +
                                  ".conf");
}

// Each item of a listing fixture read by a shipped adapter, with the change
// marker its item_changed reads in the item's row.
std::vector<std::pair<std::string, std::string>> change_markers(const std::string& adapter,
                                                                const std::string& path,
                                                                const std::string& url,
                                                                const char* type = "text/html") {
    const lw::crawler::ListingPage listing =
        lw::crawler::read_listing(shipped(adapter), *lw::crawler::parse_url(url),
                                  lw::test::read_shared("fixtures/web/" + path), type);
    REQUIRE(listing.changed.size() == listing.items.size());
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < listing.items.size(); ++i) {
        out.emplace_back(listing.items[i], listing.changed[i]);
    }
    return out;
}

std::string marker_of(const std::vector<std::pair<std::string, std::string>>& markers,
                      const std::string& item) {
    for (const auto& [url, marker] : markers) {
        if (url == item) {
            return marker;
        }
    }
    FAIL("no item " << item);
    return {};
}

std::size_t with_marker(const std::vector<std::pair<std::string, std::string>>& markers) {
    return static_cast<std::size_t>(std::count_if(markers.begin(), markers.end(),
                                                  [](const auto& m) { return !m.second.empty(); }));
}

bool mentions(const std::string& marker, const std::string& part) {
    return marker.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("web: phpBB 3.0 listing rows give each topic its last post as change signal",
          "[vectors][web][item_changed]") {
    const auto markers = change_markers("phpbb3", "phpbb/metalarchives-viewforum-f11.html",
                                        "https://www.metal-archives.com/board/viewforum.php?f=11");
    CHECK(markers.size() == 33);
    CHECK(with_marker(markers) == markers.size());
    const std::string guidelines =
        marker_of(markers, "https://www.metal-archives.com/board/viewtopic.php?t=49715");
    CHECK(mentions(guidelines, "Mon May 25, 2009 9:05 pm"));
    CHECK_FALSE(mentions(guidelines, "16638"));  // the views
}

TEST_CASE("web: vBulletin listing rows give each thread its replies and last post",
          "[vectors][web][item_changed]") {
    const auto sa = change_markers("vbulletin", "vbulletin/somethingawful-forumdisplay-f46.html",
                                   "https://forums.somethingawful.com/forumdisplay.php?forumid=46");
    CHECK(sa.size() >= 40);
    CHECK(with_marker(sa) >= 40);
    const auto steam =
        change_markers("vbulletin", "vbulletin/steamforums-vb2-forumdisplay-f14.html",
                       "http://forums.steampowered.com/forums/forumdisplay.php?forumid=14");
    CHECK(with_marker(steam) == steam.size());
    const std::string motion_sick =
        marker_of(steam, "http://forums.steampowered.com/forums/showthread.php?threadid=177159");
    CHECK(mentions(motion_sick, "187"));
    CHECK(mentions(motion_sick, "01-01-2005"));
    CHECK_FALSE(mentions(motion_sick, "51074"));  // the views
}

TEST_CASE("web: MyBB listing rows give each thread its reply count",
          "[vectors][web][item_changed]") {
    const auto markers = change_markers("mybb", "mybb/forumdisplay-fid2-page1.html",
                                        "https://forum.example.net/forumdisplay.php?fid=2");
    CHECK(markers.size() == 15);
    CHECK(marker_of(markers, "https://forum.example.net/showthread.php?tid=7") == "0\x1f");
    CHECK(with_marker(markers) >= 14);  // the moved thread's replies are "-", no link
}

TEST_CASE("web: Discourse's latest.json gives each topic its last post time and count",
          "[vectors][web][item_changed]") {
    const auto markers =
        change_markers("discourse", "discourse/discourse_api-latest.json",
                       "https://try.discourse.org/latest.json", "application/json");
    REQUIRE_FALSE(markers.empty());
    CHECK(with_marker(markers) == markers.size());
    for (const auto& [url, marker] : markers) {
        CAPTURE(url, marker);
        CHECK(std::regex_search(
            marker, std::regex("^\"20[0-9-]+T[0-9:.]+(Z|[+-][0-9:]+)\"\x1f[0-9]+\x1f$")));
    }
}
