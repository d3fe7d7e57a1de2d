// Output descriptors as far as the node's RPC methods need them (getdescriptorinfo,
// generatetodescriptor, scantxoutset): BIP380-386 without key derivation.
//
// Understood: addr(ADDR), raw(HEX), pk(KEY), pkh(KEY), wpkh(KEY), sh(...), wsh(...),
// multi(k,KEY,...), sortedmulti(k,KEY,...), tr(KEY) (key path only), rawtr(KEY), where a
// KEY is a hex public key (33 or 65 bytes; 32-byte x-only inside tr/rawtr) or a WIF
// private key. Nesting follows Core's rules (sh at top only; wsh at top or in sh; wpkh
// at top or in sh; multi at top, in sh or wsh; uncompressed keys only at top and in sh).
// Extended keys (xpub/xprv), key origins, ranges, combo(), multi_a and script trees are
// refused with an error naming the key or function, as Core names what it cannot parse.
// Error messages are Core's (descriptor.cpp) for the cases both handle.
//
// Pure functions; thread-safe.
#ifndef BITNODE_RPC_DESCRIPTOR_H
#define BITNODE_RPC_DESCRIPTOR_H

#include <script/address.h>
#include <script/script.h>
#include <util/result.h>

#include <string>
#include <string_view>

namespace rpc {

struct ParsedDescriptor {
    /** Core's Descriptor::ToString(): canonical text with public keys, and "#checksum". */
    std::string canonical;
    /** The output script the descriptor expands to. */
    script::Script script_pub_key;
    /** Core's IsSolvable: false for addr() and raw(). */
    bool solvable{true};
    /** At least one key was given as a private key. */
    bool has_private_keys{false};
};

/**
 * Parse `text` (with or without "#checksum"; a checksum given must match, and one is
 * required when require_checksum) for this network's addresses and WIF keys.
 */
util::Result<ParsedDescriptor> ParseDescriptor(std::string_view text, const script::AddressParams& params,
                                               bool require_checksum);

} // namespace rpc

#endif // BITNODE_RPC_DESCRIPTOR_H
