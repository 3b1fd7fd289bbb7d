package io.bpfx.dsl;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseIoLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;

/**
 * The standard Lua libraries a script sees: JsePlatform.standardGlobals() without luajava
 * (scripts have no business reaching into the JVM) and without the debug library (bpfx uses
 * it privately while the description scope runs, see {@link DslRuntime}). io writes to the
 * configured streams; {@code require} also looks next to the script.
 */
final class DslGlobals {

    private DslGlobals() {
    }

    static Globals create(RunOptions options, java.nio.file.Path scriptDir) {
        Globals globals = new Globals();
        globals.STDOUT = options.out();
        globals.STDERR = options.err();
        globals.load(new JseBaseLib());
        globals.load(new PackageLib());
        globals.load(new Bit32Lib());
        globals.load(new TableLib());
        globals.load(new StringLib());
        globals.load(new CoroutineLib());
        globals.load(new JseMathLib());
        globals.load(new JseIoLib());
        globals.load(new JseOsLib());
        LoadState.install(globals);
        LuaC.install(globals);
        LuaValue pkg = globals.get("package");
        pkg.set("path", LuaValue.valueOf(scriptDir.resolve("?.lua") + ";" + pkg.get("path").tojstring()));
        return globals;
    }
}
