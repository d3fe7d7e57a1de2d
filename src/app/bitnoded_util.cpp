// bitnoded's data directory lock and debug log.
#include <app/bitnoded.h>

#include <app/node_args.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace app {

util::Result<DirectoryLock> DirectoryLock::Acquire(const std::filesystem::path& dir)
{
    const std::filesystem::path path = dir / ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return util::Error{"Cannot write to directory '" + dir.string() + "'; check permissions (" +
                           std::strerror(errno) + ")."};
    }
    struct flock lock {};
    lock.l_type = F_WRLCK;
    lock.l_whence = SEEK_SET;
    if (::fcntl(fd, F_SETLK, &lock) == -1) {
        ::close(fd);
        return util::Error{"Cannot obtain a lock on data directory " + dir.string() +
                           ". bitnoded is probably already running."};
    }
    return DirectoryLock{fd};
}

DirectoryLock::DirectoryLock(DirectoryLock&& other) noexcept : m_fd(other.m_fd) { other.m_fd = -1; }

DirectoryLock::~DirectoryLock()
{
    // Closing the descriptor releases the fcntl lock.
    if (m_fd >= 0) ::close(m_fd);
}

NodeLogger::NodeLogger(std::filesystem::path file, bool print_to_console, std::set<std::string> categories)
    : m_path(std::move(file)), m_print_to_console(print_to_console), m_categories(std::move(categories))
{}

NodeLogger::~NodeLogger()
{
    LOCK(m_mutex);
    if (m_file) std::fclose(m_file);
}

util::Result<void> NodeLogger::Open()
{
    if (m_path.empty()) return {};
    LOCK(m_mutex);
    if (m_file) std::fclose(m_file);
    m_file = std::fopen(m_path.c_str(), "a");
    if (m_file == nullptr)
        return util::Error{"Could not open debug log file " + m_path.string() + ": " + std::strerror(errno)};
    std::setvbuf(m_file, nullptr, _IOLBF, 0);
    return {};
}

void NodeLogger::Reopen()
{
    if (m_path.empty()) return;
    LOCK(m_mutex);
    if (m_file) std::fclose(m_file);
    m_file = std::fopen(m_path.c_str(), "a");
    if (m_file) std::setvbuf(m_file, nullptr, _IOLBF, 0);
}

bool NodeLogger::Enabled(std::string_view category) const
{
    if (category.empty()) return true;
    LOCK(m_mutex);
    return m_categories.contains(std::string{category});
}

std::vector<std::pair<std::string, bool>> NodeLogger::Categories() const
{
    LOCK(m_mutex);
    std::vector<std::pair<std::string, bool>> result;
    for (std::string_view name : LOG_CATEGORIES) {
        result.emplace_back(std::string{name}, m_categories.contains(std::string{name}));
    }
    return result;
}

bool NodeLogger::SetCategory(const std::string& category, bool enable)
{
    if (std::find(std::begin(LOG_CATEGORIES), std::end(LOG_CATEGORIES), category) == std::end(LOG_CATEGORIES)) {
        return false;
    }
    LOCK(m_mutex);
    if (enable) {
        m_categories.insert(category);
    } else {
        m_categories.erase(category);
    }
    return true;
}

void NodeLogger::Log(std::string_view category, const std::string& message)
{
    if (!Enabled(category)) return;
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &utc);
    std::string line = stamp;
    line += ' ';
    if (!category.empty()) {
        line += '[';
        line += category;
        line += "] ";
    }
    line += message;
    line += '\n';
    LOCK(m_mutex);
    if (m_file) std::fwrite(line.data(), 1, line.size(), m_file);
    if (m_print_to_console) {
        std::fwrite(line.data(), 1, line.size(), stdout);
        std::fflush(stdout);
    }
}

} // namespace app
