// Txid and Wtxid: transaction ids as distinct types, so the two cannot be mixed up.
//
// A Txid is the double-SHA-256 of the transaction serialized without witness data
// (what outpoints refer to); a Wtxid hashes the serialization with witness data
// (BIP141; equal to the txid for transactions without witnesses). Both wrap a uint256
// and convert only explicitly: FromUint256() / ToUint256().
//
// Thread safety: plain values.
#ifndef BITNODE_PRIMITIVES_TRANSACTION_IDENTIFIER_H
#define BITNODE_PRIMITIVES_TRANSACTION_IDENTIFIER_H

#include <primitives/uint256.h>
#include <util/span.h>

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace primitives {

template <bool HAS_WITNESS>
class TransactionIdentifier
{
public:
    constexpr TransactionIdentifier() = default;

    static constexpr TransactionIdentifier FromUint256(const uint256& id) { return TransactionIdentifier{id}; }
    constexpr const uint256& ToUint256() const { return m_wrapped; }

    /** nullopt unless hex is exactly 64 hex digits (display order). */
    static std::optional<TransactionIdentifier> FromHex(std::string_view hex)
    {
        auto id = uint256::FromHex(hex);
        if (!id) return std::nullopt;
        return FromUint256(*id);
    }
    std::string GetHex() const { return m_wrapped.GetHex(); }
    std::string ToString() const { return m_wrapped.ToString(); }

    constexpr bool IsNull() const { return m_wrapped.IsNull(); }
    constexpr void SetNull() { m_wrapped.SetNull(); }

    constexpr const uint8_t* data() const { return m_wrapped.data(); }
    constexpr const uint8_t* begin() const { return m_wrapped.begin(); }
    constexpr const uint8_t* end() const { return m_wrapped.end(); }
    static constexpr size_t size() { return uint256::size(); }
    util::ByteSpan span() const { return m_wrapped.span(); }
    constexpr uint64_t GetUint64(int pos) const { return m_wrapped.GetUint64(pos); }

    friend constexpr bool operator==(const TransactionIdentifier&, const TransactionIdentifier&) = default;
    friend constexpr std::strong_ordering operator<=>(const TransactionIdentifier& a, const TransactionIdentifier& b)
    {
        return a.m_wrapped <=> b.m_wrapped;
    }

    template <typename Stream>
    void Serialize(Stream& s) const { m_wrapped.Serialize(s); }
    template <typename Stream>
    void Unserialize(Stream& s) { m_wrapped.Unserialize(s); }

private:
    constexpr explicit TransactionIdentifier(const uint256& id) : m_wrapped{id} {}

    uint256 m_wrapped;
};

/** Double-SHA-256 of the transaction without witness data. */
using Txid = TransactionIdentifier<false>;
/** Double-SHA-256 of the transaction with witness data (BIP141). */
using Wtxid = TransactionIdentifier<true>;

} // namespace primitives

#endif // BITNODE_PRIMITIVES_TRANSACTION_IDENTIFIER_H
