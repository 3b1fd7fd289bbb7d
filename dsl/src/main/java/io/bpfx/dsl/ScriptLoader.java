package io.bpfx.dsl;

import io.bpfx.engine.BpfxException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a script and runs its description scope. The chunk name is the path exactly as given
 * (so errors read {@code tracer.lua:12: ...} when the user typed {@code tracer.lua}); relative
 * paths inside the script resolve against the script's directory.
 */
public final class ScriptLoader {

    private ScriptLoader() {
    }

    /**
     * @throws ScriptError  syntax error, error at the top level, misuse of a DSL function
     * @throws ScriptUsageError  {@code options.args()} do not fit the script's add_option{} declarations
     * @throws BpfxException.NotFound  no such script
     */
    public static DslRuntime load(Path script, RunOptions options) {
        byte[] source;
        try {
            source = Files.readAllBytes(script);
        } catch (NoSuchFileException e) {
            throw new BpfxException.NotFound("script not found: " + script);
        } catch (IOException e) {
            throw new BpfxException("cannot read script " + script + ": " + e.getMessage(), e);
        }
        Path dir = script.toAbsolutePath().normalize().getParent();
        return load(script.toString(), dir, source, options);
    }

    /** Loads script text that has no file of its own (tests, {@code -e}); {@code chunkName} starts its messages. */
    public static DslRuntime load(String chunkName, Path scriptDir, byte[] source, RunOptions options) {
        DslRuntime runtime = new DslRuntime(chunkName, scriptDir.toAbsolutePath().normalize(), options);
        runtime.runDescription(source);
        runtime.checkArgs();
        return runtime;
    }
}
