package io.bpfx.stdlib.pkg;

import io.bpfx.engine.BpfxException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackageManifestTest {

    private static String json() {
        return new String(Packages.archive("snoop", "1.2.3", List.of("tracepoint")).manifest().toJson(),
                StandardCharsets.UTF_8);
    }

    private static String refused(String json) {
        return assertThrows(BpfxException.BadInput.class,
                () -> PackageManifest.parse(json.getBytes(StandardCharsets.UTF_8), "p.bpfx")).getMessage();
    }

    @Test
    void parsesWhatItWrites() {
        PackageManifest m = PackageManifest.parse(json().getBytes(StandardCharsets.UTF_8), "p.bpfx");
        assertEquals("snoop", m.name());
        assertEquals("1.2.3", m.version());
        assertEquals("what snoop shows", m.description());
        assertEquals("snoop.lua", m.script());
        assertEquals(List.of("tracepoint"), m.features());
        assertEquals(List.of(new PackageManifest.Option("-p, --pid", "one process")), m.options());
        assertEquals("snoop.bpf.o", m.objects().get(0).object());
        assertEquals(List.of("snoop.bpf.c", "snoop.bpf.o", "snoop.lua"), List.copyOf(m.entries().keySet()));
        assertEquals(PackageManifest.checksumOf(m.entries()), m.checksum());
    }

    @Test
    void aChangedEntryHashIsAChecksumMismatch() {
        String j = json();
        String h = PackageManifest.sha256("// source\n".getBytes(StandardCharsets.UTF_8));
        String msg = refused(j.replace(h, "0".repeat(64)));
        assertEquals("package p.bpfx: checksum mismatch: the manifest's entries were changed (corrupt or tampered)", msg);
    }

    @Test
    void refusesBadNamesVersionsAndFields() {
        String j = json();
        assertEquals("package p.bpfx: package name \"../x\" is not [a-z0-9_-]", refused(j.replace("\"snoop\"", "\"../x\"")));
        assertEquals("package p.bpfx: version \"1.x\" is not like 1.2.3", refused(j.replace("1.2.3", "1.x")));
        assertTrue(refused(j.replace("\"format\"", "\"shell\" : \"rm -rf /\", \"format\"")).startsWith(
                "package p.bpfx: bpfx-package.json is not a valid manifest: Unrecognized field \"shell\""));
        assertTrue(refused("{").startsWith("package p.bpfx: bpfx-package.json is not a valid manifest"));
        assertEquals("package p.bpfx: manifest format 2 (this bpfx reads 1)", refused(j.replace("\"format\" : 1", "\"format\" : 2")));
    }

    @Test
    void refusesPathsOutsideThePackage() {
        String j = json();
        assertEquals("package p.bpfx: entry \"../snoop.lua\" points outside the package",
                refused(j.replace("\"snoop.lua\" :", "\"../snoop.lua\" :")));
        assertEquals("package p.bpfx: entry \"/etc/passwd\" is not a relative path inside the package",
                refused(j.replace("\"script\" : \"snoop.lua\"", "\"script\" : \"/etc/passwd\"")));
        assertEquals("package p.bpfx: entry \"a/../../x.o\" points outside the package",
                refused(j.replace("\"object\" : \"snoop.bpf.o\"", "\"object\" : \"a/../../x.o\"")));
    }

    @Test
    void entryPathChecks() {
        for (String ok : List.of("a.lua", "sub/a.bpf.o", "x_y-1.2+3.h")) assertEquals(ok, EntryPaths.check("p", ok));
        for (String bad : List.of("", "/abs", "..", "../a", "a/../b", "./a", "a//b", "a\\b", "C:x", ".hidden", "a/",
                "a b", "a\nb", "1/2/3/4/5")) {
            assertThrows(BpfxException.BadInput.class, () -> EntryPaths.check("p", bad), bad);
        }
    }

    @Test
    void versionsCompareByNumbers() {
        PackageManifest m = Packages.archive("s", "1.10", List.of()).manifest();
        assertTrue(m.compareVersion("1.9") > 0);
        assertTrue(m.compareVersion("1.10.1") < 0);
        assertEquals(0, m.compareVersion("1.10.0"));
    }
}
