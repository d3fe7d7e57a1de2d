// The RPC method table and the execution of one request (Core's CRPCTable and
// JSONRPCExec), with the server state the control methods report: warm-up status,
// commands running now, start time, and how to ask the node to shut down.
//
// Registration happens before serving (methods are immutable afterwards); Execute may
// then run from many worker threads at once. Named parameters are mapped to positions
// with Core's rules (aliases "a|b", named-only options objects, the "args" catch-all for
// leading positional values, "Unknown named parameter x", "Parameter x specified
// multiple times").
//
// Thread safety: Register before the first Execute (not synchronised). Execute, Help,
// the warm-up setters and ActiveCommands are thread-safe.
#ifndef BITNODE_RPC_TABLE_H
#define BITNODE_RPC_TABLE_H

#include <rpc/method.h>
#include <rpc/request.h>
#include <util/json.h>
#include <util/sync.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rpc {

/** What the control methods need from the process that serves RPC. */
struct RpcServerHooks {
    /** Asks the node to shut down (the `stop` method); it must return promptly. */
    std::function<void()> request_shutdown;
    /** Seconds since the epoch, mockable (`uptime`); defaults to the system clock. */
    std::function<int64_t()> now;
    /** When the process started, in the same clock (`uptime`). */
    int64_t startup_time{0};
    /** The debug log's path (`getrpcinfo`). */
    std::string log_path;
    /** Every debug log category with whether it is on (`logging`); unset: no such control. */
    std::function<std::vector<std::pair<std::string, bool>>()> log_categories;
    /** Turn a category on or off (`logging`); false if the name is not a category. */
    std::function<bool(const std::string& category, bool enable)> set_log_category;
};

class RpcTable
{
public:
    explicit RpcTable(RpcServerHooks hooks = {});

    /** Add a method under a help category ("control", "blockchain", "hidden", ...). */
    void Register(std::string category, RpcMethod method);

    /**
     * Run a parsed request: warm-up check, lookup, named-parameter mapping, argument
     * checks, the handler. Throws RpcError (RPC_METHOD_NOT_FOUND, RPC_IN_WARMUP, the
     * handler's own, RPC_TYPE_ERROR, RPC_MISC_ERROR for any other exception).
     */
    util::JsonValue Execute(const JsonRpcRequest& request) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** `help` output: every visible method by category, or one method's full help. */
    std::string Help(std::string_view command) const;
    /** Names of all methods, sorted. */
    std::vector<std::string> ListCommands() const;
    const RpcMethod* Find(std::string_view name) const;
    /** Every method's [method, position, name, is_string] rows (Core's dumpArgMap). */
    util::JsonValue DumpArgMap() const;
    /** Every registered method, in name order. */
    std::vector<const RpcMethod*> Methods() const;

    /** Core's warm-up: every call answers RPC_IN_WARMUP with the status until finished. */
    void SetWarmupStatus(std::string status) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void SetWarmupStarting() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    void SetWarmupFinished() EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);
    bool IsInWarmup(std::string* status = nullptr) const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    struct ActiveCommand {
        std::string method;
        std::chrono::steady_clock::time_point start;
    };
    std::vector<ActiveCommand> ActiveCommands() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex);

    /** Calls of one method since start, for /metrics (counted with relaxed atomics, no lock). */
    struct MethodStats {
        std::string method;
        uint64_t calls{0};
        uint64_t errors{0}; //!< calls that ended in an RpcError
        uint64_t micros{0}; //!< time spent in the handler
    };
    /** Every method that has been called at least once, in name order. */
    std::vector<MethodStats> GetMethodStats() const;

    const RpcServerHooks& Hooks() const { return m_hooks; }

private:
    struct Counters {
        std::atomic<uint64_t> calls{0};
        std::atomic<uint64_t> errors{0};
        std::atomic<uint64_t> micros{0};
    };
    struct Entry {
        std::string category;
        std::unique_ptr<RpcMethod> method;
        std::vector<std::pair<std::string, bool>> arg_names;
        std::unique_ptr<Counters> counters{std::make_unique<Counters>()};
    };

    const RpcServerHooks m_hooks;
    std::map<std::string, Entry, std::less<>> m_methods;

    mutable util::Mutex m_mutex;
    bool m_in_warmup GUARDED_BY(m_mutex){true};
    std::string m_warmup_status GUARDED_BY(m_mutex){"RPC server started"};
    mutable std::list<ActiveCommand> m_active GUARDED_BY(m_mutex);
};

/**
 * Named parameters (an object) to positional ones, given each parameter's name pattern
 * and whether it is named-only (RpcMethod::GetArgNames). Throws RpcError.
 */
util::JsonValue TransformNamedArguments(const util::JsonValue& named,
                                        const std::vector<std::pair<std::string, bool>>& arg_names);

/**
 * Execute and wrap in a reply object. With catch_errors (JSON-RPC 2.0, batch members)
 * an error becomes the reply's "error"; without (1.0 single requests) RpcError escapes
 * so the HTTP layer can choose the status code.
 */
util::JsonValue JsonRpcExec(const RpcTable& table, const JsonRpcRequest& request, bool catch_errors);

} // namespace rpc

#endif // BITNODE_RPC_TABLE_H
