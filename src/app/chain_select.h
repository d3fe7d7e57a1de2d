// The per-network parameters bitnode-util needs, looked up by chain name.
#ifndef BITNODE_APP_CHAIN_SELECT_H
#define BITNODE_APP_CHAIN_SELECT_H

#include <script/address.h>

#include <string_view>

namespace app {

/** Address encoding of "main", "test", "testnet4", "signet" or "regtest"; nullptr for other names. */
const script::AddressParams* AddressParamsForChain(std::string_view chain);

} // namespace app

#endif // BITNODE_APP_CHAIN_SELECT_H
