// Script to text: Core's "asm" (decodescript, decoderawtransaction, getrawtransaction)
// and the short form that ParseScript reads back.
//
// ScriptToAsmStr: pushes of up to 4 bytes print as decimal script numbers, longer
// pushes as hex, opcodes by name ("OP_DUP", and "0", "1".."16", "-1" for the small
// integer opcodes); a truncated push prints "[error]" and stops. With
// attempt_sighash_decode (for scriptSigs), a push that is a strictly encoded
// signature with a defined hash type prints as hex of the DER part followed by
// "[ALL]", "[NONE|ANYONECANPAY]", etc., unless the script is unspendable.
// Pure and thread-safe.
#ifndef BITNODE_SCRIPT_ASM_H
#define BITNODE_SCRIPT_ASM_H

#include <script/script.h>

#include <cstdint>
#include <string>

namespace script {

std::string ScriptToAsmStr(const Script& script, bool attempt_sighash_decode = false);

/** Core's FormatScript: numbers and NOP-family names bare, everything else as 0x hex; ParseScript reads it back. */
std::string FormatScript(const Script& script);

/** "ALL", "ALL|ANYONECANPAY", "NONE", ..., or "" for an undefined hash type byte. */
std::string SighashToStr(uint8_t sighash_type);

} // namespace script

#endif // BITNODE_SCRIPT_ASM_H
