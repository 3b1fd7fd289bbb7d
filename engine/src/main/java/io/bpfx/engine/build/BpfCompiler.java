package io.bpfx.engine.build;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Compiles *.bpf.c with clang into CO-RE objects against a vmlinux.h made
 * from the running kernel's BTF, with bpfx.h on the include path. Objects
 * are cached by the hash of everything that goes into them (source, every
 * header clang read, flags, the kernel's BTF, clang itself), so a second run
 * with nothing changed starts no process at all.
 */
public final class BpfCompiler {
    private static final Path VMLINUX_BTF = Path.of("/sys/kernel/btf/vmlinux");

    private final Path cacheDir;
    private final String clang;
    private final Prebuilt prebuilt;
    private String kernelKey;
    /** The running kernel's BTF and bpfx.h: the same for every compiler of this process. */
    private static String sharedKernelKey;

    public BpfCompiler(Path cacheDir) {
        this(cacheDir, Prebuilt.none());
    }

    /** A compiler that takes {@code prebuilt}'s object for a source it was built from, starting no clang. */
    public BpfCompiler(Path cacheDir, Prebuilt prebuilt) {
        this.cacheDir = cacheDir;
        this.clang = System.getenv().getOrDefault("BPFX_CLANG", "clang");
        this.prebuilt = prebuilt;
    }

    /** $BPFX_CACHE, else $XDG_CACHE_HOME/bpfx, else ~/.cache/bpfx. */
    public static Path defaultCacheDir() {
        String env = System.getenv("BPFX_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "bpfx");
        return Path.of(System.getProperty("user.home"), ".cache", "bpfx");
    }

    public Path cacheDir() {
        return cacheDir;
    }

    /** Outcome of one compile: the object and whether it came from the cache. */
    public record Result(Path object, boolean cached) {}

    public Result compile(CompileRequest req) {
        Path src = req.source().toAbsolutePath().normalize();
        if (!Files.isRegularFile(src)) {
            throw new BpfxException.NotFound("BPF source " + req.source() + " not found");
        }
        Optional<Path> built = prebuilt.find(new CompileRequest(src, req.defines(), req.includeDirs()));
        if (built.isPresent()) return new Result(built.get(), true);
        try {
            Path include = prepareIncludes();
            io.bpfx.engine.Timing.mark("includes ready");
            List<String> flags = flags(req, include);
            String key = hash(Files.readAllBytes(src), String.join("\0", flags).getBytes(StandardCharsets.UTF_8),
                    kernelKey.getBytes(StandardCharsets.UTF_8), clangIdentity().getBytes(StandardCharsets.UTF_8));
            Path dir = cacheDir.resolve("objects").resolve(key);
            Path obj = dir.resolve(baseName(src) + ".o");
            Path deps = dir.resolve("deps");
            io.bpfx.engine.Timing.mark("cache key");
            if (Files.isRegularFile(obj) && depsUnchanged(deps)) {
                io.bpfx.engine.Timing.mark("cache hit");
                return new Result(obj, true);
            }
            Files.createDirectories(dir);
            Path tmpObj = dir.resolve(obj.getFileName() + ".tmp");
            Path depFile = dir.resolve("clang.d");
            List<String> cmd = new ArrayList<>();
            cmd.add(clang);
            cmd.addAll(flags);
            cmd.addAll(List.of("-MD", "-MF", depFile.toString(), "-c", src.toString(), "-o", tmpObj.toString()));
            run(cmd, req.source());
            writeDeps(depFile, deps);
            Files.move(tmpObj, obj, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Result(obj, false);
        } catch (IOException e) {
            throw new BpfxException("cannot compile " + req.source() + ": " + e.getMessage(), e);
        }
    }

    private static String baseName(Path src) {
        String n = src.getFileName().toString();
        return n.endsWith(".c") ? n.substring(0, n.length() - 2) : n;
    }

    private List<String> flags(CompileRequest req, Path include) {
        List<String> f = new ArrayList<>(List.of("-target", "bpf", "-O2", "-g", "-D__TARGET_ARCH_" + targetArch(),
                "-Wall", "-Wno-unused-function", "-Wno-unused-variable", "-fno-color-diagnostics"));
        for (String d : req.defines()) f.add("-D" + d);
        for (Path p : req.includeDirs()) f.add("-I" + p.toAbsolutePath().normalize());
        f.add("-I" + req.source().toAbsolutePath().getParent());
        f.add("-I" + include);
        String multiarch = "/usr/include/" + System.getProperty("os.arch").replace("amd64", "x86_64") + "-linux-gnu";
        if (Files.isDirectory(Path.of(multiarch))) f.add("-I" + multiarch); // asm/types.h for bpf_helpers.h
        return f;
    }

    private static String targetArch() {
        String arch = System.getProperty("os.arch");
        switch (arch) {
            case "amd64": case "x86_64": return "x86";
            case "aarch64": return "arm64";
            default: return arch;
        }
    }

    /** vmlinux.h for the running kernel and bpfx.h, under cache/include/KERNELHASH. */
    private synchronized Path prepareIncludes() throws IOException {
        if (kernelKey == null) {
            if (!Files.isReadable(VMLINUX_BTF)) {
                throw new BpfxException.Unsupported("this kernel exposes no BTF (" + VMLINUX_BTF
                        + " missing): CO-RE programs need CONFIG_DEBUG_INFO_BTF=y");
            }
            kernelKey = kernelKey();
        }
        Path dir = cacheDir.resolve("include").resolve(kernelKey);
        Path vmlinux = dir.resolve("vmlinux.h");
        if (!Files.isRegularFile(vmlinux)) {
            Files.createDirectories(dir);
            Path tmp = dir.resolve("vmlinux.h.tmp");
            String bpftool = Files.isExecutable(Path.of("/usr/sbin/bpftool")) ? "/usr/sbin/bpftool" : "bpftool";
            Process p = start(List.of(bpftool, "btf", "dump", "file", VMLINUX_BTF.toString(), "format", "c"), tmp,
                    "bpftool (apt-get install bpftool) to generate vmlinux.h");
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (waitFor(p) != 0) {
                throw new BpfxException("bpftool could not dump the kernel's BTF: " + err.strip());
            }
            Files.move(tmp, vmlinux, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Path header = dir.resolve("bpfx.h");
        if (!Files.isRegularFile(header)) {
            Files.write(header, bpfxHeader());
        }
        return dir;
    }

    /** The running kernel (its BTF's identity) and bpfx.h, hashed once per process: what cached builds depend on. */
    static synchronized String kernelKey() throws IOException {
        if (sharedKernelKey == null) sharedKernelKey = hash(kernelIdentity(), bpfxHeader());
        return sharedKernelKey;
    }

    /**
     * Does ahead what every compile's cache lookup starts with (the JDK's SHA-256 set-up, the
     * kernel's key, finding clang: ~30 ms on a cold JVM), for a thread that would otherwise wait
     * (bpfx run, while libbpf's binding finishes on another). Problems are left for the compile
     * to report.
     */
    public void warmUp() {
        try {
            kernelKey();
            clangIdentity();
        } catch (IOException | RuntimeException e) {
            // the compile itself says what is wrong, if it still is
        }
    }

    /**
     * Which kernel's BTF vmlinux.h came from, without hashing its 5 MB on every run: the
     * release, the build string (/proc/version has the build number and date) and the BTF size.
     */
    private static byte[] kernelIdentity() throws IOException {
        String id = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip() + "\n"
                + Files.readString(Path.of("/proc/version")).strip() + "\n" + Files.size(VMLINUX_BTF);
        return id.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bpfxHeader() throws IOException {
        try (InputStream in = BpfCompiler.class.getResourceAsStream("/io/bpfx/include/bpfx.h")) {
            if (in == null) throw new IOException("bpfx.h missing from the engine jar");
            return in.readAllBytes();
        }
    }

    private String clangIdentity() throws IOException {
        Path p = which(clang);
        if (p == null) {
            throw new BpfxException.NotFound("clang not found on PATH: it compiles *.bpf.c (apt-get install clang llvm)");
        }
        return p.toRealPath() + ":" + Files.size(p.toRealPath()) + ":" + Files.getLastModifiedTime(p.toRealPath());
    }

    private static Path which(String cmd) {
        if (cmd.contains("/")) return Files.isExecutable(Path.of(cmd)) ? Path.of(cmd) : null;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, cmd);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    private void run(List<String> cmd, Path shownSource) throws IOException {
        Process p = start(cmd, null, "clang (apt-get install clang llvm)");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (waitFor(p) != 0) {
            throw new BpfxException.BadInput(BpfCompilerErrors.firstError(err, shownSource));
        }
    }

    private static Process start(List<String> cmd, Path stdout, String what) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdout != null) pb.redirectOutput(stdout.toFile());
        try {
            return pb.start();
        } catch (IOException e) {
            throw new BpfxException.NotFound("cannot run " + cmd.get(0) + ": bpfx needs " + what);
        }
    }

    private static int waitFor(Process p) {
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BpfxException(p.info().command().orElse("compiler") + " timed out");
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BpfxException("interrupted while compiling");
        }
    }

    /** Turns clang's make-style dependency list into "hash size mtime path" lines. */
    private static void writeDeps(Path clangDeps, Path out) throws IOException {
        String text = Files.readString(clangDeps).replace("\\\n", " ");
        int colon = text.indexOf(": ");
        StringBuilder sb = new StringBuilder();
        for (String tok : text.substring(colon + 2).trim().split("\\s+")) {
            if (tok.isEmpty()) continue;
            Path p = Path.of(tok);
            sb.append(hash(Files.readAllBytes(p))).append(' ').append(Files.size(p)).append(' ')
                    .append(Files.getLastModifiedTime(p).toMillis()).append(' ').append(p.toAbsolutePath()).append('\n');
        }
        Files.writeString(out, sb.toString());
        Files.deleteIfExists(clangDeps);
    }

    private static boolean depsUnchanged(Path deps) throws IOException {
        if (!Files.isRegularFile(deps)) return false;
        for (String line : Files.readAllLines(deps)) {
            String[] f = line.split(" ", 4);
            if (f.length < 4) return false;
            Path p = Path.of(f[3]);
            if (!Files.isRegularFile(p)) return false;
            // unchanged size and mtime: trust it (hashing vmlinux.h every run would cost ~30 ms)
            if (Files.size(p) == Long.parseLong(f[1]) && Files.getLastModifiedTime(p).toMillis() == Long.parseLong(f[2])) {
                continue;
            }
            if (!hash(Files.readAllBytes(p)).equals(f[0])) return false;
        }
        return true;
    }

    static String hash(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
