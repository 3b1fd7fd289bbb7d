/**
 * The machine's BPF, as bpftool sees it — for {@code bpfx doctor/ps/maps/map}, the Lua
 * {@code features()/progs()/maps()/map_by_id()}, the ready-tool catalog and the control
 * plane (what can run here, what is loaded):
 *
 * <ul>
 *   <li>{@link io.bpfx.engine.system.Features#probe()} — every feature probed for real
 *       (tiny programs loaded and attached, PMUs opened, files read), each a
 *       {@link io.bpfx.engine.system.Feature}: yes/no, what the probe saw, what to do.
 *       {@code Features.available("ringbuf")} is the question a catalog asks.</li>
 *   <li>{@link io.bpfx.engine.system.BpfSystem#programs()} / {@code maps()} /
 *       {@code findMap(idOrName)} — every program and map by id, with attach points (links)
 *       and owning processes ({@link io.bpfx.engine.system.Owner}; bpfx's are marked by
 *       their command line).</li>
 *   <li>{@link io.bpfx.engine.system.KernelMap#open(long)} — any map by id as an engine
 *       {@code BpfMap}, typed through the BTF the kernel keeps for it; {@code forEach}
 *       streams entries in fixed chunks.</li>
 *   <li>{@link io.bpfx.engine.system.PlainData} — the same as plain data with bpftool's
 *       field names (JSON, Lua).</li>
 * </ul>
 *
 * Everything here needs root (CAP_SYS_ADMIN to list other processes' objects) and leaves
 * nothing loaded.
 */
package io.bpfx.engine.system;
