package io.bpfx.engine.elf;

import java.nio.file.Path;

/** A validated USDT place: the binary holds {@code sites} notes for provider:name. */
public record UsdtLocation(Path binary, String provider, String name, int sites) {
}
