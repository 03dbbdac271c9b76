// The SQL reader's tuples, found from 64-byte masks of the line, against the
// byte-at-a-time reading it replaced (kept here as the reference): quotes,
// backslash and doubled-quote escapes, NULL, numbers, brackets inside
// strings and function calls, spaces, values across 64-byte blocks, at the
// active SIMD level (block_scans_test.cpp holds every level's masks to the
// byte loop; bench/extract_bench.sh --check-levels the whole extraction).
#include "indexer/records/sql_dump.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using lw::indexer::SqlDump;

namespace {

struct Cell {
    std::size_t offset;
    std::string value;
    bool null;
    bool operator==(const Cell&) const = default;
};
using Rows = std::vector<std::vector<Cell>>;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}
std::size_t skip_spaces(std::string_view s, std::size_t at) {
    while (at < s.size() && is_space(s[at])) {
        ++at;
    }
    return at;
}

// The reader before the masks, one byte at a time, from `at` (after VALUES).
Rows reference_tuples(std::string_view line, std::size_t at) {
    Rows rows;
    std::size_t p = at;
    while (p < line.size()) {
        const char c = line[p];
        if (c == ';') {
            break;
        }
        if (c != '(') {
            ++p;
            continue;
        }
        std::vector<Cell>& row = rows.emplace_back();
        p = skip_spaces(line, p + 1);
        while (p < line.size() && line[p] != ')') {
            if (line[p] == '\'') {
                std::size_t i = p + 1;
                bool escaped = false;
                for (; i < line.size(); ++i) {
                    if (line[i] == '\\' && i + 1 < line.size()) {
                        escaped = true;
                        ++i;
                        continue;
                    }
                    if (line[i] == '\'') {
                        if (i + 1 < line.size() && line[i + 1] == '\'') {
                            escaped = true;
                            ++i;
                            continue;
                        }
                        break;
                    }
                }
                std::string value(line.substr(p + 1, i - p - 1));
                if (escaped) {
                    std::string unescaped;
                    for (std::size_t k = 0; k < value.size(); ++k) {
                        if ((value[k] == '\\' || value[k] == '\'') && k + 1 < value.size()) {
                            ++k;
                        }
                        unescaped.push_back(value[k]);
                    }
                    value = unescaped;
                }
                row.push_back({p + 1, value, false});
                p = i < line.size() ? i + 1 : i;
            } else {
                std::size_t i = p;
                int depth = 0;
                for (; i < line.size(); ++i) {
                    if (line[i] == '(') {
                        ++depth;
                    } else if (line[i] == ')') {
                        if (depth == 0) {
                            break;
                        }
                        --depth;
                    } else if (line[i] == ',' && depth == 0) {
                        break;
                    }
                }
                std::size_t end = i;
                while (end > p && is_space(line[end - 1])) {
                    --end;
                }
                const std::string value(line.substr(p, end - p));
                row.push_back({p, value == "NULL" ? "" : value, value == "NULL"});
                p = i;
            }
            p = skip_spaces(line, p);
            if (p < line.size() && line[p] == ',') {
                p = skip_spaces(line, p + 1);
            }
        }
        ++p;
    }
    return rows;
}

Rows read_rows(SqlDump& sql, std::string_view line) {
    Rows rows;
    if (sql.read(line) != SqlDump::LineKind::rows) {
        return rows;
    }
    for (std::size_t r = 0; r < sql.row_count(); ++r) {
        std::vector<Cell>& row = rows.emplace_back();
        for (const auto& f : sql.row(r)) {
            row.push_back({f.offset, std::string(f.value), f.value.data() == nullptr});
        }
    }
    return rows;
}

constexpr std::string_view kHead = "INSERT INTO t VALUES ";

Rows read_insert(std::string_view body) {
    SqlDump sql;
    return read_rows(sql, std::string(kHead) + std::string(body));
}

// Values of every kind, in tuples, with the bytes that matter to the reader
// in odd places; long enough that values cross 64-byte blocks.
std::string random_tuples(std::mt19937& rng) {
    static const std::vector<std::string> pieces = {
        "'",  "\\'", "''",    "\\\\", "\\", ",",   "(",     ")",     " ",    "\t",
        ";",  "a",   "Rossi", "0612", "@",  "x.y", "NULL",  "12345", "f(",   "',",
        "')", "\r",  "\\n",   "'(",   "é",  "-",   "now()", "''''",  "D\\'", "\\\\'"};
    std::string s;
    const std::size_t tuples = 1 + rng() % 6;
    for (std::size_t t = 0; t < tuples; ++t) {
        s += t == 0 ? "(" : (rng() % 4 == 0 ? " , (" : ",(");
        const std::size_t values = 1 + rng() % 8;
        for (std::size_t v = 0; v < values; ++v) {
            if (v > 0) {
                s += rng() % 5 == 0 ? " , " : ",";
            }
            switch (rng() % 4) {
                case 0:  // a clean string
                    s += "'" + std::string(rng() % 70, 'a') + "'";
                    break;
                case 1:  // a number or NULL
                    s += rng() % 3 == 0 ? "NULL" : std::to_string(rng());
                    break;
                default: {  // anything
                    const std::size_t n = rng() % 12;
                    for (std::size_t k = 0; k < n; ++k) {
                        s += pieces[rng() % pieces.size()];
                    }
                }
            }
        }
        if (rng() % 10 != 0) {
            s += ")";
        }
    }
    if (rng() % 2 == 0) {
        s += ";";
    }
    return s;
}

}  // namespace

TEST_CASE("sql dump: quotes, escapes, NULL and numbers", "[indexer][sql_dump]") {
    const std::string body =
        "(1,'Rossi','D\\'Amico','O''Brien','a\\\\b','x\\\\\\'y',NULL,-12.5,'',"
        "'a,b)(c',CONCAT('x,y', 'z'),  7  ,'NULL');";
    const Rows rows = read_insert(body);
    REQUIRE(rows == reference_tuples(std::string(kHead) + body, kHead.size()));
    REQUIRE(rows.size() == 1);
    const std::vector<std::string> want = {"1",
                                           "Rossi",
                                           "D'Amico",
                                           "O'Brien",
                                           "a\\b",
                                           "x\\'y",
                                           "",
                                           "-12.5",
                                           "",
                                           "a,b)(c",
                                           "CONCAT('x,y', 'z')",
                                           "7",
                                           "NULL"};
    REQUIRE(rows[0].size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
        CHECK(rows[0][k].value == want[k]);
    }
    CHECK(rows[0][6].null);
    CHECK(!rows[0][12].null);  // 'NULL' in quotes is a string
}

TEST_CASE("sql dump: a backslash or a quote ending the line", "[indexer][sql_dump]") {
    for (const std::string body : {"('abc\\", "('abc", "('a''", "(1,'x'", "('a\\'", "(f(1,2"}) {
        INFO(body);
        CHECK(read_insert(body) == reference_tuples(std::string(kHead) + body, kHead.size()));
    }
}

TEST_CASE("sql dump: values across 64-byte blocks, and tuples on following lines",
          "[indexer][sql_dump]") {
    for (std::size_t pad = 0; pad < 140; ++pad) {
        const std::string body = "(" + std::string(pad, '7') + ",'" + std::string(pad, 'a') +
                                 "\\'" + std::string(pad % 70, 'b') + "','c')";
        INFO("pad " << pad);
        CHECK(read_insert(body) == reference_tuples(std::string(kHead) + body, kHead.size()));
    }
    SqlDump sql;
    CHECK(read_rows(sql, "INSERT INTO t VALUES ('a','b'),").size() == 1);
    const std::string next = "  ('c" + std::string(100, 'd') + "''e',NULL);";
    CHECK(read_rows(sql, next) == reference_tuples(next, 2));
    CHECK(sql.read("('x')") == SqlDump::LineKind::not_sql);  // the statement ended
}

TEST_CASE("sql dump: random tuples read as byte by byte", "[indexer][sql_dump]") {
    std::mt19937 rng(21);
    for (int n = 0; n < 5000; ++n) {
        const std::string body = random_tuples(rng);
        INFO(body);
        REQUIRE(read_insert(body) == reference_tuples(std::string(kHead) + body, kHead.size()));
    }
}
