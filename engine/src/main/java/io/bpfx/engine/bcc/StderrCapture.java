package io.bpfx.engine.bcc;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import io.bpfx.engine.libbpf.LibC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Runs a native call with file descriptor 2 pointed at a temporary file and
 * returns what it printed there: BCC (clang's diagnostics, the verifier log
 * and its hints) writes to stderr and has no API that returns them. A file,
 * not a pipe, so a long verifier log cannot block the writer. Calls are
 * serialized; anything another thread writes to fd 2 meanwhile is captured too.
 */
final class StderrCapture {
    interface Fds extends Library {
        Fds INSTANCE = io.bpfx.engine.libbpf.Jna.load("c", Fds.class);
        int O_WRONLY = 1, O_CREAT = 0x40, O_TRUNC = 0x200, O_CLOEXEC = 0x80000;

        int dup(int fd);
        int dup2(int oldFd, int newFd);
        int open(String path, int flags, int mode);
        int fflush(Pointer stream);
    }

    record Result<T>(T value, String stderr) {}

    private static final Object LOCK = new Object();

    private StderrCapture() {}

    static <T> Result<T> run(Supplier<T> call) {
        synchronized (LOCK) {
            Path tmp;
            try {
                tmp = Files.createTempFile("bpfx-bcc-stderr", ".txt");
            } catch (IOException e) {
                return new Result<>(call.get(), ""); // cannot capture: let it print
            }
            try {
                Fds c = Fds.INSTANCE;
                System.err.flush();
                int saved = c.dup(2);
                int out = c.open(tmp.toString(), Fds.O_WRONLY | Fds.O_CREAT | Fds.O_TRUNC | Fds.O_CLOEXEC, 0600);
                if (saved < 0 || out < 0) {
                    if (saved >= 0) LibC.INSTANCE.close(saved);
                    if (out >= 0) LibC.INSTANCE.close(out);
                    return new Result<>(call.get(), "");
                }
                T value;
                c.dup2(out, 2);
                LibC.INSTANCE.close(out);
                try {
                    value = call.get();
                } finally {
                    c.fflush(null);
                    System.err.flush();
                    c.dup2(saved, 2);
                    LibC.INSTANCE.close(saved);
                }
                String text;
                try {
                    text = new String(Files.readAllBytes(tmp), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    text = "";
                }
                return new Result<>(value, text);
            } finally {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
