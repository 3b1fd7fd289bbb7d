package io.bpfx.engine;

import io.bpfx.engine.libbpf.LibBpf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU lists as the kernel prints them ("0-3,5"). */
public final class Cpus {
    private static volatile int possible = -1;

    private Cpus() {}

    public static List<Integer> online() {
        try {
            return parseList(Files.readString(Path.of("/sys/devices/system/cpu/online")));
        } catch (IOException e) {
            throw new BpfxException("cannot read /sys/devices/system/cpu/online: " + e.getMessage());
        }
    }

    /** Number of possible CPUs: the slot count of per-CPU map values. */
    public static int possible() {
        int n = possible;
        if (n < 0) {
            n = LibBpf.INSTANCE.libbpf_num_possible_cpus();
            if (n <= 0) {
                throw new BpfxException("cannot tell the number of possible CPUs");
            }
            possible = n;
        }
        return n;
    }

    public static List<Integer> parseList(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.strip().split(",")) {
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            if (dash < 0) {
                cpus.add(Integer.parseInt(part));
            } else {
                int lo = Integer.parseInt(part.substring(0, dash));
                int hi = Integer.parseInt(part.substring(dash + 1));
                for (int c = lo; c <= hi; c++) cpus.add(c);
            }
        }
        return cpus;
    }
}
