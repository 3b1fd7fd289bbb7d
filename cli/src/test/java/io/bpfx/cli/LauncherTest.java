package io.bpfx.cli;

import io.bpfx.engine.testing.NativeBuild;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code bpfx} launcher script in a scratch checkout, with {@code mvn}, {@code java} and
 * {@code find} on its PATH replaced by scripts that log their command lines: a changed source
 * rebuilds the jar (and then re-records the start-up archive), anything else runs the jar as it
 * is, and the common case (nothing changed since the last scan) does not even scan.
 */
class LauncherTest {
    @TempDir
    Path tmp;
    private Path checkout;
    private Path log;
    private Path jar;

    @BeforeEach
    void scratchCheckout() throws IOException {
        checkout = Files.createDirectory(tmp.resolve("checkout"));
        Files.copy(NativeBuild.root().resolve("bpfx"), checkout.resolve("bpfx"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        write("cli/src/main/java/x/A.java", "class A {}");
        write("dsl/src/main/resources/io/bpfx/dsl/prelude.lua", "-- prelude");
        jar = checkout.resolve("cli/target/bpfx.jar");
        log = tmp.resolve("log");
        Path bin = Files.createDirectories(tmp.resolve("fakebin"));
        // the build makes the jar; the dump makes the archive it is asked for
        script(bin.resolve("mvn"), "echo \"mvn $*\" >> " + log + "; mkdir -p " + jar.getParent() + "; touch " + jar);
        script(bin.resolve("java"), "echo \"java $*\" >> " + log
                + "\ncase \"$*\" in *-Xshare:dump*) for a in \"$@\"; do case $a in -XX:SharedArchiveFile=*) touch \"${a#*=}\";; esac; done;; esac");
        script(bin.resolve("find"), "echo \"find $*\" >> " + log + "\nexec /usr/bin/find \"$@\"");
    }

    @Test
    void buildsOnceThenRunsTheJarAsItIs() throws Exception {
        assertEquals(List.of("mvn", "train", "run"), launch());
        assertEquals(List.of("scan", "run"), launch());
        assertEquals(List.of("run"), launch());
        assertEquals(List.of("run"), launch());
    }

    @Test
    void anEditedSourceRebuilds() throws Exception {
        launch();
        launch();
        edit("cli/src/main/java/x/A.java");
        assertEquals(List.of("scan", "mvn", "train", "run"), launch());
        assertEquals(List.of("scan", "run"), launch());
        assertEquals(List.of("run"), launch());
        edit("dsl/src/main/resources/io/bpfx/dsl/prelude.lua");
        assertEquals(List.of("scan", "mvn", "train", "run"), launch());
        launch();
        edit("pom.xml");
        assertEquals(List.of("scan", "mvn", "train", "run"), launch());
    }

    @Test
    void aNewSourceRebuilds() throws Exception {
        launch();
        launch();
        write("cli/src/main/java/x/B.java", "class B {}");
        assertEquals(List.of("scan", "mvn", "train", "run"), launch());
        launch();
        write("engine/src/main/java/y/C.java", "class C {}"); // in a new directory
        assertEquals(List.of("scan", "mvn", "train", "run"), launch());
    }

    @Test
    void otherFilesDoNotRebuild() throws Exception {
        launch();
        launch();
        write("README.md", "docs");
        write("cli/src/main/java/x/.A.java.swp", "an editor's");
        write("cli/target/classes/x/A.class", "a build output");
        assertEquals(List.of("scan", "run"), launch()); // the directories changed: something may be new
        assertEquals(List.of("run"), launch());
    }

    @Test
    void aJarBuiltByMavenDirectlyIsRetrainedAndRescanned() throws Exception {
        launch();
        launch();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        assertEquals(List.of("scan", "train", "run"), launch());
        assertEquals(List.of("run"), launch());
        edit("cli/src/main/java/x/A.java");
        assertEquals(List.of("scan", "mvn", "train", "run"), launch());
    }

    @Test
    void theClassListHoldsTheKernelPathAndItsLambdas() throws Exception {
        // what the archive is dumped from: real runs' classes (loading, attaching, ring buffers,
        // map printing) and their lambdas, which a static archive only holds when listed
        String list = Files.readString(NativeBuild.root().resolve("cli/cds/startup.classlist"));
        for (String c : new String[] {"io/bpfx/cli/QuickRun", "io/bpfx/engine/BpfProgram",
                "io/bpfx/engine/RingBufferReader", "io/bpfx/dsl/MapPrinter", "org/luaj/vm2/LuaTable"}) {
            assertTrue(list.contains("\n" + c + "\n"), c + " missing from cli/cds/startup.classlist");
        }
        assertTrue(list.contains("\n@lambda-proxy io/bpfx/engine/session/Session "), "Session's lambdas are listed");
    }

    @Test
    void aNewClassListDumpsTheArchiveAgain() throws Exception {
        write("cli/cds/startup.classlist", "io/bpfx/cli/Main\n");
        assertEquals(List.of("mvn", "train", "run"), launch());
        assertEquals(List.of("scan", "run"), launch());
        write("cli/cds/startup.classlist", "io/bpfx/cli/Main\nio/bpfx/cli/QuickRun\n");
        assertEquals(List.of("train", "run"), launch());
    }

    @Test
    void theRunGetsTheArchiveAndEveryArgument() throws Exception {
        launch();
        launch("run", "a script.lua", "--duration", "1");
        String run = Files.readAllLines(log).get(Files.readAllLines(log).size() - 1);
        assertTrue(run.contains("-XX:SharedArchiveFile=" + checkout.resolve("cli/target/bpfx.jsa")), run);
        assertTrue(run.endsWith("-jar " + jar + " run a script.lua --duration 1"), run);
    }

    /**
     * Ages every file in the checkout by a minute (as if the user came back later), then runs
     * the launcher; returns what it did: scan (looked for changed sources), mvn (a build), train
     * (dumping the archive), run.
     */
    private List<String> launch(String... args) throws Exception {
        try (var files = Files.walk(checkout)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.setLastModifiedTime(f, FileTime.from(Files.getLastModifiedTime(f).toInstant().minusSeconds(60)));
            }
        }
        Files.deleteIfExists(log);
        Files.createFile(log);
        List<String> cmd = new java.util.ArrayList<>(List.of(checkout.resolve("bpfx").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(checkout.toFile()).redirectErrorStream(true);
        pb.environment().put("PATH", tmp.resolve("fakebin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return Files.readAllLines(log).stream()
                .filter(l -> !l.startsWith("find ") || l.contains("-quit")) // a scan is two finds
                .map(l -> l.startsWith("find ") ? "scan" : l.startsWith("mvn ") ? "mvn" : l.contains(" -Xshare:dump ") ? "train" : "run")
                .toList();
    }

    private void write(String path, String text) throws IOException {
        Path p = checkout.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Changes a file in place (its directory keeps its mtime). */
    private void edit(String path) throws IOException {
        Path p = checkout.resolve(path);
        Files.writeString(p, Files.readString(p) + "\n");
    }

    private static void script(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/bash\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
