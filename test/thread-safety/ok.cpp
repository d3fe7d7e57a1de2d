// expect: compiles cleanly
#include "common.h"

int Use()
{
    Account account;
    account.Deposit(5);
    {
        LOCK(account.m_mutex);
        account.DepositLocked(1);
        account.m_balance += 1;
    }
    return account.Balance();
}
