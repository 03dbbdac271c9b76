#include "crawler/html_text.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <string>

#include "crawler/charset.h"
#include "crawler/css_selector.h"
#include "crawler/html_document.h"

using lw::crawler::attribute_values;
using lw::crawler::CssSelector;
using lw::crawler::html_to_text;
using lw::crawler::html_to_texts;
using lw::crawler::HtmlDocument;

namespace {

// The text of the whole page `html`.
std::string text_of(const std::string& html) {
    return html_to_text(HtmlDocument::parse(html, "text/html; charset=utf-8").root());
}

std::vector<const GumboNode*> select(const HtmlDocument& document, const char* selector) {
    return CssSelector::parse(selector).select(document.root());
}

}  // namespace

TEST_CASE("text: block elements end lines, paragraphs leave a blank line", "[crawler][text]") {
    CHECK(text_of("<div>a</div><div>b</div>") == "a\nb");
    CHECK(text_of("<p>a</p><p>b</p>") == "a\n\nb");
    CHECK(text_of("<h1>Title</h1>body") == "Title\n\nbody");
    CHECK(text_of("<ul><li>1</li><li>2</li></ul>after") == "1\n2\nafter");
    CHECK(text_of("<dl><dt>k</dt><dd>v</dd></dl>") == "k\nv");
    CHECK(text_of("<blockquote>q</blockquote>r") == "q\n\nr");
    CHECK(text_of("a<section>b</section>c<article>d</article>") == "a\nb\nc\nd");
    CHECK(text_of("<span>a</span><b>b</b> <i>c</i>") == "ab c");
}

TEST_CASE("text: <br> breaks a line, never more than one blank line", "[crawler][text]") {
    CHECK(text_of("a<br>b") == "a\nb");
    CHECK(text_of("a<br><br>b") == "a\n\nb");
    CHECK(text_of("a<br><br><br><br>b") == "a\n\nb");
    CHECK(text_of("a<br><p>b</p>") == "a\n\nb");
    CHECK(text_of("<div><p>a</p></div><div><div><p>b</p></div></div>") == "a\n\nb");
    CHECK(text_of("<br><br>a<br><br>") == "a");
    CHECK(text_of("<p></p><p></p><p>x</p><p></p>") == "x");
}

TEST_CASE("text: whitespace runs collapse to one space", "[crawler][text]") {
    CHECK(text_of("  a \n\t b  ") == "a b");
    CHECK(text_of("a <b> b </b> c") == "a b c");
    CHECK(text_of("<div>  a  </div>  <div>  b  </div>") == "a\nb");
    CHECK(text_of("line one\nline two") == "line one line two");
}

TEST_CASE("text: pre, code, textarea, xmp and plaintext keep their whitespace", "[crawler][text]") {
    CHECK(text_of("<p>x</p><pre>  a  b\n\n\n c</pre><p>y</p>") == "x\n\n  a  b\n\n\n c\n\ny");
    CHECK(text_of("<pre>\nfirst</pre>") == "first");  // the newline after <pre> is markup
    CHECK(text_of("see <code>a  b</code> here") == "see a  b here");
    CHECK(text_of("<textarea>&lt;b&gt;  x\n y</textarea>") == "<b>  x\n y");
    CHECK(text_of("<xmp><b>x</b>  y</xmp>") == "<b>x</b>  y");
    CHECK(text_of("<p>a</p><plaintext>a <b>  c") == "a\n\na <b>  c");
    CHECK(text_of("<pre><span>k</span>  <b>v</b>\n\tw</pre>") == "k  v\n\tw");
}

TEST_CASE("text: a newline after <br> in a code box is the same line break", "[crawler][text]") {
    CHECK(text_of("<code>l1<br />\nl2<br />\nl3</code>") == "l1\nl2\nl3");
    CHECK(text_of("<pre>l1<br>l2</pre>") == "l1\nl2");
}

TEST_CASE("text: script, style, noscript, template, head and comments are dropped",
          "[crawler][text]") {
    CHECK(text_of("<script>var x = 1;</script>a<style>p { }</style><noscript>n</noscript>"
                  "<template>t</template>b<!-- c -->c") == "abc");
    CHECK(text_of("<html><head><title>T</title><script>s()</script></head><body>x") == "x");
    CHECK(text_of("a<iframe>frame</iframe>b") == "ab");
}

TEST_CASE("text: a dropped element asked for itself gives its text", "[crawler][text]") {
    const auto document = HtmlDocument::parse("<title>The title</title><script>x()</script>", "");
    CHECK(html_to_texts(select(document, "title, script")) ==
          std::vector<std::string>{"The title", "x()"});
}

TEST_CASE("text: entities are decoded, &nbsp; is a space that stays", "[crawler][text]") {
    CHECK(text_of("a&amp;b &lt;c&gt; &eacute; &#233; &#x20AC; &quot;q&quot;") ==
          "a&b <c> \xC3\xA9 \xC3\xA9 \xE2\x82\xAC \"q\"");
    CHECK(text_of("a&nbsp;&nbsp;b") == "a  b");
    CHECK(text_of("<code>x&nbsp;&nbsp;y&#36;</code>") == "x  y$");
    CHECK(text_of("Bonjour&nbsp;!") == "Bonjour !");
}

TEST_CASE("text: table cells are separated by tabs, rows by lines", "[crawler][text]") {
    CHECK(text_of("<table><tr><th>name</th><th>email</th></tr>"
                  "<tr><td>Jean</td><td>j@example.org</td></tr>"
                  "<tr><td></td><td>only</td></tr></table>") ==
          "name\temail\nJean\tj@example.org\n\tonly");
    CHECK(text_of("before<table><tr><td> a </td><td>b<br></td><td>c</td></tr></table>after") ==
          "before\na\tb\tc\nafter");
    CHECK(text_of("<table><tr><td>a<br>b</td><td>c</td></tr></table>") == "a\nb\tc");
}

TEST_CASE("text: a text node, a cell or nothing", "[crawler][text]") {
    const auto document = HtmlDocument::parse(
        "<p>one  <b>two</b></p><table><tr><td>x</td>"
        "<td>y</td></tr></table>",
        "");
    const GumboNode* p = select(document, "p")[0];
    CHECK(html_to_text(static_cast<const GumboNode*>(p->v.element.children.data[0])) == "one");
    CHECK(html_to_texts(select(document, "td")) == std::vector<std::string>{"x", "y"});
    CHECK(html_to_text(nullptr).empty());
    CHECK(html_to_text(document.document()) == "one two\n\nx\ty");
}

TEST_CASE("text: text inside a pre ancestor stays verbatim", "[crawler][text]") {
    const auto document = HtmlDocument::parse("<pre><span class=k>a   b</span></pre>", "");
    CHECK(html_to_text(select(document, "span.k")[0]) == "a   b");
}

TEST_CASE("text: attribute values of selected elements", "[crawler][text]") {
    const auto document = HtmlDocument::parse(
        "<a href='/a?x=1&amp;y=2'>1</a><a name=top>2</a><a HREF=' /b '>3</a>", "");
    CHECK(attribute_values(select(document, "a"), "href") ==
          std::vector<std::string>{"/a?x=1&y=2", " /b "});
    CHECK(attribute_values(select(document, "a"), "NAME") == std::vector<std::string>{"top"});
    CHECK(attribute_values({}, "href").empty());
}

TEST_CASE("document: decodes with the header, a BOM or the meta", "[crawler][html]") {
    const std::string latin1 = "<meta charset=iso-8859-1><p>caf\xE9 \x93ok\x94</p>";
    const auto from_meta = HtmlDocument::parse(latin1, "");
    CHECK(html_to_text(from_meta.root()) == "caf\xC3\xA9 \xE2\x80\x9Cok\xE2\x80\x9D");
    const auto from_header = HtmlDocument::parse("<p>\xE9t\xE9</p>", "text/html; charset=latin1");
    CHECK(html_to_text(from_header.root()) == "\xC3\xA9t\xC3\xA9");
    const auto repaired = HtmlDocument::parse(
        "<p>a\xFF"
        "b</p>",
        "text/html; charset=utf-8");
    CHECK(html_to_text(repaired.root()) ==
          "a\xEF\xBF\xBD"
          "b");
}

TEST_CASE("document: base href is the first <base> with one, trimmed", "[crawler][html]") {
    CHECK(HtmlDocument::parse("<base target=_top><base href=' https://x.org/a/ '>"
                              "<base href='/other/'>",
                              "")
              .base_href() == "https://x.org/a/");
    CHECK(HtmlDocument::parse("<p>no base</p>", "").base_href() == std::nullopt);
    CHECK(HtmlDocument::parse("<body><base href=late.html>", "").base_href() == "late.html");
}

TEST_CASE("document: moving keeps the tree and the text it points into", "[crawler][html]") {
    auto first = HtmlDocument::parse("<b>x</b>", "");
    HtmlDocument second = std::move(first);
    CHECK(html_to_text(second.root()) == "x");
    CHECK(second.text() == "<b>x</b>");
    auto third = HtmlDocument::parse("<i>y</i>", "");
    third = std::move(second);
    CHECK(html_to_text(third.root()) == "x");
    const GumboNode* b = select(third, "b")[0];
    CHECK(std::string(b->v.element.original_tag.data, b->v.element.original_tag.length) == "<b>");
}

TEST_CASE("document: malformed markup is parsed as browsers do", "[crawler][html]") {
    CHECK(text_of("<div><p>a<div>b") == "a\n\nb");  // the <div> closes the <p>
    CHECK(text_of("1 < 2 and 3 > 2") == "1 < 2 and 3 > 2");
    CHECK(text_of("<<<>>>a") == "<<<>>>a");
    CHECK(text_of("</div></p></td>x</b>") == "x");
    CHECK(text_of("<a href='x>y</a>") == "");
    CHECK(text_of("<table><td>cell<p>para") == "cell\n\npara");
    CHECK(text_of("<b><i>a</b>b</i>") == "ab");
    CHECK(text_of("<!-- never closed") == "");
    const char with_nuls[] = "a\0b<p\0>c</p\0>\0";
    CHECK(text_of(std::string(with_nuls, sizeof with_nuls - 1)).find('c') != std::string::npos);
    CHECK(text_of("\xEF\xBB\xBF<p>bom</p>") == "bom");
    CHECK_FALSE(HtmlDocument::parse("<div><p>a<div>b", "").degraded());
}

TEST_CASE("document: CDATA that makes Gumbo 0.10.1 abort is read as a comment", "[crawler][html]") {
    CHECK(text_of("<table><math><mi><![CDATA[j]]>]") == "]");
    CHECK(text_of("<table><svg><desc><![CDATA[x > y]]></desc></svg><td>cell") == "y]]>\ncell");
    CHECK(text_of("<p><![CDATA[hidden]]>shown</p>") == "shown");
}

TEST_CASE("document: a Gumbo assertion gives up the page instead of aborting", "[crawler][html]") {
    const auto document = HtmlDocument::parse("<table><svg><select><title><select><table>", "");
    CHECK(document.degraded());
    CHECK(html_to_text(document.root()).empty());
    // The next page parses as usual.
    CHECK(text_of("<p>after</p>") == "after");
}

TEST_CASE("document: a tree too deep for Gumbo's recursive free is kept at 512 levels",
          "[crawler][html]") {
    std::string html;
    for (int i = 0; i < 400000; ++i) {
        html += "<span>";
    }
    html += "deep";
    const auto start = std::chrono::steady_clock::now();
    const auto document = HtmlDocument::parse(html, "");
    CHECK(document.degraded());
    CHECK(select(document, "span").size() == HtmlDocument::kMaxOpenElements);
    CHECK(html_to_text(document.root()) == "deep");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("document: the nesting estimate leaves ordinary pages alone", "[crawler][html]") {
    std::string html = "<table>";
    for (int i = 0; i < 5000; ++i) {
        html += "<tr><td><p>r<td><img src=x><br><li>x<a href=#>y";  // all closed implicitly
    }
    html += "</table><svg>";
    for (int i = 0; i < 2000; ++i) {
        html += "<path d='M0'/>";
    }
    html += "</svg><script>";
    for (int i = 0; i < 2000; ++i) {
        html += "<div>";
    }
    html += "</script>";
    const auto document = HtmlDocument::parse(html, "");
    CHECK_FALSE(document.degraded());
    CHECK(select(document, "tr").size() == 5000);
}

TEST_CASE("document: unclosed elements past 512 lose their tags, not their text",
          "[crawler][html]") {
    std::string html;
    for (int i = 0; i < 600; ++i) {
        html += "<div>" + std::to_string(i);
    }
    const auto document = HtmlDocument::parse(html, "");
    CHECK(document.degraded());
    const std::string text = html_to_text(document.root());
    CHECK(text.substr(0, 6) == "0\n1\n2\n");
    CHECK(text.find("599") != std::string::npos);
}

TEST_CASE("document: a page that makes Gumbo clone without end is given up", "[crawler][html]") {
    // Each "</p><p>x" makes Gumbo rebuild the 500 open <b>s: 3.8 GB from 170 kB.
    std::string html = "<p>";
    for (int i = 0; i < 500; ++i) {
        html += "<b class=c" + std::to_string(i) + ">";
    }
    for (int i = 0; i < 20000; ++i) {
        html += "</p><p>x";
    }
    const auto start = std::chrono::steady_clock::now();
    const auto document = HtmlDocument::parse(html, "");
    CHECK(document.degraded());
    CHECK(document.root() != nullptr);
    CHECK(html_to_text(document.root()).empty());
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("document: random markup never crashes parsing, selecting or text", "[crawler][html]") {
    const std::vector<std::string> pieces = {"<div>",
                                             "</div>",
                                             "<p>",
                                             "</p>",
                                             "<table>",
                                             "<tr>",
                                             "<td>",
                                             "</td>",
                                             "<b>",
                                             "</b>",
                                             "<a href='x'>",
                                             "</a>",
                                             "<pre>",
                                             "</pre>",
                                             "<br>",
                                             "<!--",
                                             "-->",
                                             "<script>",
                                             "</script>",
                                             "<svg>",
                                             "<path/>",
                                             "</svg>",
                                             "<template>",
                                             "</template>",
                                             "&amp;",
                                             "&#0;",
                                             "&#x110000;",
                                             "&nbsp;",
                                             "<",
                                             ">",
                                             "\"",
                                             "'",
                                             "=",
                                             " ",
                                             "\n",
                                             "text",
                                             std::string(1, '\0'),
                                             "\xFF",
                                             "\xC3\xA9",
                                             "<textarea>",
                                             "<plaintext>",
                                             "<select><option>",
                                             "<math><mi>",
                                             "<frameset>",
                                             "<base href=b>",
                                             "<meta charset=latin1>",
                                             "<li>",
                                             "<ul>",
                                             "<form>",
                                             "<noscript>",
                                             "<code>",
                                             "<xmp>",
                                             "<iframe>",
                                             "<title>",
                                             "<head>",
                                             "<body>",
                                             "<html>"};
    const auto all = CssSelector::parse("*");
    const auto complex = CssSelector::parse("div > p + b ~ a, td:first-child, :not(b) *");
    std::mt19937 random(42);
    std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
    std::uniform_int_distribution<int> length(0, 300);
    for (int round = 0; round < 300; ++round) {
        std::string html;
        for (int n = length(random); n > 0; --n) {
            html += pieces[pick(random)];
        }
        const auto document = HtmlDocument::parse(html, round % 2 == 0 ? "" : "text/html");
        const auto elements = all.select(document.root());
        CHECK(elements.size() >= 3);  // html, head, body at least
        CHECK_NOTHROW(complex.select(document.document()));
        const std::string text = html_to_text(document.document());
        CHECK(lw::crawler::repair_utf8(text) == text);
        CHECK_NOTHROW(document.base_href());
    }
}
