// The hashing opcodes' digests (OP_RIPEMD160, OP_SHA1, OP_SHA256, OP_HASH160, OP_HASH256).
#include <script/interpreter_internal.h>

#include <crypto/hash.h>

#include <cassert>

namespace script::detail {

namespace {

template <size_t N>
StackElement ToElement(const std::array<uint8_t, N>& digest)
{
    return StackElement(digest.begin(), digest.end());
}

} // namespace

StackElement HashForOpcode(Opcode op, util::ByteSpan data)
{
    switch (op) {
    case OP_RIPEMD160: return ToElement(crypto::Ripemd160Of(data));
    case OP_SHA1: return ToElement(crypto::Sha1Of(data));
    case OP_SHA256: return ToElement(crypto::Sha256Of(data));
    case OP_HASH160: return ToElement(crypto::Hash160Of(data));
    case OP_HASH256: return ToElement(crypto::Hash256Of(data));
    default: break;
    }
    assert(false);
    return {};
}

} // namespace script::detail
