// expect: writing variable 'm_balance' requires holding mutex 'm_mutex' exclusively
#include "common.h"

void Account::UnguardedWrite() { m_balance = 0; }
