#include <consensus/subsidy.h>

#include <cassert>

namespace consensus {

primitives::Amount GetBlockSubsidy(int height, const Params& params)
{
    assert(height >= 0 && params.subsidy_halving_interval > 0);
    const int halvings = height / params.subsidy_halving_interval;
    if (halvings >= 64) return 0;
    return (50 * primitives::COIN) >> halvings;
}

} // namespace consensus
