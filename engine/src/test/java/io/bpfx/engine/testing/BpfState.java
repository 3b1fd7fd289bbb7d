package io.bpfx.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * What `bpftool prog show` / `link show` list, as the ids of programs and
 * links: the leak tests compare these before and after.
 */
public record BpfState(Set<Long> programs, Set<Long> links) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static BpfState now() {
        return new BpfState(ids("prog"), ids("link"));
    }

    private static Set<Long> ids(String what) {
        try {
            Process p = new ProcessBuilder("bpftool", "-j", what, "show").redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor();
            Set<Long> ids = new TreeSet<>();
            if (out.length == 0) return ids;
            for (JsonNode n : JSON.readTree(out)) ids.add(n.get("id").asLong());
            return ids;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("bpftool " + what + " show failed: " + e.getMessage(), e);
        }
    }

    /**
     * Like {@link #leakedSince} but gives the kernel up to 3 s: programs and links are
     * freed asynchronously (RCU, deferred work) after their last fd closes.
     */
    public static String leakedSinceSettled(BpfState before) {
        String leak = leakedSince(before);
        for (int i = 0; i < 30 && leak != null; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leak = leakedSince(before);
        }
        return leak;
    }

    /** Programs and links present now that were not in {@code before}. */
    public static String leakedSince(BpfState before) {
        BpfState now = now();
        Set<Long> progs = new TreeSet<>(now.programs);
        progs.removeAll(before.programs);
        Set<Long> links = new TreeSet<>(now.links);
        links.removeAll(before.links);
        return progs.isEmpty() && links.isEmpty() ? null : "leaked programs " + progs + ", links " + links;
    }
}
