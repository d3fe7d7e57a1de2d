// Validation results as values: why a transaction or block was refused.
//
// A ValidationState starts valid; the first check that fails records a result class (how
// the peer that sent the data should be treated), a reject reason (Bitcoin Core's exact
// string, e.g. "bad-txnmrklroot", which RPC clients compare) and a debug message for logs.
// Error() records a local failure (disk, internal) rather than bad data. The shapes follow
// Core's consensus/validation.h so callers port naturally. The numeric values of the result
// enums are not stored anywhere, but their meanings are Core's: DO NOT CHANGE them.
//
// Thread safety: plain values; one state belongs to one validation call.
#ifndef BITNODE_CONSENSUS_VALIDATION_STATE_H
#define BITNODE_CONSENSUS_VALIDATION_STATE_H

#include <string>
#include <string_view>
#include <utility>

namespace consensus {

/** Why a transaction was invalid, for deciding how to treat whoever sent it. */
enum class TxValidationResult {
    TX_RESULT_UNSET = 0,    //!< not rejected (yet)
    TX_CONSENSUS,           //!< invalid by consensus rules
    TX_INPUTS_NOT_STANDARD, //!< spent outputs (committed to by the txid) fail policy
    TX_NOT_STANDARD,        //!< fails local policy otherwise
    TX_MISSING_INPUTS,      //!< spends outputs that are unknown or already spent
    TX_PREMATURE_SPEND,     //!< spends an immature coinbase, or its lock time is not yet reached
    TX_WITNESS_MUTATED,     //!< carries a witness where none may be, or one that was malleated
    TX_WITNESS_STRIPPED,    //!< lacks a witness it needs
    TX_CONFLICT,            //!< already known, or conflicts with the chain
    TX_MEMPOOL_POLICY,      //!< violates mempool limits (fees, size, ancestors, RBF)
    TX_NO_MEMPOOL,          //!< this node has no mempool
    TX_RECONSIDERABLE,      //!< fails policy alone but may pass in a package
    TX_UNKNOWN,             //!< not validated because its package failed
};

/** Why a block was invalid, for deciding how to treat whoever sent it. */
enum class BlockValidationResult {
    BLOCK_RESULT_UNSET = 0, //!< not rejected (yet)
    BLOCK_CONSENSUS,        //!< invalid by consensus rules not covered below
    BLOCK_CACHED_INVALID,   //!< known invalid from before, reason not kept
    BLOCK_INVALID_HEADER,   //!< bad proof of work, or timestamp too old
    BLOCK_MUTATED,          //!< the data does not match what the proof of work commits to
    BLOCK_MISSING_PREV,     //!< the parent block is unknown
    BLOCK_INVALID_PREV,     //!< an ancestor is invalid
    BLOCK_TIME_FUTURE,      //!< timestamp more than 2 hours ahead of our clock
    BLOCK_HEADER_LOW_WORK,  //!< the header chain has too little work to consider
};

/** Core's C++ name of a result ("TX_CONSENSUS", "BLOCK_MUTATED"), for logs and tests. */
std::string_view ResultName(TxValidationResult result);
std::string_view ResultName(BlockValidationResult result);

template <typename Result>
class ValidationState
{
public:
    /** Record a rule violation; returns false so checks can `return state.Invalid(...)`. */
    bool Invalid(Result result, std::string reject_reason = {}, std::string debug_message = {})
    {
        m_result = result;
        m_reject_reason = std::move(reject_reason);
        m_debug_message = std::move(debug_message);
        if (m_mode != Mode::ERROR) m_mode = Mode::INVALID;
        return false;
    }
    /** Record a local failure (not the data's fault); the first reason is kept. */
    bool Error(std::string reject_reason)
    {
        if (m_mode == Mode::VALID) m_reject_reason = std::move(reject_reason);
        m_mode = Mode::ERROR;
        return false;
    }

    bool IsValid() const { return m_mode == Mode::VALID; }
    bool IsInvalid() const { return m_mode == Mode::INVALID; }
    bool IsError() const { return m_mode == Mode::ERROR; }
    Result GetResult() const { return m_result; }
    const std::string& GetRejectReason() const { return m_reject_reason; }
    const std::string& GetDebugMessage() const { return m_debug_message; }

    /** "Valid", or "<reason>, <debug message>" (Core's format for logs). */
    std::string ToString() const
    {
        if (IsValid()) return "Valid";
        if (m_debug_message.empty()) return m_reject_reason;
        return m_reject_reason + ", " + m_debug_message;
    }

private:
    enum class Mode { VALID, INVALID, ERROR };
    Mode m_mode{Mode::VALID};
    Result m_result{};
    std::string m_reject_reason;
    std::string m_debug_message;
};

class TxValidationState : public ValidationState<TxValidationResult>
{};
class BlockValidationState : public ValidationState<BlockValidationResult>
{};

} // namespace consensus

#endif // BITNODE_CONSENSUS_VALIDATION_STATE_H
