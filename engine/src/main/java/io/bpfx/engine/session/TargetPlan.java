package io.bpfx.engine.session;

import io.bpfx.engine.AttachKind;
import io.bpfx.engine.RecordHandler;
import io.bpfx.engine.btf.Layout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Everything needed to bring one target up, as plain data (the DSL builds it
 * from a script; tests build it by hand). Making a plan touches nothing;
 * {@link Session#start(TargetPlan)} compiles, loads and attaches it.
 */
public final class TargetPlan {
    /** attach_to(program, place, opts); kind null = read from the target kind or the program's SEC name. */
    public record Attachment(String program, AttachKind kind, String place, Map<String, Object> opts, String origin) {}

    /**
     * on_event: records of {@code map} (null = the object's only ring buffer /
     * perf event array) decoded as struct {@code type} (null = the marked or
     * "event" struct); the factory receives the layout and returns the handler.
     */
    public record EventSubscription(String map, String type, Function<Layout, RecordHandler> handlerFactory,
                                    LongConsumer onLost, String origin) {}

    /**
     * add_metric{...} (or a config's metric) as plain data: strings, numbers, booleans, lists and
     * maps, as the exporter's readers take them; {@code origin} is the file:line that declared it.
     */
    public record Metric(Map<String, Object> definition, String origin) {}

    public final String name;
    public final List<Path> files = new ArrayList<>();
    public final List<String> defines = new ArrayList<>();
    public final List<Path> includeDirs = new ArrayList<>();
    public final Map<String, Object> globals = new LinkedHashMap<>();
    public final List<Attachment> attachments = new ArrayList<>();
    public final List<EventSubscription> events = new ArrayList<>();
    /** What to export of this target: read by the exporter, ignored by the engine. */
    public final List<Metric> metrics = new ArrayList<>();
    /** set_kind(); null = "basic": attach by SEC name. */
    public AttachKind kind;
    /** set_binary(): where bare uprobe symbols are looked up first. */
    public String defaultBinary;
    /** Default pid for uprobes/perf events (the command line's --pid). */
    public int pid;
    /**
     * set_toolchains(): "bcc" compiles every *.c file of the target (even *.bpf.c) with
     * BCC; null = by file name (*.bpf.c: clang + libbpf, any other *.c: BCC).
     */
    public String toolchain;

    public TargetPlan(String name) {
        this.name = name;
    }
}
