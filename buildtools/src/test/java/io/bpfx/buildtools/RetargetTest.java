package io.bpfx.buildtools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-targets the real LuaJ and picocli jars and runs code from them under the JVM's verifier. */
class RetargetTest {
    @TempDir
    Path dir;

    private Path copyOf(Class<?> fromJar) throws Exception {
        Path src = Path.of(fromJar.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve(src.getFileName());
        Files.copy(src, jar);
        return jar;
    }

    private static int version(Path jar, String entry) throws IOException {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return Retarget.majorVersion(z.getInputStream(z.getEntry(entry)).readAllBytes());
        }
    }

    @Test
    void luajRunsVerifiedAfterRetargeting() throws Exception {
        Path jar = copyOf(org.luaj.vm2.LuaValue.class);
        assertEquals(47, version(jar, "org/luaj/vm2/LuaValue.class"));
        Retarget.Result r = Retarget.retargetJar(jar);
        assertTrue(r.rewritten() > 300, "rewritten " + r.rewritten());
        assertEquals(52, version(jar, "org/luaj/vm2/LuaValue.class"));
        assertEquals(52, version(jar, "org/luaj/vm2/lib/jse/JsePlatform.class"));
        // a fresh loader: the split verifier checks every re-targeted method against its frames
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> platform = cl.loadClass("org.luaj.vm2.lib.jse.JsePlatform");
            assertEquals(cl, platform.getClassLoader()); // from the rewritten jar, not the test class path
            Object globals = platform.getMethod("standardGlobals").invoke(null);
            Object chunk = globals.getClass().getMethod("load", String.class).invoke(globals, String.join("\n",
                    "local t = {}",
                    "for i = 1, 100 do t[#t + 1] = string.format('%d:%s', i, tostring(i * 1.5)) end",
                    "table.sort(t)",
                    "local ok, err = pcall(function() error('boom') end)",
                    "local s = 0 for k, v in pairs({a = 1, b = 2}) do s = s + v end",
                    "return #t .. ' ' .. t[1] .. ' ' .. tostring(ok) .. ' ' .. s .. ' ' .. string.rep('x', 3)"));
            Object result = chunk.getClass().getMethod("call").invoke(chunk);
            assertEquals("100 100:150 false 3 xxx", result.toString());
        }
    }

    @Test
    void picocliParsesAfterRetargeting() throws Exception {
        Path jar = copyOf(picocli.CommandLine.class);
        Retarget.retargetJar(jar);
        assertEquals(52, version(jar, "picocli/CommandLine.class"));
        try (URLClassLoader cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> spec = cl.loadClass("picocli.CommandLine$Model$CommandSpec");
            Object s = spec.getMethod("create").invoke(null);
            Class<?> optionSpec = cl.loadClass("picocli.CommandLine$Model$OptionSpec");
            Object builder = optionSpec.getMethod("builder", String.class, String[].class)
                    .invoke(null, "--duration", new String[0]);
            var type = builder.getClass().getMethod("type", Class.class);
            type.setAccessible(true); // declared on a package-private super class
            type.invoke(builder, double.class);
            Object option = builder.getClass().getMethod("build").invoke(builder);
            spec.getMethod("addOption", optionSpec).invoke(s, option);
            Class<?> cmd = cl.loadClass("picocli.CommandLine");
            Object cl2 = cmd.getConstructor(Object.class).newInstance(s);
            Object parsed = cmd.getMethod("parseArgs", String[].class).invoke(cl2, (Object) new String[] {"--duration", "2.5"});
            Object value = parsed.getClass().getMethod("matchedOptionValue", String.class, Object.class)
                    .invoke(parsed, "--duration", 0.0);
            assertEquals(2.5, value);
        }
    }
}
