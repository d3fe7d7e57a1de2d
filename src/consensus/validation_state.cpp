#include <consensus/validation_state.h>

namespace consensus {

std::string_view ResultName(TxValidationResult result)
{
    switch (result) {
    case TxValidationResult::TX_RESULT_UNSET:
        return "TX_RESULT_UNSET";
    case TxValidationResult::TX_CONSENSUS:
        return "TX_CONSENSUS";
    case TxValidationResult::TX_INPUTS_NOT_STANDARD:
        return "TX_INPUTS_NOT_STANDARD";
    case TxValidationResult::TX_NOT_STANDARD:
        return "TX_NOT_STANDARD";
    case TxValidationResult::TX_MISSING_INPUTS:
        return "TX_MISSING_INPUTS";
    case TxValidationResult::TX_PREMATURE_SPEND:
        return "TX_PREMATURE_SPEND";
    case TxValidationResult::TX_WITNESS_MUTATED:
        return "TX_WITNESS_MUTATED";
    case TxValidationResult::TX_WITNESS_STRIPPED:
        return "TX_WITNESS_STRIPPED";
    case TxValidationResult::TX_CONFLICT:
        return "TX_CONFLICT";
    case TxValidationResult::TX_MEMPOOL_POLICY:
        return "TX_MEMPOOL_POLICY";
    case TxValidationResult::TX_NO_MEMPOOL:
        return "TX_NO_MEMPOOL";
    case TxValidationResult::TX_RECONSIDERABLE:
        return "TX_RECONSIDERABLE";
    case TxValidationResult::TX_UNKNOWN:
        return "TX_UNKNOWN";
    }
    return "?";
}

std::string_view ResultName(BlockValidationResult result)
{
    switch (result) {
    case BlockValidationResult::BLOCK_RESULT_UNSET:
        return "BLOCK_RESULT_UNSET";
    case BlockValidationResult::BLOCK_CONSENSUS:
        return "BLOCK_CONSENSUS";
    case BlockValidationResult::BLOCK_CACHED_INVALID:
        return "BLOCK_CACHED_INVALID";
    case BlockValidationResult::BLOCK_INVALID_HEADER:
        return "BLOCK_INVALID_HEADER";
    case BlockValidationResult::BLOCK_MUTATED:
        return "BLOCK_MUTATED";
    case BlockValidationResult::BLOCK_MISSING_PREV:
        return "BLOCK_MISSING_PREV";
    case BlockValidationResult::BLOCK_INVALID_PREV:
        return "BLOCK_INVALID_PREV";
    case BlockValidationResult::BLOCK_TIME_FUTURE:
        return "BLOCK_TIME_FUTURE";
    case BlockValidationResult::BLOCK_HEADER_LOW_WORK:
        return "BLOCK_HEADER_LOW_WORK";
    }
    return "?";
}

} // namespace consensus
