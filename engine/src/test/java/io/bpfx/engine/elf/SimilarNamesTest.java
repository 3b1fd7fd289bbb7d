package io.bpfx.engine.elf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SimilarNamesTest {

    @Test
    void ranksByEditDistanceAndKeepsPrefixes() {
        List<String> names = List.of("lua_pcall", "lua_pcallk", "lua_call", "luaL_error", "malloc", "lua_pcall_extended_name");
        assertEquals(List.of("lua_pcall", "lua_pcallk", "lua_call"), SimilarNames.suggest("lua_pcallx", names, 5));
        // a longer name the query is a prefix of counts however far it is
        assertEquals(List.of("lua_call", "lua_pcallk", "lua_pcall_extended_name"),
                SimilarNames.suggest("lua_pcall", names, 5));
        assertEquals(List.of("lua_pcall"), SimilarNames.suggest("lua_pcallx", names, 1));
        assertEquals(List.of(), SimilarNames.suggest("zzqqxxyyww", names, 5));
        assertEquals(List.of("malloc"), SimilarNames.suggest("mallco", names, 5));
    }

    @Test
    void editDistanceStopsPastTheLimit() {
        assertEquals(1, SimilarNames.editDistance("malloc", "malloc2", 3));
        assertEquals(2, SimilarNames.editDistance("malloc", "mallco", 3));
        assertEquals(3, SimilarNames.editDistance("abc", "xyz", 5));
        assertEquals(3, SimilarNames.editDistance("abcdef", "uvwxyz", 2), "limit 2 reports limit + 1");
    }
}
