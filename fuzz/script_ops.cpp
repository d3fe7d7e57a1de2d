// Fuzz target for walking a Script's operations (the first thing any consumer of
// untrusted scripts does): GetOp must never read past the end, must make progress, and
// the script's summary predicates must agree with what the walk saw.
#include "fuzz.h"

#include <script/script.h>

#include <vector>

FUZZ_TARGET(script_getop)
{
    const script::Script script{util::ByteSpan{buffer.data(), buffer.size()}};
    size_t pos = 0;
    bool push_only = true;
    bool complete = true;
    size_t ops = 0;
    while (pos < script.size()) {
        const size_t before = pos;
        script::Opcode op;
        script::Script::Bytes data;
        if (!script.GetOp(pos, op, &data)) {
            FUZZ_CHECK(op == script::OP_INVALIDOPCODE);
            complete = false;
            break;
        }
        ++ops;
        FUZZ_CHECK(pos > before && pos <= script.size());
        if (op <= script::OP_PUSHDATA4) {
            // A push: the opcode, its length field, then exactly the data.
            const size_t header = op < script::OP_PUSHDATA1 ? 1 : op == script::OP_PUSHDATA1 ? 2 : op == script::OP_PUSHDATA2 ? 3 : 5;
            FUZZ_CHECK(pos - before == header + data.size());
            FUZZ_CHECK(std::equal(data.begin(), data.end(), script.begin() + static_cast<std::ptrdiff_t>(before + header)));
        } else {
            FUZZ_CHECK(pos - before == 1 && data.empty());
        }
        if (op > script::OP_16) push_only = false;
    }
    FUZZ_CHECK(script.IsPushOnly() == (push_only && complete));
    FUZZ_CHECK(script.GetSigOpCount(false) <= 20 * ops);
    FUZZ_CHECK(script.GetSigOpCount(true) <= 20 * ops);

    int version = -1;
    script::Script::Bytes program;
    if (script.IsWitnessProgram(version, program)) {
        FUZZ_CHECK(version >= 0 && version <= 16);
        FUZZ_CHECK(program.size() >= 2 && program.size() <= 40);
        FUZZ_CHECK(script.size() == program.size() + 2);
        FUZZ_CHECK(std::equal(program.begin(), program.end(), script.begin() + 2));
    }
    if (script.IsPayToScriptHash()) FUZZ_CHECK(script.size() == 23);
}
