package io.bpfx.exporter.serve;

import io.bpfx.engine.BpfxException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The files of an uploaded script, written into a private directory (0700, a new one per run)
 * under plain names only: no {@code /}, no {@code ..}, nothing absolute, nothing hidden, so an
 * upload can never write or read outside its directory.
 */
public final class Uploads {
    static final int MAX_NAME = 128;
    static final int MAX_FILES = 32;

    private Uploads() {}

    /** Returns {@code name} when it is a plain file name, else throws a one-line refusal. */
    public static String plainName(String name) {
        String why = null;
        if (name == null || name.isEmpty()) why = "empty";
        else if (name.length() > MAX_NAME) why = "longer than " + MAX_NAME + " characters";
        else if (name.contains("/") || name.contains("\\")) why = "has a path separator";
        else if (name.contains("..")) why = "has ..";
        else if (name.startsWith(".") || name.startsWith("~")) why = "starts with " + name.charAt(0);
        else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) why = "has a control character";
        if (why != null) {
            throw new BpfxException.BadInput("upload name \"" + printable(name) + "\" refused: " + why
                    + " (plain file names only)");
        }
        return name;
    }

    /**
     * Creates a private directory and writes {@code scriptName} = {@code script} and every file
     * into it; returns the script's path. Names are checked before anything is written.
     */
    public static Path write(Path parent, String scriptName, String script, Map<String, String> files) {
        plainName(scriptName);
        if (files.size() > MAX_FILES) {
            throw new BpfxException.BadInput("too many uploaded files (" + files.size() + ", at most " + MAX_FILES + ")");
        }
        files.keySet().forEach(Uploads::plainName);
        if (files.containsKey(scriptName)) {
            throw new BpfxException.BadInput("upload name \"" + scriptName + "\" is both the script and a file");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory(parent, "bpfx-run-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new BpfxException("cannot make a private directory in " + parent + ": " + e.getMessage(), e);
        }
        try {
            writeOne(dir, scriptName, script);
            for (Map.Entry<String, String> f : files.entrySet()) writeOne(dir, f.getKey(), f.getValue());
        } catch (RuntimeException e) {
            delete(dir);
            throw e;
        }
        return dir.resolve(scriptName);
    }

    private static void writeOne(Path dir, String name, String text) {
        Path file = dir.resolve(name);
        if (!dir.equals(file.getParent())) { // belt and braces behind plainName
            throw new BpfxException.BadInput("upload name \"" + printable(name) + "\" refused: not a plain file name");
        }
        try {
            Files.write(file, (text == null ? "" : text).getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BpfxException("cannot write upload " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes a directory made by {@link #write} and the plain files in it (nothing is followed). */
    public static void delete(Path dir) {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // the compile cache may hold a file open a moment; the temp dir is cleaned by the OS later
        }
    }

    private static String printable(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_NAME).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "?" : Character.toString(c)));
        return b.toString();
    }
}
