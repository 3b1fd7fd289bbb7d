package io.bpfx.exporter.serve;

import java.nio.file.Path;
import java.util.List;

/**
 * What the control plane needs from whoever runs scripts (the DSL, wired by the CLI): the
 * ready tools, and a way to start one run and watch it. The exporter knows nothing of Lua.
 */
public interface RunLauncher {

    /** A ready tool as the page and {@code GET /api/v1/tools} list it. */
    record Tool(String name, String description, String args) {}

    /** Start a ready tool ({@code script == null}) or an uploaded script ({@code tool == null}). */
    record Request(String tool, Path script, List<String> args) {
        public Request {
            args = List.copyOf(args);
            if ((tool == null) == (script == null)) throw new IllegalArgumentException("a tool or a script");
        }

        public String name() {
            return tool != null ? tool : script.getFileName().toString();
        }
    }

    /** Where a run's output goes; called from the run's own thread. */
    interface Output {
        /** One {@code print}, as the JSON line {@code bpfx run --json} would write. */
        void json(String line);

        /** The same {@code print} as {@code bpfx run} would write it (one line each). */
        void text(String line);

        /** A line the run wrote to stderr (attaching, warnings, lost events). */
        void log(String line);

        /** The run is over and nothing of it is attached; {@code error} is its one-line error or null. */
        void ended(String error);
    }

    /** A started run: its targets are attached. Every method is safe from any thread. */
    interface Live {
        List<String> targets();

        long events();

        long lost();

        /** The run's maps decoded as {@code map():items()} shows them, as one JSON array. */
        String mapsJson();

        /** Detaches (running on_stop) and returns once nothing of the run is attached; idempotent. */
        void stop();
    }

    /** Thrown by {@link #start}: {@code getMessage()} is the one line {@code bpfx run} would print. */
    final class Refused extends RuntimeException {
        public Refused(String line) {
            super(line, null, false, false);
        }
    }

    List<Tool> tools();

    /**
     * Loads and starts the run, returning once its targets are attached. A mistake in the script
     * or its arguments is {@link Refused} with nothing left attached and {@link Output#ended} not called.
     */
    Live start(Request request, Output output);
}
