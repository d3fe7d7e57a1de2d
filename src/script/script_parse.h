// ParseScript: the human-writable script notation of Bitcoin Core's test vectors and
// of `bitnode-util` (Core's ParseScript in core_read.cpp, same rules and messages).
//
// Words are separated by spaces, tabs or newlines:
//   - a decimal number in [-0xFFFFFFFF, 0xFFFFFFFF] is pushed as a script number
//     (-1, 0, 1..16 become OP_1NEGATE, OP_0, OP_1..OP_16);
//   - 0x<hex> is spliced in as raw bytes, not pushed ("0x4c 0x01 0x07" writes a push);
//   - 'text' (no spaces inside) is pushed as data;
//   - anything else is an opcode name, with or without "OP_" (ADD, OP_ADD). As in
//     Core, OP_0..OP_16 and the PUSHDATA opcodes have no names here, and neither has
//     OP_CHECKSIGADD (write 0xba).
// Pure and thread-safe.
#ifndef BITNODE_SCRIPT_SCRIPT_PARSE_H
#define BITNODE_SCRIPT_SCRIPT_PARSE_H

#include <script/script.h>
#include <util/result.h>

#include <string_view>

namespace script {

/** The script, or Core's error text ("script parse error: unknown opcode", ...). */
util::Result<Script> ParseScript(std::string_view text);

} // namespace script

#endif // BITNODE_SCRIPT_SCRIPT_PARSE_H
