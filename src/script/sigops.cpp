#include <script/sigops.h>

#include <cassert>

namespace script {

namespace {

size_t WitnessSigOps(int version, const Script::Bytes& program, std::span<const StackElement> witness)
{
    if (version == 0) {
        if (program.size() == WITNESS_V0_KEYHASH_SIZE) return 1;
        if (program.size() == WITNESS_V0_SCRIPTHASH_SIZE && !witness.empty()) {
            return Script(util::ByteSpan{witness.back()}).GetSigOpCount(true);
        }
    }
    return 0;
}

} // namespace

unsigned LegacySigOpCount(const Script& script) { return script.GetSigOpCount(false); }

unsigned P2SHSigOpCount(const Script& script_pubkey, const Script& script_sig)
{
    if (!script_pubkey.IsPayToScriptHash()) return script_pubkey.GetSigOpCount(true);
    // The redeem script is the last thing the scriptSig pushes.
    size_t pc = 0;
    Script::Bytes data;
    while (pc < script_sig.size()) {
        Opcode op;
        if (!script_sig.GetOp(pc, op, &data)) return 0;
        if (op > OP_16) return 0;
    }
    return Script(std::move(data)).GetSigOpCount(true);
}

size_t CountWitnessSigOps(const Script& script_sig, const Script& script_pubkey, std::span<const StackElement> witness,
                          ScriptVerifyFlags flags)
{
    if ((flags & SCRIPT_VERIFY_WITNESS) == 0) return 0;
    assert((flags & SCRIPT_VERIFY_P2SH) != 0);

    int version = 0;
    Script::Bytes program;
    if (script_pubkey.IsWitnessProgram(version, program)) return WitnessSigOps(version, program, witness);

    if (script_pubkey.IsPayToScriptHash() && script_sig.IsPushOnly()) {
        size_t pc = 0;
        Script::Bytes data;
        while (pc < script_sig.size()) {
            Opcode op;
            script_sig.GetOp(pc, op, &data);
        }
        const Script redeem_script(std::move(data));
        if (redeem_script.IsWitnessProgram(version, program)) return WitnessSigOps(version, program, witness);
    }
    return 0;
}

} // namespace script
