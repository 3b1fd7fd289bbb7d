package io.bpfx.cli.serve;

import io.bpfx.engine.BpfxException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words of a run started over HTTP, read as {@code bpfx run} reads them after the script:
 * {@code --pid N}, {@code -c KEY=VALUE}, {@code --duration S}, {@code -v}; every other word (and
 * everything after {@code --}) goes to the script's entry().
 */
record RunArgs(int pid, Map<String, Object> config, double durationSeconds, boolean verbose, List<String> entryArgs) {

    static RunArgs parse(List<String> words) {
        int pid = 0;
        double duration = 0;
        boolean verbose = false;
        Map<String, Object> config = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String value = null;
            String opt = w;
            int eq = w.indexOf('=');
            if (w.startsWith("--") && eq > 0) {
                opt = w.substring(0, eq);
                value = w.substring(eq + 1);
            }
            switch (opt) {
                case "--" -> {
                    rest.addAll(words.subList(i + 1, words.size()));
                    i = words.size();
                }
                case "--pid" -> {
                    if (value == null) value = next(words, ++i, opt);
                    pid = number(value, opt);
                }
                case "--duration" -> {
                    if (value == null) value = next(words, ++i, opt);
                    try {
                        duration = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        throw new BpfxException.BadInput("--duration: not a number: " + value);
                    }
                    if (duration < 0 || !Double.isFinite(duration)) {
                        throw new BpfxException.BadInput("--duration must not be negative");
                    }
                }
                case "-c", "--config" -> {
                    if (value == null) value = next(words, ++i, opt);
                    int kv = value.indexOf('=');
                    if (kv <= 0) throw new BpfxException.BadInput(opt + " wants KEY=VALUE, got " + value);
                    config.put(value.substring(0, kv), value.substring(kv + 1));
                }
                case "-v", "--verbose" -> verbose = true;
                default -> rest.add(w);
            }
        }
        if (pid > 0) config.put("pid", (long) pid);
        return new RunArgs(pid, config, duration, verbose, rest);
    }

    private static String next(List<String> words, int i, String opt) {
        if (i >= words.size()) throw new BpfxException.BadInput(opt + " needs a value");
        return words.get(i);
    }

    private static int number(String v, String opt) {
        try {
            int n = Integer.parseInt(v);
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new BpfxException.BadInput(opt + ": not a process id: " + v);
        }
    }
}
