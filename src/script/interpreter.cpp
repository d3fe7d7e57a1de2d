// EvalScript: the stack machine. VerifyScript and the witness rules are in verify.cpp.
#include <script/interpreter.h>
#include <script/interpreter_internal.h>

#include <cassert>
#include <limits>
#include <stdexcept>
#include <utility>

namespace script {

using detail::SetError;
using detail::SetSuccess;

namespace {

/**
 * The IF/ELSE/ENDIF nesting as a stack of booleans, of which only two facts are ever
 * observed: whether it is empty and whether every entry is true. So it is kept as a
 * size and the position of the first false entry, which makes every operation O(1)
 * (deeply nested conditionals cost nothing extra).
 */
class ConditionStack
{
public:
    bool empty() const { return m_size == 0; }
    bool AllTrue() const { return m_first_false == NO_FALSE; }
    void Push(bool value)
    {
        if (m_first_false == NO_FALSE && !value) m_first_false = m_size;
        ++m_size;
    }
    void Pop()
    {
        assert(m_size > 0);
        --m_size;
        if (m_first_false == m_size) m_first_false = NO_FALSE;
    }
    void ToggleTop()
    {
        assert(m_size > 0);
        if (m_first_false == NO_FALSE) {
            m_first_false = m_size - 1; // all true: the top becomes the first false
        } else if (m_first_false == m_size - 1) {
            m_first_false = NO_FALSE;   // the top was the first false: now all true
        }
        // Otherwise a deeper false still dominates and the toggle is unobservable.
    }

private:
    static constexpr uint32_t NO_FALSE = std::numeric_limits<uint32_t>::max();
    uint32_t m_size = 0;
    uint32_t m_first_false = NO_FALSE;
};

/** Element `depth` from the top (1 = top). Out of range throws, which EvalScript reports as UNKNOWN_ERROR. */
StackElement& Top(Stack& stack, size_t depth) { return stack.at(stack.size() - depth); }

void PopStack(Stack& stack)
{
    if (stack.empty()) throw std::runtime_error("PopStack(): stack empty");
    stack.pop_back();
}

const StackElement FALSE_ELEMENT{};
const StackElement TRUE_ELEMENT{1};

bool IsDisabledOpcode(Opcode op)
{
    // Disabled since 2010 (CVE-2010-5137); they fail even in an unexecuted branch.
    switch (op) {
    case OP_CAT: case OP_SUBSTR: case OP_LEFT: case OP_RIGHT:
    case OP_INVERT: case OP_AND: case OP_OR: case OP_XOR:
    case OP_2MUL: case OP_2DIV: case OP_MUL: case OP_DIV: case OP_MOD:
    case OP_LSHIFT: case OP_RSHIFT:
        return true;
    default:
        return false;
    }
}

/** CHECKSIG for legacy and witness v0 scripts; `success` says whether the signature matched. */
bool EvalChecksigPreTapscript(const StackElement& sig, const StackElement& pubkey, const Script& script,
                              size_t codehash_begin, ScriptVerifyFlags flags, const SignatureChecker& checker,
                              SigVersion sigversion, ScriptError* error, bool& success)
{
    assert(sigversion == SigVersion::BASE || sigversion == SigVersion::WITNESS_V0);
    // The scriptCode starts after the last executed OP_CODESEPARATOR.
    Script script_code(script.data() + codehash_begin, script.data() + script.size());
    // Legacy scripts cannot sign their own signature, so it is cut out of the scriptCode.
    if (sigversion == SigVersion::BASE) {
        const int found = FindAndDelete(script_code, Script() << sig);
        if (found > 0 && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE)) return SetError(error, SCRIPT_ERR_SIG_FINDANDDELETE);
    }
    if (!CheckSignatureEncoding(sig, flags, error) ||
        !detail::CheckPubKeyEncoding(pubkey, flags, sigversion, error)) {
        return false;
    }
    success = checker.CheckECDSASignature(sig, pubkey, script_code, sigversion);
    if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) && !sig.empty()) return SetError(error, SCRIPT_ERR_SIG_NULLFAIL);
    return true;
}

/**
 * CHECKSIG/CHECKSIGADD in tapscript (BIP342). The order of the rules is consensus:
 * the budget is charged for any non-empty signature (even with an unknown key type),
 * an empty key fails the script, and a non-empty invalid signature fails the script.
 */
bool EvalChecksigTapscript(const StackElement& sig, const StackElement& pubkey, ScriptExecutionData& execdata,
                           ScriptVerifyFlags flags, const SignatureChecker& checker, SigVersion sigversion,
                           ScriptError* error, bool& success)
{
    assert(sigversion == SigVersion::TAPSCRIPT);
    success = !sig.empty();
    if (success) {
        assert(execdata.m_validation_weight_left_init);
        execdata.m_validation_weight_left -= VALIDATION_WEIGHT_PER_SIGOP_PASSED;
        if (execdata.m_validation_weight_left < 0) return SetError(error, SCRIPT_ERR_TAPSCRIPT_VALIDATION_WEIGHT);
    }
    if (pubkey.empty()) return SetError(error, SCRIPT_ERR_PUBKEYTYPE);
    if (pubkey.size() == 32) {
        if (success && !checker.CheckSchnorrSignature(sig, pubkey, sigversion, execdata, error)) return false;
    } else if (flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_PUBKEYTYPE) {
        // Unknown key types are reserved for soft forks: they succeed unless discouraged.
        return SetError(error, SCRIPT_ERR_DISCOURAGE_UPGRADABLE_PUBKEYTYPE);
    }
    return true;
}

bool EvalChecksig(const StackElement& sig, const StackElement& pubkey, const Script& script, size_t codehash_begin,
                  ScriptExecutionData& execdata, ScriptVerifyFlags flags, const SignatureChecker& checker,
                  SigVersion sigversion, ScriptError* error, bool& success)
{
    switch (sigversion) {
    case SigVersion::BASE:
    case SigVersion::WITNESS_V0:
        return EvalChecksigPreTapscript(sig, pubkey, script, codehash_begin, flags, checker, sigversion, error,
                                        success);
    case SigVersion::TAPSCRIPT:
        return EvalChecksigTapscript(sig, pubkey, execdata, flags, checker, sigversion, error, success);
    case SigVersion::TAPROOT:
        break; // the key path runs no script
    }
    assert(false);
    return false;
}

/** The whole of OP_CHECKMULTISIG(VERIFY) (legacy and witness v0 only). */
bool EvalCheckMultisig(Stack& stack, Opcode opcode, const Script& script, size_t codehash_begin, int& op_count,
                       ScriptVerifyFlags flags, const SignatureChecker& checker, SigVersion sigversion,
                       bool require_minimal, ScriptError* error)
{
    // Stack: [dummy] [sig ...] num_sigs [pubkey ...] num_keys; positions count from the top (1).
    int i = 1;
    if (static_cast<int>(stack.size()) < i) return SetError(error, SCRIPT_ERR_INVALID_STACK_OPERATION);

    int keys_count = ScriptNum(Top(stack, i), require_minimal).GetInt();
    if (keys_count < 0 || keys_count > MAX_PUBKEYS_PER_MULTISIG) return SetError(error, SCRIPT_ERR_PUBKEY_COUNT);
    op_count += keys_count;
    if (op_count > MAX_OPS_PER_SCRIPT) return SetError(error, SCRIPT_ERR_OP_COUNT);
    int ikey = ++i;
    // Position of the last non-signature element: with NULLFAIL, the elements above it
    // are allowed to be non-empty when the operation fails.
    int ikey2 = keys_count + 2;
    i += keys_count;
    if (static_cast<int>(stack.size()) < i) return SetError(error, SCRIPT_ERR_INVALID_STACK_OPERATION);

    int sigs_count = ScriptNum(Top(stack, i), require_minimal).GetInt();
    if (sigs_count < 0 || sigs_count > keys_count) return SetError(error, SCRIPT_ERR_SIG_COUNT);
    int isig = ++i;
    i += sigs_count;
    if (static_cast<int>(stack.size()) < i) return SetError(error, SCRIPT_ERR_INVALID_STACK_OPERATION);

    Script script_code(script.data() + codehash_begin, script.data() + script.size());
    // Every signature is removed from a legacy scriptCode before any is checked.
    for (int k = 0; k < sigs_count; ++k) {
        const StackElement& sig = Top(stack, static_cast<size_t>(isig + k));
        if (sigversion == SigVersion::BASE) {
            const int found = FindAndDelete(script_code, Script() << sig);
            if (found > 0 && (flags & SCRIPT_VERIFY_CONST_SCRIPTCODE)) {
                return SetError(error, SCRIPT_ERR_SIG_FINDANDDELETE);
            }
        }
    }

    bool success = true;
    while (success && sigs_count > 0) {
        const StackElement& sig = Top(stack, static_cast<size_t>(isig));
        const StackElement& pubkey = Top(stack, static_cast<size_t>(ikey));
        // Encoding is checked pair by pair, so which pair fails first is observable
        // through STRICTENC; the vectors pin this order.
        if (!CheckSignatureEncoding(sig, flags, error) ||
            !detail::CheckPubKeyEncoding(pubkey, flags, sigversion, error)) {
            return false;
        }
        if (checker.CheckECDSASignature(sig, pubkey, script_code, sigversion)) {
            ++isig;
            --sigs_count;
        }
        ++ikey;
        --keys_count;
        // More signatures left than keys: no way to match them all any more.
        if (sigs_count > keys_count) success = false;
    }

    // Pop the arguments (not yet the dummy).
    while (i-- > 1) {
        if (!success && (flags & SCRIPT_VERIFY_NULLFAIL) && !ikey2 && !Top(stack, 1).empty()) {
            return SetError(error, SCRIPT_ERR_SIG_NULLFAIL);
        }
        if (ikey2 > 0) --ikey2;
        PopStack(stack);
    }

    // The original implementation popped one element too many; it must exist, and
    // NULLDUMMY requires it to be empty so that it cannot be used to malleate.
    if (stack.empty()) return SetError(error, SCRIPT_ERR_INVALID_STACK_OPERATION);
    if ((flags & SCRIPT_VERIFY_NULLDUMMY) && !Top(stack, 1).empty()) return SetError(error, SCRIPT_ERR_SIG_NULLDUMMY);
    PopStack(stack);

    stack.push_back(success ? TRUE_ELEMENT : FALSE_ELEMENT);
    if (opcode == OP_CHECKMULTISIGVERIFY) {
        if (!success) return SetError(error, SCRIPT_ERR_CHECKMULTISIGVERIFY);
        PopStack(stack);
    }
    return true;
}

/** OP_1ADD .. OP_0NOTEQUAL: (in -- out). */
ScriptNum UnaryNumeric(Opcode op, ScriptNum n)
{
    switch (op) {
    case OP_1ADD: return n + 1;
    case OP_1SUB: return n - 1;
    case OP_NEGATE: return -n;
    case OP_ABS: return n < 0 ? -n : n;
    case OP_NOT: return ScriptNum(n == 0);
    case OP_0NOTEQUAL: return ScriptNum(n != 0);
    default: break;
    }
    assert(false);
    return n;
}

/** OP_ADD .. OP_MAX: (a b -- out). */
ScriptNum BinaryNumeric(Opcode op, const ScriptNum& a, const ScriptNum& b)
{
    switch (op) {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_BOOLAND: return ScriptNum(a != 0 && b != 0);
    case OP_BOOLOR: return ScriptNum(a != 0 || b != 0);
    case OP_NUMEQUAL:
    case OP_NUMEQUALVERIFY: return ScriptNum(a == b);
    case OP_NUMNOTEQUAL: return ScriptNum(a != b);
    case OP_LESSTHAN: return ScriptNum(a < b);
    case OP_GREATERTHAN: return ScriptNum(a > b);
    case OP_LESSTHANOREQUAL: return ScriptNum(a <= b);
    case OP_GREATERTHANOREQUAL: return ScriptNum(a >= b);
    case OP_MIN: return a < b ? a : b;
    case OP_MAX: return a > b ? a : b;
    default: break;
    }
    assert(false);
    return a;
}

/**
 * The interpreter proper. Everything but the opcodes that need the whole machine
 * state (conditionals, CHECKSIG family, CODESEPARATOR) is dispatched from here.
 */
class Machine
{
public:
    Machine(Stack& stack, const Script& script, ScriptVerifyFlags flags, const SignatureChecker& checker,
            SigVersion sigversion, ScriptExecutionData& execdata, ScriptError* error)
        : m_stack(stack), m_script(script), m_flags(flags), m_checker(checker), m_sigversion(sigversion),
          m_execdata(execdata), m_error(error), m_require_minimal((flags & SCRIPT_VERIFY_MINIMALDATA) != 0)
    {
    }

    bool Run();

private:
    bool Fail(ScriptError e) { return SetError(m_error, e); }
    bool NeedStack(size_t n) const { return m_stack.size() >= n; }
    bool Step(Opcode op, bool executing);
    bool StepLockTime(Opcode op);
    bool StepStackOp(Opcode op);

    Stack& m_stack;
    Stack m_altstack;
    const Script& m_script;
    const ScriptVerifyFlags m_flags;
    const SignatureChecker& m_checker;
    const SigVersion m_sigversion;
    ScriptExecutionData& m_execdata;
    ScriptError* const m_error;
    const bool m_require_minimal;

    ConditionStack m_exec;
    size_t m_pc = 0;
    size_t m_codehash_begin = 0;
    uint32_t m_opcode_pos = 0;
    int m_op_count = 0;
};

bool Machine::Run()
{
    const bool pre_tapscript = m_sigversion == SigVersion::BASE || m_sigversion == SigVersion::WITNESS_V0;
    if (pre_tapscript && m_script.size() > static_cast<size_t>(MAX_SCRIPT_SIZE)) return Fail(SCRIPT_ERR_SCRIPT_SIZE);
    m_execdata.m_codeseparator_pos = 0xFFFFFFFF;
    m_execdata.m_codeseparator_pos_init = true;

    StackElement push_value;
    for (; m_pc < m_script.size(); ++m_opcode_pos) {
        const bool executing = m_exec.AllTrue();
        Opcode op;
        if (!m_script.GetOp(m_pc, op, &push_value)) return Fail(SCRIPT_ERR_BAD_OPCODE);
        if (push_value.size() > MAX_SCRIPT_ELEMENT_SIZE) return Fail(SCRIPT_ERR_PUSH_SIZE);

        // OP_RESERVED (0x50) is <= OP_16 and so, oddly, does not count.
        if (pre_tapscript && op > OP_16 && ++m_op_count > MAX_OPS_PER_SCRIPT) return Fail(SCRIPT_ERR_OP_COUNT);
        if (IsDisabledOpcode(op)) return Fail(SCRIPT_ERR_DISABLED_OPCODE);
        // With CONST_SCRIPTCODE a legacy OP_CODESEPARATOR fails even where not executed.
        if (op == OP_CODESEPARATOR && m_sigversion == SigVersion::BASE && (m_flags & SCRIPT_VERIFY_CONST_SCRIPTCODE)) {
            return Fail(SCRIPT_ERR_OP_CODESEPARATOR);
        }

        if (executing && op <= OP_PUSHDATA4) {
            if (m_require_minimal && !CheckMinimalPush(push_value, op)) return Fail(SCRIPT_ERR_MINIMALDATA);
            m_stack.push_back(push_value);
        } else if (executing || (op >= OP_IF && op <= OP_ENDIF)) {
            if (!Step(op, executing)) return false;
        }

        if (m_stack.size() + m_altstack.size() > MAX_STACK_SIZE) return Fail(SCRIPT_ERR_STACK_SIZE);
    }
    if (!m_exec.empty()) return Fail(SCRIPT_ERR_UNBALANCED_CONDITIONAL);
    return SetSuccess(m_error);
}

bool Machine::StepLockTime(Opcode op)
{
    const bool is_cltv = op == OP_CHECKLOCKTIMEVERIFY;
    // Before their soft forks these were NOP2/NOP3 (and may still be discouraged as such).
    if (!(m_flags & (is_cltv ? SCRIPT_VERIFY_CHECKLOCKTIMEVERIFY : SCRIPT_VERIFY_CHECKSEQUENCEVERIFY))) return true;
    if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
    // 5-byte operands: nLockTime and nSequence are uint32 and 4-byte script numbers
    // stop at 2^31-1 (a year-2038 problem). The element stays on the stack.
    const ScriptNum value(Top(m_stack, 1), m_require_minimal, 5);
    // "0 MAX" before the opcode turns a possibly negative computed value into a valid one.
    if (value < 0) return Fail(SCRIPT_ERR_NEGATIVE_LOCKTIME);
    if (is_cltv) {
        if (!m_checker.CheckLockTime(value)) return Fail(SCRIPT_ERR_UNSATISFIED_LOCKTIME);
    } else {
        // With the disable flag set in the operand, CSV is a NOP (room for soft forks).
        if ((value & SEQUENCE_LOCKTIME_DISABLE_FLAG) != 0) return true;
        if (!m_checker.CheckSequence(value)) return Fail(SCRIPT_ERR_UNSATISFIED_LOCKTIME);
    }
    return true;
}

bool Machine::Step(Opcode op, bool executing)
{
    Stack& stack = m_stack;
    switch (op) {
    case OP_1NEGATE:
    case OP_1: case OP_2: case OP_3: case OP_4: case OP_5: case OP_6: case OP_7: case OP_8:
    case OP_9: case OP_10: case OP_11: case OP_12: case OP_13: case OP_14: case OP_15: case OP_16:
        stack.push_back(ScriptNum::Serialize(static_cast<int>(op) - static_cast<int>(OP_1 - 1)));
        return true;

    case OP_NOP:
        return true;

    case OP_CHECKLOCKTIMEVERIFY:
    case OP_CHECKSEQUENCEVERIFY:
        return StepLockTime(op);

    case OP_NOP1: case OP_NOP4: case OP_NOP5: case OP_NOP6: case OP_NOP7: case OP_NOP8: case OP_NOP9: case OP_NOP10:
        if (m_flags & SCRIPT_VERIFY_DISCOURAGE_UPGRADABLE_NOPS) return Fail(SCRIPT_ERR_DISCOURAGE_UPGRADABLE_NOPS);
        return true;

    case OP_IF:
    case OP_NOTIF: {
        bool value = false;
        if (executing) {
            if (!NeedStack(1)) return Fail(SCRIPT_ERR_UNBALANCED_CONDITIONAL);
            const StackElement& top = Top(stack, 1);
            // Tapscript: the argument must be exactly empty or 0x01 (consensus).
            if (m_sigversion == SigVersion::TAPSCRIPT && (top.size() > 1 || (top.size() == 1 && top[0] != 1))) {
                return Fail(SCRIPT_ERR_TAPSCRIPT_MINIMALIF);
            }
            // Witness v0: the same rule, as policy.
            if (m_sigversion == SigVersion::WITNESS_V0 && (m_flags & SCRIPT_VERIFY_MINIMALIF)) {
                if (top.size() > 1 || (top.size() == 1 && top[0] != 1)) return Fail(SCRIPT_ERR_MINIMALIF);
            }
            value = CastToBool(top);
            if (op == OP_NOTIF) value = !value;
            PopStack(stack);
        }
        m_exec.Push(value);
        return true;
    }
    case OP_ELSE:
        if (m_exec.empty()) return Fail(SCRIPT_ERR_UNBALANCED_CONDITIONAL);
        m_exec.ToggleTop();
        return true;
    case OP_ENDIF:
        if (m_exec.empty()) return Fail(SCRIPT_ERR_UNBALANCED_CONDITIONAL);
        m_exec.Pop();
        return true;

    case OP_VERIFY:
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        if (!CastToBool(Top(stack, 1))) return Fail(SCRIPT_ERR_VERIFY);
        PopStack(stack);
        return true;

    case OP_RETURN:
        return Fail(SCRIPT_ERR_OP_RETURN);

    case OP_EQUAL:
    case OP_EQUALVERIFY: {
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        const bool equal = Top(stack, 2) == Top(stack, 1);
        PopStack(stack);
        PopStack(stack);
        stack.push_back(equal ? TRUE_ELEMENT : FALSE_ELEMENT);
        if (op == OP_EQUALVERIFY) {
            if (!equal) return Fail(SCRIPT_ERR_EQUALVERIFY);
            PopStack(stack);
        }
        return true;
    }

    case OP_1ADD: case OP_1SUB: case OP_NEGATE: case OP_ABS: case OP_NOT: case OP_0NOTEQUAL: {
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        const ScriptNum result = UnaryNumeric(op, ScriptNum(Top(stack, 1), m_require_minimal));
        PopStack(stack);
        stack.push_back(result.GetBytes());
        return true;
    }

    case OP_ADD: case OP_SUB: case OP_BOOLAND: case OP_BOOLOR: case OP_NUMEQUAL: case OP_NUMEQUALVERIFY:
    case OP_NUMNOTEQUAL: case OP_LESSTHAN: case OP_GREATERTHAN: case OP_LESSTHANOREQUAL:
    case OP_GREATERTHANOREQUAL: case OP_MIN: case OP_MAX: {
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        const ScriptNum a(Top(stack, 2), m_require_minimal);
        const ScriptNum b(Top(stack, 1), m_require_minimal);
        const ScriptNum result = BinaryNumeric(op, a, b);
        PopStack(stack);
        PopStack(stack);
        stack.push_back(result.GetBytes());
        if (op == OP_NUMEQUALVERIFY) {
            if (!CastToBool(Top(stack, 1))) return Fail(SCRIPT_ERR_NUMEQUALVERIFY);
            PopStack(stack);
        }
        return true;
    }

    case OP_WITHIN: {
        // (x min max -- min <= x < max)
        if (!NeedStack(3)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        const ScriptNum x(Top(stack, 3), m_require_minimal);
        const ScriptNum lo(Top(stack, 2), m_require_minimal);
        const ScriptNum hi(Top(stack, 1), m_require_minimal);
        const bool within = lo <= x && x < hi;
        PopStack(stack);
        PopStack(stack);
        PopStack(stack);
        stack.push_back(within ? TRUE_ELEMENT : FALSE_ELEMENT);
        return true;
    }

    case OP_RIPEMD160: case OP_SHA1: case OP_SHA256: case OP_HASH160: case OP_HASH256: {
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement digest = detail::HashForOpcode(op, Top(stack, 1));
        PopStack(stack);
        stack.push_back(std::move(digest));
        return true;
    }

    case OP_CODESEPARATOR:
        // Signatures after this point commit only to the script after it.
        m_codehash_begin = m_pc;
        m_execdata.m_codeseparator_pos = m_opcode_pos;
        return true;

    case OP_CHECKSIG:
    case OP_CHECKSIGVERIFY: {
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        bool success = true;
        if (!EvalChecksig(Top(stack, 2), Top(stack, 1), m_script, m_codehash_begin, m_execdata, m_flags, m_checker,
                          m_sigversion, m_error, success)) {
            return false;
        }
        PopStack(stack);
        PopStack(stack);
        stack.push_back(success ? TRUE_ELEMENT : FALSE_ELEMENT);
        if (op == OP_CHECKSIGVERIFY) {
            if (!success) return Fail(SCRIPT_ERR_CHECKSIGVERIFY);
            PopStack(stack);
        }
        return true;
    }

    case OP_CHECKSIGADD: {
        // (sig n pubkey -- n + success); tapscript only.
        if (m_sigversion == SigVersion::BASE || m_sigversion == SigVersion::WITNESS_V0) {
            return Fail(SCRIPT_ERR_BAD_OPCODE);
        }
        if (!NeedStack(3)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        const ScriptNum n(Top(stack, 2), m_require_minimal);
        bool success = true;
        if (!EvalChecksig(Top(stack, 3), Top(stack, 1), m_script, m_codehash_begin, m_execdata, m_flags, m_checker,
                          m_sigversion, m_error, success)) {
            return false;
        }
        PopStack(stack);
        PopStack(stack);
        PopStack(stack);
        stack.push_back((n + (success ? 1 : 0)).GetBytes());
        return true;
    }

    case OP_CHECKMULTISIG:
    case OP_CHECKMULTISIGVERIFY:
        if (m_sigversion == SigVersion::TAPSCRIPT) return Fail(SCRIPT_ERR_TAPSCRIPT_CHECKMULTISIG);
        return EvalCheckMultisig(stack, op, m_script, m_codehash_begin, m_op_count, m_flags, m_checker, m_sigversion,
                                 m_require_minimal, m_error);

    default:
        return StepStackOp(op);
    }
}

bool Machine::StepStackOp(Opcode op)
{
    Stack& stack = m_stack;
    switch (op) {
    case OP_TOALTSTACK:
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        m_altstack.push_back(Top(stack, 1));
        PopStack(stack);
        return true;
    case OP_FROMALTSTACK:
        if (m_altstack.empty()) return Fail(SCRIPT_ERR_INVALID_ALTSTACK_OPERATION);
        stack.push_back(Top(m_altstack, 1));
        PopStack(m_altstack);
        return true;
    case OP_2DROP:
        // (x1 x2 -- )
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        PopStack(stack);
        PopStack(stack);
        return true;
    case OP_2DUP: {
        // (x1 x2 -- x1 x2 x1 x2)
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement a = Top(stack, 2);
        StackElement b = Top(stack, 1);
        stack.push_back(std::move(a));
        stack.push_back(std::move(b));
        return true;
    }
    case OP_3DUP: {
        // (x1 x2 x3 -- x1 x2 x3 x1 x2 x3)
        if (!NeedStack(3)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement a = Top(stack, 3);
        StackElement b = Top(stack, 2);
        StackElement c = Top(stack, 1);
        stack.push_back(std::move(a));
        stack.push_back(std::move(b));
        stack.push_back(std::move(c));
        return true;
    }
    case OP_2OVER: {
        // (x1 x2 x3 x4 -- x1 x2 x3 x4 x1 x2)
        if (!NeedStack(4)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement a = Top(stack, 4);
        StackElement b = Top(stack, 3);
        stack.push_back(std::move(a));
        stack.push_back(std::move(b));
        return true;
    }
    case OP_2ROT: {
        // (x1 x2 x3 x4 x5 x6 -- x3 x4 x5 x6 x1 x2)
        if (!NeedStack(6)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement a = Top(stack, 6);
        StackElement b = Top(stack, 5);
        stack.erase(stack.end() - 6, stack.end() - 4);
        stack.push_back(std::move(a));
        stack.push_back(std::move(b));
        return true;
    }
    case OP_2SWAP:
        // (x1 x2 x3 x4 -- x3 x4 x1 x2)
        if (!NeedStack(4)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        std::swap(Top(stack, 4), Top(stack, 2));
        std::swap(Top(stack, 3), Top(stack, 1));
        return true;
    case OP_IFDUP: {
        // (x -- 0 | x x)
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        if (CastToBool(Top(stack, 1))) {
            StackElement copy = Top(stack, 1);
            stack.push_back(std::move(copy));
        }
        return true;
    }
    case OP_DEPTH:
        stack.push_back(ScriptNum::Serialize(static_cast<int64_t>(stack.size())));
        return true;
    case OP_DROP:
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        PopStack(stack);
        return true;
    case OP_DUP: {
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement copy = Top(stack, 1);
        stack.push_back(std::move(copy));
        return true;
    }
    case OP_NIP:
        // (x1 x2 -- x2)
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        stack.erase(stack.end() - 2);
        return true;
    case OP_OVER: {
        // (x1 x2 -- x1 x2 x1)
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement copy = Top(stack, 2);
        stack.push_back(std::move(copy));
        return true;
    }
    case OP_PICK:
    case OP_ROLL: {
        // (xn ... x0 n -- xn ... x0 xn) and (xn ... x0 n -- ... x0 xn)
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        const int n = ScriptNum(Top(stack, 1), m_require_minimal).GetInt();
        PopStack(stack);
        if (n < 0 || n >= static_cast<int>(stack.size())) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement picked = Top(stack, static_cast<size_t>(n) + 1);
        if (op == OP_ROLL) stack.erase(stack.end() - n - 1);
        stack.push_back(std::move(picked));
        return true;
    }
    case OP_ROT:
        // (x1 x2 x3 -- x2 x3 x1)
        if (!NeedStack(3)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        std::swap(Top(stack, 3), Top(stack, 2));
        std::swap(Top(stack, 2), Top(stack, 1));
        return true;
    case OP_SWAP:
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        std::swap(Top(stack, 2), Top(stack, 1));
        return true;
    case OP_TUCK: {
        // (x1 x2 -- x2 x1 x2)
        if (!NeedStack(2)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        StackElement copy = Top(stack, 1);
        stack.insert(stack.end() - 2, std::move(copy));
        return true;
    }
    case OP_SIZE:
        // (in -- in size)
        if (!NeedStack(1)) return Fail(SCRIPT_ERR_INVALID_STACK_OPERATION);
        stack.push_back(ScriptNum::Serialize(static_cast<int64_t>(Top(stack, 1).size())));
        return true;
    default:
        // OP_RESERVED, OP_VER, OP_VERIF, OP_VERNOTIF, OP_RESERVED1/2, undefined opcodes.
        return Fail(SCRIPT_ERR_BAD_OPCODE);
    }
}

} // namespace

bool EvalScript(Stack& stack, const Script& script, ScriptVerifyFlags flags, const SignatureChecker& checker,
                SigVersion sigversion, ScriptExecutionData& execdata, ScriptError* error)
{
    assert(sigversion == SigVersion::BASE || sigversion == SigVersion::WITNESS_V0 ||
           sigversion == SigVersion::TAPSCRIPT);
    SetError(error, SCRIPT_ERR_UNKNOWN_ERROR);
    try {
        return Machine(stack, script, flags, checker, sigversion, execdata, error).Run();
    } catch (...) {
        // Oversized or non-minimal numbers (ScriptNumError) and impossible stack accesses.
        return SetError(error, SCRIPT_ERR_UNKNOWN_ERROR);
    }
}

bool EvalScript(Stack& stack, const Script& script, ScriptVerifyFlags flags, const SignatureChecker& checker,
                SigVersion sigversion, ScriptError* error)
{
    ScriptExecutionData execdata;
    return EvalScript(stack, script, flags, checker, sigversion, execdata, error);
}

} // namespace script
