package io.bpfx.engine.testing;

import io.bpfx.engine.AttachPlaces;
import io.bpfx.engine.build.BpfCompiler;
import io.bpfx.engine.elf.LibraryResolver;
import io.bpfx.engine.elf.UprobeLocator;
import io.bpfx.engine.session.Session;
import io.bpfx.engine.session.ShutdownGuard;
import io.bpfx.engine.session.TargetPlan;

import java.nio.file.Path;

/**
 * A separate JVM for lifecycle tests: starts a target from a BPF object,
 * prints "attached N", then polls until stopped by a signal (graceful via
 * the shutdown guard) or killed. Args: object-path [mode], mode "throw"
 * throws after attaching to test the exception path.
 */
public final class AttachAndWait {
    public static void main(String[] args) throws Exception {
        Session session = new Session(new BpfCompiler(Path.of(System.getProperty("java.io.tmpdir"), "bpfx-test-cache")),
                new AttachPlaces(() -> new UprobeLocator(LibraryResolver.system()), s -> { }));
        try (ShutdownGuard guard = new ShutdownGuard(session); session) {
            TargetPlan plan = new TargetPlan("t");
            plan.files.add(Path.of(args[0]));
            var live = session.start(plan);
            System.out.println("attached " + live.probeCount());
            System.out.flush();
            if (args.length > 1 && args[1].equals("throw")) {
                throw new IllegalStateException("boom after attach");
            }
            while (!guard.stopRequested()) session.poll(100);
            System.out.println("stopping");
        }
    }
}
