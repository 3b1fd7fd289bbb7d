package io.bpfx.cli.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.Workload;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact 64-bit integers end to end (int64.lua + int64.bpf.c): u64/s64 globals set from Lua go
 * into the kernel and come back in an event, with a kernel-style address; u64 → u64 and
 * s64 → s64 maps hold values at the 2^31/2^32/2^53/2^63/2^64-1/-2^63/-1 boundaries; a per-CPU
 * array sums past 2^53 and 2^63. Text and --json output must show every value exactly, and
 * ksym() must name the real kernel symbol given to the program.
 */
class Int64RunTest extends RunTestBase {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    private static final BigInteger TWO_53 = BigInteger.ONE.shiftLeft(53);
    private static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
    private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final String ADDR = "18446744071581156711";   // 0xffffffff81234567

    /** What int64.bpf.c writes into u64s and s64s, in the order the text table sorts them (by value). */
    private static final Map<BigInteger, BigInteger> U64S = new LinkedHashMap<>();
    private static final Map<BigInteger, BigInteger> S64S = new LinkedHashMap<>();

    static {
        U64S.put(BigInteger.ONE.shiftLeft(31), BigInteger.ONE.shiftLeft(31));
        U64S.put(BigInteger.ONE.shiftLeft(32), BigInteger.ONE.shiftLeft(32).add(BigInteger.ONE));
        U64S.put(TWO_53.add(BigInteger.ONE), TWO_53);
        U64S.put(TWO_53, TWO_53.add(BigInteger.ONE));
        U64S.put(MAX_U64, TWO_63);
        U64S.put(new BigInteger(ADDR), MAX_U64.subtract(BigInteger.ONE));
        U64S.put(TWO_63, MAX_U64);
        S64S.put(BigInteger.ONE.negate(), TWO_63.negate());
        S64S.put(TWO_63.negate(), BigInteger.ONE.negate());
        S64S.put(TWO_53.negate().subtract(BigInteger.ONE), TWO_53.add(BigInteger.ONE));
    }

    /** A real kernel function and an address 0x10 into it. */
    private record Ksym(Set<String> names, long addr) {
    }

    private static Ksym realSymbol() throws IOException {
        long start = 0;
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[2].equals("vfs_read")) start = Long.parseUnsignedLong(f[0], 16);
        }
        assertTrue(start != 0, "vfs_read in /proc/kallsyms (run as root)");
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && Long.parseUnsignedLong(f[0], 16) == start) names.add(f[2]);   // aliases
        }
        return new Ksym(names, start + 0x10);
    }

    private BpfxProcess.Result run(Ksym k, boolean json) {
        try (Workload w = Workload.start("uprobe_target", "3")) {
            List<String> args = new ArrayList<>(List.of("-c", "bin=" + bin("uprobe_target"), "-c", "pid=" + w.pid(),
                    "-c", "kaddr=0x" + Long.toHexString(k.addr)));
            if (json) args.add("--json");
            try (BpfxProcess bpfx = Bpfx.run(resource("scripts/int64.lua"), args.toArray(String[]::new)).start()) {
                bpfx.awaitAttached("wide");
                assertEquals(3, w.go().awaitDone());
                BpfxProcess.Result r = bpfx.awaitExit();
                assertEquals(0, r.exitCode(), r::toString);
                assertNoStackTrace(r);
                return r;
            }
        }
    }

    @Test
    void textShowsEveryValueExactly() throws IOException {
        Ksym k = realSymbol();
        BpfxProcess.Result r = run(k, false);
        List<String> out = r.stdout();
        assertEquals("{ addr = " + ADDR + ", cookie = 18446744073709551614, kaddr = " + Long.toUnsignedString(k.addr)
                + ", neg = -9007199254740993, scookie = -9223372036854775808, small = 42 }", out.get(0), r::toString);
        assertEquals("hex addr=ffffffff81234567 cookie=fffffffffffffffe scookie=-9223372036854775808"
                + " neg=-9007199254740993 small=42", out.get(1));
        String ksym = out.get(2);
        assertTrue(k.names.stream().anyMatch(n -> ksym.equals("ksym " + n + "+0x10")), ksym + " names one of " + k.names);
        assertEquals("compare\ttrue\ttrue\ttrue\t43", out.get(3));
        assertEquals("get\t18446744073709551614\t9223372036854775808\t2147483648\t9007199254740992", out.get(4));
        assertEquals("items\t18446744073709551614\t18446744073709551615", out.get(5));
        List<String> table = new ArrayList<>(List.of("@u64s:"));
        for (Map.Entry<BigInteger, BigInteger> e : U64S.entrySet()) table.add(e.getKey() + "  " + e.getValue());
        assertEquals(aligned(table), out.subList(6, 6 + table.size()));
        int at = 6 + table.size();
        List<String> s64 = new ArrayList<>(List.of("@s64s:"));
        for (Map.Entry<BigInteger, BigInteger> e : S64S.entrySet()) s64.add(e.getKey() + "  " + e.getValue());
        assertEquals(aligned(s64), out.subList(at, at + 4));
        assertEquals(aligned(List.of("@sums:", "0  9007199254740997", "1  9223372036854775809")), out.subList(at + 4, at + 7));
    }

    @Test
    void jsonRoundTripsEveryValueExactly() throws IOException {
        Ksym k = realSymbol();
        BpfxProcess.Result r = run(k, true);
        List<JsonNode> lines = new ArrayList<>();
        for (String l : r.stdout()) lines.add(JSON.readTree(l));
        JsonNode e = lines.get(0);
        assertTrue(e.get("addr").isBigInteger(), "a number, not a string or a double: " + e);
        assertEquals(new BigInteger(ADDR), e.get("addr").bigIntegerValue());
        assertEquals(MAX_U64.subtract(BigInteger.ONE), e.get("cookie").bigIntegerValue());
        assertEquals(TWO_63.negate(), e.get("scookie").bigIntegerValue());
        assertEquals(TWO_53.negate().subtract(BigInteger.ONE), e.get("neg").bigIntegerValue());
        assertEquals(new BigInteger(Long.toUnsignedString(k.addr)), e.get("kaddr").bigIntegerValue());
        assertEquals(BigInteger.valueOf(42), e.get("small").bigIntegerValue());
        assertEquals(U64S, items(find(lines, "u64s")));
        assertEquals(S64S, items(find(lines, "s64s")));
        assertEquals(Map.of(BigInteger.ZERO, TWO_53.add(BigInteger.valueOf(5)), BigInteger.ONE, TWO_63.add(BigInteger.ONE)),
                items(find(lines, "sums")));
    }

    private static JsonNode find(List<JsonNode> lines, String map) {
        return lines.stream().filter(n -> map.equals(n.path("map").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no --json print of map " + map + " in " + lines));
    }

    private static Map<BigInteger, BigInteger> items(JsonNode doc) {
        Map<BigInteger, BigInteger> out = new LinkedHashMap<>();
        for (JsonNode item : doc.get("items")) {
            assertTrue(item.get("key").isIntegralNumber() && item.get("value").isIntegralNumber(), item::toString);
            out.put(item.get("key").bigIntegerValue(), item.get("value").bigIntegerValue());
        }
        return out;
    }

    /** "key  value" rows as MapPrinter aligns them: keys left-justified, values right-justified. */
    private static List<String> aligned(List<String> rows) {
        List<String> out = new ArrayList<>(List.of(rows.get(0)));
        int kw = 0;
        int vw = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] kv = row.split(" {2}");
            kw = Math.max(kw, kv[0].length());
            vw = Math.max(vw, kv[1].length());
        }
        for (String row : rows.subList(1, rows.size())) {
            String[] kv = row.split(" {2}");
            out.add(String.format("%-" + kw + "s  %" + vw + "s", kv[0], kv[1]));
        }
        return out;
    }
}
