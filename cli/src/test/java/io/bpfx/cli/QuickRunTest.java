package io.bpfx.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** QuickRun parses a run's words exactly as picocli does, or leaves them to picocli. */
class QuickRunTest {
    /** The command lines runs usually have: QuickRun parses them, the same as picocli. */
    @ParameterizedTest
    @ValueSource(strings = {
        "x.lua",
        "x.lua --duration 0.3",
        "--duration 0.3 x.lua",
        "x.lua --duration=2",
        "x.lua --json -v --pid 12 -c a=1 -c b=x=y --config c=3 --export :9435",
        "x.lua --verbose --config=k=v --pid=7 --export=127.0.0.1:0",
        "x.lua a b c",
        "x.lua --count 5 --name=foo -x a", // the script's own options (add_option) and entry() arguments
        "x.lua -5 -",
        "opensnoop --pid 1 --duration 1",
        "x.lua --help",
        "--help",
        "-h x.lua",
        "--nosuch-option count.lua",       // run itself says "unknown option"
        "x.lua --duration 1e3 --pid 007",
        "x.lua --duration NaN --pid +5",
        "x.lua -c k=v -c k=w",
        "/abs/dir/x.bpf.c a=b",
    })
    void usualCommandLines(String words) throws Exception {
        RunCommand quick = QuickRun.parse(words(words));
        assertNotNull(quick, "QuickRun left `" + words + "` to picocli");
        assertEquals(fields(picocli(words)), fields(quick), words);
    }

    /** Anything else: QuickRun either parses it as picocli does or leaves it to picocli. */
    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "x.lua --duration soon",
        "x.lua --duration -1",
        "x.lua --pid notapid",
        "x.lua --pid 99999999999",
        "x.lua --json --json",
        "x.lua --duration 1 --duration 2",
        "x.lua -h --help",
        "x.lua -vc a=1",
        "x.lua -count 5",
        "x.lua -hv",
        "x.lua -- --json",
        "-- x.lua",
        "@args.txt",
        "x.lua @args.txt",
        "x.lua -c novalue",
        "x.lua -c =v",
        "x.lua -c k=",
        "x.lua -ck=v",
        "x.lua --json=true",
        "x.lua --json=false",
        "x.lua --export --json",
        "x.lua --export -v",
        "x.lua --duration",
        "x.lua --pid",
        "x.lua --export",
        "x.lua --config",
        "--duration=",
        "x.lua --duration=-1",
        "x.lua --Duration 1",
        "x.lua --dur 1",
        "x.lua -v=true",
        "x.lua --pid 0x10",
        "x.lua --duration 0x1p3",
        "a\u0000b.lua",
        "x.lua -c a=1,b=2",
    })
    void unusualCommandLines(String words) throws Exception {
        RunCommand quick = QuickRun.parse(words(words));
        if (quick != null) assertEquals(fields(picocli(words)), fields(quick), words);
    }

    private static String[] words(String line) {
        return line.isEmpty() ? new String[0] : line.split(" ");
    }

    private static RunCommand picocli(String line) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(Arrays.asList(words(line)));
        String[] args = all.toArray(String[]::new);
        CommandLine.ParseResult parsed = Main.commandLine(args).parseArgs(args);
        return (RunCommand) parsed.subcommand().commandSpec().userObject();
    }

    /** Every field of the command and its mixins (what picocli sets), as text. */
    private static String fields(Object o) throws IllegalAccessException {
        StringBuilder text = new StringBuilder();
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || f.getType() == CommandLine.Model.CommandSpec.class) continue;
            f.setAccessible(true);
            Object v = f.get(o);
            text.append(f.getName()).append('=')
                    .append(v != null && f.getType().getPackageName().equals("io.bpfx.cli") ? "{" + fields(v) + "}" : v).append('\n');
        }
        return text.toString();
    }
}
