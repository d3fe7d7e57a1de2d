// expect: acquiring mutex 'm_mutex' that is already held
#include "common.h"

void Account::LockTwice()
{
    LOCK(m_mutex);
    LOCK(m_mutex);
}
