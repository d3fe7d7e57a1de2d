#include <rpc/descriptor_infer.h>

#include <consensus/chainparams.h>

#include <util/hex.h>

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace {

script::Script ScriptFromHex(std::string_view hex) { return script::Script{*util::TryParseHex(hex)}; }

TEST(DescriptorInferTest, ChecksumMatchesCore)
{
    // Descriptors and checksums as Bitcoin Core prints them.
    const std::pair<const char*, const char*> cases[] = {
        {"addr(13tuJJDR2RgArmgfv6JScSdreahzgc4T6o)", "ztmwxg4c"},
        {"addr(bc1q5fgkuac9s2ry56jka5s6zqsyfcugcchry5cwu0)", "gm7zhxq2"},
        {"addr(bcrt1pamhqk96edn)", "vkh8uj5a"},
        {"pk(02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397)", "rk5v7uqw"},
        {"raw(6a00)", "ncfmkl43"},
        {"raw(02eeee)", "5xzck7pr"},
        {"raw(50)", "a7tu03xf"},
        {"raw(75)", "ppey0zqj"},
        {"raw(76a91411b366edfc0a8b66feebae5c2e25a7b6a5d1cf3188ac)", "fm24fxxy"},
    };
    for (const auto& [desc, checksum] : cases) EXPECT_EQ(rpc::DescriptorChecksum(desc), checksum) << desc;
    EXPECT_EQ(rpc::AddChecksum("raw(6a00)"), "raw(6a00)#ncfmkl43");
    EXPECT_EQ(rpc::DescriptorChecksum("raw(\x01)"), ""); // outside the descriptor character set
}

TEST(DescriptorInferTest, StandardTemplates)
{
    const auto main_params = consensus::ChainParams::Main();
    const auto regtest_params = consensus::ChainParams::RegTest();
    const script::AddressParams& main = main_params->GetAddressParams();
    const script::AddressParams& regtest = regtest_params->GetAddressParams();
    // Bare multisig with three compressed keys.
    EXPECT_EQ(
        rpc::InferDescriptor(ScriptFromHex("522102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff39721021"
                                           "ac43c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d2102df208910"
                                           "5c77f266fa11a9d33f05c735234075f2e8780824c6b709415f9fb48553ae"),
                             main),
        "multi(2,02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397,"
        "021ac43c7ff740014c3b33737ede99c967e4764553d1b2b83db77c83b8715fa72d,"
        "02df2089105c77f266fa11a9d33f05c735234075f2e8780824c6b709415f9fb485)#8s88p9pl");
    EXPECT_EQ(rpc::InferDescriptor(
                  ScriptFromHex("2102a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397ac"), main),
              "pk(02a5613bd857b7048924264d1e70e08fb2a7e6527d32b7ab1bb993ac59964ff397)#rk5v7uqw");
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex("76a9141fc11f39be1729bf973a7ab6a615ca4729d6457488ac"), main),
              "addr(13tuJJDR2RgArmgfv6JScSdreahzgc4T6o)#ztmwxg4c");
    // Taproot with an on-curve key prints rawtr(); a witness v1 program of another size is addr().
    EXPECT_EQ(rpc::InferDescriptor(
                  ScriptFromHex("5120eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"), regtest),
              "rawtr(eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee)#jk7c6kys");
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex("5102eeee"), regtest), "addr(bcrt1pamhqk96edn)#vkh8uj5a");
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex("a914eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee87"), regtest),
              "addr(2NF2b3KS8xXb9XHvbRMXdZh8s5g92rUZHtp)#ywfcpmh9");
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex("6a00"), main), "raw(6a00)#ncfmkl43");
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex("02eeee"), main), "raw(02eeee)#5xzck7pr");
    // A hybrid key (0x06) is not a descriptor key: Core falls back to raw().
    const std::string hybrid = "4106" + std::string(128, '1') + "ac";
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex(hybrid), main).substr(0, 4), "raw(");
    // Taproot program that is not a curve point: addr().
    const std::string off_curve = "5120" + std::string(64, '0');
    EXPECT_EQ(rpc::InferDescriptor(ScriptFromHex(off_curve), main).substr(0, 7), "addr(bc");
    EXPECT_EQ(rpc::InferDescriptor(script::Script{}, main), "raw()#58lrscpx");
}

} // namespace
