#include <consensus/median_time.h>

#include <consensus/limits.h>

#include <algorithm>
#include <array>
#include <cassert>

namespace consensus {

int64_t GetMedianTimePast(const HeaderAncestry& chain, int height)
{
    assert(height >= 0);
    std::array<int64_t, MEDIAN_TIME_SPAN> times{};
    int count = 0;
    for (int h = height; h >= 0 && count < MEDIAN_TIME_SPAN; --h) times[count++] = chain.AtHeight(h).time;
    std::sort(times.begin(), times.begin() + count);
    return times[count / 2];
}

} // namespace consensus
