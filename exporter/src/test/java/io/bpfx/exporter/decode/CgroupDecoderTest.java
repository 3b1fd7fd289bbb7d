package io.bpfx.exporter.decode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static io.bpfx.exporter.decode.DecoderTesting.run;
import static io.bpfx.exporter.decode.DecoderTesting.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CgroupDecoderTest {

    private static long inode(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }

    @Test
    void resolvesIdsToFullPaths(@TempDir Path root) throws Exception {
        Path service = Files.createDirectories(root.resolve("system.slice/foo.service"));
        CgroupDecoder decoder = new CgroupDecoder(new CgroupPaths(root, Duration.ZERO));
        assertEquals(service.toString(), run(decoder, text(Long.toString(inode(service)))));
        assertEquals(root.toString(), run(decoder, text(Long.toString(inode(root)))));
    }

    @Test
    void unknownIds(@TempDir Path root) throws Exception {
        CgroupDecoder decoder = new CgroupDecoder(new CgroupPaths(root, Duration.ZERO));
        assertEquals("unknown_cgroup_id:1", run(decoder, text("1")));
    }

    @Test
    void newCgroupsAreFoundByRewalkingOnAMiss(@TempDir Path root) throws Exception {
        AtomicLong now = new AtomicLong();
        CgroupDecoder decoder = new CgroupDecoder(new CgroupPaths(root, Duration.ofSeconds(1), now::get));
        assertEquals(root.toString(), run(decoder, text(Long.toString(inode(root)))));

        Path fresh = Files.createDirectories(root.resolve("user.slice"));
        String id = Long.toString(inode(fresh));
        assertEquals("unknown_cgroup_id:" + id, run(decoder, text(id))); // walked less than a second ago
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(fresh.toString(), run(decoder, text(id)));
    }
}
