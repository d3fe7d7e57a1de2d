#include <net/protocol.h>

#include <crypto/hash.h>

#include <cassert>
#include <cstdio>

namespace net {

std::vector<std::string> ServiceFlagsToStr(uint64_t flags)
{
    std::vector<std::string> names;
    for (unsigned bit = 0; bit < 64; ++bit) {
        const uint64_t flag = uint64_t{1} << bit;
        if (!(flags & flag)) continue;
        switch (flag) {
        case NODE_NETWORK:
            names.emplace_back("NETWORK");
            break;
        case NODE_BLOOM:
            names.emplace_back("BLOOM");
            break;
        case NODE_WITNESS:
            names.emplace_back("WITNESS");
            break;
        case NODE_COMPACT_FILTERS:
            names.emplace_back("COMPACT_FILTERS");
            break;
        case NODE_NETWORK_LIMITED:
            names.emplace_back("NETWORK_LIMITED");
            break;
        case NODE_P2P_V2:
            names.emplace_back("P2P_V2");
            break;
        default:
            names.emplace_back("UNKNOWN[2^" + std::to_string(bit) + "]");
        }
    }
    return names;
}

const std::vector<std::string>& AllMessageTypes()
{
    static const std::vector<std::string> types{
        msgtype::VERSION,     msgtype::VERACK,       msgtype::ADDR,        msgtype::ADDRV2,     msgtype::SENDADDRV2,
        msgtype::INV,         msgtype::GETDATA,      msgtype::MERKLEBLOCK, msgtype::GETBLOCKS,  msgtype::GETHEADERS,
        msgtype::TX,          msgtype::HEADERS,      msgtype::BLOCK,       msgtype::GETADDR,    msgtype::MEMPOOL,
        msgtype::PING,        msgtype::PONG,         msgtype::NOTFOUND,    msgtype::FILTERLOAD, msgtype::FILTERADD,
        msgtype::FILTERCLEAR, msgtype::SENDHEADERS,  msgtype::FEEFILTER,   msgtype::SENDCMPCT,  msgtype::CMPCTBLOCK,
        msgtype::GETBLOCKTXN, msgtype::BLOCKTXN,     msgtype::GETCFILTERS, msgtype::CFILTER,    msgtype::GETCFHEADERS,
        msgtype::CFHEADERS,   msgtype::GETCFCHECKPT, msgtype::CFCHECKPT,   msgtype::WTXIDRELAY, msgtype::SENDTXRCNCL,
    };
    return types;
}

std::array<uint8_t, MessageHeader::CHECKSUM_SIZE> MessageChecksum(util::ByteSpan payload)
{
    const std::array<uint8_t, 32> hash = crypto::Hash256Of(payload);
    return {hash[0], hash[1], hash[2], hash[3]};
}

MessageHeader MessageHeader::For(const consensus::MessageStartChars& magic, std::string_view type,
                                 util::ByteSpan payload)
{
    assert(!type.empty() && type.size() <= MESSAGE_TYPE_SIZE);
    assert(payload.size() <= UINT32_MAX);
    MessageHeader header;
    header.message_start = magic;
    for (size_t i = 0; i < type.size(); ++i) {
        assert(type[i] >= ' ' && type[i] <= '~');
        header.message_type[i] = static_cast<uint8_t>(type[i]);
    }
    header.payload_size = static_cast<uint32_t>(payload.size());
    header.checksum = MessageChecksum(payload);
    return header;
}

std::string MessageHeader::GetMessageType() const
{
    size_t len = 0;
    while (len < MESSAGE_TYPE_SIZE && message_type[len] != 0) ++len;
    return std::string(message_type.begin(), message_type.begin() + len);
}

bool MessageHeader::IsMessageTypeValid() const
{
    size_t i = 0;
    for (; i < MESSAGE_TYPE_SIZE && message_type[i] != 0; ++i) {
        if (message_type[i] < ' ' || message_type[i] > 0x7e) return false;
    }
    for (; i < MESSAGE_TYPE_SIZE; ++i) {
        if (message_type[i] != 0) return false;
    }
    return true;
}

std::string Inv::ToString() const
{
    std::string name = (type & MSG_WITNESS_FLAG) ? "witness-" : "";
    switch (type & MSG_TYPE_MASK) {
    case MSG_TX:
        name += msgtype::TX;
        break;
    case MSG_WTX:
        name += "wtx";
        break;
    case MSG_BLOCK:
        name += msgtype::BLOCK;
        break;
    case MSG_FILTERED_BLOCK:
        name += msgtype::MERKLEBLOCK;
        break;
    case MSG_CMPCT_BLOCK:
        name += msgtype::CMPCTBLOCK;
        break;
    default: {
        char buf[16];
        std::snprintf(buf, sizeof(buf), "0x%08x", type);
        name = buf;
    }
    }
    return name + " " + hash.GetHex();
}

} // namespace net
