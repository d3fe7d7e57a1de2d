// expect: reading variable 'm_balance' requires holding mutex 'm_mutex'
#include "common.h"

int Account::UnguardedRead() const { return m_balance; }
