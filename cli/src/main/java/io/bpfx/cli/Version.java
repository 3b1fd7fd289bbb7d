package io.bpfx.cli;

import picocli.CommandLine;

/** `bpfx --version`: ours, and the libraries we drive. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {
            "bpfx " + (v != null ? v : "0.1.0"),
            "Java " + System.getProperty("java.version") + ", LuaJ 3.0.1 (Lua 5.2), libbpf 1.x over JNA"
        };
    }
}
