#include "crawler/css_selector.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "crawler/html_document.h"

using lw::crawler::CssSelector;
using lw::crawler::HtmlDocument;
using lw::crawler::SelectorError;

namespace {

const char* const kPage = R"(<!DOCTYPE html>
<html><head><title>t</title></head><body>
<div id="d1" class="post  first">
  <p id="p1" class="text">one <a id="a1" href="/w6FQeBnx" class="sml bold">x</a></p>
  <p id="p2" lang="fr-CA" data-x="a b c"><span id="s1"><a id="a2"
     href="./viewtopic.php?f=11&amp;t=66086&amp;sid=56ae">y</a></span></p>
  <ul id="u1"><li id="l1">1</li> <li id="l2">2</li> <li id="l3">3</li></ul>
</div>
<div id="d2" class="post"><a id="a3" href="/archive/text" title='Posted: "now"'>z</a><custom-tag
  id="c1"></custom-tag><template id="t1"><a id="a4" href="/hidden">h</a></template></div>
</body></html>)";

const HtmlDocument& page() {
    static const HtmlDocument document = HtmlDocument::parse(kPage, "text/html; charset=utf-8");
    return document;
}

std::string ids(const std::vector<const GumboNode*>& nodes) {
    std::string out;
    for (const GumboNode* node : nodes) {
        const GumboAttribute* id = gumbo_get_attribute(&node->v.element.attributes, "id");
        out += out.empty() ? "" : " ";
        out += id != nullptr ? id->value : gumbo_normalized_tagname(node->v.element.tag);
    }
    return out;
}

// The ids of what `selector` selects in kPage, in order.
std::string select(const std::string& selector) {
    return ids(CssSelector::parse(selector).select(page().root()));
}

const GumboNode* by_id(const std::string& id) {
    const auto found = CssSelector::parse("#" + id).select(page().root());
    REQUIRE(found.size() == 1);
    return found[0];
}

std::string error_of(const std::string& selector) {
    try {
        CssSelector::parse(selector);
    } catch (const SelectorError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("css: type selectors, any case, known or not", "[crawler][css]") {
    CHECK(select("a") == "a1 a2 a3");
    CHECK(select("A") == "a1 a2 a3");
    CHECK(select("LI") == "l1 l2 l3");
    CHECK(select("custom-tag") == "c1");
    CHECK(select("Custom-Tag") == "c1");
    CHECK(select("html") == "html");
    CHECK(select("article").empty());
}

TEST_CASE("css: the universal selector", "[crawler][css]") {
    CHECK(select("#d1 > *") == "p1 p2 u1");
    CHECK(select("ul *") == "l1 l2 l3");
    CHECK(select("*.sml") == "a1");
}

TEST_CASE("css: classes match words of the class attribute, case-sensitively", "[crawler][css]") {
    CHECK(select(".post") == "d1 d2");
    CHECK(select(".post.first") == "d1");
    CHECK(select(".first.post") == "d1");
    CHECK(select(".sml.bold") == "a1");
    CHECK(select(".Post").empty());
    CHECK(select(".pos").empty());
}

TEST_CASE("css: ids", "[crawler][css]") {
    CHECK(select("#p2") == "p2");
    CHECK(select("p#p2") == "p2");
    CHECK(select("div#p2").empty());
    CHECK(select("#P2").empty());
}

TEST_CASE("css: attribute presence and each operator", "[crawler][css]") {
    CHECK(select("[lang]") == "p2");
    CHECK(select("[LANG]") == "p2");
    CHECK(select("[href=/w6FQeBnx]") == "a1");
    CHECK(select("[href=\"/w6FQeBnx\"]") == "a1");
    CHECK(select("[href='/w6FQeBnx']") == "a1");
    CHECK(select("[ href = '/w6FQeBnx' ]") == "a1");
    CHECK(select("[href^='/archive/']") == "a3");
    CHECK(select("[href^=/archive/]") == "a3");
    CHECK(select("[href$=sid=56ae]") == "a2");
    CHECK(select("[href*=\"viewtopic.php?f=11&t=\"]") == "a2");  // &amp; decoded
    CHECK(select("[data-x~=b]") == "p2");
    CHECK(select("[data-x~='a b']").empty());
    CHECK(select("[lang|=fr]") == "p2");
    CHECK(select("[lang|=f]").empty());
    CHECK(select("[title='Posted: \"now\"']") == "a3");
    CHECK(select("[title=\"Posted: \\\"now\\\"\"]") == "a3");
    CHECK(select("[href^=''], [href$=''], [href*='']").empty());
    CHECK(select("[href='/W6FQEBNX']").empty());
}

TEST_CASE("css: compound selectors", "[crawler][css]") {
    CHECK(select("a.sml.bold[href*=\"w6F\"]") == "a1");
    CHECK(select("a.sml.bold[href*=\"nope\"]").empty());
    CHECK(select("p.text[id=p1]") == "p1");
}

TEST_CASE("css: descendant and child combinators", "[crawler][css]") {
    CHECK(select("#d1 a") == "a1 a2");
    CHECK(select("#d1 > p > a") == "a1");
    CHECK(select("#d1>p>a") == "a1");
    CHECK(select("p a") == "a1 a2");
    CHECK(select("p > span > a") == "a2");
    CHECK(select("body div ul li") == "l1 l2 l3");
    CHECK(select("html > li").empty());
    CHECK(select("div\t\n a") == "a1 a2 a3");
}

TEST_CASE("css: sibling combinators", "[crawler][css]") {
    CHECK(select("li + li") == "l2 l3");
    CHECK(select("#l1 ~ li") == "l2 l3");
    CHECK(select("#l1 + li") == "l2");
    CHECK(select("p + ul") == "u1");
    CHECK(select("p ~ p") == "p2");
    CHECK(select("#d1 + div > a") == "a3");
}

TEST_CASE("css: comma lists come out in document order, each element once", "[crawler][css]") {
    CHECK(select("#a3, #a1") == "a1 a3");
    CHECK(select("a, .sml, [href]") == "a1 a2 a3");
    CHECK(select("li:first-child , #d2") == "l1 d2");
}

TEST_CASE("css: positional pseudo-classes count elements only", "[crawler][css]") {
    CHECK(select("li:first-child") == "l1");
    CHECK(select("li:last-child") == "l3");
    CHECK(select("li:nth-child(2)") == "l2");
    CHECK(select("ul > :nth-child( 3 )") == "l3");
    CHECK(select("li:nth-child(4)").empty());
    CHECK(select("p > a:first-child") == "a1");  // the text before it does not count
    CHECK(select("a:only-child") == "a1 a2");
    CHECK(select("#d1 > :FIRST-CHILD") == "p1");
}

TEST_CASE("css: :not() of compounds", "[crawler][css]") {
    CHECK(select("a:not(.sml)") == "a2 a3");
    CHECK(select(".post:not(.first)") == "d2");
    CHECK(select("li:not(:first-child, :last-child)") == "l2");
    CHECK(select("#d1 :not(p, li)") == "a1 s1 a2 u1");
    CHECK(select("a:not([href^='/'])") == "a2");
}

TEST_CASE("css: template contents are not searched", "[crawler][css]") {
    CHECK(select("#a4").empty());
    CHECK(select("template") == "t1");
}

TEST_CASE("css: a scope's subtree, with combinators reaching above it", "[crawler][css]") {
    const GumboNode* d1 = by_id("d1");
    CHECK(ids(CssSelector::parse("a").select(d1)) == "a1 a2");
    CHECK(ids(CssSelector::parse("body a").select(d1)) == "a1 a2");
    CHECK(ids(CssSelector::parse(".post").select(d1)) == "d1");
    CHECK(ids(CssSelector::parse("#d1 ~ div a").select(by_id("d2"))) == "a3");
    CHECK(ids(CssSelector::parse("li:nth-child(2)").select(by_id("l2"))) == "l2");
    CHECK(ids(CssSelector::parse("li:first-child ~ li").select(by_id("l3"))) == "l3");
    CHECK(ids(CssSelector::parse("li:last-child ~ li").select(by_id("l3"))).empty());
    CHECK(ids(CssSelector::parse("*").select(page().document())).substr(0, 15) ==
          "html head title");
    CHECK(CssSelector::parse("a").select(nullptr).empty());
}

TEST_CASE("css: matches() looks at ancestors and siblings", "[crawler][css]") {
    CHECK(CssSelector::parse("div > p + p span a").matches(by_id("a2")));
    CHECK_FALSE(CssSelector::parse("div > p + p span a").matches(by_id("a1")));
    CHECK(CssSelector::parse("li:last-child").matches(by_id("l3")));
    CHECK_FALSE(CssSelector::parse("a").matches(nullptr));
}

TEST_CASE("css: CSS escapes in names", "[crawler][css]") {
    const auto document = HtmlDocument::parse(
        "<p class='a:b'>x</p><p id='123'>y</p><p class='caf\xC3\xA9'>z</p>", "");
    const auto count = [&](const char* selector) {
        return CssSelector::parse(selector).select(document.root()).size();
    };
    CHECK(count(".a\\:b") == 1);
    CHECK(count("#\\31 23") == 1);
    CHECK(count("#123") == 1);  // not CSS, but seed files write it
    CHECK(count(".caf\xC3\xA9") == 1);
    CHECK(count(".caf\\e9") == 1);
}

TEST_CASE("css: bad selectors say what and where", "[crawler][css]") {
    CHECK(error_of("") == "expected a selector at column 1");
    CHECK(error_of("   ") == "expected a selector at column 4");
    CHECK(error_of("a,") == "expected a selector after ',' at column 3");
    CHECK(error_of(",a") == "unexpected ',' at column 1");
    CHECK(error_of("a,,b") == "unexpected ',' at column 3");
    CHECK(error_of("a >") == "expected a selector after '>' at column 4");
    CHECK(error_of("> a") == "unexpected '>' at column 1");
    CHECK(error_of("a > > b") == "unexpected '>' at column 5");
    CHECK(error_of("a.b[c])") == "unexpected ')' at column 7");
    CHECK(error_of("a|b") == "unexpected '|' at column 2");
    CHECK(error_of("a*") == "unexpected '*' at column 2");
    CHECK(error_of("a[href") == "missing ']' for the '[' at column 2");
    CHECK(error_of("a[href=") == "missing ']' for the '[' at column 2");
    CHECK(error_of("a[href='x") == "unterminated string at column 8");
    CHECK(error_of("a[href='x\ny']") == "newline in a string at column 10");
    CHECK(error_of("a[=x]") == "expected an attribute name at column 3");
    CHECK(error_of("a[href!=x]") == "unexpected '!' at column 7");
    CHECK(error_of("a[href=]") == "expected a value after '=' at column 8");
    CHECK(error_of("a[href^= ]") == "expected a value after '^=' at column 10");
    CHECK(error_of("a[href='x' y]") == "unexpected 'y' at column 12");
    CHECK(error_of(".") == "expected a name after '.' at column 2");
    CHECK(error_of("a#") == "expected a name after '#' at column 3");
    CHECK(error_of("1a") == "a tag name cannot start with a digit at column 1");
    CHECK(error_of("a\\") == "unfinished escape at column 2");
    CHECK(error_of("a:hover") == "unsupported pseudo-class ':hover' at column 2");
    CHECK(error_of("a:contains(x)") == "unsupported pseudo-class ':contains()' at column 2");
    CHECK(error_of("a:") == "expected a pseudo-class name after ':' at column 3");
    CHECK(error_of("p::before") == "unsupported pseudo-element '::before' at column 2");
    CHECK(error_of("li:nth-child(2n+1)") ==
          "expected an integer in ':nth-child()' (An+B is not supported) at column 14");
    CHECK(error_of("li:nth-child(odd)") ==
          "expected an integer in ':nth-child()' (An+B is not supported) at column 14");
    CHECK(error_of("li:nth-child()") ==
          "expected an integer in ':nth-child()' (An+B is not supported) at column 14");
    CHECK(error_of("li:nth-child(2") == "missing ')' for the ':nth-child(' at column 13");
    CHECK(error_of("a:not()") == "unexpected ')' at column 7");
    CHECK(error_of("a:not(b") == "missing ')' for the ':not(' at column 6");
    CHECK(error_of("a:not(b c)") == "unexpected 'c' at column 9");
    CHECK(error_of("a:not(b:not(c))") == "':not()' inside ':not()' is not supported at column 8");
    CHECK(error_of("a\x01") == "unexpected character U+0001 at column 2");
    // Columns count characters: "é" is two bytes.
    CHECK(error_of("\xC3\xA9)") == "unexpected ')' at column 2");
}

TEST_CASE("css: a selector error carries its reason and column", "[crawler][css]") {
    try {
        CssSelector::parse("div > ");
        FAIL("no error");
    } catch (const lw::Error& e) {
        CHECK(e.category() == lw::ErrorCategory::usage);
        const auto& error = dynamic_cast<const SelectorError&>(e);
        CHECK(error.reason() == "expected a selector after '>'");
        CHECK(error.column() == 7);
    }
    CHECK_THROWS_AS(CssSelector::parse("a["), std::runtime_error);
}

TEST_CASE("css: at most 64 compounds in one selector", "[crawler][css]") {
    std::string selector = "a";
    for (int i = 1; i < 64; ++i) {
        selector += " a";
    }
    CHECK_NOTHROW(CssSelector::parse(selector));
    CHECK(error_of(selector + ", a") == "more than 64 compound selectors at column 130");
}

TEST_CASE("css: a deep page is walked without recursion or backtracking", "[crawler][css]") {
    std::string html;
    for (int i = 0; i < 200000; ++i) {
        html += "<div>";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto document = HtmlDocument::parse(html, "");
    CHECK(CssSelector::parse("div").select(document.root()).size() ==
          HtmlDocument::kMaxOpenElements);
    CHECK(CssSelector::parse("body div div div:not(.x) > div").select(document.root()).size() ==
          HtmlDocument::kMaxOpenElements - 3);
    CHECK(CssSelector::parse("p div").select(document.root()).empty());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}
