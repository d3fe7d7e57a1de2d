#include <crypto/sha256.h>
#include <test/util/testdata.h>
#include <util/hex.h>

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using Digest = std::array<uint8_t, 32>;

std::string Sha256Hex(const std::string& msg)
{
    return util::HexStr(crypto::Sha256().Write(util::AsBytes(msg)).Finalize());
}

std::vector<uint8_t> RandomBytes(std::mt19937& rng, size_t n)
{
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(rng());
    return v;
}

std::vector<uint8_t> FromHex(std::string_view hex)
{
    auto v = util::TryParseHex(hex);
    EXPECT_TRUE(v.has_value()) << hex;
    return v.value_or(std::vector<uint8_t>{});
}

/** SHA-256 built only from a given compression function, with the padding done here. */
Digest HashWithTransform(void (*transform)(uint32_t*, const uint8_t*, size_t), const uint8_t* data, size_t len)
{
    crypto::Sha256Midstate state = crypto::Sha256().Midstate(); // the initial state
    const size_t full = len / 64;
    if (full > 0) transform(state.data(), data, full);
    uint8_t last[128] = {};
    const size_t rest = len % 64;
    if (rest) std::memcpy(last, data + 64 * full, rest);
    last[rest] = 0x80;
    const size_t last_blocks = rest + 9 > 64 ? 2 : 1;
    const uint64_t bits = uint64_t{len} * 8;
    for (int i = 0; i < 8; ++i) last[64 * last_blocks - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
    transform(state.data(), last, last_blocks);
    Digest out;
    for (int i = 0; i < 8; ++i) {
        for (int b = 0; b < 4; ++b) out[4 * i + b] = static_cast<uint8_t>(state[i] >> (24 - 8 * b));
    }
    return out;
}

Digest PortableHash(const uint8_t* data, size_t len)
{
    return HashWithTransform(crypto::Sha256TransformImplementations().at(0).transform, data, len);
}

Digest PortableHash256(const uint8_t* data, size_t len)
{
    const Digest first = PortableHash(data, len);
    return PortableHash(first.data(), first.size());
}

// FIPS 180-4 examples and the NIST CAVS short/long message vectors.
TEST(Sha256Test, PublishedVectors)
{
    EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(Sha256Hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
                        "rsmnopqrstnopqrstu"),
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    EXPECT_EQ(Sha256Hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // SHA256ShortMsg.rsp, Len = 8 and Len = 512.
    const auto one = FromHex("d3");
    EXPECT_EQ(util::HexStr(crypto::Sha256().Write(one).Finalize()),
              "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1");
    const auto sixty_four = FromHex("5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d42"
                                    "37e661c7bf4c77f335390394c37fa1a9f9be836ac28509");
    EXPECT_EQ(util::HexStr(crypto::Sha256().Write(sixty_four).Finalize()),
              "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa");
}

TEST(Sha256Test, IncrementalWritesMatchOneShot)
{
    std::string msg;
    for (int i = 0; i < 300; ++i) msg.push_back(static_cast<char>(i * 7));
    const auto expect = crypto::Sha256().Write(util::AsBytes(msg)).Finalize();
    for (size_t split = 0; split <= msg.size(); split += 13) {
        crypto::Sha256 h;
        h.Write(util::AsBytes(std::string_view(msg).substr(0, split)));
        h.Write(util::AsBytes(std::string_view(msg).substr(split)));
        EXPECT_EQ(h.Finalize(), expect) << "split at " << split;
    }
    // Byte by byte, and reuse after Reset().
    crypto::Sha256 h;
    h.Write(util::AsBytes("garbage")).Finalize();
    h.Reset();
    for (char c : msg) h.Write(reinterpret_cast<const uint8_t*>(&c), 1);
    EXPECT_EQ(h.BytesWritten(), msg.size());
    EXPECT_EQ(h.Finalize(), expect);
}

// Every compression back end this CPU supports against the portable one, for every
// length 0..300 (all padding cases) and for long many-block inputs.
TEST(Sha256Test, EveryTransformMatchesPortable)
{
    std::mt19937 rng(1);
    const auto impls = crypto::Sha256TransformImplementations();
    ASSERT_FALSE(impls.empty());
    EXPECT_EQ(impls[0].name, "portable");
    std::vector<size_t> lengths;
    for (size_t len = 0; len <= 300; ++len) lengths.push_back(len);
    for (size_t len : {1000, 4096, 64 * 100 + 37, 100000}) lengths.push_back(len);
    size_t checks = 0;
    for (size_t len : lengths) {
        const auto data = RandomBytes(rng, len);
        const Digest expect = PortableHash(data.data(), len);
        for (const auto& impl : impls) {
            EXPECT_EQ(HashWithTransform(impl.transform, data.data(), len), expect) << impl.name << " len " << len;
            ++checks;
        }
        // The dispatched incremental hasher, written in two uneven pieces.
        const size_t split = len ? rng() % len : 0;
        crypto::Sha256 h;
        h.Write(data.data(), split).Write(data.data() + split, len - split);
        EXPECT_EQ(h.Finalize(), expect) << "Sha256 len " << len;
    }
    std::cout << "transform back ends checked: " << impls.size() << ", comparisons: " << checks << "\n";
}

TEST(Sha256Test, MidstateResumes)
{
    std::mt19937 rng(2);
    const auto data = RandomBytes(rng, 200);
    const auto expect = crypto::Sha256().Write(data).Finalize();
    crypto::Sha256 head;
    head.Write(data.data(), 128);
    const crypto::Sha256Midstate mid = head.Midstate();
    crypto::Sha256 resumed(mid, 128);
    resumed.Write(data.data() + 128, data.size() - 128);
    EXPECT_EQ(resumed.BytesWritten(), data.size());
    EXPECT_EQ(resumed.Finalize(), expect);
    const crypto::Sha256Midstate iv = crypto::Sha256().Midstate();
    EXPECT_EQ(iv[0], 0x6a09e667u);
    EXPECT_EQ(iv[7], 0x5be0cd19u);
}

// Every Sha256D64 back end with every block count 0..40 (full groups and remainders).
TEST(Sha256Test, EveryD64ImplementationMatchesPortable)
{
    std::mt19937 rng(3);
    const auto impls = crypto::Sha256D64Implementations();
    for (const auto& impl : impls) std::cout << "d64 back end: " << impl.name << " (" << impl.lanes << " lanes)\n";
    for (size_t blocks = 0; blocks <= 40; ++blocks) {
        const auto in = RandomBytes(rng, 64 * blocks);
        std::vector<uint8_t> expect(32 * blocks);
        for (size_t i = 0; i < blocks; ++i) {
            const Digest d = PortableHash256(in.data() + 64 * i, 64);
            std::memcpy(expect.data() + 32 * i, d.data(), 32);
        }
        for (const auto& impl : impls) {
            std::vector<uint8_t> out(32 * blocks + 32, 0xAB);
            impl.fn(out.data(), in.data(), blocks);
            EXPECT_TRUE(std::equal(expect.begin(), expect.end(), out.begin())) << impl.name << " blocks " << blocks;
            EXPECT_EQ(out[32 * blocks], 0xAB) << impl.name << " wrote past the end";
        }
        std::vector<uint8_t> out(32 * blocks);
        crypto::Sha256D64(out.data(), in.data(), blocks);
        EXPECT_EQ(out, expect) << "dispatched, blocks " << blocks;
    }
    // A large batch through the dispatcher: every kernel in its chain gets some.
    const size_t big = 16 * 20 + 7;
    const auto in = RandomBytes(rng, 64 * big);
    std::vector<uint8_t> out(32 * big);
    crypto::Sha256D64(out.data(), in.data(), big);
    for (size_t i = 0; i < big; ++i) {
        const Digest d = PortableHash256(in.data() + 64 * i, 64);
        ASSERT_TRUE(std::equal(d.begin(), d.end(), out.begin() + 32 * i)) << "item " << i;
    }
}

// Every header back end from a midstate, including nonce runs that wrap past 2^32 - 1.
TEST(Sha256Test, EveryD80ImplementationMatchesPortable)
{
    std::mt19937 rng(4);
    const auto impls = crypto::Sha256D80Implementations();
    for (const auto& impl : impls) std::cout << "d80 back end: " << impl.name << " (" << impl.lanes << " lanes)\n";
    for (size_t count = 0; count <= 40; ++count) {
        auto header = RandomBytes(rng, 80);
        const uint32_t first_nonce =
            count % 3 == 0 ? 0xFFFFFFF0u - static_cast<uint32_t>(count) : static_cast<uint32_t>(rng());
        std::vector<Digest> expect(count);
        for (size_t i = 0; i < count; ++i) {
            const uint32_t nonce = first_nonce + static_cast<uint32_t>(i);
            for (int b = 0; b < 4; ++b) header[76 + b] = static_cast<uint8_t>(nonce >> (8 * b));
            expect[i] = PortableHash256(header.data(), 80);
        }
        const crypto::Sha256Midstate mid = crypto::Sha256HeaderMidstate(header.data());
        for (const auto& impl : impls) {
            std::vector<Digest> out(count + 1);
            out[count].fill(0xAB);
            impl.fn(reinterpret_cast<uint8_t(*)[32]>(out.data()), mid, header.data() + 64, first_nonce, count);
            for (size_t i = 0; i < count; ++i)
                EXPECT_EQ(out[i], expect[i]) << impl.name << " count " << count << " i " << i;
            EXPECT_EQ(out[count][0], 0xAB) << impl.name << " wrote past the end";
        }
        std::vector<Digest> out(count);
        crypto::Sha256D80Midstate(reinterpret_cast<uint8_t(*)[32]>(out.data()), mid, header.data() + 64, first_nonce,
                                  count);
        EXPECT_EQ(out, expect) << "dispatched, count " << count;
    }
}

// The real genesis block header: its hash is the well-known 000000000019d6...e26f.
TEST(Sha256Test, GenesisHeaderFromMidstate)
{
    const auto header = FromHex("0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12"
                                "b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c");
    ASSERT_EQ(header.size(), 80u);
    const std::string expect = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000";
    EXPECT_EQ(util::HexStr(PortableHash256(header.data(), 80)), expect);
    const uint32_t nonce = 0x7c2bac1d;
    for (const auto& impl : crypto::Sha256D80Implementations()) {
        // Start a few nonces early so the real one sits in a middle lane.
        uint8_t out[20][32];
        impl.fn(out, crypto::Sha256HeaderMidstate(header.data()), header.data() + 64, nonce - 5, 20);
        EXPECT_EQ(util::HexStr(util::ByteSpan{out[5], 32}), expect) << impl.name;
    }
}

// Mainnet blocks 1..255: each header's double SHA-256 is the next block's prev-hash field.
TEST(Sha256Test, RealHeaderChainFromMidstate)
{
    BITNODE_REQUIRE_TESTDATA();
    const auto chain = testutil::ReadTestBytes("chains/main-blocks-1-255.dat");
    ASSERT_FALSE(chain.empty());
    std::vector<std::vector<uint8_t>> headers;
    for (size_t pos = 0; pos + 8 <= chain.size();) {
        const uint32_t len =
            chain[pos + 4] | chain[pos + 5] << 8 | chain[pos + 6] << 16 | uint32_t{chain[pos + 7]} << 24;
        ASSERT_LE(pos + 8 + len, chain.size());
        headers.emplace_back(chain.begin() + static_cast<long>(pos) + 8, chain.begin() + static_cast<long>(pos) + 88);
        pos += 8 + len;
    }
    ASSERT_EQ(headers.size(), 255u);
    size_t checked = 0;
    for (size_t i = 0; i + 1 < headers.size(); ++i) {
        const auto& h = headers[i];
        const uint32_t nonce = h[76] | h[77] << 8 | h[78] << 16 | uint32_t{h[79]} << 24;
        uint8_t out[1][32];
        crypto::Sha256D80Midstate(out, crypto::Sha256HeaderMidstate(h.data()), h.data() + 64, nonce, 1);
        ASSERT_TRUE(std::equal(out[0], out[0] + 32, headers[i + 1].begin() + 4)) << "block " << i + 1;
        ++checked;
    }
    std::cout << "real headers checked: " << checked << "\n";
}

TEST(Sha256Test, BackendNameListsChoice)
{
    const std::string name = crypto::Sha256BackendName();
    std::cout << "sha256 back ends: " << name << "\n";
    EXPECT_NE(name.find("sha256="), std::string::npos);
    EXPECT_NE(name.find("d64="), std::string::npos);
    EXPECT_NE(name.find("d80="), std::string::npos);
}

} // namespace
