package io.bpfx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bpfx.cli.serve.RemoteClient;
import io.bpfx.engine.BpfxException;
import io.bpfx.exporter.serve.BearerToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * bpfx remote: drives a {@code bpfx serve} from a terminal. Output lines are printed as
 * {@code bpfx run} prints them (stdout), the run's messages go to stderr.
 */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = "Talk to a bpfx serve: list | tools | start TOOL [ARGS...] | run SCRIPT [ARGS...] | stop ID | logs ID [-f]",
        footer = {"", "start prints the new run's id; run uploads SCRIPT (and the .c/.h files beside it), follows its",
                "output and stops it on Ctrl-C, as bpfx run would; logs -f follows until the run ends."})
final class RemoteCommand implements Callable<Integer> {
    @Option(names = "--server", paramLabel = "URL", required = true, description = "e.g. http://host:9435")
    String server;

    @Option(names = "--token-file", paramLabel = "FILE", required = true, description = "the server's token (chmod 600)")
    Path tokenFile;

    @Option(names = {"-f", "--follow"}, description = "logs: keep printing until the run ends")
    boolean follow;

    @Option(names = "--json", description = "print output lines as NDJSON (as bpfx run --json)")
    boolean json;

    @Parameters(index = "0", paramLabel = "COMMAND", description = "list, tools, start, run, stop or logs")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARGS")
    List<String> words = new ArrayList<>();

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() {
        // after COMMAND every word is positional: remote's own switches are taken here for
        // logs (logs ID -f) and before a TOOL/SCRIPT; words after it belong to the run
        List<String> rest = new ArrayList<>();
        boolean runWords = false;
        for (String w : words) {
            if (!runWords && (w.equals("-f") || w.equals("--follow"))) follow = true;
            else if (!runWords && w.equals("--json")) json = true;
            else {
                rest.add(w);
                runWords = command.equals("start") || command.equals("run");
            }
        }
        words = rest;
        try {
            RemoteClient client = new RemoteClient(server, BearerToken.read(tokenFile));
            return switch (command) {
                case "list" -> list(client);
                case "tools" -> tools(client);
                case "start" -> start(client);
                case "run" -> run(client);
                case "stop" -> stop(client);
                case "logs" -> logs(client);
                default -> {
                    err.println("bpfx: unknown remote command " + command + " (list, tools, start, run, stop, logs)");
                    yield ExitCodes.USAGE;
                }
            };
        } catch (UsageError e) {
            err.println("bpfx: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (RuntimeException e) {
            return Runs.report(e, err);
        }
    }

    private static final class UsageError extends RuntimeException {
        UsageError(String m) {
            super(m);
        }
    }

    private String one(String what) {
        if (words.size() != 1) throw new UsageError("remote " + command + " wants " + what);
        return words.get(0);
    }

    private int list(RemoteClient c) {
        if (!words.isEmpty()) throw new UsageError("remote list takes no arguments");
        out.printf("%-5s %-16s %-9s %10s %7s  %s%n", "ID", "NAME", "STATE", "EVENTS", "LOST", "STARTED");
        for (JsonNode r : c.get("api/v1/runs")) {
            out.printf("%-5s %-16s %-9s %10d %7d  %s%n", r.path("id").asText(), r.path("name").asText(),
                    r.path("state").asText(), r.path("events").asLong(), r.path("lost").asLong(), r.path("started").asText());
        }
        return ExitCodes.OK;
    }

    private int tools(RemoteClient c) {
        if (!words.isEmpty()) throw new UsageError("remote tools takes no arguments");
        for (JsonNode t : c.get("api/v1/tools")) {
            out.printf("%-13s %s%n", t.path("name").asText(), t.path("description").asText());
        }
        return ExitCodes.OK;
    }

    private int start(RemoteClient c) {
        if (words.isEmpty()) throw new UsageError("remote start wants a TOOL");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tool", words.get(0));
        body.put("args", words.subList(1, words.size()));
        String id = c.post("api/v1/runs", body).path("id").asText();
        out.println(id);
        err.println("Started run " + id + " (" + words.get(0) + "): bpfx remote ... logs " + id + " -f");
        return ExitCodes.OK;
    }

    /** Uploads the script and the C files beside it, follows its output, stops it on Ctrl-C. */
    private int run(RemoteClient c) {
        if (words.isEmpty()) throw new UsageError("remote run wants a SCRIPT");
        Path script = Path.of(words.get(0));
        if (!Files.isRegularFile(script)) throw new UsageError("script " + script + " not found");
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        try {
            body.put("script", Files.readString(script, StandardCharsets.UTF_8));
            Path dir = script.toAbsolutePath().getParent();
            try (var list = Files.list(dir)) {
                for (Path f : (Iterable<Path>) list::iterator) {
                    String n = f.getFileName().toString();
                    if (Files.isRegularFile(f) && (n.endsWith(".c") || n.endsWith(".h"))) {
                        files.put(n, Files.readString(f, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new BpfxException("cannot read " + script + ": " + e.getMessage(), e);
        }
        body.put("name", script.getFileName().toString());
        body.put("files", files);
        body.put("args", words.subList(1, words.size()));
        String id = c.post("api/v1/runs", body).path("id").asText();
        AtomicBoolean stopping = new AtomicBoolean();
        Runs.onSignals(() -> {
            // Ctrl-C: stop the run; its last output (on_stop) still arrives on the stream
            if (stopping.compareAndSet(false, true)) new Thread(() -> {
                try {
                    c.delete("api/v1/runs/" + id);
                } catch (RuntimeException e) {
                    err.println(io.bpfx.dsl.ErrorLines.of(e));
                }
            }).start();
        });
        return follow(c, id, true);
    }

    private int stop(RemoteClient c) {
        String id = one("a run ID");
        JsonNode r = c.delete("api/v1/runs/" + id);
        if (r.hasNonNull("error")) err.println(r.get("error").asText());
        return ExitCodes.OK;
    }

    private int logs(RemoteClient c) {
        return follow(c, one("a run ID"), follow);
    }

    private int follow(RemoteClient c, String id, boolean live) {
        String end = c.stream("api/v1/runs/" + id + "/output?format=" + (json ? "json" : "text") + (live ? "" : "&follow=0"),
                (event, data) -> {
                    if (event == null) out.println(data);
                    else if (event.equals("log")) err.println(data);
                    else err.println("bpfx: " + event + ": " + data);
                });
        out.flush();
        if (end != null && end.contains("\"error\":\"") && !end.contains("\"error\":\"\"")) {
            try {
                err.println(new com.fasterxml.jackson.databind.ObjectMapper().readTree(end).path("error").asText());
            } catch (IOException e) {
                err.println(end);
            }
            return ExitCodes.ERROR;
        }
        return ExitCodes.OK;
    }
}
