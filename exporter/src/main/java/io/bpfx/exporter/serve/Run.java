package io.bpfx.exporter.serve;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of the control plane: its identity, state and output streams (JSON lines for the
 * page, text lines for {@code bpfx remote}). The launcher's {@link RunLauncher.Output} lands here.
 */
public final class Run implements RunLauncher.Output {
    private final String id;
    private final String name;
    private final Instant started = Instant.now();
    private final Path uploadDir;
    private final OutputLog json;
    private final OutputLog text;
    private volatile RunState state = RunState.STARTING;
    private volatile RunLauncher.Live live;
    private volatile String error;
    private volatile Instant ended;
    private volatile Runnable onEnd = () -> {};

    Run(String id, String name, Path uploadDir, int keep, int queue) {
        this.id = id;
        this.name = name;
        this.uploadDir = uploadDir;
        this.json = new OutputLog(keep, queue);
        this.text = new OutputLog(keep, queue);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public RunState state() {
        return state;
    }

    public String error() {
        return error;
    }

    public Instant endedAt() {
        return ended;
    }

    Path uploadDir() {
        return uploadDir;
    }

    RunLauncher.Live live() {
        return live;
    }

    void onEnd(Runnable r) {
        onEnd = r;
    }

    /** The JSON stream ({@code text == false}) or the text one. */
    public OutputLog output(boolean asText) {
        return asText ? text : json;
    }

    synchronized boolean move(RunState next) {
        if (!state.canMoveTo(next)) return false;
        state = next;
        return true;
    }

    void attached(RunLauncher.Live l) {
        live = l;
        move(RunState.RUNNING);
    }

    @Override
    public void json(String line) {
        json.output(line);
    }

    @Override
    public void text(String line) {
        text.output(line);
    }

    @Override
    public void log(String line) {
        OutputLog.Line l = new OutputLog.Line("log", line);
        json.append(l);
        text.append(l);
    }

    @Override
    public void ended(String err) {
        synchronized (this) {
            if (!state.active()) return;
            error = err;
            state = err == null ? RunState.ENDED : RunState.FAILED;
            ended = Instant.now();
        }
        String summary = ServeJson.write(Map.of("state", state.json(), "error", err == null ? "" : err));
        json.close(new OutputLog.Line("end", summary));
        text.close(new OutputLog.Line("end", summary));
        onEnd.run();
    }

    /** What {@code GET /api/v1/runs} lists. */
    public Map<String, Object> summary() {
        RunLauncher.Live l = live;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        m.put("state", state.json());
        m.put("started", started.toString());
        m.put("targets", l == null ? List.of() : l.targets());
        m.put("events", l == null ? 0 : l.events());
        m.put("lost", l == null ? 0 : l.lost());
        m.put("lines", json.total());
        if (error != null) m.put("error", error);
        if (ended != null) m.put("ended", ended.toString());
        return m;
    }
}
