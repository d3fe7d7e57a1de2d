// A small annotated class shared by the thread-safety compile checks.
#include <util/sync.h>

class Account
{
public:
    void Deposit(int amount) EXCLUSIVE_LOCKS_REQUIRED(!m_mutex)
    {
        LOCK(m_mutex);
        DepositLocked(amount);
    }
    int Balance() const EXCLUSIVE_LOCKS_REQUIRED(!m_mutex) { return WITH_LOCK(m_mutex, return m_balance); }

    void DepositLocked(int amount) EXCLUSIVE_LOCKS_REQUIRED(m_mutex) { m_balance += amount; }

    void UnguardedWrite();
    int UnguardedRead() const;
    void CallWithoutLock();
    void CallWhileHolding();
    void LockTwice();

    mutable util::Mutex m_mutex;
    int m_balance GUARDED_BY(m_mutex){0};
};
