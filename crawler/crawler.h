#pragma once

// The crawler library's public face: what the CLI uses. URLs, robots.txt,
// HTML to text and links; fetching and politeness join it.
