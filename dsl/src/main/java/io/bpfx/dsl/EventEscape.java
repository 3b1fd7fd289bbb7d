package io.bpfx.dsl;

import org.luaj.vm2.Lua;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Upvaldesc;

/**
 * Whether an {@code on_event} callback can keep its event table past the call, read off its
 * compiled Lua 5.2 bytecode. The event is the callback's first parameter, register 0. If the
 * only thing the function ever does with register 0 is index it ({@code e.pid}: GETTABLE with
 * register 0 as the table), no reference to the table can outlive the call: it is never copied
 * to another register, stored, passed, returned, captured by a closure, compared or used as a
 * key. Scripts cannot reach it otherwise (the debug library is not theirs). Then one table per
 * handler can be reused for every record. Anything else, or a function that is not a Lua
 * closure, gets a fresh table per record, as always.
 */
final class EventEscape {
    private EventEscape() {
    }

    /** True when {@code fn} provably cannot keep its first argument (see the class comment). */
    static boolean cannotKeep(LuaFunction fn) {
        if (!(fn instanceof LuaClosure closure)) return false;
        Prototype p = closure.p;
        if (p.is_vararg != 0) return false; // `...` reaches the event without register 0
        if (p.numparams == 0) return true;  // function() ... end: never sees it
        for (int i : p.code) {
            if (readsEvent(i)) return false;
        }
        if (p.p != null) {
            for (Prototype inner : p.p) {
                for (Upvaldesc u : inner.upvalues) {
                    if (u.instack && u.idx == 0) return false; // a closure captures `e`
                }
            }
        }
        return true;
    }

    /** Whether instruction {@code i} uses register 0 for anything but the table of a GETTABLE. */
    private static boolean readsEvent(int i) {
        int a = Lua.GETARG_A(i), b = Lua.GETARG_B(i), c = Lua.GETARG_C(i);
        // an RK operand names register 0 only as 0 itself (constants have the BITRK bit)
        return switch (Lua.GET_OPCODE(i)) {
            case Lua.OP_GETTABLE -> c == 0;                        // t[e]
            case Lua.OP_LOADK, Lua.OP_LOADKX, Lua.OP_LOADBOOL, Lua.OP_LOADNIL, Lua.OP_GETUPVAL,
                    Lua.OP_NEWTABLE, Lua.OP_CLOSURE, Lua.OP_VARARG, Lua.OP_JMP, Lua.OP_EXTRAARG -> false;
            case Lua.OP_GETTABUP -> c == 0;
            case Lua.OP_SETTABUP -> b == 0 || c == 0;             // A is an upvalue index
            case Lua.OP_MOVE, Lua.OP_UNM, Lua.OP_NOT, Lua.OP_LEN, Lua.OP_TESTSET, Lua.OP_CONCAT -> b == 0;
            case Lua.OP_SETUPVAL, Lua.OP_TEST -> a == 0;
            case Lua.OP_SETTABLE -> a == 0 || b == 0 || c == 0;
            case Lua.OP_SELF, Lua.OP_ADD, Lua.OP_SUB, Lua.OP_MUL, Lua.OP_DIV, Lua.OP_MOD, Lua.OP_POW,
                    Lua.OP_EQ, Lua.OP_LT, Lua.OP_LE -> b == 0 || c == 0;
            case Lua.OP_RETURN -> a == 0 && b != 1;               // `RETURN 0 1` returns nothing
            // register ranges that start at A (or A + 1): they hold register 0 only when A is 0
            case Lua.OP_CALL, Lua.OP_TAILCALL, Lua.OP_FORLOOP, Lua.OP_FORPREP, Lua.OP_TFORCALL,
                    Lua.OP_TFORLOOP, Lua.OP_SETLIST -> a == 0;
            default -> true;
        };
    }
}
