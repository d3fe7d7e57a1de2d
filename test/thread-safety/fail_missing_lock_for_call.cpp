// expect: calling function 'DepositLocked' requires holding mutex 'm_mutex' exclusively
#include "common.h"

void Account::CallWithoutLock() { DepositLocked(1); }
