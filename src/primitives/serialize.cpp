// DeserializeError's message format (see serialize.h).
#include <primitives/serialize.h>

namespace primitives {

namespace {

std::string WithOffset(const std::string& reason, std::optional<size_t> offset)
{
    if (!offset) return reason;
    return reason + " at byte " + std::to_string(*offset);
}

} // namespace

DeserializeError::DeserializeError(const std::string& reason, std::optional<size_t> offset)
    : std::runtime_error{WithOffset(reason, offset)}, m_reason{reason}, m_offset{offset}
{
}

} // namespace primitives
