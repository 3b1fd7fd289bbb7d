package io.bpfx.dsl;

import java.nio.file.Files;
import java.util.EnumSet;
import java.util.Set;

/**
 * Checks a finished model before anything runs, so mistakes fail at their line instead of
 * half-way through a run: every target has files and they exist, attach_to places have the
 * shape their kind needs, and options apply to the kind. Whether programs, tracepoints and
 * symbols exist is the engine's to say at run().
 */
public final class ScriptValidator {
    private static final Set<TargetKind> PID_KINDS =
            EnumSet.of(TargetKind.UPROBE, TargetKind.URETPROBE, TargetKind.USDT, TargetKind.PERF_EVENT);
    private static final Set<TargetKind> RETPROBE_KINDS = EnumSet.of(TargetKind.UPROBE, TargetKind.KPROBE);

    private ScriptValidator() {
    }

    /** @throws ScriptError naming the first problem and its line */
    public static void validate(ScriptModel model) {
        for (TargetSpec target : model.targets()) {
            validate(target);
        }
    }

    /** One target: the REPL checks a target declared at the prompt when it is run. */
    static void validate(TargetSpec target) {
        validateFiles(target);
        for (Attachment attachment : target.attachments()) {
            validateAttachment(target, attachment);
        }
    }

    private static void validateFiles(TargetSpec target) {
        if (target.files().isEmpty()) {
            throw error(target.location(), "target \"" + target.name() + "\" has no files; add add_files(\"...\") to it");
        }
        for (DeclaredPath file : target.files()) {
            if (!Files.isRegularFile(file.path())) {
                throw error(file.location(), "add_files(): no such file " + file.given() + " (looked for " + file.path() + ")");
            }
        }
        for (DeclaredPath dir : target.includeDirs()) {
            if (!Files.isDirectory(dir.path())) {
                throw error(dir.location(), "add_includedirs(): no such directory " + dir.given() + " (looked for " + dir.path() + ")");
            }
        }
    }

    private static void validateAttachment(TargetSpec target, Attachment a) {
        TargetKind kind = target.kind();
        String place = a.place();
        switch (kind) {
            case BASIC -> throw error(a.location(), "attach_to() needs set_kind(...) in target \"" + target.name()
                    + "\": a basic target attaches every program by its SEC() name");
            case TRACEPOINT -> {
                String[] parts = place.split(":", -1);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw error(a.location(), "attach_to(): tracepoint \"" + place
                            + "\" must be \"category:name\", e.g. \"syscalls:sys_enter_openat\"");
                }
            }
            case USDT -> {
                int last = place.lastIndexOf(':');
                int middle = last > 0 ? place.lastIndexOf(':', last - 1) : -1;
                if (middle <= 0 || last - middle < 2 || last == place.length() - 1) {
                    throw error(a.location(), "attach_to(): usdt place \"" + place + "\" must be \"binary:provider:name\"");
                }
            }
            default -> {
            }
        }
        if (a.pid().isPresent() && !PID_KINDS.contains(kind)) {
            throw error(a.location(), "attach_to(): option pid does not apply to a " + kind.luaName() + " target");
        }
        if ((a.frequency().isPresent() || a.period().isPresent()) && kind != TargetKind.PERF_EVENT) {
            throw error(a.location(), "attach_to(): options frequency and period apply to perf_event targets only");
        }
        if (a.options().containsKey(AttachOptions.RETPROBE) && !RETPROBE_KINDS.contains(kind)) {
            throw error(a.location(), "attach_to(): option retprobe applies to uprobe and kprobe targets only");
        }
    }

    private static ScriptError error(SourceLocation where, String message) {
        return new ScriptError(where + ": " + message, where);
    }
}
