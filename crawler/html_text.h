#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

namespace lw::crawler {

// The text of `node` (an element, the document or a text node) as a reader
// sees it, for the scanner to search:
// - block elements (p, div, li, tr, h1-h6, table, blockquote, ...) and <br>
//   end lines; p, headings, pre and blockquote are set off by a blank line;
//   never more than one blank line in a row;
// - table cells are separated by a tab, so a dump pasted as a table keeps
//   its columns (a line break inside a cell's content at its end is dropped);
// - pre, code, textarea, xmp, listing and plaintext keep their whitespace;
//   a newline right after a <br> in them is the <br>'s own (forum code
//   boxes write both);
// - elsewhere whitespace runs are one space;
// - &nbsp; becomes a plain space that is never collapsed: forums write a
//   dump's spaces that way;
// - script, style, noscript, template, head, title, iframe and comments are
//   left out, unless `node` is one of them.
// Entities are already decoded by Gumbo. No leading or trailing newline.
std::string html_to_text(const GumboNode* node);

// The same, leaving out the elements in `left_out` and everything in them
// (a post's "Select all" label, a signature inside the post's element).
std::string html_to_text(const GumboNode* node, std::vector<const GumboNode*> left_out);

// html_to_text of each node.
std::vector<std::string> html_to_texts(const std::vector<const GumboNode*>& nodes);

// The value of `attribute` (any case) on each element that has it, in order,
// entities decoded and otherwise as written (not trimmed, not resolved): the
// hrefs of selected links.
std::vector<std::string> attribute_values(const std::vector<const GumboNode*>& nodes,
                                          std::string_view attribute);

}  // namespace lw::crawler
