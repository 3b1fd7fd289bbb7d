package io.bpfx.dsl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a script declared for one target: one BPF object with its attachments, handlers
 * and metrics. Built by the description scope (re-opening a target adds to it, xmake style:
 * {@code set_*} replaces, {@code add_*} appends) and frozen before the script scope starts, so
 * the host reads a stable picture.
 */
public final class TargetSpec {
    private final String name;
    private final SourceLocation location;
    private boolean frozen;

    private TargetKind kind = TargetKind.BASIC;
    private SourceLocation kindLocation;
    private final List<DeclaredPath> files = new ArrayList<>();
    private final List<String> defines = new ArrayList<>();
    private final List<DeclaredPath> includeDirs = new ArrayList<>();
    private Map<String, Object> values = Map.of();
    private String binary;
    private SourceLocation binaryLocation;
    private String toolchain;
    private final List<Attachment> attachments = new ArrayList<>();
    private final List<EventHandler> eventHandlers = new ArrayList<>();
    private Callback lostHandler;
    private Callback stopHandler;
    private final List<MetricTable> metrics = new ArrayList<>();

    TargetSpec(String name, SourceLocation location) {
        this.name = name;
        this.location = location;
    }

    public String name() {
        return name;
    }

    /** Where {@code target(name)} first appeared. */
    public SourceLocation location() {
        return location;
    }

    public TargetKind kind() {
        return kind;
    }

    /** Where the kind was set; empty while it is the default {@link TargetKind#BASIC}. */
    public Optional<SourceLocation> kindLocation() {
        return Optional.ofNullable(kindLocation);
    }

    public List<DeclaredPath> files() {
        return Collections.unmodifiableList(files);
    }

    /** {@code add_defines} entries as written, e.g. {@code "X=1"}. */
    public List<String> defines() {
        return Collections.unmodifiableList(defines);
    }

    public List<DeclaredPath> includeDirs() {
        return Collections.unmodifiableList(includeDirs);
    }

    /** {@code set_values}: .rodata global name → Long, Double, String or Boolean. */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** {@code set_binary}, as written: a path (relative to the working directory) or a library name. */
    public Optional<String> binary() {
        return Optional.ofNullable(binary);
    }

    public Optional<SourceLocation> binaryLocation() {
        return Optional.ofNullable(binaryLocation);
    }

    /** {@code set_toolchains}: {@code "bcc"} or {@code "clang"}; empty means choose by file type. */
    public Optional<String> toolchain() {
        return Optional.ofNullable(toolchain);
    }

    public List<Attachment> attachments() {
        return Collections.unmodifiableList(attachments);
    }

    public List<EventHandler> eventHandlers() {
        return Collections.unmodifiableList(eventHandlers);
    }

    /** {@code on_lost(fn)}: the host calls {@code fn(count)} when records were lost. */
    public Optional<Callback> lostHandler() {
        return Optional.ofNullable(lostHandler);
    }

    /** {@code on_stop(fn)}: the host calls {@code fn()} when this target stops. */
    public Optional<Callback> stopHandler() {
        return Optional.ofNullable(stopHandler);
    }

    public List<MetricTable> metrics() {
        return Collections.unmodifiableList(metrics);
    }

    @Override
    public String toString() {
        return "target(\"" + name + "\") at " + location;
    }

    // ---- mutators: description scope only ----

    void setKind(TargetKind kind, SourceLocation where) {
        checkOpen();
        this.kind = kind;
        this.kindLocation = where;
    }

    void addFile(DeclaredPath file) {
        checkOpen();
        files.add(file);
    }

    void addDefine(String define) {
        checkOpen();
        defines.add(define);
    }

    void addIncludeDir(DeclaredPath dir) {
        checkOpen();
        includeDirs.add(dir);
    }

    void setValues(Map<String, Object> newValues) {
        checkOpen();
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(newValues));
    }

    void setBinary(String binary, SourceLocation where) {
        checkOpen();
        this.binary = binary;
        this.binaryLocation = where;
    }

    void setToolchain(String toolchain) {
        checkOpen();
        this.toolchain = toolchain;
    }

    void addAttachment(Attachment attachment) {
        checkOpen();
        attachments.add(attachment);
    }

    void addEventHandler(EventHandler handler) {
        checkOpen();
        eventHandlers.add(handler);
    }

    void setLostHandler(Callback handler) {
        checkOpen();
        this.lostHandler = handler;
    }

    void setStopHandler(Callback handler) {
        checkOpen();
        this.stopHandler = handler;
    }

    void addMetric(MetricTable metric) {
        checkOpen();
        metrics.add(metric);
    }

    void freeze() {
        frozen = true;
    }

    /** The REPL declares at the prompt: its targets stay open (changes apply at the next run). */
    void reopen() {
        frozen = false;
    }

    private void checkOpen() {
        if (frozen) {
            throw new IllegalStateException("target " + name + " is frozen: the description scope is over");
        }
    }
}
