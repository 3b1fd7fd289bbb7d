/* luahost N: a Lua interpreter embedding the shared libluajit, runs a chunk
 * through lua_pcall N times (Debian's /usr/bin/luajit and lua5.4 link Lua
 * statically, so a uprobe on the shared library never sees them). */
#include <luajit-2.1/lua.h>
#include <luajit-2.1/lauxlib.h>
#include <luajit-2.1/lualib.h>
#include "wait_go.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	wait_go();
	for (long i = 0; i < n; i++) {
		if (luaL_loadstring(L, "local x = 1 + 1 return x") || lua_pcall(L, 0, 1, 0)) {
			fprintf(stderr, "lua error: %s\n", lua_tostring(L, -1));
			return 1;
		}
		lua_pop(L, 1);
	}
	lua_close(L);
	say_done(n);
	return 0;
}
