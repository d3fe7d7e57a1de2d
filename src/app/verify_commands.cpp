#include <app/verify_commands.h>

#include <consensus/block_verify.h>
#include <consensus/header_chain.h>
#include <consensus/script_check.h>
#include <consensus/spent_outputs.h>
#include <consensus/tx_verify.h>
#include <primitives/streams.h>
#include <rpc/decode.h>
#include <util/fs.h>
#include <util/json.h>
#include <util/time.h>

#include <algorithm>
#include <iterator>
#include <ostream>
#include <thread>

namespace app {

namespace {

using rpc::BytesFromHexOrBinary;
using rpc::DecodeBlock;
using util::JsonValue;

/** One "error: ..." line and status 1: the input could not be judged at all. */
int Fail(std::ostream& err, std::string message)
{
    std::replace(message.begin(), message.end(), '\n', ' ');
    err << "error: " << message << "\n";
    return 1;
}

int Print(std::ostream& out, std::ostream& err, const JsonValue& value, int status)
{
    out << value.Write(2) << "\n";
    out.flush();
    if (!out) return Fail(err, "cannot write the output");
    return status;
}

util::Result<std::vector<uint8_t>> ReadInput(const std::string& path, std::istream& in)
{
    if (path != "-") return util::ReadFileBytes(path);
    std::vector<uint8_t> data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return util::Error{"cannot read standard input"};
    return data;
}

/** -par=N: N threads in all (the caller included); 0 or absent: every core; -k: all but k. */
unsigned ScriptThreads(const Args& args)
{
    const int64_t cores = std::max<int64_t>(1, std::thread::hardware_concurrency());
    int64_t par = args.GetInt("par", 0);
    if (par <= 0) par += cores;
    return static_cast<unsigned>(std::clamp<int64_t>(par, 1, 256));
}

JsonValue BlockVerdict(const primitives::Block& block, int height, const consensus::BlockValidationState& state,
                       const consensus::BlockVerifyStats& stats, bool with_spent_outputs)
{
    JsonValue result = JsonValue::Object();
    if (state.IsValid()) {
        result.PushKV("valid", true);
        result.PushKV("hash", stats.hash.GetHex());
        result.PushKV("height", height);
        result.PushKV("weight", stats.weight);
        // Without the spent outputs only legacy sigops can be counted, and no fee.
        result.PushKV("sigops_cost", with_spent_outputs ? stats.sigops_cost : stats.legacy_sigops * 4);
        result.PushKV("fees", with_spent_outputs ? JsonValue{stats.fees} : JsonValue{});
        return result;
    }
    result.PushKV("valid", false);
    result.PushKV("reason", state.GetRejectReason());
    if (stats.failed_tx && *stats.failed_tx < block.vtx.size()) {
        result.PushKV("tx", block.vtx[*stats.failed_tx]->GetHash().GetHex());
    }
    if (stats.failed_input) result.PushKV("input", static_cast<int64_t>(*stats.failed_input));
    return result;
}

} // namespace

void AddVerifyOptions(ArgsSpec& spec)
{
    const std::string category = "Validation options (verifyblock, verifyheaders)";
    spec.AddValue("height", ArgType::INT, "<n>", "Height of the block verifyblock checks (required)", category);
    spec.AddValue("spent-outputs", ArgType::STRING, "<file>",
                  "JSON file with the outputs the block's inputs spend, in block order (see doc/validation.md); "
                  "without it verifyblock checks only what needs no spent outputs",
                  category);
    spec.AddValue("par", ArgType::INT, "<n>",
                  "Threads for script verification, the main one included (0: one per core, -k: all cores but k; "
                  "default: 0)",
                  category);
}

int RunVerifyBlock(const VerifyCall& call)
{
    const std::optional<std::string> height_text = call.args.GetString("height");
    if (!height_text)
        return Fail(call.err,
                    "verifyblock needs -height=<n>: the block's height selects the rules it is checked under");
    const int64_t height = call.args.GetInt("height", -1);
    if (height < 0 || height > 0x7fffffff)
        return Fail(call.err, "-height must be a block height (0 or more), got '" + *height_text + "'");

    auto input = ReadInput(call.params[0], call.in);
    if (!input) return Fail(call.err, input.error());
    auto bytes = BytesFromHexOrBinary(*input);
    if (!bytes) return Fail(call.err, bytes.error());
    auto block = DecodeBlock(*bytes);
    if (!block) return Fail(call.err, block.error());

    consensus::SpentCoins coins;
    const std::optional<std::string> spent_path = call.args.GetString("spent-outputs");
    if (spent_path) {
        auto text = util::ReadFileText(*spent_path);
        if (!text) return Fail(call.err, text.error());
        auto spent = consensus::ParseSpentOutputs(*text);
        if (!spent) return Fail(call.err, *spent_path + ": " + spent.error());
        auto view = consensus::BuildSpentCoinsView(*block, *spent);
        if (!view) return Fail(call.err, *spent_path + ": " + view.error());
        coins = std::move(*view);
    }

    const consensus::Params& params = call.chain.GetConsensus();
    consensus::BlockContext context;
    context.height = static_cast<int>(height);
    context.coin_heights_known = coins.heights_known;
    consensus::BlockValidationState state;
    consensus::BlockVerifyStats stats;
    // Script threads exist only when there are scripts to check.
    consensus::ScriptCheckQueue queue{spent_path ? ScriptThreads(call.args) - 1 : 0};
    consensus::VerifyBlock(*block, state, context, spent_path ? &coins.view : nullptr, params, queue, stats);
    return Print(call.out, call.err, BlockVerdict(*block, context.height, state, stats, spent_path.has_value()),
                 state.IsValid() ? 0 : 1);
}

int RunVerifyHeaders(const VerifyCall& call)
{
    auto input = ReadInput(call.params[0], call.in);
    if (!input) return Fail(call.err, input.error());
    auto bytes = BytesFromHexOrBinary(*input);
    if (!bytes) return Fail(call.err, bytes.error());
    if (bytes->size() % primitives::BLOCK_HEADER_SIZE != 0) {
        return Fail(call.err, "the headers file holds " + std::to_string(bytes->size()) +
                                  " bytes, not a whole number of 80-byte headers");
    }
    std::vector<primitives::BlockHeader> headers(bytes->size() / primitives::BLOCK_HEADER_SIZE);
    for (size_t i = 0; i < headers.size(); ++i) {
        const util::ByteSpan raw{bytes->data() + i * primitives::BLOCK_HEADER_SIZE, primitives::BLOCK_HEADER_SIZE};
        primitives::DeserializeFromBytes(raw, headers[i], "block header");
    }

    const util::Clock clock;
    const consensus::HeaderChainResult result =
        consensus::VerifyHeaderChain(headers, call.chain.GetConsensus(), clock.Now());
    JsonValue verdict = JsonValue::Object();
    verdict.PushKV("valid", result.state.IsValid());
    verdict.PushKV("height", result.height);
    if (result.state.IsValid()) {
        verdict.PushKV("tip", result.tip.GetHex());
        verdict.PushKV("chainwork", result.chain_work.GetHex());
    } else {
        verdict.PushKV("reason", result.state.GetRejectReason());
    }
    return Print(call.out, call.err, verdict, result.state.IsValid() ? 0 : 1);
}

} // namespace app
