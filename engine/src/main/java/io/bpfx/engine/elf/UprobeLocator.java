package io.bpfx.engine.elf;

import io.bpfx.engine.BpfxException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves uprobe and USDT places to the (binary path, file offset) libbpf's
 * attach calls take, with errors that say what was tried.
 */
public final class UprobeLocator {

    private static final int MAX_SUGGESTIONS = 5;
    private static final int MAX_LISTED_PROBES = 20;

    private final LibraryResolver libs;
    private final Map<Path, ElfFile> opened = new HashMap<>();
    private volatile boolean lastWasSearched;

    public UprobeLocator(LibraryResolver libs) {
        this.libs = libs;
    }

    /**
     * Where {@code place} is. A bare symbol is looked up in {@code defaultBinary} when
     * given (all its symbols), then libc, then every library the loader knows (for
     * libraries, exported functions only); in that last step it must be defined by
     * exactly one library.
     *
     * @param defaultBinary the binary bare places refer to first (e.g. the traced
     *                      command), or null
     */
    public UprobeLocation locate(String place, String defaultBinary) {
        UprobePlace parsed = UprobePlace.parse(place);
        UprobeLocation location;
        if (parsed.binary() != null) {
            location = locateIn(libs.resolveBinary(parsed.binary()), parsed);
        } else if (parsed.isAddress()) {
            if (defaultBinary == null) {
                throw new BpfxException.BadInput(String.format(
                        "uprobe place \"%s\" is an address but names no binary: write \"binary:0x%x\"",
                        place.trim(), parsed.address()));
            }
            location = locateIn(libs.resolveBinary(defaultBinary), parsed);
        } else {
            location = search(parsed, defaultBinary);
        }
        lastWasSearched = location.searched();
        return location;
    }

    /** Whether the last {@link #locate} found a bare symbol by searching libc or the loader's libraries. */
    public boolean lastWasSearched() {
        return lastWasSearched;
    }

    /**
     * Checks a USDT place {@code binary:provider:name}: the binary exists and has at
     * least one such probe site.
     */
    public UsdtLocation locateUsdt(String place) {
        String[] parts = place == null ? new String[0] : place.trim().split(":", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new BpfxException.BadInput("bad USDT place \"" + place + "\": expected binary:provider:name");
        }
        Path binary = libs.resolveBinary(parts[0]);
        List<UsdtNote> notes = open(binary).usdtNotes();
        int sites = 0;
        Set<String> available = new LinkedHashSet<>();
        for (UsdtNote note : notes) {
            available.add(note.provider() + ":" + note.name());
            if (note.provider().equals(parts[1]) && note.name().equals(parts[2])) sites++;
        }
        if (sites == 0) {
            String probe = parts[1] + ":" + parts[2];
            if (available.isEmpty()) {
                throw new BpfxException.NotFound("USDT probe " + probe + " not found: " + binary
                        + " has no USDT probes (no .note.stapsdt section)");
            }
            throw new BpfxException.NotFound("USDT probe " + probe + " not found in " + binary + "; it has: "
                    + listSome(new ArrayList<>(available), MAX_LISTED_PROBES));
        }
        return new UsdtLocation(binary, parts[1], parts[2], sites);
    }

    // ---- explicit binary ----

    private UprobeLocation locateIn(Path binary, UprobePlace place) {
        ElfFile elf = open(binary);
        if (place.isAddress()) {
            long offset = elf.fileOffset(place.address());
            return new UprobeLocation(binary, null, offset,
                    String.format("%s:0x%x (offset 0x%x)", binary, place.address(), offset), false);
        }
        ElfSymbol symbol = elf.findFunction(place.symbol())
                .orElseThrow(() -> symbolNotFound(elf, place.symbol()));
        return at(elf, symbol, place, false);
    }

    private BpfxException symbolNotFound(ElfFile elf, String written) {
        SymbolName wanted = SymbolName.parse(written);
        List<String> versions = new ArrayList<>();
        List<String> functionNames = new ArrayList<>();
        for (ElfSymbol s : elf.symbols()) {
            if (!s.isFunction()) continue;
            functionNames.add(s.name());
            if (s.name().equals(wanted.name())) versions.add(s.qualifiedName());
        }
        String message = "symbol " + written + " not found in " + elf.path();
        if (!versions.isEmpty()) {
            return new BpfxException.NotFound(message + "; it has " + String.join(", ", versions));
        }
        if (functionNames.isEmpty()) {
            return new BpfxException.NotFound(message + ", which has no function symbols (stripped?)");
        }
        List<String> close = SimilarNames.suggest(wanted.name(), functionNames, MAX_SUGGESTIONS);
        return new BpfxException.NotFound(message
                + (close.isEmpty() ? "; no similar names among its functions" : "; similar: " + String.join(", ", close)));
    }

    // ---- bare symbol search ----

    private UprobeLocation search(UprobePlace place, String defaultBinary) {
        String name = place.symbol();
        List<String> looked = new ArrayList<>();
        Set<Path> checked = new HashSet<>();

        if (defaultBinary != null) {
            Path binary = libs.resolveBinary(defaultBinary);
            ElfFile elf = open(binary);
            Optional<ElfSymbol> symbol = elf.findFunction(name).filter(ElfSymbol::isFunction);
            if (symbol.isPresent()) return at(elf, symbol.get(), place, false);
            looked.add(binary.toString());
            addReal(checked, binary);
        }

        // Libraries are searched by their exported functions only, as the loader sees them;
        // parsing libc's whole symbol table just to learn it lacks the name costs tens of ms.
        Path libc = resolveOrNull("libc");
        if (libc != null && addReal(checked, libc)) {
            ElfFile elf = open(libc);
            Optional<ElfSymbol> symbol = elf.findExportedFunction(name);
            if (symbol.isPresent()) return at(elf, symbol.get(), place, true);
            looked.add(libc.getFileName().toString());
        }

        List<Path> loaderLibraries = libs.loaderLibraries();
        record Hit(ElfFile elf, ElfSymbol symbol) {
        }
        List<Hit> hits = new ArrayList<>();
        for (Path lib : loaderLibraries) {
            if (!addReal(checked, lib)) continue;
            try {
                ElfFile elf = ElfFile.read(lib);
                elf.findExportedFunction(name).ifPresent(s -> hits.add(new Hit(elf, s)));
            } catch (BpfxException e) {
                // a broken or unreadable library cannot be the one the user means; skip it
            }
        }
        if (hits.size() == 1) {
            return at(hits.get(0).elf(), hits.get(0).symbol(), place, true);
        }
        String libraries = loaderLibraries.size() + " libraries known to the loader (" + libs.sourceSummary() + ")";
        if (hits.isEmpty()) {
            String where = looked.isEmpty() ? "" : String.join(", ", looked) + " or ";
            throw new BpfxException.NotFound("symbol " + name + " not found in " + where + "any of " + libraries);
        }
        List<String> paths = hits.stream().map(h -> h.elf().path().toString()).toList();
        throw new BpfxException.Ambiguous("symbol " + name + " is defined in " + hits.size() + " of the "
                + libraries + ": " + String.join(", ", paths) + "; write \"binary:" + name + "\" to pick one, e.g. \""
                + paths.get(0) + ":" + name + "\"");
    }

    // ---- helpers ----

    private UprobeLocation at(ElfFile elf, ElfSymbol symbol, UprobePlace place, boolean searched) {
        if (!symbol.isFunction()) {
            throw new BpfxException.BadInput(place.symbol() + " in " + elf.path() + " is a data object, not a function");
        }
        if (place.offset() != 0 && symbol.size() > 0 && Long.compareUnsigned(place.offset(), symbol.size()) >= 0) {
            throw new BpfxException.BadInput(String.format("offset 0x%x is past the end of %s in %s (size 0x%x)",
                    place.offset(), place.symbol(), elf.path(), symbol.size()));
        }
        long offset = elf.fileOffset(symbol.value() + place.offset());
        String describe = String.format("%s:%s%s (offset 0x%x%s)", elf.path(), place.symbol(),
                place.offset() == 0 ? "" : String.format("+0x%x", place.offset()), offset,
                symbol.type() == ElfSymbol.IFUNC ? ", ifunc resolver" : "");
        return new UprobeLocation(elf.path(), place.symbol(), offset, describe, searched);
    }

    private synchronized ElfFile open(Path binary) {
        return opened.computeIfAbsent(binary, ElfFile::read);
    }

    private Path resolveOrNull(String name) {
        try {
            return libs.resolveBinary(name);
        } catch (BpfxException.NotFound e) {
            return null;
        }
    }

    /** Records {@code path} as searched; false if that file (by real path) already was. */
    private boolean addReal(Set<Path> checked, Path path) {
        Path real = libs.realPathOf(path);
        return checked.add(real != null ? real : path);
    }

    private static String listSome(List<String> items, int max) {
        if (items.size() <= max) return String.join(", ", items);
        return String.join(", ", items.subList(0, max)) + " (and " + (items.size() - max) + " more)";
    }
}
