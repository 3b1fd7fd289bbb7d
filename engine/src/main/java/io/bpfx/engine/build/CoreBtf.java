package io.bpfx.engine.build;

import io.bpfx.engine.BpfObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Minimised kernel BTF per object, so a load does not parse the kernel's whole BTF.
 *
 * <p>libbpf resolves an object's CO-RE relocations against /sys/kernel/btf/vmlinux, which it
 * reads and indexes (about 5 MB, 126k types) at every load: ~60 ms of a ~65 ms load of a
 * small program on a small VM. {@code bpftool gen min_core_btf} writes the few types those
 * relocations use (a few hundred bytes), and libbpf takes that instead
 * ({@code btf_custom_path}).
 *
 * <p>The copy is kept under {@code CACHE/core-btf/}, named by checksums of the object file's
 * path, size and time and by the running kernel's key (the one the compile cache uses). It is made after the
 * object's first load with the whole kernel BTF, at the end of that run ({@link #learnPending()},
 * from {@code Session.close()}, so the check load's programs never sit beside the run's own in
 * the kernel's lists), and kept only when a second load with it gives exactly the same
 * relocation results (libbpf's "patched insn" lines: offsets, sizes,
 * existence), which also rules out types found in kernel modules (minimised BTF has only
 * vmlinux's). Otherwise, or without bpftool, a {@code .none} marker says to use the kernel's
 * BTF for this object from now on. {@code BPFX_NO_CORE_BTF=1} turns it all off.
 */
public final class CoreBtf {
    private static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");
    private static final boolean OFF = System.getenv("BPFX_NO_CORE_BTF") != null;
    /** libbpf 1.x's lines for what a CO-RE relocation did to an instruction (not the candidate lines: type ids differ). */
    private static final Pattern RESULT = Pattern.compile("prog '[^']*': relo #\\d+: (?:patched insn|substituting insn|poisoning insn)[^\\n]*");

    private final Path dir;

    public CoreBtf(Path cacheDir) {
        this.dir = cacheDir.resolve("core-btf");
    }

    /**
     * Opens {@code object} with its minimised BTF when there is one for this kernel; otherwise
     * plainly, and (unless known not to work) its first successful load makes the copy.
     */
    public BpfObject open(Path object) {
        if (OFF) return BpfObject.open(object);
        String key;
        try {
            key = key(object);
        } catch (IOException | RuntimeException e) {
            return BpfObject.open(object); // unreadable: BpfObject says so in its own words
        }
        Path btf = dir.resolve(key + ".btf");
        if (Files.isRegularFile(btf)) return BpfObject.open(object, btf);
        BpfObject plain = BpfObject.open(object);
        if (!Files.exists(dir.resolve(key + ".none"))) {
            plain.watchLoad(debug -> {
                synchronized (PENDING) {
                    PENDING.add(() -> learn(object, key, debug));
                }
            });
        }
        return plain;
    }

    private static final List<Runnable> PENDING = new ArrayList<>();

    /**
     * Makes the copies for the objects loaded so far with the kernel's whole BTF (about 150 ms
     * each, once per object and kernel): call it when their run is over.
     */
    public static void learnPending() {
        List<Runnable> tasks;
        synchronized (PENDING) {
            tasks = new ArrayList<>(PENDING);
            PENDING.clear();
        }
        tasks.forEach(Runnable::run);
    }

    /**
     * The object file and the running kernel (the compile cache's key for it, made once per
     * process): what the copy depends on. The file by path, size and modification time, the
     * compile cache's own rule for trusting a file unchanged (its objects are written once, under
     * a directory named by their inputs' hash); reading a 600 KB object (its debug info) to
     * checksum it cost ~10 ms a start.
     */
    private static String key(Path object) throws IOException {
        Path real = object.toRealPath();
        String file = real + "\n" + Files.size(real) + "\n" + Files.getLastModifiedTime(real).toMillis();
        return checksums(file.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "-" + BpfCompiler.kernelKey();
    }

    private static String checksums(byte[] b) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(b);
        return Long.toHexString(b.length) + "-" + Long.toHexString(crc.getValue()) + Long.toHexString(adler.getValue());
    }

    /** The relocation results in libbpf's DEBUG lines, in order. */
    static List<String> results(String debugLog) {
        List<String> out = new ArrayList<>();
        Matcher m = RESULT.matcher(debugLog);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** After the first load with the kernel's BTF: make the copy, check it, keep it or say never. */
    private void learn(Path object, String key, String debugLog) {
        List<String> expected = results(debugLog);
        Path tmp = null;
        boolean keep = false;
        try {
            Files.createDirectories(dir);
            if (!expected.isEmpty()) { // no CO-RE relocations: libbpf never reads the kernel's BTF for them
                tmp = Files.createTempFile(dir, key, ".tmp");
                keep = minimise(object, tmp) && sameResults(object, tmp, expected);
            }
            if (keep) {
                Files.move(tmp, dir.resolve(key + ".btf"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.writeString(dir.resolve(key + ".none"), expected.isEmpty() ? "no CO-RE relocations\n"
                        : "minimised BTF unavailable or gave other relocations\n");
            }
        } catch (IOException | RuntimeException e) {
            // a cache we cannot write only costs time: the next run tries again
        } finally {
            try {
                if (tmp != null) Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temp file in the cache
            }
        }
        io.bpfx.engine.Timing.mark("core btf " + (keep ? "made" : "declined"));
    }

    private static boolean minimise(Path object, Path out) throws IOException {
        String bpftool = Files.isExecutable(Path.of("/usr/sbin/bpftool")) ? "/usr/sbin/bpftool" : "bpftool";
        Process p;
        try {
            p = new ProcessBuilder(bpftool, "gen", "min_core_btf", VMLINUX_BTF.toString(), out.toString(), object.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noBpftool) {
            return false;
        }
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
        return p.exitValue() == 0 && Files.size(out) > 0;
    }

    /** Loads the object once more against {@code btf} (never attached) and compares libbpf's relocation results. */
    private static boolean sameResults(Path object, Path btf, List<String> expected) {
        try (BpfObject check = BpfObject.open(object, btf)) {
            String[] seen = {""};
            check.watchLoad(debug -> seen[0] = debug);
            check.load();
            return results(seen[0]).equals(expected);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** For messages and tests: the copy made for {@code object} on this kernel, if any. */
    public java.util.Optional<Path> find(Path object) throws IOException {
        Path btf = dir.resolve(key(object) + ".btf");
        return Files.isRegularFile(btf) ? java.util.Optional.of(btf) : java.util.Optional.empty();
    }
}
