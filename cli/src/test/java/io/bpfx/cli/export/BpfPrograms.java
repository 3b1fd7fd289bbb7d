package io.bpfx.cli.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.BpfState;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Leak checks that other processes loading programs meanwhile cannot upset:
 * are these program ids (an exporter's, from its {@code program_info}) still
 * loaded, or still the program of some link?
 */
final class BpfPrograms {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BpfPrograms() {
    }

    /** Null when none of {@code ids} is loaded or linked (within 3 s: the kernel frees them lazily). */
    static String stillLoaded(Set<Long> ids) throws InterruptedException {
        String left = check(ids);
        for (int i = 0; i < 30 && left != null; i++) {
            Thread.sleep(100);
            left = check(ids);
        }
        return left;
    }

    private static String check(Set<Long> ids) {
        Set<Long> progs = new TreeSet<>(BpfState.now().programs());
        progs.retainAll(ids);
        Set<Long> links = new TreeSet<>();
        try {
            Process p = new ProcessBuilder("bpftool", "-j", "link", "show").start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor();
            if (out.length > 0) {
                for (JsonNode n : JSON.readTree(out)) {
                    if (ids.contains(n.path("prog_id").asLong(-1))) {
                        links.add(n.get("id").asLong());
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("bpftool link show: " + e.getMessage(), e);
        }
        return progs.isEmpty() && links.isEmpty() ? null : "still loaded: programs " + progs + ", links " + links;
    }
}
