// BIP341 script-tree hashes and the tagged hashers shared with signature hashing.
#include <script/interpreter.h>
#include <script/interpreter_internal.h>

#include <crypto/hash.h>

#include <algorithm>
#include <cassert>

namespace script {

using primitives::uint256;

namespace detail {

// Each is immutable once built; callers copy before writing.
const crypto::Sha256& TapLeafHasher()
{
    static const crypto::Sha256 hasher = crypto::TaggedHash("TapLeaf");
    return hasher;
}

const crypto::Sha256& TapBranchHasher()
{
    static const crypto::Sha256 hasher = crypto::TaggedHash("TapBranch");
    return hasher;
}

const crypto::Sha256& TapSighashHasher()
{
    static const crypto::Sha256 hasher = crypto::TaggedHash("TapSighash");
    return hasher;
}

void WriteCompactSize(crypto::Sha256& hasher, uint64_t n)
{
    uint8_t buf[9];
    size_t len;
    if (n < 253) {
        buf[0] = static_cast<uint8_t>(n);
        len = 1;
    } else if (n <= 0xffff) {
        buf[0] = 253;
        len = 3;
    } else if (n <= 0xffffffff) {
        buf[0] = 254;
        len = 5;
    } else {
        buf[0] = 255;
        len = 9;
    }
    for (size_t i = 1; i < len; ++i) buf[i] = static_cast<uint8_t>(n >> (8 * (i - 1)));
    hasher.Write(buf, len);
}

uint256 FinalizeSingle(crypto::Sha256& hasher)
{
    uint256 out;
    hasher.Finalize(out.data());
    return out;
}

} // namespace detail

uint256 ComputeTapleafHash(uint8_t leaf_version, util::ByteSpan script)
{
    crypto::Sha256 hasher = detail::TapLeafHasher();
    hasher.Write(&leaf_version, 1);
    detail::WriteCompactSize(hasher, script.size());
    hasher.Write(script);
    return detail::FinalizeSingle(hasher);
}

uint256 ComputeTapbranchHash(util::ByteSpan a, util::ByteSpan b)
{
    crypto::Sha256 hasher = detail::TapBranchHasher();
    if (std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end())) {
        hasher.Write(a).Write(b);
    } else {
        hasher.Write(b).Write(a);
    }
    return detail::FinalizeSingle(hasher);
}

uint256 ComputeTaprootMerkleRoot(util::ByteSpan control, const uint256& tapleaf_hash)
{
    assert(control.size() >= TAPROOT_CONTROL_BASE_SIZE);
    assert(control.size() <= TAPROOT_CONTROL_MAX_SIZE);
    assert((control.size() - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE == 0);
    const size_t path_len = (control.size() - TAPROOT_CONTROL_BASE_SIZE) / TAPROOT_CONTROL_NODE_SIZE;
    uint256 k = tapleaf_hash;
    for (size_t i = 0; i < path_len; ++i) {
        k = ComputeTapbranchHash(k.span(), control.subspan(TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * i,
                                                           TAPROOT_CONTROL_NODE_SIZE));
    }
    return k;
}

} // namespace script
