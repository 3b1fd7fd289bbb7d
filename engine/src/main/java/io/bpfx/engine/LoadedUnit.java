package io.bpfx.engine;

import io.bpfx.engine.btf.Layout;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One compiled file of a target, as the session uses it whatever made it: a libbpf
 * {@link BpfObject} or a BCC module. Its programs, its maps, attaching a program to a
 * place (or the rest by their own names), and closing it with everything attached.
 */
public interface LoadedUnit extends AutoCloseable {
    String name();

    /** Programs (BCC: functions) by name, in the file's order. */
    List<String> programNames();

    default boolean hasProgram(String program) {
        return programNames().contains(program);
    }

    /** "program NAME (SEC \"...\")" or "BCC function NAME": for messages. */
    String describeProgram(String program);

    /** How a program reads a place when neither attach_to nor set_kind says: its SEC name, BCC's naming. */
    Optional<AttachKind> defaultKind(String program);

    /** The maps (BCC: tables) a user declared. */
    List<BpfMap> userMaps();

    Optional<BpfMap> findMap(String name);

    /** Names of the globals that can be set before load ({@code const volatile}); none in BCC C. */
    default List<String> globals() {
        return List.of();
    }

    /** Whether this kind of file has settable globals at all. */
    default boolean holdsGlobals() {
        return false;
    }

    default void setGlobal(String name, Object value) {
        throw new BpfxException.NotFound("no global '" + name + "' in " + name());
    }

    /** Loads the programs into the kernel (BCC loads a function when it attaches). */
    void load();

    Link attach(String program, AttachTarget target);

    /**
     * Attaches the programs not in {@code placed} that name their place themselves, handing
     * each link to {@code attached} as it is made (so a failure part way leaves nothing unowned).
     */
    void attachRest(Set<String> placed, String target, Consumer<Link> attached);

    /** The struct records of an event map of this unit carry ({@code type} null: its default). */
    Layout.StructLayout eventLayout(String map, String type);

    @Override
    void close();
}
