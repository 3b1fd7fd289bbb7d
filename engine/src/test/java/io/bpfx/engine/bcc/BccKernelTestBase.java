package io.bpfx.engine.bcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bpfx.engine.testing.BpfState;
import io.bpfx.engine.testing.Kernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * BCC kernel tests: need a BPF-capable kernel (under CI=true they fail rather
 * than skip) and leave no program, link or map behind (BCC's tables are maps
 * the module owns, so they are checked too).
 */
abstract class BccKernelTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static BpfState before;
    private static Set<Long> mapsBefore;

    @BeforeAll
    static void requireKernel() {
        Kernel.require();
        before = BpfState.now();
        mapsBefore = mapIds();
    }

    @AfterAll
    static void nothingLeftBehind() {
        if (before == null) return;
        assertNull(BpfState.leakedSinceSettled(before), "programs or links left behind");
        Set<Long> extra = null;
        for (int i = 0; i < 30; i++) { // maps are freed asynchronously after their last fd closes
            extra = new TreeSet<>(mapIds());
            extra.removeAll(mapsBefore);
            if (extra.isEmpty()) break;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        assertEquals(Set.of(), extra, "maps left behind");
    }

    static Set<Long> mapIds() {
        try {
            Process p = new ProcessBuilder("bpftool", "-j", "map", "show").start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor();
            Set<Long> ids = new TreeSet<>();
            if (out.length == 0) return ids;
            for (JsonNode n : JSON.readTree(out)) ids.add(n.get("id").asLong());
            return ids;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("bpftool map show failed: " + e.getMessage(), e);
        }
    }

    /** A BCC C test program from src/test/resources/bcc. */
    static Path program(String name) {
        try {
            return Path.of(BccKernelTestBase.class.getResource("/bcc/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
