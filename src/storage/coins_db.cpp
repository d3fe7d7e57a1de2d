#include <storage/coins_db.h>

#include <cassert>

namespace storage {

namespace {

class CoinsViewDBCursor final : public CoinsViewCursor
{
public:
    CoinsViewDBCursor(std::unique_ptr<DbIterator> iter, const uint256& best_block)
        : CoinsViewCursor{best_block}, m_iter{std::move(iter)}
    {
        m_iter->Seek(DB_COIN);
        CacheKey();
    }

    bool GetKey(OutPoint& key) const override
    {
        if (!m_valid) return false;
        key = m_key.outpoint;
        return true;
    }
    bool GetValue(Coin& coin) const override
    {
        if (!m_valid) return false;
        m_iter->GetValue(coin);
        return true;
    }
    bool Valid() const override { return m_valid; }
    void Next() override
    {
        m_iter->Next();
        CacheKey();
    }

private:
    /** Decode the current key; the walk ends at the first record that is not a coin. */
    void CacheKey() { m_valid = m_iter->Valid() && m_iter->KeyStartsWith(DB_COIN) && m_iter->GetKey(m_key); }

    std::unique_ptr<DbIterator> m_iter;
    CoinKey m_key;
    bool m_valid{false};
};

} // namespace

util::Result<std::unique_ptr<CoinsViewDB>> CoinsViewDB::Open(DbParams params, CoinsDbOptions options)
{
    if (params.name == DbParams{}.name) params.name = "chainstate";
    if (params.recovery_hint == DbParams{}.recovery_hint) params.recovery_hint = REINDEX_CHAINSTATE_HINT;
    auto db = DbWrapper::Open(params);
    if (!db) return util::Error{db.error()};
    return std::unique_ptr<CoinsViewDB>(new CoinsViewDB(std::move(*db), options));
}

std::optional<Coin> CoinsViewDB::GetCoin(const OutPoint& outpoint) const
{
    Coin coin;
    if (!m_db->Read(CoinKey{outpoint}, coin)) return std::nullopt;
    return coin;
}

bool CoinsViewDB::HaveCoin(const OutPoint& outpoint) const { return m_db->Exists(CoinKey{outpoint}); }

uint256 CoinsViewDB::GetBestBlock() const
{
    uint256 hash;
    if (!m_db->Read(DB_BEST_BLOCK, hash)) return uint256{};
    return hash;
}

std::vector<uint256> CoinsViewDB::GetHeadBlocks() const
{
    std::vector<uint256> heads;
    if (!m_db->Read(DB_HEAD_BLOCKS, heads)) return {};
    if (heads.size() != 2) {
        m_db->ThrowCorruption("its flush marker holds " + std::to_string(heads.size()) + " block hashes instead of 2.");
    }
    return heads;
}

bool CoinsViewDB::BatchWrite(CoinsCacheCursor& cursor, const uint256& best_block)
{
    assert(!best_block.IsNull());
    uint256 old_tip = GetBestBlock();
    if (old_tip.IsNull()) {
        // Either a new database or an interrupted flush that is now being finished.
        const std::vector<uint256> old_heads = GetHeadBlocks();
        if (old_heads.size() == 2) {
            if (old_heads[0] != best_block) {
                throw DbError("The coins database detected an inconsistent state, likely due to a previous crash "
                              "or shutdown: an interrupted flush towards block " +
                              old_heads[0].GetHex() + " is being followed by one towards " + best_block.GetHex() +
                              ". " + m_db->Params().recovery_hint);
            }
            old_tip = old_heads[1];
        }
    }

    DbBatch batch{*m_db};
    // First batch: mark the transition, so a crash before the last batch is detectable.
    batch.Erase(DB_BEST_BLOCK);
    batch.Write(DB_HEAD_BLOCKS, std::vector<uint256>{best_block, old_tip});

    for (CoinsCachePair* it = cursor.Begin(); it != cursor.End();) {
        if (it->second.IsDirty()) {
            const CoinKey key{it->first};
            if (it->second.coin.IsSpent()) {
                batch.Erase(key);
            } else {
                batch.Write(key, it->second.coin);
            }
        }
        it = cursor.NextAndMaybeErase(*it);
        if (batch.ApproximateSize() > m_options.batch_write_bytes) {
            m_db->WriteBatch(batch);
            batch.Clear();
            ++m_partial_batches;
            if (m_options.crash_after_partial_batches > 0 &&
                m_partial_batches >= m_options.crash_after_partial_batches) {
                throw SimulatedCrash{};
            }
        }
    }

    // Last batch: consistent again at best_block. Synced, so the new tip survives power loss.
    batch.Erase(DB_HEAD_BLOCKS);
    batch.Write(DB_BEST_BLOCK, best_block);
    m_db->WriteBatch(batch, /*sync=*/true);
    return true;
}

std::unique_ptr<CoinsViewCursor> CoinsViewDB::Cursor() const
{
    return std::make_unique<CoinsViewDBCursor>(m_db->NewIterator(), GetBestBlock());
}

size_t CoinsViewDB::EstimateSize() const { return m_db->EstimateSize(DB_COIN, static_cast<uint8_t>(DB_COIN + 1)); }

bool CoinsViewDB::NeedsUpgrade() const
{
    const std::unique_ptr<DbIterator> it = m_db->NewIterator();
    it->Seek(DB_LEGACY_COINS);
    return it->Valid() && it->KeyStartsWith(DB_LEGACY_COINS);
}

} // namespace storage
