package io.bpfx.dsl;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code add_option{ "-p", "--pid", type = "int", help = "...", default = 0 }}: declares a
 * command-line option of the script (a positional when named without dashes: {@code add_option{
 * "interval", type = "int" }}). {@code bpfx run SCRIPT --help} lists them, {@code get_config(name)}
 * reads them. Declare options before the first {@code get_config}: that call reads the command line.
 */
final class AddOptionFunction extends DslFunction {

    AddOptionFunction(DslRuntime runtime) {
        super(runtime, "add_option", Scope.DESCRIPTION);
    }

    @Override
    Varargs call(Args args) {
        args.atMost(1);
        LuaTable t = args.table(1, "describing the option");
        String shortName = null, longName = null, positional = null;
        for (int i = 1; i <= t.length(); i++) {
            LuaValue v = t.get(i);
            if (v.type() != LuaValue.TSTRING) throw args.error("names must be strings, got " + v.typename());
            String n = v.tojstring();
            if (n.matches("--[a-z][a-z0-9-]*")) longName = set(args, longName, n);
            else if (n.matches("-[A-Za-z0-9]")) shortName = set(args, shortName, n);
            else if (n.matches("[a-z][a-z0-9_]*")) positional = set(args, positional, n);
            else throw args.error("bad option name \"" + n + "\" (expected -x, --name, or a positional's name)");
        }
        if (shortName == null && longName == null && positional == null) {
            throw args.error("expects a name, e.g. add_option{ \"-p\", \"--pid\", type = \"int\", help = \"...\" }");
        }
        if (positional != null && (shortName != null || longName != null)) {
            throw args.error("a positional (" + positional + ") has no dashed names");
        }
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            if (k.isint()) continue;
            String key = k.tojstring();
            if (!key.equals("type") && !key.equals("help") && !key.equals("default")) {
                throw args.error("unknown field " + key + " (fields: type, help, default)");
            }
        }
        String typeName = t.get("type").isnil() ? (positional != null ? "string" : "flag") : t.get("type").tojstring();
        ScriptOption.Type type = ScriptOption.Type.fromLuaName(typeName);
        if (type == null) throw args.error("unknown type \"" + typeName + "\" (expected flag, int or string)");
        LuaValue help = t.get("help");
        if (help.type() != LuaValue.TSTRING) throw args.error("help = \"...\" is required (a string)");
        Object def = t.get("default").isnil() ? null : LuaConversions.toJava(t.get("default"));
        ScriptOption o = new ScriptOption(shortName, longName, positional, type, help.tojstring(), def,
                runtime.callerLocation());
        for (ScriptOption e : runtime.model().options()) {
            boolean clash = e.name().equals(o.name()) || (shortName != null && shortName.equals(e.shortName()));
            if (clash) throw args.error(o.usage() + " is already declared (" + e.location() + ")");
        }
        runtime.addOption(o, functionName());
        return NONE;
    }

    private static String set(Args args, String existing, String name) {
        if (existing != null) throw args.error("two names of one kind: " + existing + " and " + name);
        return name;
    }
}
