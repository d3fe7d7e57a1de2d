// TempDir: a fresh directory under /tmp for one test, removed with everything in it when
// the object goes out of scope. Used by the storage tests only.
#ifndef BITNODE_STORAGE_TEST_TEMPDIR_H
#define BITNODE_STORAGE_TEST_TEMPDIR_H

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace storage::test {

class TempDir
{
public:
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "bitnode-storage-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& Path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

} // namespace storage::test

#endif // BITNODE_STORAGE_TEST_TEMPDIR_H
