// bitnoded's flags for the web layers (-rest, -api, -apikey-*, -apikeyfile, -apiopenread,
// -apiratelimit, -apiratelimitburst, -corsorigin, -metrics, -health, -apievents) and
// their translation into rest::RestOptions. doc/api-v1.md lists them.
//
// Thread safety: pure functions (RestOptionsFromArgs reads the key file).
#ifndef BITNODE_APP_REST_ARGS_H
#define BITNODE_APP_REST_ARGS_H

#include <app/args.h>
#include <rest/rest.h>
#include <util/result.h>

#include <filesystem>

namespace app {

/** Register the web API flags except -rest (node_args registers it with the RPC flags). */
void AddRestArgs(ArgsSpec& spec);

/** The options; relative -apikeyfile paths are taken from `net_datadir`. Errors never print keys. */
util::Result<rest::RestOptions> RestOptionsFromArgs(const Args& args, const std::filesystem::path& net_datadir);

} // namespace app

#endif // BITNODE_APP_REST_ARGS_H
