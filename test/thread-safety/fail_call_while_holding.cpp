// expect: cannot call function 'Deposit' while mutex 'm_mutex' is held
#include "common.h"

void Account::CallWhileHolding()
{
    LOCK(m_mutex);
    Deposit(1);
}
