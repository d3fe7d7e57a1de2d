// Version bits on regtest: testdummy (bit 28, period 144, threshold 108, start 0) is
// DEFINED for the first period, STARTED for the second, LOCKED_IN for the third (our
// blocks signal) and ACTIVE from height 432, as in Core; the block versions follow.
#include <mining/test_fixture.h>
#include <mining/versionbits.h>

#include <gtest/gtest.h>

namespace mining {
namespace {

TEST(VersionBitsTest, RegtestTestDummyLifecycle)
{
    test::MiningFixture f;
    auto miner = f.MakeMiner();
    auto mined = miner->GenerateToScript(f.wallet.P2WPKH(), 440);
    ASSERT_TRUE(mined) << mined.error();
    ASSERT_EQ(mined->size(), 440u);
    const consensus::BIP9Deployment& dummy = f.chainman->GetConsensus().deployments[consensus::DEPLOYMENT_TESTDUMMY];
    const consensus::BIP9Deployment& taproot = f.chainman->GetConsensus().deployments[consensus::DEPLOYMENT_TAPROOT];

    int checked = 0;
    for (int height = 1; height <= 440; ++height) {
        const chain::BlockIndex* index = f.chainman->ActiveBlockAt(height);
        ASSERT_TRUE(index);
        const DeploymentState state = GetDeploymentState(index->prev, dummy);
        DeploymentState expected = DeploymentState::ACTIVE;
        if (height < 144) {
            expected = DeploymentState::DEFINED;
        } else if (height < 288) {
            expected = DeploymentState::STARTED;
        } else if (height < 432) {
            expected = DeploymentState::LOCKED_IN;
        }
        EXPECT_EQ(DeploymentStateName(state), DeploymentStateName(expected)) << height;
        const bool signalling = height >= 144 && height < 432;
        EXPECT_EQ(index->version, signalling ? 0x30000000 : 0x20000000) << height;
        EXPECT_EQ(GetDeploymentState(index->prev, taproot), DeploymentState::ACTIVE);
        ++checked;
    }
    EXPECT_EQ(checked, 440);
}

TEST(VersionBitsTest, NeverActiveAndTimeout)
{
    consensus::BIP9Deployment never;
    never.start_time = consensus::BIP9Deployment::NEVER_ACTIVE;
    EXPECT_EQ(GetDeploymentState(nullptr, never), DeploymentState::FAILED);

    // A deployment whose window closed before any block signalled fails at the first boundary.
    test::MiningFixture f;
    auto miner = f.MakeMiner();
    ASSERT_TRUE(miner->GenerateToScript(f.wallet.P2WPKH(), 300));
    consensus::BIP9Deployment expired;
    expired.bit = 5;
    expired.start_time = 0;
    expired.timeout = 1;
    expired.period = 144;
    expired.threshold = 108;
    EXPECT_EQ(GetDeploymentState(f.chainman->ActiveTip(), expired), DeploymentState::FAILED);
}

} // namespace
} // namespace mining
