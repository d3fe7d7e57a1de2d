#include <consensus/deployments.h>

#include <array>
#include <cassert>

namespace consensus {
namespace {

using primitives::uint256;

constexpr std::array<VBDeploymentInfo, MAX_VERSION_BITS_DEPLOYMENTS> VB_DEPLOYMENTS{{
    {"testdummy", true},
    {"taproot", true},
}};

// Named constants: clang 14 crashes on consteval uint256 temporaries in some expressions.
constexpr uint256 BIP30_REPEAT_91842{"00000000000a4d0a398161ffc163c503763b1f4360639393e0e4c8e300e0caec"};
constexpr uint256 BIP30_REPEAT_91880{"00000000000743f190a18c5577a3c2d2a1f610ae9601ac046a38084ccb7cd721"};
constexpr uint256 BIP30_OVERWRITTEN_91722{"00000000000271a2dc26e7667f8419f2e15416dc6955e5a6c6cdf3f2574dd08e"};
constexpr uint256 BIP30_OVERWRITTEN_91812{"00000000000af0aed4792b1acee3d966af36cf5def14935db8de83d6f9306f2f"};

} // namespace

const VBDeploymentInfo& GetDeploymentInfo(DeploymentPos pos)
{
    assert(ValidDeployment(pos));
    return VB_DEPLOYMENTS[pos];
}

std::string DeploymentName(BuriedDeployment dep)
{
    switch (dep) {
    case DEPLOYMENT_HEIGHTINCB: return "bip34";
    case DEPLOYMENT_CLTV: return "bip65";
    case DEPLOYMENT_DERSIG: return "bip66";
    case DEPLOYMENT_CSV: return "csv";
    case DEPLOYMENT_SEGWIT: return "segwit";
    }
    assert(false);
    return "";
}

std::optional<BuriedDeployment> GetBuriedDeployment(std::string_view name)
{
    if (name == "segwit") return DEPLOYMENT_SEGWIT;
    if (name == "bip34") return DEPLOYMENT_HEIGHTINCB;
    if (name == "dersig") return DEPLOYMENT_DERSIG;
    if (name == "cltv") return DEPLOYMENT_CLTV;
    if (name == "csv") return DEPLOYMENT_CSV;
    return std::nullopt;
}

bool IsBIP30Repeat(int height, const uint256& block_hash)
{
    return (height == 91842 && block_hash == BIP30_REPEAT_91842) || (height == 91880 && block_hash == BIP30_REPEAT_91880);
}

bool IsBIP30Unspendable(int height, const uint256& block_hash)
{
    return (height == 91722 && block_hash == BIP30_OVERWRITTEN_91722) ||
           (height == 91812 && block_hash == BIP30_OVERWRITTEN_91812);
}

} // namespace consensus
