// mempool.dat round trip, expiry on load, damaged files, Core's obfuscated version 2.
#include <mempool/persist.h>
#include <mempool/test_helpers.h>
#include <primitives/streams.h>
#include <storage/test_tempdir.h>
#include <util/fs.h>

#include <gtest/gtest.h>

#include <fstream>

namespace mempool {
namespace {

constexpr Amount COIN = primitives::COIN;

class PersistTest : public ::testing::Test
{
protected:
    PersistTest()
    {
        clock.SetMockTime(1'700'000'000);
        opts.clock = &clock;
    }
    util::Clock clock;
    MempoolOptions opts;
    test::FakeChain chain;
    test::Wallet wallet;
    storage::test::TempDir dir;
};

TEST_F(PersistTest, RoundTrip)
{
    TxMemPool pool{opts};
    const OutPoint a = wallet.Fund(chain, COIN);
    const OutPoint b = wallet.Fund(chain, COIN);
    const auto parent = wallet.Spend({{a, COIN}}, {COIN - 1000});
    const auto child = wallet.Spend({{{parent->GetHash(), 0}, COIN - 1000}}, {COIN - 2000});
    const auto other = wallet.Spend({{b, COIN}}, {COIN - 500});
    for (const auto& tx : {parent, child, other}) ASSERT_TRUE(AcceptToMemoryPool(pool, chain, tx).Valid());
    clock.SetMockTime(1'700'000'100);
    pool.PrioritiseTransaction(child->GetHash(), 777);
    primitives::uint256 absent_h;
    absent_h.data()[5] = 9;
    const Txid absent = Txid::FromUint256(absent_h);
    pool.PrioritiseTransaction(absent, -5);
    pool.AddUnbroadcast(other->GetHash());

    const auto path = dir.Path() / "mempool.dat";
    ASSERT_TRUE(DumpMempool(pool, path));
    EXPECT_FALSE(std::filesystem::exists(path.string() + ".new"));

    TxMemPool loaded{opts};
    const auto stats = LoadMempool(loaded, chain, path);
    ASSERT_TRUE(stats) << stats.error();
    EXPECT_EQ(stats->accepted, 3u);
    EXPECT_EQ(loaded.Size(), 3u);
    EXPECT_EQ(loaded.Info(child->GetHash())->modified_fee, 1000 + 777);
    EXPECT_EQ(loaded.Info(parent->GetHash())->time, 1'700'000'000);
    EXPECT_EQ(loaded.GetDeltas(), pool.GetDeltas());
    EXPECT_EQ(loaded.GetUnbroadcast(), std::set<Txid>{other->GetHash()});
    EXPECT_FALSE(loaded.CheckConsistency().has_value());

    // Written again, the bytes are the same.
    const auto path2 = dir.Path() / "mempool2.dat";
    ASSERT_TRUE(DumpMempool(loaded, path2));
    EXPECT_EQ(*util::ReadFileBytes(path), *util::ReadFileBytes(path2));
}

TEST_F(PersistTest, ExpiredSkippedAndDamageReported)
{
    TxMemPool pool{opts};
    const OutPoint a = wallet.Fund(chain, COIN);
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, wallet.Spend({{a, COIN}}, {COIN - 1000})).Valid());
    const auto path = dir.Path() / "mempool.dat";
    ASSERT_TRUE(DumpMempool(pool, path));

    clock.SetMockTime(1'700'000'000 + opts.expiry_seconds + 1);
    TxMemPool later{opts};
    const auto stats = LoadMempool(later, chain, path);
    ASSERT_TRUE(stats);
    EXPECT_EQ(stats->expired, 1u);
    EXPECT_EQ(later.Size(), 0u);

    auto bytes = *util::ReadFileBytes(path);
    bytes.resize(bytes.size() - 30);
    std::ofstream(path, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    TxMemPool damaged{opts};
    const auto bad = LoadMempool(damaged, chain, path);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().find("is damaged"), std::string::npos) << bad.error();
}

TEST_F(PersistTest, ReadsObfuscatedVersion2)
{
    TxMemPool pool{opts};
    const OutPoint a = wallet.Fund(chain, COIN);
    const auto tx = wallet.Spend({{a, COIN}}, {COIN - 1000});
    ASSERT_TRUE(AcceptToMemoryPool(pool, chain, tx).Valid());
    const auto v1 = dir.Path() / "v1.dat";
    ASSERT_TRUE(DumpMempool(pool, v1));
    // Re-encode as Core's version 2: version, key, then the v1 body XORed at its file offsets.
    const auto body = *util::ReadFileBytes(v1);
    const std::vector<uint8_t> key{1, 2, 3, 4, 5, 6, 7, 0xff};
    std::vector<uint8_t> out;
    primitives::VectorWriter w{out};
    w << uint64_t{2} << key;
    for (size_t i = 8; i < body.size(); ++i) out.push_back(static_cast<uint8_t>(body[i] ^ key[out.size() % 8]));
    const auto v2 = dir.Path() / "v2.dat";
    std::ofstream(v2, std::ios::binary)
        .write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
    TxMemPool loaded{opts};
    const auto stats = LoadMempool(loaded, chain, v2);
    ASSERT_TRUE(stats) << stats.error();
    EXPECT_TRUE(loaded.Exists(tx->GetHash()));
}

} // namespace
} // namespace mempool
