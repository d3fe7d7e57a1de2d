// Amounts of bitcoin in satoshis.
//
// Amount is a plain int64_t so it mixes freely with integer code and serializes as
// 8 little-endian bytes. MAX_MONEY is the consensus sanity bound on any single value
// or sum (not the actual supply): DO NOT CHANGE.
//
// Thread safety: constants and pure functions only.
#ifndef BITNODE_PRIMITIVES_AMOUNT_H
#define BITNODE_PRIMITIVES_AMOUNT_H

#include <cstdint>

namespace primitives {

/** A number of satoshis (may be negative in intermediate results such as fees). */
using Amount = int64_t;

/** Satoshis per bitcoin. */
inline constexpr Amount COIN = 100000000;

/** No amount larger than this is valid (21 million BTC). */
inline constexpr Amount MAX_MONEY = 21000000 * COIN;

/** True if value is a valid amount for an output or a sum of outputs: 0..MAX_MONEY. */
inline constexpr bool MoneyRange(Amount value) { return value >= 0 && value <= MAX_MONEY; }

} // namespace primitives

#endif // BITNODE_PRIMITIVES_AMOUNT_H
