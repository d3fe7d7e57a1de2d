// Out-of-line parts of the streams: error paths and hash finalization.
#include <primitives/streams.h>

#include <string>

namespace primitives {

void SpanReader::ThrowEndOfData(size_t wanted) const
{
    throw DeserializeError("unexpected end of data: needed " + std::to_string(wanted) + " bytes, " +
                               std::to_string(m_data.size() - m_pos) + " left",
                           m_pos);
}

uint256 HashWriter::GetHash() const
{
    crypto::Sha256 copy = m_sha;
    uint8_t first[crypto::Sha256::OUTPUT_SIZE];
    copy.Finalize(first);
    uint256 result;
    crypto::Sha256().Write(first, sizeof(first)).Finalize(result.data());
    return result;
}

uint256 HashWriter::GetSHA256() const
{
    crypto::Sha256 copy = m_sha;
    uint256 result;
    copy.Finalize(result.data());
    return result;
}

void ThrowTrailingBytes(size_t count, size_t offset, const char* what)
{
    throw DeserializeError(std::to_string(count) + " unexpected bytes after the end of the " + what, offset);
}

} // namespace primitives
