package io.bpfx.dsl;

import static org.luaj.vm2.Lua.GETARG_A;
import static org.luaj.vm2.Lua.GETARG_B;
import static org.luaj.vm2.Lua.GETARG_Bx;
import static org.luaj.vm2.Lua.GETARG_C;
import static org.luaj.vm2.Lua.GETARG_sBx;
import static org.luaj.vm2.Lua.GET_OPCODE;
import static org.luaj.vm2.Lua.INDEXK;
import static org.luaj.vm2.Lua.ISK;
import static org.luaj.vm2.Lua.OP_CALL;
import static org.luaj.vm2.Lua.OP_EQ;
import static org.luaj.vm2.Lua.OP_EXTRAARG;
import static org.luaj.vm2.Lua.OP_GETTABLE;
import static org.luaj.vm2.Lua.OP_GETTABUP;
import static org.luaj.vm2.Lua.OP_GETUPVAL;
import static org.luaj.vm2.Lua.OP_JMP;
import static org.luaj.vm2.Lua.OP_LE;
import static org.luaj.vm2.Lua.OP_LOADK;
import static org.luaj.vm2.Lua.OP_LOADNIL;
import static org.luaj.vm2.Lua.OP_LT;
import static org.luaj.vm2.Lua.OP_MOVE;
import static org.luaj.vm2.Lua.OP_RETURN;
import static org.luaj.vm2.Lua.OP_SELF;
import static org.luaj.vm2.Lua.OP_SETLIST;
import static org.luaj.vm2.Lua.OP_SETTABLE;
import static org.luaj.vm2.Lua.OP_SETTABUP;
import static org.luaj.vm2.Lua.OP_SETUPVAL;
import static org.luaj.vm2.Lua.OP_TAILCALL;
import static org.luaj.vm2.Lua.OP_TEST;
import static org.luaj.vm2.Lua.OP_TFORCALL;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;

/**
 * Names the function a failed call tried to call. LuaJ 3.0.1 only says "attempt to call nil"
 * and its own naming (DebugLib.getobjname) is not public, so this redoes Lua 5.2's symbolic
 * execution (ldebug.c: findsetreg/getobjname) on the compiled chunk, for the call instructions
 * on the failing line. A global that is nil there is an "unknown function".
 */
final class CallSiteNames {

    /** What the called register held: {@code kind} is global, local, field, method, upvalue or constant. */
    record CallSite(int pc, String kind, String name) {
    }

    private final List<Prototype> chunks = new ArrayList<>();

    void addChunk(Prototype main) {
        chunks.add(main);
    }

    /**
     * Replacement for "attempt to call nil" at {@code where}: {@code unknown function foo()} when
     * the callee is a global that is nil in {@code globals}, Lua 5.2 wording for other named
     * callees when the line has only one call, else "attempt to call a nil value".
     */
    String explainNilCall(SourceLocation where, LuaTable globals) {
        List<CallSite> sites = new ArrayList<>();
        for (Prototype chunk : chunks) {
            collect(chunk, where, sites);
        }
        sites.sort((a, b) -> Integer.compare(a.pc(), b.pc()));
        // Lua evaluates inner calls first, and they come first in the code: the lowest pc whose
        // global is nil is the one that failed.
        for (CallSite site : sites) {
            if ("global".equals(site.kind()) && globals.rawget(site.name()).isnil()) {
                return "unknown function " + site.name() + "()";
            }
        }
        if (sites.size() == 1 && sites.get(0).name() != null && !"global".equals(sites.get(0).kind())) {
            return "attempt to call " + sites.get(0).kind() + " '" + sites.get(0).name() + "' (a nil value)";
        }
        return "attempt to call a nil value";
    }

    private static void collect(Prototype p, SourceLocation where, List<CallSite> into) {
        if (p.source != null && sourceName(p.source).equals(where.file()) && p.lineinfo != null) {
            for (int pc = 0; pc < p.code.length && pc < p.lineinfo.length; pc++) {
                int op = GET_OPCODE(p.code[pc]);
                if ((op == OP_CALL || op == OP_TAILCALL) && p.lineinfo[pc] == where.line()) {
                    String[] named = objectName(p, pc, GETARG_A(p.code[pc]));
                    into.add(new CallSite(pc, named == null ? null : named[0], named == null ? null : named[1]));
                }
            }
        }
        if (p.p != null) {
            for (Prototype inner : p.p) {
                collect(inner, where, into);
            }
        }
    }

    static String sourceName(LuaString source) {
        String s = source.tojstring();
        return s.startsWith("@") || s.startsWith("=") ? s.substring(1) : s;
    }

    /** ldebug.c getobjname: {kind, name} of register {@code reg} just before {@code lastpc}, or null. */
    private static String[] objectName(Prototype p, int lastpc, int reg) {
        LuaString local = p.getlocalname(reg + 1, lastpc);
        if (local != null) {
            return new String[] {"local", local.tojstring()};
        }
        int pc = findSetReg(p, lastpc, reg);
        if (pc == -1) {
            return null;
        }
        int i = p.code[pc];
        switch (GET_OPCODE(i)) {
            case OP_MOVE: {
                int b = GETARG_B(i);
                return b < GETARG_A(i) ? objectName(p, pc, b) : null;
            }
            case OP_GETTABUP:
            case OP_GETTABLE: {
                int t = GETARG_B(i);
                LuaString table = GET_OPCODE(i) == OP_GETTABLE ? p.getlocalname(t + 1, pc) : upvalueName(p, t);
                String key = constantName(p, pc, GETARG_C(i));
                boolean global = table != null && "_ENV".equals(table.tojstring());
                return new String[] {global ? "global" : "field", key};
            }
            case OP_GETUPVAL: {
                LuaString name = upvalueName(p, GETARG_B(i));
                return new String[] {"upvalue", name == null ? "?" : name.tojstring()};
            }
            case OP_LOADK: {
                LuaValue k = p.k[GETARG_Bx(i)];
                return k.type() == LuaValue.TSTRING ? new String[] {"constant", k.tojstring()} : null;
            }
            case OP_SELF:
                return new String[] {"method", constantName(p, pc, GETARG_C(i))};
            default:
                return null;
        }
    }

    private static String constantName(Prototype p, int pc, int c) {
        if (ISK(c)) {
            LuaValue k = p.k[INDEXK(c)];
            return k.type() == LuaValue.TSTRING ? k.tojstring() : "?";
        }
        String[] named = objectName(p, pc, c);
        return named != null && "constant".equals(named[0]) ? named[1] : "?";
    }

    private static LuaString upvalueName(Prototype p, int index) {
        return p.upvalues != null && index < p.upvalues.length ? p.upvalues[index].name : null;
    }

    /** ldebug.c findsetreg: the last instruction before {@code lastpc} that set {@code reg}, or -1. */
    private static int findSetReg(Prototype p, int lastpc, int reg) {
        int setreg = -1;
        int jmptarget = 0; // code before this address is conditional
        for (int pc = 0; pc < lastpc; pc++) {
            int i = p.code[pc];
            int op = GET_OPCODE(i);
            int a = GETARG_A(i);
            switch (op) {
                case OP_LOADNIL:
                    if (a <= reg && reg <= a + GETARG_B(i)) {
                        setreg = pc < jmptarget ? -1 : pc;
                    }
                    break;
                case OP_TFORCALL:
                    if (reg >= a + 2) {
                        setreg = pc < jmptarget ? -1 : pc;
                    }
                    break;
                case OP_CALL:
                case OP_TAILCALL:
                    if (reg >= a) {
                        setreg = pc < jmptarget ? -1 : pc;
                    }
                    break;
                case OP_JMP: {
                    int dest = pc + 1 + GETARG_sBx(i);
                    if (pc < dest && dest <= lastpc && dest > jmptarget) {
                        jmptarget = dest;
                    }
                    break;
                }
                case OP_TEST:
                    if (reg == a) {
                        setreg = pc < jmptarget ? -1 : pc;
                    }
                    break;
                default:
                    if (setsRegisterA(op) && reg == a) {
                        setreg = pc < jmptarget ? -1 : pc;
                    }
                    break;
            }
        }
        return setreg;
    }

    /** lopcodes.c testAMode for the opcodes not handled above. */
    private static boolean setsRegisterA(int op) {
        return switch (op) {
            case OP_SETTABUP, OP_SETUPVAL, OP_SETTABLE, OP_EQ, OP_LT, OP_LE, OP_RETURN, OP_SETLIST, OP_EXTRAARG -> false;
            default -> true;
        };
    }
}
