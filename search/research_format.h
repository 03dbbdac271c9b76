#pragma once

// How `query`, `related` and `timeline` print: a table for people,
// json / jsonl / csv for scripts (the formats of exposure reports).

#include <iosfwd>
#include <string>
#include <vector>

#include "search/exposure_report.h"
#include "search/related_items.h"
#include "search/research_query.h"
#include "search/timeline.h"

namespace lw::search {

void write_query_result(std::ostream& out, const ResearchResult& result, QueryTarget target,
                        ReportFormat format, bool count_only);
void write_related(std::ostream& out, const RelatedResult& result, ReportFormat format);
void write_timeline(std::ostream& out, const std::vector<TimelineRow>& rows, ReportFormat format);

}  // namespace lw::search
