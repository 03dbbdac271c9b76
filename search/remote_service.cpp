#include "search/remote_service.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <nlohmann/json.hpp>

#include "indexer/base/error.h"
#include "indexer/base/printable.h"
#include "indexer/base/untrusted_json.h"
#include "search/token_input.h"

namespace lw::search {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxSmallAnswer = std::size_t{1} << 20;
// An evaluated element is 66 bytes of JSON, a proof 130.
constexpr std::size_t kEvaluateBytesPerElement = 80;
// 16 bytes a token would be 10^9 tokens: far past any corpus's feed.
constexpr std::size_t kMaxFeedBytes = std::size_t{2} << 30;
// 64 buckets of a few hundred tokens, each with its items.
constexpr std::size_t kMaxDetailsAnswer = std::size_t{256} << 20;
constexpr std::size_t kMaxItemsAnswer = std::size_t{2} << 30;
constexpr std::size_t kMaxServerMessage = 300;

std::optional<std::uint64_t> header_number(const HttpReply& reply, const std::string& name) {
    const std::string text = reply.header(name);
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

const json& member(const json& object, const char* name) {
    if (!object.is_object() || !object.contains(name)) {
        throw Error(ErrorCategory::usage, std::string("no \"") + name + "\"");
    }
    return object.at(name);
}

std::string text_of(const json& object, const char* name) {
    const json& value = member(object, name);
    if (!value.is_string()) {
        throw Error(ErrorCategory::usage, std::string("\"") + name + "\" is not a string");
    }
    return value.get<std::string>();
}

std::uint64_t number_of(const json& object, const char* name) {
    const json& value = member(object, name);
    if (!value.is_number_unsigned()) {
        throw Error(ErrorCategory::usage, std::string("\"") + name + "\" is not a whole number");
    }
    return value.get<std::uint64_t>();
}

json parse_answer(const std::string& body) {
    indexer::ParsedJson parsed = indexer::parse_untrusted_json(body);
    if (!parsed.error.empty()) {
        throw Error(ErrorCategory::usage, parsed.error);
    }
    return std::move(parsed.value);
}

KindSet kind_set_of(const json& names) {
    if (!names.is_array()) {
        throw Error(ErrorCategory::usage, "\"with\" is not an array");
    }
    KindSet set = 0;
    for (const json& name : names) {
        const auto kind =
            name.is_string() ? indexer::parse_kind(name.get<std::string>()) : std::nullopt;
        if (!kind) {
            throw Error(ErrorCategory::usage, "an unknown kind in \"with\"");
        }
        set |= kind_bit(*kind);
    }
    return set;
}

}  // namespace

std::optional<std::int64_t> parse_iso_utc(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SSZ exactly.
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
        text[13] != ':' || text[16] != ':' || text[19] != 'Z') {
        return std::nullopt;
    }
    const auto field = [&](std::size_t at, std::size_t length) -> std::optional<int> {
        int value = 0;
        const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + length, value);
        return ec == std::errc() && end == text.data() + at + length ? std::optional(value)
                                                                     : std::nullopt;
    };
    const auto year = field(0, 4), month = field(5, 2), day = field(8, 2), hour = field(11, 2),
               minute = field(14, 2), second = field(17, 2);
    if (!year || !month || !day || !hour || !minute || !second || *month < 1 || *month > 12 ||
        *day < 1 || *day > 31 || *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    std::tm utc{};
    utc.tm_year = *year - 1900;
    utc.tm_mon = *month - 1;
    utc.tm_mday = *day;
    utc.tm_hour = *hour;
    utc.tm_min = *minute;
    utc.tm_sec = *second;
    return static_cast<std::int64_t>(timegm(&utc));
}

void RemoteService::refuse(const HttpReply& reply, const std::string& endpoint) const {
    std::string message;
    const indexer::ParsedJson parsed = indexer::parse_untrusted_json(reply.body);
    if (parsed.error.empty() && parsed.value.is_object() && parsed.value.contains("message") &&
        parsed.value["message"].is_string()) {
        message = parsed.value["message"].get<std::string>();
        if (message.size() > kMaxServerMessage) {
            message.resize(kMaxServerMessage);
        }
        message = ": " + indexer::printable(message);
    }
    const std::string where = "server " + url();
    if (reply.status == 401) {
        throw Error(ErrorCategory::io,
                    where + " refused the API key (401)" + message + "; check --api-key-file");
    }
    if (reply.status == 429) {
        const auto retry = header_number(reply, "retry-after");
        throw Error(ErrorCategory::io,
                    where + ": over quota (429" +
                        (retry ? ", retry after " + std::to_string(*retry) + " s" : "") + ")" +
                        message);
    }
    throw Error(ErrorCategory::io,
                where + " answered " + std::to_string(reply.status) + " to " + endpoint + message);
}

void RemoteService::malformed(const std::string& endpoint, const std::string& why) const {
    throw Error(ErrorCategory::io,
                "server " + url() + ": a malformed answer to " + endpoint + " (" + why + ")");
}

ServerKey RemoteService::pubkey() {
    const std::string endpoint = "/v1/pubkey";
    const HttpReply reply = http_.get(endpoint, kMaxSmallAnswer);
    if (reply.status != 200) {
        refuse(reply, endpoint);
    }
    try {
        const json answer = parse_answer(reply.body);
        ServerKey key;
        const auto parsed = indexer::parse_public_key(text_of(answer, "public_key"));
        if (!parsed) {
            throw Error(ErrorCategory::usage, "public_key is not a valid element");
        }
        if (text_of(answer, "suite") != "ristretto255-SHA512" ||
            text_of(answer, "mode") != "voprf" ||
            text_of(answer, "protocol") != indexer::kBlindProtocol ||
            number_of(answer, "token_format") != 1) {
            throw Error(ErrorCategory::usage,
                        "another suite, mode, protocol or token format than this client's");
        }
        key.public_key = *parsed;
        key.max_elements = number_of(answer, "max_elements");
        if (key.max_elements == 0) {
            throw Error(ErrorCategory::usage, "max_elements is 0");
        }
        return key;
    } catch (const Error& e) {
        malformed(endpoint, e.what());
    }
}

indexer::BlindResponse RemoteService::evaluate(const indexer::BlindRequest& request) {
    const std::string endpoint = "/v1/evaluate";
    const HttpReply reply =
        http_.post(endpoint, indexer::format_blind_request(request), "application/json",
                   kMaxSmallAnswer + kEvaluateBytesPerElement * request.elements.size() * 2);
    if (reply.status != 200) {
        refuse(reply, endpoint);
    }
    indexer::BlindResponse response;
    try {
        response = indexer::parse_blind_response(reply.body);
    } catch (const Error& e) {
        malformed(endpoint, e.what());
    }
    if (response.request_id != request.request_id ||
        response.evaluated_elements.size() != request.elements.size()) {
        malformed(endpoint, "not the answer to the request sent");
    }
    return response;
}

FeedAnswer RemoteService::feed(std::uint64_t since, const std::string& etag) {
    const std::string endpoint = "/v1/feed";
    HttpReply reply = http_.get(
        since == 0 ? endpoint : endpoint + "?since=" + std::to_string(since), kMaxFeedBytes, etag);
    if (reply.status != 200 && reply.status != 304) {
        refuse(reply, endpoint);
    }
    FeedAnswer answer;
    const auto revision = header_number(reply, "x-corpus-revision");
    const auto bits = header_number(reply, "x-bucket-bits");
    if (!revision || !bits || *bits > 64) {
        malformed(endpoint, "no X-Corpus-Revision or X-Bucket-Bits");
    }
    answer.revision = *revision;
    answer.bucket_bits = static_cast<unsigned>(*bits);
    answer.etag = reply.header("etag");
    if (reply.status == 304) {
        answer.shape = FeedAnswer::Shape::not_modified;
        return answer;
    }
    answer.shape =
        reply.header("x-feed") == "delta" ? FeedAnswer::Shape::delta : FeedAnswer::Shape::snapshot;
    answer.bytes = std::move(reply.body);
    return answer;
}

std::vector<DetailEntry> RemoteService::details(unsigned bucket_bits,
                                                const std::vector<std::uint64_t>& buckets) {
    const std::string endpoint = "/v1/details";
    const std::string body = json{{"bucket_bits", bucket_bits}, {"buckets", buckets}}.dump();
    const HttpReply reply = http_.post(endpoint, body, "application/json", kMaxDetailsAnswer);
    if (reply.status != 200) {
        refuse(reply, endpoint);
    }
    std::vector<DetailEntry> entries;
    try {
        const json answer = parse_answer(reply.body);
        const json& tokens = member(answer, "tokens");
        if (!tokens.is_array()) {
            throw Error(ErrorCategory::usage, "\"tokens\" is not an array");
        }
        entries.reserve(tokens.size());
        for (const json& token : tokens) {
            DetailEntry entry;
            const auto bytes = parse_token_hex(text_of(token, "token"));
            const auto kind = indexer::parse_kind(text_of(token, "kind"));
            if (!bytes || !kind) {
                throw Error(ErrorCategory::usage, "a token or kind is not one");
            }
            entry.token = *bytes;
            entry.kind = *kind;
            const json& items = member(token, "items");
            if (!items.is_array()) {
                throw Error(ErrorCategory::usage, "\"items\" is not an array");
            }
            for (const json& item : items) {
                const std::uint64_t records = number_of(item, "records");
                entry.items.push_back(DetailItem{
                    text_of(item, "item"),
                    static_cast<std::uint32_t>(std::min<std::uint64_t>(records, UINT32_MAX)),
                    kind_set_of(member(item, "with"))});
            }
            entries.push_back(std::move(entry));
        }
    } catch (const Error& e) {
        malformed(endpoint, e.what());
    }
    return entries;
}

CatalogPage RemoteService::items(std::int64_t since) {
    const std::string endpoint = "/v1/items";
    const HttpReply reply = http_.get(
        since == 0 ? endpoint : endpoint + "?since=" + std::to_string(since), kMaxItemsAnswer);
    if (reply.status != 200) {
        refuse(reply, endpoint);
    }
    try {
        return parse_catalog_json(reply.body);
    } catch (const Error& e) {
        malformed(endpoint, e.what());
    }
}

}  // namespace lw::search
