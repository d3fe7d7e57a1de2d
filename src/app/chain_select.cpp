#include <app/chain_select.h>

namespace app {

const script::AddressParams* AddressParamsForChain(std::string_view chain)
{
    // Interim table until consensus/chainparams provides AddressParams per network.
    static const script::AddressParams MAIN{{0}, {5}, {128}, {0x04, 0x88, 0xB2, 0x1E}, {0x04, 0x88, 0xAD, 0xE4}, "bc"};
    static const script::AddressParams TEST{{111}, {196}, {239}, {0x04, 0x35, 0x87, 0xCF}, {0x04, 0x35, 0x83, 0x94}, "tb"};
    static const script::AddressParams REGTEST{{111}, {196}, {239}, {0x04, 0x35, 0x87, 0xCF}, {0x04, 0x35, 0x83, 0x94}, "bcrt"};
    if (chain == "main") return &MAIN;
    if (chain == "test" || chain == "testnet4" || chain == "signet") return &TEST;
    if (chain == "regtest") return &REGTEST;
    return nullptr;
}

} // namespace app
