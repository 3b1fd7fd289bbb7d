package io.bpfx.cli;

import io.bpfx.cli.system.MapDump;
import io.bpfx.cli.system.TypedValues;
import io.bpfx.engine.BpfxException;
import io.bpfx.engine.system.BpfSystem;
import io.bpfx.engine.system.KernelMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bpfx map dump|update|delete ID|NAME}: one map's entries decoded through its BTF,
 * and changes for debugging. Changes refuse maps no bpfx process holds unless --force.
 */
@Command(name = "map", description = "One BPF map by id or name: dump its entries, update or delete one.")
final class MapCommand {

    @Command(name = "dump", description = "Every entry, decoded through the map's BTF (raw hex without BTF); streams.")
    int dump(@Parameters(paramLabel = "ID|NAME") String which,
             @Option(names = "--json", description = "machine-readable output") boolean json) {
        try (KernelMap map = KernelMap.open(BpfSystem.findMap(which).info().id())) {
            MapDump.dump(map, json, System.out, System.err);
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
    }

    @Command(name = "update", description = "Sets KEY to VALUE: numbers, strings, or JSON for structs and arrays.")
    int update(@Parameters(paramLabel = "ID|NAME") String which, @Parameters(paramLabel = "KEY") String key,
               @Parameters(paramLabel = "VALUE") String value,
               @Option(names = "--force", description = "also maps bpfx did not create") boolean force) {
        try (KernelMap map = writable(which, force)) {
            map.map().update(TypedValues.parse(key, map.map().keyLayout(), "key"),
                    TypedValues.parse(value, map.map().valueLayout(), "value"));
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
    }

    @Command(name = "delete", description = "Deletes KEY.")
    int delete(@Parameters(paramLabel = "ID|NAME") String which, @Parameters(paramLabel = "KEY") String key,
               @Option(names = "--force", description = "also maps bpfx did not create") boolean force) {
        try (KernelMap map = writable(which, force)) {
            if (!map.map().delete(TypedValues.parse(key, map.map().keyLayout(), "key"))) {
                throw new BpfxException.NotFound("map " + which + " has no key " + key);
            }
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            return Runs.report(e, System.err);
        }
    }

    /** A map is bpfx's when a bpfx process holds it (see Owner); others need --force. */
    private static KernelMap writable(String which, boolean force) {
        BpfSystem.MapEntry m = BpfSystem.findMap(which);
        if (!force && m.bpfx().isEmpty()) {
            throw new BpfxException.BadInput("map " + m.info().id() + " (" + m.info().name()
                    + ") is not held by a bpfx process: add --force to change it anyway");
        }
        return KernelMap.open(m.info().id());
    }
}
