// bitnoded: the full node daemon. RunBitnoded parses the options (command line, then
// bitnode.conf), locks the network's data directory, opens the log, starts the node
// (node::NodeContext) and its JSON-RPC server, waits for a shutdown request (RPC stop,
// SIGINT/SIGTERM) and stops everything in reverse order. doc/bitnoded.md describes the
// options, the data directory and the shutdown order.
//
// Helpers used by it (and its tests):
//  - DirectoryLock: Core's LockDirectory, an exclusive fcntl lock on <dir>/.lock held for
//    the life of the object, so a second bitnoded on the same directory refuses to start.
//  - NodeLogger: the debug log (file with timestamps, optional console copy, debug
//    categories), reopened on SIGHUP for log rotation.
//
// Thread safety: RunBitnoded is meant to run once per process (it installs the signal
// handling thread). NodeLogger::Log and Reopen may be called from any thread.
#ifndef BITNODE_APP_BITNODED_H
#define BITNODE_APP_BITNODED_H

#include <util/result.h>
#include <util/sync.h>

#include <cstdio>
#include <filesystem>
#include <iosfwd>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace app {

/** bitnoded's main: returns the exit status (0 clean shutdown, 1 startup or fatal error). */
int RunBitnoded(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

class DirectoryLock
{
public:
    /**
     * Lock <dir>/.lock; the error is Core's "Cannot obtain a lock on data directory <dir>.
     * bitnoded is probably already running." when another process holds it.
     */
    static util::Result<DirectoryLock> Acquire(const std::filesystem::path& dir);
    DirectoryLock(DirectoryLock&& other) noexcept;
    DirectoryLock& operator=(DirectoryLock&&) = delete;
    DirectoryLock(const DirectoryLock&) = delete;
    ~DirectoryLock();

private:
    explicit DirectoryLock(int fd) : m_fd(fd) {}
    int m_fd{-1};
};

class NodeLogger
{
public:
    /** file empty: no log file. categories: the -debug categories enabled. */
    NodeLogger(std::filesystem::path file, bool print_to_console, std::set<std::string> categories);
    ~NodeLogger();
    NodeLogger(const NodeLogger&) = delete;
    NodeLogger& operator=(const NodeLogger&) = delete;

    /** Open the file (appending); an error says why it cannot be written. */
    util::Result<void> Open() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Close and open the file again (SIGHUP, after logrotate moved it). */
    void Reopen() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Whether lines of a category are written ("" always is). */
    bool Enabled(std::string_view category) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Every known category (LOG_CATEGORIES) with whether it is on (the `logging` RPC). */
    std::vector<std::pair<std::string, bool>> Categories() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** Turn a known category on or off at run time; false if the name is not one. */
    bool SetCategory(const std::string& category, bool enable) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    /** "2026-01-01T00:00:00Z [category] message" to the file and, if enabled, stdout. */
    void Log(std::string_view category, const std::string& message) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    const std::filesystem::path& Path() const { return m_path; }

private:
    const std::filesystem::path m_path;
    const bool m_print_to_console;
    mutable util::Mutex m_mutex;
    std::set<std::string> m_categories GUARDED_BY(m_mutex);
    std::FILE* m_file GUARDED_BY(m_mutex){nullptr};
};

} // namespace app

#endif // BITNODE_APP_BITNODED_H
